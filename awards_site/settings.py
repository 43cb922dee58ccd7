"""Settings for the awards site, driven by environment variables.

DJANGO_ENV selects the profile: "development" (the default; SQLite, console email,
tasks run immediately) or "production" (PostgreSQL via DATABASE_URL, HTTPS only,
a database-backed task worker). Every variable is listed in the README.
"""

import os
from email.utils import parseaddr
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DJANGO_ENV = env("DJANGO_ENV", "development")
if DJANGO_ENV not in {"development", "production"}:
    raise ImproperlyConfigured("DJANGO_ENV must be 'development' or 'production'.")
PRODUCTION = DJANGO_ENV == "production"

DEBUG = env_bool("DEBUG", not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production.")

SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY is required when DJANGO_ENV=production.")
    SECRET_KEY = "development-only-key-not-for-production-use-0123456789-abcdefghijklmnop"
# Earlier keys, newest first, still accepted while a rotation settles (docs/operations.md):
# sessions, password-reset links and sealed outbox links made under them keep working.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_fsm",
    "django_htmx",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "accounts.oidc",
    "allauth.usersessions",
    "accounts",
    "core",
    "nominations",
    "reviews",
    "selection",
    "records",
    "people",
    "demo",
]

# The order matters; core/middleware.py says why for its own.
MIDDLEWARE = [
    "core.middleware.ClientAddressMiddleware",
    "core.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.HealthCheckMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.middleware.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "accounts.middleware.SessionAgeLimitMiddleware",
    "accounts.middleware.RequireMFAMiddleware",
    "accounts.oidc.sign_out.SignOutAtIdentityProviderMiddleware",
    "accounts.agency_sign_in.RequireAgencySignInMiddleware",
    "accounts.middleware.SessionActivityMiddleware",
    "core.middleware.CacheUnavailableMiddleware",
]

# The client's address behind proxies (core/client_address.py): how many proxies append to
# X-Forwarded-For, or the one header the proxy sets to the client's address. Neither: the
# connection's own address (no proxy, or the PROXY protocol through gunicorn).
TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "0"))
CLIENT_IP_HEADER = env("CLIENT_IP_HEADER")
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more.")
if TRUSTED_PROXY_COUNT and CLIENT_IP_HEADER:
    raise ImproperlyConfigured("Set TRUSTED_PROXY_COUNT or CLIENT_IP_HEADER, not both.")

ROOT_URLCONF = "awards_site.urls"
WSGI_APPLICATION = "awards_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site",
            ],
        },
    },
]

# Database: an SQLite file by default (WAL, IMMEDIATE transactions so that writers
# queue instead of failing), PostgreSQL in production through DATABASE_URL.
DATABASE_URL = env("DATABASE_URL")
if PRODUCTION and not DATABASE_URL:
    raise ImproperlyConfigured("DATABASE_URL is required when DJANGO_ENV=production.")
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
}
if DATABASE_URL:
    # Connections are kept for a minute and checked before reuse, so a connection the
    # database dropped (a restart, a failover) is replaced instead of failing a request.
    DATABASES = {
        "default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
    }
