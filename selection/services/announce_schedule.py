"""Announcing at a chosen moment: the embargo on the recipients and the press statement.

Scheduling changes nothing public: the cycle stays in selection, so the recipients, the
press statement and the certificates stay private (every public page is a 404, as
before any announcement). At `announce_at`, `manage.py announce_scheduled` (run every
minute by `deploy/systemd/awards-announce.timer`) calls `announce_due`, which makes the
one real "Announce" (`cycle_announce_and_award`) as the person who scheduled it, so the
same guards, certificates, awards and notices apply, with the same audit events.

- `announcement_schedule`: award staff who could announce now choose a future moment.
  Audit event "cycle.announce_schedule" (the moment in `data["at"]`).
- `announcement_unschedule`: cancels it. Audit event "cycle.announce_unschedule".
- `announce_due`: announces each cycle whose moment has come. When the announcement is
  refused then (a citation withdrawn meanwhile, a role removed), nothing is made public,
  the schedule is dropped (so it is not retried every minute) with the audit event
  "cycle.announce_schedule_failed", and the person who scheduled it is emailed the
  reasons (`emails/announce_schedule_failed_*`).
"""

import logging
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from accounts.roles import Role
from core.exceptions import InvalidInput, TransitionBlocked, WorkflowError
from core.moments import moment_in
from core.services.audit import audit_record, audits_refusals, guard_reasons
from core.transitions import reload_workflow_object
from nominations import rules
from nominations.models import Cycle
from nominations.services.mail import email_each_on_commit, site_link
from nominations.states import CycleState
from selection.services.announce import (
    AnnounceOutcome,
    announce_preview,
    cycle_announce_and_award,
)

logger = logging.getLogger(__name__)

SCHEDULE_FAILED_TEMPLATE = "announce_schedule_failed"


def schedule_blockers(cycle: Cycle, actor) -> list[str]:
    """Why `actor` cannot schedule the announcement now: the same reasons that stop them
    announcing now (an announcement that could not run now is not worth scheduling)."""
    if cycle.state != CycleState.SELECTION:
        return [f"the cycle is {cycle.get_state_display().lower()}, not in selection"]
    return cycle.announce_blockers() + announce_preview(cycle=cycle, actor=actor).problems


def _record(cycle: Cycle, action: str, *, actor, at: datetime, note: str) -> None:
    """The audit event of a change to the schedule: the cycle's state does not move."""
    audit_record(
        action=action,
        actor=actor,
        obj=cycle,
        from_state=cycle.state,
        to_state=cycle.state,
        note=note,
        data={"at": at.isoformat()},
        role=Role.AWARD_STAFF,
    )


def _set_schedule(cycle: Cycle, *, at: datetime | None, by) -> None:
    cycle.announce_at = at
    cycle.announce_scheduled_by = by
    cycle.save(update_fields=["announce_at", "announce_scheduled_by"])


@audits_refusals(
    "cycle.announce_schedule",
    obj="cycle",
    role=Role.AWARD_STAFF,
    from_state=True,
    note=guard_reasons,
)
def announcement_schedule(*, cycle: Cycle, actor, at: datetime, note: str = "") -> Cycle:
    """Schedule the announcement of `cycle` for `at` (aware, in the future).

    Needs what announcing now needs (`schedule_blockers`). Replaces any earlier schedule.
    Changes the cycle's `announce_at` and `announce_scheduled_by`, with one audit event
    "cycle.announce_schedule"; schedules no email. A moment not in the future is an
    InvalidInput (a typing mistake, not audited).
    """
    if at <= timezone.now():
        raise InvalidInput("The announcement must be scheduled for a moment in the future.")
    if not rules.can_manage_cycle(actor, cycle):
        raise WorkflowError("Only award staff can schedule the announcement.")
    with transaction.atomic():
        cycle.lock_workflow_rows()
        reload_workflow_object(cycle)
        reasons = schedule_blockers(cycle, actor)
        if reasons:
            raise TransitionBlocked(
                "cannot schedule the announcement: " + "; ".join(reasons), reasons=reasons
            )
        _set_schedule(cycle, at=at, by=actor)
        _record(cycle, "cycle.announce_schedule", actor=actor, at=at, note=note)
    return cycle


