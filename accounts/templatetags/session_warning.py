"""The warning a signed-in page gives before its session ends (WCAG 2.2.1, Timing
Adjustable): `{% session_warning %}` in base.html, with static/js/session-warning.js."""

import math

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from accounts.authentication import describe_session_limit, session_ends_at

register = template.Library()

# How long before the end the warning opens: enough to finish a sentence and confirm the
# password, well over the 20 seconds WCAG 2.2.1 asks for.
WARNING_SECONDS = 5 * 60


def _confirming_pages() -> tuple[str, ...]:
    """The pages where the person confirms who they are, which "Stay signed in" opens:
    no warning over them."""
    return (reverse("account_reauthenticate"), reverse("mfa_reauthenticate"))


@register.inclusion_tag("accounts/_session_warning.html", takes_context=True)
def session_warning(context) -> dict:
    """The dialog for a signed-in page, with the seconds its session has left when the
    page was made (the script counts from there, so a wrong clock on the computer does
    not matter); nothing for a visitor who is not signed in, nor on the pages that
    confirm who the person is."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or request.path in _confirming_pages():
        return {"show": False}
    ends = session_ends_at(request)
    if ends is None:
        return {"show": False}
    return {
        "show": True,
        # Rounded up: the dialog says the session has ended only once it has.
        "seconds_left": max(0, math.ceil(ends - timezone.now().timestamp())),
        "warning_seconds": min(WARNING_SECONDS, settings.AWARDS_SESSION_MAX_AGE // 2),
        "session_limit": describe_session_limit(),
    }
