"""Award staff and the selecting official sign in through the agency's identity provider.

With AWARDS_STAFF_AGENCY_SIGN_IN on and the agency's provider configured
(docs/login-gov.md), a session of award staff or of the selecting official that was not
signed in through that provider is ended on its next request, with a message saying how
to sign in, as `accounts.middleware` ends a session without its second factor. Their
roles are still granted only in this application; the provider says who the person is,
never what they may do.

Linking the agency identity to an existing account needs a session signed in the old
way, so these stay open to it: the Account Connections page and the agency
provider's own sign-in and return (allauth's "connect"), re-authentication (which
connecting may ask for), the MFA pages, signing out and static files. Once connected,
the next page ends that session, and the person signs in through the agency.
"""

from django.conf import settings
from django.urls import reverse

from accounts.middleware import end_session, static_prefix
from accounts.oidc.configuration import AGENCY, agency_app
from accounts.oidc.sign_out import provider_signed_in_with
from accounts.roles import Role
from accounts.rules import has_role

AGENCY_ROLES = (Role.AWARD_STAFF, Role.SELECTING_OFFICIAL)


def agency_sign_in_required(user) -> bool:
    """Whether the user's role must sign in through the agency's provider."""
    return (
        settings.AWARDS_STAFF_AGENCY_SIGN_IN
        and any(has_role(user, role) for role in AGENCY_ROLES)
        and agency_app() is not None
    )


def agency_sign_in_message() -> str:
    return (
        f"Award staff and the selecting official sign in with {agency_app().name}. "
        "Sign in with it to go on."
    )


def paths_open_for_linking() -> tuple[str, ...]:
    return (
        reverse("socialaccount_connections"),
        reverse("oidc_login", kwargs={"provider_id": AGENCY}),
        reverse("oidc_callback", kwargs={"provider_id": AGENCY}),
        reverse("account_reauthenticate"),
        reverse("mfa_index"),
        static_prefix(),
    )


class RequireAgencySignInMiddleware:
    """Ends a staff or selecting-official session not signed in through the agency's
    identity provider, when AWARDS_STAFF_AGENCY_SIGN_IN asks for it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.AWARDS_STAFF_AGENCY_SIGN_IN or not request.user.is_authenticated:
            return self.get_response(request)
        if request.path == reverse("account_logout") or request.path.startswith(
            paths_open_for_linking()
        ):
            return self.get_response(request)
        if not agency_sign_in_required(request.user):
            return self.get_response(request)
        if provider_signed_in_with(request) == AGENCY:
            return self.get_response(request)
        return end_session(request, agency_sign_in_message())
