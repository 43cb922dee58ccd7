"""Reads for vetting: the checklist of a nomination, overdue returns, the notice draft."""

import copy
from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone

from nominations.models import ChecklistItem, ChecklistResult, CheckResult, Cycle, Nomination
from nominations.services.mail import nomination_link
from nominations.states import NominationState


@dataclass(frozen=True)
class ChecklistRow:
    """One checklist item and staff's finding on it for one nomination (None: not yet)."""

    item: ChecklistItem
    result: ChecklistResult | None

    @property
    def revision(self) -> int:
        """What a form editing this finding sends back as `expected_revision`."""
        return self.result.revision if self.result else 0

    @property
    def choices(self) -> list[tuple[str, str]]:
        return list(CheckResult.choices)


@dataclass(frozen=True)
class Checklist:
    """A nomination's checklist, and whether `clear` is possible; if not, why not."""

    rows: list[ChecklistRow]
    in_vetting: bool
    clear_blockers: list[str]

    @property
    def can_clear(self) -> bool:
        return self.in_vetting and not self.clear_blockers


def checklist_for_nomination(nomination: Nomination) -> Checklist:
    """Every checklist item of the nomination's cycle, in order, with its finding, who
    signed it and when. Four queries, whatever the number of items and findings (two of
    them are `Nomination.clear_blockers`, the guard `clear` itself uses).
    """
    items = list(ChecklistItem.objects.filter(cycle_id=nomination.cycle_id).order_by("position"))
    results = {
        result.item_id: result
        for result in ChecklistResult.objects.filter(nomination=nomination).select_related(
            "checked_by"
        )
    }
    return Checklist(
        rows=[ChecklistRow(item=item, result=results.get(item.pk)) for item in items],
        in_vetting=nomination.state == NominationState.VETTING,
        clear_blockers=nomination.clear_blockers(),
    )


def checklist_row(nomination: Nomination, item: ChecklistItem) -> ChecklistRow:
    """One row of the checklist, for the htmx answer to saving it."""
    result = (
        ChecklistResult.objects.filter(nomination=nomination, item=item)
        .select_related("checked_by")
        .first()
    )
    return ChecklistRow(item=item, result=result)


def overdue_returned(*, cycle: Cycle) -> QuerySet[Nomination]:
    """The cycle's nominations returned for information whose response due date is
    over, counted in the cycle's time zone; oldest due date first."""
    today = timezone.localdate(timezone=cycle.zone)
    return (
        Nomination.objects.filter(
            cycle=cycle, state=NominationState.RETURNED, info_due_date__lt=today
        )
        .select_related("nominee", "nominator")
        .order_by("info_due_date", "sequence", "pk")
    )


def ineligible_notice_text(*, nomination: Nomination, reason: str) -> str:
    """The standard ineligibility notice for `nomination`, with `reason` in it: what
    staff start from before they edit it. Renders the same template and context as the
    email `nomination_mark_ineligible` sends when the notice is not edited."""
    draft = copy.copy(nomination)
    draft.ineligible_reason = reason.strip()
    return render_to_string(
        "emails/nomination_ineligible_body.txt",
        {
            "nomination": draft,
            "nominee": nomination.nominee,
            "cycle": nomination.cycle,
            "program": nomination.cycle.program,
            "nominator": nomination.nominator,
            "site_name": settings.AWARDS_SITE_NAME,
            "site_url": settings.AWARDS_SITE_URL,
            "nomination_link": nomination_link(nomination),
        },
    ).strip()
