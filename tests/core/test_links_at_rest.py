"""No usable single-use link at rest: under the production task backend, after each kind
of link has been sent (and opened), no table of the database and no log line holds its
token, while the link in the email delivered still works."""

import logging
import re
import zlib
from unittest import mock

import pytest
from allauth.account.models import EmailAddress
from django.core import mail, signing
from django.core.cache import cache
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from nominations.models import EndorsementRequest, OutboxMessage
from nominations.services.outbox import outbox_resend
from nominations.states import CycleState, OutboxStatus
from reviews.models import PanelInvitation
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

PASSWORD = "a long enough passphrase 42"
ENDORSE = re.compile(r"http://testserver(/endorse/([A-Za-z0-9_-]{43})/)")
INVITATION = re.compile(r"http://testserver(/review/invitations/([A-Za-z0-9_-]{43})/)")
CONFIRM = re.compile(r"https?://[^/\s]+(/accounts/confirm-email/([^/\s]+)/)")
RESET = re.compile(
    r"https?://[^/\s]+(/accounts/password/reset/key/[0-9A-Za-z]+-(([^/\s-]+)-([^/\s]+))/)"
)


@pytest.fixture(autouse=True)
def _production_tasks(settings):
    settings.AWARDS_SITE_URL = "http://testserver"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    cache.clear()


class _Records(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))

    def emit(self, record):
        self.lines.append(self.format(record))


@pytest.fixture
def logs():
    """Every log record of every logger at DEBUG, those that do not propagate included."""
    records = _Records()
    loggers = [logging.getLogger()] + [
        logging.getLogger(name) for name in list(logging.root.manager.loggerDict)
    ]
    levels = [(logger, logger.level) for logger in loggers]
    for logger in loggers:
        logger.addHandler(records)
        logger.setLevel(logging.DEBUG)
    yield records.lines
    for logger, level in levels:
        logger.removeHandler(records)
        logger.setLevel(level)


def run_worker():
    """The production worker, once through the queue. Inside the test's transaction,
    where the worker's check for stale connections would close the test's own."""
    with mock.patch(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    ):
        call_command("db_worker", batch=True, interval=0, startup_delay=False, verbosity=0)


def session_payload(value: str) -> str:
    """What anyone with the table reads in a signed session: no key is needed to decode."""
    data = value.split(":", 1)[0]
    raw = signing.b64_decode(data.lstrip(".").encode())
    return (zlib.decompress(raw) if data.startswith(".") else raw).decode()