else:
    DATABASES = {
        "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The audit chain and reference numbers rely on IMMEDIATE transactions.
    DATABASES["default"]["OPTIONS"] = {**SQLITE_OPTIONS, **DATABASES["default"].get("OPTIONS", {})}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:landing"
LOGOUT_REDIRECT_URL = "nominations:home"

# django-allauth: email is the login; every address is verified before use.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
# Sign-up asks the person's name too (accounts.forms.NominatorSignupForm).
ACCOUNT_FORMS = {"signup": "accounts.forms.NominatorSignupForm"}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = False
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PRODUCTION else "http"
# allauth's emails go through the outbox and the worker like every other email.
ACCOUNT_ADAPTER = "nominations.account_mail.OutboxAccountAdapter"
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_ISSUER = env("MFA_TOTP_ISSUER", "Awards")
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = not PRODUCTION
MFA_PASSKEY_LOGIN_ENABLED = False
# Sign-in through OpenID Connect identity providers (docs/login-gov.md)
# Login.gov for the public and the agency's own provider for staff and the selecting
# official, each present only when its client id is set: with none, sign-in is the local
# email and password alone and nothing external is needed. The provider (accounts.oidc)
# checks every ID token (signature, issuer, audience, times, nonce) and authenticates with
# private_key_jwt when a key file is named (else PKCE and the client secret, if any).


def identity_provider(
    *,
    provider_id: str,
    name: str,
    client_id: str,
    secret: str,
    issuer: str,
    private_key_file: str,
    acr_values: str,
    accepted_acr: list[str],
    prompt: str,
    scope: str,
) -> dict | None:
    """One provider app of SOCIALACCOUNT_PROVIDERS; None without a client id."""
    if not client_id:
        return None
    auth_params = {"acr_values": acr_values, "prompt": prompt}
    return {
        "provider_id": provider_id,
        "name": name,
        "client_id": client_id,
        "secret": secret,
        "settings": {
            "server_url": issuer,
            "private_key_file": private_key_file,
            "auth_params": {key: value for key, value in auth_params.items() if value},
            "accepted_acr": accepted_acr,
            "scope": scope.split(),
        },
    }


IDENTITY_PROVIDERS = [
    identity_provider(
        provider_id="login-gov",
        name="Login.gov",
        client_id=env("LOGIN_GOV_CLIENT_ID"),
        secret="",
        issuer=env("LOGIN_GOV_ISSUER", "https://idp.int.identitysandbox.gov/"),
        private_key_file=env("LOGIN_GOV_PRIVATE_KEY_FILE"),
        acr_values=env("LOGIN_GOV_ACR_VALUES", "urn:acr.login.gov:auth-only"),
        accepted_acr=env_list("LOGIN_GOV_ACCEPTED_ACR"),
        prompt="select_account",
        scope="openid email",
    ),
    identity_provider(
        provider_id="agency",
        name=env("AGENCY_OIDC_NAME", "your agency account"),
        client_id=env("AGENCY_OIDC_CLIENT_ID"),
        secret=env("AGENCY_OIDC_CLIENT_SECRET"),
        issuer=env("AGENCY_OIDC_ISSUER"),
        private_key_file=env("AGENCY_OIDC_PRIVATE_KEY_FILE"),
        acr_values=env("AGENCY_OIDC_ACR_VALUES"),
        accepted_acr=env_list("AGENCY_OIDC_ACCEPTED_ACR"),
        prompt="",
        scope="openid email profile",
    ),
]
IDENTITY_PROVIDERS = [app for app in IDENTITY_PROVIDERS if app]
# Their sign-in and sign-out pages, which a form here (sign in, sign out) redirects to:
# the Content Security Policy's form-action lets them through (SECURE_CSP below).
IDENTITY_PROVIDER_ORIGINS = [
    "{0.scheme}://{0.netloc}".format(urlsplit(app["settings"]["server_url"]))
    for app in IDENTITY_PROVIDERS
]
SOCIALACCOUNT_PROVIDERS = {"oidc": {"APPS": IDENTITY_PROVIDERS}}
SOCIALACCOUNT_ADAPTER = "core.federated_sign_in.FederatedSignInAdapter"
# A provider's address never signs into an existing account here: its owner signs in
# with the password and connects the provider (core/federated_sign_in.py).
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = False
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_REQUESTS_TIMEOUT = 10
# Off: nobody creates an account with a password here; sign-up goes through the providers.
AWARDS_LOCAL_SIGNUP = env_bool("AWARDS_LOCAL_SIGNUP", True)
# On (with the agency's provider configured): award staff and the selecting official must
# sign in through it (accounts/agency_sign_in.py).
AWARDS_STAFF_AGENCY_SIGN_IN = env_bool("AWARDS_STAFF_AGENCY_SIGN_IN", False)
# Staff, panelists and the selecting official must enrol MFA before any of their pages,
# and prove it in each session (accounts.middleware).
AWARDS_REQUIRE_MFA = env_bool("AWARDS_REQUIRE_MFA", PRODUCTION)
# With it, award staff, the selecting official and admin users must use a security key
# or passkey (WebAuthn) as their second factor; app codes are refused (accounts.middleware).
AWARDS_REQUIRE_SECURITY_KEY = env_bool("AWARDS_REQUIRE_SECURITY_KEY", PRODUCTION)
# Each person's list of their signed-in sessions (/accounts/sessions/); ending sessions
# is an event in the audit log (core.account_events).
USERSESSIONS_ADAPTER = "core.account_events.AuditedUserSessionsAdapter"
# A citation must be approved by a member of staff other than its writer. On in
# production; off in development, where the demo has one staff login.
AWARDS_CITATION_FOUR_EYES = env_bool("AWARDS_CITATION_FOUR_EYES", PRODUCTION)

# Cache: local memory by default; Redis when set, which production needs so that rate
# limits and used MFA codes hold across several app servers. A Redis that does not answer
# within a second counts as down: sign-in pages then answer 503 (core.middleware).
CACHE_URL = env("CACHE_URL")
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

LANGUAGE_CODE = "en-us"
TIME_ZONE = "America/New_York"
USE_I18N = True
USE_TZ = True

# Seed data for real use: the program and its past recipients (see seed_demo).
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

STATIC_URL = "static/"
# Production serves the collected, hashed files (`collectstatic` fills STATIC_ROOT);
# development and tests serve straight from the source folders through WhiteNoise.
STATIC_ROOT = BASE_DIR / "staticfiles" if PRODUCTION else None
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG
STATICFILES_DIRS = [BASE_DIR / "static", BASE_DIR / "static_build"]


def file_storage() -> dict:
    """The "default" storage that FILE_STORAGE selects, for uploads and certificates.

    `local` (the default): files under MEDIA_ROOT, which every app server must share.
    `s3`: private objects in the bucket AWS_STORAGE_BUCKET_NAME, on AWS or on the
    S3-compatible server at AWS_S3_ENDPOINT_URL. boto3 finds the credentials itself
    (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or an instance role), so they stay out
    of the settings. Files only ever leave through the app's views, which check who asks:
    nothing asks the storage for a URL, and no object gets a public ACL.
    """
    kind = env("FILE_STORAGE") or "local"
    if kind == "local":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if kind != "s3":
        raise ImproperlyConfigured("FILE_STORAGE must be 'local' or 's3'.")
    bucket = env("AWS_STORAGE_BUCKET_NAME")
    if not bucket:
        raise ImproperlyConfigured("AWS_STORAGE_BUCKET_NAME is required when FILE_STORAGE=s3.")
    endpoint = env("AWS_S3_ENDPOINT_URL")
    from botocore.config import Config

    addressing_style = "path" if endpoint else None
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint or None,
            "region_name": env("AWS_S3_REGION_NAME") or None,
            # S3-compatible servers (MinIO, Ceph, moto) answer path-style addresses on
            # any host name or IP; virtual-host style would need wildcard DNS for them.
            "addressing_style": addressing_style,
            # A storage that does not answer fails the request (and /readyz) in seconds
            # instead of holding a gunicorn worker for boto3's default minute.
            "client_config": Config(
                s3={"addressing_style": addressing_style},
                connect_timeout=5,
                read_timeout=30,
                retries={"max_attempts": 3, "mode": "standard"},
            ),
            # No ACL header: objects are as private as the bucket. A bucket with ACLs
            # disabled (AWS's default for new buckets since 2023) refuses a PUT that
            # names one, even "private".
            "default_acl": None,
            # Generated names never collide, but a storage that overwrites would let a
            # collision replace evidence silently.
            "file_overwrite": False,
            # Signed, short-lived URLs should anything ever ask for one; nothing does.
            "querystring_auth": True,
            "querystring_expire": 60,
        },
    }


MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "uploads")))
STORAGES = {
    "default": file_storage(),
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Email: printed to the console in development; SMTP in production. Every email is stored
# in the outbox and sent by the worker (nominations/services/outbox.py), so a slow or
# absent mail server delays mail and never a request; EMAIL_TIMEOUT bounds each attempt.
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Awards Office <awards@example.gov>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
MAILERS = {
    "default": {
        "BACKEND": env(
            "EMAIL_BACKEND",
            "django.core.mail.backends.smtp.EmailBackend"
            if PRODUCTION
            else "django.core.mail.backends.console.EmailBackend",
        ),
        "OPTIONS": {},
    }
}
if MAILERS["default"]["BACKEND"].endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": env("EMAIL_HOST", "localhost"),
        "port": int(env("EMAIL_PORT", "587")),
        "username": env("EMAIL_HOST_USER"),
        "password": env("EMAIL_HOST_PASSWORD"),
        "use_tls": env_bool("EMAIL_USE_TLS", True),
        "timeout": int(env("EMAIL_TIMEOUT", "10")),
    }

# Tasks: run at once in development and tests; a database-backed worker in production
# (`python manage.py db_worker`).
TASKS = {
    "default": {
        "BACKEND": env(
            "TASKS_BACKEND",
            "django_tasks_db.DatabaseBackend"
            if PRODUCTION
            else "django.tasks.backends.immediate.ImmediateBackend",
        )
    }
}

