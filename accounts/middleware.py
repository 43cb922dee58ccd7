"""How long a session lasts, and multi-factor authentication for the roles that need it.

`SessionAgeLimitMiddleware`: a session ends AWARDS_SESSION_MAX_AGE seconds (8 hours by
default) after its user signed in, whatever they did since. Django's own expiry slides:
each time the session is saved its expiry moves to SESSION_COOKIE_AGE from then, and
allauth, the messages framework and the forms save it often. The sign-in time is stored
once, on sign-in (`accounts.authentication`), and never moves.

`RequireMFAMiddleware`: when AWARDS_REQUIRE_MFA is on (the default when
DJANGO_ENV=production), award staff, panelists, the selecting official and anyone who can
open the Django admin must have proved a second factor in this very session, not merely
own one:

- with no authenticator app (TOTP) or security key (WebAuthn) yet, they are sent to the
  authenticator-app enrolment page (/accounts/2fa/totp/activate/) on every page until
  they have one. Only the MFA pages, sign-out, re-authentication and static files stay
  open to them. Enrolling proves the new factor for the session.
- with one, a session in which it was not used (a session signed in by the password
  alone, however it was made) is signed out and sent to sign in again, which asks for
  the code or the key after the password.

Nominators are never forced; they may still add MFA from /accounts/2fa/.

With AWARDS_REQUIRE_SECURITY_KEY on as well (the default in production), award staff, the
selecting official and admin users must use a security key or passkey (WebAuthn), which
phishing cannot replay: without one they are sent to add one (the authenticator-app
enrolment is closed to them), and a session in which they proved an app code or a
recovery code instead is signed out and sent to sign in again with the key. Lost keys are
recovered with another key, or by another member of staff on the people page, never by
email alone.

In both cases an htmx request (an autosave) gets 401, which the forms' scripts show as
"Not saved: you are signed out" with a link to sign in again; other requests go to the
sign-in page with a message and `next` set to the page asked for.

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
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from accounts.authentication import (
    STRONG_AUTHENTICATORS,
    authenticator_types,
    describe_session_limit,
    mark_ended_by_site,
    session_outlived,
    session_proved_mfa,
    session_proved_security_key,
)
from accounts.rules import needs_mfa, needs_security_key
from accounts.sessions import note_activity, session_ended_for_account

SESSION_ENDED_TEXT = "Your session has ended."
MFA_NOT_PROVED = (
    "Sign in again with your password and your authenticator: this session did not "
    "confirm your second factor."
)
SECURITY_KEY_NOT_PROVED = (
    "Sign in again with your security key or passkey: for your role, authenticator-app "
    "codes and recovery codes are not accepted."
)
ADD_SECURITY_KEY = (
    "Add a security key or passkey to go on: award staff and the selecting official sign "
    "in with one."
)
SECURITY_KEYS_ONLY = (
    "For your role, only security keys and passkeys are accepted: not authenticator-app "
    "codes, nor recovery codes. To recover from a lost key, use another key you added, "
    "or ask another member of award staff."
)
SESSION_ENDED_FOR_ACCOUNT = "This session was ended by the award office. Sign in again."


def session_limit_message() -> str:
    return f"Your session ended after {describe_session_limit()}; sign in again."


def mfa_enrolment_prefixes() -> tuple[str, ...]:
    """Paths a user who still has to enrol may reach: the MFA pages, signing out,
    re-authentication (the enrolment pages may ask for it), and static files."""
    return (
        reverse("mfa_index"),
        reverse("account_logout"),
        reverse("account_reauthenticate"),
        static_prefix(),
    )


def code_pages() -> tuple[str, ...]:
    """The MFA pages of the factors a security key replaces: enrolling an authenticator
    app, and making or reading recovery codes."""
    return (
        reverse("mfa_activate_totp"),
        reverse("mfa_generate_recovery_codes"),
        reverse("mfa_view_recovery_codes"),
        reverse("mfa_download_recovery_codes"),
    )


def static_prefix() -> str:
    return "/" + settings.STATIC_URL.lstrip("/")


def has_strong_authenticator(user) -> bool:
    """Whether the user has enrolled an authenticator app or a security key.

    Recovery codes alone do not count: they are the fallback, not a second factor.
    """
    return Authenticator.objects.filter(user=user, type__in=STRONG_AUTHENTICATORS).exists()


def security_key_required(user) -> bool:
    """Whether the user's second factor must be a security key or passkey."""
    return settings.AWARDS_REQUIRE_SECURITY_KEY and needs_security_key(user)


