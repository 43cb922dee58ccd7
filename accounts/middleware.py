"""Multi-factor authentication for the roles that need it.

When AWARDS_REQUIRE_MFA is on (the default when DJANGO_ENV=production), award staff,
panelists, the selecting official and anyone who can open the Django admin are sent to
the authenticator-app enrolment page (/accounts/2fa/totp/activate/) on every page until
they have an authenticator app (TOTP) or a security key (WebAuthn). Only the MFA pages,
sign-out, re-authentication and static files stay open to them. Nominators are never
forced; they may still add MFA from /accounts/2fa/.

Demo logins: in development AWARDS_REQUIRE_MFA is off, so every demo login (one per
role) signs in with its email address and password alone and goes straight to its
landing page. To try the enforced flow locally, start the server with
AWARDS_REQUIRE_MFA=on: a staff, panelist or selecting-official demo login is then sent
to enrolment first; scan the QR code with any authenticator app (or enter the secret
shown under it), type the six-digit code, and keep the recovery codes. From then on,
that login asks for a code after the password. Production must keep it on.
"""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from accounts.rules import needs_mfa


def mfa_enrolment_prefixes() -> tuple[str, ...]:
    """Paths a user who still has to enrol may reach: the MFA pages, signing out,
    re-authentication (the enrolment pages may ask for it), and static files."""
    return (
        reverse("mfa_index"),
        reverse("account_logout"),
        reverse("account_reauthenticate"),
        "/" + settings.STATIC_URL.lstrip("/"),
    )


def has_strong_authenticator(user) -> bool:
    """Whether the user has enrolled an authenticator app or a security key.

    Recovery codes alone do not count: they are the fallback, not a second factor.
    """
    return Authenticator.objects.filter(
        user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
    ).exists()


class RequireMFAMiddleware:
    """Sends users who must use MFA and have not enrolled to the enrolment page.

    The checks run cheapest first: the setting, the session, the path, the role (read
    once per request and cached on the user), and only then one query for an
    authenticator, so nominators and anonymous visitors cost no extra query.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._must_enrol(request):
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    @staticmethod
    def _must_enrol(request) -> bool:
        if not settings.AWARDS_REQUIRE_MFA or not request.user.is_authenticated:
            return False
        if request.path.startswith(mfa_enrolment_prefixes()):
            return False
        if not needs_mfa(request.user):
            return False
        return not has_strong_authenticator(request.user)
