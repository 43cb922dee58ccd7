"""Signing out at the identity provider too (OpenID Connect RP-Initiated Logout 1.0).

A person who signed in through Login.gov and signs out here would otherwise still be
signed in at Login.gov, and the next "Sign in with Login.gov" on that computer would go
straight through. So when a session signed in through a provider is signed out (allauth's
sign-out page, a POST), the redirect that follows goes to the provider's
`end_session_endpoint` instead, with `client_id`, `post_logout_redirect_uri` (our
/accounts/oidc/<provider_id>/logout/return/, which the agency registers with the
provider) and a random `state`; the provider signs the person out and sends them back
there. Login.gov takes no `id_token_hint`, and none is sent: ID tokens are not kept.
A provider whose discovery document names no end-session endpoint, or that cannot be
reached at that moment, leaves the ordinary sign-out as it was.
"""

import secrets

from allauth.account.authentication import get_authentication_records
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.models import SocialApp
from allauth.utils import build_absolute_uri
from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.views import View
from requests import RequestException

from accounts.oidc.views import VerifiedIdentityAdapter

SIGN_OUT_STATE_SESSION_KEY = "oidc_sign_out_state"


def provider_signed_in_with(request) -> str | None:
    """The `provider_id` of the identity provider this session's user signed in with,
    from allauth's authentication records (the latest such sign-in), or None."""
    records = get_authentication_records(request, request.user)
    provider_ids = [
        record.get("provider")
        for record in records
        if isinstance(record, dict) and record.get("method") == "socialaccount"
    ]
    return provider_ids[-1] if provider_ids and isinstance(provider_ids[-1], str) else None


def end_session_url(request, provider_id: str) -> str | None:
    """The provider's end-session address for this sign-out, with a fresh `state` kept
    in the (new, signed-out) session; None when the provider offers none."""
    try:
        adapter = VerifiedIdentityAdapter(request, provider_id)
        provider = adapter.get_provider()
        endpoint = adapter.openid_config.get("end_session_endpoint")
    except (SocialApp.DoesNotExist, RequestException, ValueError):
        return None
    if not endpoint:
        return None
    state = secrets.token_urlsafe(32)
    request.session[SIGN_OUT_STATE_SESSION_KEY] = {"provider": provider_id, "state": state}
    back = build_absolute_uri(
        request, reverse("oidc_signed_out", kwargs={"provider_id": provider_id})
    )
    query = urlencode(
        {"client_id": provider.app.client_id, "post_logout_redirect_uri": back, "state": state}
    )
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"


def take_sign_out_state(request, provider_id: str, state: str) -> bool:
    """Whether `state` is the one sent to `provider_id` when this browser signed out;
    it is forgotten either way."""
    kept = request.session.pop(SIGN_OUT_STATE_SESSION_KEY, None)
    return (
        isinstance(kept, dict)
        and kept.get("provider") == provider_id
        and bool(state)
        and secrets.compare_digest(str(kept.get("state", "")), state)
    )


class SignOutAtIdentityProviderMiddleware:
    """Sends a person who signed in through an identity provider and just signed out
    here on to that provider's end-session endpoint."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        provider_id = None
        if (
            request.method == "POST"
            and request.path == reverse("account_logout")
            and request.user.is_authenticated
        ):
            provider_id = provider_signed_in_with(request)
        response = self.get_response(request)
        if provider_id is None or request.user.is_authenticated:
            return response
        if response.status_code not in (301, 302, 303):
            return response
        url = end_session_url(request, provider_id)
        if url is None:
            return response
        response["Location"] = url
        return response


class SignedOutAtProviderView(View):
    """Where the provider sends the person back after signing them out there too: on to
    the signed-out page, saying so when the `state` is the one this browser sent."""

    def get(self, request, provider_id):
        try:
            provider = get_adapter().get_provider(request, provider_id)
        except SocialApp.DoesNotExist as error:
            raise Http404 from error
        if take_sign_out_state(request, provider_id, request.GET.get("state", "")):
            messages.info(request, f"You are signed out of {provider.name} too.")
        return redirect(settings.LOGOUT_REDIRECT_URL)
