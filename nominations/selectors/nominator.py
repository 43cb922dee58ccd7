"""Reads for nominators: their own nominations, their history and their printable copy."""

from dataclasses import dataclass

from django.db.models import QuerySet

from core.models import AuditEvent
from core.moments import moment_in
from nominations.domain.fields import (
    INDIVIDUAL,
    NOMINATOR,
    ORGANIZATION,
    SECTIONS,
    Field,
    Record,
    Shown,
    SummaryRow,
    SummarySection,
    summary_rows,
)
from nominations.models import Cycle, Nomination, Nominee
from nominations.pdf.nomination_copy import CopySection, NominationCopy
from nominations.states import PUBLIC_STATE_NAMES, CycleState, NominationState

# The audit actions a nominator may see in their nomination's history, in their words.
# Staff-internal steps (clearing, the panel, the slate, the selecting official's decision)
# are left out: they would reveal an outcome before the announcement.
PUBLIC_HISTORY_ACTIONS = {
    "nomination.create": "Draft started",
    "nomination.submit": "Submitted",
    "nomination.start_vetting": "Review started",
    "nomination.return_for_info": "More information requested",
    "nomination.resubmit": "Requested information sent",
    "nomination.withdraw": "Withdrawn",
    "nomination.mark_ineligible": "Found not eligible",
    "nomination.award": "Awarded",
}
# Whose note the nominator sees: staff's message or reason addressed to them, and their own.
PUBLIC_NOTE_ACTIONS = {
    "nomination.return_for_info",
    "nomination.withdraw",
    "nomination.mark_ineligible",
}


@dataclass(frozen=True)
class HistoryEntry:
    when: object
    label: str
    state_name: str
    note: str


def nominations_for_nominator(*, user) -> QuerySet[Nomination]:
    """The user's nominations, the one they saved most recently first (their own saves
    only: an order that moved with staff's actions would reveal them).

    The cycle and nominee come in the same query: the list shows the nominee's name and
    public_state_name() reads the cycle's state.
    """
    return (
        Nomination.objects.filter(nominator=user)
        .select_related("cycle", "nominee")
        .order_by("-saved_at", "-pk")
    )


@dataclass(frozen=True)
class NominatorActions:
    """What the nominator can do with a nomination now: the dashboard's next actions."""

    can_edit: bool
    can_withdraw: bool
    is_response_due: bool
    # A draft (never submitted) is deleted rather than withdrawn.
    can_delete: bool = False


@dataclass(frozen=True)
class DashboardRow:
    nomination: Nomination
    actions: NominatorActions


EDITABLE_STATES = (NominationState.DRAFT, NominationState.RETURNED)
# The nominator withdraws what they submitted; a draft is deleted instead. (The model's
# withdraw transition still accepts a draft, as DESIGN.md §2.2 has it; no page offers it.)
WITHDRAWABLE_STATES = (NominationState.SUBMITTED, NominationState.RETURNED)


def nominator_actions(nomination: Nomination) -> NominatorActions:
    """Reads only the nomination and its cycle: no query when the cycle is loaded."""
    editable = nomination.state in EDITABLE_STATES and not nomination.edit_blockers()
    return NominatorActions(
        can_edit=editable,
        can_withdraw=nomination.state in WITHDRAWABLE_STATES,
        is_response_due=editable and nomination.state == NominationState.RETURNED,
        can_delete=nomination.state == NominationState.DRAFT,
    )


def dashboard_rows(*, user) -> list[DashboardRow]:
    """My nominations: each of the user's nominations with its next actions, one query."""
    return [
        DashboardRow(nomination, nominator_actions(nomination))
        for nomination in nominations_for_nominator(user=user)
    ]


def cycles_taking_nominations() -> list[Cycle]:
    """Open cycles whose window is open now, for the "Start a nomination" buttons."""
    cycles = Cycle.objects.filter(state=CycleState.OPEN).select_related("program")
    return [cycle for cycle in cycles.order_by("-award_year") if cycle.accepts_submissions()]


# What starting a draft fills in from the account, not typed by the nominator.
FILLED_IN_AT_START = frozenset({"nominator_name"})


