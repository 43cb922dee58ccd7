"""Reads behind the public pages: the program, its open call and its past recipients."""

from dataclasses import dataclass, field

from django.db.models import F, Prefetch
from django.utils import timezone

from nominations.models import (
    AwardProgram,
    Citation,
    CitationKind,
    Cycle,
    Nomination,
    PastRecipient,
)
from nominations.states import CycleState, NominationState

PUBLISHED_CYCLE_STATES = (CycleState.ANNOUNCED, CycleState.ARCHIVED)


@dataclass(frozen=True)
class Recipient:
    name: str
    detail: str
    short_citation: str


@dataclass
class RecipientYear:
    award_year: int
    recipients: list[Recipient] = field(default_factory=list)
    announced_here: bool = False  # ran in this system, so its announcement is published


def featured_program() -> AwardProgram | None:
    """The program the home page presents: the first one set up."""
    return AwardProgram.objects.order_by("pk").first()


def open_cycles(*, program: AwardProgram) -> list[Cycle]:
    """Every cycle of the program that is open for nominations, soonest deadline first
    (the call closing next leads), each with `accepting` (nominations can be submitted
    now) and `not_yet_open`. One query."""
    now = timezone.now()
    cycles = list(
        Cycle.objects.filter(program=program, state=CycleState.OPEN).order_by(
            F("deadline").asc(nulls_last=True), "-award_year"
        )
    )
    for cycle in cycles:
        # Open in name only once the deadline has passed: staff have not closed it yet.
        cycle.accepting = cycle.accepts_submissions(now)
        cycle.not_yet_open = cycle.opens_at is not None and now < cycle.opens_at
    return cycles


def cycle_to_nominate_in(*, pk: int) -> Cycle | None:
    """A cycle, with its program, whose call is public (past set-up), or None: a cycle
    still being set up is not named to anyone outside staff, not even by a refusal."""
    return (
        Cycle.objects.exclude(state=CycleState.SETUP)
        .select_related("program")
        .filter(pk=pk)
        .first()
    )


def cycle_for_call(*, pk: int) -> Cycle | None:
    """A cycle whose call for nominations may be shown: any cycle past set-up, with its
    program and rubric criteria (the call lists them)."""
    return (
        Cycle.objects.exclude(state=CycleState.SETUP)
        .select_related("program")
        .prefetch_related("rubric_criteria")
        .filter(pk=pk)
        .first()
    )


def approved_short_citations() -> Prefetch:
    """Prefetch each nomination's approved short citations, newest version first, into
    `approved_short_citations` (one query for any number of nominations)."""
    return Prefetch(
        "citations",
        queryset=Citation.objects.filter(
            kind=CitationKind.SHORT, approved_at__isnull=False
        ).order_by("-version"),
        to_attr="approved_short_citations",
    )


def latest_approved_short_citation(nomination: Nomination) -> str:
    """The newest approved short citation's text ("" for none); needs the prefetch above."""
    citations = nomination.approved_short_citations
    return citations[0].text if citations else ""


def _nominee_detail(nominee) -> str:
    place = ", ".join(part for part in (nominee.city, nominee.state_or_province) if part)
    parts = [nominee.affiliation if nominee.is_individual else "", place]
    return "; ".join(part for part in parts if part)


def past_recipients_by_year(*, program: AwardProgram) -> list[RecipientYear]:
    """Published recipients, newest year first, in three queries whatever the data size.

    Years that ran in this system (announced or archived cycles) list their awarded
    nominations with the latest approved short citation; earlier years come from the
    PastRecipient record, unless a published cycle already covers that year.
    """
    awarded = (
        Nomination.objects.filter(
            cycle__program=program,
            cycle__state__in=PUBLISHED_CYCLE_STATES,
            state=NominationState.AWARDED,
        )
        .select_related("cycle", "nominee")
        .prefetch_related(approved_short_citations())
        .order_by("-cycle__award_year", "sequence", "pk")
    )
    years: dict[int, RecipientYear] = {}
    for nomination in awarded:
        year = years.setdefault(
            nomination.cycle.award_year,
            RecipientYear(nomination.cycle.award_year, announced_here=True),
        )
        year.recipients.append(
            Recipient(
                name=nomination.nominee.display_name,
                detail=_nominee_detail(nomination.nominee),
                short_citation=latest_approved_short_citation(nomination),
            )
        )
    published_years = set(
        Cycle.objects.filter(program=program, state__in=PUBLISHED_CYCLE_STATES).values_list(
            "award_year", flat=True
        )
    )
    for past in PastRecipient.objects.filter(program=program).exclude(
        award_year__in=published_years
    ):
        year = years.setdefault(past.award_year, RecipientYear(past.award_year))
        detail = "; ".join(part for part in (past.affiliation, past.location) if part)
        year.recipients.append(
            Recipient(name=past.name, detail=detail, short_citation=past.short_citation)
        )
    return [years[award_year] for award_year in sorted(years, reverse=True)]
