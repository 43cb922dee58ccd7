"""One service per transition of the nomination state machine (DESIGN.md §2.2), plus the
creation and editing of drafts.

Each transition service checks the state, the actor's permission and the guards, saves in
a transaction with exactly one audit event ("nomination.<action>"), and schedules its
email to the nominator after commit. When it cannot, it raises a
`nominations.exceptions.WorkflowError` and changes nothing. Staff-internal and selection
moves send no email: outcomes stay private until the announcement.
"""

import datetime as dt

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.roles import Role
from nominations import rules
from nominations.exceptions import (
    ConflictError,
    IllegalTransition,
    InvalidInput,
    NotPermitted,
    TransitionBlocked,
)
from nominations.models import Cycle, CycleState, Nomination, NominationState, Nominee, NomineeKind
from nominations.services.audit import audit_record
from nominations.services.mail import email_nominator_on_commit, nomination_copy_attachment
from nominations.services.transitions import run_transition, save_or_conflict
from nominations.services.versions import nomination_version_record

# What a nominator fills in; everything else is set by the workflow.
NOMINATION_FIELDS = (
    "nominator_name",
    "nominator_title",
    "nominator_organization",
    "nominator_phone",
    "performance_start",
    "performance_end",
    "criterion_courage",
    "criterion_sustained",
    "criterion_innovation",
    "p_prosecution",
    "p_protection",
    "p_prevention",
    "p_partnership",
    "summary",
    "justification",
    "suggested_citation",
    "excluded_reviewers",
)
NOMINEE_FIELDS = tuple(
    field.name for field in Nominee._meta.concrete_fields if field.name not in {"id", "kind"}
)
EDITABLE_STATES = (NominationState.DRAFT, NominationState.RETURNED)


# -- drafts --------------------------------------------------------------------------------


def nomination_create(
    *,
    cycle: Cycle,
    nominator,
    nominee_kind: str,
    nominee_fields: dict | None = None,
    **fields,
) -> Nomination:
    """Start a draft nomination (and its nominee) in a cycle that is taking nominations.

    `fields` may hold nomination fields (NOMINATION_FIELDS) and nominee fields
    (NOMINEE_FIELDS); `nominee_fields` is another way to pass the latter. A draft may be
    incomplete. Creates a Nominee and a Nomination and one "nomination.create" audit
    event; schedules nothing.
    """
    if cycle.state != CycleState.OPEN:
        raise IllegalTransition(
            f"The {cycle} cycle is {cycle.get_state_display().lower()} "
            "and is not taking nominations."
        )
    if not rules.is_nominator(nominator):
        raise NotPermitted("Only signed-in nominators can start a nomination.")
    if not cycle.accepts_submissions():
        reasons = ["the nomination window is not open"]
        raise TransitionBlocked("cannot create: the nomination window is not open", reasons=reasons)
    if nominee_kind not in NomineeKind.values:
        raise InvalidInput(f"Choose what kind of nominee this is, not “{nominee_kind}”.")
    nomination_values, nominee_values = _split_fields({**(nominee_fields or {}), **fields})

    with transaction.atomic():
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
    expected_updated_at: dt.datetime | None = None,
    **fields,
) -> Nomination:
    """Save the nominator's edits to a draft, or to a nomination returned for information.

    Changes the nomination and nominee fields given; schedules nothing. Not audited:
    autosave would flood the log, and the versions kept at submit and resubmit record
    what was sent. Raises ConflictError if the nomination moved on meanwhile, or, when
    `expected_updated_at` is given, if the stored copy was saved after that moment (by
    another tab or window), so a stale page never overwrites newer text.
    """
    if nomination.state not in EDITABLE_STATES:
        raise IllegalTransition(
            f"A nomination that is “{nomination.public_state_name()}” cannot be edited."
        )
    if not rules.is_nomination_owner(nomination, actor):
        raise NotPermitted("Only the nominator can edit this nomination.")
    if reasons := nomination.edit_blockers():
        raise TransitionBlocked(f"This nomination cannot be edited: {reasons[0]}.", reasons=reasons)
    if nominee_kind is not None and nominee_kind not in NomineeKind.values:
        raise InvalidInput(f"Choose what kind of nominee this is, not “{nominee_kind}”.")
    nomination_values, nominee_values = _split_fields(fields)
    if expected_updated_at is not None:
        return _update_unless_stale(
            nomination, expected_updated_at, nominee_kind, nomination_values, nominee_values
        )
    return _apply_draft_changes(nomination, nominee_kind, nomination_values, nominee_values)


