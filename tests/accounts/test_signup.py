import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from accounts.models import User
from accounts.roles import Role

PASSWORD = "a long enough passphrase 42"


def _sign_up(client, email: str = "Nora.Nominator@Example.org", next_url: str = ""):
    data = {"full_name": " Nora  Nominator ", "email": email, "password1": PASSWORD}
    data |= {"password2": PASSWORD} | ({"next": next_url} if next_url else {})
    return client.post(reverse("account_signup"), data)


def _confirm_path(body: str) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", body).group(1)


@pytest.mark.django_db
def test_signup_creates_unverified_nominator_and_sends_confirmation(client):
    response = _sign_up(client)

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get()
    assert user.email == "nora.nominator@example.org"
    assert user.full_name == "Nora Nominator"
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
    assert list(response.context["form"].fields) == ["full_name", "email", "password1", "password2"]
    assert 'autocomplete="name"' in response.content.decode()


@pytest.mark.django_db
def test_signup_without_a_name_is_refused(client):
    response = client.post(
        reverse("account_signup"),
        {"full_name": "  ", "email": "n@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["full_name"] == ["This field is required."]
    assert User.objects.count() == 0


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


# -- back to the nomination being started --------------------------------------------------


@pytest.fixture
def open_cycle():
    from nominations.states import CycleState
    from tests import factories

    return factories.CycleFactory(state=CycleState.OPEN)


def _start_path(cycle) -> str:
    return reverse("nominations:nomination_start_link", args=[cycle.pk])


@pytest.mark.django_db
def test_signup_then_confirming_in_the_same_browser_opens_the_new_draft(client, open_cycle):
    from nominations.models import Nomination

    start = _start_path(open_cycle)
    _sign_up(client, next_url=start)
    confirm = _confirm_path(mail.outbox[0].body)

    page = client.get(confirm)
    confirmed = client.post(confirm, {"next": start})
    opened = client.get(confirmed["Location"])

    assert page.status_code == 200
    assert f'name="next" value="{start}"' in page.content.decode()
    assert confirmed.status_code == 302
    assert confirmed["Location"] == start
    nomination = Nomination.objects.get()
    assert opened["Location"] == reverse("nominations:nomination_edit", args=[nomination.pk])
    assert nomination.nominator_name == "Nora Nominator"
    assert client.session["_auth_user_id"] == str(nomination.nominator.pk)


@pytest.mark.django_db
def test_confirmation_link_carries_next_to_another_browser_and_through_sign_in(client, open_cycle):
    from django.test import Client

    from nominations.models import Nomination

    start = _start_path(open_cycle)
    _sign_up(client, next_url=start)
    confirm = _confirm_path(mail.outbox[0].body)
    other = Client()

    confirmed = other.post(confirm, {"next": start})
    to_sign_in = other.get(confirmed["Location"])
    login = other.post(
        to_sign_in["Location"].split("?")[0],
        {"login": "nora.nominator@example.org", "password": PASSWORD, "next": start},
    )
    opened = other.get(login["Location"])

    assert confirm.endswith("?next=%2Fnominations%2Fstart%2F" + f"{open_cycle.pk}%2F")
    assert EmailAddress.objects.get().verified is True
    assert confirmed["Location"] == start
    assert to_sign_in["Location"] == reverse("account_login") + f"?next={start}"
    assert login["Location"] == start
    nomination = Nomination.objects.get()
    assert opened["Location"] == reverse("nominations:nomination_edit", args=[nomination.pk])


@pytest.mark.django_db
def test_confirmation_link_ignores_a_next_to_another_site(client):
    _sign_up(client, next_url="https://evil.example.com/")

    assert "?next=" not in mail.outbox[0].body
    assert "evil" not in mail.outbox[0].body


@pytest.mark.django_db
def test_with_local_signup_off_nobody_signs_up_with_a_password(client, settings):
    settings.AWARDS_LOCAL_SIGNUP = False

    form = client.get(reverse("account_signup"))
    response = client.post(
        reverse("account_signup"),
        {
            "full_name": "Nina Nominator",
            "email": "nina@example.org",
            "password1": "a long enough passphrase 42",
            "password2": "a long enough passphrase 42",
        },
    )
    sign_in = client.get(reverse("account_login"))

    assert "account/signup_closed.html" in [t.name for t in form.templates]
    assert response.status_code == 200
    assert not User.objects.exists()
    assert reverse("account_signup").encode() not in sign_in.content
