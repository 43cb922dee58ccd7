"""Drafts: starting a nomination, saving the nominator's edits (autosave included) and
deleting a draft that was never submitted.

None is a state transition: `nomination_create` records one "nomination.create" audit
event, `nomination_delete_draft` one "nomination.delete". `nomination_update_draft`
audits no edit of a draft (autosave would flood the log; the version kept at submit
records what was sent), but every save that changes a nomination returned for
information records one "nomination.edit" event naming the changed fields: it was
already submitted, and staff are vetting it.
"""

import datetime as dt

from django.db import transaction

from accounts.roles import Role
from core.exceptions import (
    ConflictError,
    IllegalTransition,
    InvalidInput,
    LimitReached,
    NotPermitted,
    TransitionBlocked,
)
from core.services.audit import audit_record, audits_refusals
from core.transitions import reload_workflow_object, save_or_conflict
from nominations import rules
from nominations.domain.fields import Record, fields_of
from nominations.models import Cycle, Nomination, Nominee, NomineeKind
from nominations.services.limits import check_nomination_limit
from nominations.states import CycleState, NominationState

# What a nominator fills in (nominations.domain.fields); everything else is set by the
# workflow. The nominee's kind is an argument of its own.
NOMINATION_FIELDS = tuple(field.name for field in fields_of(Record.NOMINATION))
NOMINEE_FIELDS = tuple(field.name for field in fields_of(Record.NOMINEE) if field.name != "kind")
EDITABLE_STATES = (NominationState.DRAFT, NominationState.RETURNED)


@audits_refusals(
    "nomination.create", obj="cycle", actor="nominator", role=Role.NOMINATOR, of=(LimitReached,)
)
def nomination_create(
    *,
    cycle: Cycle,
    nominator,
    nominee_kind: str,
    nominee_fields: dict | None = None,
    **fields,
) -> Nomination:
    """Start a draft nomination (and its nominee) in a cycle that is taking nominations,
    within the account's limit of nominations per cycle (`services.limits`).

    `fields` may hold nomination fields (NOMINATION_FIELDS) and nominee fields
    (NOMINEE_FIELDS); `nominee_fields` is another way to pass the latter. A draft may be
    incomplete. Creates a Nominee and a Nomination and one "nomination.create" audit
    event; schedules nothing. Over the limit, the refusal is recorded as a denied
    "nomination.create" on the cycle, naming the limit; no other refusal is.
    """
    _check_taking_nominations(cycle)
    if not rules.is_nominator(nominator):
        raise NotPermitted("Only signed-in nominators can start a nomination.")
    if nominee_kind not in NomineeKind.values:
        raise InvalidInput(f"Choose what kind of nominee this is, not “{nominee_kind}”.")
    nomination_values, nominee_values = _split_fields({**(nominee_fields or {}), **fields})

    with transaction.atomic():
        # The cycle's row lock first, as every transition of its nominations takes it, and
        # its window checked again under it: a close committed since the check above
        # must not let a draft in.
        _check_taking_nominations(Cycle.objects.select_for_update(no_key=True).get(pk=cycle.pk))
        check_nomination_limit(nominator, cycle)
        nominee = Nominee.objects.create(kind=nominee_kind, **nominee_values)
        nomination = Nomination.objects.create(
            cycle=cycle, nominator=nominator, nominee=nominee, **nomination_values
        )
        audit_record(
            action="nomination.create",
            actor=nominator,
            obj=nomination,
            to_state=nomination.state,
            role=Role.NOMINATOR,
        )
    return nomination


def nomination_update_draft(
    *,
    nomination: Nomination,
    actor,
    nominee_kind: str | None = None,
    expected_saved_at: dt.datetime | None = None,
    **fields,
) -> Nomination:
    """Save the nominator's edits to a draft, or to a nomination returned for information.

    Changes the nomination and nominee fields given and the nominator's `saved_at`;
    schedules nothing. A draft's saves are not audited (autosave would flood the log; the
    version kept at submit records what was sent); a save that changes a returned
    nomination records one "nomination.edit" event listing the changed fields, in the
    same transaction. Raises ConflictError if the nomination moved on meanwhile, or, when
    `expected_saved_at` is given, if the nominator saved it after that moment (in
    another tab or window), so a stale page never overwrites newer text. Only the
    nominator's own saves count: a write by staff never makes the page stale.
    """
    if nomination.state not in EDITABLE_STATES:
        raise IllegalTransition(
            f"A nomination that is “{nomination.public_state_name()}” cannot be edited."
        )
    if not rules.is_nomination_owner(actor, nomination):
        raise NotPermitted("Only the nominator can edit this nomination.")
    if reasons := nomination.edit_blockers():
        raise TransitionBlocked(f"This nomination cannot be edited: {reasons[0]}.", reasons=reasons)
    if nominee_kind is not None and nominee_kind not in NomineeKind.values:
        raise InvalidInput(f"Choose what kind of nominee this is, not “{nominee_kind}”.")
    nomination_values, nominee_values = _split_fields(fields)
    rules.forget_parties(nomination)
    if expected_saved_at is not None:
        return _update_unless_stale(
            nomination, actor, expected_saved_at, nominee_kind, nomination_values, nominee_values
        )
    return _apply_draft_changes(nomination, actor, nominee_kind, nomination_values, nominee_values)


