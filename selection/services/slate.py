"""Staff's slate: advancing a reviewed nomination with its briefing note, editing the
note until the selecting official decides, and leaving a nomination off (DESIGN.md §2.5).

A refusal is recorded as a denied "slate.advance", "slate.edit" or "slate.not_advance"
on the nomination, the slate page's actions; a briefing note too long or empty is a
typing mistake and is not.
"""

from django.db import transaction

from accounts.roles import Role
from core.exceptions import InvalidInput, NotPermitted, WorkflowError
from core.services.audit import audit_record, audits_refusals
from nominations import rules
from nominations.domain.citations import word_count
from nominations.models import Cycle, Nomination, SelectionDecision, SlateEntry
from nominations.services.nomination import nomination_advance, nomination_not_advance
from nominations.states import CycleState, NominationState

BRIEFING_NOTE_WORD_LIMIT = 150
# Briefing notes can change while the slate is being built and while it is with the
# selecting official, until the decision.
NOTE_CYCLE_STATES = frozenset({CycleState.REVIEW, CycleState.SELECTION})


def briefing_note_problem(text: str) -> str | None:
    """Why a briefing note cannot be saved, or None."""
    if not text.strip():
        return "Enter a briefing note for the selecting official."
    if word_count(text) > BRIEFING_NOTE_WORD_LIMIT:
        return f"Shorten the briefing note to {BRIEFING_NOTE_WORD_LIMIT} words or fewer."
    return None


@audits_refusals("slate.advance", obj="nomination", role=Role.AWARD_STAFF, from_state=True)
def slate_advance(*, nomination: Nomination, actor, briefing_note: str) -> SlateEntry:
    """Advance a reviewed nomination to the slate with its briefing note (in_review →
    shortlisted) and create or replace its slate entry, in one transaction.

    Award staff only, while the cycle is in panel review. The one audit event is
    `nomination_advance`'s "nomination.advance", whose note is the briefing note.
    Schedules nothing: the slate stays private until the announcement.
    """
    if not rules.can_vet(actor, nomination):
        raise NotPermitted("You are not allowed to advance this nomination to the slate.")
    note = briefing_note.strip()
    if problem := briefing_note_problem(note):
        raise InvalidInput(problem)
    with transaction.atomic():
        nomination_advance(nomination=nomination, actor=actor, note=note)
        entry, _ = SlateEntry.objects.update_or_create(
            nomination=nomination, defaults={"briefing_note": note, "written_by": actor}
        )
    return entry


@audits_refusals("slate.edit", obj="nomination", role=Role.AWARD_STAFF, from_state=True)
def slate_note_update(*, nomination: Nomination, actor, briefing_note: str) -> SlateEntry:
    """Change the briefing note of a nomination on the slate (or write its first one).

    Award staff only; while the cycle is in review or selection and the selecting
    official has not decided. Takes the cycle's row lock, as `selection_decide` does, so
    a note cannot change under a decision being signed. One audit event
    ("slate.note_update", with the previous note). Schedules nothing.
    """
    if not rules.can_vet(actor, nomination):
        raise NotPermitted("You are not allowed to change this briefing note.")
    note = briefing_note.strip()
    if problem := briefing_note_problem(note):
        raise InvalidInput(problem)
    with transaction.atomic():
        cycle = Cycle.objects.select_for_update(no_key=True).get(pk=nomination.cycle_id)
        current = Nomination.objects.select_for_update(no_key=True).get(pk=nomination.pk)
        if current.state != NominationState.SHORTLISTED or cycle.state not in NOTE_CYCLE_STATES:
            raise WorkflowError(
                "The briefing note can change only for a nomination on the slate, before "
                "the selecting official decides."
            )
        if SelectionDecision.objects.filter(cycle=cycle).exists():
            raise WorkflowError("The selecting official has decided; the notes are final.")
        previous = SlateEntry.objects.filter(nomination=current).first()
        entry, _ = SlateEntry.objects.update_or_create(
            nomination=current, defaults={"briefing_note": note, "written_by": actor}
        )
        audit_record(
            action="slate.note_update",
            actor=actor,
            obj=current,
            note=note,
            data={"previous": previous.briefing_note if previous else ""},
            role=Role.AWARD_STAFF,
        )
    return entry


@audits_refusals("slate.not_advance", obj="nomination", role=Role.AWARD_STAFF, from_state=True)
def slate_not_advance(*, nomination: Nomination, actor) -> Nomination:
    """Leave a reviewed nomination off the slate (in_review → not_advanced): no note
    needed. The one audit event is `nomination_not_advance`'s. Schedules nothing."""
    return nomination_not_advance(nomination=nomination, actor=actor)
