"""send_email against real SMTP failures: a mail server that accepts the connection and
never answers costs one EMAIL_TIMEOUT, then the message is marked failed for a resend."""

import socket
import threading

import pytest

from nominations.models import OutboxMessage
from nominations.services.outbox import outbox_send_now
from nominations.states import OutboxStatus


@pytest.fixture
def silent_mail_server():
    """A TCP port that accepts connections and never says a word (port, then closed)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    accepted, stop = [], threading.Event()

    def accept():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    listener.close()


@pytest.mark.django_db
def test_a_mail_server_that_never_answers_fails_the_message_after_the_timeout(
    settings, silent_mail_server
):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": silent_mail_server, "timeout": 1},
        }
    }

    message = outbox_send_now(to=["nora@example.org"], subject="Hello", body="Body")

    message.refresh_from_db()
    assert message.status == OutboxStatus.FAILED
    assert message.error == "SMTPServerDisconnected: Connection unexpectedly closed: timed out"
    assert OutboxMessage.objects.count() == 1


@pytest.mark.django_db
def test_a_mail_server_that_refuses_fails_the_message(settings):
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 1},
        }
    }

    message = outbox_send_now(to=["nora@example.org"], subject="Hello", body="Body")

    message.refresh_from_db()
    assert message.status == OutboxStatus.FAILED
    assert message.error == "ConnectionRefusedError: [Errno 111] Connection refused"
