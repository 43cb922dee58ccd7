"""The discussion on the scoring page: adding (htmx and plain), editing within the grace
period, and refusals of everyone outside the non-conflicted panel and staff."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from nominations.models import Cycle
from reviews.models import Comment, PanelMember
from reviews.services.discussion import COMMENT_GRACE
from reviews.states import ConflictStatus
from tests import factories

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def panel(db):
    cycle = factories.review_cycle(nominations=1, panelists=2, criteria=1)
    nomination = cycle.nominations.get()
    members = list(PanelMember.objects.filter(panel__cycle=cycle).order_by("pk"))
    return nomination, members


def add_url(nomination) -> str:
    return reverse("reviews:comment_add", args=[nomination.pk])


def edit_url(comment) -> str:
    return reverse("reviews:comment_edit", args=[comment.pk])


def page_url(nomination) -> str:
    return reverse("reviews:review_nomination", args=[nomination.pk])


def comment_by(nomination, user, body="First thoughts", *, age=None) -> Comment:
    comment = Comment.objects.create(nomination=nomination, author=user, body=body)
    if age is not None:
        Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - age)
        comment.refresh_from_db()
    return comment


def test_discussion_shown_on_scoring_page_with_form(client, panel):
    nomination, members = panel
    comment_by(nomination, members[1].user, "The letters are strong.")
    client.force_login(members[0].user)

    body = client.get(page_url(nomination)).content.decode()

    assert '<h2 id="discussion-heading">Discussion</h2>' in body
    assert "The letters are strong." in body
    assert f'hx-post="{add_url(nomination)}"' in body
    assert "You can change a comment for 10 minutes after you post it." in body


def test_comment_time_is_in_the_cycles_zone_and_names_it(client, panel):
    nomination, members = panel
    Cycle.objects.filter(pk=nomination.cycle_id).update(time_zone="America/Los_Angeles")
    comment = comment_by(nomination, members[0].user, "Within the grace period.")
    # 17:30 UTC is 9:30 a.m. in Los Angeles; the site's default zone would say 12:30 p.m.
    moment = dt.datetime(2031, 1, 5, 17, 30, tzinfo=dt.UTC)
    Comment.objects.filter(pk=comment.pk).update(created_at=moment)
    client.force_login(members[1].user)

    body = client.get(page_url(nomination)).content.decode()

    assert '">January 5, 2031, 9:30 a.m. PST</time></span>' in body


def test_comment_add_htmx_answers_refreshed_discussion_and_audits(client, panel):
    nomination, members = panel
    client.force_login(members[0].user)

    response = client.post(add_url(nomination), {"body": "Needs more evidence."}, **HTMX)

    body = response.content.decode()
    comment = Comment.objects.get()
    assert response.status_code == 200
    assert '<section id="discussion"' in body
    assert "Needs more evidence." in body
    assert "Your comment was posted." in body
    assert f'href="{edit_url(comment)}"' in body
    assert [(e.action, e.data["body"]) for e in AuditEvent.objects.all()] == [
        ("comment.add", "Needs more evidence.")
    ]


def test_comment_add_plain_post_redirects_to_the_comment(client, panel):
    nomination, members = panel
    client.force_login(members[0].user)

    response = client.post(add_url(nomination), {"body": "Without JavaScript."})

    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{page_url(nomination)}#comment-{comment.pk}"


def test_comment_add_empty_shows_error_and_adds_nothing(client, panel):
    nomination, members = panel
    client.force_login(members[0].user)

    htmx = client.post(add_url(nomination), {"body": "  "}, **HTMX)
    plain = client.post(add_url(nomination), {"body": ""})

    assert "Write a comment before you post it." in htmx.content.decode()
    assert plain.status_code == 200
    assert "Write a comment before you post it." in plain.content.decode()
    assert Comment.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_comment_add_staff_may(client, panel):
    nomination, _ = panel
    staff = factories.award_staff()
    client.force_login(staff)

    client.post(add_url(nomination), {"body": "Staff note."})
    body = client.get(page_url(nomination)).content.decode()

    assert Comment.objects.get().author == staff
    assert '<span class="usa-tag">Award staff</span>' in body


@pytest.mark.parametrize("method", ["get", "post"])
def test_comment_add_conflicted_panelist_refused_and_audited(client, panel, method):
    nomination, members = panel
    factories.conflict(nomination, members[0], status=ConflictStatus.DECLARED)
    comment_by(nomination, members[1].user, "Hidden from the conflicted.")
    client.force_login(members[0].user)
    url = add_url(nomination)

    response = getattr(client, method)(url, {"body": "Let me in"})

    assert response.status_code == 403
    assert "Hidden from the conflicted." not in response.content.decode()
    assert Comment.objects.count() == 1
    assert list(AuditEvent.objects.values_list("action", "outcome", "note")) == [
        ("panel.access_denied", "denied", f"discussion: {method.upper()} {url}")
    ]


def test_comment_edit_conflicted_author_refused_and_audited(client, panel):
    nomination, members = panel
    comment = comment_by(nomination, members[0].user, "Before my conflict")
    factories.conflict(nomination, members[0], status=ConflictStatus.CONFIRMED)
    client.force_login(members[0].user)

    response = client.post(edit_url(comment), {"body": "Changed"})

    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.body == "Before my conflict"
    assert [e.action for e in AuditEvent.objects.all()] == ["panel.access_denied"]


def test_comment_add_unattested_panelist_refused(client, panel):
    nomination, members = panel
    PanelMember.objects.filter(pk=members[0].pk).update(attested_at=None)
    client.force_login(members[0].user)

    response = client.post(add_url(nomination), {"body": "Hello"})

    assert response.status_code == 403
    assert Comment.objects.count() == 0


def test_comment_edit_htmx_get_shows_inline_form(client, panel):
    nomination, members = panel
    comment = comment_by(nomination, members[0].user, "Draft wording")
    client.force_login(members[0].user)

    response = client.get(edit_url(comment), **HTMX)

    body = response.content.decode()
    assert f'<li id="comment-{comment.pk}"' in body
    assert 'id="comment-edit-body"' in body
    assert "Draft wording</textarea>" in body


def test_comment_edit_plain_get_shows_page(client, panel):
    nomination, members = panel
    comment = comment_by(nomination, members[0].user, "Draft wording")
    client.force_login(members[0].user)

    response = client.get(edit_url(comment))

    body = response.content.decode()
    assert "<h1>Change your comment</h1>" in body
    assert "<li" not in body.split("<h1>")[1].split("</main>")[0]


def test_comment_edit_within_grace_saves_and_audits_old_body(client, panel):
    nomination, members = panel
    comment = comment_by(nomination, members[0].user, "Frist", age=COMMENT_GRACE / 2)
    client.force_login(members[0].user)

    response = client.post(edit_url(comment), {"body": "First"}, **HTMX)

    body = response.content.decode()
    comment.refresh_from_db()
    assert comment.body == "First"
    assert "(edited)" in body
    assert "Your comment was changed." in body
    event = AuditEvent.objects.get()
    assert (event.action, event.data["old_body"], event.data["body"]) == (
        "comment.edit",
        "Frist",
        "First",
    )


def test_comment_edit_after_grace_refused_with_message_and_no_edit_link(client, panel):
    nomination, members = panel
    comment = comment_by(nomination, members[0].user, "Settled", age=COMMENT_GRACE)
    client.force_login(members[0].user)

    response = client.post(edit_url(comment), {"body": "Changed"}, follow=True)
    page = client.get(page_url(nomination)).content.decode()

    assert (
        "Comments can be changed for 10 minutes after they are posted, and this one is older."
        in response.content.decode()
    )
    comment.refresh_from_db()
    assert comment.body == "Settled"
    assert edit_url(comment) not in page
    assert AuditEvent.objects.count() == 0


def test_comment_edit_link_only_on_own_recent_comments(client, panel):
    nomination, members = panel
    mine = comment_by(nomination, members[0].user, "Mine")
    theirs = comment_by(nomination, members[1].user, "Theirs")
    client.force_login(members[0].user)

    body = client.get(page_url(nomination)).content.decode()

    assert edit_url(mine) in body
    assert edit_url(theirs) not in body


def test_comment_edit_of_someone_elses_comment_refused_and_audited(client, panel):
    nomination, members = panel
    comment = comment_by(nomination, members[1].user, "Theirs")
    client.force_login(members[0].user)

    response = client.post(edit_url(comment), {"body": "Hijacked"})

    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.body == "Theirs"
    assert [(e.action, e.outcome) for e in AuditEvent.objects.all()] == [
        ("panel.access_denied", "denied")
    ]


@pytest.mark.parametrize("htmx", [False, True])
def test_comment_add_after_panel_review_closed_refused_audited_with_reason(client, panel, htmx):
    from nominations.models import Cycle, Nomination
    from nominations.states import CycleState, NominationState

    nomination, members = panel
    Cycle.objects.filter(pk=nomination.cycle_id).update(state=CycleState.SELECTION)
    Nomination.objects.filter(pk=nomination.pk).update(state=NominationState.SHORTLISTED)
    client.force_login(members[0].user)

    response = client.post(
        add_url(nomination), {"body": "One more thought."}, **(HTMX if htmx else {})
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert "Comments can be added while the panel is scoring." in body
    if not htmx:
        assert "You cannot take part in this nomination’s discussion now." in body
    assert Comment.objects.count() == 0
    event = AuditEvent.objects.get()
    assert (event.action, event.outcome, event.actor, event.object_id) == (
        "comment.denied",
        "denied",
        members[0].user,
        str(nomination.pk),
    )
    assert event.note.startswith("You cannot take part in this nomination’s discussion now.")
