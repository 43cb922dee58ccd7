"""The configured identity providers, read from the settings on every call (never from
the database), so that a provider is what the environment says and nothing an admin
page could add."""

from allauth.socialaccount.models import SocialApp
from django.conf import settings

PROVIDER = "oidc"


def configured_apps(*, provider: str | None = None, client_id: str | None = None) -> list:
    """The `SocialApp`s of SOCIALACCOUNT_PROVIDERS["oidc"]["APPS"] (unsaved), narrowed to
    one `provider` (the class id "oidc" or an app's `provider_id`) and `client_id`."""
    apps = []
    for config in settings.SOCIALACCOUNT_PROVIDERS.get(PROVIDER, {}).get("APPS", []):
        app = SocialApp(
            provider=PROVIDER,
            provider_id=config["provider_id"],
            name=config["name"],
            client_id=config["client_id"],
            secret=config.get("secret", ""),
            settings=dict(config.get("settings", {})),
        )
        if provider not in (None, PROVIDER, app.provider_id):
            continue
        if client_id and app.client_id != client_id:
            continue
        apps.append(app)
    return apps


# The provider_id of each identity provider (their URLs, their linked accounts).
LOGIN_GOV = "login-gov"
AGENCY = "agency"


def agency_app():
    """The agency's identity provider app, or None when it is not configured."""
    apps = configured_apps(provider=AGENCY)
    return apps[0] if apps else None
