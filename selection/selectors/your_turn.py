"""The selection floor's part of the "Your turn" sections (`core.your_turn`).

- The selecting official's home: each slate waiting for their decision. One query.
- The staff home: each signed selection whose cycle is not announced yet (citations to
  write and approve, then announce). One query.
"""

from django.db.models import Count, Q
from django.urls import reverse

from core.your_turn import TurnItem, plural
from nominations import rules
from nominations.models import Cycle
from nominations.states import CycleState, NominationState


def official_turn_items(user) -> list[TurnItem]:
    """A slate waits for the official while its cycle is in selection with nominations
    still on it (a signed decision moves every one of them on)."""
    if not rules.is_selecting_official(user):
        return []
    cycles = (
        Cycle.objects.filter(state=CycleState.SELECTION)
        .select_related("program")
        .annotate(
            slate=Count("nominations", filter=Q(nominations__state=NominationState.SHORTLISTED))
        )
        .filter(slate__gt=0)
        .order_by("-award_year", "-pk")
    )
    return [
        TurnItem(
            key=f"slate-{cycle.pk}",
            text=plural(cycle.slate, "nomination", "nominations")
            + f" on the {cycle.program.short_name} {cycle.award_year} slate to decide",
            count=cycle.slate,
            url=reverse("selection:selection_cycle", args=[cycle.pk]),
            order=10,
        )
        for cycle in cycles
    ]


def staff_turn_items(user) -> list[TurnItem]:
    """Signed selections not yet announced: citations to finish, then announce."""
    if not rules.is_award_staff(user):
        return []
    cycles = (
        Cycle.objects.filter(state=CycleState.SELECTION, decision__isnull=False)
        .select_related("program", "decision")
        .order_by("-award_year", "-pk")
    )
    return [
        TurnItem(
            key=f"signed-{cycle.pk}",
            text=plural(len(cycle.decision.selected), "recipient", "recipients")
            + f" selected for {cycle.program.short_name} {cycle.award_year}: "
            "citations to write and approve, then announce",
            count=len(cycle.decision.selected),
            url=reverse("selection:cycle_citations", args=[cycle.pk]),
            order=60,
        )
        for cycle in cycles
    ]


__all__ = ["official_turn_items", "staff_turn_items"]
