"""python manage.py send_review_reminders [--cycle PK] [--dry-run]."""

import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from core.models import AuditEvent
from nominations.models import OutboxMessage
from nominations.states import CycleState
from reviews.models import PanelMember
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def panel():
    cycle = factories.review_cycle(nominations=2, panelists=0)
    items = list(cycle.nominations.order_by("reference"))
    ana = factories.seat(cycle, factories.panelist(email="ana@example.gov"))
    ben = factories.seat(cycle, factories.panelist(email="ben@example.gov"))
    for nomination in items:
        for member in (ana, ben):
            nomination.assignments.create(member=member)
        factories.review_of(nomination, ben, overall=3)
    return cycle, items, ana


def run(capture, *args) -> str:
    out = io.StringIO()
    with capture(execute=True):
        call_command("send_review_reminders", *args, stdout=out)
    return out.getvalue()


def test_command_prints_who_got_one_and_sends(panel, django_capture_on_commit_callbacks):
    cycle, items, ana = panel

    output = run(django_capture_on_commit_callbacks)

    assert output == (
        f"Reminded ana@example.gov ({cycle}): 2 incomplete reviews "
        f"({items[0].reference}, {items[1].reference})\n"
        "1 reminder(s) sent.\n"
    )
    assert [m.to for m in mail.outbox] == [["ana@example.gov"]]
    assert OutboxMessage.objects.count() == 1
    ana.refresh_from_db()
    assert ana.last_reminded_at is not None


def test_command_dry_run_sends_nothing(panel, django_capture_on_commit_callbacks):
    cycle, items, ana = panel

    output = run(django_capture_on_commit_callbacks, "--dry-run")

    assert output == (
        f"Would remind ana@example.gov ({cycle}): 2 incomplete reviews "
        f"({items[0].reference}, {items[1].reference})\n"
        "Dry run: 1 reminder(s) would be sent.\n"
    )
    assert (len(mail.outbox), OutboxMessage.objects.count(), AuditEvent.objects.count()) == (
        0,
        0,
        0,
    )
    assert PanelMember.objects.filter(last_reminded_at__isnull=False).count() == 0


def test_command_for_one_cycle(panel, django_capture_on_commit_callbacks):
    cycle, _, _ = panel
    factories.review_cycle(nominations=1, panelists=2)

    output = run(django_capture_on_commit_callbacks, "--cycle", str(cycle.pk))

    assert output.endswith("1 reminder(s) sent.\n")
    assert [m.to for m in mail.outbox] == [["ana@example.gov"]]


def test_command_cycle_not_in_review(panel, django_capture_on_commit_callbacks):
    cycle = factories.CycleFactory(state=CycleState.SELECTION)

    output = run(django_capture_on_commit_callbacks, "--cycle", str(cycle.pk))

    assert output == f"{cycle} is not in panel review; no reminders to send.\n"
    assert mail.outbox == []


def test_command_unknown_cycle_fails(django_capture_on_commit_callbacks):
    with pytest.raises(CommandError, match="There is no cycle with id 999999."):
        run(django_capture_on_commit_callbacks, "--cycle", "999999")


def test_command_nothing_to_send(django_capture_on_commit_callbacks):
    assert run(django_capture_on_commit_callbacks) == "0 reminder(s) sent.\n"
