"""Assignment pages: the staff overview with preview and commit, add and remove, and a
panelist's decline. Who may use them, what they change, and their query cost."""

import pytest
from django.urls import reverse

from core.models import AuditEvent
from nominations.states import CycleState, NominationState
from reviews.models import Assignment, Panel
from reviews.selectors.assignments import plan_preview
from reviews.services.assignments import STALE_PLAN_MESSAGE
from reviews.states import ConflictStatus
from tests import factories


def closed_panel(*, nominations=3, panelists=3):
    cycle = factories.CycleFactory(state=CycleState.CLOSED)
    factories.panel_of(cycle, reviewers_per_nomination=2)
    noms = [
        factories.nomination_in(NominationState.CLEARED, cycle=cycle) for _ in range(nominations)
    ]
    members = [factories.seat(cycle) for _ in range(panelists)]
    return cycle, noms, members


def overview_url(cycle):
    return reverse("reviews:assignment_overview", args=[cycle.pk])


def pairs():
    return sorted(Assignment.objects.values_list("nomination_id", "member_id"))


@pytest.mark.django_db
def test_assignment_overview_preview_writes_nothing_and_commit_makes_the_same_pairs(client):
    cycle, noms, members = closed_panel()
    client.force_login(factories.award_staff())

    preview = client.get(overview_url(cycle), {"k": "2", "cap": ""})

    assert preview.status_code == 200
    planned = preview.context["preview"]
    assert len(planned.plan.new_pairs) == 6
    assert pairs() == []
    assert AuditEvent.objects.count() == 0
    assert f'name="digest" value="{planned.digest}"' in preview.content.decode()

    response = client.post(overview_url(cycle), {"k": "2", "cap": "", "digest": planned.digest})

    assert response.status_code == 302
    assert pairs() == sorted(planned.plan.new_pairs)
    panel = Panel.objects.get(cycle=cycle)
    assert (panel.reviewers_per_nomination, panel.max_per_panelist) == (2, None)


@pytest.mark.django_db
def test_assignment_overview_commit_of_a_stale_preview_is_refused_with_the_fresh_one(client):
    cycle, noms, members = closed_panel()
    client.force_login(factories.award_staff())
    stale = plan_preview(cycle, k=2, cap=None).digest
    factories.conflict(noms[0], members[0], status=ConflictStatus.SUGGESTED)

    response = client.post(overview_url(cycle), {"k": "2", "cap": "", "digest": stale})

    assert response.status_code == 200
    assert STALE_PLAN_MESSAGE in response.content.decode()
    fresh = response.context["preview"]
    assert fresh.digest != stale
    assert (noms[0].pk, members[0].pk) not in fresh.plan.new_pairs
    assert pairs() == []


@pytest.mark.django_db
def test_assignment_overview_shows_infeasible_explanation(client):
    cycle, noms, members = closed_panel(nominations=2, panelists=1)
    client.force_login(factories.award_staff())

    response = client.get(overview_url(cycle), {"k": "2", "cap": ""})

    body = response.content.decode()
    assert "Not every nomination can get 2 reviewers" in body
    assert noms[0].reference in " ".join(response.context["preview"].plan.problems)


@pytest.mark.django_db
def test_assignment_overview_invalid_k_shows_the_error(client):
    cycle, *_ = closed_panel()
    client.force_login(factories.award_staff())

    response = client.get(overview_url(cycle), {"k": "0", "cap": "x"})

    body = response.content.decode()
    assert response.context["preview"] is None
    assert "Each nomination needs at least 1 reviewer." in body
    assert "Enter a whole number, like 8, or leave it blank." in body


@pytest.mark.django_db
def test_assignment_overview_marks_declined_and_conflicted_assignments(client):
    cycle = factories.review_cycle(nominations=1, panelists=2, criteria=1)
    declined, conflicted = Assignment.objects.order_by("pk")
    declined.declined_at = declined.created_at
    declined.decline_reason = "Travelling all month."
    declined.save()
    factories.conflict(conflicted.nomination, conflicted.member, status=ConflictStatus.DECLARED)
    client.force_login(factories.award_staff())

    response = client.get(overview_url(cycle))

    body = response.content.decode()
    [row] = response.context["overview"].rows
    assert sorted(cell.status for cell in row.cells) == ["conflict", "declined"]
    assert (row.live, row.gap) == (0, 3)
    assert "Travelling all month." in body
    assert '<span class="usa-tag site-assignment-status--conflict">Conflict</span>' in body


