"""comment_add and comment_edit: who may take part, the grace period, the audit trail."""

import pytest
from django.utils import timezone

from core.exceptions import InvalidInput, NotPermitted
from core.models import AuditEvent
from nominations.models import Cycle
from nominations.states import CycleState
from reviews.models import Comment, PanelMember
from reviews.services.discussion import COMMENT_GRACE, comment_add, comment_edit
from reviews.states import ConflictStatus
from tests import factories


@pytest.fixture
def panel(db):
    cycle = factories.review_cycle(nominations=1, panelists=2, criteria=1)
    nomination = cycle.nominations.get()
    first, second = PanelMember.objects.filter(panel__cycle=cycle).order_by("pk")
    return nomination, first, second


def age(comment: Comment, delta) -> None:
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - delta)
    comment.refresh_from_db()


def test_comment_add_creates_comment_and_audit_event(panel):
    nomination, member, _ = panel

    comment = comment_add(nomination=nomination, actor=member.user, body="  Strong letters.  ")

    assert (comment.nomination, comment.author, comment.body, comment.edited_at) == (
        nomination,
        member.user,
        "Strong letters.",
        None,
    )
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.object_id, event.data) == (
        "comment.add",
        member.user,
        str(comment.pk),
        {"nomination": nomination.pk, "body": "Strong letters."},
    )


def test_comment_add_staff_may(panel):
    nomination, _, _ = panel
    staff = factories.award_staff()

    comment = comment_add(nomination=nomination, actor=staff, body="Please discuss budget.")

    assert comment.author == staff


@pytest.mark.parametrize("body", ["", "   ", "x" * 5001])
def test_comment_add_empty_or_too_long_refused(panel, body):
    nomination, member, _ = panel

    with pytest.raises(InvalidInput):
        comment_add(nomination=nomination, actor=member.user, body=body)

    assert Comment.objects.count() == 0
    assert AuditEvent.objects.count() == 0


@pytest.mark.parametrize("variant", ["conflicted", "unattested", "removed", "other_panel"])
def test_comment_add_panelist_who_may_not_open_refused(panel, variant):
    nomination, member, _ = panel
    user = member.user
    if variant == "conflicted":
        factories.conflict(nomination, member, status=ConflictStatus.DECLARED)
    elif variant == "unattested":
        PanelMember.objects.filter(pk=member.pk).update(attested_at=None)
    elif variant == "removed":
        PanelMember.objects.filter(pk=member.pk).update(removed_at=timezone.now())
    else:
        user = factories.review_cycle(nominations=0, panelists=1).panel.members.get().user

    with pytest.raises(NotPermitted):
        comment_add(nomination=nomination, actor=user, body="Hello")

    assert Comment.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_comment_add_after_review_closed_refused(panel):
    nomination, member, _ = panel
    Cycle.objects.filter(pk=nomination.cycle_id).update(state=CycleState.SELECTION)
    nomination.cycle.refresh_from_db()

    with pytest.raises(NotPermitted):
        comment_add(nomination=nomination, actor=member.user, body="Too late")

    assert Comment.objects.count() == 0


def test_comment_edit_within_grace_changes_body_and_audits_old_body(panel):
    nomination, member, _ = panel
    comment = comment_add(nomination=nomination, actor=member.user, body="Frist thought")
    age(comment, COMMENT_GRACE / 2)

    edited = comment_edit(comment=comment, actor=member.user, body="First thought")

    edited.refresh_from_db()
    assert edited.body == "First thought"
    assert edited.edited_at is not None
    event = AuditEvent.objects.order_by("pk").last()
    assert (event.action, event.actor, event.data) == (
        "comment.edit",
        member.user,
        {"nomination": nomination.pk, "old_body": "Frist thought", "body": "First thought"},
    )


def test_comment_edit_after_grace_refused(panel):
    nomination, member, _ = panel
    comment = comment_add(nomination=nomination, actor=member.user, body="Fixed now")
    age(comment, COMMENT_GRACE)
    events = AuditEvent.objects.count()

    with pytest.raises(NotPermitted) as raised:
        comment_edit(comment=comment, actor=member.user, body="Changed")

    assert raised.value.message == (
        "Comments can be changed for 10 minutes after they are posted, and this one is older."
    )
    comment.refresh_from_db()
    assert (comment.body, comment.edited_at) == ("Fixed now", None)
    assert AuditEvent.objects.count() == events


def test_comment_edit_by_someone_else_refused(panel):
    nomination, member, other = panel
    comment = comment_add(nomination=nomination, actor=member.user, body="Mine")
    events = AuditEvent.objects.count()

    with pytest.raises(NotPermitted):
        comment_edit(comment=comment, actor=other.user, body="Theirs")

    comment.refresh_from_db()
    assert comment.body == "Mine"
    assert AuditEvent.objects.count() == events


def test_comment_edit_author_since_conflicted_refused(panel):
    nomination, member, _ = panel
    comment = comment_add(nomination=nomination, actor=member.user, body="Before")
    factories.conflict(nomination, member, status=ConflictStatus.DECLARED)

    with pytest.raises(NotPermitted):
        comment_edit(comment=comment, actor=member.user, body="After")

    comment.refresh_from_db()
    assert comment.body == "Before"


def test_comment_edit_unchanged_body_records_nothing(panel):
    nomination, member, _ = panel
    comment = comment_add(nomination=nomination, actor=member.user, body="Same")

    comment_edit(comment=comment, actor=member.user, body=" Same ")

    comment.refresh_from_db()
    assert comment.edited_at is None
    assert AuditEvent.objects.count() == 1


def test_comment_add_rechecks_under_the_lock(panel):
    """A nomination copy read while the panel was scoring does not let a comment in."""
    from nominations.models import Nomination

    nomination, member, _ = panel
    stale = Nomination.objects.select_related("cycle").get(pk=nomination.pk)
    Cycle.objects.filter(pk=nomination.cycle_id).update(state=CycleState.SELECTION)

    with pytest.raises(NotPermitted):
        comment_add(nomination=stale, actor=member.user, body="Late.")

    assert (Comment.objects.count(), AuditEvent.objects.count()) == (0, 0)
