"""Reads for award staff and the selecting official."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from nominations.models import Cycle, CycleState, Nomination, NominationState


@dataclass(frozen=True)
class StateCount:
    state: str
    label: str
    count: int


def current_cycle() -> Cycle | None:
    """The newest cycle that is not archived: the one staff are working on."""
    return (
        Cycle.objects.exclude(state=CycleState.ARCHIVED)
        .select_related("program")
        .order_by("-award_year", "-pk")
        .first()
    )


def nomination_counts_by_state(*, cycle: Cycle) -> list[StateCount]:
    """How many of the cycle's nominations are in each state, every state listed.

    One aggregate query, whatever the number of nominations.
    """
    totals = Nomination.objects.filter(cycle=cycle).aggregate(
        **{state.value: Count("pk", filter=Q(state=state.value)) for state in NominationState}
    )
    return [
        StateCount(state=state.value, label=state.label, count=totals[state.value])
        for state in NominationState
    ]


def cycle_in_selection() -> Cycle | None:
    """The cycle whose slate is with the selecting official, if any."""
    return (
        Cycle.objects.filter(state=CycleState.SELECTION)
        .select_related("program")
        .order_by("-award_year")
        .first()
    )


def shortlisted_nominations(*, cycle: Cycle) -> QuerySet[Nomination]:
    """The slate: the cycle's shortlisted nominations, in reference order."""
    return (
        Nomination.objects.filter(cycle=cycle, state=NominationState.SHORTLISTED)
        .select_related("nominee")
        .order_by("sequence", "pk")
    )
