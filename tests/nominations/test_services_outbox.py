"""Every email is stored in the outbox after commit, sent by the task, and can be resent."""

import importlib
import smtplib

import pytest
from django.apps import apps
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import transaction

from accounts.sealing import SealBroken, seal, unseal
from core.exceptions import InvalidInput, NotPermitted
from core.models import AuditEvent
from nominations.models import LINK_SEAL_PURPOSE, OutboxMessage
from nominations.services.endorsements import endorsement_request
from nominations.services.nomination import nomination_submit
from nominations.services.outbox import SECRET_WITHHELD, outbox_resend, outbox_send_now
from nominations.states import CycleState, OutboxStatus
from nominations.tasks import UNSEALABLE, send_email
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.AWARDS_SITE_URL = "http://testserver"


def submitted(django_capture_on_commit_callbacks, **kwargs):
    cycle = factories.CycleFactory(state=CycleState.OPEN, award_year=2023)
    nomination = factories.NominationFactory(cycle=cycle, **kwargs)
    with django_capture_on_commit_callbacks(execute=True):
        nomination_submit(nomination=nomination, actor=nomination.nominator)
    return nomination


def test_submit_receipt_is_stored_only_after_commit_then_sent(django_capture_on_commit_callbacks):
    cycle = factories.CycleFactory(state=CycleState.OPEN, award_year=2023)
    nomination = factories.NominationFactory(cycle=cycle)

    with django_capture_on_commit_callbacks() as callbacks:
        nomination_submit(nomination=nomination, actor=nomination.nominator)
    assert OutboxMessage.objects.count() == 0
    assert mail.outbox == []

    for callback in callbacks:
        callback()

    message = OutboxMessage.objects.get()
    assert message.to == [nomination.nominator.email]
    assert message.subject == "Nomination PA-2023-0001 received"
    assert message.template == "nomination_submitted"
    assert message.nomination == nomination
    assert message.status == OutboxStatus.SENT
    assert message.sent_at is not None
    assert message.error == ""
    assert [a["filename"] for a in message.attachments] == ["nomination-PA-2023-0001.pdf"]
    assert [(m.to, m.subject, m.body) for m in mail.outbox] == [
        ([nomination.nominator.email], message.subject, message.body)
    ]
    assert [a[0] for a in mail.outbox[0].attachments] == ["nomination-PA-2023-0001.pdf"]


def test_rolled_back_change_stores_and_sends_nothing(django_capture_on_commit_callbacks):
    nomination = factories.NominationFactory(cycle__award_year=2023)

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        nomination_submit(nomination=nomination, actor=nomination.nominator)
        raise RuntimeError("roll back")

    assert OutboxMessage.objects.count() == 0
    assert mail.outbox == []


def test_failing_backend_marks_the_message_failed_with_the_error(monkeypatch):
    def refuse(self, messages):
        raise smtplib.SMTPRecipientsRefused({"ana@example.org": (550, b"no such user")})

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)

    message = outbox_send_now(to=["ana@example.org"], subject="Hello\n there", body="Hi.")

    message.refresh_from_db()
    assert message.subject == "Hello there"
    assert message.status == OutboxStatus.FAILED
    assert message.error == ("SMTPRecipientsRefused: {'ana@example.org': (550, b'no such user')}")
    assert message.sent_at is None
    assert mail.outbox == []


def test_resend_creates_a_new_message_and_sends_it(django_capture_on_commit_callbacks):
    nomination = submitted(django_capture_on_commit_callbacks)
    original = OutboxMessage.objects.get()
    staff = factories.award_staff()

    with django_capture_on_commit_callbacks(execute=True):
        copy = outbox_resend(message=original, actor=staff)

    copy.refresh_from_db()
    assert copy.pk != original.pk
    assert copy.resend_of == original
    assert (copy.to, copy.subject, copy.body, copy.attachments, copy.template) == (
        original.to,
        original.subject,
        original.body,
        original.attachments,
        original.template,
    )
    assert copy.nomination == nomination
    assert copy.status == OutboxStatus.SENT
    assert [(m.to, m.subject) for m in mail.outbox] == [
        ([nomination.nominator.email], "Nomination PA-2023-0001 received"),
        ([nomination.nominator.email], "Nomination PA-2023-0001 received"),
    ]
    event = AuditEvent.objects.get(action="outbox.resend")
    assert (event.actor, event.object_id, event.data["resend_of"]) == (
        staff,
        str(copy.pk),
        original.pk,
    )


