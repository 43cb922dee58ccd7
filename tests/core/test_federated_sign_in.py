"""Sign-in through an identity provider, end to end against a real one (the test provider
of tests/identity_provider, allauth's own OpenID Connect provider in a second process):
accounts created and linked, refusals audited once and changing nothing, sign-out at the
provider, and the agency sign-in rule for staff (docs/login-gov.md)."""

import secrets
from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.core.cache import cache

from accounts.roles import Role
from core.models import AuditEvent
from tests import factories
from tests.accounts.totp import current_code
from tests.identity_provider.flow import (
    PASSWORD_AT_PROVIDER,
    ProviderApp,
    app_settings,
    callback_url,
    path_of,
    sign_in_at_provider,
    signed_out_url,
)
from tests.identity_provider.running import running_identity_provider

pytestmark = pytest.mark.django_db

LOGIN_GOV = ProviderApp("login-gov", "awards-login-gov", "login-gov-secret")
AGENCY = ProviderApp("agency", "awards-agency", "agency-secret")
PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="session")
def identity_provider(tmp_path_factory):
    with running_identity_provider(tmp_path_factory.mktemp("identity-provider")) as idp:
        yield idp


@pytest.fixture
def providers(settings, identity_provider):
    """Login.gov (private_key_jwt) and the agency's provider (secret and PKCE), both the
    test provider under two clients, behaving."""
    key_file = identity_provider.register_client(
        LOGIN_GOV.client_id,
        LOGIN_GOV.secret,
        redirect_uris=[callback_url(LOGIN_GOV.provider_id)],
        post_logout_redirect_uris=[signed_out_url(LOGIN_GOV.provider_id)],
        with_key=True,
    )
    identity_provider.register_client(
        AGENCY.client_id, AGENCY.secret, redirect_uris=[callback_url(AGENCY.provider_id)]
    )
    identity_provider.misbehave("")
    settings.SOCIALACCOUNT_PROVIDERS = {
        "oidc": {
            "APPS": [
                app_settings(
                    identity_provider,
                    LOGIN_GOV,
                    name="Login.gov",
                    key_file=key_file,
                    auth_params={"acr_values": "urn:acr.login.gov:auth-only"},
                ),
                app_settings(identity_provider, AGENCY, name="Example Agency"),
            ]
        }
    }
    yield identity_provider
    identity_provider.misbehave("")


def person_at_provider(idp, *, verified: bool = True) -> str:
    email = f"{secrets.token_hex(6)}@people.example"
    idp.add_user(email, PASSWORD_AT_PROVIDER, email_verified=verified)
    return email


def sign_in_through(client, provider: ProviderApp, email: str):
    """The whole sign-in: the site's button, the provider's sign-in, back to the site."""
    start = client.post(f"/accounts/oidc/{provider.provider_id}/login/")
    assert start.status_code == 302
    return client.get(path_of(sign_in_at_provider(start["Location"], email)))


def signed_in_user(client):
    return get_user_model().objects.filter(pk=client.session.get("_auth_user_id")).first()


def test_first_sign_in_creates_a_nominator_account_and_signs_in(client, providers):
    email = person_at_provider(providers)

    response = sign_in_through(client, LOGIN_GOV, email)

    user = get_user_model().objects.get(email=email)
    assert response.status_code == 302
    assert signed_in_user(client) == user
    assert list(user.groups.values_list("name", flat=True)) == [Role.NOMINATOR]
    assert not user.has_usable_password()
    assert EmailAddress.objects.filter(user=user, email=email, verified=True).count() == 1
    assert SocialAccount.objects.filter(user=user, provider="login-gov").count() == 1
    events = list(AuditEvent.objects.filter(object_id=str(user.pk)).order_by("pk"))
    assert [(e.action, e.outcome, e.data) for e in events] == [
        ("account.role_grant", "done", {"role": Role.NOMINATOR}),
        ("account.sign_in", "done", {"methods": ["socialaccount"], "provider": "login-gov"}),
    ]


def test_second_sign_in_is_the_same_account(client, providers):
    email = person_at_provider(providers)
    sign_in_through(client, LOGIN_GOV, email)
    first = signed_in_user(client)
    client.post("/accounts/logout/")

    sign_in_through(client, LOGIN_GOV, email)

    assert signed_in_user(client) == first
    assert get_user_model().objects.filter(email=email).count() == 1
    assert SocialAccount.objects.filter(user=first).count() == 1


def test_authorization_request_carries_nonce_state_acr_and_no_request_overrides(client, providers):
    response = client.post(
        "/accounts/oidc/login-gov/login/?auth_params=acr_values%3Dlow&scope=phone"
    )

    query = parse_qs(urlsplit(response["Location"]).query)
    assert query["acr_values"] == ["urn:acr.login.gov:auth-only"]
    assert sorted(query["scope"][0].split()) == ["email", "openid", "profile"]
    assert len(query["nonce"][0]) >= 22
    assert len(query["state"][0]) >= 22
    assert "code_challenge" not in query  # private_key_jwt instead