def database_text() -> str:
    """Every row of every table, as text; sessions decoded as an attacker would."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted}")  # noqa: S608 - names from introspection
            chunks.extend(str(row) for row in cursor.fetchall())
        cursor.execute("SELECT session_data FROM django_session")
        chunks.extend(session_payload(data) for (data,) in cursor.fetchall())
    return "\n".join(chunks)


def assert_nowhere_at_rest(secrets: list[str], logs: list[str]) -> None:
    assert OutboxMessage.objects.exists()  # the scan sees the tables the mail went through
    stored, logged = database_text(), "\n".join(logs)
    for secret in secrets:
        assert len(secret) >= 20
        assert secret not in stored
        assert secret not in logged


def post_with_callbacks(client, capture, url, data=None):
    with capture(execute=True):
        response = client.post(url, data or {})
    run_worker()
    return response


# -- letters of support -------------------------------------------------------------------------


def ask_for_letter(client, capture):
    nomination = factories.NominationFactory(nominator_name="Jordan Lee")
    client.force_login(nomination.nominator)
    post_with_callbacks(
        client,
        capture,
        reverse("nominations:endorsement_request", args=[nomination.pk]),
        {"name": "Ana Ruiz", "email": "ana@partner.example.org", "relationship": "partner"},
    )
    return nomination


def open_endorser_link(client, path):
    client.logout()
    page = client.get(path)
    assert page.status_code == 200
    assert page.context["endorsement"] == EndorsementRequest.objects.get()


def test_letter_request_link_is_nowhere_at_rest_and_works(
    client, logs, django_capture_on_commit_callbacks
):
    ask_for_letter(client, django_capture_on_commit_callbacks)

    [sent] = mail.outbox
    path, token = ENDORSE.search(sent.body).groups()
    assert OutboxMessage.objects.get().status == OutboxStatus.SENT
    open_endorser_link(client, path)
    assert_nowhere_at_rest([token], logs)


def test_letter_request_resend_link_is_nowhere_at_rest_and_works(
    client, logs, django_capture_on_commit_callbacks
):
    nomination = ask_for_letter(client, django_capture_on_commit_callbacks)
    endorsement = EndorsementRequest.objects.get()

    post_with_callbacks(
        client,
        django_capture_on_commit_callbacks,
        reverse("nominations:endorsement_resend", args=[nomination.pk, endorsement.pk]),
    )

    first, resent = (ENDORSE.search(message.body).groups() for message in mail.outbox)
    assert first[1] != resent[1]
    open_endorser_link(client, resent[0])
    assert_nowhere_at_rest([first[1], resent[1]], logs)


def test_failed_letter_request_is_sent_with_a_working_link_when_staff_resend_it(
    client, logs, django_capture_on_commit_callbacks, monkeypatch
):
    def refuse(self, messages):
        raise ConnectionRefusedError("mail server down")

    with monkeypatch.context() as patched:
        patched.setattr(EmailBackend, "send_messages", refuse)
        ask_for_letter(client, django_capture_on_commit_callbacks)
    failed = OutboxMessage.objects.get()
    assert (failed.status, failed.error, mail.outbox) == (
        OutboxStatus.FAILED,
        "ConnectionRefusedError: mail server down",
        [],
    )

    with django_capture_on_commit_callbacks(execute=True):
        copy = outbox_resend(message=failed, actor=factories.award_staff())
    run_worker()

    copy.refresh_from_db()
    assert copy.status == OutboxStatus.SENT
    [sent] = mail.outbox
    path, token = ENDORSE.search(sent.body).groups()
    open_endorser_link(client, path)
    assert_nowhere_at_rest([token], logs)


# -- panel invitations --------------------------------------------------------------------------


def invite(client, capture):
    staff = factories.award_staff()
    cycle = factories.CycleFactory(state=CycleState.CLOSED, configured=False)
    factories.panel_of(cycle)
    client.force_login(staff)
    post_with_callbacks(
        client,
        capture,
        reverse("reviews:panel_invite", args=[cycle.pk]),
        {"email": "ana@example.org", "full_name": "Ana Ruiz"},
    )
    return cycle


def open_invitation(client, path):
    client.logout()
    page = client.get(path)
    assert page.status_code == 200
    assert page.context["mode"] == "setup"


def test_panel_invitation_link_is_nowhere_at_rest_and_works(
    client, logs, django_capture_on_commit_callbacks
):
    invite(client, django_capture_on_commit_callbacks)

    [sent] = mail.outbox
    path, token = INVITATION.search(sent.body).groups()
    open_invitation(client, path)
    assert_nowhere_at_rest([token], logs)


def test_panel_invitation_resend_link_is_nowhere_at_rest_and_works(
    client, logs, django_capture_on_commit_callbacks
):
    cycle = invite(client, django_capture_on_commit_callbacks)
    invitation = PanelInvitation.objects.get()

    post_with_callbacks(
        client,
        django_capture_on_commit_callbacks,
        reverse("reviews:invitation_resend", args=[cycle.pk, invitation.pk]),
    )

    first, resent = (INVITATION.search(message.body).groups() for message in mail.outbox)
    assert first[1] != resent[1]
    open_invitation(client, resent[0])
    assert_nowhere_at_rest([first[1], resent[1]], logs)


# -- account emails (allauth, sent at once) -----------------------------------------------------


def test_email_confirmation_link_is_nowhere_at_rest_and_works(client, logs):
    factories.NominationFactory()  # something in the outbox tables to scan past
    OutboxMessage.objects.create(to=["x@example.org"], subject="s", body="b")
    client.post(
        reverse("account_signup"),
        {
            "full_name": "Nora N.",
            "email": "nora@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    run_worker()
    [sent] = mail.outbox
    path, key = CONFIRM.search(sent.body).groups()
    client.logout()

    page = client.get(path)
    assert_nowhere_at_rest([key], logs)
    confirmed = client.post(path)

    assert (page.status_code, confirmed.status_code) == (200, 302)
    assert EmailAddress.objects.get(email="nora@example.org").verified is True


def test_password_reset_link_is_nowhere_at_rest_and_works(client, logs):
    OutboxMessage.objects.create(to=["x@example.org"], subject="s", body="b")
    user = factories.nominator(email="nora@example.org")
    user.emailaddress_set.create(email=user.email, verified=True, primary=True)
    client.post(reverse("account_reset_password"), {"email": user.email})
    run_worker()
    [sent] = mail.outbox
    path, key, _, signature = RESET.search(sent.body).groups()

    opened = client.get(path)
    assert opened.status_code == 302
    form = client.get(opened["Location"])
    assert form.status_code == 200
    assert_nowhere_at_rest([key, signature], logs)
    new_password = "another long passphrase 77"
    done = client.post(opened["Location"], {"password1": new_password, "password2": new_password})

    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new_password)
