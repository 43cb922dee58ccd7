"""What a signed-in session has proved, and when it began.

Two facts about a session decide whether it may go on (`accounts.middleware` asks them):

- When the user signed in. Every sign-in stores the time in the session, whatever the
  path: allauth's login form and its MFA step, a panel invitation's `perform_login`, the
  admin's login, the test client's `force_login` (all go through Django's `login`, which
  sends `user_logged_in`). AWARDS_SESSION_MAX_AGE seconds later the session ends, however
  active it was, unless the user proved who they are again in the meantime (allauth's
  re-authentication, which the session warning offers as "Stay signed in"): the clock
  then starts again from that moment. A session without the sign-in time cannot be shown
  to be younger, so it ends too.
- Whether the second factor was proved in this session. allauth keeps a record of every
  authentication step in the session: method "password" for the password, "mfa" for an
  authenticator-app code, a recovery code or a security key, at sign-in or when
  re-authenticating (`allauth.mfa.base.internal.flows.post_authentication`). Enrolling an
  authenticator app or a security key takes a code from it or a touch of it, so enrolment
  is recorded the same way, as method "mfa" (allauth records nothing for it).
"""

from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.utils import timezone

SIGNED_IN_AT_SESSION_KEY = "awards_signed_in_at"
STRONG_AUTHENTICATORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


def record_sign_in(sender, request, user, **kwargs) -> None:
    """`user_logged_in` receiver: the session remembers when its user signed in."""
    session = getattr(request, "session", None)
    if session is not None:
        session[SIGNED_IN_AT_SESSION_KEY] = timezone.now().timestamp()


def session_started(request) -> float | None:
    """When the signed-in session's clock started, as a timestamp: the sign-in, or the
    last time the user proved who they are again in it (allauth's re-authentication, by
    password, code or security key: "Stay signed in" on the session warning). None when
    the session cannot say when its user signed in."""
    signed_in = request.session.get(SIGNED_IN_AT_SESSION_KEY)
    if not is_timestamp(signed_in):
        return None
    proved_again = [
        record["at"]
        for record in get_authentication_records(request, request.user)
        if isinstance(record, dict)
        and record.get("reauthenticated")
        and is_timestamp(record.get("at"))
    ]
    return max([signed_in, *proved_again])


def session_ends_at(request) -> float | None:
    """When the signed-in session ends, as a timestamp: AWARDS_SESSION_MAX_AGE seconds
    after its clock started; None when it has no clock (it ends at once)."""
    started = session_started(request)
    return None if started is None else started + settings.AWARDS_SESSION_MAX_AGE


def session_outlived(request) -> bool:
    """Whether the signed-in session has reached its end, or cannot say when it began."""
    ends = session_ends_at(request)
    return ends is None or timezone.now().timestamp() >= ends


def is_timestamp(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def describe_session_limit() -> str:
    """The limit in words: "8 hours", "1 hour", "30 minutes"."""
    seconds = settings.AWARDS_SESSION_MAX_AGE
    if seconds % 3600 == 0:
        hours = seconds // 3600
        return f"{hours} hour{'s' if hours != 1 else ''}"
    minutes = max(seconds // 60, 1)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def session_proved_mfa(request) -> bool:
    """Whether the signed-in user proved a second factor during this session: allauth's
    records for this user include one of method "mfa"."""
    records = get_authentication_records(request, request.user)
    return any(isinstance(r, dict) and r.get("method") == "mfa" for r in records)


def session_proved_security_key(request) -> bool:
    """Whether the signed-in user used (or enrolled) a security key or passkey during
    this session: a record of method "mfa" of type "webauthn"."""
    records = get_authentication_records(request, request.user)
    return any(
        isinstance(r, dict)
        and r.get("method") == "mfa"
        and r.get("type") == Authenticator.Type.WEBAUTHN
        for r in records
    )


def authenticator_types(user) -> set[str]:
    """The types of the authenticators the user has enrolled, in one query."""
    return set(Authenticator.objects.filter(user=user).values_list("type", flat=True))


def record_enrolment(sender, request=None, user=None, authenticator=None, **kwargs) -> None:
    """`authenticator_added` receiver: an authenticator app or security key enrolled by
    the signed-in user in this session proves that factor for the session.

    Recovery codes are generated, not proved, so they record nothing.
    """
    if request is None or user is None or authenticator is None:
        return
    if authenticator.type not in STRONG_AUTHENTICATORS:
        return
    signed_in = getattr(request, "user", None)
    if signed_in is None or not signed_in.is_authenticated or signed_in.pk != user.pk:
        return
    record_authentication(
        request, user, "mfa", id=authenticator.pk, type=authenticator.type, enrolled=True
    )


# Set on a request whose session the site ends itself (`accounts.middleware.end_session`).
ENDED_BY_SITE_ATTRIBUTE = "awards_session_ended_by_site"


def mark_ended_by_site(request) -> None:
    """Note that the site, not the person, is ending this request's session: the audit
    log records a sign-out only when the person asks for it (core.account_events)."""
    setattr(request, ENDED_BY_SITE_ATTRIBUTE, True)


def ended_by_site(request) -> bool:
    """Whether `mark_ended_by_site` was called on this request."""
    return getattr(request, ENDED_BY_SITE_ATTRIBUTE, False) is True
