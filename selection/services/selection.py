"""The selecting official's decision on a cycle's slate (DESIGN.md §2.5).

`selection_decide` records the whole decision at once: every nomination on the slate is
selected or not selected, and a signed `SelectionDecision` says who decided, when, as
which typed name, and why when the choice departs from the panel's rank order. The
decision is final and private until the cycle is announced.
"""

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from accounts.roles import Role
from core.exceptions import InvalidInput, NotPermitted, WorkflowError
from core.services.audit import audit_record, audits_refusals
from nominations import rules
from nominations.models import Cycle, Nomination, SelectionDecision
from nominations.services.nomination import nomination_decline, nomination_select
from nominations.states import CycleState, NominationState
from selection.domain.decision import choice_problems, normalized_name
from selection.selectors.slate import slate_ranks
from selection.services.handoffs import selection_signed_on_commit

__all__ = [
    "SelectionInvalid",
    "departs_from_rank_order",
    "selection_decide",
    "signed_name_matches",
]


class SelectionInvalid(InvalidInput):
    """The decision's own inputs are wrong; `by_field` maps each form field
    ("selected", "justification", "signed_name") to its problems, for the page."""

    def __init__(self, by_field: dict[str, list[str]]) -> None:
        problems = [problem for field_problems in by_field.values() for problem in field_problems]
        super().__init__(problems[0], problems=problems)
        self.by_field = by_field


def signed_name_matches(typed: str, user) -> bool:
    return bool(user.full_name.strip()) and normalized_name(typed) == normalized_name(
        user.full_name
    )


def _ranked_slate(cycle: Cycle) -> list[tuple[int, int | None]]:
    # The panel's ranks come from the reviews app, which imports nominations; importing
    # it at module level would make the two apps depend on each other (STYLE.md rule 2).
    # The decision must work out "out of rank order" itself rather than trust a caller.

    return slate_ranks(cycle)


def departs_from_rank_order(
    ranked: Sequence[tuple[int, int | None]], selected_ids: Sequence[int]
) -> bool:
    """True when a nomination left out ranks strictly above one selected: the selection
    is not the top N of the slate (N the number selected).

    `ranked` holds (nomination id, rank) pairs. Ties share a rank, so either of two tied
    nominations is in order; an unscored nomination (rank None) ranks below every scored
    one and level with the other unscored ones.
    """
    chosen = set(selected_ids)

    def place(rank: int | None) -> float:
        return float("inf") if rank is None else rank

    worst_chosen = max((place(rank) for pk, rank in ranked if pk in chosen), default=0)
    return any(place(rank) < worst_chosen for pk, rank in ranked if pk not in chosen)


@audits_refusals("selection.decide", obj="cycle", role=Role.SELECTING_OFFICIAL)
def selection_decide(
    *,
    cycle: Cycle,
    actor,
    selected: Sequence[Nomination],
    justification: str,
    signed_name: str,
) -> SelectionDecision:
    """Decide the slate: select `selected`, decline the rest, record the signed decision.

    The selecting official only, while the cycle is in selection, once per cycle. At
    least one and at most the cycle's effective award cap may be selected, all from the
    slate; a selection that is not the top N of the slate by rank needs a justification;
    `signed_name` must be the official's account name (case and spacing aside).

    In one transaction, under the cycle's row lock: `nomination_select` or
    `nomination_decline` for each slate nomination (one audit event each), the
    `SelectionDecision` row and one "selection.decide" audit event. Schedules one email
    to each member of award staff (`selection.services.handoffs`); nominators hear
    nothing: outcomes stay private until the announcement. Raises a WorkflowError (NotPermitted,
    SelectionInvalid, ...) and changes nothing when it cannot; any refusal but the
    decision's own inputs (SelectionInvalid) is recorded as a denied "selection.decide".
    """
    if not rules.is_selecting_official(actor):
        raise NotPermitted("Only the selecting official can decide the slate.")
    _refuse_unless_open(cycle)
    chosen_ids = [nomination.pk for nomination in selected]
    justification = justification.strip()

    with transaction.atomic():
        locked = (
            Cycle.objects.select_for_update(no_key=True).select_related("program").get(pk=cycle.pk)
        )
        _refuse_unless_open(locked)
        slate = list(
            Nomination.objects.filter(cycle=locked, state=NominationState.SHORTLISTED)
            .select_related("nominee")
            .order_by("sequence", "pk")
        )
        own = [n.reference for n in slate if n.nominator_id == actor.pk]
        if own:
            # No one decides on their own nomination; the whole slate is one decision.
            raise NotPermitted(
                f"You nominated {', '.join(own)}, so you cannot decide this slate: another "
                "selecting official must record the decision."
            )
        ranked = [
            (pk, rank)
            for pk, rank in _ranked_slate(locked)
            if pk in {nomination.pk for nomination in slate}
        ]
        out_of_order = departs_from_rank_order(ranked, chosen_ids)
        problems = _problems(
            cycle=locked,
            slate=slate,
            chosen_ids=chosen_ids,
            out_of_order=out_of_order,
            justification=justification,
            signed_name=signed_name,
            actor=actor,
        )
        if problems:
            raise SelectionInvalid(problems)
        chosen = set(chosen_ids)
        # Rank order; a slate nomination the results lack (none should) goes last.
        position = {pk: index for index, (pk, _rank) in enumerate(ranked)}
        slate.sort(key=lambda item: (position.get(item.pk, len(position)), item.pk))
        for nomination in slate:
            service = nomination_select if nomination.pk in chosen else nomination_decline
            service(nomination=nomination, actor=actor, rationale=justification)
        references = [nomination.reference for nomination in slate if nomination.pk in chosen]
        decision = SelectionDecision.objects.create(
            cycle=locked,
            decided_by=actor,
            decided_at=timezone.now(),
            signed_name=" ".join(signed_name.split()),
            justification=justification,
            out_of_rank_order=out_of_order,
            selected=references,
        )
        audit_record(
            action="selection.decide",
            actor=actor,
            obj=locked,
            note=justification,
            data={
                "selected": references,
                "not_selected": [n.reference for n in slate if n.pk not in chosen],
                "out_of_rank_order": out_of_order,
                "signed_name": decision.signed_name,
            },
            role=Role.SELECTING_OFFICIAL,
        )
        selection_signed_on_commit(decision)
    return decision


def _refuse_unless_open(cycle: Cycle) -> None:
    if SelectionDecision.objects.filter(cycle=cycle).exists():
        raise WorkflowError(
            f"The selection for {cycle} has already been decided. The decision is final."
        )
    if cycle.state != CycleState.SELECTION:
        raise WorkflowError(f"{cycle} is not in selection, so its slate cannot be decided.")


def _problems(
    *,
    cycle: Cycle,
    slate: list[Nomination],
    chosen_ids: list[int],
    out_of_order: bool,
    justification: str,
    signed_name: str,
    actor,
) -> dict[str, list[str]]:
    problems = choice_problems(
        cap=cycle.effective_award_cap,
        slate_ids={nomination.pk for nomination in slate},
        chosen_ids=chosen_ids,
        out_of_order=out_of_order,
        justification=justification,
    )
    if not signed_name.strip():
        problems.setdefault("signed_name", []).append("Type your full name to sign.")
    elif not signed_name_matches(signed_name, actor):
        problems.setdefault("signed_name", []).append(
            "The name you typed does not match the full name on your account."
        )
    return problems
