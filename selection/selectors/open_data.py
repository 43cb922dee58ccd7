"""Reads behind the open data (docs/workflow.md, "Open data"): the recipients' records
for the data files and the recipients page, the published announcements for the Atom
feed, and the pages' structured data.

Only the public record is read: cycles announced or archived (`PUBLISHED_CYCLE_STATES`;
a scheduled announcement publishes nothing until `announce_scheduled` has made it), their
awarded nominations with the latest approved citations, and the PastRecipient rows of the
years before this system, by `past_recipients_by_year`'s rules.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse

from nominations.models import AwardProgram, Cycle, Nomination
from nominations.selectors.public import (
    PUBLISHED_CYCLE_STATES,
    RecipientYear,
    announced_at,
    approved_short_citations,
    past_recipients_by_year,
)
from nominations.states import NominationState
from selection.domain.open_data import ProgramRecord, RecipientRecord
from selection.domain.press_statement import AwardRecipient
from selection.domain.structured_data import (
    Honoree,
    announcement_json_ld,
    recipients_json_ld,
)
from selection.selectors.press_statement import (
    CITATION_PENDING,
    StatementDraft,
    award_recipient,
    press_statement_or_defaults,
    statement_from,
)


def public_address(url_name: str, *args) -> str:
    """The absolute address of a public page (AWARDS_SITE_URL and the path): the data
    files and the feed name pages by it, wherever they are read."""
    return settings.AWARDS_SITE_URL.rstrip("/") + reverse(url_name, args=args)


def program_record(program: AwardProgram) -> ProgramRecord:
    return ProgramRecord(
        name=program.name,
        short_name=program.short_name,
        statute=program.statute,
        url=public_address("nominations:home"),
    )


def award_name(award_year: int, program: AwardProgram) -> str:
    """ "2022 Presidential Award for …": the award a recipient of that year holds."""
    return f"{award_year} {program.name}"


def recipient_records(
    *, program: AwardProgram, award_year: int | None = None
) -> list[RecipientRecord]:
    """Every published recipient as the data files list them, newest year first and in
    the published order within a year (only `award_year`'s when given); four queries."""
    records = []
    for year in past_recipients_by_year(program=program, award_year=award_year):
        announcement_url = (
            public_address("selection:press_statement_public", year.award_year)
            if year.announced_here
            else ""
        )
        records += [
            RecipientRecord(
                award_year=year.award_year,
                program=program.name,
                name=recipient.name,
                kind=recipient.kind,
                affiliation=recipient.affiliation,
                location=recipient.location,
                short_citation=recipient.short_citation,
                full_citation=recipient.full_citation,
                announcement_url=announcement_url,
            )
            for recipient in year.recipients
        ]
    return records


@dataclass(frozen=True)
class PublishedAnnouncement:
    """One entry of the announcement feed."""

    award_year: int
    title: str
    url: str
    announced_at: dt.datetime
    award_paragraph: str
    signatory: str


def published_announcements(*, program: AwardProgram) -> list[PublishedAnnouncement]:
    """The program's announced and archived cycles' statements, newest year first, each
    titled by its headline (or "<year> <program>"), dated by its announcement and
    summarized by its award paragraph. Three queries whatever the number of cycles and
    recipients: the cycles with program, announcement and announcement moment, their
    awarded nominations with nominees, and those nominations' approved short citations."""
    cycles = list(
        Cycle.objects.filter(program=program, state__in=PUBLISHED_CYCLE_STATES)
        .select_related("program", "announcement")
        .annotate(announced_at=announced_at())
        .order_by("-award_year")
    )
    recipients: dict[int, list[AwardRecipient]] = defaultdict(list)
    for nomination in (
        Nomination.objects.filter(cycle__in=cycles, state=NominationState.AWARDED)
        .select_related("nominee")
        .prefetch_related(approved_short_citations())
        .order_by("sequence", "pk")
    ):
        recipients[nomination.cycle_id].append(award_recipient(nomination))
    entries = []
    for cycle in cycles:
        statement = statement_from(
            cycle, press_statement_or_defaults(cycle), recipients[cycle.pk], []
        ).statement
        entries.append(
            PublishedAnnouncement(
                award_year=cycle.award_year,
                title=statement.headline or award_name(cycle.award_year, cycle.program),
                url=public_address("selection:press_statement_public", cycle.award_year),
                announced_at=cycle.announced_at,
                award_paragraph=statement.award_paragraph,
                signatory=statement.signatory,
            )
        )
    return entries


def announcement_structured_data(cycle: Cycle, draft: StatementDraft) -> dict:
    """The public announcement page's JSON-LD; `cycle` from `published_cycle_for_year`
    (it carries `announced_at`), `draft` its public statement. No query."""
    program = cycle.program
    statement = draft.statement
    author_name, author_title = cycle.effective_signatory()
    return announcement_json_ld(
        headline=statement.headline or award_name(cycle.award_year, program),
        url=public_address("selection:press_statement_public", cycle.award_year),
        published=cycle.announced_at,
        summary=statement.award_paragraph,
        award=award_name(cycle.award_year, program),
        honorees=[
            Honoree(
                kind=recipient.kind,
                name=recipient.display_name,
                # Never the placeholder the staff page shows for a missing citation.
                citation="" if recipient.citation == CITATION_PENDING else recipient.citation,
                job_title=recipient.title if recipient.is_individual else "",
                affiliation=recipient.affiliation if recipient.is_individual else "",
            )
            for recipient in draft.recipients
        ],
        publisher_name=settings.AWARDS_SITE_NAME,
        publisher_url=public_address("nominations:home"),
        author_name=author_name,
        author_title=author_title,
    )


def recipients_structured_data(program: AwardProgram, year: RecipientYear) -> dict:
    """A year's recipients page's JSON-LD: each recipient with its full citation (the
    short one where the record has no full one). No query."""
    return recipients_json_ld(
        name=f"{award_name(year.award_year, program)}: recipients",
        url=public_address("selection:recipients_public", year.award_year),
        award=award_name(year.award_year, program),
        honorees=[
            Honoree(
                kind=recipient.kind,
                name=recipient.name,
                citation=recipient.full_citation or recipient.short_citation,
                affiliation=recipient.affiliation,
                location=recipient.location,
            )
            for recipient in year.recipients
        ],
    )
