"""Every (state × transition × actor) of the nomination machine (DESIGN.md §2.2)."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.roles import Role
from core.exceptions import IllegalTransition, NotPermitted
from core.models import AuditEvent
from nominations.models import Nomination
from nominations.services.nomination import (
    nomination_advance,
    nomination_award,
    nomination_clear,
    nomination_decline,
    nomination_extend_due_date,
    nomination_mark_ineligible,
    nomination_not_advance,
    nomination_resubmit,
    nomination_return_for_info,
    nomination_select,
    nomination_send_to_panel,
    nomination_start_vetting,
    nomination_submit,
    nomination_take_back,
    nomination_withdraw,
)
from nominations.states import NominationState
from tests.factories import ACTORS, actor_named, nomination_ready_for

S = NominationState
# transition: (service, its extra arguments, source states, target, who may)
NOMINATION_TABLE = {
    "submit": (nomination_submit, {}, {S.DRAFT}, S.SUBMITTED, "owner"),
    "withdraw": (
        nomination_withdraw,
        {"reason": "Nominated twice by mistake."},
        {S.DRAFT, S.SUBMITTED, S.RETURNED},
        S.WITHDRAWN,
        "owner",
    ),
    "start_vetting": (nomination_start_vetting, {}, {S.SUBMITTED}, S.VETTING, "staff"),
    "return_for_info": (
        nomination_return_for_info,
        {"message": "Add the training dates.", "due_date": "in two weeks"},
        {S.VETTING},
        S.RETURNED,
        "staff",
    ),
    "resubmit": (nomination_resubmit, {}, {S.RETURNED}, S.VETTING, "owner"),
    "take_back": (
        nomination_take_back,
        {"reason": "The response due date passed without an answer."},
        {S.RETURNED},
        S.VETTING,
        "staff",
    ),
    "extend_due_date": (
        nomination_extend_due_date,
        {"due_date": "in two weeks", "note": "Take the time you need."},
        {S.RETURNED},
        S.RETURNED,
        "staff",
    ),
    "mark_ineligible": (
        nomination_mark_ineligible,
        {"reason": "Outside the performance window."},
        {S.VETTING},
        S.INELIGIBLE,
        "staff",
    ),
    "clear": (nomination_clear, {}, {S.VETTING}, S.CLEARED, "staff"),
    "send_to_panel": (nomination_send_to_panel, {}, {S.CLEARED}, S.IN_REVIEW, "staff"),
    "advance": (nomination_advance, {}, {S.IN_REVIEW}, S.SHORTLISTED, "staff"),
    "not_advance": (nomination_not_advance, {}, {S.IN_REVIEW}, S.NOT_ADVANCED, "staff"),
    "select": (
        nomination_select,
        {"rationale": "Highest ranked."},
        {S.SHORTLISTED},
        S.SELECTED,
        "official",
    ),
    "decline": (
        nomination_decline,
        {"rationale": "Cap reached by higher ranks."},
        {S.SHORTLISTED},
        S.NOT_SELECTED,
        "official",
    ),
    "award": (nomination_award, {}, {S.SELECTED}, S.AWARDED, "staff"),
}
ROLE_OF = {
    "owner": Role.NOMINATOR.value,
    "staff": Role.AWARD_STAFF.value,
    "official": Role.SELECTING_OFFICIAL.value,
}


def _arguments(extra: dict) -> dict:
    if extra.get("due_date") == "in two weeks":
        return {**extra, "due_date": timezone.localdate() + dt.timedelta(days=14)}
    return extra


def test_table_covers_every_transition_of_the_model():
    transitions = {
        t.name for t in Nomination._meta.get_field("state").get_all_transitions(Nomination)
    }

    assert transitions == set(NOMINATION_TABLE)


@pytest.mark.django_db
@pytest.mark.parametrize("actor_name", ACTORS)
@pytest.mark.parametrize("transition", NOMINATION_TABLE)
@pytest.mark.parametrize("state", S.values)
def test_nomination_transition_table(state, transition, actor_name):
    service, extra, sources, target, allowed = NOMINATION_TABLE[transition]
    nomination = nomination_ready_for(transition, state=state)
    actor = actor_named(actor_name, nomination)

    if state not in sources or actor_name != allowed:
        expected = IllegalTransition if state not in sources else NotPermitted
        with pytest.raises(expected):
            service(nomination=nomination, actor=actor, **_arguments(extra))
        nomination.refresh_from_db()
        assert nomination.state == state
        assert AuditEvent.objects.count() == 0
        return

    service(nomination=nomination, actor=actor, **_arguments(extra))

    nomination.refresh_from_db()
    assert nomination.state == target
    event = AuditEvent.objects.get()
    assert (event.action, event.from_state, event.to_state, event.actor_role) == (
        f"nomination.{transition}",
        state,
        target,
        ROLE_OF[allowed],
    )
    assert (event.actor_id, event.object_type, event.object_id) == (
        actor.pk,
        "nominations.nomination",
        str(nomination.pk),
    )