def _update_unless_stale(
    nomination: Nomination,
    actor,
    expected_saved_at: dt.datetime,
    nominee_kind: str | None,
    nomination_values: dict,
    nominee_values: dict,
) -> Nomination:
    with transaction.atomic():
        # The row lock (PostgreSQL; SQLite's IMMEDIATE transaction on its own) keeps two
        # tabs from both passing the check before either has written.
        stored = (
            Nomination.objects.select_for_update(no_key=True)
            .filter(pk=nomination.pk)
            .values_list("saved_at", flat=True)
            .first()
        )
        if stored != expected_saved_at:
            raise ConflictError(
                "This draft was changed in another tab or window after you opened it, "
                "so this page's changes were not saved."
            )
        return _apply_draft_changes(
            nomination, actor, nominee_kind, nomination_values, nominee_values
        )


def _apply_draft_changes(
    nomination: Nomination,
    actor,
    nominee_kind: str | None,
    nomination_values: dict,
    nominee_values: dict,
) -> Nomination:
    nominee = nomination.nominee
    if nominee_kind is not None:
        nominee_values["kind"] = nominee_kind
    changed = [
        *_changed_fields(nominee, nominee_values),
        *_changed_fields(nomination, nomination_values),
    ]
    for name, value in nominee_values.items():
        setattr(nominee, name, value)
    for name, value in nomination_values.items():
        setattr(nomination, name, value)
    nomination.mark_saved_by_nominator()
    try:
        with transaction.atomic():
            if nominee_values:
                nominee.save(update_fields=list(nominee_values))
            # The state filter of ConcurrentTransitionMixin refuses a nomination that moved.
            save_or_conflict(nomination, [*nomination_values, "saved_at", "updated_at"])
            if changed and nomination.state == NominationState.RETURNED:
                _audit_returned_edit(nomination, actor, changed)
    except Exception:
        reload_workflow_object(nomination)
        nominee.refresh_from_db()
        raise
    return nomination


def nomination_delete_draft(*, nomination: Nomination, actor) -> None:
    """Delete a draft for good, at its nominator's request: the nomination, its nominee,
    its attached files and its letter requests (and letters), and after commit their
    files in storage.

    A draft was never sent to anyone, so nothing of it is kept; the audit log keeps one
    "nomination.delete" event (from "draft", what went with it). Only a draft: a
    submitted nomination is withdrawn instead (`nomination_withdraw`), and stays on
    record. Raises IllegalTransition when the nomination is not (or no longer, say after
    a submit in another tab) a draft, NotPermitted for anyone but its nominator; then
    nothing changes. Schedules the files' removal; sends no email.
    """
    if not rules.is_nomination_owner(actor, nomination):
        raise NotPermitted("Only the nominator can delete this draft.")
    with transaction.atomic():
        # Locked and re-read: a submit committed since the page was shown must win.
        state = (
            Nomination.objects.select_for_update(no_key=True)
            .filter(pk=nomination.pk)
            .values_list("state", flat=True)
            .first()
        )
        if state != NominationState.DRAFT:
            raise IllegalTransition("Only a draft can be deleted; a submitted one is withdrawn.")
        files = [attachment.file for attachment in nomination.attachments.all()]
        letters = list(nomination.endorsement_requests.all())
        files += [letter.letter for letter in letters if letter.letter]
        audit_record(
            action="nomination.delete",
            actor=actor,
            obj=nomination,
            from_state=NominationState.DRAFT,
            role=Role.NOMINATOR,
            data={
                "nominee": nomination.nominee.display_name,
                "attachments": len(files) - sum(1 for letter in letters if letter.letter),
                "letter_requests": len(letters),
            },
        )
        nominee = nomination.nominee
        nomination.delete()
        nominee.delete()
        stored = [(file.storage, file.name) for file in files]
        transaction.on_commit(lambda: [storage.delete(name) for storage, name in stored])


def _changed_fields(obj, values: dict) -> list:
    """The model fields of `obj` whose stored value `values` changes."""
    return [
        obj._meta.get_field(name) for name, value in values.items() if getattr(obj, name) != value
    ]


def _audit_returned_edit(nomination: Nomination, actor, changed: list) -> None:
    """One event per save of a returned nomination that changed something: who, when
    and which fields; the values are in the version its resubmit keeps."""
    labels = [f"{field.model._meta.verbose_name}: {field.verbose_name}" for field in changed]
    audit_record(
        action="nomination.edit",
        actor=actor,
        obj=nomination,
        note="Changed while returned for information: " + "; ".join(labels) + ".",
        data={"fields": [f"{field.model._meta.model_name}.{field.name}" for field in changed]},
        role=Role.NOMINATOR,
    )


def _split_fields(fields: dict) -> tuple[dict, dict]:
    unknown = set(fields) - set(NOMINATION_FIELDS) - set(NOMINEE_FIELDS)
    if unknown:
        raise TypeError(f"not a field a nominator can fill in: {', '.join(sorted(unknown))}")
    nomination_values = {name: value for name, value in fields.items() if name in NOMINATION_FIELDS}
    nominee_values = {name: value for name, value in fields.items() if name in NOMINEE_FIELDS}
    return nomination_values, nominee_values


def _check_taking_nominations(cycle: Cycle) -> None:
    if cycle.state != CycleState.OPEN:
        raise IllegalTransition(
            f"The {cycle} cycle is {cycle.get_state_display().lower()} "
            "and is not taking nominations."
        )
    if not cycle.accepts_submissions():
        reasons = ["the nomination window is not open"]
        raise TransitionBlocked("cannot create: the nomination window is not open", reasons=reasons)