@audits_refusals("cycle.announce_unschedule", obj="cycle", role=Role.AWARD_STAFF)
def announcement_unschedule(*, cycle: Cycle, actor, note: str = "") -> Cycle:
    """Cancel the scheduled announcement of `cycle`: nothing will happen at the moment.

    Changes `announce_at` and `announce_scheduled_by` to empty, with one audit event
    "cycle.announce_unschedule" naming the moment cancelled; schedules nothing.
    """
    if not rules.can_manage_cycle(actor, cycle):
        raise WorkflowError("Only award staff can cancel the scheduled announcement.")
    with transaction.atomic():
        cycle.lock_workflow_rows()
        reload_workflow_object(cycle)
        if cycle.announce_at is None or cycle.state != CycleState.SELECTION:
            raise WorkflowError("No announcement is scheduled for this cycle.")
        cancelled = cycle.announce_at
        _set_schedule(cycle, at=None, by=None)
        _record(cycle, "cycle.announce_unschedule", actor=actor, at=cancelled, note=note)
    return cycle


@dataclass(frozen=True)
class DueResult:
    cycle: Cycle
    outcome: AnnounceOutcome | None
    reasons: str = ""
    failed: bool = False  # an unexpected error: the schedule stays, to be tried again


def cycles_due(now: datetime) -> list[int]:
    return list(
        Cycle.objects.filter(state=CycleState.SELECTION, announce_at__lte=now)
        .order_by("announce_at", "pk")
        .values_list("pk", flat=True)
    )


def announce_due(*, now: datetime | None = None) -> list[DueResult]:
    """Announce every cycle whose scheduled moment is `now` or earlier (default: now).

    Each is `cycle_announce_and_award` as the person who scheduled it (its events and
    emails), under the cycle's row lock after reading the schedule again: a schedule
    cancelled, moved or already announced meanwhile is left alone. One that is refused
    changes nothing public; its schedule is dropped with the audit event
    "cycle.announce_schedule_failed" (no actor: the system) and, after commit, the
    person who scheduled it is emailed why. An unexpected error (storage, say) keeps the
    schedule, so the next run tries again, and does not stop the other cycles.
    """
    now = now or timezone.now()
    results = []
    for pk in cycles_due(now):
        cycle = Cycle.objects.select_related("program").get(pk=pk)
        try:
            result = _announce_when_still_due(cycle, now)
        except Exception:
            logger.exception("The scheduled announcement of %s failed; it stays scheduled.", cycle)
            result = DueResult(cycle=cycle, outcome=None, failed=True)
        if result is not None:
            results.append(result)
    return results


def _announce_when_still_due(cycle: Cycle, now: datetime) -> DueResult | None:
    with transaction.atomic():
        cycle.lock_workflow_rows()
        reload_workflow_object(cycle)
        due = cycle.state == CycleState.SELECTION and cycle.announce_at and cycle.announce_at <= now
        if not due:
            return None
        scheduled_for, scheduler = cycle.announce_at, cycle.announce_scheduled_by
        note = f"Scheduled for {moment_in(scheduled_for, cycle.zone)}."
        try:
            outcome = cycle_announce_and_award(cycle=cycle, actor=scheduler, note=note)
        except WorkflowError as error:
            # Rolled back to before the announcement; the lock is still ours.
            reasons = [
                reason.rstrip(".")
                for reason in (
                    error.reasons
                    if isinstance(error, TransitionBlocked) and error.reasons
                    else [error.message]
                )
            ]
            _schedule_failed(
                cycle, scheduled_for=scheduled_for, scheduler=scheduler, reasons=reasons
            )
            reasons = "; ".join(reasons)
            logger.warning("Scheduled announcement of %s refused: %s", cycle, reasons)
            return DueResult(cycle=cycle, outcome=None, reasons=reasons)
        return DueResult(cycle=cycle, outcome=outcome)


def _schedule_failed(
    cycle: Cycle, *, scheduled_for: datetime, scheduler, reasons: list[str]
) -> None:
    """Drop the schedule, on record, and tell the scheduler why (after commit). Called
    under the cycle's lock, in the transaction that read the schedule."""
    reload_workflow_object(cycle)
    _set_schedule(cycle, at=None, by=None)
    audit_record(
        action="cycle.announce_schedule_failed",
        actor=None,
        obj=cycle,
        from_state=cycle.state,
        to_state=cycle.state,
        note="; ".join(reasons),
        data={"at": scheduled_for.isoformat(), "scheduled_by": scheduler.pk},
    )
    context = {
        "cycle": cycle,
        "program": cycle.program,
        "scheduled_for": moment_in(scheduled_for, cycle.zone),
        "reasons": reasons,
        "link": site_link("nominations:staff_cycle", cycle.pk),
        "staff_name": scheduler.full_name or scheduler.email,
    }
    email_each_on_commit(
        template=SCHEDULE_FAILED_TEMPLATE,
        letters=lambda: [(scheduler.email, context)],
        cycle=cycle,
    )