@pytest.mark.django_db
@pytest.mark.parametrize("size", [2, 5])
def test_assignment_overview_query_count_is_constant(client, django_assert_num_queries, size):
    cycle, noms, members = closed_panel(nominations=size, panelists=size)
    for nomination in noms:
        Assignment.objects.create(nomination=nomination, member=members[0])
    factories.conflict(noms[-1], members[1], status=ConflictStatus.SUGGESTED)
    client.force_login(factories.award_staff())
    client.get(overview_url(cycle))

    # and the party rule's four: the panelists' addresses and the nominations' letter
    # requests (no panelist is offered for a nomination they are a party to), then the
    # viewer's addresses and the nominations they made, are the contact or individual
    # nominee of, or endorsed (such a nomination's reviewers are not shown to them); the
    # live assignments counted per panelist, the nominations short of k, the count for
    # the pager, and for the page its ids, nominations, conflicts and assignments
    with django_assert_num_queries(17):
        response = client.get(overview_url(cycle))

    assert len(response.context["rows"]) == size


@pytest.mark.django_db
def test_assignment_overview_pages_the_nominations_and_filters_the_short_ones(client, monkeypatch):
    monkeypatch.setattr("reviews.views.assignments.OVERVIEW_PAGE_SIZE", 2)
    cycle, noms, members = closed_panel(nominations=5, panelists=2)
    for nomination in noms[:3]:
        for member in members:
            Assignment.objects.create(nomination=nomination, member=member)
    client.force_login(factories.award_staff())

    first = client.get(overview_url(cycle))
    short = client.get(overview_url(cycle), {"show": "short"})
    at = client.get(overview_url(cycle), {"at": noms[4].pk})

    assert [row.nomination for row in first.context["rows"]] == noms[:2]
    assert "Showing 1–2 of 5 nominations." in first.content.decode()
    assert 'href="?show=all&amp;page=3#nominations"' in first.content.decode()
    assert (first.context["overview"].short_count, first.context["overview"].gap_total) == (2, 4)
    assert [row.nomination for row in short.context["rows"]] == noms[3:]
    assert [row.gap for row in short.context["rows"]] == [2, 2]
    assert [row.nomination for row in at.context["rows"]] == noms[4:]


@pytest.mark.django_db
def test_filling_a_gap_from_the_short_list_comes_back_to_it(client):
    cycle, [first, *_], [a, *_] = closed_panel()
    client.force_login(factories.award_staff())

    added = client.post(
        reverse("reviews:assignment_add", args=[cycle.pk]),
        {"nomination": first.pk, "member": a.pk, "show": "short"},
    )

    assert added["Location"] == (
        f"{overview_url(cycle)}?show=short&at={first.pk}#nomination-{first.pk}"
    )


@pytest.mark.django_db
def test_assignment_add_fills_a_gap_and_refuses_a_suggested_conflict_with_a_message(client):
    cycle, [first, *_], [a, b, _] = closed_panel()
    factories.conflict(first, b, status=ConflictStatus.SUGGESTED)
    client.force_login(factories.award_staff())
    url = reverse("reviews:assignment_add", args=[cycle.pk])

    added = client.post(url, {"nomination": first.pk, "member": a.pk})
    refused = client.post(url, {"nomination": first.pk, "member": b.pk}, follow=True)

    assert added["Location"] == f"{overview_url(cycle)}?at={first.pk}#nomination-{first.pk}"
    assert pairs() == [(first.pk, a.pk)]
    assert "Confirm or dismiss it on the conflicts page first." in refused.content.decode()


