"""Reads for award staff and the selecting official."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, Q
from django.utils import timezone

from nominations.models import Cycle, Nomination
from nominations.states import IN_PROGRESS_CYCLE_STATES, NominationState


@dataclass(frozen=True)
class StateCount:
    state: str
    label: str
    count: int


def cycles_in_progress() -> list[Cycle]:
    """The cycles in progress (set-up to selection), newest first: the "current" ones.
    One query."""
    return list(
        Cycle.objects.filter(state__in=IN_PROGRESS_CYCLE_STATES)
        .select_related("program")
        .order_by("-award_year", "-pk")
    )


def current_cycle() -> Cycle | None:
    """The newest cycle in progress: the one a page shows when none is chosen."""
    return (
        Cycle.objects.filter(state__in=IN_PROGRESS_CYCLE_STATES)
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
    return _action_queues(waiting, today=today)


def _action_queues(waiting, *, today: date) -> list[ActionQueue]:
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


# -- the staff home, one section per cycle in progress ----------------------------------


@dataclass(frozen=True)
class CycleHome:
    cycle: Cycle
    state_counts: list[StateCount]
    action_queues: list[ActionQueue]


def staff_home_cycles(*, cycles: list[Cycle], now: datetime) -> list[CycleHome]:
    """Each cycle's nominations by state and its action queues (each cycle's "today" in
    its own zone), in two queries whatever the number of cycles and nominations."""
    pks = [cycle.pk for cycle in cycles]
    counts: dict[int, dict[str, int]] = {pk: {} for pk in pks}
    rows = (
        Nomination.objects.filter(cycle__in=pks)
        .values_list("cycle", "state")
        .annotate(count=Count("pk"))
        .order_by()
    )
    for cycle_pk, state, count in rows:
        counts[cycle_pk][state] = count
    waiting: dict[int, list[Nomination]] = {pk: [] for pk in pks}
    for nomination in (
        Nomination.objects.filter(cycle__in=pks, state__in=ACTION_QUEUE_STATES)
        .select_related("nominee")
        .order_by("submitted_at", "pk")
    ):
        waiting[nomination.cycle_id].append(nomination)
    return [
        CycleHome(
            cycle=cycle,
            state_counts=[
                StateCount(
                    state=state.value, label=state.label, count=counts[cycle.pk].get(state, 0)
                )
                for state in NominationState
            ],
            action_queues=_action_queues(
                waiting[cycle.pk], today=timezone.localdate(now, timezone=cycle.zone)
            ),
        )
        for cycle in cycles
    ]
