from allauth.mfa.models import Authenticator
from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from accounts.rules import needs_mfa

# Pages a user who still has to enrol MFA may reach: the enrolment pages themselves,
# signing out, re-authentication, and static files.
MFA_ENROLMENT_PREFIXES = (
    "/accounts/2fa/",
    "/accounts/logout/",
    "/accounts/reauthenticate/",
    "/static/",
)


class RequireMFAMiddleware:
    """Sends staff, panelists and the selecting official to MFA enrolment first.

    Active when settings.AWARDS_REQUIRE_MFA is on (the production default).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._must_enrol(request):
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)

    @staticmethod
    def _must_enrol(request) -> bool:
        if not settings.AWARDS_REQUIRE_MFA or not request.user.is_authenticated:
            return False
        if request.path.startswith(MFA_ENROLMENT_PREFIXES):
            return False
        if not needs_mfa(request.user):
            return False
        return not Authenticator.objects.filter(
            user=request.user,
            type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN],
        ).exists()
