"""Deployment checks (`manage.py check --deploy`) of the configured identity providers."""

from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import load_pem_private_key
from django.conf import settings
from django.core import checks

from accounts.oidc.client import read_private_key
from accounts.oidc.configuration import agency_app, configured_apps


def identity_provider_problems(app) -> list[str]:
    """What is wrong with one configured identity provider app, in words."""
    problems = []
    label = app.provider_id
    if not app.client_id:
        problems.append(f"{label}: no client id")
    if not str(app.settings.get("server_url", "")).startswith("https://"):
        problems.append(f"{label}: the issuer is not an https:// address")
    key_file = app.settings.get("private_key_file")
    if key_file:
        try:
            key = load_pem_private_key(read_private_key(key_file), password=None)
        except (OSError, ValueError, TypeError) as error:
            problems.append(f"{label}: the private key {key_file} cannot be read ({error})")
        else:
            if not isinstance(key, rsa.RSAPrivateKey) or key.key_size < 2048:
                problems.append(f"{label}: the private key is not an RSA key of 2048 bits or more")
    return problems


def check_identity_providers(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """Each configured identity provider has a client id, an https issuer and, when a
    private key is named for private_key_jwt, a readable RSA key (without one the token
    request uses PKCE, always on then, and the client secret if any)."""
    return [
        checks.Error(
            f"Identity provider misconfigured: {problem}.",
            hint="See docs/login-gov.md for the variables of Login.gov and the agency's provider.",
            id="awards.E010",
        )
        for app in configured_apps()
        for problem in identity_provider_problems(app)
    ]


def check_agency_sign_in(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """AWARDS_STAFF_AGENCY_SIGN_IN asks for a provider that is configured; without one the
    rule cannot hold, and staff would go on signing in with their passwords."""
    if not settings.AWARDS_STAFF_AGENCY_SIGN_IN or agency_app() is not None:
        return []
    return [
        checks.Error(
            "AWARDS_STAFF_AGENCY_SIGN_IN is on, but the agency's identity provider is not "
            "configured.",
            hint="Set AGENCY_OIDC_CLIENT_ID and AGENCY_OIDC_ISSUER (docs/login-gov.md), or "
            "turn AWARDS_STAFF_AGENCY_SIGN_IN off.",
            id="awards.E011",
        )
    ]
