"""What the audit log knows about the current request, without passing `request` around.

The source IP lives here, and whether refusals are recorded. Services read both when
they write an audit event; outside a request (management commands, task workers, the
demo seeding) the IP is None and refused service calls are not recorded.
"""

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar

_source_ip: ContextVar[str | None] = ContextVar("audit_source_ip", default=None)
_refusals_recorded: ContextVar[bool] = ContextVar("audit_refusals_recorded", default=False)


def current_source_ip() -> str | None:
    return _source_ip.get()


@contextlib.contextmanager
def source_ip_bound(ip: str | None) -> Iterator[None]:
    """Attribute audit events written inside the block to `ip`."""
    token = _source_ip.set(ip or None)
    try:
        yield
    finally:
        _source_ip.reset(token)


def refusals_recorded() -> bool:
    """Whether a refused service call is written to the audit log as a denied attempt.

    A refusal is recorded when someone attempted something: during a request (the
    middleware turns this on), or inside `recording_refusals()` for other callers that
    act for a person. Code that calls a service directly (a command, the demo seeding,
    a test) gets the error and decides for itself; nothing is recorded for it.
    """
    return _refusals_recorded.get()


@contextlib.contextmanager
def recording_refusals() -> Iterator[None]:
    """Record refused service calls made inside the block (see `refusals_recorded`)."""
    token = _refusals_recorded.set(True)
    try:
        yield
    finally:
        _refusals_recorded.reset(token)
