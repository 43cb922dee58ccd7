"""Reads of the email outbox for award staff's pages."""

from django.db.models import QuerySet

from nominations.models import Nomination, OutboxMessage
from nominations.states import OutboxStatus


def outbox_messages(*, status: str = "") -> QuerySet[OutboxMessage]:
    """Every stored message, newest first, optionally of one status.

    The nomination comes along (one join) so a page can link to it without a query a row.
    """
    messages = OutboxMessage.objects.select_related("nomination").order_by("-created_at", "-pk")
    if status in OutboxStatus.values:
        messages = messages.filter(status=status)
    return messages


def outbox_for_nomination(nomination: Nomination) -> list[OutboxMessage]:
    """The messages sent about one nomination, newest first, in one query."""
    return list(OutboxMessage.objects.filter(nomination=nomination).order_by("-created_at", "-pk"))
