"""The panel's part of the "Your turn" sections (`core.your_turn`).

- The panelist's home: per seat, the attestation to sign, then the reviews left to
  submit while the cycle is in panel review; computed from the seats the home already
  reads (`reviews.selectors.home.panel_seats_for`), so no query of its own.
- The staff home: the conflicts waiting for a staff decision (suggested by the system,
  or declared by a panelist, to confirm or waive) while conflicts may change, per cycle.
  One query.
"""

from django.db.models import Count
from django.urls import reverse

from core.your_turn import TurnItem, plural
from reviews import rules
from reviews.models import Conflict
from reviews.selectors.home import CONFLICT, DECLINED, SUBMITTED, SeatWork
from reviews.states import ConflictStatus

CONFLICT_DECISION_TEXT = {
    ConflictStatus.SUGGESTED: (
        "suggested conflict to confirm or dismiss",
        "suggested conflicts to confirm or dismiss",
    ),
    ConflictStatus.DECLARED: (
        "declared conflict to confirm or waive",
        "declared conflicts to confirm or waive",
    ),
}


def panelist_turn_items(seats: list[SeatWork]) -> list[TurnItem]:
    """The panelist's items from their seats: sign an attestation, submit reviews."""
    items = []
    for seat in seats:
        cycle = seat.member.panel.cycle
        name = f"{cycle.program.short_name} {cycle.award_year}"
        if not seat.signed:
            items.append(
                TurnItem(
                    key=f"attestation-{seat.member.pk}",
                    text=f"attestation to sign for the {name} panel",
                    count=1,
                    url=reverse("reviews:attestation_sign", args=[seat.member.panel_id]),
                    order=10,
                )
            )
            continue
        if cycle.state != rules.SCORING_CYCLE_STATE:
            continue
        to_do = [
            row
            for row in seat.rows
            if row.status not in {SUBMITTED, DECLINED, CONFLICT}
            and row.nomination.state == rules.SCORING_NOMINATION_STATE
        ]
        if not to_do:
            continue
        due = seat.member.panel.review_due
        due_text = f", due {due:%B} {due.day}, {due.year}" if due else ""
        items.append(
            TurnItem(
                key=f"reviews-{seat.member.pk}",
                text=plural(len(to_do), "review", "reviews")
                + f" to submit for the {name} panel{due_text}",
                count=len(to_do),
                url=reverse("reviews:review_nomination", args=[to_do[0].nomination.pk]),
                order=20,
            )
        )
    return items


def staff_turn_items(user) -> list[TurnItem]:
    """Conflicts waiting for a staff decision, per cycle and status. One query."""
    if not rules.can_manage_panel(user):
        return []
    waiting = (
        Conflict.objects.filter(
            status__in=list(CONFLICT_DECISION_TEXT),
            nomination__cycle__state__in=rules.ASSIGNMENT_CYCLE_STATES,
        )
        .values(
            "status",
            "nomination__cycle_id",
            "nomination__cycle__award_year",
            "nomination__cycle__program__short_name",
        )
        .annotate(count=Count("pk"))
        .order_by("nomination__cycle_id", "status")
    )
    items = []
    for row in waiting:
        singular, plural_form = CONFLICT_DECISION_TEXT[row["status"]]
        program = row["nomination__cycle__program__short_name"]
        name = f"{program} {row['nomination__cycle__award_year']}"
        url = reverse("reviews:conflict_list", args=[row["nomination__cycle_id"]])
        items.append(
            TurnItem(
                key=f"conflicts-{row['status']}-{row['nomination__cycle_id']}",
                text=f"{plural(row['count'], singular, plural_form)} ({name})",
                count=row["count"],
                url=f"{url}?status={row['status']}",
                order=40,
            )
        )
    return items


__all__ = ["panelist_turn_items", "staff_turn_items"]
