"""Reads over the audit log."""

from dataclasses import dataclass

from core.models import GENESIS_HASH, AuditEvent

CONTENT_EDITED = "content edited"
PREDECESSOR_MISSING = "predecessor missing or changed"


@dataclass(frozen=True)
class ChainBreak:
    """The first event at which the hash chain stops holding, and why."""

    event_id: int
    reason: str
    detail: str


@dataclass(frozen=True)
class ChainReport:
    events_checked: int
    first_break: ChainBreak | None
    newest: AuditEvent | None = None

    @property
    def ok(self) -> bool:
        return self.first_break is None


def audit_chain_verify(*, batch_size: int = 2000) -> ChainReport:
    """Walk every event in pk order, recomputing hashes and following prev_hash links.

    An event whose stored hash does not match its content was edited. An event whose
    prev_hash is not the hash of the event before it lost its predecessor: a row was
    deleted, inserted, or edited and re-hashed. Reads in batches, so memory stays flat.
    Removing the newest events leaves no trace in the chain itself; compare the count
    with an earlier run (or a copy kept elsewhere) to catch that.
    """
    expected_prev = GENESIS_HASH
    checked = 0
    previous_id = None
    newest = None
    for event in AuditEvent.objects.order_by("pk").iterator(chunk_size=batch_size):
        if event.prev_hash != expected_prev:
            after = f"event #{previous_id}" if previous_id else "the start of the log"
            return ChainReport(
                checked,
                ChainBreak(
                    event.pk,
                    PREDECESSOR_MISSING,
                    f"its prev_hash does not match the hash of {after}",
                ),
            )
        if event.compute_hash() != event.hash:
            return ChainReport(
                checked,
                ChainBreak(event.pk, CONTENT_EDITED, "its stored hash does not match its content"),
            )
        checked += 1
        expected_prev = event.hash
        previous_id = event.pk
        newest = event
    return ChainReport(checked, None, newest)


def audit_chain_first_break() -> ChainBreak | None:
    """The first broken event, or None when the whole chain holds."""
    return audit_chain_verify().first_break