# Content Security Policy: no inline scripts or styles anywhere.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF, *IDENTITY_PROVIDER_ORIGINS],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# A session ends this many seconds after sign-in, however active it is
# (accounts.middleware.SessionAgeLimitMiddleware); the cookie lasts no longer.
AWARDS_SESSION_MAX_AGE = int(env("AWARDS_SESSION_MAX_AGE", str(60 * 60 * 8)))
SESSION_COOKIE_AGE = AWARDS_SESSION_MAX_AGE
FILE_UPLOAD_PERMISSIONS = 0o640

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # A load balancer calls the health checks over plain HTTP (core.health).
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 63072000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

# Logs go to standard error: JSON lines in UTC in production (LOG_FORMAT=json), readable
# lines in development; each carries the request's id (core/logging.py), and every request
# writes one access-log line ("awards.access", core.middleware.RequestLogMiddleware).
LOG_FORMAT = env("LOG_FORMAT", "json" if PRODUCTION else "text")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured("LOG_FORMAT must be 'json' or 'text'.")
LOG_LEVEL = env("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        # No log line keeps a single-use link's token (core.links.RedactLinkTokens).
        "link_tokens": {"()": "core.links.RedactLinkTokens"},
        "request_id": {"()": "core.logging.RequestIdFilter"},
    },
    "formatters": {
        "json": {"()": "core.logging.JsonFormatter"},
        "text": {"()": "core.logging.TextFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["link_tokens", "request_id"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Task progress matters to the production worker, not to a development console.
        "django.tasks": {
            "handlers": ["console"],
            "level": LOG_LEVEL if PRODUCTION else "WARNING",
            "propagate": False,
        },
        # The access log replaces Django's own line per refused or failed request.
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "WARNING"},
        # runserver already prints each request; the access log is for served deployments.
        "awards.access": {"level": LOG_LEVEL if PRODUCTION else "WARNING"},
    },
}

# The public site's own address, used in emails and on certificates' QR codes. Production
# has no default: a wrong one would print localhost on every certificate.
AWARDS_SITE_URL = env("AWARDS_SITE_URL", "" if PRODUCTION else "http://127.0.0.1:8000")
if PRODUCTION and not AWARDS_SITE_URL.startswith("https://"):
    raise ImproperlyConfigured(
        "AWARDS_SITE_URL is required when DJANGO_ENV=production, as the site's https:// address."
    )
