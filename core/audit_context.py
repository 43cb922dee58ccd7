"""What the audit log knows about the current request, without passing `request` around.

Only the source IP lives here. Services read it when they write an audit event; outside
a request (management commands, task workers) it is None.
"""

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar

_source_ip: ContextVar[str | None] = ContextVar("audit_source_ip", default=None)


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
