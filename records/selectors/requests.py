"""Reads of the requests about people's records."""

from nominations.models import Nomination
from nominations.selectors.parties import party_nomination_ids
from records.models import RecordRequest
from records.states import RecordRequestStatus

# The staff page lists every open request and this many of the latest answered ones.
ANSWERED_SHOWN = 50


def requests_of(user) -> list[RecordRequest]:
    """The person's own requests, newest first, with the nomination each names."""
    return list(
        RecordRequest.objects.filter(requester=user)
        .select_related("nomination__nominee")
        .order_by("-created_at", "-pk")
    )


def nominations_to_ask_about(user) -> list[Nomination]:
    """The person's nominations, newest first: what a request may name."""
    return list(
        Nomination.objects.filter(nominator=user)
        .select_related("nominee")
        .order_by("-created_at", "-pk")
    )


def requests_for_staff(user) -> tuple[list[RecordRequest], list[RecordRequest]]:
    """The requests `user` (award staff) may answer or read: every open one, oldest
    first (answered in turn), and the latest answered ones, newest first; never one of
    their own, nor one about a nomination they are a party to."""
    base = RecordRequest.objects.exclude(requester=user).select_related(
        "requester", "nomination__nominee", "answered_by"
    )
    waiting = list(base.filter(status=RecordRequestStatus.OPEN).order_by("created_at", "pk"))
    answered = list(
        base.filter(status=RecordRequestStatus.ANSWERED).order_by("-answered_at", "-pk")[
            :ANSWERED_SHOWN
        ]
    )
    named = {request.nomination_id for request in waiting + answered if request.nomination_id}
    hidden = party_nomination_ids(user, Nomination.objects.filter(pk__in=named)) if named else set()
    return (
        [request for request in waiting if request.nomination_id not in hidden],
        [request for request in answered if request.nomination_id not in hidden],
    )


def request_for_staff(user, pk: int) -> RecordRequest | None:
    """One request `user` may see (as `requests_for_staff` lists them), or None."""
    request = (
        RecordRequest.objects.exclude(requester=user)
        .select_related("requester", "nomination__nominee", "answered_by")
        .filter(pk=pk)
        .first()
    )
    if request is None or (
        request.nomination_id
        and party_nomination_ids(user, Nomination.objects.filter(pk=request.nomination_id))
    ):
        return None
    return request


def open_requests_for(user) -> int:
    """How many open requests `user` (award staff) may answer: their "Your turn" item.
    One query, and the party rule's when a request names a nomination."""
    waiting = list(
        RecordRequest.objects.exclude(requester=user)
        .filter(status=RecordRequestStatus.OPEN)
        .values_list("nomination_id", flat=True)
    )
    named = {pk for pk in waiting if pk}
    hidden = party_nomination_ids(user, Nomination.objects.filter(pk__in=named)) if named else set()
    return sum(1 for pk in waiting if pk not in hidden)
