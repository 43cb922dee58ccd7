"""The scheduled announcement: nothing public before its moment, the real announcement at
it, and a refused one dropped with the person who scheduled it told why."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from core.audit_context import recording_refusals
from core.exceptions import InvalidInput, TransitionBlocked, WorkflowError
from core.models import AuditEvent
from nominations.models import Certificate, Citation, Cycle, Nomination, OutboxMessage
from nominations.states import CycleState, NominationState
from selection.services.announce_schedule import (
    announce_due,
    announcement_schedule,
    announcement_unschedule,
)
from tests import factories
from tests.selection.test_services_announce import announceable_cycle, states

pytestmark = pytest.mark.django_db
S = NominationState
HOME = reverse("nominations:home")


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def public_view(client, cycle) -> dict:
    """What a member of the public can see of the cycle's outcome."""
    home = text(client.get(HOME))
    return {
        "home_names": [
            name
            for name in ("Restore NYC, Inc.", "Coalition of Immokalee Workers, Inc.")
            if name in home
        ],
        "statement": client.get(
            reverse("selection:press_statement_public", args=[cycle.award_year])
        ).status_code,
    }


def scheduled(made, staff, *, minutes: int = 60) -> Cycle:
    cycle = made["first"].cycle
    announcement_schedule(cycle=cycle, actor=staff, at=timezone.now() + timedelta(minutes=minutes))
    return cycle


def test_schedule_records_the_moment_and_changes_nothing_public(client, staff, media_root):
    made = announceable_cycle(staff=staff)
    at = timezone.now() + timedelta(days=2)

    announcement_schedule(cycle=made["first"].cycle, actor=staff, at=at)

    cycle = Cycle.objects.get(pk=made["first"].cycle.pk)
    assert (cycle.state, cycle.announce_at, cycle.announce_scheduled_by) == (
        CycleState.SELECTION,
        at,
        staff,
    )
    event = AuditEvent.objects.latest("pk")
    assert (event.action, event.actor, event.data) == (
        "cycle.announce_schedule",
        staff,
        {"at": at.isoformat()},
    )
    assert public_view(client, cycle) == {"home_names": [], "statement": 404}
    assert Certificate.objects.count() == 0
    assert OutboxMessage.objects.count() == 0


def test_before_the_moment_the_command_announces_nothing(client, staff, media_root):
    made = announceable_cycle(staff=staff)
    cycle = scheduled(made, staff, minutes=5)
    events = AuditEvent.objects.count()

    call_command("announce_scheduled")

    cycle.refresh_from_db()
    assert cycle.state == CycleState.SELECTION
    assert cycle.announce_at is not None
    assert states(made)["first"] == S.SELECTED
    assert AuditEvent.objects.count() == events
    assert public_view(client, cycle) == {"home_names": [], "statement": 404}


def test_at_the_moment_the_cycle_is_announced_as_the_scheduler_and_becomes_public(
    client, staff, media_root, django_capture_on_commit_callbacks, capsys
):
    made = announceable_cycle(staff=staff)
    cycle = scheduled(made, staff)
    Cycle.objects.filter(pk=cycle.pk).update(announce_at=timezone.now() - timedelta(seconds=1))

    with django_capture_on_commit_callbacks(execute=True):
        call_command("announce_scheduled")

    assert capsys.readouterr().out == (
        f"{cycle}: announced: 2 awarded, 2 certificates issued, 4 notices queued.\n"
    )
    cycle.refresh_from_db()
    assert (cycle.state, cycle.announce_at, cycle.announce_scheduled_by) == (
        CycleState.ANNOUNCED,
        None,
        None,
    )
    assert states(made)["first"] == states(made)["second"] == S.AWARDED
    announce = AuditEvent.objects.get(action="cycle.announce")
    assert announce.actor == staff
    assert announce.note.startswith("Scheduled for ")
    assert len(mail.outbox) == 4
    assert public_view(client, cycle) == {
        "home_names": ["Restore NYC, Inc.", "Coalition of Immokalee Workers, Inc."],
        "statement": 200,
    }


def test_a_refused_announcement_at_the_moment_changes_nothing_and_tells_the_scheduler(
    client, staff, media_root, django_capture_on_commit_callbacks, settings
):
    settings.AWARDS_SITE_URL = "https://awards.example.gov/"
    made = announceable_cycle(staff=staff)
    cycle = scheduled(made, staff)
    # Meanwhile a recipient's citations lose their approval.
    Citation.objects.filter(nomination=made["second"]).update(approved_at=None, approved_by=None)
    Cycle.objects.filter(pk=cycle.pk).update(announce_at=timezone.now() - timedelta(seconds=1))

    with django_capture_on_commit_callbacks(execute=True):
        results = announce_due()

    assert [result.outcome for result in results] == [None]
    cycle.refresh_from_db()
    assert (cycle.state, cycle.announce_at) == (CycleState.SELECTION, None)
    assert states(made)["first"] == S.SELECTED
    assert Certificate.objects.count() == 0
    failed = AuditEvent.objects.get(action="cycle.announce_schedule_failed")
    assert failed.actor is None
    assert (
        failed.note
        == "Coalition of Immokalee Workers, Inc. has no approved short and full citation"
    )
    assert [message.to for message in mail.outbox] == [[staff.email]]
    assert mail.outbox[0].subject == (
        f"{cycle.program.short_name} {cycle.award_year}: the scheduled announcement did not happen"
    )
    assert (
        "did not happen, for this reason:\n\n- Coalition of Immokalee Workers, Inc. has no "
        "approved short and full citation.\n\nNothing was made public and no nominator was "
        "emailed."
    ) in mail.outbox[0].body
    assert f"https://awards.example.gov/staff/cycles/{cycle.pk}/" in mail.outbox[0].body
    assert public_view(client, cycle) == {"home_names": [], "statement": 404}
    # Dropped, so the next run does not try (and email) again.
    assert announce_due() == []


