"""The steps every transition service shares (STYLE.md rule 6), written once.

Each public service (`cycle_open`, `nomination_submit`, ...) calls `run_transition`
with its own extras. The order of checks is fixed so that errors are predictable:

1. the current state allows the transition at all, else IllegalTransition;
2. the actor holds the transition's permission, else NotPermitted;
3. the guards (`*_blockers()` methods) pass, else TransitionBlocked with their reasons;
   then the service's own arguments are valid, else InvalidInput;
4. in one transaction: transition, save, exactly one audit event, emails on commit.

A refused call changes nothing. It is recorded here, once it has rolled back, as one
denied "<model>.<transition>" event (actor, object, the state it was in, the reason,
the transition's `custom["role"]`): see `core.services.audit.refusal_audited` for when.

The runner imports no domain app. Each workflow model says which rows to lock, and in
which order, through its `lock_workflow_rows()` method.
"""

import contextlib
import threading
from collections.abc import Callable, Iterable

from django.db import models, transaction
from django_fsm import ConcurrentTransition, TransitionNotAllowed, can_proceed

from core.exceptions import (
    ConflictError,
    IllegalTransition,
    NotPermitted,
    TransitionBlocked,
    WorkflowError,
)
from core.models import AuditEvent
from core.services.audit import audit_record, refusal_audited, refusal_note


def run_transition(
    obj: models.Model,
    name: str,
    *,
    actor,
    note: str = "",
    method_kwargs: dict | None = None,
    validate: Callable[[], None] | None = None,
    before_save: Callable[[], Iterable[str]] | None = None,
    after_save: Callable[[], dict | None] | None = None,
    data: dict | None = None,
    schedule: Callable[[], None] | None = None,
    audit_refusal: bool = True,
    denied_note: Callable[[WorkflowError], str] = refusal_note,
) -> AuditEvent:
    """Check, apply and record the transition `name` on `obj`; return its audit event.

    `validate` checks the service's own arguments (raising InvalidInput) once the
    actor is known to be allowed; inside the transaction the cycle's row and then the
    object's are locked first (the model's `lock_workflow_rows`); `before_save` sets
    service-owned fields and returns their names; `after_save` writes related rows and
    returns extra audit data; `schedule` registers the emails and tasks that must run
    only once the transaction commits.

    A refusal is recorded as a denied event with `denied_note(error)` as its note (the
    message, by default), except a typing mistake (InvalidInput); `audit_refusal=False`
    records none.
    """
    refusal = (
        refusal_audited(
            f"{obj._meta.model_name}.{name}",
            actor=actor,
            obj=obj,
            from_state=obj.state,
            role=_transition_custom(obj, name)["role"],
            note=denied_note,
        )
        if audit_refusal
        else contextlib.nullcontext()
    )
    with refusal:
        return _check_and_apply(
            obj,
            name,
            actor=actor,
            note=note,
            method_kwargs=method_kwargs,
            validate=validate,
            before_save=before_save,
            after_save=after_save,
            data=data,
            schedule=schedule,
        )


def _check_and_apply(
    obj: models.Model,
    name: str,
    *,
    actor,
    note: str,
    method_kwargs: dict | None,
    validate: Callable[[], None] | None,
    before_save: Callable[[], Iterable[str]] | None,
    after_save: Callable[[], dict | None] | None,
    data: dict | None,
    schedule: Callable[[], None] | None,
) -> AuditEvent:
    method = getattr(obj, name)
    label = transition_label(obj, name)
    if not can_proceed(method, check_conditions=False):
        raise IllegalTransition(
            f"“{label}” is not possible for a {obj._meta.verbose_name} "
            f"that is {obj.get_state_display()}."
        )
    meta = method._django_fsm
    transition = meta.get_transition(obj.state)
    if not transition.has_perm(obj, actor):
        raise NotPermitted(f"You are not allowed to “{label}” this {obj._meta.verbose_name}.")
    _raise_if_blocked(obj, name, transition)
    if validate is not None:
        validate()

    from_state = obj.state
    try:
        with transaction.atomic():
            obj.lock_workflow_rows()
            before = _field_values(obj)
            try:
                method(**(method_kwargs or {}))
            except TransitionNotAllowed:
                # A guard changed between the check above and the locked re-check.
                _raise_if_blocked(obj, name, transition)
                raise
            extra_fields = set(before_save()) if before_save is not None else set()
            _save_changes(obj, before, extra_fields)
            extra_data = after_save() if after_save is not None else None
            event = audit_record(
                action=f"{obj._meta.model_name}.{name}",
                actor=actor,
                obj=obj,
                from_state=from_state,
                to_state=obj.state,
                note=note,
                data={**(data or {}), **(extra_data or {})},
                role=transition.custom["role"],
            )
            if schedule is not None:
                schedule()
    except Exception:
        # The transaction rolled back; make the caller's copy match the database again.
        reload_workflow_object(obj)
        raise
    return event


