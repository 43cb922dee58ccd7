"""Settings of the test identity provider (a separate Django project in its own process).

Everything comes from the environment `serve.py` is started with: the folder for its
database, its RSA signing key and the misbehaviour file (IDP_WORK_DIR), and the token
that guards its control address (IDP_CONTROL_TOKEN).
"""

import os
from pathlib import Path

WORK_DIR = Path(os.environ["IDP_WORK_DIR"])
CONTROL_TOKEN = os.environ["IDP_CONTROL_TOKEN"]
MISBEHAVIOUR_FILE = WORK_DIR / "misbehaviour"

SECRET_KEY = "test-identity-provider-only-" + CONTROL_TOKEN
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "allauth",
    "allauth.account",
    "allauth.idp.oidc",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "tests.identity_provider.misbehaviour.MisbehavingTokenMiddleware",
]
ROOT_URLCONF = "tests.identity_provider.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [Path(__file__).parent / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": WORK_DIR / "idp.sqlite3"}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTHENTICATION_BACKENDS = ["allauth.account.auth_backends.AuthenticationBackend"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The site under test runs on the same host name: its cookies must not be these.
SESSION_COOKIE_NAME = "identity_provider_session"
CSRF_COOKIE_NAME = "identity_provider_csrftoken"
USE_TZ = True
LANGUAGE_CODE = "en-us"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_RATE_LIMITS = False
LOGIN_URL = "account_login"

IDP_OIDC_PRIVATE_KEY = (WORK_DIR / "signing-key.pem").read_text()
IDP_OIDC_ADAPTER = "tests.identity_provider.misbehaviour.MisbehavingAdapter"
IDP_OIDC_RATE_LIMITS = False
