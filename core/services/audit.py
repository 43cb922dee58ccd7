"""The one writer of the audit log (DESIGN.md §2.7).

Every service calls `audit_record` inside its own transaction, so the event commits or
rolls back with the change it describes.

A refused service call is recorded here too, as one event with outcome "denied", by the
service itself rather than by whoever called it: the transition runner does it for every
transition, and `audits_refusals` (a decorator) or `refusal_audited` (a context manager)
for the other services. The event is written once the refusal has left the service, so
after the transaction it rolled back, and only by the outermost service (a service that
calls another inside its transaction records the refusal under its own name). See
`refusal_audited` for what is recorded and when.
"""

import contextlib
import functools
import ipaddress
import json
from collections.abc import Callable, Iterator
from contextvars import ContextVar

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.utils import timezone

from accounts.rules import primary_role
from core.audit_context import current_source_ip, refusals_recorded
from core.exceptions import InvalidInput, TransitionBlocked, WorkflowError
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
            actor_email=user.email if user else "",
            actor_role=str(role or _role_of(user)),
            action=action,
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


def audit_denied(
    *,
    action: str,
    actor,
    obj: models.Model | None = None,
    from_state: str = "",
    note: str = "",
    data: dict | None = None,
    role: str = "",
) -> AuditEvent:
    """Append one refused attempt (outcome "denied"): who, on what, from which state and
    why (DESIGN.md §2.7). Changes nothing else; schedules nothing."""
    return audit_record(
        action=action,
        actor=actor,
        obj=obj,
        from_state=from_state,
        note=note,
        data=data,
        role=role,
        outcome="denied",
    )


# -- refusals recorded by the service that refuses ---------------------------------------


def refusal_note(error: WorkflowError) -> str:
    """A refusal's note: the message the refused person is shown."""
    return error.message


def guard_reasons(error: WorkflowError) -> str:
    """A blocked move's note as the cycle page words it, the guards' reasons alone
    ("the rubric has no criteria."); any other refusal's message."""
    if isinstance(error, TransitionBlocked):
        return "; ".join(reason.rstrip(".") for reason in error.reasons) + "."
    return error.message


ErrorClasses = tuple[type[WorkflowError], ...]

# How many services with a refusal to record are running, one inside the other.
_open_services: ContextVar[int] = ContextVar("audit_open_services", default=0)


@contextlib.contextmanager
def refusal_audited(
    action: str,
    *,
    actor,
    obj: models.Model | None = None,
    from_state: str | Callable[[], str] = "",
    role: str = "",
    data: dict | None = None,
    of: ErrorClasses = (WorkflowError,),
    unless: ErrorClasses = (InvalidInput,),
    note: Callable[[WorkflowError], str] = refusal_note,
) -> Iterator[None]:
    """Record a WorkflowError raised inside the block as one denied `action` event.

    The event names `actor`, `obj`, `from_state` (a string, or a function asked once the
    refusal happened, for the state that refused it), `role`, the note (`note(error)`,
    by default the message shown) and `data` with the error's own `audit_data` (a
    limit's name and value). Only refusals of the classes `of` are recorded, and not
    those of `unless`: by default every refusal but a typing mistake (InvalidInput),
    which a form shows next to its field.

    It is written when the error leaves the block, so a transaction opened inside the
    block has already rolled back and cannot take the event with it. Only the outermost
    block records: a service that calls another one inside its own transaction records
    the refusal under its own action, after its transaction. The error is then marked
    `audited` and recorded by nobody else. Nothing is recorded outside a request (see
    `core.audit_context.refusals_recorded`), nor for an actor who is not signed in: no
    one to name. The error is always raised again.
    """
    outermost = _open_services.get() == 0
    token = _open_services.set(_open_services.get() + 1)
    try:
        yield
    except WorkflowError as error:
        _open_services.reset(token)
        token = None
        if (
            outermost
            and not error.audited
            and isinstance(error, of)
            and not isinstance(error, unless)
            and refusals_recorded()
            and getattr(actor, "is_authenticated", False)
        ):
            audit_denied(
                action=action,
                actor=actor,
                obj=obj,
                from_state=from_state() if callable(from_state) else from_state,
                note=note(error),
                data={**(data or {}), **getattr(error, "audit_data", {})},
                role=role,
            )
            error.audited = True
        raise
    finally:
        if token is not None:
            _open_services.reset(token)


def audits_refusals(
    action: str,
    *,
    obj: str | Callable[..., models.Model],
    actor: str = "actor",
    role: str = "",
    from_state: bool | Callable[..., str] = False,
    data: Callable[..., dict] | None = None,
    of: ErrorClasses = (WorkflowError,),
    unless: ErrorClasses = (InvalidInput,),
    note: Callable[[WorkflowError], str] = refusal_note,
) -> Callable:
    """Decorate a service (keyword-only arguments) so that its refusals are recorded as
    denied `action` events by `refusal_audited`.

    `obj` names the argument holding the object of the event, or is a function of the
    service's arguments; `actor` names the argument holding the person. `from_state`
    True records the object's state when the service was called; a function of the
    service's arguments is asked once the service refused. `data` is a function of the
    service's arguments. `role`, `of`, `unless` and `note` are `refusal_audited`'s.
    """

    def decorate(service: Callable) -> Callable:
        @functools.wraps(service)
        def with_refusal_audited(**kwargs):
            target = kwargs[obj] if isinstance(obj, str) else obj(**kwargs)
            if callable(from_state):
                state = functools.partial(from_state, **kwargs)
            else:
                state = target.state if from_state else ""
            with refusal_audited(
                action,
                actor=kwargs.get(actor),
                obj=target,
                from_state=state,
                role=role,
                data=data(**kwargs) if data is not None else None,
                of=of,
                unless=unless,
                note=note,
            ):
                return service(**kwargs)

        return with_refusal_audited

    return decorate


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
        return str(ipaddress.ip_address(value.partition("%")[0]))
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
