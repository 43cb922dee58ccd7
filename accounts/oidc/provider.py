"""The OpenID Connect provider allauth runs for Login.gov and the agency's provider.

One provider class ("oidc"), one app per identity provider in
SOCIALACCOUNT_PROVIDERS["oidc"]["APPS"], told apart by their `provider_id`
("login-gov", "agency"), which names their URLs (/accounts/oidc/<provider_id>/login/)
and the linked accounts (`SocialAccount.provider`). An app's `settings`:

- `server_url`: the issuer; discovery is read from its /.well-known/openid-configuration
  and the issuer it names must be this one.
- `private_key_file`: the agency's PEM private key for `private_key_jwt`; without it the
  token request uses the app's `secret` (if any) and PKCE.
- `auth_params`: sent with every authorization request (`acr_values`, `prompt`); a
  request's own `auth_params` or `scope` parameters are ignored, so nobody can ask the
  provider for a lower assurance level through a crafted link.
- `accepted_acr`: when set, the ID token's `acr` must be one of these values.
- `scope`: the scopes asked for.
"""

import secrets

from allauth.socialaccount.providers.oauth2.utils import generate_code_challenge
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from django.urls import reverse
from django.utils.http import urlencode

from accounts.oidc.views import VerifiedIdentityAdapter

# Login.gov wants a nonce of at least 22 characters; 32 random bytes give 43.
NONCE_BYTES = 32


class IdentityProvider(OpenIDConnectProvider):
    id = "oidc"
    name = "OpenID Connect"
    oauth2_adapter_class = VerifiedIdentityAdapter

    def get_login_url(self, request, **kwargs) -> str:
        url = reverse("oidc_login", kwargs={"provider_id": self.app.provider_id})
        return f"{url}?{urlencode(kwargs)}" if kwargs else url

    def get_callback_url(self) -> str:
        return reverse("oidc_callback", kwargs={"provider_id": self.app.provider_id})

    def get_pkce_params(self) -> dict:
        """PKCE whenever no private key proves the client, whatever the settings say."""
        if self.app.settings.get("private_key_file"):
            return super().get_pkce_params()
        return generate_code_challenge()

    def get_auth_params_from_request(self, request, action) -> dict:
        return self.get_auth_params()

    def get_scope_from_request(self, request) -> list[str]:
        return self.get_scope()

    def redirect(self, request, process, next_url=None, data=None, **kwargs):
        """Send the person to the provider with a fresh nonce, kept in allauth's state
        (in the session) for the callback to compare with the ID token's."""
        nonce = secrets.token_urlsafe(NONCE_BYTES)
        auth_params = {**self.get_auth_params(), "nonce": nonce}
        kwargs["auth_params"] = auth_params
        kwargs["nonce"] = nonce
        return super().redirect(request, process, next_url=next_url, data=data, **kwargs)


provider_classes = [IdentityProvider]
