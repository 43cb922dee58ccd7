"""Sign-in through the test identity provider without a browser: the Django test client
plays the site's side, a `requests` session the person's browser at the provider."""

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests

from tests.identity_provider.running import RunningIdentityProvider

SITE = "http://testserver"
PASSWORD_AT_PROVIDER = "a password at the provider"


@dataclass(frozen=True)
class ProviderApp:
    provider_id: str
    client_id: str
    secret: str


def callback_url(provider_id: str, site: str = SITE) -> str:
    return f"{site}/accounts/oidc/{provider_id}/login/callback/"


def signed_out_url(provider_id: str, site: str = SITE) -> str:
    return f"{site}/accounts/oidc/{provider_id}/logout/return/"


def app_settings(
    idp: RunningIdentityProvider,
    app: ProviderApp,
    *,
    name: str,
    key_file=None,
    auth_params: dict | None = None,
    accepted_acr: tuple[str, ...] = (),
) -> dict:
    """One entry of SOCIALACCOUNT_PROVIDERS["oidc"]["APPS"] for the test provider."""
    return {
        "provider_id": app.provider_id,
        "name": name,
        "client_id": app.client_id,
        "secret": "" if key_file else app.secret,
        "settings": {
            "server_url": idp.url,
            "private_key_file": str(key_file) if key_file else "",
            "auth_params": auth_params or {},
            "accepted_acr": list(accepted_acr),
            "scope": ["openid", "email", "profile"],
        },
    }


def sign_in_at_provider(authorize_url: str, email: str, password: str = PASSWORD_AT_PROVIDER):
    """The person's browser at the provider: open the authorization address, sign in
    there, and follow the provider's redirects until one leads back to the site; that
    address (the callback with its code and state)."""
    browser = requests.Session()
    response = browser.get(authorize_url, timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text).group(1)
    response = browser.post(
        response.url,
        data={"csrfmiddlewaretoken": token, "login": email, "password": password},
        headers={"Referer": response.url},
        allow_redirects=False,
        timeout=10,
    )
    while response.status_code in (301, 302, 303):
        location = requests.compat.urljoin(response.url, response.headers["Location"])
        if location.startswith(SITE):
            return location
        response = browser.get(location, allow_redirects=False, timeout=10)
    raise AssertionError(f"the provider did not send the browser back: {response.status_code}")


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path
