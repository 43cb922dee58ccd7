"""The discussion of a nomination among award staff and its non-conflicted panel.

Comments are added while the panel is scoring (the cycle in "review"); their author may
correct one for COMMENT_GRACE after posting it, then it is fixed. Every addition and
every edit writes one audit event; an edit's event keeps the body it replaced, so the
log holds everything anyone ever read in the discussion.

Both writers take the panel's locks first (the order of `reviews.services.conflicts`,
"Lock order") and decide under them whether the actor may comment, so a comment cannot
slip in as the panel stops scoring or as its author declares a conflict.
"""

from django.db import transaction
from django.utils import timezone

from core.exceptions import InvalidInput, NotPermitted
from core.services.audit import audit_record, audits_refusals
from nominations.models import Nomination
from reviews import rules
from reviews.models import Comment
from reviews.rules import COMMENT_GRACE
from reviews.services.conflicts import lock_panel_nomination

__all__ = ["COMMENT_GRACE", "MAX_COMMENT_LENGTH", "comment_add", "comment_edit"]

MAX_COMMENT_LENGTH = 5_000
NOT_IN_DISCUSSION = "You cannot take part in this nomination’s discussion now."


@audits_refusals("comment.denied", obj="nomination")
def comment_add(*, nomination: Nomination, actor, body: str) -> Comment:
    """Add `actor`'s comment to the nomination's discussion.

    Creates the Comment and one "comment.add" audit event (with the body). Raises
    NotPermitted unless the actor may comment (`rules.can_comment`: staff or the
    non-conflicted panel, while the panel is scoring), recorded as a denied
    "comment.denied", and InvalidInput for an empty or too long body. Schedules nothing.
    """
    text = _clean_body(body)
    if not rules.can_comment(actor, nomination):
        raise NotPermitted(NOT_IN_DISCUSSION)
    with transaction.atomic():
        _panel, nomination = lock_panel_nomination(nomination)
        if not rules.can_comment(actor, nomination):
            raise NotPermitted(NOT_IN_DISCUSSION)
        comment = Comment.objects.create(nomination=nomination, author=actor, body=text)
        audit_record(
            action="comment.add",
            actor=actor,
            obj=comment,
            data={"nomination": nomination.pk, "body": text},
        )
    return comment


def comment_edit(*, comment: Comment, actor, body: str) -> Comment:
    """Replace the body of `actor`'s own comment within COMMENT_GRACE of posting it.

    Sets the body and `edited_at`, writes one "comment.edit" audit event keeping the old
    and the new body. An unchanged body changes nothing and records nothing. Raises
    NotPermitted for someone else's comment, once the grace period is over, or when the
    actor may no longer comment; InvalidInput for an empty or too long body. Schedules
    nothing.
    """
    text = _clean_body(body)
    with transaction.atomic():
        _panel, nomination = lock_panel_nomination(comment.nomination)
        locked = Comment.objects.select_for_update(no_key=True).get(pk=comment.pk)
        locked.nomination = nomination
        if locked.author_id != actor.pk:
            raise NotPermitted("Only its author can change a comment.")
        if not rules.can_edit_comment(actor, locked):
            raise NotPermitted(
                f"Comments can be changed for {_minutes(COMMENT_GRACE)} after they are "
                "posted, and this one is older."
            )
        if not rules.can_comment(actor, locked.nomination):
            raise NotPermitted(NOT_IN_DISCUSSION)
        if text == locked.body:
            return locked
        old = locked.body
        locked.body = text
        locked.edited_at = timezone.now()
        locked.save(update_fields=["body", "edited_at"])
        audit_record(
            action="comment.edit",
            actor=actor,
            obj=locked,
            data={"nomination": locked.nomination_id, "old_body": old, "body": text},
        )
    comment.body, comment.edited_at = locked.body, locked.edited_at
    return locked


def _clean_body(body: str) -> str:
    text = (body or "").strip()
    if not text:
        raise InvalidInput("Write a comment before you post it.")
    if len(text) > MAX_COMMENT_LENGTH:
        raise InvalidInput(
            f"A comment can be at most {MAX_COMMENT_LENGTH:,} characters; this one has "
            f"{len(text):,}."
        )
    return text


def _minutes(delta) -> str:
    minutes = int(delta.total_seconds() // 60)
    return "1 minute" if minutes == 1 else f"{minutes} minutes"
