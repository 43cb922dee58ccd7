"""One service per transition of the cycle state machine (DESIGN.md §2.1).

Each checks the state, the actor's permission and the guards, saves the new state in a
transaction with exactly one audit event ("cycle.<action>"), and raises a
`core.exceptions.WorkflowError` without changing anything when it cannot; that refusal
is recorded as a denied "cycle.<action>" event whose note is what the cycle page shows:
the guards' reasons alone for a blocked move (`guard_reasons`), else the message.
Cycle moves send nominators no email (they hear about their own nominations only); the
two moves that hand the cycle to other people run the hand-offs the apps above register
(`nominations.cycle_moves.after_move`): start_review emails each panelist, and
start_selection the selecting official, after commit.
"""

from django.db import transaction
from django.utils import timezone

from accounts.roles import Role
from core.exceptions import InvalidInput, WorkflowError
from core.services.audit import audits_refusals, guard_reasons
from core.transitions import run_transition
from nominations import rules
from nominations.cycle_moves import after_move
from nominations.models import Cycle
from nominations.services.nomination import nomination_send_to_panel
from nominations.states import NominationState


def cycle_open(*, cycle: Cycle, actor, note: str = "") -> Cycle:
    """Open the cycle for nominations (setup → open).

    Needs the nomination window, performance window, rubric, checklist and award cap.
    Changes the cycle's state; schedules nothing.
    """
    run_transition(cycle, "open", actor=actor, note=note, denied_note=guard_reasons)
    return cycle


def cycle_close(*, cycle: Cycle, actor, note: str = "") -> Cycle:
    """Stop taking nominations (open → closed). Changes the state; schedules nothing."""
    run_transition(cycle, "close", actor=actor, note=note, denied_note=guard_reasons)
    return cycle


def cycle_reopen(*, cycle: Cycle, actor, deadline=None, note: str = "") -> Cycle:
    """Take nominations again (closed → open) while no nomination has been vetted.

    The deadline stays in force; when it has passed, `deadline` (aware, in the future,
    after the opening) replaces it. Changes the state (and the deadline), with one audit
    event "cycle.reopen" naming the new deadline if any; schedules nothing. A bad
    deadline is an InvalidInput (a typing mistake, not audited); a blocked reopen is a
    denied "cycle.reopen" with the guards' reasons.
    """
    stored = cycle.deadline

    def validate() -> None:
        if deadline is None:
            return
        if deadline <= timezone.now():
            raise InvalidInput("The new deadline must be in the future.")
        if cycle.opens_at and deadline <= cycle.opens_at:
            raise InvalidInput("The new deadline must be after the opening date.")

    if deadline is not None:
        cycle.deadline = deadline
    try:
        run_transition(
            cycle,
            "reopen",
            actor=actor,
            note=note,
            validate=validate,
            before_save=lambda: ["deadline"] if deadline else [],
            data={"deadline": deadline.isoformat()} if deadline else None,
            denied_note=guard_reasons,
        )
    except WorkflowError:
        cycle.deadline = stored
        raise
    return cycle


@audits_refusals(
    "cycle.start_review", obj="cycle", role=Role.AWARD_STAFF, from_state=True, note=guard_reasons
)
def cycle_start_review(*, cycle: Cycle, actor, note: str = "") -> Cycle:
    """Start panel review (closed → review) and send every cleared nomination to the panel.

    Needs an attested panelist and every cleared nomination assigned. Changes the cycle's
    state and moves each cleared nomination to in_review (one audit event each), all in
    one transaction. A nomination the actor may not move (their own) stays cleared for
    another staff member to send. Schedules the hand-off registered for "start_review"
    (each panelist's email, after commit). A refusal, the cycle's or a
    nomination's, is recorded as one denied "cycle.start_review" once all rolled back.
    """
    with transaction.atomic():
        run_transition(cycle, "start_review", actor=actor, note=note)
        # The party rule (rules.can_vet) reads each nominee and its letter requests.
        cleared = (
            cycle.nominations.filter(state=NominationState.CLEARED)
            .select_related("nominee")
            .prefetch_related("endorsement_requests")
            .order_by("sequence")
        )
        for nomination in cleared:
            if rules.can_vet(actor, nomination):
                nomination_send_to_panel(
                    nomination=nomination, actor=actor, note="Sent with the start of panel review."
                )
        after_move("start_review", cycle)
    return cycle


def cycle_start_selection(*, cycle: Cycle, actor, note: str = "") -> Cycle:
    """Hand the slate to the selecting official (review → selection).

    Needs every reviewed nomination advanced or set aside and at least one on the slate.
    Changes the state; schedules the hand-off registered for "start_selection" (the
    selecting official's email, after commit).
    """
    run_transition(
        cycle,
        "start_selection",
        actor=actor,
        note=note,
        denied_note=guard_reasons,
        schedule=lambda: after_move("start_selection", cycle),
    )
    return cycle


def cycle_announce(*, cycle: Cycle, actor, note: str = "") -> Cycle:
    """Announce the recipients (selection → announced).

    Needs every slate decision made, at most the award cap selected, and approved
    citations for each. Changes the state, which makes outcomes visible to nominators;
    schedules nothing (each `nomination_award` sends its own congratulations).
    """
    run_transition(cycle, "announce", actor=actor, note=note, denied_note=guard_reasons)
    return cycle


def cycle_archive(*, cycle: Cycle, actor, note: str = "") -> Cycle:
    """Close the cycle's record (announced → archived).

    Needs every selected nomination awarded. Changes the state; schedules nothing.
    """
    run_transition(cycle, "archive", actor=actor, note=note, denied_note=guard_reasons)
    return cycle
