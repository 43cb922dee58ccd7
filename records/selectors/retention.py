"""What the retention schedule disposes of, and when (docs/records.md, "Retention and
disposal"). A program without a schedule keeps everything."""

from datetime import date, timedelta

from django.db.models import Q
from django.utils import timezone

from nominations.models import AwardProgram, Cycle, Nomination, OutboxMessage
from nominations.selectors.public import PUBLISHED_CYCLE_STATES, announced_at
from nominations.states import NominationState, OutboxStatus
from records.domain.retention import Disposal, Series, due_on
from records.models import RecordsPackage, RetentionSchedule
from records.states import PackageStatus

NOT_AWARDED_STATES = (
    NominationState.WITHDRAWN,
    NominationState.INELIGIBLE,
    NominationState.NOT_ADVANCED,
    NominationState.NOT_SELECTED,
)
# How far ahead the staff page looks.
UPCOMING_DAYS = 365


def schedules() -> list[RetentionSchedule]:
    """Every program's schedule, with its program (one query)."""
    return list(RetentionSchedule.objects.select_related("program").order_by("program_id"))


def schedule_or_blank(program: AwardProgram) -> RetentionSchedule:
    """The program's schedule, or an unsaved one that keeps everything."""
    return RetentionSchedule.objects.filter(program=program).first() or RetentionSchedule(
        program=program
    )


def disposals_due(*, by: date) -> list[Disposal]:
    """Every record due for disposal on or before `by`, by due day then series and id.
    A fixed number of queries per program with a schedule, whatever the number of
    records."""
    found: list[Disposal] = []
    for schedule in schedules():
        found += _drafts(schedule, by)
        found += _not_awarded(schedule, by)
        found += _emails(schedule, by)
        found += _packages(schedule, by)
    return sorted(found, key=lambda item: (item.due, item.series, item.pk))


def _drafts(schedule: RetentionSchedule, by: date) -> list[Disposal]:
    years = schedule.drafts_years
    if years is None:
        return []
    drafts = Nomination.objects.filter(
        cycle__program=schedule.program,
        state=NominationState.DRAFT,
        cycle__deadline__isnull=False,
        cycle__deadline__date__lte=due_on(by, -years) + timedelta(days=1),
    ).select_related("cycle")
    found = []
    for nomination in drafts:
        cycle = nomination.cycle
        due = due_on(timezone.localdate(cycle.deadline, timezone=cycle.zone), years)
        if due <= by:
            found.append(
                Disposal(
                    Series.DRAFTS,
                    f"Draft #{nomination.pk}",
                    "nominations.nomination",
                    nomination.pk,
                    due,
                )
            )
    return found


def _not_awarded(schedule: RetentionSchedule, by: date) -> list[Disposal]:
    years = schedule.not_awarded_years
    if years is None:
        return []
    cycles = {
        cycle.pk: cycle
        for cycle in Cycle.objects.filter(
            program=schedule.program, state__in=PUBLISHED_CYCLE_STATES
        ).annotate(announced=announced_at())
    }
    due_cycles = {
        pk: due_on(timezone.localdate(cycle.announced, timezone=cycle.zone), years)
        for pk, cycle in cycles.items()
    }
    due_cycles = {pk: due for pk, due in due_cycles.items() if due <= by}
    if not due_cycles:
        return []
    nominations = Nomination.objects.filter(
        cycle_id__in=due_cycles, state__in=NOT_AWARDED_STATES, disposed_at__isnull=True
    ).values_list("pk", "reference", "cycle_id")
    return [
        Disposal(
            Series.NOT_AWARDED,
            reference or f"#{pk}",
            "nominations.nomination",
            pk,
            due_cycles[cycle_id],
        )
        for pk, reference, cycle_id in nominations
    ]


def _emails(schedule: RetentionSchedule, by: date) -> list[Disposal]:
    years = schedule.emails_years
    if years is None:
        return []
    # Counted from the day it was sent (stored, if never sent): due once that day is
    # `years` before `by` (a day of margin for the zone, checked exactly below).
    cutoff = due_on(by, -years) + timedelta(days=1)
    # A message still queued is kept until it is sent or fails.
    messages = (
        OutboxMessage.objects.filter(cycle__program=schedule.program, disposed_at__isnull=True)
        .exclude(status=OutboxStatus.QUEUED)
        .filter(
            Q(sent_at__date__lte=cutoff) | Q(sent_at__isnull=True, created_at__date__lte=cutoff)
        )
        .values_list("pk", "sent_at", "created_at")
    )
    found = []
    for pk, sent_at, created_at in messages:
        due = due_on(timezone.localdate(sent_at or created_at), years)
        if due <= by:
            found.append(
                Disposal(Series.EMAILS, f"Email #{pk}", "nominations.outboxmessage", pk, due)
            )
    return found


def _packages(schedule: RetentionSchedule, by: date) -> list[Disposal]:
    years = schedule.packages_years
    if years is None:
        return []
    cutoff = due_on(by, -years) + timedelta(days=1)
    packages = RecordsPackage.objects.filter(
        cycle__program=schedule.program,
        status=PackageStatus.READY,
        requested_at__date__lte=cutoff,
    ).values_list("pk", "requested_at")
    found = []
    for pk, requested_at in packages:
        due = due_on(timezone.localdate(requested_at), years)
        if due <= by:
            found.append(
                Disposal(
                    Series.PACKAGES, f"Records package #{pk}", "records.recordspackage", pk, due
                )
            )
    return found


def upcoming_disposals(*, today: date | None = None) -> list[Disposal]:
    """What the schedule disposes of in the next year, for the staff page."""
    today = today or timezone.localdate()
    return disposals_due(by=today + timedelta(days=UPCOMING_DAYS))
