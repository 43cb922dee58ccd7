"""The open data files: every published recipient, of all years or of one, as JSON and
as CSV at stable addresses, for anyone and without signing in (docs/workflow.md, "Open
data").

What they hold is the public record only (`selection.selectors.open_data`): a year
whose cycle is not announced yet is a 404, like a year that never was, so the files
show nothing of a cycle before its announcement, not even that it exists.
"""

from django.http import Http404, HttpResponse, JsonResponse
from django.urls import path
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views import View

from core.downloads import CSV
from nominations.models import AwardProgram
from nominations.selectors.public import featured_program
from selection.domain.open_data import RecipientRecord, recipients_csv, recipients_document
from selection.selectors.open_data import program_record, recipient_records


def open_to_every_site(response: HttpResponse) -> HttpResponse:
    """Let any site's scripts read the response: public data, asked for without cookies."""
    response["Access-Control-Allow-Origin"] = "*"
    return response


class RecipientData(View):
    """The featured program's published recipients, of the year in the URL when it names
    one (a 404 when that year has none published); a 404 without a program. Subclasses
    write them in their format (`respond`)."""

    def get(self, request, *args, year: int | None = None, **kwargs):
        program = featured_program()
        if program is None:
            raise Http404("No award program.")
        records = recipient_records(program=program, award_year=year)
        if year is not None and not records:
            raise Http404("Nothing has been published for that year.")
        return open_to_every_site(self.respond(program, year, records))


class RecipientsJsonView(RecipientData):
    def respond(
        self, program: AwardProgram, year: int | None, records: list[RecipientRecord]
    ) -> HttpResponse:
        document = recipients_document(
            program=program_record(program), records=records, generated_at=timezone.now()
        )
        # UTF-8 as written ("’", not "\u2019"), indented so that it reads in a browser.
        return JsonResponse(document, json_dumps_params={"ensure_ascii": False, "indent": 2})


class RecipientsCsvView(RecipientData):
    def respond(
        self, program: AwardProgram, year: int | None, records: list[RecipientRecord]
    ) -> HttpResponse:
        response = HttpResponse(recipients_csv(records), content_type=CSV)
        of_year = "" if year is None else f"-{year}"
        filename = f"recipients-{program.reference_prefix.lower()}{of_year}.csv"
        response["Content-Disposition"] = content_disposition_header(True, filename)
        return response


urlpatterns: list = [
    path("data/recipients.json", RecipientsJsonView.as_view(), name="recipients_json"),
    path("data/recipients.csv", RecipientsCsvView.as_view(), name="recipients_csv"),
    path(
        "data/recipients/<int:year>.json",
        RecipientsJsonView.as_view(),
        name="recipients_year_json",
    ),
    path(
        "data/recipients/<int:year>.csv",
        RecipientsCsvView.as_view(),
        name="recipients_year_csv",
    ),
]
