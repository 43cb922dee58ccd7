import json

import pytest
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    TOTP,
    generate_totp_secret,
)
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.middleware import MFA_NOT_PROVED
from accounts.roles import Role
from tests.accounts.conftest import PASSWORD
from tests.accounts.totp import current_code
from tests.accounts.webauthn_key import SoftKey, registration_response
from tests.factories import UserFactory, award_staff, nominator, panelist, selecting_official

ENROL_URL = "/accounts/2fa/totp/activate/"
MFA_ROLES = [award_staff, panelist, selecting_official]


@pytest.fixture
def require_mfa(settings):
    settings.AWARDS_REQUIRE_MFA = True


def records(client) -> list[dict]:
    """allauth's authentication records in the client's session."""
    return client.session.get(AUTHENTICATION_METHODS_SESSION_KEY, [])


def password_step(client, user):
    user.emailaddress_set.update_or_create(
        email=user.email, defaults={"verified": True, "primary": True}
    )
    return client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})


def signed_in_with_code(client, user):
    """Signs in through allauth's password and code steps; returns (user, secret)."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    password_step(client, user)
    done = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert done.status_code == 302
    return user, secret


@pytest.mark.django_db
@pytest.mark.parametrize("make_user", MFA_ROLES)
def test_mfa_required_role_without_authenticator_sent_to_enrolment(client, require_mfa, make_user):
    client.force_login(make_user())

    response = client.get(reverse("accounts:landing"))

    assert response.status_code == 302
    assert response["Location"] == ENROL_URL


@pytest.mark.django_db
def test_mfa_admin_user_without_role_sent_to_enrolment(client, require_mfa):
    client.force_login(UserFactory(is_staff=True))

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"] == ENROL_URL


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/accounts/2fa/", "/accounts/logout/", "/accounts/reauthenticate/"]
)
def test_mfa_enrolment_pages_logout_and_reauthentication_stay_open(client, require_mfa, path):
    client.force_login(panelist())

    response = client.get(path)

    assert response.status_code == 200


@pytest.mark.django_db
def test_mfa_static_files_not_redirected(client, require_mfa):
    client.force_login(panelist())

    response = client.get("/static/mfa/js/webauthn.js")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")


@pytest.mark.django_db
def test_mfa_nominator_never_forced(client, require_mfa):
    client.force_login(nominator())

    response = client.get(reverse("accounts:landing"))

    assert response.status_code == 302
    assert response["Location"] == "/my/nominations/"


@pytest.mark.django_db
def test_mfa_not_forced_when_setting_off(client, settings):
    settings.AWARDS_REQUIRE_MFA = False
    client.force_login(award_staff())

    response = client.get(reverse("accounts:landing"))

    assert response.status_code == 302
    assert response["Location"] == "/staff/"


@pytest.mark.django_db
def test_mfa_anonymous_not_redirected_to_enrolment(client, require_mfa):
    response = client.get(reverse("accounts:landing"))

    assert response["Location"] == "/accounts/login/?next=/start/"


# Committed for real: allauth announces a new authenticator app on commit, during the
# request, and the session must be saved after that.
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("make_user", "landing"),
    [(award_staff, "/staff/"), (panelist, "/review/"), (selecting_official, "/selection/")],
)
def test_mfa_totp_enrolment_through_allauth_opens_pages(
    client, require_mfa, sign_in, make_user, landing
):
    user = make_user()
    sign_in(user)
    blocked = client.get(reverse("accounts:landing"))
    form = client.get(ENROL_URL)
    secret = client.session[SECRET_SESSION_KEY]

    activated = client.post(ENROL_URL, {"code": current_code(secret)})
    after = client.get(reverse("accounts:landing"))

    assert blocked["Location"] == ENROL_URL
    assert form.status_code == 200
    assert activated.status_code == 302
    assert activated["Location"] == reverse("mfa_view_recovery_codes")
    assert sorted(Authenticator.objects.filter(user=user).values_list("type", flat=True)) == [
        Authenticator.Type.RECOVERY_CODES,
        Authenticator.Type.TOTP,
    ]
    # Enrolling took a code from the new app: the session has proved it.
    assert [r["method"] for r in records(client)] == ["password", "password", "mfa"]
    assert records(client)[-1]["enrolled"] is True
    assert after.status_code == 302
    assert after["Location"] == landing


@pytest.mark.django_db
def test_mfa_totp_enrolment_wrong_code_refused(client, require_mfa, sign_in):
    user = award_staff()
    sign_in(user)
    client.get(ENROL_URL)

    response = client.post(ENROL_URL, {"code": "000000"})

    assert response.status_code == 200
    assert response.context["form"].errors == {"code": ["Incorrect code."]}
    assert Authenticator.objects.filter(user=user).count() == 0


@pytest.mark.django_db
def test_mfa_session_signed_in_with_the_code_opens_pages(client, require_mfa):
    signed_in_with_code(client, award_staff())

    response = client.get(reverse("accounts:landing"))

    assert response.status_code == 302
    assert response["Location"] == "/staff/"
    assert [r["method"] for r in records(client)] == ["password", "mfa"]


@pytest.mark.django_db
@pytest.mark.parametrize("make_user", MFA_ROLES)
def test_mfa_enrolled_user_session_made_without_the_code_is_signed_out(
    client, require_mfa, make_user
):
    user = make_user()
    TOTP.activate(user, generate_totp_secret())
    client.force_login(user)
    old_key = client.session.session_key

    response = client.get(reverse("accounts:landing"), follow=True)

    assert response.redirect_chain == [("/accounts/login/?next=/start/", 302)]
    assert [str(m) for m in response.context["messages"]] == [MFA_NOT_PROVED]
    assert "_auth_user_id" not in client.session
    assert not Session.objects.filter(session_key=old_key).exists()


@pytest.mark.django_db
def test_mfa_session_with_only_a_password_record_is_signed_out(client, require_mfa, sign_in):
    """Signed in by password before an authenticator existed; the authenticator was
    added elsewhere (another session, the admin). This session never used it."""
    user = award_staff()
    sign_in(user)
    TOTP.activate(user, generate_totp_secret())
    assert [r["method"] for r in records(client)] == ["password", "password"]

    response = client.get(reverse("nominations:staff_home"))

    assert response["Location"] == "/accounts/login/?next=/staff/"
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/accounts/2fa/", "/accounts/2fa/totp/activate/", "/accounts/reauthenticate/"]
)
def test_mfa_unproved_session_cannot_reach_the_mfa_pages(client, require_mfa, path):
    """The MFA pages stay open for enrolment only: a session that has not used the
    user's authenticator cannot add another one (or re-authenticate to do so)."""
    user = panelist()
    TOTP.activate(user, generate_totp_secret())
    client.force_login(user)

    response = client.get(path)

    assert response["Location"] == f"/accounts/login/?next={path}"
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_mfa_unproved_session_htmx_request_gets_401(client, require_mfa):
    user = panelist()
    TOTP.activate(user, generate_totp_secret())
    client.force_login(user)

    response = client.post(reverse("reviews:panelist_home"), HTTP_HX_REQUEST="true")

    assert response.status_code == 401
    assert response.content == b"Your session has ended."
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_mfa_unproved_session_may_still_sign_out(client, require_mfa):
    user = panelist()
    TOTP.activate(user, generate_totp_secret())
    client.force_login(user)

    response = client.post(reverse("account_logout"))

    assert response["Location"] == "/"
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_mfa_recovery_code_at_sign_in_opens_pages(client, require_mfa):
    user = award_staff()
    TOTP.activate(user, generate_totp_secret())
    code = RecoveryCodes.activate(user).generate_codes()[0]
    password_step(client, user)

    done = client.post(reverse("mfa_authenticate"), {"code": code})
    response = client.get(reverse("accounts:landing"))

    assert done.status_code == 302
    assert response["Location"] == "/staff/"
    assert records(client)[-1]["type"] == Authenticator.Type.RECOVERY_CODES


