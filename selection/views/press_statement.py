"""The press statement that announces a cycle's recipients: staff edit it, as a page,
text and PDF, and the public reads it once the cycle is announced.

Staff see and edit a cycle's statement in any state. The public sees it, by award year,
only once the cycle is announced: before that every public address is a 404, so nothing
(not even whether a statement exists) shows through the embargo.
"""

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.views import View
from django.views.generic import FormView, TemplateView

from accounts.roles import Role
from core.access import StaffOnly
from core.downloads import PDF, TEXT, download
from core.exceptions import InvalidInput, WorkflowError
from core.services.audit import audit_record
from nominations.models import Cycle
from nominations.states import ON_SLATE_STATES, NominationState
from nominations.views.parties import refuse_a_party
from selection.domain.press_statement import statement_text
from selection.forms.press_statement import PressStatementForm
from selection.pdf.press_statement import PressStatementPdf, render_press_statement
from selection.selectors.open_data import announcement_structured_data
from selection.selectors.press_statement import (
    StatementDraft,
    cycle_for_press_statement,
    press_statement_or_defaults,
    published_cycle_for_year,
    statement_for,
)
from selection.services.press_statement import press_statement_update

PUBLISHED_RECIPIENT_STATES = (NominationState.AWARDED,)


# A party to any of these may not see the draft statement: refusing only the selected
# would tell them, before the announcement, whether theirs was.
PARTY_REFUSED_STATES = ON_SLATE_STATES | {NominationState.AWARDED}


class StaffCycleMixin(StaffOnly):
    """The cycle named in the URL, for award staff; a 404 when there is none."""

    def dispatch(self, request, *args, **kwargs):
        # The role check comes first, so that strangers learn nothing about cycles.
        if not self.test_func():
            return self.handle_no_permission()
        self.cycle = cycle_for_press_statement(pk=kwargs["pk"])
        if self.cycle is None:
            raise Http404("No such cycle.")
        refuse_a_party(
            request,
            # Any nomination on the slate: refusing only the selected would tell a party
            # whether theirs was, before the announcement.
            nominations=self.cycle.nominations.filter(
                state__in=ON_SLATE_STATES | {NominationState.AWARDED}
            ),
            obj=self.cycle,
            what="announcement",
        )
        return super().dispatch(request, *args, **kwargs)

    def draft(self) -> StatementDraft:
        return statement_for(self.cycle)


class PublishedCycleMixin:
    """The featured program's cycle for the year in the URL, once announced; else 404."""

    def dispatch(self, request, *args, **kwargs):
        self.cycle = published_cycle_for_year(award_year=kwargs["year"])
        if self.cycle is None:
            raise Http404("No announcement for that year.")
        return super().dispatch(request, *args, **kwargs)

    def draft(self) -> StatementDraft:
        return statement_for(self.cycle, states=PUBLISHED_RECIPIENT_STATES)


def _filename(cycle: Cycle, extension: str) -> str:
    return f"announcement-{cycle.program.reference_prefix.lower()}-{cycle.award_year}.{extension}"


class TextExport:
    def get(self, request, *args, **kwargs):
        return download(
            statement_text(self.draft().statement),
            filename=_filename(self.cycle, "txt"),
            content_type=TEXT,
        )


class PdfExport:
    def get(self, request, *args, **kwargs):
        statement = self.draft().statement
        cycle = self.cycle
        pdf = render_press_statement(
            PressStatementPdf(
                statement=statement,
                title=statement.headline or f"{cycle.award_year} {cycle.program.name}",
                subject=f"Press statement: the {cycle.award_year} {cycle.program.name}",
                author=statement.signatory or cycle.program.name,
            )
        )
        return download(pdf, filename=_filename(cycle, "pdf"), content_type=PDF)


class PressStatementView(StaffCycleMixin, FormView):
    """The statement as it will read, with the form for staff's parts of it."""

    template_name = "selection/press_statement.html"
    form_class = PressStatementForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": press_statement_or_defaults(self.cycle)}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "cycle": self.cycle, "draft": self.draft()}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            press_statement_update(
                cycle=self.cycle,
                actor=self.request.user,
                statement_date=data["statement_date"],
                headline=data["headline"],
                context_paragraph=data["context_paragraph"],
                meeting_sentence=data["meeting_sentence"],
                commitments=data["commitments"],
                closing_sentence=data["closing_sentence"],
                third_person=data["third_person"],
            )
        except InvalidInput as error:
            form.add_error("third_person" if data["third_person"] else None, error.message)
            return self.form_invalid(form)
        except WorkflowError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, "The announcement is saved.")
        return HttpResponseRedirect(reverse("selection:press_statement", args=[self.cycle.pk]))


class AuditedExport:
    """Staff exports of the statement are audited: before the announcement it is
    embargoed, and an export is a privileged action (DESIGN.md §2.7)."""

    export_format = ""

    def get(self, request, *args, **kwargs):
        audit_record(
            action="announcement.export",
            actor=request.user,
            obj=self.cycle,
            data={"format": self.export_format},
            role=Role.AWARD_STAFF,
        )
        return super().get(request, *args, **kwargs)


class PressStatementTextView(StaffCycleMixin, AuditedExport, TextExport, View):
    export_format = "txt"


class PressStatementPdfView(StaffCycleMixin, AuditedExport, PdfExport, View):
    export_format = "pdf"


class PublicPressStatementView(PublishedCycleMixin, TemplateView):
    template_name = "selection/press_statement_public.html"

    def get_context_data(self, **kwargs):
        draft = self.draft()
        return {
            **super().get_context_data(**kwargs),
            "cycle": self.cycle,
            "draft": draft,
            "structured_data": announcement_structured_data(self.cycle, draft),
        }


class PublicPressStatementTextView(PublishedCycleMixin, TextExport, View):
    pass


class PublicPressStatementPdfView(PublishedCycleMixin, PdfExport, View):
    pass


urlpatterns: list = [
    path(
        "staff/cycles/<int:pk>/announcement/",
        PressStatementView.as_view(),
        name="press_statement",
    ),
    path(
        "staff/cycles/<int:pk>/announcement.txt",
        PressStatementTextView.as_view(),
        name="press_statement_text",
    ),
    path(
        "staff/cycles/<int:pk>/announcement.pdf",
        PressStatementPdfView.as_view(),
        name="press_statement_pdf",
    ),
    path(
        "announcements/<int:year>/",
        PublicPressStatementView.as_view(),
        name="press_statement_public",
    ),
    path(
        "announcements/<int:year>/announcement.txt",
        PublicPressStatementTextView.as_view(),
        name="press_statement_public_text",
    ),
    path(
        "announcements/<int:year>/announcement.pdf",
        PublicPressStatementPdfView.as_view(),
        name="press_statement_public_pdf",
    ),
]
