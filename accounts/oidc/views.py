"""The sign-in's two steps: off to the provider, and back with a code.

allauth's OAuth 2.0 views do the flow (state, the token request, the social login);
`VerifiedIdentityAdapter` decides how the client proves itself and what makes an ID
token acceptable. A provider that is not configured answers 404 on all of them.
"""

from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from allauth.utils import build_absolute_uri
from django.http import Http404
from django.urls import reverse
from django.views import View

from accounts.oidc.client import PrivateKeyJWTClient, read_private_key
from accounts.oidc.tokens import (
    IdentityTokenRefused,
    Reason,
    check_same_subject,
    verify_id_token,
)


class VerifiedIdentityAdapter(OpenIDConnectOAuth2Adapter):
    """allauth's OpenID Connect adapter, with every check of the ID token made."""

    client_class = PrivateKeyJWTClient
    # The nonce this sign-in sent, from allauth's state (`VerifiedIdentityCallbackView`).
    expected_nonce: str | None = None

    @property
    def basic_auth(self) -> bool:
        if self.get_provider().app.settings.get("private_key_file"):
            return False
        return super().basic_auth

    def get_client(self, request, app):
        client = super().get_client(request, app)
        key_file = app.settings.get("private_key_file")
        client.private_key_pem = read_private_key(key_file) if key_file else None
        return client

    def get_callback_url(self, request, app) -> str:
        callback = reverse("oidc_callback", kwargs={"provider_id": self.provider_id})
        return build_absolute_uri(request, callback, self.redirect_uri_protocol)

    def complete_login(self, request, app, token, **kwargs):
        """The social login of the person the verified ID token names, with the user
        info that goes with it (same subject) when the provider offers it."""
        config = self.openid_config
        issuer = app.settings["server_url"]
        if str(config.get("issuer", "")).rstrip("/") != issuer.rstrip("/"):
            raise IdentityTokenRefused(Reason.ISSUER, "discovery names another issuer")
        id_token = kwargs["response"].get("id_token")
        if not isinstance(id_token, str):
            raise IdentityTokenRefused(Reason.MALFORMED, "no ID token in the token response")
        claims = verify_id_token(
            id_token,
            jwks=self.published_keys(),
            issuer=config["issuer"],
            client_id=app.client_id,
            nonce=self.expected_nonce,
            accepted_acr=tuple(app.settings.get("accepted_acr", ())),
        )
        data = {"id_token": claims}
        if app.settings.get("fetch_userinfo", True) and config.get("userinfo_endpoint"):
            userinfo = self._fetch_user_info(token.token)
            check_same_subject(claims, userinfo)
            data["userinfo"] = userinfo
        return self.get_provider().sociallogin_from_response(request, data)

    def published_keys(self) -> dict:
        """The provider's key set (its `jwks_uri`)."""
        jwks_uri = self.openid_config.get("jwks_uri")
        if not jwks_uri:
            raise IdentityTokenRefused(Reason.SIGNATURE, "the provider publishes no keys")
        with get_adapter().get_requests_session() as session:
            response = session.get(jwks_uri)
            response.raise_for_status()
            return response.json()


class VerifiedIdentityCallbackView(OAuth2CallbackView):
    """allauth's callback, handing the nonce kept in this sign-in's state to the adapter
    before the ID token is checked."""

    def _get_state(self, request, provider):
        state, response = super()._get_state(request, provider)
        if state is not None:
            self.adapter.expected_nonce = state.get("nonce")
        return state, response


class IdentityProviderLoginView(View):
    """Off to the provider (POST; GET shows allauth's "Continue" page, so that a link
    alone cannot start a sign-in)."""

    def get(self, request, provider_id):
        return self.run(request, provider_id)

    def post(self, request, provider_id):
        return self.run(request, provider_id)

    def run(self, request, provider_id):
        try:
            view = OAuth2LoginView.adapter_view(VerifiedIdentityAdapter(request, provider_id))
            return view(request)
        except SocialApp.DoesNotExist as error:
            raise Http404 from error


class IdentityProviderCallbackView(View):
    """Back from the provider with a code (or an error) and the state."""

    def get(self, request, provider_id):
        try:
            adapter = VerifiedIdentityAdapter(request, provider_id)
            return VerifiedIdentityCallbackView.adapter_view(adapter)(request)
        except SocialApp.DoesNotExist as error:
            raise Http404 from error
