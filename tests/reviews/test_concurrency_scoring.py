"""Panel writes racing each other through the views on PostgreSQL: two panelists scoring
one nomination at once, one panelist's two tabs, and two staff deciding one conflict.

Each request runs in its own thread with its own client and connection, all released
at once (`tests.nominations.concurrency.run_at_once`), several rounds in a row.
"""

import re

import pytest
from django.urls import reverse

from core.models import AuditEvent
from nominations.models import Nomination
from reviews.forms.scoring import criterion_field
from reviews.models import Conflict, PanelMember, Review
from reviews.states import ConflictStatus, ReviewState
from tests import factories
from tests.nominations.test_concurrency_views import post_at_once, signed_in

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

HTMX = {"HTTP_HX_REQUEST": "true"}
ROUNDS = 5


def scoring_panel():
    """One nomination in review, two criteria, two assigned, attested panelists."""
    cycle = factories.review_cycle(nominations=1, panelists=2, criteria=2)
    nomination = Nomination.objects.select_related("cycle").get(cycle=cycle)
    members = list(PanelMember.objects.select_related("user").filter(panel__cycle=cycle))
    criteria = list(cycle.rubric_criteria.order_by("position"))
    return nomination, members, criteria


def review_post(criteria, *, scores, overall, strengths, revision, page, submit=False) -> dict:
    data = {
        "revision": str(revision),
        "page": page,
        "overall": str(overall),
        "strengths": strengths,
        "weaknesses": f"Weak spot of {page}.",
        **{criterion_field(c.pk): str(s) for c, s in zip(criteria, scores, strict=True)},
    }
    if submit:
        data["submit"] = "1"
    return data


def outcome(response) -> str:
    [result] = re.findall(r'data-autosave-result="(\w+)"', response.content.decode())
    return result


def stored(review: Review, criteria) -> tuple:
    return (
        [review.criterion_scores.get(str(c.pk)) for c in criteria],
        review.overall,
        review.strengths,
    )


def test_two_panelists_autosaving_and_submitting_at_once_lose_nothing():
    nomination, members, criteria = scoring_panel()
    url = reverse("reviews:review_nomination", args=[nomination.pk])
    clients = [signed_in(member.user) for member in members]

    def sent(index: int, round_: int) -> dict:
        # Each panelist's values differ from the other's and from round to round.
        base = 1 + (round_ + 4 * index) % 9
        return {
            "scores": [base, 1 + base % 9],
            "overall": 1 + (base + 1) % 9,
            "strengths": f"Panelist {index}, round {round_}.",
        }

    for round_ in range(ROUNDS):
        responses = post_at_once(
            [
                (
                    client,
                    url,
                    review_post(criteria, **sent(index, round_), revision=round_, page=f"p{index}"),
                )
                for index, client in enumerate(clients)
            ],
            **HTMX,
        )
        assert [outcome(r) for r in responses] == ["saved", "saved"], round_
        for index, member in enumerate(members):
            review = Review.objects.get(nomination=nomination, member=member)
            expected = sent(index, round_)
            assert stored(review, criteria) == (
                expected["scores"],
                expected["overall"],
                expected["strengths"],
            )
            assert (review.state, review.revision) == (ReviewState.DRAFT, round_ + 1)

    final = [sent(index, ROUNDS) for index in range(2)]
    responses = post_at_once(
        [
            (
                client,
                url,
                review_post(criteria, **final[i], revision=ROUNDS, page=f"p{i}", submit=True),
            )
            for i, client in enumerate(clients)
        ]
    )

    assert [r.status_code for r in responses] == [302, 302]
    for index, member in enumerate(members):
        review = Review.objects.get(nomination=nomination, member=member)
        assert stored(review, criteria) == (
            final[index]["scores"],
            final[index]["overall"],
            final[index]["strengths"],
        )
        assert review.state == ReviewState.SUBMITTED
        assert review.versions.count() == 1
    submitted = AuditEvent.objects.filter(action="review.submit", outcome="done")
    assert sorted(submitted.values_list("actor_id", flat=True)) == sorted(
        member.user_id for member in members
    )