def test_schedule_in_the_past_is_refused(staff):
    made = announceable_cycle(staff=staff)
    cycle = made["first"].cycle
    events = AuditEvent.objects.count()

    with pytest.raises(InvalidInput):
        announcement_schedule(cycle=cycle, actor=staff, at=timezone.now() - timedelta(minutes=1))

    cycle.refresh_from_db()
    assert cycle.announce_at is None
    assert AuditEvent.objects.count() == events


def test_schedule_is_refused_when_announcing_now_would_be(staff):
    made = announceable_cycle(staff=staff)
    Citation.objects.filter(nomination=made["first"]).update(approved_at=None, approved_by=None)
    cycle = made["first"].cycle

    with recording_refusals(), pytest.raises(TransitionBlocked) as refused:
        announcement_schedule(cycle=cycle, actor=staff, at=timezone.now() + timedelta(days=1))

    assert refused.value.reasons == ["Restore NYC, Inc. has no approved short and full citation"]
    cycle.refresh_from_db()
    assert cycle.announce_at is None
    event = AuditEvent.objects.latest("pk")
    assert (event.action, event.outcome) == ("cycle.announce_schedule", "denied")


def test_schedule_by_a_party_to_a_recipient_is_refused(staff):
    made = announceable_cycle(staff=staff)
    cycle = made["first"].cycle
    Nomination.objects.filter(pk=made["second"].pk).update(nominator=staff)

    with pytest.raises(TransitionBlocked) as refused:
        announcement_schedule(cycle=cycle, actor=staff, at=timezone.now() + timedelta(days=1))

    assert refused.value.reasons == [
        "you are a party to the nomination of Coalition of Immokalee Workers, Inc., so "
        "another member of award staff must announce"
    ]
    cycle.refresh_from_db()
    assert cycle.announce_at is None


@pytest.mark.parametrize("who", ["panelist", "official", "nominator"])
def test_schedule_by_non_staff_is_refused(staff, who):
    made = announceable_cycle(staff=staff)
    cycle = made["first"].cycle
    actor = {
        "panelist": factories.panelist,
        "official": factories.selecting_official,
        "nominator": factories.UserFactory,
    }[who]()

    with pytest.raises(WorkflowError):
        announcement_schedule(cycle=cycle, actor=actor, at=timezone.now() + timedelta(days=1))

    cycle.refresh_from_db()
    assert cycle.announce_at is None


def test_unschedule_cancels_the_moment(staff, media_root):
    made = announceable_cycle(staff=staff)
    cycle = scheduled(made, staff)
    at = cycle.announce_at

    announcement_unschedule(cycle=cycle, actor=staff)

    cycle.refresh_from_db()
    assert (cycle.announce_at, cycle.announce_scheduled_by) == (None, None)
    event = AuditEvent.objects.latest("pk")
    assert (event.action, event.data) == ("cycle.announce_unschedule", {"at": at.isoformat()})
    Cycle.objects.filter(pk=cycle.pk).update(announce_at=None)
    assert announce_due(now=at + timedelta(minutes=1)) == []
    assert states(made)["first"] == S.SELECTED


def test_announcing_now_drops_the_schedule(staff, media_root):
    from selection.services.announce import cycle_announce_and_award

    made = announceable_cycle(staff=staff)
    cycle = scheduled(made, staff)

    cycle_announce_and_award(cycle=cycle, actor=staff)

    cycle.refresh_from_db()
    assert (cycle.state, cycle.announce_at, cycle.announce_scheduled_by) == (
        CycleState.ANNOUNCED,
        None,
        None,
    )


def test_a_schedule_cancelled_after_the_run_listed_it_is_left_alone(staff, media_root, monkeypatch):
    from selection.services import announce_schedule

    made = announceable_cycle(staff=staff)
    cycle = scheduled(made, staff)
    Cycle.objects.filter(pk=cycle.pk).update(announce_at=timezone.now() - timedelta(seconds=1))
    listed = announce_schedule.cycles_due(timezone.now())
    # Staff cancel between the run's listing and its turn at the cycle.
    announcement_unschedule(cycle=cycle, actor=staff)
    monkeypatch.setattr(announce_schedule, "cycles_due", lambda now: listed)

    assert announce_due() == []

    cycle.refresh_from_db()
    assert (cycle.state, cycle.announce_at) == (CycleState.SELECTION, None)
    assert states(made)["first"] == S.SELECTED
    assert not AuditEvent.objects.filter(action="cycle.announce_schedule_failed").exists()


def test_an_unexpected_error_keeps_the_schedule_and_the_command_says_so(
    staff, media_root, monkeypatch, capsys
):
    from selection.services import announce_schedule

    made = announceable_cycle(staff=staff)
    cycle = scheduled(made, staff)
    Cycle.objects.filter(pk=cycle.pk).update(announce_at=timezone.now() - timedelta(seconds=1))

    def storage_down(**kwargs):
        raise OSError("the storage is unreachable")

    monkeypatch.setattr(announce_schedule, "cycle_announce_and_award", storage_down)

    with pytest.raises(CommandError, match=f"Scheduled announcements failed: {cycle}."):
        call_command("announce_scheduled")

    assert capsys.readouterr().out == f"{cycle}: failed; it stays scheduled (see the log).\n"
    cycle.refresh_from_db()
    assert cycle.state == CycleState.SELECTION
    assert cycle.announce_at is not None
    assert mail.outbox == []