def end_session(request, message: str) -> HttpResponse:
    """Sign the user out and send them to sign in again, saying why; htmx gets 401."""
    next_path = request.get_full_path()
    mark_ended_by_site(request)
    logout(request)
    messages.info(request, message)
    if getattr(request, "htmx", False):
        return HttpResponse(SESSION_ENDED_TEXT, status=401, content_type="text/plain")
    if request.path == reverse("account_login"):
        return redirect(next_path)  # the sign-in page asked for, with its own way back
    return redirect_to_login(next_path)


class SessionAgeLimitMiddleware:
    """Ends a session AWARDS_SESSION_MAX_AGE seconds after sign-in, however active.

    Signing out stays open (it ends the session anyway, and coming back to it after
    signing in again would sign the user straight out).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and request.path != reverse("account_logout"):
            if session_outlived(request):
                return end_session(request, session_limit_message())
            if session_ended_for_account(request):
                return end_session(request, SESSION_ENDED_FOR_ACCOUNT)
        return self.get_response(request)


class SessionActivityMiddleware:
    """Keeps the session's row in the person's list of sessions up to date: where and
    when it was last used (`accounts.sessions.note_activity`, at most every few
    minutes)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            note_activity(request)
        return self.get_response(request)


class RequireMFAMiddleware:
    """Holds users who must use MFA to enrolment until they have an authenticator, and
    signs out a session of theirs in which the authenticator was not used.

    The checks run cheapest first: the setting, the session, the path, the role (read
    once per request and cached on the user), and only then one query for an
    authenticator, so nominators and anonymous visitors cost no extra query.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.AWARDS_REQUIRE_MFA or not request.user.is_authenticated:
            return self.get_response(request)
        if request.path == reverse("account_logout") or request.path.startswith(static_prefix()):
            return self.get_response(request)
        if not needs_mfa(request.user):
            return self.get_response(request)
        if security_key_required(request.user):
            return self.require_security_key(request)
        if not has_strong_authenticator(request.user):
            if request.path.startswith(mfa_enrolment_prefixes()):
                return self.get_response(request)
            return redirect("mfa_activate_totp")
        if not session_proved_mfa(request):
            return end_session(request, MFA_NOT_PROVED)
        return self.get_response(request)

    def require_security_key(self, request):
        """The same rule with a security key or passkey as the only second factor: held
        at adding one until they have one (a session that proved an app code or a
        recovery code may add it), then signed out of any session that did not use one.
        The pages of app codes and recovery codes are closed to them throughout."""
        types = authenticator_types(request.user)
        has_key = Authenticator.Type.WEBAUTHN in types
        if request.path.startswith(code_pages()):
            messages.info(request, SECURITY_KEYS_ONLY)
            return redirect("mfa_index" if has_key else "mfa_add_webauthn")
        if has_key:
            if session_proved_security_key(request):
                return self.get_response(request)
            return end_session(request, SECURITY_KEY_NOT_PROVED)
        if Authenticator.Type.TOTP in types and not session_proved_mfa(request):
            return end_session(request, MFA_NOT_PROVED)
        if request.path.startswith(mfa_enrolment_prefixes()):
            return self.get_response(request)
        messages.info(request, ADD_SECURITY_KEY)
        return redirect("mfa_add_webauthn")
