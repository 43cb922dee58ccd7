"""Audit events for rows the benchmark seeds in bulk, chained as `audit_record` chains
them, so `verify_audit` passes on a seeded database."""

import datetime as dt

from core.models import GENESIS_HASH, AuditEvent

ROLES = {
    "cycle": "Award staff",
    "nomination.submit": "Nominator",
    "review": "Panelist",
}


class AuditWriter:
    """Collects events one second apart from `start` and writes them in batches."""

    def __init__(self, *, start: dt.datetime, batch: int = 5000) -> None:
        self.clock = start
        self.previous = AuditEvent.objects.order_by("-pk").values_list("hash", flat=True).first()
        self.previous = self.previous or GENESIS_HASH
        self.pending: list[AuditEvent] = []
        self.batch = batch
        self.written = 0

    def add(self, action: str, actor, obj, from_state: str, to_state: str) -> None:
        self.clock += dt.timedelta(seconds=1)
        role = next((r for prefix, r in ROLES.items() if action.startswith(prefix)), "Award staff")
        event = AuditEvent(
            created_at=self.clock,
            actor=actor,
            actor_email=actor.email,
            actor_role=role,
            action=action,
            object_type=obj._meta.label_lower,
            object_id=str(obj.pk),
            object_repr=str(obj)[:300],
            from_state=from_state,
            to_state=to_state,
            data={},
            prev_hash=self.previous,
        )
        event.hash = event.compute_hash()
        self.previous = event.hash
        self.pending.append(event)
        if len(self.pending) >= self.batch:
            self.flush()

    def flush(self) -> None:
        AuditEvent.objects.bulk_create(self.pending)
        self.written += len(self.pending)
        self.pending = []
