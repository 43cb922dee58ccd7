"""The platform's one model: the append-only, hash-chained audit log."""

import hashlib
import ipaddress
import json

from django.conf import settings
from django.db import models

GENESIS_HASH = "0" * 64


def canonical_ip(value: str | None) -> str | None:
    """One spelling per address, whatever form the database returns it in."""
    if not value:
        return None
    try:
        return ipaddress.ip_address(value).exploded
    except ValueError:
        return value


def canonical_json(content: dict) -> str:
    """An event's content as the hash covers it: sorted keys, no spaces, UTF-8 as is."""
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def chain_hash(prev_hash: str, canonical: str) -> str:
    """The hash of an event whose predecessor's hash is `prev_hash`."""
    return hashlib.sha256((prev_hash + canonical).encode()).hexdigest()


class AppendOnlyError(Exception):
    """Raised on any attempt to change or remove an audit event."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Audit events cannot be changed.")

    def delete(self):
        raise AppendOnlyError("Audit events cannot be deleted.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError("Audit events cannot be changed.")


class AuditEvent(models.Model):
    """One entry in the append-only, hash-chained record of who did what (DESIGN.md §2.7).

    `hash` is the SHA-256 of the previous event's hash followed by this event's canonical
    content, so editing, inserting or removing any row breaks the chain from there on;
    `python manage.py verify_audit` walks it. On PostgreSQL a trigger also refuses UPDATE
    and DELETE at the database.
    """

    created_at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_email = models.CharField(max_length=254, blank=True)
    actor_role = models.CharField(max_length=40, blank=True)
    action = models.CharField(max_length=80, db_index=True)
    outcome = models.CharField(
        max_length=10, choices=[("done", "Done"), ("denied", "Denied")], default="done"
    )
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    object_repr = models.CharField(max_length=300, blank=True)
    from_state = models.CharField(max_length=30, blank=True)
    to_state = models.CharField(max_length=30, blank=True)
    note = models.TextField(blank=True)
    source_ip = models.GenericIPAddressField(null=True, blank=True)
    data = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        # The table keeps the name it was created with in the nominations app, so its
        # PostgreSQL append-only trigger and every existing row stay as they are.
        db_table = "nominations_auditevent"
        ordering = ["pk"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.action} {self.object_type}:{self.object_id}"

    def save(self, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Audit events cannot be changed.")
        super().save(**kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit events cannot be deleted.")

    def canonical_content(self) -> str:
        """The event's fields as deterministic JSON: what the hash covers."""
        content = {
            "created_at": self.created_at.isoformat(timespec="microseconds"),
            "actor_id": self.actor_id,
            "actor_email": self.actor_email,
            "actor_role": self.actor_role,
            "action": self.action,
            "outcome": self.outcome,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "object_repr": self.object_repr,
            "from_state": self.from_state,
            "to_state": self.to_state,
            "note": self.note,
            "source_ip": canonical_ip(self.source_ip),
            "data": self.data,
        }
        return canonical_json(content)

    def compute_hash(self) -> str:
        return chain_hash(self.prev_hash, self.canonical_content())
