"""allauth's socialaccount adapter: sign-in through Login.gov and the agency's provider
(docs/login-gov.md), its refusals in the audit log, and what a new account gets.

- The providers are the configured ones only (`accounts.oidc.configuration`), never rows
  of the database.
- A refused sign-in (a state this browser did not start, an ID token that fails a check,
  an error from the provider, a provider that cannot be reached) is one denied
  `account.sign_in` with `method: "oidc"`, the provider and the reason; nothing of the
  token or the answer is kept. The person sees allauth's error page in the site's layout.
- A first sign-in creates the account as sign-up does: the Nominator role, granted by
  the new account itself; staff grant every other role in the app, never a claim.
- A verified address of the provider that belongs to an account here does not sign
  into that account: whoever holds the password signs in with it and connects the
  provider from their account settings. The attempt is refused (audited on that
  account) with a page that says so. An unverified address from a provider is never
  trusted at all: allauth asks the mailbox to confirm it, as on sign-up.
- Sign-up through a provider stays open when local sign-up is off (AWARDS_LOCAL_SIGNUP).
"""

import secrets

from allauth.account.utils import filter_users_by_email
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.providers.base import AuthError, AuthProcess
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from django.contrib.auth.models import Group
from django.shortcuts import render
from requests import RequestException

from accounts.oidc.configuration import configured_apps
from accounts.oidc.tokens import IdentityTokenRefused, Reason
from accounts.roles import Role, roles_changed_by
from core.services.audit import audit_denied

# Login.gov wants a state of at least 22 characters; 32 random bytes give 43.
STATE_BYTES = 32


class FederatedSignInAdapter(DefaultSocialAccountAdapter):
    """allauth's socialaccount adapter for the configured identity providers (above)."""

    def list_apps(self, request, provider=None, client_id=None) -> list:
        return configured_apps(provider=provider, client_id=client_id)

    def generate_state_param(self, state: dict) -> str:
        return secrets.token_urlsafe(STATE_BYTES)

    def is_open_for_signup(self, request, sociallogin) -> bool:
        return True

    def on_authentication_error(
        self, request, provider, error=None, exception=None, extra_context=None
    ) -> None:
        """One denied `account.sign_in` naming the provider and why."""
        audit_denied(
            action="account.sign_in",
            actor=_signed_in(request),
            data={
                "method": "oidc",
                "provider": provider.sub_id,
                "reason": refusal_reason(error, exception, extra_context or {}),
            },
        )

    def pre_social_login(self, request, sociallogin) -> None:
        """Refuse a first sign-in whose verified address already has an account here."""
        if sociallogin.is_existing or sociallogin.state.get("process") == AuthProcess.CONNECT:
            return
        owner = account_with_verified_address(sociallogin)
        if owner is None:
            return
        audit_denied(
            action="account.sign_in",
            actor=None,
            obj=owner,
            data={
                "method": "oidc",
                "provider": sociallogin.provider.sub_id,
                "reason": Reason.NOT_CONNECTED,
            },
        )
        raise ImmediateHttpResponse(
            render(
                request,
                "socialaccount/connect_existing_account.html",
                {"provider": sociallogin.provider},
                status=409,
            )
        )

    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        names = (data.get("first_name") or "", data.get("last_name") or "")
        user.full_name = data.get("name") or " ".join(part for part in names if part)
        return user

    def save_user(self, request, sociallogin, form=None):
        user = super().save_user(request, sociallogin, form=form)
        # The new account grants itself the role by signing up, as on the sign-up form.
        with roles_changed_by(user):
            user.groups.add(Group.objects.get(name=Role.NOMINATOR))
        return user


def refusal_reason(error, exception, context: dict) -> str:
    """The audit log's word for why a sign-in through a provider failed. allauth's
    callback names the state it looked for (`state_id`) only when this browser's session
    holds no such state: a forged or replayed callback, or one from another browser."""
    if isinstance(exception, IdentityTokenRefused):
        return exception.reason
    if isinstance(exception, OAuth2Error):
        return Reason.TOKEN_REQUEST
    if isinstance(exception, RequestException):
        return Reason.UNREACHABLE
    if error == AuthError.CANCELLED:
        return Reason.CANCELLED
    if "state_id" in context:
        return Reason.STATE
    return Reason.PROVIDER_ERROR


def account_with_verified_address(sociallogin):
    """The account here that owns an address the provider says it verified, or None."""
    for address in sociallogin.email_addresses:
        if address.verified:
            owners = filter_users_by_email(address.email)
            if owners:
                return owners[0]
    return None


def _signed_in(request):
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None
