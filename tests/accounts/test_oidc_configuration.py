"""The identity providers as the environment configures them (awards_site/settings.py),
and the deployment checks of that configuration (accounts/oidc/checks.py)."""

import json

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from accounts.oidc.checks import check_agency_sign_in, check_identity_providers
from tests.awards_site.test_settings import NO_ISSUES, PRODUCTION, clean_env, run

PROBE = """
import json
import django
from django.conf import settings
django.setup()
print(json.dumps({
    "providers": settings.SOCIALACCOUNT_PROVIDERS,
    "form_action": settings.SECURE_CSP["form-action"],
    "local_signup": settings.AWARDS_LOCAL_SIGNUP,
    "agency_sign_in": settings.AWARDS_STAFF_AGENCY_SIGN_IN,
    "email_authentication": settings.SOCIALACCOUNT_EMAIL_AUTHENTICATION,
}))
"""
LOGIN_GOV_CLIENT = "urn:gov:gsa:openidconnect.profiles:sp:sso:agency:awards"


def private_key_file(tmp_path, bits: int = 2048):
    key = rsa.generate_private_key(public_exponent=65537, key_size=bits)
    path = tmp_path / f"key-{bits}.pem"
    path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return path


def probe(**variables) -> dict:
    result = run("-c", PROBE, env=clean_env(**variables))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_without_variables_there_is_no_provider_and_nothing_changes():
    assert probe() == {
        "providers": {"oidc": {"APPS": []}},
        "form_action": ["'self'"],
        "local_signup": True,
        "agency_sign_in": False,
        "email_authentication": False,
    }


def test_login_gov_and_the_agency_from_their_variables(tmp_path):
    key = private_key_file(tmp_path)

    settings = probe(
        LOGIN_GOV_CLIENT_ID=LOGIN_GOV_CLIENT,
        LOGIN_GOV_ISSUER="https://secure.login.gov/",
        LOGIN_GOV_PRIVATE_KEY_FILE=str(key),
        LOGIN_GOV_ACR_VALUES="urn:acr.login.gov:auth-only "
        "http://idmanagement.gov/ns/assurance/aal/2?phishing_resistant=true",
        AGENCY_OIDC_CLIENT_ID="awards-app",
        AGENCY_OIDC_CLIENT_SECRET="agency-secret",
        AGENCY_OIDC_ISSUER="https://login.agency.example.gov/oauth2/default",
        AGENCY_OIDC_NAME="Agency PIV",
        AWARDS_LOCAL_SIGNUP="off",
        AWARDS_STAFF_AGENCY_SIGN_IN="on",
    )

    assert settings["providers"]["oidc"]["APPS"] == [
        {
            "provider_id": "login-gov",
            "name": "Login.gov",
            "client_id": LOGIN_GOV_CLIENT,
            "secret": "",
            "settings": {
                "server_url": "https://secure.login.gov/",
                "private_key_file": str(key),
                "auth_params": {
                    "acr_values": "urn:acr.login.gov:auth-only "
                    "http://idmanagement.gov/ns/assurance/aal/2?phishing_resistant=true",
                    "prompt": "select_account",
                },
                "accepted_acr": [],
                "scope": ["openid", "email"],
            },
        },
        {
            "provider_id": "agency",
            "name": "Agency PIV",
            "client_id": "awards-app",
            "secret": "agency-secret",
            "settings": {
                "server_url": "https://login.agency.example.gov/oauth2/default",
                "private_key_file": "",
                "auth_params": {},
                "accepted_acr": [],
                "scope": ["openid", "email", "profile"],
            },
        },
    ]
    assert settings["form_action"] == [
        "'self'",
        "https://secure.login.gov",
        "https://login.agency.example.gov",
    ]
    assert (settings["local_signup"], settings["agency_sign_in"]) == (False, True)


def test_production_with_login_gov_configured_passes_check_deploy(tmp_path):
    result = run(
        "manage.py",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env=clean_env(
            **PRODUCTION,
            LOGIN_GOV_CLIENT_ID=LOGIN_GOV_CLIENT,
            LOGIN_GOV_ISSUER="https://secure.login.gov/",
            LOGIN_GOV_PRIVATE_KEY_FILE=str(private_key_file(tmp_path)),
        ),
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout == NO_ISSUES


def oidc_app(provider_id: str, *, issuer: str, key_file: str = "", client_id: str = "c") -> dict:
    return {
        "provider_id": provider_id,
        "name": provider_id,
        "client_id": client_id,
        "settings": {"server_url": issuer, "private_key_file": key_file},
    }


def test_check_refuses_a_plain_http_issuer_a_missing_key_and_a_small_key(settings, tmp_path):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "oidc": {
            "APPS": [
                oidc_app("login-gov", issuer="http://idp.example.gov/"),
                oidc_app(
                    "agency",
                    issuer="https://idp.example.gov/",
                    key_file=str(tmp_path / "missing.pem"),
                    client_id="",
                ),
                oidc_app(
                    "third",
                    issuer="https://idp.example.gov/",
                    key_file=str(private_key_file(tmp_path, bits=1024)),
                ),
            ]
        }
    }

    messages = [message.msg for message in check_identity_providers(None)]

    assert messages == [
        "Identity provider misconfigured: login-gov: the issuer is not an https:// address.",
        "Identity provider misconfigured: agency: no client id.",
        f"Identity provider misconfigured: agency: the private key {tmp_path / 'missing.pem'} "
        f"cannot be read ([Errno 2] No such file or directory: '{tmp_path / 'missing.pem'}').",
        "Identity provider misconfigured: third: the private key is not an RSA key of 2048 "
        "bits or more.",
    ]
    assert {message.id for message in check_identity_providers(None)} == {"awards.E010"}


def test_check_accepts_a_good_configuration(settings, tmp_path):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "oidc": {
            "APPS": [
                oidc_app(
                    "login-gov",
                    issuer="https://secure.login.gov/",
                    key_file=str(private_key_file(tmp_path)),
                ),
                oidc_app("agency", issuer="https://login.agency.example.gov/"),
            ]
        }
    }

    assert check_identity_providers(None) == []


def test_agency_sign_in_without_the_agency_provider_is_an_error(settings):
    settings.SOCIALACCOUNT_PROVIDERS = {}
    settings.AWARDS_STAFF_AGENCY_SIGN_IN = True

    assert [message.id for message in check_agency_sign_in(None)] == ["awards.E011"]


def test_agency_sign_in_with_the_agency_provider_is_fine(settings):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "oidc": {"APPS": [oidc_app("agency", issuer="https://login.agency.example.gov/")]}
    }
    settings.AWARDS_STAFF_AGENCY_SIGN_IN = True

    assert check_agency_sign_in(None) == []
