"""The panel's half of "ready to start review" (the cycle's own half is
`Cycle.start_review_blockers`; nominations/cycle_moves.py joins them)."""

from nominations.models import Cycle
from nominations.states import NominationState
from reviews.models import Assignment, PanelMember
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
