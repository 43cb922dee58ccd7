"""The settings module in both profiles, each loaded in a fresh interpreter."""

import atexit
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.urls import reverse

from core.pdf.signing import create_self_signed_identity

BASE_DIR = Path(__file__).resolve().parents[2]
SETTINGS_SOURCE = (BASE_DIR / "awards_site" / "settings.py").read_text()
# Every variable settings.py reads, so that a subprocess sees none of the caller's.
SETTINGS_VARIABLES = set(re.findall(r'env(?:_bool|_list)?\(\s*"([A-Z_]+)"', SETTINGS_SOURCE))
# The signing key production needs (`check --deploy` fails without it), made once.
SIGNING_FOLDER = Path(tempfile.mkdtemp(prefix="awards-settings-signing-"))
atexit.register(shutil.rmtree, SIGNING_FOLDER, ignore_errors=True)
SIGNING_P12 = SIGNING_FOLDER / "signing.p12"
create_self_signed_identity(SIGNING_P12, passphrase="settings-test", common_name="Settings test")
PRODUCTION = {
    "DJANGO_ENV": "production",
    "AWARDS_SIGNING_P12": str(SIGNING_P12),
    "AWARDS_SIGNING_P12_PASSPHRASE": "settings-test",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "awards.example.gov",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
    "CACHE_URL": "redis://127.0.0.1:6379/15",
    "AWARDS_SITE_URL": "https://awards.example.gov",
}
NO_ISSUES = "System check identified no issues (0 silenced).\n"


def clean_env(**overrides: str) -> dict[str, str]:
    """The caller's environment without anything that configures Django: no settings
    variable, and no DJANGO_* (tests/conftest.py sets DJANGO_ALLOW_ASYNC_UNSAFE)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in SETTINGS_VARIABLES and not k.startswith("DJANGO_")
    }
    env["DJANGO_SETTINGS_MODULE"] = "awards_site.settings"
    env.update(overrides)
    return env


def run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )


def test_settings_variables_found():
    assert {"DJANGO_ENV", "SECRET_KEY", "DATABASE_URL", "EMAIL_BACKEND"} <= SETTINGS_VARIABLES


def test_production_check_deploy_has_no_warnings():
    result = run(
        "manage.py", "check", "--deploy", "--fail-level", "WARNING", env=clean_env(**PRODUCTION)
    )

    assert result.returncode == 0, result.stderr
    assert "WARNINGS" not in result.stdout + result.stderr
    assert "security.W" not in result.stdout + result.stderr
    assert result.stdout == NO_ISSUES


def test_production_check_deploy_catches_plain_http():
    """Guards the test above: the deploy checks do run and do fail on a warning."""
    env = clean_env(**PRODUCTION, SECURE_SSL_REDIRECT="off")

    result = run("manage.py", "check", "--deploy", "--fail-level", "WARNING", env=env)

    assert result.returncode == 1
    assert "security.W008" in result.stderr


def test_production_check_deploy_fails_without_a_signing_key():
    env = clean_env(**(PRODUCTION | {"AWARDS_SIGNING_P12": ""}))

    result = run("manage.py", "check", "--deploy", "--fail-level", "WARNING", env=env)

    assert result.returncode == 1
    assert (
        "(awards.E002) The PDFs cannot be signed: No signing key is configured "
        "(AWARDS_SIGNING_P12)." in result.stderr
    )


def test_development_check_has_no_warnings():
    result = run("manage.py", "check", "--fail-level", "WARNING", env=clean_env())

    assert result.returncode == 0, result.stderr
    assert result.stdout == NO_ISSUES


@pytest.mark.parametrize(
    "args",
    [("-c", "import django; django.setup()"), ("manage.py", "check")],
    ids=["setup", "manage"],
)
def test_production_without_secret_key_refuses_to_start(args):
    env = clean_env(**{k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"})

    result = run(*args, env=env)

    assert result.returncode == 1
    assert "ImproperlyConfigured: SECRET_KEY is required when DJANGO_ENV=production." in (
        result.stderr
    )


def test_production_with_debug_refuses_to_start():
    result = run("-c", "import django; django.setup()", env=clean_env(**PRODUCTION, DEBUG="on"))

    assert result.returncode == 1
    assert "ImproperlyConfigured: DEBUG must be off in production." in result.stderr


def test_unknown_environment_refuses_to_start():
    result = run("-c", "import django; django.setup()", env=clean_env(DJANGO_ENV="staging"))

    assert result.returncode == 1
    assert "DJANGO_ENV must be 'development' or 'production'." in result.stderr


DEVELOPMENT_PROBE = """
import json, sqlite3, sys
import django
from django.conf import settings
settings.DATABASES["default"]["NAME"] = sys.argv[1]  # a scratch file, not the project DB
django.setup()
from django.db import connection, transaction
with connection.cursor() as cursor:
    cursor.execute("PRAGMA journal_mode")
    journal_mode = cursor.fetchone()[0]
