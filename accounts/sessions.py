"""Each person's signed-in sessions: what they are, when they were last used, ending them.

allauth's `usersessions` keeps one `UserSession` row per signed-in session (made at
every sign-in through allauth: its form and MFA step, the admin's sign-in, a panel
invitation's sign-in); its page at /accounts/sessions/ lists the person's own and ends
the others. The row's last use is brought up to date here at most every
`ACTIVITY_INTERVAL` seconds, not on every request, so a page costs no extra query in
the common case.

Ending every session of an account (staff on the people page, deactivation) does not
depend on those rows: the account's `sessions_ended_at` is set, and
`accounts.middleware.SessionAgeLimitMiddleware` signs out any session whose sign-in is
older, whatever engine holds it and whether or not it has a row.
"""

import contextlib
import re

from allauth.usersessions.adapter import get_adapter
from allauth.usersessions.models import UserSession
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accounts.authentication import SIGNED_IN_AT_SESSION_KEY, is_timestamp

ACTIVITY_INTERVAL = 300
SEEN_AT_SESSION_KEY = "awards_seen_at"


def note_activity(request) -> None:
    """Bring the session's row up to date (address, browser, last use) when it was last
    noted more than ACTIVITY_INTERVAL seconds ago; the sign-in counts as a use."""
    session = request.session
    if not session.session_key or not request.META.get("REMOTE_ADDR"):
        return
    now = timezone.now().timestamp()
    last = [
        value
        for value in (session.get(SEEN_AT_SESSION_KEY), session.get(SIGNED_IN_AT_SESSION_KEY))
        if is_timestamp(value)
    ]
    if last and now - max(last) < ACTIVITY_INTERVAL:
        return
    session[SEEN_AT_SESSION_KEY] = now
    # allauth refuses an address it cannot read as one; the list then misses this use.
    with contextlib.suppress(PermissionDenied):
        UserSession.objects.create_from_request(request)


def end_every_session(user) -> int:
    """End every session of `user`, this one included if it is theirs: from now on any
    session signed in before this moment is signed out, and each listed session's data
    is deleted at once. Returns how many listed sessions there were."""
    user.sessions_ended_at = timezone.now()
    type(user).objects.filter(pk=user.pk).update(sessions_ended_at=user.sessions_ended_at)
    sessions = list(UserSession.objects.filter(user_id=user.pk))
    for session in sessions:
        session.end()
    return len(sessions)


def end_other_sessions_on_removal(sender, request, user, authenticator, **kwargs) -> None:
    """`authenticator_removed` receiver: removing a second factor ends the account's
    other sessions (one that was stolen with it ends too). A password change needs no
    such step: Django signs out every other session of an account whose password
    changed."""
    current = request.session.session_key if request is not None else None
    others = UserSession.objects.filter(user_id=user.pk).exclude(session_key=current)
    sessions = list(others)
    if sessions:
        get_adapter().end_sessions(sessions)


def session_ended_for_account(request) -> bool:
    """Whether the signed-in session began before its account's sessions were ended."""
    ended = request.user.sessions_ended_at
    if ended is None:
        return False
    signed_in = request.session.get(SIGNED_IN_AT_SESSION_KEY)
    return not is_timestamp(signed_in) or signed_in <= ended.timestamp()


# Browser and system names as user-agent strings give them, most specific first.
_BROWSERS = (
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
)
_SYSTEMS = (
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Android", "Android"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
)


def describe_device(user_agent: str) -> str:
    """A user agent in words a person recognizes: "Firefox on Windows", "Chrome on
    Android"; the user agent itself, shortened, when it names neither."""
    browser = next((name for mark, name in _BROWSERS if mark in user_agent), "")
    system = next((name for mark, name in _SYSTEMS if mark in user_agent), "")
    if browser and system:
        return f"{browser} on {system}"
    if browser or system:
        return browser or system
    shown = re.sub(r"\s+", " ", user_agent).strip()[:60]
    return shown or "Unknown browser"
