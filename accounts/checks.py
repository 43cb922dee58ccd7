"""Deployment checks (`manage.py check --deploy`) for what protects sign-in.

Registered in AccountsConfig.ready().
"""

from django.conf import settings
from django.core import checks


def check_sign_in_protection(app_configs, **kwargs) -> list[checks.CheckMessage]:
    messages = []
    if not settings.AWARDS_REQUIRE_MFA:
        messages.append(
            checks.Warning(
                "AWARDS_REQUIRE_MFA is off: staff, panelists and the selecting official can "
                "use the site without multi-factor authentication.",
                hint="Unset AWARDS_REQUIRE_MFA (it defaults to on in production).",
                id="awards.W001",
            )
        )
    if settings.AWARDS_REQUIRE_MFA and not settings.AWARDS_REQUIRE_SECURITY_KEY:
        messages.append(
            checks.Warning(
                "AWARDS_REQUIRE_SECURITY_KEY is off: award staff, the selecting official and "
                "admin users may use authenticator-app codes, which phishing can replay.",
                hint=(
                    "Remove the AWARDS_REQUIRE_SECURITY_KEY override (it defaults to on in "
                    "production)."
                ),
                id="awards.W004",
            )
        )
    backend = settings.CACHES["default"]["BACKEND"]
    if backend.endswith("LocMemCache"):
        messages.append(
            checks.Warning(
                "The cache is local to each process, so login rate limits and used MFA "
                "codes are not shared between app server processes.",
                hint="Set CACHE_URL to a Redis server.",
                id="awards.W002",
            )
        )
    return messages
