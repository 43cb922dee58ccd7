"""review_reminders_send: one digest per panelist with reviews left, through the outbox."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core.exceptions import NotPermitted
from core.models import AuditEvent
from nominations.models import OutboxMessage
from reviews.models import Panel, PanelMember
from reviews.services.reminders import review_reminders_send
from reviews.tasks import send_review_reminders_task
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def panel():
    """Three nominations; Ana has a draft and two not started, Ben has submitted all."""
    cycle = factories.review_cycle(nominations=3, panelists=0)
    items = list(cycle.nominations.order_by("reference"))
    ana = factories.seat(cycle, factories.panelist(full_name="Ana Ortiz", email="ana@example.gov"))
    ben = factories.seat(cycle, factories.panelist(full_name="Ben Cho", email="ben@example.gov"))
    Panel.objects.filter(cycle=cycle).update(review_due=dt.date(2031, 3, 14))
    for nomination in items:
        for member in (ana, ben):
            nomination.assignments.create(member=member)
        factories.review_of(nomination, ben, overall=3)
    factories.review_of(items[1], ana, overall=4, submitted=False)
    return cycle, items, ana, ben


def send(capture, **kwargs) -> int:
    with capture(execute=True):
        return review_reminders_send(**kwargs)


def test_reminders_one_digest_listing_every_incomplete_nomination(
    panel, django_capture_on_commit_callbacks
):
    cycle, items, ana, ben = panel

    sent = send(django_capture_on_commit_callbacks)

    assert sent == 1
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["ana@example.gov"]
    assert (
        email.subject
        == f"{cycle.program.short_name} {cycle.award_year} panel: 3 reviews still to submit"
    )
    lines = [
        f"- {item.reference}: {item.nominee.display_name} ({status})"
        for item, status in zip(
            items, ("not started", "draft saved, not submitted", "not started"), strict=True
        )
    ]
    assert "\n".join(lines) in email.body
    assert "Please submit your scores by Friday, March 14, 2031." in email.body
    message = OutboxMessage.objects.get()
    assert (message.to, message.subject, message.body, message.template, message.nomination) == (
        ["ana@example.gov"],
        email.subject,
        email.body,
        "review_reminder",
        None,
    )
    assert message.cycle_id == cycle.pk


def test_reminders_link_to_the_panelist_dashboard_on_the_site(
    panel, settings, django_capture_on_commit_callbacks
):
    settings.AWARDS_SITE_URL = "https://awards.example.gov/"

    send(django_capture_on_commit_callbacks)

    assert "\nhttps://awards.example.gov/review/\n" in mail.outbox[0].body


def test_reminders_say_where_to_declare_a_conflict_or_decline_with_its_link(
    panel, settings, django_capture_on_commit_callbacks
):
    cycle, _items, ana, _ben = panel
    settings.AWARDS_SITE_URL = "https://awards.example.gov/"

    send(django_capture_on_commit_callbacks)

    nominations_page = reverse("reviews:panel_nominations", args=[ana.panel_id])
    assert (
        "If you have a conflict of interest with a nomination, declare it instead of scoring "
        "it; if you cannot take on an assignment, decline it. You can do either from the "
        "nomination's scoring page, or for every nomination at once from the panel's "
        f"nominations page:\nhttps://awards.example.gov{nominations_page}\n"
    ) in mail.outbox[0].body


def test_reminders_set_last_reminded_and_audit_one_event_per_panelist(
    panel, django_capture_on_commit_callbacks
):
    cycle, items, ana, ben = panel
    staff = factories.award_staff()
    before = timezone.now()

    send(django_capture_on_commit_callbacks, actor=staff, cycle=cycle)

    ana.refresh_from_db()
    ben.refresh_from_db()
    assert ana.last_reminded_at >= before
    assert ben.last_reminded_at is None
    event = AuditEvent.objects.get()
    assert (event.action, event.outcome, event.actor, event.actor_role, event.object_id) == (
        "review.remind",
        "done",
        staff,
        "Award staff",
        str(ana.pk),
    )
    assert event.data == {
        "cycle": cycle.pk,
        "to": "ana@example.gov",
        "nominations": [
            {"reference": items[0].reference, "status": "not started"},
            {"reference": items[1].reference, "status": "draft"},
            {"reference": items[2].reference, "status": "not started"},
        ],
    }


def test_reminders_nothing_incomplete_sends_nothing(panel, django_capture_on_commit_callbacks):
    cycle, items, ana, ben = panel

    sent = send(django_capture_on_commit_callbacks, member=ben)

    assert sent == 0
    assert mail.outbox == []
    assert OutboxMessage.objects.count() == 0
    assert AuditEvent.objects.count() == 0
    ben.refresh_from_db()
    assert ben.last_reminded_at is None


def test_reminders_one_email_per_panelist_across_cycles(panel, django_capture_on_commit_callbacks):
    other = factories.review_cycle(nominations=2, panelists=2)

    sent = send(django_capture_on_commit_callbacks)

    assert sent == 3
    assert sorted(len(m.body.split("\n- ")) - 1 for m in mail.outbox) == [2, 2, 3]
    assert OutboxMessage.objects.count() == 3
    assert AuditEvent.objects.filter(action="review.remind").count() == 3
    assert (
        PanelMember.objects.filter(panel__cycle=other, last_reminded_at__isnull=False).count() == 2
    )


def test_reminders_only_the_given_cycle(panel, django_capture_on_commit_callbacks):
    cycle, _, ana, _ = panel
    factories.review_cycle(nominations=2, panelists=2)

    assert send(django_capture_on_commit_callbacks, cycle=cycle) == 1
    assert mail.outbox[0].to == ["ana@example.gov"]


def test_reminders_refused_for_non_staff_actor_with_nothing_changed(
    panel, django_capture_on_commit_callbacks
):
    cycle, _, ana, _ = panel

    with pytest.raises(NotPermitted), django_capture_on_commit_callbacks(execute=True):
        review_reminders_send(actor=ana.user, cycle=cycle)

    assert (len(mail.outbox), OutboxMessage.objects.count(), AuditEvent.objects.count()) == (
        0,
        0,
        0,
    )
    ana.refresh_from_db()
    assert ana.last_reminded_at is None


def test_reminders_without_due_date_say_so(panel, django_capture_on_commit_callbacks):
    cycle, _, _, _ = panel
    Panel.objects.filter(cycle=cycle).update(review_due=None)

    send(django_capture_on_commit_callbacks)

    assert "No due date has been set yet" in mail.outbox[0].body


def test_reminder_task_sends_the_digests(panel, django_capture_on_commit_callbacks):
    cycle, _, _, _ = panel

    with django_capture_on_commit_callbacks(execute=True):
        result = send_review_reminders_task.enqueue(cycle.pk)

    assert result.return_value == 1
    assert [m.to for m in mail.outbox] == [["ana@example.gov"]]
    assert AuditEvent.objects.get().actor_role == "system"


def test_reminder_task_unknown_cycle_sends_nothing(panel, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        result = send_review_reminders_task.enqueue(999999)

    assert result.return_value == 0
    assert mail.outbox == []
