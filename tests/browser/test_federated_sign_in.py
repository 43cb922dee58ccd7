"""Signing in through an identity provider in Chromium, against a real one: the test
provider of tests/identity_provider (allauth's own OpenID Connect provider in a second
process) standing in for Login.gov, with private_key_jwt as Login.gov has it.

Every page visited goes through `check_page`, the provider's too.
"""

import re
import secrets

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect

from accounts.roles import Role
from core.models import AuditEvent
from tests import factories
from tests.browser.conftest import PASSWORD
from tests.identity_provider.flow import (
    PASSWORD_AT_PROVIDER,
    ProviderApp,
    app_settings,
    callback_url,
    signed_out_url,
)
from tests.identity_provider.running import running_identity_provider

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LOGIN_GOV = ProviderApp("login-gov", "awards-login-gov-browser", "login-gov-secret")


@pytest.fixture(scope="session")
def identity_provider(tmp_path_factory):
    with running_identity_provider(tmp_path_factory.mktemp("identity-provider")) as idp:
        yield idp


@pytest.fixture
def login_gov(settings, identity_provider, live_server):
    """The test provider as Login.gov for the live server: private_key_jwt, behaving."""
    key_file = identity_provider.register_client(
        LOGIN_GOV.client_id,
        LOGIN_GOV.secret,
        redirect_uris=[callback_url(LOGIN_GOV.provider_id, live_server.url)],
        post_logout_redirect_uris=[signed_out_url(LOGIN_GOV.provider_id, live_server.url)],
        with_key=True,
    )
    identity_provider.misbehave("")
    app = app_settings(identity_provider, LOGIN_GOV, name="Login.gov", key_file=key_file)
    settings.SOCIALACCOUNT_PROVIDERS = {"oidc": {"APPS": [app]}}
    # As IDENTITY_PROVIDER_ORIGINS does for the configured providers.
    settings.SECURE_CSP = {
        **settings.SECURE_CSP,
        "form-action": [*settings.SECURE_CSP["form-action"], identity_provider.url],
    }
    yield identity_provider
    identity_provider.misbehave("")


def person_at_provider(idp) -> str:
    email = f"{secrets.token_hex(6)}@people.example"
    idp.add_user(email, PASSWORD_AT_PROVIDER)
    return email


def start_at_the_sign_in_page(page: Page, base_url: str, check_page) -> None:
    page.goto(f"{base_url}/accounts/login/")
    check_page("sign in with identity providers")
    page.get_by_role("button", name="Sign in with Login.gov").click()


def sign_in_at_the_provider(page: Page, email: str, check_page) -> None:
    check_page("identity provider sign in")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD_AT_PROVIDER)
    page.get_by_role("button", name="Sign In", exact=True).click()


def sign_out(page: Page, check_page) -> None:
    """Sign out here, then confirm signing out at the provider (which asks)."""
    page.get_by_role("button", name="Sign out").click()
    check_page("identity provider sign out")
    page.get_by_role("button", name=re.compile("sign out|log out", re.IGNORECASE)).first.click()


def test_first_sign_in_creates_the_account_and_the_second_finds_it(
    live_server, page: Page, check_page, login_gov
):
    email = person_at_provider(login_gov)

    start_at_the_sign_in_page(page, live_server.url, check_page)
    sign_in_at_the_provider(page, email, check_page)

    expect(page).to_have_url(f"{live_server.url}/my/nominations/")
    check_page("nominator landing after Login.gov")
    user = get_user_model().objects.get(email=email)
    assert list(user.groups.values_list("name", flat=True)) == [Role.NOMINATOR]

    sign_out(page, check_page)

    expect(page.get_by_text("You are signed out of Login.gov too.")).to_be_visible()
    check_page("signed out at Login.gov too")

    start_at_the_sign_in_page(page, live_server.url, check_page)
    sign_in_at_the_provider(page, email, check_page)

    expect(page).to_have_url(f"{live_server.url}/my/nominations/")
    assert get_user_model().objects.filter(email=email).count() == 1
    assert SocialAccount.objects.get().user == user


def test_an_existing_account_is_connected_only_after_its_password(
    live_server, page: Page, check_page, login_gov
):
    email = person_at_provider(login_gov)
    owner = factories.nominator(email=email)
    EmailAddress.objects.create(user=owner, email=email, verified=True, primary=True)

    start_at_the_sign_in_page(page, live_server.url, check_page)
    sign_in_at_the_provider(page, email, check_page)

    expect(page.get_by_role("heading", level=1)).to_have_text("You already have an account")
    check_page("already have an account")
    assert SocialAccount.objects.count() == 0

    page.get_by_role("link", name="Sign in with your password").click()
    check_page("sign in before connecting")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/accounts/3rdparty/")
    check_page("account connections")
    page.get_by_role("button", name="Connect Login.gov").click()

    expect(page).to_have_url(f"{live_server.url}/accounts/3rdparty/")
    check_page("account connections with Login.gov")
    assert SocialAccount.objects.get().user == owner


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
def test_a_bad_answer_is_refused_with_a_clear_page(
    live_server, page: Page, check_page, login_gov, misbehaviour, reason
):
    email = person_at_provider(login_gov)
    users = get_user_model().objects.count()
    login_gov.misbehave(misbehaviour)

    start_at_the_sign_in_page(page, live_server.url, check_page)
    sign_in_at_the_provider(page, email, check_page)

    expect(page.get_by_role("heading", level=1)).to_have_text("Sign-in did not work")
    expect(page.get_by_role("alert")).to_contain_text("You are not signed in")
    check_page(f"refused sign-in ({misbehaviour})")
    assert get_user_model().objects.count() == users
    assert SocialAccount.objects.count() == 0
    assert [(e.action, e.outcome, e.data) for e in AuditEvent.objects.all()] == [
        ("account.sign_in", "denied", {"method": "oidc", "provider": "login-gov", "reason": reason})
    ]
    page.get_by_role("link", name="Back to sign in").click()
    expect(page).to_have_url(f"{live_server.url}/accounts/login/")


def test_sign_in_page_without_providers_shows_only_the_password(
    live_server, page: Page, check_page
):
    page.goto(f"{live_server.url}/accounts/login/")

    check_page("sign in without identity providers")
    expect(page.get_by_role("button", name=re.compile("Sign in with"))).to_have_count(0)
    expect(page.get_by_role("button", name="Sign In", exact=True)).to_be_visible()
