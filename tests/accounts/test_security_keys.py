"""AWARDS_REQUIRE_SECURITY_KEY: award staff, the selecting official and admin users must
use a security key or passkey (WebAuthn); authenticator-app codes and recovery codes
are refused for them (accounts.middleware.RequireMFAMiddleware.require_security_key)."""

import json

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.contrib.messages import get_messages
from django.urls import reverse

from accounts.middleware import (
    ADD_SECURITY_KEY,
    MFA_NOT_PROVED,
    SECURITY_KEY_NOT_PROVED,
    SECURITY_KEYS_ONLY,
)
from tests.accounts.test_mfa import password_step, records, signed_in_with_code
from tests.accounts.webauthn_key import SoftKey
from tests.factories import UserFactory, award_staff, panelist, selecting_official

KEY_ROLES = [award_staff, selecting_official, lambda: UserFactory(is_staff=True)]
ADD_KEY_URL = "/accounts/2fa/webauthn/add/"

pytestmark = pytest.mark.django_db


@pytest.fixture
def require_key(settings):
    settings.AWARDS_REQUIRE_MFA = True
    settings.AWARDS_REQUIRE_SECURITY_KEY = True


def add_key(client, key: SoftKey) -> None:
    form = client.get(reverse("mfa_add_webauthn"))
    added = client.post(
        reverse("mfa_add_webauthn"),
        {
            "name": "Desk key",
            "credential": json.dumps(
                key.registration_response(form.context["js_data"]["creation_options"])
            ),
        },
    )
    assert added.status_code == 302, added.content


def sign_in_with_key(client, user, key: SoftKey):
    password_step(client, user)
    challenge = client.get(reverse("mfa_authenticate"))
    return client.post(
        reverse("mfa_authenticate"),
        {
            "credential": json.dumps(
                key.assertion_response(challenge.context["js_data"]["request_options"])
            )
        },
    )


def shown(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.mark.parametrize("make_user", KEY_ROLES)
def test_key_role_without_authenticator_is_sent_to_add_a_key(client, require_key, make_user):
    client.force_login(make_user())

    response = client.get(reverse("accounts:landing"))

    assert response.status_code == 302
    assert response["Location"] == ADD_KEY_URL
    assert shown(response) == [ADD_SECURITY_KEY]


def test_key_role_cannot_enrol_an_authenticator_app(client, require_key):
    client.force_login(award_staff())

    response = client.get(reverse("mfa_activate_totp"))

    assert response["Location"] == ADD_KEY_URL
    assert not Authenticator.objects.exists()


def test_key_role_reaches_the_add_key_page_through_allauths_password_check(
    client, require_key, sign_in
):
    client.force_login(award_staff())
    asked = client.get(ADD_KEY_URL)
    sign_in(award_staff())

    response = client.get(ADD_KEY_URL)

    assert (
        asked["Location"] == "/accounts/reauthenticate/?next=%2Faccounts%2F2fa%2Fwebauthn%2Fadd%2F"
    )
    assert response.status_code == 200


def test_staff_with_an_app_code_only_must_add_a_key_before_any_page(client, require_key):
    user, _ = signed_in_with_code(client, award_staff())

    response = client.get(reverse("nominations:staff_home"))

    assert response["Location"] == ADD_KEY_URL


def test_staff_with_an_app_whose_session_proved_nothing_signs_in_again(client, require_key):
    user = award_staff()
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})
    client.force_login(user)

    response = client.get(reverse("nominations:staff_home"))

    assert response["Location"].startswith(reverse("account_login"))
    assert MFA_NOT_PROVED in shown(response)


def test_staff_who_adds_a_key_then_signs_in_with_it_opens_staff_pages(client, require_key, sign_in):
    user = award_staff()
    key = SoftKey()
    sign_in(user)
    add_key(client, key)
    client.post(reverse("account_logout"))

    done = sign_in_with_key(client, user, key)
    response = client.get(reverse("nominations:staff_home"))

    assert done.status_code == 302
    assert response.status_code == 200
    assert records(client)[-1]["type"] == Authenticator.Type.WEBAUTHN


def test_staff_with_a_key_who_used_the_app_code_is_signed_out(client, require_key, sign_in):
    user = award_staff()
    sign_in(user)
    add_key(client, SoftKey())
    client.post(reverse("account_logout"))

    signed_in_with_code(client, user)  # adds an app too, and signs in with its code
    response = client.get(reverse("nominations:staff_home"))

    assert response["Location"] == "/accounts/login/?next=/staff/"
    assert SECURITY_KEY_NOT_PROVED in shown(response)
    assert "_auth_user_id" not in client.session


def test_panelists_may_still_use_an_app_code(client, require_key):
    signed_in_with_code(client, panelist())

    response = client.get(reverse("reviews:panelist_home"))

    assert response.status_code == 200


def test_without_the_setting_staff_may_use_an_app_code(client, settings):
    settings.AWARDS_REQUIRE_MFA = True
    settings.AWARDS_REQUIRE_SECURITY_KEY = False
    signed_in_with_code(client, award_staff())

    response = client.get(reverse("nominations:staff_home"))

    assert response.status_code == 200


def test_staff_with_a_key_who_used_a_recovery_code_is_signed_out(client, require_key, sign_in):
    user = award_staff()
    sign_in(user)
    add_key(client, SoftKey())
    client.post(reverse("account_logout"))
    code = RecoveryCodes.activate(user).generate_codes()[0]

    password_step(client, user)
    done = client.post(reverse("mfa_authenticate"), {"code": code})
    response = client.get(reverse("nominations:staff_home"))

    assert done.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/staff/"
    assert SECURITY_KEY_NOT_PROVED in shown(response)


@pytest.mark.parametrize(
    "page",
    [
        "mfa_activate_totp",
        "mfa_generate_recovery_codes",
        "mfa_view_recovery_codes",
        "mfa_download_recovery_codes",
    ],
)
def test_the_code_pages_are_closed_to_a_key_holder(client, require_key, sign_in, page):
    user = award_staff()
    key = SoftKey()
    sign_in(user)
    add_key(client, key)
    client.post(reverse("account_logout"))
    sign_in_with_key(client, user, key)
    before = sorted(Authenticator.objects.filter(user=user).values_list("type", flat=True))

    response = client.get(reverse(page))

    assert response["Location"] == reverse("mfa_index")
    assert shown(response)[-1] == SECURITY_KEYS_ONLY
    assert sorted(Authenticator.objects.filter(user=user).values_list("type", flat=True)) == before
