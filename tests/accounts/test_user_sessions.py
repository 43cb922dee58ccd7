"""Each person's list of sessions (allauth's usersessions, /accounts/sessions/), ending
the others, what ends them on its own (a new password, a removed second factor), ending
every session of an account, and keeping each session's last use."""

import datetime as dt

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.usersessions.models import UserSession
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.authentication import SIGNED_IN_AT_SESSION_KEY
from accounts.middleware import SESSION_ENDED_FOR_ACCOUNT
from accounts.sessions import (
    ACTIVITY_INTERVAL,
    SEEN_AT_SESSION_KEY,
    describe_device,
    end_every_session,
)
from core.models import AuditEvent
from tests.accounts.conftest import PASSWORD
from tests.accounts.test_mfa import signed_in_with_code
from tests.factories import award_staff, nominator, panelist

pytestmark = pytest.mark.django_db

FIREFOX_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
CHROME_ANDROID = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36"
)


def browser(user_agent: str, address: str) -> Client:
    return Client(HTTP_USER_AGENT=user_agent, REMOTE_ADDR=address)


def sign_in(client: Client, user) -> None:
    user.emailaddress_set.update_or_create(
        email=user.email, defaults={"verified": True, "primary": True}
    )
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302


def signed_in(client: Client) -> bool:
    return client.get(reverse("accounts:landing")).status_code == 302 and (
        "_auth_user_id" in client.session
    )


def test_sessions_page_lists_each_signed_in_browser_in_words():
    user = nominator()
    laptop, phone = browser(FIREFOX_WINDOWS, "198.51.100.7"), browser(CHROME_ANDROID, "2001:db8::9")
    sign_in(laptop, user)
    sign_in(phone, user)

    page = laptop.get(reverse("usersessions_list"))

    assert page.status_code == 200
    html = page.content.decode()
    assert "Firefox on Windows" in html and "198.51.100.7" in html
    assert "Chrome on Android" in html and "2001:db8::9" in html
    assert html.count("This session") == 1
    assert "Sign out of the other sessions" in html


def test_signing_out_the_other_sessions_ends_them_and_is_audited():
    user = nominator()
    laptop, phone = (
        browser(FIREFOX_WINDOWS, "198.51.100.7"),
        browser(CHROME_ANDROID, "198.51.100.8"),
    )
    sign_in(laptop, user)
    sign_in(phone, user)

    response = laptop.post(reverse("usersessions_list"))

    assert response.status_code == 302
    assert signed_in(laptop)
    assert not signed_in(phone)
    assert list(UserSession.objects.filter(user=user).values_list("ip", flat=True)) == [
        "198.51.100.7"
    ]
    event = AuditEvent.objects.get(action="account.sessions_end")
    assert (event.actor_id, event.object_id, event.data) == (user.pk, str(user.pk), {"sessions": 1})


def test_a_new_password_signs_out_the_other_sessions():
    user = nominator()
    laptop, phone = (
        browser(FIREFOX_WINDOWS, "198.51.100.7"),
        browser(CHROME_ANDROID, "198.51.100.8"),
    )
    sign_in(laptop, user)
    sign_in(phone, user)

    changed = laptop.post(
        reverse("account_change_password"),
        {
            "oldpassword": PASSWORD,
            "password1": "a new long passphrase 77",
            "password2": "a new long passphrase 77",
        },
    )

    assert changed.status_code == 302
    assert signed_in(laptop)
    assert not signed_in(phone)


def test_removing_a_second_factor_signs_out_the_other_sessions(settings):
    settings.AWARDS_REQUIRE_MFA = False
    user = panelist()
    laptop, phone = (
        browser(FIREFOX_WINDOWS, "198.51.100.7"),
        browser(CHROME_ANDROID, "198.51.100.8"),
    )
    signed_in_with_code(laptop, user)
    recovery_code = RecoveryCodes.activate(user).generate_codes()[0]
    sign_in(phone, user)  # allauth then asks for the second factor: a recovery code
    phone.post(reverse("mfa_authenticate"), {"code": recovery_code})
    assert signed_in(phone)
    laptop.post(reverse("account_reauthenticate"), {"password": PASSWORD})

    removed = laptop.post(reverse("mfa_deactivate_totp"))

    assert removed.status_code == 302
    assert not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    assert signed_in(laptop)
    assert not signed_in(phone)
    ended = AuditEvent.objects.get(action="account.sessions_end")
    assert (ended.actor_id, ended.data) == (user.pk, {"sessions": 1})


def test_ending_every_session_signs_out_even_an_unlisted_one(client):
    user = award_staff()
    client.force_login(user)  # Django's own sign-in: no row in the list
    listed = browser(FIREFOX_WINDOWS, "198.51.100.7")
    sign_in(listed, user)

    ended = end_every_session(user)
    response = client.get(reverse("nominations:staff_home"))

    assert ended == 1
    assert response["Location"] == "/accounts/login/?next=/staff/"
    assert [str(m) for m in get_messages(response.wsgi_request)] == [SESSION_ENDED_FOR_ACCOUNT]
    assert not signed_in(listed)
    assert not UserSession.objects.filter(user=user).exists()


def test_signing_in_after_every_session_ended_works_again():
    user = nominator()
    end_every_session(user)
    later = browser(FIREFOX_WINDOWS, "198.51.100.7")

    sign_in(later, user)

    assert signed_in(later)


def test_last_use_is_noted_at_most_every_interval(client):
    user = nominator()
    laptop = browser(FIREFOX_WINDOWS, "198.51.100.7")
    sign_in(laptop, user)
    row = UserSession.objects.get(user=user)
    session = laptop.session
    session[SIGNED_IN_AT_SESSION_KEY] = (
        timezone.now() - dt.timedelta(seconds=ACTIVITY_INTERVAL + 5)
    ).timestamp()
    session.save()
    UserSession.objects.filter(pk=row.pk).update(
        last_seen_at=timezone.now() - dt.timedelta(hours=1)
    )

    laptop.get(reverse("records:your_records"))
    first = UserSession.objects.get(pk=row.pk).last_seen_at
    with CaptureQueriesContext(connection) as again:
        laptop.get(reverse("records:your_records"))

    assert timezone.now() - first < dt.timedelta(minutes=1)
    assert UserSession.objects.get(pk=row.pk).last_seen_at == first
    assert not [q for q in again.captured_queries if "usersessions_usersession" in q["sql"]]
    assert SEEN_AT_SESSION_KEY in laptop.session


@pytest.mark.parametrize(
    ("user_agent", "words"),
    [
        (FIREFOX_WINDOWS, "Firefox on Windows"),
        (CHROME_ANDROID, "Chrome on Android"),
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like "
            "Gecko) Version/17.5 Safari/605.1.15",
            "Safari on macOS",
        ),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
            "Edge on Windows",
        ),
        ("curl/8.5.0", "curl/8.5.0"),
        ("", "Unknown browser"),
    ],
)
def test_describe_device(user_agent, words):
    assert describe_device(user_agent) == words


def test_an_address_allauth_cannot_read_does_not_stop_the_request():
    user = nominator()
    odd = browser(FIREFOX_WINDOWS, "not an address")
    odd.force_login(user)
    session = odd.session
    session[SIGNED_IN_AT_SESSION_KEY] = (
        timezone.now() - dt.timedelta(seconds=ACTIVITY_INTERVAL + 5)
    ).timestamp()
    session.save()

    response = odd.get(reverse("records:your_records"))

    assert response.status_code == 200
    assert not UserSession.objects.filter(user=user).exists()
