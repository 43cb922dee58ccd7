"""Staff and nominators racing each other through the real views on PostgreSQL.

Each request runs in its own thread with its own test client and database connection,
all released at once (`tests.nominations.concurrency.run_at_once`), several rounds each
so that a race shows up if there is one. Whatever the interleaving: exactly one request
wins, exactly one "done" audit event and one email come of it, and every other request
is told plainly that someone else got there first.
"""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from core.transitions import reload_workflow_object, transition_label
from nominations.models import ChecklistResult, Cycle, Nomination, SelectionDecision
from nominations.services.vetting import CONFLICT as CHECKLIST_CONFLICT
from nominations.states import CycleState, NominationState
from tests import factories
from tests.nominations.concurrency import run_at_once
from tests.selection.test_slate import slate_cycle, text

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

S = NominationState
ROUNDS = range(3)
HTMX = {"HTTP_HX_REQUEST": "true"}
OFFICIAL_NAME = "Antony J. Blinken"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post_at_once(posts: list[tuple[Client, str, dict]], **headers) -> list:
    """POST each (client, url, data) from its own thread at the same moment; the responses
    in the order given."""
    responses: list = [None] * len(posts)

    def job(index: int, client: Client, url: str, data: dict):
        def post() -> None:
            responses[index] = client.post(url, data, **headers)

        return post

    outcomes = run_at_once([job(i, *post) for i, post in enumerate(posts)])
    assert outcomes == ["ok"] * len(posts), outcomes
    return responses