with transaction.atomic():
    # IMMEDIATE takes the write lock when the transaction starts, so a second writer
    # is refused at once instead of failing later with "database is locked" mid-way.
    other = sqlite3.connect(sys.argv[1], timeout=0)
    try:
        other.execute("BEGIN IMMEDIATE")
        second_writer = "allowed"
    except sqlite3.OperationalError as error:
        second_writer = str(error)
    other.close()
db = settings.DATABASES["default"]
print(json.dumps({
    "engine": db["ENGINE"],
    "transaction_mode": db["OPTIONS"]["transaction_mode"],
    "journal_mode": journal_mode,
    "second_writer": second_writer,
    "debug": settings.DEBUG,
    "time_zone": settings.TIME_ZONE,
    "use_tz": settings.USE_TZ,
    "mail_backend": settings.MAILERS["default"]["BACKEND"],
    "tasks_backend": settings.TASKS["default"]["BACKEND"],
    "require_mfa": settings.AWARDS_REQUIRE_MFA,
    "default_db_file": str(settings.BASE_DIR / "db.sqlite3"),
}))
"""


def test_development_defaults(tmp_path):
    result = run("-c", DEVELOPMENT_PROBE, str(tmp_path / "dev.sqlite3"), env=clean_env())

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "engine": "django.db.backends.sqlite3",
        "transaction_mode": "IMMEDIATE",
        "journal_mode": "wal",
        "second_writer": "database is locked",
        "debug": True,
        "time_zone": "America/New_York",
        "use_tz": True,
        "mail_backend": "django.core.mail.backends.console.EmailBackend",
        "tasks_backend": "django.tasks.backends.immediate.ImmediateBackend",
        "require_mfa": False,
        "default_db_file": str(BASE_DIR / "db.sqlite3"),
    }


PRODUCTION_PROBE = """
import json
import django
from django.conf import settings
django.setup()
print(json.dumps({
    "engine": settings.DATABASES["default"]["ENGINE"],
    "mail_backend": settings.MAILERS["default"]["BACKEND"],
    "tasks_backend": settings.TASKS["default"]["BACKEND"],
    "require_mfa": settings.AWARDS_REQUIRE_MFA,
    "session_cookie": [settings.SESSION_COOKIE_NAME, settings.SESSION_COOKIE_SECURE],
    "csrf_cookie": [settings.CSRF_COOKIE_NAME, settings.CSRF_COOKIE_SECURE],
    "hsts": [settings.SECURE_HSTS_SECONDS, settings.SECURE_HSTS_INCLUDE_SUBDOMAINS],
    "ssl_redirect": settings.SECURE_SSL_REDIRECT,
    "webauthn_insecure_origin": settings.MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN,
    "allauth_protocol": settings.ACCOUNT_DEFAULT_HTTP_PROTOCOL,
    "conn_health_checks": settings.DATABASES["default"]["CONN_HEALTH_CHECKS"],
    "mail_timeout": settings.MAILERS["default"]["OPTIONS"]["timeout"],
    "log_formatter": settings.LOGGING["handlers"]["console"]["formatter"],
    "cache_timeouts": settings.CACHES["default"]["OPTIONS"],
    "client_address": [settings.TRUSTED_PROXY_COUNT, settings.CLIENT_IP_HEADER],
    "account_adapter": settings.ACCOUNT_ADAPTER,
}))
"""


def test_production_profile_values():
    result = run("-c", PRODUCTION_PROBE, env=clean_env(**PRODUCTION))

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "engine": "django.db.backends.postgresql",
        "mail_backend": "django.core.mail.backends.smtp.EmailBackend",
        "tasks_backend": "django_tasks_db.DatabaseBackend",
        "require_mfa": True,
        "session_cookie": ["__Host-sessionid", True],
        "csrf_cookie": ["__Host-csrftoken", True],
        "hsts": [63072000, True],
        "ssl_redirect": True,
        "webauthn_insecure_origin": False,
        "allauth_protocol": "https",
        "conn_health_checks": True,
        "mail_timeout": 10,
        "log_formatter": "json",
        "cache_timeouts": {"socket_connect_timeout": 1, "socket_timeout": 1},
        "client_address": [0, ""],
        "account_adapter": "nominations.account_mail.OutboxAccountAdapter",
    }


EXPECTED_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'self'; object-src 'none'"
)


@pytest.mark.django_db
def test_csp_header_on_responses_without_unsafe_inline(client):
    response = client.get(reverse("account_login"))

    assert response.status_code == 200
    assert response["Content-Security-Policy"] == EXPECTED_CSP
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_production_without_database_url_refuses_to_start():
    env = clean_env(**{k: v for k, v in PRODUCTION.items() if k != "DATABASE_URL"})

    result = run("manage.py", "check", env=env)

    assert result.returncode == 1
    assert "DATABASE_URL is required when DJANGO_ENV=production." in result.stderr


@pytest.mark.parametrize(
    ("override", "warning_id"),
    [({"AWARDS_REQUIRE_MFA": "off"}, "awards.W001"), ({"CACHE_URL": ""}, "awards.W002")],
)
def test_production_check_deploy_warns_about_weakened_sign_in(override, warning_id):
    result = run(
        "manage.py",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env=clean_env(**{**PRODUCTION, **override}),
    )

    assert result.returncode == 1
    assert f"({warning_id})" in result.stderr
    assert result.stderr.count("awards.W00") == 1


@pytest.mark.parametrize("site_url", [None, "", "http://awards.example.gov"])
def test_production_without_an_https_site_url_refuses_to_start(site_url):
    """Every certificate's QR code and every email's links use it; localhost would be wrong."""
    env = clean_env(**{k: v for k, v in PRODUCTION.items() if k != "AWARDS_SITE_URL"})
    if site_url is not None:
        env["AWARDS_SITE_URL"] = site_url

    result = run("manage.py", "check", env=env)

    assert result.returncode == 1
    assert (
        "AWARDS_SITE_URL is required when DJANGO_ENV=production, as the site's https:// address."
        in result.stderr
    )


@pytest.mark.parametrize(
    ("override", "message"),
    [
        (
            {"TRUSTED_PROXY_COUNT": "1", "CLIENT_IP_HEADER": "X-Real-IP"},
            "Set TRUSTED_PROXY_COUNT or CLIENT_IP_HEADER, not both.",
        ),
        ({"TRUSTED_PROXY_COUNT": "-1"}, "TRUSTED_PROXY_COUNT must be 0 or more."),
        ({"LOG_FORMAT": "xml"}, "LOG_FORMAT must be 'json' or 'text'."),
    ],
)
def test_contradictory_deployment_settings_refuse_to_start(override, message):
    result = run("-c", "import django; django.setup()", env=clean_env(**override))

    assert result.returncode == 1
    assert message in result.stderr


def test_sqlite_database_url_keeps_immediate_transactions_and_wal():
    code = (
        "import django; django.setup(); from django.conf import settings;"
        "o = settings.DATABASES['default']['OPTIONS'];"
        "print(o['transaction_mode'], 'journal_mode=WAL' in o['init_command'])"
    )

    result = run("-c", code, env=clean_env(DATABASE_URL="sqlite:////tmp/awards-settings-probe.db"))

    assert result.returncode == 0, result.stderr
    assert result.stdout == "IMMEDIATE True\n"