def untouched_draft(*, user, cycle: Cycle) -> Nomination | None:
    """The user's newest draft in `cycle` that holds nothing but what starting it filled
    in (no field typed, no file, no letter requested), or None.

    "Start a nomination" by link (`NominationStartLinkView`) opens this one rather than
    adding another empty draft, so following the link twice, or again after signing in,
    leaves one draft. Two queries at most.
    """
    candidates = (
        Nomination.objects.filter(
            nominator=user,
            cycle=cycle,
            state=NominationState.DRAFT,
            attachments__isnull=True,
            endorsement_requests__isnull=True,
        )
        .select_related("cycle__program", "nominee")
        .order_by("-pk")[:5]
    )
    fresh = Nomination(nominee=Nominee()).entered_values()
    for nomination in candidates:
        values = nomination.entered_values()
        if all(values[name] == fresh[name] for name in fresh if name not in FILLED_IN_AT_START):
            return nomination
    return None


def nomination_by_pk(*, pk: int) -> Nomination | None:
    """One nomination with what its pages read (cycle, program, nominee, nominator)."""
    return (
        Nomination.objects.select_related("cycle__program", "nominee", "nominator")
        .filter(pk=pk)
        .first()
    )


def nomination_public_history(*, nomination: Nomination) -> list[HistoryEntry]:
    """What happened to the nomination, oldest first, as the nominator may see it."""
    decided = nomination.cycle.state in (CycleState.ANNOUNCED, CycleState.ARCHIVED)
    events = AuditEvent.objects.filter(
        object_type=Nomination._meta.label_lower,
        object_id=str(nomination.pk),
        outcome="done",
        action__in=PUBLIC_HISTORY_ACTIONS,
    ).order_by("created_at", "pk")
    entries = []
    for event in events:
        if event.action == "nomination.award" and not decided:
            continue
        entries.append(
            HistoryEntry(
                when=event.created_at,
                label=PUBLIC_HISTORY_ACTIONS[event.action],
                state_name=PUBLIC_STATE_NAMES.get(event.to_state, ""),
                note=event.note if event.action in PUBLIC_NOTE_ACTIONS else "",
            )
        )
    return entries


def _date(value) -> str:
    return f"{value:%B} {value.day}, {value.year}" if value else ""


def nomination_summary(*, nomination: Nomination) -> list[SummarySection]:
    """Everything the nominator entered, section by section, as labelled plain text.

    The review page, the read-only view and the PDF copy all show this, so they agree,
    and the panel's scoring page shows it too (`reviews.selectors.scoring`). The rows are
    the fields of `nominations.domain.fields`; each names the form field it comes from,
    for links back to the form.
    """
    nominee = nomination.nominee
    kind = INDIVIDUAL if nominee.is_individual else ORGANIZATION
    values = nomination.entered_values()
    sections = []
    for section in SECTIONS:
        rows = [
            SummaryRow(label, _shown(nomination, fields, values), fields[0].name)
            for label, fields in summary_rows(section.anchor, kind=kind)
        ]
        if section.anchor == NOMINATOR:
            # Not a field of the form: the account's address, where we write to them.
            rows.append(SummaryRow("Email", nomination.nominator.email, "nominator_name"))
        sections.append(SummarySection(section.anchor, section.heading, rows))
    return sections


def _shown(nomination: Nomination, fields: tuple[Field, ...], values: dict) -> str:
    """One summary row's text (`nominations.domain.fields.Shown`)."""
    first = fields[0]
    if first.shown == Shown.PERIOD:
        start, end = (values[field.name] for field in fields)
        return f"{_date(start) or '…'} to {_date(end) or '…'}" if start or end else ""
    if first.shown == Shown.TICKED:
        return ", ".join(field.label for field in fields if values[field.name])
    if first.shown == Shown.CHOICE:
        record = nomination.nominee if first.record == Record.NOMINEE else nomination
        return getattr(record, f"get_{first.name}_display")()
    return values[first.name]


def nomination_copy(*, nomination: Nomination, site_name: str) -> NominationCopy:
    """The data of the nominator's PDF copy (see nominations.pdf.nomination_copy)."""
    cycle = nomination.cycle
    submitted = moment_in(nomination.submitted_at, cycle.zone) if nomination.submitted_at else ""
    return NominationCopy(
        title=f"Nomination {nomination.reference}: {nomination.nominee.display_name}",
        subtitle=f"{cycle.award_year} {cycle.program.name}",
        reference=nomination.reference or "",
        submitted=submitted,
        author=site_name,
        sections=[
            CopySection(section.heading, [(row.label, row.value) for row in section.rows])
            for section in nomination_summary(nomination=nomination)
        ],
        footer=(
            "Your copy of the nomination as you submitted it. Keep it for your records and "
            "quote the reference number if you write to us about it."
        ),
    )