def test_a_link_to_the_sign_in_address_only_asks_to_continue(client, providers):
    response = client.get("/accounts/oidc/login-gov/login/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Sign in with Login.gov |" in page
    assert 'type="submit"' in page
    assert "socialaccount_states" not in client.session


def test_agency_provider_without_a_key_uses_pkce(client, providers):
    response = client.post("/accounts/oidc/agency/login/")

    query = parse_qs(urlsplit(response["Location"]).query)
    assert query["code_challenge_method"] == ["S256"]


def test_a_verified_address_of_a_local_account_signs_in_only_after_connecting(client, providers):
    email = person_at_provider(providers)
    owner = factories.nominator(email=email)
    EmailAddress.objects.create(user=owner, email=email, verified=True, primary=True)
    before = AuditEvent.objects.count()

    refused = sign_in_through(client, LOGIN_GOV, email)

    assert refused.status_code == 409
    assert "You already have an account" in refused.content.decode()
    assert signed_in_user(client) is None
    assert SocialAccount.objects.count() == 0
    assert get_user_model().objects.filter(email__iexact=email).count() == 1
    events = list(AuditEvent.objects.order_by("pk")[before:])
    assert [(e.action, e.outcome, e.actor, e.object_id, e.data) for e in events] == [
        (
            "account.sign_in",
            "denied",
            None,
            str(owner.pk),
            {"method": "oidc", "provider": "login-gov", "reason": "not_connected"},
        )
    ]

    client.post("/accounts/login/", {"login": email, "password": PASSWORD})
    start = client.post("/accounts/oidc/login-gov/login/?process=connect")
    connected = client.get(path_of(sign_in_at_provider(start["Location"], email)))
    client.post("/accounts/logout/")
    sign_in_through(client, LOGIN_GOV, email)

    assert connected.status_code == 302
    assert SocialAccount.objects.get().user == owner
    assert signed_in_user(client) == owner


def test_an_unverified_address_of_a_local_account_is_never_linked(client, providers):
    email = person_at_provider(providers, verified=False)
    owner = factories.nominator(email=email)
    EmailAddress.objects.create(user=owner, email=email, verified=True, primary=True)

    sign_in_through(client, LOGIN_GOV, email)

    assert signed_in_user(client) is None
    assert SocialAccount.objects.count() == 0
    assert get_user_model().objects.filter(email__iexact=email).count() == 1


@pytest.mark.parametrize(
    ("misbehaviour", "reason"),
    [
        ("wrong_state", "state"),
        ("wrong_nonce", "nonce"),
        ("wrong_audience", "audience"),
        ("expired", "expired"),
        ("bad_signature", "signature"),
    ],
)
def test_a_bad_answer_from_the_provider_is_refused_and_audited_once(
    client, providers, misbehaviour, reason
):
    email = person_at_provider(providers)
    users = get_user_model().objects.count()
    before = AuditEvent.objects.count()
    providers.misbehave(misbehaviour)

    response = sign_in_through(client, LOGIN_GOV, email)

    page = response.content.decode()
    assert response.status_code == 401
    assert "Sign-in did not work" in page
    assert "Traceback" not in page
    assert signed_in_user(client) is None
    assert get_user_model().objects.count() == users
    assert SocialAccount.objects.count() == 0
    events = list(AuditEvent.objects.order_by("pk")[before:])
    assert [(e.action, e.outcome, e.actor, e.object_id, e.data) for e in events] == [
        (
            "account.sign_in",
            "denied",
            None,
            "",
            {"method": "oidc", "provider": "login-gov", "reason": reason},
        )
    ]


def test_a_replayed_callback_is_refused(client, providers):
    email = person_at_provider(providers)
    start = client.post("/accounts/oidc/login-gov/login/")
    callback = path_of(sign_in_at_provider(start["Location"], email))
    client.get(callback)
    client.post("/accounts/logout/")
    before = AuditEvent.objects.count()

    replayed = client.get(callback)

    assert replayed.status_code == 401
    assert signed_in_user(client) is None
    assert [e.data["reason"] for e in AuditEvent.objects.order_by("pk")[before:]] == ["state"]


def test_signing_out_signs_out_at_the_provider_too(client, providers):
    sign_in_through(client, LOGIN_GOV, person_at_provider(providers))

    response = client.post("/accounts/logout/")

    location = urlsplit(response["Location"])
    query = parse_qs(location.query)
    assert f"{location.scheme}://{location.netloc}{location.path}" == (
        f"{providers.url}/identity/o/logout"
    )
    assert query["client_id"] == [LOGIN_GOV.client_id]
    assert query["post_logout_redirect_uri"] == [signed_out_url("login-gov")]
    assert "id_token_hint" not in query
    assert signed_in_user(client) is None

    back = client.get(f"/accounts/oidc/login-gov/logout/return/?state={query['state'][0]}")

    assert back.status_code == 302
    assert [str(m) for m in get_messages(back.wsgi_request)][-1] == (
        "You are signed out of Login.gov too."
    )


def test_coming_back_from_the_provider_with_another_state_says_nothing(client, providers):
    sign_in_through(client, LOGIN_GOV, person_at_provider(providers))
    client.post("/accounts/logout/")

    back = client.get("/accounts/oidc/login-gov/logout/return/?state=not-the-one-sent")

    assert back["Location"] == "/"
    assert "You are signed out of Login.gov too." not in [
        str(m) for m in get_messages(back.wsgi_request)
    ]


def test_signing_out_of_a_password_session_stays_on_the_site(client, providers):
    user = factories.nominator()
    client.force_login(user)

    response = client.post("/accounts/logout/")

    assert response["Location"] == "/"


def test_provider_pages_are_not_found_when_not_configured(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {}

    assert client.post("/accounts/oidc/login-gov/login/").status_code == 404
    assert client.get("/accounts/oidc/login-gov/login/callback/?code=x&state=y").status_code == 404
    assert client.get("/accounts/oidc/login-gov/logout/return/").status_code == 404


def test_sign_in_page_shows_a_button_per_configured_provider(client, providers):
    page = client.get("/accounts/login/").content.decode()

    assert "Sign in with Login.gov" in page
    assert "Sign in with Example Agency" in page


def test_sign_in_page_shows_no_provider_without_configuration(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {}

    page = client.get("/accounts/login/").content.decode()

    assert "Sign in with" not in page


# -- award staff and the selecting official through the agency's provider ---------------


@pytest.fixture
def agency_required(settings, providers):
    settings.AWARDS_STAFF_AGENCY_SIGN_IN = True
    return providers


def test_staff_signed_in_with_a_password_are_sent_to_the_agency_sign_in(client, agency_required):
    staff = factories.award_staff()
    client.force_login(staff)

    response = client.get("/staff/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert signed_in_user(client) is None
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Award staff and the selecting official sign in with Example Agency. "
        "Sign in with it to go on."
    ]


def test_staff_connect_the_agency_account_then_sign_in_through_it(client, agency_required):
    email = person_at_provider(agency_required)
    staff = factories.award_staff(email=email)
    EmailAddress.objects.create(user=staff, email=email, verified=True, primary=True)
    client.post("/accounts/login/", {"login": email, "password": PASSWORD})
    start = client.post("/accounts/oidc/agency/login/?process=connect")
    connected = client.get(path_of(sign_in_at_provider(start["Location"], email)))
    assert connected["Location"] == "/accounts/3rdparty/"
    assert SocialAccount.objects.get(provider="agency").user == staff

    ended = client.get("/staff/")
    sign_in_through(client, AGENCY, email)
    response = client.get("/staff/")

    assert ended["Location"].startswith("/accounts/login/")
    assert signed_in_user(client) == staff
    assert response.status_code == 200


def test_staff_signed_in_through_login_gov_are_not_through_the_agency(client, settings, providers):
    email = person_at_provider(providers)
    staff = factories.award_staff(email=email)
    EmailAddress.objects.create(user=staff, email=email, verified=True, primary=True)
    client.post("/accounts/login/", {"login": email, "password": PASSWORD})
    start = client.post("/accounts/oidc/login-gov/login/?process=connect")
    client.get(path_of(sign_in_at_provider(start["Location"], email)))
    client.post("/accounts/logout/")
    sign_in_through(client, LOGIN_GOV, email)
    settings.AWARDS_STAFF_AGENCY_SIGN_IN = True

    response = client.get("/staff/")

    assert response["Location"].startswith("/accounts/login/")
    assert signed_in_user(client) is None


def test_nominators_are_not_held_to_the_agency_sign_in(client, agency_required):
    client.force_login(factories.nominator())

    assert client.get("/start/").status_code in (200, 302)
    assert signed_in_user(client) is not None


# -- the site's own second factor still applies ------------------------------------------


def test_a_panelist_signing_in_through_login_gov_still_gives_their_code(
    client, settings, providers
):
    settings.AWARDS_REQUIRE_MFA = True
    email = person_at_provider(providers)
    panelist = factories.panelist(email=email)
    EmailAddress.objects.create(user=panelist, email=email, verified=True, primary=True)
    secret = generate_totp_secret()
    TOTP.activate(panelist, secret)
    client.post("/accounts/login/", {"login": email, "password": PASSWORD})
    client.post("/accounts/2fa/authenticate/", {"code": current_code(secret)})
    start = client.post("/accounts/oidc/login-gov/login/?process=connect")
    client.get(path_of(sign_in_at_provider(start["Location"], email)))
    client.post("/accounts/logout/")
    cache.clear()  # allauth refuses a code used before; this test gives the same one again

    response = sign_in_through(client, LOGIN_GOV, email)

    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert signed_in_user(client) is None
    client.post("/accounts/2fa/authenticate/", {"code": current_code(secret)})
    assert signed_in_user(client) == panelist
    assert client.get("/review/").status_code == 200