# The site's name in the header and emails; each program's own name is data.
AWARDS_SITE_NAME = env("AWARDS_SITE_NAME", "Award Nominations")
# Where nominators and letter writers reach the award office, named in the emails that
# ask them to get in touch; the sender's address unless set.
AWARDS_CONTACT_EMAIL = env("AWARDS_CONTACT_EMAIL", parseaddr(DEFAULT_FROM_EMAIL)[1])

# Uploads (attachments, checklist evidence and letters of support): the most bytes one
# PDF may have, and the virus-scan hook, a dotted path to a callable(data: bytes, name: str)
# that raises django.core.exceptions.ValidationError for an infected file (see
# core/scanning.py). The default refuses only the EICAR test file, to show the hook
# is wired; "core.scanning.command_scan" runs AWARDS_UPLOAD_SCAN_COMMAND (such as
# "clamdscan --no-summary --stdout -") with the file on its standard input.
AWARDS_MAX_UPLOAD_BYTES = int(env("AWARDS_MAX_UPLOAD_BYTES", str(10 * 1024 * 1024)))
AWARDS_UPLOAD_SCANNER = env("AWARDS_UPLOAD_SCANNER", "core.scanning.eicar_scan")
AWARDS_UPLOAD_SCAN_COMMAND = env("AWARDS_UPLOAD_SCAN_COMMAND", "")

# The generated PDFs' fonts (core/pdf/fonts.py): the folder holding USWDS's
# merriweather/ and public-sans/ TrueType files, which `make static` fills; and TrueType
# files (.ttf, or .ttc with TrueType outlines), comma-separated, for the characters those
# faces and Vera lack, such as a CJK face: a certificate whose name or citation has a
# character no face has is refused at issue time, naming it.
AWARDS_PDF_FONT_DIR = env("AWARDS_PDF_FONT_DIR", str(BASE_DIR / "static_build" / "uswds" / "fonts"))
AWARDS_PDF_FALLBACK_FONTS = env_list("AWARDS_PDF_FALLBACK_FONTS")

# The key and X.509 certificate that sign the certificates and the decision memo (PAdES,
# core/pdf/signing.py): a PKCS#12 file and its passphrase. Development creates a
# self-signed one on first use; production needs the agency's (`check --deploy` reports
# a missing or unreadable one, awards.E002). The certificates of earlier signing keys
# (PEM or DER files, comma-separated) keep the files they signed verifiable after a
# key rotation.
AWARDS_SIGNING_P12 = env(
    "AWARDS_SIGNING_P12", "" if PRODUCTION else str(BASE_DIR / "signing" / "development.p12")
)
AWARDS_SIGNING_P12_PASSPHRASE = env(
    "AWARDS_SIGNING_P12_PASSPHRASE", "" if PRODUCTION else "development"
)
AWARDS_SIGNING_EARLIER_CERTIFICATES = env_list("AWARDS_SIGNING_EARLIER_CERTIFICATES")
AWARDS_SIGNING_CREATE_SELF_SIGNED = not PRODUCTION

# Per-account limits on what sends email to other people or starts work, counted from
# durable rows (audit events, nominations) so that cancelling or withdrawing gives
# nothing back: letter requests and resends one nominator account may send in any 24
# hours; nominations one account may start in a cycle; panel invitations and resends one
# staff account may send in any 24 hours (see nominations/services/limits.py).
AWARDS_LETTER_REQUESTS_PER_DAY = int(env("AWARDS_LETTER_REQUESTS_PER_DAY", "10"))
AWARDS_NOMINATIONS_PER_CYCLE = int(env("AWARDS_NOMINATIONS_PER_CYCLE", "10"))
AWARDS_PANEL_INVITATIONS_PER_DAY = int(env("AWARDS_PANEL_INVITATIONS_PER_DAY", "50"))
# Invitations to join as award staff or selecting official one staff account may send in
# any 24 hours (people/services/invitations.py).
AWARDS_ROLE_INVITATIONS_PER_DAY = int(env("AWARDS_ROLE_INVITATIONS_PER_DAY", "20"))
