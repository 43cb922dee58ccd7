"""allauth's account emails go through the outbox and the worker, their links sealed, so a
mail server that is down delays them and never fails the request."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from accounts.models import User
from nominations.models import SECRET_WITHHELD, OutboxMessage
from nominations.states import OutboxStatus
from tests.factories import nominator

PASSWORD = "a long enough passphrase 42"
FAILING_MAILER = {"default": {"BACKEND": "tests.nominations.test_account_mail.RefusingBackend"}}


class RefusingBackend:
    """A mail server that is down: every send raises, as smtplib does."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError(111, "Connection refused")


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """allauth sends one confirmation per address every 3 minutes (counted in the cache)."""
    cache.clear()


def _sign_up(client, email="nora@example.org"):
    return client.post(
        reverse("account_signup"),
        {"full_name": "Nora N.", "email": email, "password1": PASSWORD, "password2": PASSWORD},
    )


@pytest.mark.django_db
def test_signup_confirmation_is_stored_in_the_outbox_with_its_link_sealed(client):
    response = _sign_up(client)

    assert response.status_code == 302
    message = OutboxMessage.objects.get()
    assert (message.to, message.subject, message.template, message.status) == (
        ["nora@example.org"],
        "Confirm your email address",
        "account/email_confirmation_signup",
        OutboxStatus.SENT,
    )
    assert SECRET_WITHHELD in message.body
    assert "/accounts/confirm-email/" not in message.body
    assert message.sealed_link == ""  # wiped once sent
    [sent] = mail.outbox
    assert "/accounts/confirm-email/" in sent.body
    assert SECRET_WITHHELD not in sent.body


@pytest.mark.django_db
def test_password_reset_email_is_stored_in_the_outbox_with_its_link_sealed(client):
    user = nominator(email="nora@example.org")
    user.emailaddress_set.create(email=user.email, verified=True, primary=True)

    response = client.post(reverse("account_reset_password"), {"email": user.email})

    assert response.status_code == 302
    message = OutboxMessage.objects.get()
    assert (message.template, message.status) == ("account/password_reset_key", OutboxStatus.SENT)
    assert SECRET_WITHHELD in message.body
    assert "/accounts/password/reset/key/" not in message.body
    [sent] = mail.outbox
    assert "/accounts/password/reset/key/" in sent.body


@pytest.mark.django_db
def test_with_the_mail_server_down_sign_up_succeeds_and_the_email_waits(client, settings):
    settings.MAILERS = FAILING_MAILER

    response = _sign_up(client)

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert User.objects.filter(email="nora@example.org").exists()
    message = OutboxMessage.objects.get()
    assert message.status == OutboxStatus.FAILED
    assert message.error == "ConnectionRefusedError: [Errno 111] Connection refused"
    assert message.sealed_link != ""  # kept, so that staff can resend it from the outbox


@pytest.mark.django_db
def test_with_the_mail_server_down_a_password_reset_succeeds(client, settings):
    user = nominator(email="nora@example.org")
    user.emailaddress_set.create(email=user.email, verified=True, primary=True)
    settings.MAILERS = FAILING_MAILER

    response = client.post(reverse("account_reset_password"), {"email": user.email})

    assert response.status_code == 302
    assert OutboxMessage.objects.get().status == OutboxStatus.FAILED