def _update_unless_stale(
    nomination: Nomination,
    expected_updated_at: dt.datetime,
    nominee_kind: str | None,
    nomination_values: dict,
    nominee_values: dict,
) -> Nomination:
    with transaction.atomic():
        # The row lock (PostgreSQL; SQLite's IMMEDIATE transaction on its own) keeps two
        # tabs from both passing the check before either has written.
        stored = (
            Nomination.objects.select_for_update()
            .filter(pk=nomination.pk)
            .values_list("updated_at", flat=True)
            .first()
        )
        if stored != expected_updated_at:
            raise ConflictError(
                "This draft was changed in another tab or window after you opened it, "
                "so this page's changes were not saved."
            )
        return _apply_draft_changes(nomination, nominee_kind, nomination_values, nominee_values)


def _apply_draft_changes(
    nomination: Nomination, nominee_kind: str | None, nomination_values: dict, nominee_values: dict
) -> Nomination:
    nominee = nomination.nominee
    if nominee_kind is not None:
        nominee_values["kind"] = nominee_kind
    for name, value in nominee_values.items():
        setattr(nominee, name, value)
    for name, value in nomination_values.items():
        setattr(nomination, name, value)
    try:
        with transaction.atomic():
            if nominee_values:
                nominee.save(update_fields=list(nominee_values))
            # The state filter of ConcurrentTransitionMixin refuses a nomination that moved.
            save_or_conflict(nomination, [*nomination_values, "updated_at"])
    except Exception:
        nomination.refresh_from_db()
        nominee.refresh_from_db()
        raise
    return nomination


# -- the nominator's moves -------------------------------------------------------------------


def nomination_submit(*, nomination: Nomination, actor, note: str = "") -> Nomination:
    """Submit a complete draft while its cycle is open (draft → submitted).

    Assigns the next reference number of the cycle (e.g. PA-2023-0007) and keeps
    version 1 of the nomination. Schedules the receipt email to the nominator.
    """

    def assign_reference() -> list[str]:
        # The UPDATE locks the cycle row until commit: concurrent submits queue here and
        # each reads back its own number; a rollback gives the number back.
        Cycle.objects.filter(pk=nomination.cycle_id).update(
            reference_counter=F("reference_counter") + 1
        )
        sequence = Cycle.objects.values_list("reference_counter", flat=True).get(
            pk=nomination.cycle_id
        )
        cycle = nomination.cycle
        nomination.sequence = sequence
        nomination.reference = f"{cycle.program.reference_prefix}-{cycle.award_year}-{sequence:04d}"
        return ["sequence", "reference"]

    def keep_version() -> dict:
        version = nomination_version_record(nomination=nomination, actor=actor, reason="submit")
        return {"reference": nomination.reference, "version": version.number}

    run_transition(
        nomination,
        "submit",
        actor=actor,
        note=note,
        lock=lambda: _lock_cycle(nomination),
        before_save=assign_reference,
        after_save=keep_version,
        schedule=lambda: email_nominator_on_commit(
            nomination=nomination,
            template="nomination_submitted",
            attachments=lambda: [nomination_copy_attachment(nomination)],
        ),
    )
    return nomination


def nomination_withdraw(*, nomination: Nomination, actor, reason: str = "") -> Nomination:
    """Withdraw a draft, submitted or returned nomination for good (→ withdrawn).

    Stores the optional reason. Schedules a confirmation email to the nominator.
    """
    run_transition(
        nomination,
        "withdraw",
        actor=actor,
        note=reason,
        method_kwargs={"reason": reason.strip()},
        schedule=lambda: email_nominator_on_commit(
            nomination=nomination, template="nomination_withdrawn"
        ),
    )
    return nomination


def nomination_resubmit(*, nomination: Nomination, actor, note: str = "") -> Nomination:
    """Send back a nomination returned for information (returned → vetting).

    Keeps the next version, so staff can see what changed. Schedules a confirmation
    email to the nominator.
    """

    def keep_version() -> dict:
        version = nomination_version_record(nomination=nomination, actor=actor, reason="resubmit")
        return {"version": version.number}

    run_transition(
        nomination,
        "resubmit",
        actor=actor,
        note=note,
        after_save=keep_version,
        schedule=lambda: email_nominator_on_commit(
            nomination=nomination,
            template="nomination_resubmitted",
            attachments=lambda: [nomination_copy_attachment(nomination)],
        ),
    )
    return nomination


# -- staff's vetting moves -------------------------------------------------------------------


def nomination_start_vetting(*, nomination: Nomination, actor, note: str = "") -> Nomination:
    """Take a submitted nomination into vetting (submitted → vetting). Schedules nothing."""
    run_transition(nomination, "start_vetting", actor=actor, note=note)
    return nomination


