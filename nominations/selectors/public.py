"""Reads behind the public pages: the program, its open call and its past recipients."""

from dataclasses import dataclass, field

from django.db.models import CharField, F, OuterRef, Prefetch, Subquery
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from core.models import AuditEvent
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
    """One published recipient: an awarded nomination, or a row of the public record."""

    name: str
    kind: str  # a NomineeKind value
    affiliation: str
    location: str
    short_citation: str
    full_citation: str

    @property
    def detail(self) -> str:
        """What the home page shows after the name: "Truckers Against Trafficking;
        Englewood, CO"."""
        return "; ".join(part for part in (self.affiliation, self.location) if part)


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


def approved_citations() -> Prefetch:
    """Prefetch each nomination's approved citations of both kinds, newest version first,
    into `approved_citations` (one query for any number of nominations)."""
    return Prefetch(
        "citations",
        queryset=Citation.objects.filter(approved_at__isnull=False).order_by("-version"),
        to_attr="approved_citations",
    )


def latest_approved_citation(nomination: Nomination, kind: CitationKind) -> str:
    """The newest approved citation of `kind` ("" for none): a newer version still
    waiting for approval is never published. Needs `approved_citations()`."""
    return next(
        (citation.text for citation in nomination.approved_citations if citation.kind == kind),
        "",
    )


def announced_at() -> Coalesce:
    """When the cycle was announced, as an annotation: its first done audit event that
    moved it to announced (the "cycle.announce" transition, or the import of a cycle
    announced before this system). The cycle keeps no date of its own for it; one put in
    that state without an event is dated by its last change."""
    moved = AuditEvent.objects.filter(
        outcome="done",
        object_type=Cycle._meta.label_lower,
        object_id=Cast(OuterRef("pk"), output_field=CharField()),
        to_state=CycleState.ANNOUNCED,
    ).order_by("pk")
    return Coalesce(Subquery(moved.values("created_at")[:1]), F("updated_at"))


def _location(nominee) -> str:
    return ", ".join(part for part in (nominee.city, nominee.state_or_province) if part)


def past_recipients_by_year(
    *, program: AwardProgram, award_year: int | None = None
) -> list[RecipientYear]:
    """Published recipients, newest year first (only `award_year`'s when given), in four
    queries whatever the data size.

    Years that ran in this system (announced or archived cycles) list their awarded
    nominations in reference order with the latest approved short and full citations;
    earlier years come from the PastRecipient record, unless a published cycle already
    covers that year. A cycle not yet announced (a scheduled announcement included) adds
    nothing: not its year, not its nominations, not their citations.
    """
    awarded = Nomination.objects.filter(
        cycle__program=program,
        cycle__state__in=PUBLISHED_CYCLE_STATES,
        state=NominationState.AWARDED,
    )
    published = Cycle.objects.filter(program=program, state__in=PUBLISHED_CYCLE_STATES)
    past = PastRecipient.objects.filter(program=program)
    if award_year is not None:
        awarded = awarded.filter(cycle__award_year=award_year)
        published = published.filter(award_year=award_year)
        past = past.filter(award_year=award_year)
    years: dict[int, RecipientYear] = {}
    for nomination in (
        awarded.select_related("cycle", "nominee")
        .prefetch_related(approved_citations())
        .order_by("-cycle__award_year", "sequence", "pk")
    ):
        nominee = nomination.nominee
        year = years.setdefault(
            nomination.cycle.award_year,
            RecipientYear(nomination.cycle.award_year, announced_here=True),
        )
        year.recipients.append(
            Recipient(
                name=nominee.display_name,
                kind=nominee.kind,
                # An organization's affiliation field is not part of its published name.
                affiliation=nominee.affiliation if nominee.is_individual else "",
                location=_location(nominee),
                short_citation=latest_approved_citation(nomination, CitationKind.SHORT),
                full_citation=latest_approved_citation(nomination, CitationKind.FULL),
            )
        )
    published_years = set(published.values_list("award_year", flat=True))
    for row in past.exclude(award_year__in=published_years):
        year = years.setdefault(row.award_year, RecipientYear(row.award_year))
        year.recipients.append(
            Recipient(
                name=row.name,
                kind=row.kind,
                affiliation=row.affiliation,
                location=row.location,
                short_citation=row.short_citation,
                full_citation=row.full_citation,
            )
        )
    return [years[award_year] for award_year in sorted(years, reverse=True)]
