"""Reads for nominators: their own nominations, their history and their printable copy."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import dateformat

from core.models import AuditEvent
from nominations.models import Cycle, CycleState, Nomination, NominationState
from nominations.pdf.nomination_copy import CopySection, NominationCopy
from nominations.states import PUBLIC_STATE_NAMES

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


@dataclass(frozen=True)
class DashboardRow:
    nomination: Nomination
    actions: NominatorActions


EDITABLE_STATES = (NominationState.DRAFT, NominationState.RETURNED)
WITHDRAWABLE_STATES = (NominationState.DRAFT, NominationState.SUBMITTED, NominationState.RETURNED)


def nominator_actions(nomination: Nomination) -> NominatorActions:
    """Reads only the nomination and its cycle: no query when the cycle is loaded."""
    editable = nomination.state in EDITABLE_STATES and not nomination.edit_blockers()
    return NominatorActions(
        can_edit=editable,
        can_withdraw=nomination.state in WITHDRAWABLE_STATES,
        is_response_due=editable and nomination.state == NominationState.RETURNED,
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


@dataclass(frozen=True)
class SummaryRow:
    label: str
    value: str
    field: str


@dataclass(frozen=True)
class SummarySection:
    anchor: str
    heading: str
    rows: list[SummaryRow]


def _date(value) -> str:
    return f"{value:%B} {value.day}, {value.year}" if value else ""


def _chosen(nomination: Nomination, names: tuple[str, ...]) -> str:
    meta = Nomination._meta
    return ", ".join(
        str(meta.get_field(name).verbose_name).capitalize()
        for name in names
        if getattr(nomination, name)
    )


def nomination_summary(*, nomination: Nomination) -> list[SummarySection]:
    """Everything the nominator entered, section by section, as labelled plain text.

    The review page, the read-only view and the PDF copy all show this, so they agree.
    Each row names the form field it comes from, for links back to the form.
    """
    nominee = nomination.nominee
    period = ""
    if nomination.performance_start or nomination.performance_end:
        period = f"{_date(nomination.performance_start) or '…'} to "
        period += _date(nomination.performance_end) or "…"
    if nominee.is_individual:
        nominee_rows = [
            SummaryRow("Honorific", nominee.honorific, "honorific"),
            SummaryRow("Full name", nominee.full_name, "full_name"),
            SummaryRow("Pronoun for the citation", nominee.possessive, "possessive"),
            SummaryRow("Job title", nominee.title, "title"),
            SummaryRow("Organization or affiliation", nominee.affiliation, "affiliation"),
            SummaryRow("Citizenship", nominee.citizenship, "citizenship"),
        ]
    else:
        nominee_rows = [
            SummaryRow("Legal name", nominee.legal_name, "legal_name"),
            SummaryRow("Name on the certificate", nominee.certificate_name, "certificate_name"),
            SummaryRow("EIN", nominee.ein, "ein"),
            SummaryRow("UEI", nominee.uei, "uei"),
            SummaryRow("Website", nominee.website, "website"),
        ]
    return [
        SummarySection(
            "section-nominator",
            "About you",
            [
                SummaryRow("Name", nomination.nominator_name, "nominator_name"),
                SummaryRow("Job title", nomination.nominator_title, "nominator_title"),
                SummaryRow(
                    "Organization or agency",
                    nomination.nominator_organization,
                    "nominator_organization",
                ),
                SummaryRow("Phone", nomination.nominator_phone, "nominator_phone"),
                SummaryRow("Email", nomination.nominator.email, "nominator_name"),
            ],
        ),
        SummarySection(
            "section-nominee",
            "The nominee",
            [
                SummaryRow("Type", nominee.get_kind_display(), "kind"),
                *nominee_rows,
                SummaryRow("City", nominee.city, "city"),
                SummaryRow("State or province", nominee.state_or_province, "state_or_province"),
                SummaryRow("Country", nominee.country, "country"),
                SummaryRow("Contact’s name", nominee.contact_name, "contact_name"),
                SummaryRow("Contact’s email", nominee.contact_email, "contact_email"),
                SummaryRow("Contact’s phone", nominee.contact_phone, "contact_phone"),
            ],
        ),
        SummarySection(
            "section-criteria",
            "Performance and criteria",
            [
                SummaryRow("Performance period", period, "performance_start"),
                SummaryRow(
                    "Criteria",
                    _chosen(
                        nomination,
                        ("criterion_courage", "criterion_sustained", "criterion_innovation"),
                    ),
                    "criterion_courage",
                ),
                SummaryRow(
                    "The 4 Ps",
                    _chosen(
                        nomination,
                        ("p_prosecution", "p_protection", "p_prevention", "p_partnership"),
                    ),
                    "p_prosecution",
                ),
            ],
        ),
        SummarySection(
            "section-case",
            "The case",
            [
                SummaryRow("Summary", nomination.summary, "summary"),
                SummaryRow("Detailed justification", nomination.justification, "justification"),
            ],
        ),
        SummarySection(
            "section-citation",
            "Citation and reviewers",
            [
                SummaryRow(
                    "Suggested citation", nomination.suggested_citation, "suggested_citation"
                ),
                SummaryRow(
                    "People or organizations who should not review it",
                    nomination.excluded_reviewers,
                    "excluded_reviewers",
                ),
            ],
        ),
    ]


def nomination_copy(*, nomination: Nomination, site_name: str) -> NominationCopy:
    """The data of the nominator's PDF copy (see nominations.pdf.nomination_copy)."""
    cycle = nomination.cycle
    submitted = ""
    if nomination.submitted_at:
        local = nomination.submitted_at.astimezone(cycle.zone)
        submitted = dateformat.format(local, "F j, Y, g:i a T")
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
