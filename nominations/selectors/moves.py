"""What each cycle move does, in plain words, for its confirmation page.

`move_confirmation(cycle, name, actor)` gives the page's heading, the consequences (the
cycle's own, then the lines the floors above register in nominations/cycle_moves.py) and
the wording of the "I understand …" box; `confirm_label` is empty for a move that needs
no confirmation (open, archive).
"""

from dataclasses import dataclass, field

from django.template.defaultfilters import pluralize
from django.utils import timezone

from core.moments import moment_in
from core.transitions import transition_label
from nominations.cycle_moves import registered_consequences
from nominations.models import Cycle, Nomination
from nominations.states import NominationState

# The moves that cannot be undone (or only in part), whose POST must carry the tick box.
CONFIRMED_MOVES = frozenset({"close", "reopen", "start_review", "start_selection", "announce"})


# The confirmed moves no one can take back from this site (close and reopen undo each other).
IRREVERSIBLE_MOVES = frozenset({"start_review", "start_selection", "announce"})


@dataclass(frozen=True)
class MoveConfirmation:
    name: str
    label: str
    consequences: list[str]
    confirm_label: str
    # Before announcing: the selected nominations, each with a certificate preview.
    previews: list[Nomination] = field(default_factory=list)

    @property
    def needs_confirmation(self) -> bool:
        return bool(self.confirm_label)

    @property
    def irreversible(self) -> bool:
        return self.name in IRREVERSIBLE_MOVES


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{pluralize(number)}"


def deadline_sentence(cycle: Cycle, now=None) -> str:
    now = now or timezone.now()
    if cycle.deadline is None:
        return "Nominations close now; nominators can no longer submit."
    deadline = moment_in(cycle.deadline, cycle.zone)
    if cycle.deadline <= now:
        return (
            f"Nominations close now; the deadline of {deadline} has passed. Nominators "
            "can no longer submit."
        )
    days = (cycle.deadline - now).days
    early = f"{_count(days, 'day')} before" if days else "less than a day before"
    return (
        f"Nominations close now, {early} the deadline of {deadline}; nominators can no "
        "longer submit."
    )


def _close(cycle: Cycle, actor) -> list[str]:
    counts = {
        state: cycle.nominations.filter(state=state).count()
        for state in (NominationState.DRAFT, NominationState.SUBMITTED)
    }
    return [
        deadline_sentence(cycle),
        f"{_count(counts[NominationState.DRAFT], 'draft')} will not be submitted unless "
        "nominations reopen; their nominators are not emailed.",
        f"{_count(counts[NominationState.SUBMITTED], 'submitted nomination')} "
        f"{'waits' if counts[NominationState.SUBMITTED] == 1 else 'wait'} for vetting.",
        "The eligibility checklist can no longer change.",
        "Staff can reopen nominations until the first nomination is vetted.",
    ]


def _reopen(cycle: Cycle, actor) -> list[str]:
    submitted = cycle.nominations.filter(state=NominationState.SUBMITTED).count()
    if cycle.deadline and cycle.deadline > timezone.now():
        deadline = (
            f"The deadline of {moment_in(cycle.deadline, cycle.zone)} stays in force "
            "(enter a new one below to extend it)."
        )
    else:
        deadline = "The deadline has passed: enter a new one below."
    return [
        "Nominators can start, finish and submit nominations again until the deadline.",
        deadline,
        f"{_count(submitted, 'submitted nomination')} stay as they are; no one is emailed.",
        "Once staff start vetting any nomination, nominations can no longer reopen.",
    ]


def _start_review(cycle: Cycle, actor) -> list[str]:
    cleared = cycle.nominations.filter(state=NominationState.CLEARED).count()
    return [
        f"{_count(cleared, 'cleared nomination')} "
        f"{'goes' if cleared == 1 else 'go'} to the panel now.",
        "The rubric can no longer change, and no further nomination can reach the panel.",
    ]


def _start_selection(cycle: Cycle, actor) -> list[str]:
    slate = cycle.nominations.filter(state=NominationState.SHORTLISTED).count()
    return [
        f"The selecting official is shown the slate: {_count(slate, 'nomination')} in the "
        "panel's rank order, with the panel's figures, your briefing notes and the "
        "decision memo.",
        "The slate can no longer change: no nomination can be advanced or set aside.",
        f"The official may select up to {cycle.effective_award_cap} "
        f"recipient{pluralize(cycle.effective_award_cap)}; their decision is final.",
    ]


_OWN_CONSEQUENCES = {
    "close": _close,
    "reopen": _reopen,
    "start_review": _start_review,
    "start_selection": _start_selection,
}

CONFIRM_LABELS = {
    "close": "I understand that nominators can no longer submit nominations.",
    "reopen": "I understand that nominators can submit nominations again until the deadline.",
    "start_review": "I understand that panel review starts now and the rubric is fixed.",
    "start_selection": (
        "I understand that the selecting official is shown the slate and it can no longer change."
    ),
    "announce": (
        "I understand that the recipients become public, every nominator is emailed and "
        "announcing cannot be undone."
    ),
}


def move_confirmation(cycle: Cycle, name: str, actor) -> MoveConfirmation:
    own = _OWN_CONSEQUENCES.get(name)
    lines = own(cycle, actor) if own else []
    return MoveConfirmation(
        name=name,
        label=transition_label(cycle, name),
        consequences=lines + registered_consequences(cycle, name, actor),
        confirm_label=CONFIRM_LABELS.get(name, "") if name in CONFIRMED_MOVES else "",
        previews=(
            list(
                cycle.nominations.filter(state=NominationState.SELECTED)
                .select_related("nominee")
                .order_by("sequence")
            )
            if name == "announce"
            else []
        ),
    )
