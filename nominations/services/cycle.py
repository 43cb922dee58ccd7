"""One service per transition of the cycle state machine (DESIGN.md §2.1).

Each checks the state, the actor's permission and the guards, saves the new state in a
transaction with exactly one audit event ("cycle.<action>"), and raises a
`nominations.exceptions.WorkflowError` without changing anything when it cannot.
Cycle moves send no email: nominators hear about their own nominations only.
"""

from nominations.models import Cycle
from nominations.services.transitions import run_transition


def cycle_open(*, cycle: Cycle, actor, note: str = "") -> Cycle:
    """Open the cycle for nominations (setup → open).

    Needs the nomination window, performance window, rubric, checklist and award cap.
    Changes the cycle's state; schedules nothing.
    """
    run_transition(cycle, "open", actor=actor, note=note)
    return cycle


def cycle_close(*, cycle: Cycle, actor, note: str = "") -> Cycle:
    """Stop taking nominations (open → closed). Changes the state; schedules nothing."""
    run_transition(cycle, "close", actor=actor, note=note)
    return cycle


def cycle_start_review(*, cycle: Cycle, actor, note: str = "") -> Cycle:
    """Start panel review (closed → review).

    Needs an attested panelist and every cleared nomination assigned. Changes the state;
    schedules nothing.
    """
    run_transition(cycle, "start_review", actor=actor, note=note)
    return cycle


def cycle_start_selection(*, cycle: Cycle, actor, note: str = "") -> Cycle:
    """Hand the slate to the selecting official (review → selection).

    Needs every reviewed nomination advanced or set aside and at least one on the slate.
    Changes the state; schedules nothing.
    """
    run_transition(cycle, "start_selection", actor=actor, note=note)
    return cycle


def cycle_announce(*, cycle: Cycle, actor, note: str = "") -> Cycle:
    """Announce the recipients (selection → announced).

    Needs every slate decision made, at most the award cap selected, and approved
    citations for each. Changes the state, which makes outcomes visible to nominators;
    schedules nothing (each `nomination_award` sends its own congratulations).
    """
    run_transition(cycle, "announce", actor=actor, note=note)
    return cycle


def cycle_archive(*, cycle: Cycle, actor, note: str = "") -> Cycle:
    """Close the cycle's record (announced → archived).

    Needs every selected nomination awarded. Changes the state; schedules nothing.
    """
    run_transition(cycle, "archive", actor=actor, note=note)
    return cycle
