"""The nominations floor's part of the "Your turn" sections (`core.your_turn`).

- The nominator's home: each of their nominations returned for information that they
  can still answer, with its due date; computed from the rows the home already reads
  (`nominations.selectors.nominator.dashboard_rows`), so no query of its own.
- The staff home: per cycle in progress, the responses to read (nominations back in
  vetting by the nominator's response: their newest version is a resubmission, not a
  take-back by staff) and the overdue responses (returned, the due date passed in the
  cycle's time zone), never of a nomination the viewer is a party to.
"""

from collections import defaultdict
from urllib.parse import urlencode

from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from core.your_turn import TurnItem, plural
from nominations import rules
from nominations.models import Nomination, NominationVersion
from nominations.selectors.nominator import DashboardRow
from nominations.selectors.parties import party_nomination_ids
from nominations.states import CycleState, NominationState


def nominator_turn_items(rows: list[DashboardRow]) -> list[TurnItem]:
    """One item per returned nomination the nominator can answer now."""
    items = []
    for row in rows:
        if not row.actions.is_response_due:
            continue
        nomination = row.nomination
        due = nomination.info_due_date
        due_text = f" by {due:%B} {due.day}, {due.year}" if due else ""
        items.append(
            TurnItem(
                key=f"returned-{nomination.pk}",
                text=f"request for information to answer{due_text}: {nomination.reference}",
                count=1,
                url=reverse("nominations:nomination_detail", args=[nomination.pk]),
                order=10,
            )
        )
    return items


def staff_turn_items(user) -> list[TurnItem]:
    """Responses to read and overdue responses, per cycle, leaving out the nominations the
    viewer is a party to. One query, and the party rule's three when any waits."""
    if not rules.is_award_staff(user):
        return []
    latest_reason = (
        NominationVersion.objects.filter(nomination=OuterRef("pk"))
        .order_by("-number")
        .values("reason")[:1]
    )
    waiting = (
        Nomination.objects.annotate(latest_reason=Subquery(latest_reason))
        .filter(
            Q(state=NominationState.RETURNED, info_due_date__isnull=False)
            # Answered: back in vetting by the nominator's response, not taken back by staff.
            | Q(state=NominationState.VETTING, latest_reason="resubmit"),
            cycle__state__in=(CycleState.OPEN, CycleState.CLOSED),
        )
        .select_related("cycle__program")
        .order_by("-cycle__award_year", "-cycle_id", "pk")
    )
    waiting = list(waiting)
    # Nobody is told of work on a nomination they are a party to.
    parties = (
        party_nomination_ids(user, Nomination.objects.filter(pk__in=[n.pk for n in waiting]))
        if waiting
        else set()
    )
    responses: dict = defaultdict(list)
    overdue: dict = defaultdict(list)
    now = timezone.now()
    for nomination in waiting:
        if nomination.pk in parties:
            continue
        if nomination.state == NominationState.VETTING:
            responses[nomination.cycle].append(nomination)
        elif nomination.info_due_date < timezone.localdate(now, timezone=nomination.cycle.zone):
            overdue[nomination.cycle].append(nomination)
    items = []
    for found, order, singular, many, query in (
        (
            responses,
            30,
            "response from a nominator to read",
            "responses from nominators to read",
            {"state": "vetting"},
        ),
        (
            overdue,
            20,
            "overdue response",
            "overdue responses",
            {"state": "returned", "overdue": "yes"},
        ),
    ):
        for cycle, nominations in found.items():
            count = len(nominations)
            if count == 1:
                url = reverse("nominations:staff_nomination", args=[nominations[0].pk])
            else:
                url = (
                    reverse("nominations:staff_queue")
                    + "?"
                    + urlencode({**query, "cycle": cycle.pk})
                )
            items.append(
                TurnItem(
                    key=f"{query['state']}-{cycle.pk}",
                    text=f"{plural(count, singular, many)} "
                    f"({cycle.program.short_name} {cycle.award_year})",
                    count=count,
                    url=url,
                    order=order,
                )
            )
    return items


__all__ = ["nominator_turn_items", "staff_turn_items"]
