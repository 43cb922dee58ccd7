"""The code an authenticator app shows for a TOTP secret, for tests that sign in with MFA."""

import time

from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.conf import settings


def current_code(secret: str) -> str:
    """The code for now. Near the end of a period the next one is awaited, so that the code
    is still the current one when the server checks it (no tolerance is configured: a code
    from the period before is refused)."""
    period = getattr(settings, "MFA_TOTP_PERIOD", 30)
    remaining = period - time.time() % period
    if remaining < 3:
        time.sleep(remaining + 0.1)
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))
