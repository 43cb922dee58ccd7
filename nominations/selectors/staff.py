"""Reads for award staff and the selecting official."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q

from nominations.models import Cycle, Nomination
from nominations.states import CycleState, NominationState


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


def other_cycles_in_progress(*, current: Cycle) -> list[Cycle]:
    """The cycles besides `current` that are not archived (a cycle still in panel review
    while the next call is open, say), newest first. One query."""
    return list(
        Cycle.objects.exclude(state=CycleState.ARCHIVED)
        .exclude(pk=current.pk)
        .select_related("program")
        .order_by("-award_year", "-pk")
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


# -- the staff home's action queues ----------------------------------------------------

ACTION_QUEUE_STATES = (
    NominationState.SUBMITTED,
    NominationState.RETURNED,
    NominationState.CLEARED,
)
# The home page lists this many nominations per queue and links to the full queue.
ACTION_QUEUE_SHOWN = 10


@dataclass(frozen=True)
class ActionQueue:
    key: str
    title: str
    nominations: list[Nomination]
    total: int
    query: str  # the queue page's filter for the whole list, as a query string

    @property
    def more(self) -> int:
        return self.total - len(self.nominations)


def staff_action_queues(*, cycle: Cycle, today: date) -> list[ActionQueue]:
    """The nominations waiting for someone, in four queues, from one query.

    Returned nominations whose response date is before `today` (the cycle's local
    date) are overdue; the rest are waiting for the nominator.
    """
    waiting = (
        Nomination.objects.filter(cycle=cycle, state__in=ACTION_QUEUE_STATES)
        .select_related("nominee")
        .order_by("submitted_at", "pk")
    )
    buckets: dict[str, list[Nomination]] = {
        "to_vet": [],
        "returned": [],
        "overdue": [],
        "cleared": [],
    }
    for nomination in waiting:
        if nomination.state == NominationState.SUBMITTED:
            buckets["to_vet"].append(nomination)
        elif nomination.state == NominationState.CLEARED:
            buckets["cleared"].append(nomination)
        elif nomination.info_due_date is not None and nomination.info_due_date < today:
            buckets["overdue"].append(nomination)
        else:
            buckets["returned"].append(nomination)
    definitions = (
        ("to_vet", "To vet", "state=submitted"),
        ("returned", "Returned, waiting for the nominator", "state=returned&overdue=no"),
        ("overdue", "Overdue responses", "state=returned&overdue=yes"),
        ("cleared", "Cleared, waiting for the panel", "state=cleared"),
    )
    return [
        ActionQueue(
            key=key,
            title=title,
            nominations=buckets[key][:ACTION_QUEUE_SHOWN],
            total=len(buckets[key]),
            query=query,
        )
        for key, title, query in definitions
    ]
