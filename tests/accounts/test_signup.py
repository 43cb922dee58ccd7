import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from accounts.models import User
from accounts.roles import Role

PASSWORD = "a long enough passphrase 42"


def _sign_up(client, email: str = "Nora.Nominator@Example.org"):
    return client.post(
        reverse("account_signup"),
        {"email": email, "password1": PASSWORD, "password2": PASSWORD},
    )


@pytest.mark.django_db
def test_signup_creates_unverified_nominator_and_sends_confirmation(client):
    response = _sign_up(client)

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get()
    assert user.email == "nora.nominator@example.org"
    assert list(user.groups.values_list("name", flat=True)) == [Role.NOMINATOR.value]
    address = EmailAddress.objects.get(user=user)
    assert (address.email, address.verified, address.primary) == (user.email, False, True)
    assert len(mail.outbox) == 1
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["nora.nominator@example.org"], "Confirm your email address")
    ]
    body = mail.outbox[0].body
    assert body.startswith("Hello from Award Nominations,\n")
    assert body.rstrip().endswith("Award Nominations\nhttp://127.0.0.1:8000")
    assert "gave this email address for an account on Award Nominations." in body
    assert "/accounts/confirm-email/" in body


@pytest.mark.django_db
def test_signup_login_refused_until_email_confirmed(client):
    _sign_up(client)
    client.logout()

    response = client.post(
        reverse("account_login"), {"login": "nora.nominator@example.org", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_signup_confirm_link_then_login_lands_on_my_nominations(client):
    _sign_up(client)
    confirm_url = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", mail.outbox[0].body)
    client.logout()

    page = client.get(confirm_url.group(1))
    confirmed = client.post(confirm_url.group(1))
    client.logout()
    login = client.post(
        reverse("account_login"), {"login": "nora.nominator@example.org", "password": PASSWORD}
    )
    landing = client.get(login["Location"])

    assert page.status_code == 200
    assert confirmed.status_code == 302
    assert EmailAddress.objects.get().verified is True
    assert login.status_code == 302
    assert login["Location"] == "/start/"
    assert landing.status_code == 302
    assert landing["Location"] == "/my/nominations/"
    assert client.session["_auth_user_id"] == str(User.objects.get().pk)


@pytest.mark.django_db
def test_signup_has_no_username_field(client):
    response = client.get(reverse("account_signup"))

    assert response.status_code == 200
    assert list(response.context["form"].fields) == ["email", "password1", "password2"]


@pytest.mark.django_db
def test_signup_with_taken_email_reveals_nothing_and_warns_the_owner(client):
    _sign_up(client)
    client.logout()
    mail.outbox.clear()
    cache.clear()  # as if the three-minute confirm_email rate-limit window had passed

    response = _sign_up(client, email="nora.nominator@EXAMPLE.org")

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert User.objects.count() == 1
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["nora.nominator@example.org"], "Account Already Exists")
    ]
