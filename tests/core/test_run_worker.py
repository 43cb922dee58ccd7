"""run_worker: the task worker keeps going through a database outage."""

from unittest import mock

import pytest
from django.core.management import call_command
from django.db import InterfaceError, OperationalError

from core.management.commands import run_worker

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(autouse=True)
def _database_tasks(settings):
    settings.TASKS = DATABASE_TASKS


def test_run_worker_starts_again_after_the_database_fails(monkeypatch):
    outcomes = [OperationalError("server closed the connection"), InterfaceError("closed"), None]
    runs = []

    def worker_run(self):
        runs.append(self.worker_id)
        outcome = outcomes.pop(0)
        if outcome is not None:
            raise outcome

    waits = []
    monkeypatch.setattr(run_worker.time, "sleep", waits.append)
    with mock.patch.object(run_worker.DatabaseWorkerCommand, "handle", autospec=True) as handle:
        handle.side_effect = lambda command, *args, **options: worker_run(
            mock.Mock(worker_id=options["worker_id"])
        )
        call_command("run_worker", batch=True, worker_id="w1", verbosity=0)

    assert runs == ["w1", "w1", "w1"]
    assert waits == [1.0, 2.0]


def test_run_worker_does_not_swallow_other_errors(monkeypatch):
    monkeypatch.setattr(run_worker.time, "sleep", lambda seconds: None)
    with (
        mock.patch.object(
            run_worker.DatabaseWorkerCommand, "handle", side_effect=ValueError("a bug")
        ),
        pytest.raises(ValueError, match="a bug"),
    ):
        call_command("run_worker", batch=True, verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_run_worker_runs_queued_tasks_like_db_worker():
    """Through the real worker loop: a queued email is sent."""
    from django.core import mail

    from nominations.models import OutboxMessage
    from nominations.services.outbox import outbox_send_now
    from nominations.states import OutboxStatus

    message = outbox_send_now(to=["a@example.org"], subject="Hello", body="Body")

    call_command("run_worker", batch=True, interval=0, startup_delay=False, verbosity=0)

    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT
    assert [m.subject for m in mail.outbox] == ["Hello"]
    assert OutboxMessage.objects.count() == 1