def test_one_panelists_two_tabs_saving_at_once_one_wins_the_other_is_told():
    nomination, [member, _other], criteria = scoring_panel()
    url = reverse("reviews:review_nomination", args=[nomination.pk])
    tabs = [signed_in(member.user), signed_in(member.user)]

    for round_ in range(ROUNDS):
        sent = [
            {"scores": [1 + round_ % 9, 2], "overall": 3, "strengths": f"Tab A, round {round_}."},
            {"scores": [9 - round_ % 9, 8], "overall": 7, "strengths": f"Tab B, round {round_}."},
        ]
        # Both tabs show the latest revision: each was reloaded after the last round.
        responses = post_at_once(
            [
                (tab, url, review_post(criteria, **sent[i], revision=round_, page=f"tab{i}"))
                for i, tab in enumerate(tabs)
            ],
            **HTMX,
        )

        outcomes = [outcome(r) for r in responses]
        assert sorted(outcomes) == ["conflict", "saved"], (round_, outcomes)
        winner = outcomes.index("saved")
        loser_page = responses[1 - winner].content.decode()
        assert "This review was changed in another tab or window" in loser_page
        review = Review.objects.get(nomination=nomination, member=member)
        assert stored(review, criteria) == (
            sent[winner]["scores"],
            sent[winner]["overall"],
            sent[winner]["strengths"],
        )
        assert review.revision == round_ + 1

    # Submitting from both tabs at once: one submission, the other tab is told.
    sent = [
        {"scores": [2, 2], "overall": 2, "strengths": "Tab A submits."},
        {"scores": [4, 4], "overall": 4, "strengths": "Tab B submits."},
    ]
    responses = post_at_once(
        [
            (
                tab,
                url,
                review_post(criteria, **sent[i], revision=ROUNDS, page=f"new{i}", submit=True),
            )
            for i, tab in enumerate(tabs)
        ]
    )

    statuses = [r.status_code for r in responses]
    assert sorted(statuses) == [200, 302], statuses
    winner = statuses.index(302)
    assert "This review was changed in another tab or window" in (
        responses[1 - winner].content.decode()
    )
    review = Review.objects.get(nomination=nomination, member=member)
    assert stored(review, criteria) == (
        sent[winner]["scores"],
        sent[winner]["overall"],
        sent[winner]["strengths"],
    )
    assert (review.state, review.versions.count()) == (ReviewState.SUBMITTED, 1)
    assert AuditEvent.objects.filter(action="review.submit", outcome="done").count() == 1


@pytest.mark.parametrize("round_", range(3))
def test_two_staff_deciding_one_conflict_at_once_one_decides_the_other_is_told(round_):
    nomination, [member, _other], _criteria = scoring_panel()
    suggested = factories.conflict(nomination, member, status=ConflictStatus.SUGGESTED)
    url = reverse("reviews:conflict_decide", args=[suggested.pk])
    decisions = {"confirm": ConflictStatus.CONFIRMED, "dismiss": ConflictStatus.DISMISSED}
    staff = [factories.award_staff(), factories.award_staff()]

    responses = post_at_once(
        [
            (
                signed_in(user),
                url,
                {"decision": name, "reason": f"Checked: {name}.", "seen_status": "suggested"},
            )
            for user, name in zip(staff, decisions, strict=True)
        ]
    )

    statuses = [r.status_code for r in responses]
    assert sorted(statuses) == [200, 302], statuses
    winner = statuses.index(302)
    won = list(decisions)[winner]
    conflict = Conflict.objects.get(pk=suggested.pk)
    assert (conflict.status, conflict.decided_by, conflict.decision_reason) == (
        decisions[won],
        staff[winner],
        f"Checked: {won}.",
    )
    told = (
        "Someone else decided this conflict while your page was open: it is now "
        f"“{conflict.get_status_display().lower()}”. Read their reason, then decide again "
        "if you still want to."
    )
    assert told in responses[1 - winner].content.decode()
    assert sorted(
        AuditEvent.objects.values_list("action", "outcome", "actor", "from_state", "to_state")
    ) == [
        ("conflict.decide", "denied", staff[1 - winner].pk, decisions[won], ""),
        ("conflict.decide", "done", staff[winner].pk, ConflictStatus.SUGGESTED, decisions[won]),
    ]
