"""Reads for a nomination's files: its attachments, its letter requests, an endorser's link."""

from core.links import LinkError, looks_like_token, token_hash
from core.uploads import describe_size, max_upload_bytes
from nominations import rules
from nominations.models import Attachment, EndorsementRequest, Nomination
from nominations.models.files import MAX_ACTIVE_ENDORSEMENTS, MAX_ATTACHMENTS
from nominations.states import EndorsementState


class EndorsementLinkError(LinkError):
    """An endorser's link that cannot be used. `reason` is one of REASONS.

    An unknown link is 404 Not Found; one that existed but is used, expired, cancelled
    or whose nomination is closed is 410 Gone: it will not work again.
    """

    REASONS = ("unknown", "received", "expired", "cancelled", "closed")


def endorsement_for_token(token: str) -> EndorsementRequest:
    """The request an endorser's token opens, with what the endorser page shows, in one
    query. Raises EndorsementLinkError saying why the link cannot be used."""
    found = None
    if looks_like_token(token):
        found = (
            EndorsementRequest.objects.select_related(
                "nomination__nominee", "nomination__cycle__program", "nomination__nominator"
            )
            .filter(token_hash=token_hash(token))
            .first()
        )
    if found is None:
        raise EndorsementLinkError(
            "This link is not valid. Check that you copied the whole address from the "
            "email. If it still does not work, ask the person who asked for your letter to "
            "send the request again.",
            reason="unknown",
        )
    check_endorsement_usable(found)
    return found


def check_endorsement_usable(endorsement: EndorsementRequest) -> None:
    """Raise EndorsementLinkError unless a letter can be uploaded for this request now."""
    if endorsement.state == EndorsementState.RECEIVED:
        raise EndorsementLinkError(
            "A letter has already been uploaded with this link, and each link works only "
            "once. Thank you for your support.",
            reason="received",
        )
    if endorsement.state == EndorsementState.CANCELLED:
        raise EndorsementLinkError(
            "The nominator cancelled this request, so no letter is needed. Thank you.",
            reason="cancelled",
        )
    if endorsement.is_expired():
        raise EndorsementLinkError(
            "This link has expired. If you would still like to send a letter, ask the "
            "person who asked for it to send the request again.",
            reason="expired",
        )
    if not rules.nomination_accepts_letters(endorsement.nomination):
        raise EndorsementLinkError(
            "This nomination no longer accepts letters of support. Thank you.",
            reason="closed",
        )


def nomination_files_context(nomination: Nomination) -> dict:
    """What `_attachments.html` and `_endorsements.html` show, in two queries whatever
    the number of files and requests.

    Each attachment and request gets a 1-based `position` (used in download names);
    requests carry `public_state` (requested, received, expired, cancelled).
    """
    attachments = list(
        Attachment.objects.filter(nomination=nomination).order_by("uploaded_at", "pk")
    )
    requests = list(
        EndorsementRequest.objects.filter(nomination=nomination).order_by("created_at", "pk")
    )
    for position, item in enumerate(attachments, start=1):
        item.position = position
    for position, item in enumerate(requests, start=1):
        item.position = position
    active = sum(1 for item in requests if item.state != EndorsementState.CANCELLED)
    return {
        "attachments": attachments,
        "endorsement_requests": requests,
        "max_attachments": MAX_ATTACHMENTS,
        "max_endorsements": MAX_ACTIVE_ENDORSEMENTS,
        "attachments_left": max(MAX_ATTACHMENTS - len(attachments), 0),
        "endorsements_left": max(MAX_ACTIVE_ENDORSEMENTS - active, 0),
        "max_upload_size": describe_size(max_upload_bytes()),
        "can_change_attachments": nomination.state in rules.ATTACHMENT_STATES,
        "can_manage_endorsements": nomination.state in rules.ENDORSEMENT_STATES,
    }


def download_name(nomination: Nomination, kind: str, position: int) -> str:
    """PA-2023-0007-attachment-2.pdf, or draft-41-letter-1.pdf before submit."""
    prefix = nomination.reference or f"draft-{nomination.pk}"
    return f"{prefix}-{kind}-{position}.pdf"


def attachment_position(attachment: Attachment) -> int:
    """The attachment's 1-based place among its nomination's, as the list shows it."""
    return (
        Attachment.objects.filter(nomination_id=attachment.nomination_id)
        .filter(uploaded_at__lte=attachment.uploaded_at)
        .exclude(uploaded_at=attachment.uploaded_at, pk__gt=attachment.pk)
        .count()
    )


def endorsement_position(endorsement: EndorsementRequest) -> int:
    return (
        EndorsementRequest.objects.filter(nomination_id=endorsement.nomination_id)
        .filter(created_at__lte=endorsement.created_at)
        .exclude(created_at=endorsement.created_at, pk__gt=endorsement.pk)
        .count()
    )