@pytest.mark.parametrize("role", ["nominator", "panelist", "selecting_official"])
def test_resend_by_anyone_but_staff_is_refused_and_changes_nothing(
    role, django_capture_on_commit_callbacks
):
    submitted(django_capture_on_commit_callbacks)
    original = OutboxMessage.objects.get()
    events = AuditEvent.objects.count()
    actor = getattr(factories, role)()

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(NotPermitted):
        outbox_resend(message=original, actor=actor)

    assert list(OutboxMessage.objects.values_list("pk", flat=True)) == [original.pk]
    assert AuditEvent.objects.count() == events
    assert len(mail.outbox) == 1


def test_endorsement_link_is_sent_but_not_stored_and_cannot_be_resent(
    django_capture_on_commit_callbacks,
):
    nomination = factories.NominationFactory()
    with django_capture_on_commit_callbacks(execute=True):
        endorsement_request(
            nomination=nomination,
            actor=nomination.nominator,
            name="Ana Ruiz",
            email="ana@partner.example.org",
            relationship="program partner",
        )
    message = OutboxMessage.objects.get()
    sent = mail.outbox[0]
    link = next(line for line in sent.body.splitlines() if "/endorse/" in line)

    assert message.to == ["ana@partner.example.org"]
    assert message.template == "endorsement_request"
    assert message.nomination == nomination
    assert message.status == OutboxStatus.SENT
    assert link not in message.body
    assert message.body == sent.body.replace(link, SECRET_WITHHELD)
    assert message.sealed_link == ""

    with pytest.raises(InvalidInput, match="single-use link, which is not kept once"):
        outbox_resend(message=message, actor=factories.award_staff())
    assert OutboxMessage.objects.count() == 1
    assert len(mail.outbox) == 1


def test_the_sending_task_gets_only_the_message_id_and_the_link_waits_sealed(monkeypatch, settings):
    enqueued = []

    class Recorded:
        @staticmethod
        def enqueue(*args, **kwargs):
            enqueued.append((args, kwargs))

    monkeypatch.setattr("nominations.services.outbox.send_email", Recorded)
    link = "http://testserver/endorse/" + "T" * 43 + "/"

    message = outbox_send_now(
        to=["ana@example.org"], subject="Hi", body=f"Open {link}", secret=link
    )

    message.refresh_from_db()
    assert enqueued == [((message.pk,), {})]
    assert message.body == f"Open {SECRET_WITHHELD}"
    assert "T" * 43 not in message.sealed_link
    assert unseal(message.sealed_link, purpose=LINK_SEAL_PURPOSE) == link
    settings.SECRET_KEY = "another key, as a copy of the database without the site's key"
    with pytest.raises(SealBroken):
        unseal(message.sealed_link, purpose=LINK_SEAL_PURPOSE)


def test_a_failed_send_keeps_the_sealed_link_and_a_retry_sends_it(monkeypatch):
    link = "http://testserver/endorse/" + "T" * 43 + "/"
    with monkeypatch.context() as patched:
        patched.setattr(EmailBackend, "send_messages", _refuse_with_the_link)
        message = outbox_send_now(
            to=["ana@example.org"], subject="Hi", body=f"Open {link}", secret=link
        )
    message.refresh_from_db()
    assert (message.status, message.error) == (
        OutboxStatus.FAILED,
        f"SMTPDataError: (554, 'rejected: Open {SECRET_WITHHELD}')",
    )
    assert message.sealed_link

    send_email.enqueue(message.pk)

    message.refresh_from_db()
    assert (message.status, message.error, message.sealed_link) == (OutboxStatus.SENT, "", "")
    assert [m.body for m in mail.outbox] == [f"Open {link}"]


