"""Refusing staff a page about a nomination they are a party to."""

from django.core.exceptions import PermissionDenied

from core.access import audit_refusal
from nominations.selectors.parties import party_nomination_ids

PARTY_DENIED_ACTION = "party.denied"


def refuse_a_party(request, *, nominations, obj, what: str) -> None:
    """Refuse staff a page that shows or acts on any of `nominations` they are a party to
    (nominations/domain/parties.py): audited as denied ("party.denied", `what` as note),
    then 403 with the reason. Returns when the user is a party to none of them."""
    if not party_nomination_ids(request.user, nominations):
        return
    audit_refusal(
        request,
        action=PARTY_DENIED_ACTION,
        obj=obj,
        note=f"{what}: {request.method} {request.path}",
    )
    raise PermissionDenied(
        f"This {what} concerns a nomination you are a party to (you made it, are its "
        "nominee or the nominee's contact, or were asked for a letter of support), so "
        "another member of award staff handles it."
    )
