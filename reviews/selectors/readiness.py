"""The panel's half of "ready to start review" (the cycle's own half is
`Cycle.start_review_blockers`; nominations/cycle_moves.py joins them)."""

from django.template.defaultfilters import pluralize
from django.utils.formats import date_format

from nominations.models import Cycle
from nominations.states import NominationState
from reviews.models import Assignment, Panel, PanelMember
from reviews.selectors.live import live_assignment


def panel_start_blockers(cycle: Cycle) -> list[str]:
    """Why the panel cannot start reviewing `cycle`: no panelist has signed the
    attestation, or a cleared nomination has no live assignment (a panelist who can score
    it). Two or three queries whatever the size of the cycle."""
    reasons = []
    if not PanelMember.objects.filter(
        panel__cycle=cycle, removed_at__isnull=True, attested_at__isnull=False
    ).exists():
        reasons.append("the panel has no panelist who has signed the attestation")
    scoring = Assignment.objects.filter(live_assignment(), nomination__cycle=cycle)
    unassigned = cycle.nominations.filter(state=NominationState.CLEARED).exclude(
        pk__in=scoring.values("nomination")
    )
    if unassigned.exists():
        reasons.append("some cleared nominations have no panelist assigned who can score them")
    return reasons


def panel_start_consequences(cycle: Cycle, actor=None) -> list[str]:
    """What starting review means for the panel, for the move's confirmation page: how
    many panelists score how many assignments, and by when."""
    scoring = Assignment.objects.filter(
        live_assignment(), nomination__cycle=cycle, nomination__state=NominationState.CLEARED
    )
    assignments = scoring.count()
    panelists = scoring.values("member").distinct().count()
    due = Panel.objects.filter(cycle=cycle).values_list("review_due", flat=True).first()
    when = f"; reviews are due {date_format(due, 'F j, Y')}" if due else ""
    return [
        f"{panelists} panelist{pluralize(panelists)} can open and score "
        f"{assignments} assignment{pluralize(assignments)}{when}."
    ]