def nomination_return_for_info(
    *, nomination: Nomination, actor, message: str, due_date: dt.date
) -> Nomination:
    """Ask the nominator for more information by a date (vetting → returned).

    Stores the message and due date. Schedules an email to the nominator with both.
    """

    def validate() -> None:
        problems = []
        if not message.strip():
            problems.append("Enter the message to the nominator.")
        if due_date <= timezone.localdate():
            problems.append("Choose a due date in the future.")
        if problems:
            raise InvalidInput(" ".join(problems), problems=problems)

    run_transition(
        nomination,
        "return_for_info",
        actor=actor,
        note=message,
        method_kwargs={"message": message.strip(), "due_date": due_date},
        validate=validate,
        data={"due_date": due_date},
        schedule=lambda: email_nominator_on_commit(
            nomination=nomination, template="nomination_returned"
        ),
    )
    return nomination


def nomination_mark_ineligible(*, nomination: Nomination, actor, reason: str) -> Nomination:
    """Rule a nomination out for good (vetting → ineligible).

    Stores the reason, which is required. Schedules a notice with it to the nominator.
    """

    def validate() -> None:
        if not reason.strip():
            raise InvalidInput("Enter the reason the nomination is not eligible.")

    run_transition(
        nomination,
        "mark_ineligible",
        actor=actor,
        note=reason,
        method_kwargs={"reason": reason.strip()},
        validate=validate,
        schedule=lambda: email_nominator_on_commit(
            nomination=nomination, template="nomination_ineligible"
        ),
    )
    return nomination


def nomination_clear(*, nomination: Nomination, actor, note: str = "") -> Nomination:
    """Clear a vetted nomination for the panel (vetting → cleared).

    Needs every required checklist item passed and signed. Schedules nothing.
    """
    run_transition(nomination, "clear", actor=actor, note=note)
    return nomination


# -- panel, selection and award ----------------------------------------------------------------


def nomination_send_to_panel(*, nomination: Nomination, actor, note: str = "") -> Nomination:
    """Put a cleared nomination before the panel (cleared → in_review).

    Only while the cycle is in panel review. Schedules nothing.
    """
    run_transition(nomination, "send_to_panel", actor=actor, note=note)
    return nomination


def nomination_advance(*, nomination: Nomination, actor, note: str = "") -> Nomination:
    """Put a reviewed nomination on the slate (in_review → shortlisted). Schedules nothing."""
    run_transition(nomination, "advance", actor=actor, note=note)
    return nomination


def nomination_not_advance(*, nomination: Nomination, actor, note: str = "") -> Nomination:
    """Leave a reviewed nomination off the slate (in_review → not_advanced).

    Schedules nothing: the nominator learns the outcome at the announcement.
    """
    run_transition(nomination, "not_advance", actor=actor, note=note)
    return nomination


def nomination_select(*, nomination: Nomination, actor, rationale: str = "") -> Nomination:
    """Record the selecting official's choice of a recipient (shortlisted → selected).

    Locks the cycle so that two selections at once cannot exceed the award cap. The
    decision stays private until the announcement, so it schedules nothing.
    """
    run_transition(
        nomination,
        "select",
        actor=actor,
        note=rationale,
        lock=lambda: _lock_cycle(nomination),
    )
    return nomination


def nomination_decline(*, nomination: Nomination, actor, rationale: str = "") -> Nomination:
    """Record the selecting official's decision not to select (shortlisted → not_selected).

    Private until the announcement; schedules nothing.
    """
    run_transition(nomination, "decline", actor=actor, note=rationale)
    return nomination


def nomination_award(*, nomination: Nomination, actor, note: str = "") -> Nomination:
    """Confer the award once the cycle is announced (selected → awarded).

    Needs approved short and full citations and an issued certificate. Schedules the
    congratulations email to the nominator.
    """
    run_transition(
        nomination,
        "award",
        actor=actor,
        note=note,
        schedule=lambda: email_nominator_on_commit(
            nomination=nomination, template="nomination_awarded"
        ),
    )
    return nomination


# -- internals ---------------------------------------------------------------------------------


def _lock_cycle(nomination: Nomination) -> None:
    """Re-read the cycle under a row lock, so the guards see its committed state."""
    nomination.cycle = (
        Cycle.objects.select_for_update().select_related("program").get(pk=nomination.cycle_id)
    )


def _split_fields(fields: dict) -> tuple[dict, dict]:
    unknown = set(fields) - set(NOMINATION_FIELDS) - set(NOMINEE_FIELDS)
    if unknown:
        raise TypeError(f"not a field a nominator can fill in: {', '.join(sorted(unknown))}")
    nomination_values = {name: value for name, value in fields.items() if name in NOMINATION_FIELDS}
    nominee_values = {name: value for name, value in fields.items() if name in NOMINEE_FIELDS}
    return nomination_values, nominee_values
