"""The records' items of staff's "Your turn" (core/your_turn.py)."""

from django.urls import reverse

from core.your_turn import TurnItem, plural
from nominations import rules
from records.selectors.requests import open_requests_for


def record_request_turn_items(user) -> list[TurnItem]:
    """Open requests about people's records that the member of staff may answer."""
    if not rules.is_award_staff(user):
        return []
    count = open_requests_for(user)
    return [
        TurnItem(
            key="record-requests",
            text=plural(count, "request", "requests")
            + " about a person's records to answer (Privacy Act)",
            count=count,
            url=reverse("records:requests"),
            order=90,
        )
    ]