@pytest.mark.django_db
def test_mfa_webauthn_key_at_sign_in_opens_pages(client, require_mfa, sign_in):
    user = panelist()
    key = SoftKey()
    sign_in(user)
    form = client.get(reverse("mfa_add_webauthn"))
    client.post(
        reverse("mfa_add_webauthn"),
        {
            "name": "Desk key",
            "credential": json.dumps(
                key.registration_response(form.context["js_data"]["creation_options"])
            ),
        },
    )
    client.post(reverse("account_logout"))

    password_step(client, user)
    challenge = client.get(reverse("mfa_authenticate"))
    done = client.post(
        reverse("mfa_authenticate"),
        {
            "credential": json.dumps(
                key.assertion_response(challenge.context["js_data"]["request_options"])
            )
        },
    )
    response = client.get(reverse("accounts:landing"))

    assert done.status_code == 302
    assert response["Location"] == "/review/"
    assert [r["method"] for r in records(client)] == ["password", "mfa"]
    assert records(client)[-1]["type"] == Authenticator.Type.WEBAUTHN


@pytest.mark.django_db
def test_mfa_webauthn_key_owner_without_it_this_session_is_signed_out(client, require_mfa):
    user = panelist()
    Authenticator.objects.create(user=user, type=Authenticator.Type.WEBAUTHN, data={})
    client.force_login(user)

    response = client.get(reverse("accounts:landing"))

    assert response["Location"] == "/accounts/login/?next=/start/"