def flashed(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def stale_or_illegal(obj, name: str, winner_state: str) -> tuple[str, str]:
    """What a loser is told: its save found the state changed under it, or it read the
    winner's state first and the transition was no longer possible."""
    stale = (
        f"This {obj._meta.verbose_name} was changed by someone else while you were working on "
        "it, so nothing was saved. Reload it to see its current state."
    )
    display = dict(type(obj)._meta.get_field("state").choices)[winner_state]
    illegal = (
        f"“{transition_label(obj, name)}” is not possible for a {obj._meta.verbose_name} "
        f"that is {display}."
    )
    return stale, illegal


def done_events(action: str) -> int:
    return AuditEvent.objects.filter(action=action, outcome="done").count()


# -- parallel identical submits -----------------------------------------------------------


@pytest.mark.parametrize("round_", ROUNDS)
def test_six_tabs_submitting_one_draft_at_once_make_one_submission(round_):
    nomination = factories.NominationFactory()
    url = reverse("nominations:nomination_submit", kwargs={"pk": nomination.pk})

    responses = post_at_once([(signed_in(nomination.nominator), url, {}) for _ in range(6)])

    confirmation = reverse("nominations:nomination_submitted", kwargs={"pk": nomination.pk})
    assert [(r.status_code, r["Location"]) for r in responses] == [(302, confirmation)] * 6
    stored = Nomination.objects.get(pk=nomination.pk)
    cycle = Cycle.objects.get(pk=nomination.cycle_id)
    assert (stored.state, stored.sequence, cycle.reference_counter) == (S.SUBMITTED, 1, 1)
    assert stored.reference == f"PA-{cycle.award_year}-0001"
    assert list(AuditEvent.objects.values_list("action", "outcome")) == [
        ("nomination.submit", "done")
    ]
    assert [message.subject for message in mail.outbox] == [
        f"Nomination {stored.reference} received"
    ]


# -- two staff, two different moves on one nomination ------------------------------------


def vetting_moves(nomination) -> dict[str, tuple[str, dict]]:
    due = (timezone.localdate(timezone=nomination.cycle.zone) + dt.timedelta(days=14)).isoformat()
    return {
        "mark_ineligible": (
            reverse("nominations:staff_mark_ineligible", args=[nomination.pk]),
            {"reason": "A federal agency.", "notice": "Not eligible: agency.", "step": "send"},
        ),
        "return_for_info": (
            reverse("nominations:staff_return_for_info", args=[nomination.pk]),
            {"message": "Send the 2022 annual report.", "due_date": due},
        ),
    }


@pytest.mark.parametrize("round_", ROUNDS)
def test_ineligible_and_return_posted_at_once_one_wins_the_other_is_told(round_):
    nomination = factories.nomination_in(S.VETTING, cycle=factories.cycle_in(CycleState.CLOSED))
    moves = vetting_moves(nomination)
    detail = reverse("nominations:staff_nomination", args=[nomination.pk])

    responses = post_at_once([(signed_in(factories.award_staff()), *moves[name]) for name in moves])

    winners = [name for name, r in zip(moves, responses, strict=True) if r.status_code == 302]
    assert len(winners) == 1, [r.status_code for r in responses]
    [winner] = winners
    [loser] = [r for r in responses if r.status_code != 302]
    stored = Nomination.objects.get(pk=nomination.pk)
    winner_state = S.INELIGIBLE if winner == "mark_ineligible" else S.RETURNED
    assert stored.state == winner_state
    assert responses[list(moves).index(winner)]["Location"] == detail
    loser_name = next(name for name in moves if name != winner)
    stale, illegal = stale_or_illegal(stored, loser_name, winner_state)
    page = text(loser)
    assert loser.status_code == 200
    assert (stale in page) != (illegal in page), page
    assert sorted(AuditEvent.objects.values_list("action", "outcome")) == sorted(
        [(f"nomination.{winner}", "done"), (f"nomination.{loser_name}", "denied")]
    )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [nomination.nominator.email]


@pytest.mark.parametrize("round_", ROUNDS)
def test_four_staff_starting_vetting_at_once_one_wins_the_others_are_told(round_):
    nomination = factories.nomination_in(S.SUBMITTED, cycle=factories.cycle_in(CycleState.CLOSED))
    url = reverse("nominations:staff_transition", args=[nomination.pk, "start_vetting"])
    staff = [factories.award_staff() for _ in range(4)]

    responses = post_at_once([(signed_in(user), url, {}) for user in staff])

    assert {r.status_code for r in responses} == {302}
    stored = Nomination.objects.get(pk=nomination.pk)
    assert stored.state == S.VETTING
    said = [flashed(r) for r in responses]
    success = [f"{stored.reference} is now {stored.get_state_display().lower()}."]
    assert said.count(success) == 1, said
    stale, illegal = stale_or_illegal(stored, "start_vetting", S.VETTING)
    refusals = [m for m in said if m != success]
    assert all(m in ([stale], [illegal]) for m in refusals), said
    assert done_events("nomination.start_vetting") == 1
    # The view audits each refused click as denied, with the reason it showed.
    denied = AuditEvent.objects.filter(action="nomination.start_vetting", outcome="denied")
    assert sorted(denied.values_list("note", flat=True)) == sorted(m for [m] in refusals)


# -- the cycle ----------------------------------------------------------------------------


@pytest.mark.parametrize("round_", ROUNDS)
@pytest.mark.parametrize(
    ("name", "source", "target"),
    [("open", CycleState.SETUP, CycleState.OPEN), ("close", CycleState.OPEN, CycleState.CLOSED)],
)
def test_staff_moving_a_cycle_at_once_move_it_once(name, source, target, round_):
    cycle = factories.cycle_in(source)
    url = reverse("nominations:staff_cycle_transition", args=[cycle.pk, name])

    responses = post_at_once(
        [(signed_in(factories.award_staff()), url, {"confirm": "yes"}) for _ in range(3)]
    )

    assert {r.status_code for r in responses} == {302}
    stored = Cycle.objects.get(pk=cycle.pk)
    assert stored.state == target
    said = [flashed(r) for r in responses]
    success = [f"{stored} is now {stored.get_state_display().lower()}."]
    assert said.count(success) == 1, said
    stale, illegal = stale_or_illegal(stored, name, target)
    refusals = [m for m in said if m != success]
    assert all(m in ([stale], [illegal]) for m in refusals), said
    assert done_events(f"cycle.{name}") == 1
    # Each refused click is audited as denied, with the reason the view showed.
    denied = AuditEvent.objects.filter(action=f"cycle.{name}", outcome="denied")
    assert sorted(denied.values_list("note", flat=True)) == sorted(m for [m] in refusals)
    assert AuditEvent.objects.count() == 3


# -- the selecting official signing twice -------------------------------------------------


@pytest.mark.parametrize("round_", ROUNDS)
def test_the_selection_signed_in_two_tabs_at_once_is_recorded_once(round_):
    cycle, [first, second] = slate_cycle([5, 2], cap=1)
    official = factories.selecting_official(full_name=OFFICIAL_NAME)
    url = reverse("selection:selection_home")
    choices = [
        {"selected": [str(second.pk)], "justification": "", "signed_name": OFFICIAL_NAME}
        | {"confirm": "yes"},
        {"selected": [str(first.pk)], "justification": "Reach.", "signed_name": OFFICIAL_NAME}
        | {"confirm": "yes"},
    ]
    events_before = AuditEvent.objects.count()

    responses = post_at_once([(signed_in(official), url, data) for data in choices])

    decision = SelectionDecision.objects.get(cycle=cycle)
    winner = [r.status_code for r in responses].index(302)
    chosen = second if winner == 0 else first
    assert decision.selected == [chosen.reference]
    loser = responses[1 - winner]
    # The loser either found the decision before its form was read (a flash and back
    # to the page) or inside the service, under the cycle's lock (the form's error).
    if loser.status_code == 302:
        assert flashed(loser) == ["The selection has already been decided. The decision is final."]
    else:
        assert loser.status_code == 200
        assert (
            f"The selection for {cycle} has already been decided. The decision is final."
            in text(loser)
        )
    states = dict(cycle.nominations.values_list("pk", "state"))
    assert states == {
        chosen.pk: S.SELECTED,
        (first if chosen == second else second).pk: S.NOT_SELECTED,
    }
    # The loser's refused signature is on record too, whichever check refused it.
    new_events = AuditEvent.objects.order_by("pk")[events_before:]
    assert sorted((event.action, event.outcome) for event in new_events) == [
        ("nomination.decline", "done"),
        ("nomination.select", "done"),
        ("selection.decide", "denied"),
        ("selection.decide", "done"),
    ]


# -- two staff on one checklist item ------------------------------------------------------


def checklist_url(nomination, item) -> str:
    return reverse("nominations:staff_checklist_result", args=[nomination.pk, item.pk])


@pytest.mark.parametrize("headers", [HTMX, {}], ids=["htmx", "plain"])
def test_two_staff_saving_one_check_at_once_never_overwrite_each_other(headers):
    nomination = factories.nomination_in(S.VETTING, cycle=factories.cycle_in(CycleState.CLOSED))
    item = nomination.cycle.checklist_items.get(position=1)
    staff = [factories.award_staff(), factories.award_staff()]
    clients = [signed_in(user) for user in staff]
    url = checklist_url(nomination, item)
    for round_ in range(4):
        revision = round_  # each round's winner adds one
        sent = [
            {
                "result": "pass",
                "note": f"Round {round_}: statute checked by A.",
                "revision": revision,
            },
            {"result": "concern", "note": f"Round {round_}: B doubts it.", "revision": revision},
        ]
        responses = post_at_once(
            [(client, url, data) for client, data in zip(clients, sent, strict=True)], **headers
        )

        alerted = [CHECKLIST_CONFLICT in r.content.decode() for r in responses]
        assert alerted.count(True) == 1, (round_, [r.status_code for r in responses])
        winner, loser = alerted.index(False), alerted.index(True)
        record = ChecklistResult.objects.get(nomination=nomination, item=item)
        assert (record.result, record.note, record.checked_by, record.revision) == (
            sent[winner]["result"],
            sent[winner]["note"],
            staff[winner],
            revision + 1,
        )
        lost = responses[loser]
        assert lost.status_code == 200
        page = lost.content.decode()
        # The loser's note and choice are kept in the form, on the winner's revision,
        # and the winner's finding is shown above it.
        assert f">{sent[loser]['note']}</textarea>" in page
        assert f'value="{sent[loser]["result"]}" checked' in page
        assert f'name="revision" value="{revision + 1}"' in page
        assert sent[winner]["note"] in page
        assert responses[winner].status_code == (200 if headers else 302)

    assert list(AuditEvent.objects.values_list("action", flat=True)) == ["checklist.record"] * 4


# -- reloading a workflow object in several threads at once -------------------------------


def test_stale_copies_reloaded_in_many_threads_at_once_all_reload():
    """A loser's copy is reloaded after its conflict. django-fsm lifts the protection of
    the state field (a flag shared by every thread) while it reloads, so reloads that
    overlap used to fail with "Direct state modification is not allowed" (a 500)."""
    nomination = factories.nomination_in(S.SUBMITTED)
    copies = [[Nomination.objects.get(pk=nomination.pk) for _ in range(25)] for _ in range(6)]
    Nomination.objects.filter(pk=nomination.pk).update(state=S.VETTING)

    def reload_all(mine):
        def job() -> None:
            for copy in mine:
                reload_workflow_object(copy)

        return job

    outcomes = run_at_once([reload_all(mine) for mine in copies])

    assert outcomes == ["ok"] * 6
    assert {copy.state for mine in copies for copy in mine} == {S.VETTING}
