"""Reads for award staff's cycle pages."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from core.transitions import blockers_for, transition_label
from nominations.models import Cycle
from nominations.models.cycle import REOPEN_DEADLINE_PASSED
from nominations.selectors.moves import CONFIRMED_MOVES

# The cycle's transitions in workflow order, each with the service the page calls.
CYCLE_ACTIONS = (
    "open",
    "close",
    "reopen",
    "start_review",
    "start_selection",
    "announce",
    "archive",
)


@dataclass(frozen=True)
class CycleAction:
    name: str
    label: str
    blockers: list[str]

    @property
    def confirmed(self) -> bool:
        """Made from its confirmation page, with the "I understand …" box."""
        return self.name in CONFIRMED_MOVES


def cycles_for_staff() -> QuerySet[Cycle]:
    """Every cycle, newest year first, with its program and nomination counts (one query)."""
    return (
        Cycle.objects.select_related("program")
        .annotate(
            submitted_count=Count("nominations", filter=~Q(nominations__state="draft")),
            draft_count=Count("nominations", filter=Q(nominations__state="draft")),
        )
        .order_by("-award_year", "program__name")
    )


def cycle_for_setup(pk: int) -> Cycle:
    """One cycle with its program, rubric and checklist, for the cycle page."""
    return (
        Cycle.objects.select_related("program", "announce_scheduled_by")
        .prefetch_related("rubric_criteria", "checklist_items")
        .get(pk=pk)
    )


def cycle_actions(cycle: Cycle, user) -> list[CycleAction]:
    """The transitions the cycle's state allows and `user` may make, each with the
    reasons it cannot happen yet (empty when it can), in the guards' own words."""
    actions = []
    for name in CYCLE_ACTIONS:
        meta = getattr(cycle, name)._django_fsm
        transition = meta.get_transition(cycle.state)
        if transition is None or not transition.has_perm(cycle, user):
            continue
        blockers = blockers_for(cycle, transition)
        if name == "reopen":
            # Not a blocker where staff reopen: that page asks for the new deadline.
            blockers = [reason for reason in blockers if reason != REOPEN_DEADLINE_PASSED]
        actions.append(
            CycleAction(name=name, label=transition_label(cycle, name), blockers=blockers)
        )
    return actions
