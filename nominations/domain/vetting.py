"""What is left to vet before panel review can start, in words that name the nominations
and what staff can do about each (the start_review guard, `Cycle.start_review_blockers`)."""

from collections.abc import Iterable
from typing import NamedTuple

from nominations.states import NominationState

# References named in one reason; the rest are counted ("and 4 more").
NAMED_AT_MOST = 10


class Unvetted(NamedTuple):
    reference: str
    state: str
    response_overdue: bool = False


def still_being_vetted(nominations: Iterable[Unvetted]) -> list[str]:
    """One reason per state among submitted, vetting and returned, in that order: how many,
    which (overdue responses marked), and the moves that settle them. A returned
    nomination no longer waits on its nominator: staff can take it back at any time."""
    by_state: dict[str, list[Unvetted]] = {}
    for nomination in nominations:
        by_state.setdefault(nomination.state, []).append(nomination)
    reasons = []
    submitted = by_state.get(NominationState.SUBMITTED, [])
    if submitted:
        reasons.append(
            f"{_counted(submitted)} submitted and not yet in vetting ({_named(submitted)}): "
            f"start vetting, then clear {_it(submitted)} for the panel or mark it ineligible"
        )
    vetting = by_state.get(NominationState.VETTING, [])
    if vetting:
        reasons.append(
            f"{_counted(vetting)} still in vetting ({_named(vetting)}): "
            f"clear {_it(vetting)} for the panel or mark it ineligible"
        )
    returned = by_state.get(NominationState.RETURNED, [])
    if returned:
        reasons.append(
            f"{_counted(returned)} returned for information ({_named(returned)}): take "
            f"{_it(returned)} back into vetting from its page (or wait for the nominator's "
            "response, or extend the due date), then clear it for the panel or mark it "
            "ineligible"
        )
    return reasons


def _counted(group: list[Unvetted]) -> str:
    return "1 nomination is" if len(group) == 1 else f"{len(group)} nominations are"


def _it(group: list[Unvetted]) -> str:
    return "it" if len(group) == 1 else "each"


def _named(group: list[Unvetted]) -> str:
    names = [
        f"{nomination.reference}, response overdue"
        if nomination.response_overdue
        else nomination.reference
        for nomination in group[:NAMED_AT_MOST]
    ]
    rest = len(group) - NAMED_AT_MOST
    joined = "; ".join(names) if any(n.response_overdue for n in group) else ", ".join(names)
    return f"{joined} and {rest} more" if rest > 0 else joined