# django-fsm's refresh_from_db lifts the protection of the state field while it reloads,
# and that flag lives on the field, shared by every thread: two reloads overlapping in a
# threaded server make one fail with "Direct state modification is not allowed" (a 500
# for the loser of a race). So workflow objects reload here, one at a time.
_RELOAD_LOCK = threading.Lock()


def reload_workflow_object(obj: models.Model) -> None:
    """Re-read `obj` (a Cycle, Nomination or EndorsementRequest) from the database, its
    protected state included, safely while other threads do the same."""
    with _RELOAD_LOCK:
        obj.refresh_from_db()


def refuse_if_gone(obj: models.Model, what: str) -> None:
    """Refuse (ConflictError) to remove `obj` when it is no longer there: another tab or
    person removed it first, and that removal already wrote its audit event. Call it
    under the lock that serializes the removals."""
    if not type(obj).objects.filter(pk=obj.pk).exists():
        raise ConflictError(f"{what} was already removed; nothing changed.")


def transition_label(obj: models.Model, name: str) -> str:
    """The human label of a transition, from its `custom={"label": ...}`."""
    return _transition_custom(obj, name)["label"]


def _transition_custom(obj: models.Model, name: str) -> dict:
    """The `custom` dict of the transition `name`: every transition the runner moves
    declares the role it is done in (recorded in its audit events) and its label."""
    transitions = getattr(obj, name)._django_fsm.transitions.values()
    return next(iter(transitions)).custom


def blockers_for(obj: models.Model, transition) -> list[str]:
    """Why `transition` cannot happen now, in the words of the `*_blockers()` methods."""
    reasons: list[str] = []
    for condition in transition.conditions:
        blockers_method = getattr(condition, "blockers_method", None)
        if blockers_method:
            reasons.extend(getattr(obj, blockers_method)())
        elif not condition(obj):
            reasons.append(f"the condition {condition.__name__} is not met")
    return reasons


def _raise_if_blocked(obj: models.Model, name: str, transition) -> None:
    reasons = blockers_for(obj, transition)
    if reasons:
        summary = "; ".join(reason.rstrip(".") for reason in reasons)
        raise TransitionBlocked(f"cannot {name.replace('_', ' ')}: {summary}", reasons=reasons)


def _field_values(obj: models.Model) -> dict[str, object]:
    return {field.name: field.value_from_object(obj) for field in obj._meta.concrete_fields}


def _save_changes(obj: models.Model, before: dict[str, object], extra: set[str]) -> None:
    """Save only what the transition and the service changed.

    Writing every field would put back stale values of fields other people changed
    since `obj` was read (a cycle's reference counter, say). The state filter that
    ConcurrentTransitionMixin adds to the UPDATE refuses a stale state.
    """
    after = _field_values(obj)
    changed = {name for name, value in after.items() if before[name] != value} | extra
    if any(field.name == "updated_at" for field in obj._meta.concrete_fields):
        changed.add("updated_at")
    save_or_conflict(obj, sorted(changed))


def save_or_conflict(obj: models.Model, update_fields: list[str]) -> None:
    """Save `update_fields`, turning a stale state into a ConflictError.

    Call inside a transaction, which the error must roll back.
    """
    try:
        obj.save(update_fields=update_fields)
    except ConcurrentTransition as error:
        raise ConflictError(
            f"This {obj._meta.verbose_name} was changed by someone else while you were "
            "working on it, so nothing was saved. Reload it to see its current state."
        ) from error
