"""The one writer of the audit log (DESIGN.md §2.7).

Every transition service calls `audit_record` inside its own transaction, so the event
commits or rolls back with the change it describes. Views will record denied attempts
the same way, with `outcome="denied"`:

    audit_record(action="nomination.submit", actor=request.user, obj=nomination,
                 outcome="denied", note=error.message)
"""

import ipaddress
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.utils import timezone

from accounts.rules import primary_role
from core.audit_context import current_source_ip
from core.models import GENESIS_HASH, AuditEvent

# Any constant works, as long as nothing else in the database uses it for another lock.
AUDIT_CHAIN_LOCK_ID = 7_109_2023


def audit_record(
    *,
    action: str,
    actor=None,
    obj: models.Model | None = None,
    from_state: str = "",
    to_state: str = "",
    note: str = "",
    data: dict | None = None,
    role: str = "",
    outcome: str = "done",
) -> AuditEvent:
    """Append one event to the hash chain and return it.

    Takes the chain lock, links the event to the newest one and stores its hash. The
    source IP comes from the request (see `core.middleware`). `actor` may be a
    user, an anonymous user or None (a system action). Without a `role`, a signed-in
    actor's event carries their primary role, so no event (a refused request, say) is
    left without one. Schedules nothing.
    """
    with transaction.atomic():
        _lock_chain()
        previous = AuditEvent.objects.order_by("-pk").values_list("hash", flat=True).first()
        user = actor if actor is not None and actor.is_authenticated else None
        event = AuditEvent(
            created_at=timezone.now(),
            actor=user,
            actor_email=(user.email if user else "")[:254],
            actor_role=str(role or _role_of(user))[:40],
            action=action[:80],
            outcome=outcome,
            object_type=obj._meta.label_lower if obj is not None else "",
            object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
            object_repr=str(obj)[:300] if obj is not None else "",
            from_state=str(from_state),
            to_state=str(to_state),
            note=note,
            source_ip=_normalized_ip(current_source_ip()),
            data=_json_ready(data or {}),
            prev_hash=previous or GENESIS_HASH,
        )
        event.hash = event.compute_hash()
        event.save()
    return event


def _role_of(user) -> str:
    if user is None:
        return ""
    role = primary_role(user)
    return role.value if role else ""


def _lock_chain() -> None:
    """Serialize writers of the chain until the current transaction ends.

    Two writers reading the same newest hash would fork the chain. PostgreSQL gets a
    transaction-scoped advisory lock; SQLite needs none, because with
    transaction_mode IMMEDIATE every write transaction already holds the database lock.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [AUDIT_CHAIN_LOCK_ID])


def _normalized_ip(value: str | None) -> str | None:
    """A valid address without an IPv6 zone ("fe80::1%eth0" → "fe80::1"), or None.

    The hash covers `canonical_ip()` of whatever the database hands back, so how each
    database spells the address (IPv4-mapped IPv6, say) cannot break the chain.
    """
    if not value:
        return None
    try:
        return str(ipaddress.ip_address(value.split("%", 1)[0]))
    except ValueError:
        return None


def _json_ready(data: dict) -> dict:
    # Dates become ISO strings and keys become strings now, not on the way back from the
    # database, so the hash computed here is the one `verify_audit` recomputes. Floats
    # become strings: PostgreSQL's jsonb may respell them (1e300, -0.0).
    return _floats_as_strings(json.loads(json.dumps(data, cls=DjangoJSONEncoder)))


def _floats_as_strings(value):
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dict):
        return {key: _floats_as_strings(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_floats_as_strings(item) for item in value]
    return value