@pytest.mark.django_db
def test_assignment_remove_confirms_then_removes(client):
    cycle, [first, *_], [a, *_] = closed_panel()
    assignment = Assignment.objects.create(nomination=first, member=a)
    client.force_login(factories.award_staff())
    url = reverse("reviews:assignment_remove", args=[assignment.pk])

    page = client.get(url)
    response = client.post(url)

    assert "Remove the assignment" in page.content.decode()
    assert response.status_code == 302
    assert pairs() == []


@pytest.mark.django_db
@pytest.mark.parametrize("make_user", [factories.panelist, factories.nominator])
def test_staff_assignment_pages_refuse_others_and_change_nothing(client, make_user):
    cycle, [first, *_], [a, b, _] = closed_panel()
    assignment = Assignment.objects.create(nomination=first, member=a)
    digest = plan_preview(cycle, k=2, cap=None).digest
    user = make_user()
    client.force_login(user)

    responses = [
        client.get(overview_url(cycle)),
        client.post(overview_url(cycle), {"k": "2", "cap": "", "digest": digest}),
        client.post(
            reverse("reviews:assignment_add", args=[cycle.pk]),
            {"nomination": first.pk, "member": b.pk},
        ),
        client.post(reverse("reviews:assignment_remove", args=[assignment.pk])),
    ]

    assert [r.status_code for r in responses] == [403] * 4
    assert pairs() == [(first.pk, a.pk)]
    assert (
        list(AuditEvent.objects.values_list("action", "outcome")) == [("page.denied", "denied")] * 4
    )


# -- decline ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_assignment_decline_page_declines_own_assignment(client):
    cycle = factories.review_cycle(nominations=1, panelists=1, criteria=1)
    assignment = Assignment.objects.get()
    client.force_login(assignment.member.user)
    url = reverse("reviews:assignment_decline", args=[assignment.nomination_id])

    empty = client.post(url, {"reason": ""})
    response = client.post(url, {"reason": "I am travelling."})

    assert "Say why you are declining." in empty.content.decode()
    assert response["Location"] == reverse(
        "reviews:panel_nominations", args=[factories.panel_of(cycle).pk]
    )
    assignment.refresh_from_db()
    assert assignment.decline_reason == "I am travelling."


@pytest.mark.django_db
@pytest.mark.parametrize("problem", ["not_assigned", "unsigned", "removed", "other_panel"])
def test_assignment_decline_refuses_and_audits(client, problem):
    cycle = factories.review_cycle(nominations=1, panelists=1, criteria=1)
    nomination = cycle.nominations.get()
    if problem == "not_assigned":
        user = factories.seat(cycle).user
    elif problem == "other_panel":
        user = factories.seat(factories.CycleFactory(state=CycleState.REVIEW)).user
    else:
        member = factories.seat(cycle, attested=problem != "unsigned", removed=problem == "removed")
        Assignment.objects.create(nomination=nomination, member=member)
        user = member.user
    client.force_login(user)
    url = reverse("reviews:assignment_decline", args=[nomination.pk])

    response = client.post(url, {"reason": "No."})

    # Only a member of the nomination's panel learns that it exists.
    assert response.status_code == (404 if problem in {"removed", "other_panel"} else 403)
    event = AuditEvent.objects.get()
    assert (event.action, event.outcome, event.actor, event.note) == (
        "panel.access_denied",
        "denied",
        user,
        f"assignment decline: POST {url}",
    )
    assert not Assignment.objects.filter(declined_at__isnull=False).exists()


@pytest.mark.django_db
def test_assignment_overview_offers_no_remove_for_a_submitted_review(client):
    cycle = factories.review_cycle(nominations=1, panelists=2)
    nomination = cycle.nominations.get()
    done, open_ = nomination.assignments.order_by("pk")
    factories.review_of(nomination, done.member)
    client.force_login(factories.award_staff())

    html = client.get(overview_url(cycle)).content.decode()

    assert reverse("reviews:assignment_remove", args=[done.pk]) not in html
    assert reverse("reviews:assignment_remove", args=[open_.pk]) in html
    assert html.count("Review submitted</span>") == 1
    assert f'href="{reverse("nominations:staff_nomination", args=[nomination.pk])}"' in html