@pytest.mark.django_db
def test_mfa_recovery_codes_alone_do_not_count(client, require_mfa):
    user = panelist()
    Authenticator.objects.create(user=user, type=Authenticator.Type.RECOVERY_CODES, data={})
    client.force_login(user)

    response = client.get(reverse("accounts:landing"))

    assert response["Location"] == ENROL_URL


@pytest.mark.django_db
def test_mfa_login_with_totp_asks_for_code(client, require_mfa):
    user = award_staff()
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    user.emailaddress_set.create(email=user.email, verified=True, primary=True)

    password_step = client.post(
        reverse("account_login"),
        {"login": user.email, "password": "correct horse battery staple"},
    )
    signed_in_early = "_auth_user_id" in client.session
    code_step = client.post(password_step["Location"], {"code": current_code(secret)})

    assert password_step["Location"] == reverse("mfa_authenticate")
    assert signed_in_early is False
    assert code_step.status_code == 302
    assert code_step["Location"] == "/start/"
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_mfa_webauthn_add_page_offers_creation_options(client, sign_in):
    sign_in(nominator())

    response = client.get(reverse("mfa_add_webauthn"))
    options = response.context["js_data"]["creation_options"]["publicKey"]

    assert response.status_code == 200
    assert options["rp"] == {"id": "testserver", "name": "testserver"}
    assert len(options["challenge"]) >= 32


@pytest.mark.django_db
def test_mfa_webauthn_key_registered_through_allauth_opens_pages(client, require_mfa, sign_in):
    user = panelist()
    sign_in(user)
    form = client.get(reverse("mfa_add_webauthn"))
    credential = registration_response(form.context["js_data"]["creation_options"])

    added = client.post(
        reverse("mfa_add_webauthn"), {"name": "Desk key", "credential": json.dumps(credential)}
    )
    after = client.get(reverse("accounts:landing"))

    assert added.status_code == 302
    assert added["Location"] == reverse("mfa_view_recovery_codes")
    assert sorted(Authenticator.objects.filter(user=user).values_list("type", flat=True)) == [
        Authenticator.Type.RECOVERY_CODES,
        Authenticator.Type.WEBAUTHN,
    ]
    assert after["Location"] == "/review/"


@pytest.mark.django_db
def test_mfa_webauthn_list_page_loads(client, sign_in):
    sign_in(award_staff())

    response = client.get(reverse("mfa_list_webauthn"))

    assert response.status_code == 200


@pytest.mark.django_db
def test_mfa_middleware_adds_no_query_for_nominator(client, settings):
    settings.AWARDS_REQUIRE_MFA = True
    client.force_login(nominator())
    url = reverse("accounts:landing")
    client.get(url)  # warm up the session and content-type caches

    with CaptureQueriesContext(connection) as with_middleware:
        client.get(url)
    settings.MIDDLEWARE = [
        m for m in settings.MIDDLEWARE if m != "accounts.middleware.RequireMFAMiddleware"
    ]
    with CaptureQueriesContext(connection) as without_middleware:
        client.get(url)

    assert len(with_middleware) == len(without_middleware)
    assert not [q for q in with_middleware if "mfa_authenticator" in q["sql"]]


@pytest.mark.django_db
def test_mfa_middleware_one_authenticator_query_for_enrolled_staff(client, require_mfa):
    signed_in_with_code(client, award_staff())

    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("accounts:landing"))

    authenticator_queries = [q for q in queries if "mfa_authenticator" in q["sql"]]
    assert len(authenticator_queries) == 1


@pytest.mark.django_db
def test_mfa_enrolment_redirect_for_user_with_two_roles(client, require_mfa):
    client.force_login(UserFactory(roles=[Role.NOMINATOR, Role.PANELIST]))

    response = client.get(reverse("accounts:landing"))

    assert response["Location"] == ENROL_URL