def _refuse_with_the_link(self, messages):
    raise smtplib.SMTPDataError(554, f"rejected: {messages[0].body}")


def test_a_link_sealed_under_another_key_fails_the_message_and_cannot_be_resent(settings):
    link = "http://testserver/endorse/" + "T" * 43 + "/"
    message = OutboxMessage.objects.create(
        to=["ana@example.org"],
        subject="Hi",
        body=f"Open {SECRET_WITHHELD}",
        sealed_link=seal(link, purpose="another purpose"),
    )

    send_email.enqueue(message.pk)

    message.refresh_from_db()
    assert (message.status, message.error, message.sealed_link) == (
        OutboxStatus.FAILED,
        UNSEALABLE,
        "",
    )
    assert mail.outbox == []
    with pytest.raises(InvalidInput, match="single-use link, which is not kept once"):
        outbox_resend(message=message, actor=factories.award_staff())
    assert OutboxMessage.objects.count() == 1


def test_staff_resend_of_a_failed_link_moves_the_sealed_link_to_the_new_message(
    monkeypatch, django_capture_on_commit_callbacks
):
    link = "http://testserver/endorse/" + "T" * 43 + "/"
    with monkeypatch.context() as patched:
        patched.setattr(EmailBackend, "send_messages", _refuse_with_the_link)
        failed = outbox_send_now(
            to=["ana@example.org"], subject="Hi", body=f"Open {link}", secret=link
        )
    staff = factories.award_staff()

    with django_capture_on_commit_callbacks(execute=True):
        copy = outbox_resend(message=failed, actor=staff)
    with pytest.raises(InvalidInput, match="single-use link, which is not kept once"):
        outbox_resend(message=failed, actor=staff)

    failed.refresh_from_db()
    copy.refresh_from_db()
    assert (failed.status, failed.sealed_link) == (OutboxStatus.FAILED, "")
    assert (copy.status, copy.sealed_link, copy.body) == (
        OutboxStatus.SENT,
        "",
        f"Open {SECRET_WITHHELD}",
    )
    assert [m.body for m in mail.outbox] == [f"Open {link}"]
    assert OutboxMessage.objects.count() == 2


# -- the cycle a message belongs to (its records package lists it) -----------------------


def test_a_message_about_a_nomination_belongs_to_its_cycle_and_a_resend_too():
    nomination = factories.nomination_in("submitted")
    staff = factories.award_staff()

    message = outbox_send_now(to=["a@example.org"], subject="S", body="B", nomination=nomination)
    copy = outbox_resend(message=message, actor=staff)

    assert (message.cycle_id, copy.cycle_id) == (nomination.cycle_id, nomination.cycle_id)


def test_a_message_names_its_cycle_or_none():
    cycle = factories.cycle_in(CycleState.REVIEW)

    named = outbox_send_now(to=["a@example.org"], subject="S", body="B", cycle_id=cycle.pk)
    unnamed = outbox_send_now(to=["a@example.org"], subject="S", body="B")

    assert (named.cycle_id, unnamed.cycle_id) == (cycle.pk, None)


def test_the_migration_gives_stored_messages_their_nominations_cycle():
    migration = importlib.import_module("nominations.migrations.0021_outbox_cycle")
    nomination = factories.nomination_in("submitted")
    about = OutboxMessage.objects.create(
        to=["a@x.org"], subject="S", body="B", nomination=nomination
    )
    other = OutboxMessage.objects.create(to=["b@x.org"], subject="S", body="B")

    migration.cycle_of_the_nomination(apps, None)

    about.refresh_from_db()
    other.refresh_from_db()
    assert (about.cycle_id, other.cycle_id) == (nomination.cycle_id, None)
