"""Conflict pages: the panelist's nominations list and declaration, the staff list and
decisions. Who may see them, what they show and change, and their query cost."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from core.models import AuditEvent
from nominations.models import Cycle
from nominations.states import CycleState
from reviews import rules
from reviews.models import Assignment, Conflict
from reviews.states import ConflictStatus
from tests import factories
from tests.error_summary import assert_error_pattern


def panel_with(*, nominations=2, panelists=1, blind=False):
    cycle = factories.review_cycle(nominations=nominations, panelists=panelists, criteria=1)
    panel = factories.panel_of(cycle)
    panel.blind_review = blind
    panel.save()
    members = list(panel.members.select_related("user").order_by("pk"))
    return panel, list(cycle.nominations.select_related("nominee").order_by("pk")), members


def nominations_url(panel):
    return reverse("reviews:panel_nominations", args=[panel.pk])


def assert_refused_and_audited(response, user, action, note_end, *, status=403):
    assert response.status_code == status
    event = AuditEvent.objects.get()
    assert (event.action, event.outcome, event.actor) == (action, "denied", user)
    assert event.note.endswith(note_end)


# -- the panel's nominations ----------------------------------------------------------------


@pytest.mark.django_db
def test_panel_nominations_lists_nominee_nominator_assignment_and_declare_links(client):
    panel, [first, second], [member] = panel_with()
    factories.conflict(second, member, status=ConflictStatus.DECLARED)
    client.force_login(member.user)

    response = client.get(nominations_url(panel))

    body = response.content.decode()
    assert response.status_code == 200
    rows = [(n.pk, n.assignment_status, n.conflict_blocks) for n in response.context["nominations"]]
    assert rows == [(first.pk, "assigned", False), (second.pk, "conflict", True)]
    assert first.nominee.display_name in body
    assert "Baltimore, MD" in body
    assert "Jordan Lee" in body and "Department of Labor" in body
    assert reverse("reviews:conflict_declare", args=[first.pk]) in body
    assert reverse("reviews:conflict_declare", args=[second.pk]) not in body
    assert "You declared a conflict" in body
    assert reverse("reviews:assignment_decline", args=[first.pk]) in body
    assert reverse("reviews:assignment_decline", args=[second.pk]) not in body


@pytest.mark.django_db
def test_panel_nominations_offers_no_decline_once_review_has_closed(client):
    panel, [first, _], [member] = panel_with()
    Cycle.objects.filter(pk=panel.cycle_id).update(state=CycleState.SELECTION)
    client.force_login(member.user)

    response = client.get(nominations_url(panel))

    assert response.status_code == 200
    assert reverse("reviews:assignment_decline", args=[first.pk]) not in response.content.decode()


@pytest.mark.django_db
def test_panel_nominations_blind_review_hides_the_nominator(client):
    panel, _, [member] = panel_with(blind=True)
    client.force_login(member.user)

    body = client.get(nominations_url(panel)).content.decode()

    assert "Jordan Lee" not in body
    assert "Department of Labor" not in body
    assert "Nominator</th>" not in body


@pytest.mark.django_db
@pytest.mark.parametrize("problem", ["unsigned", "removed", "other_panel"])
def test_panel_nominations_refuses_seats_that_may_not_see_and_audits(client, problem):
    panel, _, _ = panel_with()
    if problem == "other_panel":
        user = factories.seat(factories.CycleFactory(state=CycleState.REVIEW)).user
    else:
        user = factories.seat(
            panel.cycle, attested=problem != "unsigned", removed=problem == "removed"
        ).user
    client.force_login(user)

    response = client.get(nominations_url(panel))

    assert_refused_and_audited(
        response, user, "panel.access_denied", f"GET {nominations_url(panel)}"
    )
    assert AuditEvent.objects.get().object_id == str(panel.pk)


@pytest.mark.django_db
def test_panel_nominations_refuses_staff_as_a_page_denial(client):
    panel, _, _ = panel_with()
    staff = factories.award_staff()
    client.force_login(staff)

    response = client.get(nominations_url(panel))

    assert_refused_and_audited(response, staff, "page.denied", f"GET {nominations_url(panel)}")


@pytest.mark.django_db
@pytest.mark.parametrize("size", [2, 6])
def test_panel_nominations_query_count_is_constant(client, django_assert_num_queries, size):
    panel, nominations, [member] = panel_with(nominations=size)
    factories.conflict(nominations[0], member, status=ConflictStatus.SUGGESTED)
    client.force_login(member.user)
    client.get(nominations_url(panel))  # warm the session

    # and the party rule's two: the panelist's addresses and the nominations they made, are
    # the contact or individual nominee of, or endorsed; the count of nominations for the pager
    with django_assert_num_queries(9):
        response = client.get(nominations_url(panel))

    assert len(response.context["nominations"]) == size


@pytest.mark.django_db
def test_panel_nominations_page_a_hundred_at_a_time_in_reference_order(client, monkeypatch):
    monkeypatch.setattr("reviews.views.conflicts.PANEL_NOMINATIONS_PAGE_SIZE", 2)
    panel, nominations, [member] = panel_with(nominations=5)
    factories.conflict(nominations[3], member, status=ConflictStatus.DECLARED)
    client.force_login(member.user)

    second = client.get(nominations_url(panel), {"page": "2"})
    last = client.get(nominations_url(panel), {"page": "99"})

    listed = second.context["nominations"]
    assert [n.pk for n in listed] == [nominations[2].pk, nominations[3].pk]
    assert [n.conflict_blocks for n in listed] == [False, True]
    assert "Showing 3–4 of 5 nominations." in second.content.decode()
    assert [n.pk for n in last.context["nominations"]] == [nominations[4].pk]


# -- declaring ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_conflict_declare_page_declares_and_the_assignment_shows_as_conflict(client):
    panel, [first, _], [member] = panel_with()
    client.force_login(member.user)
    url = reverse("reviews:conflict_declare", args=[first.pk])

    page = client.get(url)
    response = client.post(url, {"kind": "employment", "reason": "I work there."})

    assert page.status_code == 200
    assert 'type="radio" name="kind"' in page.content.decode()
    assert response.status_code == 302
    assert response["Location"] == nominations_url(panel)
    conflict = Conflict.objects.get()
    assert (conflict.member, conflict.status, conflict.kind) == (member, "declared", "employment")
    listing = client.get(nominations_url(panel))
    assert listing.context["nominations"][0].assignment_status == "conflict"
    assert Assignment.objects.filter(nomination=first, member=member).exists()


@pytest.mark.django_db
def test_conflict_declare_without_kind_or_reason_shows_errors_and_changes_nothing(client):
    panel, [first, _], [member] = panel_with()
    client.force_login(member.user)

    response = client.post(
        reverse("reviews:conflict_declare", args=[first.pk]), {"kind": "", "reason": " "}
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "Choose the kind of conflict." in body
    assert "Say in a sentence or two what the conflict is." in body
    assert_error_pattern(response, "id_kind_0")
    assert (Conflict.objects.count(), AuditEvent.objects.count()) == (0, 0)


@pytest.mark.django_db
@pytest.mark.parametrize("problem", ["unsigned", "removed", "other_panel"])
def test_conflict_declare_refuses_and_audits(client, problem):
    panel, [first, _], _ = panel_with()
    if problem == "other_panel":
        user = factories.seat(factories.CycleFactory(state=CycleState.REVIEW)).user
    else:
        user = factories.seat(
            panel.cycle, attested=problem != "unsigned", removed=problem == "removed"
        ).user
    client.force_login(user)
    url = reverse("reviews:conflict_declare", args=[first.pk])

    response = client.post(url, {"kind": "other", "reason": "Because."})

    # Only a member of the nomination's panel learns that it exists.
    assert_refused_and_audited(
        response,
        user,
        "panel.access_denied",
        f"conflict declaration: POST {url}",
        status=403 if problem == "unsigned" else 404,
    )
    assert Conflict.objects.count() == 0


# -- staff list and decisions ---------------------------------------------------------------


def conflicts_url(cycle):
    return reverse("reviews:conflict_list", args=[cycle.pk])


@pytest.mark.django_db
def test_conflict_list_shows_conflicts_with_actions_and_filters_by_status(client):
    panel, [first, second], [a, b] = panel_with(panelists=2)
    declared = factories.conflict(first, a, status=ConflictStatus.DECLARED, reason="My employer.")
    suggested = factories.conflict(second, b, status=ConflictStatus.SUGGESTED, reason="Domain.")
    client.force_login(factories.award_staff())

    everything = client.get(conflicts_url(panel.cycle))
    only_suggested = client.get(conflicts_url(panel.cycle), {"status": "suggested"})

    body = everything.content.decode()
    assert [c.pk for c in everything.context["conflicts"]] == [declared.pk, suggested.pk]
    assert [c.pk for c in only_suggested.context["conflicts"]] == [suggested.pk]
    decide = reverse("reviews:conflict_decide", args=[suggested.pk])
    assert f"{decide}?decision=confirm" in body
    assert f"{decide}?decision=dismiss" in body
    assert f"{decide}?decision=waive" not in body
    assert f"{reverse('reviews:conflict_decide', args=[declared.pk])}?decision=waive" in body
    assert "My employer." in body
    assert ("suggested", "Suggested by the system", 1) in everything.context["counts"]


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 4])
def test_conflict_list_query_count_is_constant(client, django_assert_num_queries, size):
    panel, nominations, members = panel_with(nominations=size, panelists=2)
    staff = factories.award_staff()
    for nomination in nominations:
        conflict = factories.conflict(nomination, members[0])
        conflict.decided_by = staff
        conflict.save()
        factories.conflict(nomination, members[1], status=ConflictStatus.SUGGESTED)
    client.force_login(staff)
    client.get(conflicts_url(panel.cycle))

    # and the party rule's two (the viewer's addresses and the nominations they made, are
    # the contact or individual nominee of, or endorsed: their conflicts are not shown)
    with django_assert_num_queries(9):
        response = client.get(conflicts_url(panel.cycle))

    assert len(response.context["conflicts"]) == 2 * size


@pytest.mark.django_db
def test_conflict_list_button_suggests_conflicts(client):
    panel, [first, _], [member] = panel_with()
    member.user.email = "pat@panel.example"  # not the factories' shared example.org
    member.user.save()
    first.excluded_reviewers = "Not pat@panel.example"
    first.save()
    client.force_login(factories.award_staff())

    response = client.post(conflicts_url(panel.cycle))

    assert response.status_code == 302
    assert list(Conflict.objects.values_list("nomination", "member", "status")) == [
        (first.pk, member.pk, "suggested")
    ]
    assert AuditEvent.objects.get().action == "conflict.suggest"


@pytest.mark.django_db
def test_conflict_decide_page_records_the_decision(client):
    panel, [first, _], [member] = panel_with()
    conflict = factories.conflict(first, member, status=ConflictStatus.SUGGESTED)
    staff = factories.award_staff()
    client.force_login(staff)
    url = reverse("reviews:conflict_decide", args=[conflict.pk])

    page = client.get(url, {"decision": "dismiss"})
    missing = client.post(url, {"decision": "dismiss", "reason": "", "seen_status": "suggested"})
    response = client.post(
        url, {"decision": "dismiss", "reason": "Different people.", "seen_status": "suggested"}
    )

    assert "Dismiss the conflict" in page.content.decode()
    assert "Give the reason for your decision." in missing.content.decode()
    assert response["Location"] == conflicts_url(panel.cycle)
    conflict.refresh_from_db()
    assert (conflict.status, conflict.decided_by, conflict.decision_reason) == (
        "dismissed",
        staff,
        "Different people.",
    )


@pytest.mark.django_db
def test_conflict_decide_page_says_when_it_was_decided_in_the_cycles_zone(client):
    panel, [first, _], [member] = panel_with()
    Cycle.objects.filter(pk=panel.cycle_id).update(time_zone="America/Los_Angeles")
    staff = factories.award_staff(full_name="Dana Cruz")
    conflict = factories.conflict(first, member, status=ConflictStatus.DECLARED)
    # 17:30 UTC is 9:30 a.m. in Los Angeles; the site's default zone would say 12:30 p.m.
    Conflict.objects.filter(pk=conflict.pk).update(
        status=ConflictStatus.CONFIRMED,
        decided_by=staff,
        decided_at=dt.datetime(2031, 1, 5, 17, 30, tzinfo=dt.UTC),
        decision_reason="Same employer.",
    )
    client.force_login(staff)

    url = reverse("reviews:conflict_decide", args=[conflict.pk])
    body = client.get(url, {"decision": "waive"}).content.decode()

    assert re.search(
        r"<dt>Decided by</dt><dd>Dana Cruz, <time [^>]*>January 5, 2031, 9:30 a\.m\. PST</time>: "
        r"Same employer\.</dd>",
        body,
    )


@pytest.mark.django_db
def test_conflict_decide_page_carries_the_status_it_shows(client):
    panel, [first, _], [member] = panel_with()
    conflict = factories.conflict(first, member, status=ConflictStatus.DECLARED)
    client.force_login(factories.award_staff())

    page = client.get(reverse("reviews:conflict_decide", args=[conflict.pk]), {"decision": "waive"})

    assert '<input type="hidden" name="seen_status" value="declared">' in page.content.decode()


@pytest.mark.django_db
def test_conflict_decided_meanwhile_by_other_staff_is_not_silently_replaced(client):
    """One member of staff confirms a declared conflict while another has the waive page
    open: the waive is refused, says what happened, keeps the reason and is audited."""
    panel, [first, _], [member] = panel_with()
    conflict = factories.conflict(first, member, status=ConflictStatus.DECLARED)
    first_staff, second_staff = factories.award_staff(), factories.award_staff()
    url = reverse("reviews:conflict_decide", args=[conflict.pk])
    client.force_login(first_staff)
    client.post(url, {"decision": "confirm", "reason": "Board member.", "seen_status": "declared"})
    client.force_login(second_staff)
    events = AuditEvent.objects.count()

    response = client.post(
        url, {"decision": "waive", "reason": "Left the board.", "seen_status": "declared"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert (
        "Someone else decided this conflict while your page was open: it is now "
        "“confirmed by staff”. Read their reason, then decide again if you still want to."
    ) in html
    assert "Left the board." in html
    assert "Board member." in html
    assert '<input type="hidden" name="seen_status" value="confirmed">' in html
    conflict.refresh_from_db()
    assert (conflict.status, conflict.decided_by, conflict.decision_reason) == (
        "confirmed",
        first_staff,
        "Board member.",
    )
    assert list(
        AuditEvent.objects.order_by("pk").values_list("action", "outcome", "actor", "from_state")[
            events:
        ]
    ) == [("conflict.decide", "denied", second_staff.pk, "confirmed")]


@pytest.mark.django_db
def test_conflict_decision_without_the_status_seen_is_refused_and_changes_nothing(client):
    panel, [first, _], [member] = panel_with()
    conflict = factories.conflict(first, member, status=ConflictStatus.CONFIRMED)
    client.force_login(factories.award_staff())

    response = client.post(
        reverse("reviews:conflict_decide", args=[conflict.pk]),
        {"decision": "waive", "reason": "Left the board."},
    )

    assert response.status_code == 200
    assert "Reload the page, then decide again" in response.content.decode()
    conflict.refresh_from_db()
    assert (conflict.status, AuditEvent.objects.count()) == ("confirmed", 0)


@pytest.mark.django_db
def test_conflict_decide_page_after_a_form_error_keeps_the_status_first_seen(client):
    """Someone confirms while the page is open; the other's first post has no reason: the
    page shown again must still carry "declared", so the next post is refused."""
    panel, [first, _], [member] = panel_with()
    conflict = factories.conflict(first, member, status=ConflictStatus.DECLARED)
    url = reverse("reviews:conflict_decide", args=[conflict.pk])
    Conflict.objects.filter(pk=conflict.pk).update(status=ConflictStatus.CONFIRMED)
    client.force_login(factories.award_staff())

    again = client.post(url, {"decision": "waive", "reason": "", "seen_status": "declared"})
    refused = client.post(url, {"decision": "waive", "reason": "Left.", "seen_status": "declared"})

    assert '<input type="hidden" name="seen_status" value="declared">' in again.content.decode()
    assert "Someone else decided this conflict while your page was open" in (
        refused.content.decode()
    )
    conflict.refresh_from_db()
    assert conflict.status == "confirmed"


@pytest.mark.django_db
@pytest.mark.parametrize("make_user", [factories.panelist, factories.nominator])
def test_staff_conflict_pages_refuse_others_and_change_nothing(client, make_user):
    panel, [first, _], [member] = panel_with()
    conflict = factories.conflict(first, member, status=ConflictStatus.SUGGESTED)
    user = make_user()
    client.force_login(user)
    decide = reverse("reviews:conflict_decide", args=[conflict.pk])

    responses = [
        client.get(conflicts_url(panel.cycle)),
        client.post(conflicts_url(panel.cycle)),
        client.post(decide, {"decision": "confirm", "reason": "x"}),
    ]

    assert [r.status_code for r in responses] == [403, 403, 403]
    conflict.refresh_from_db()
    assert (conflict.status, Conflict.objects.count()) == ("suggested", 1)
    assert (
        list(AuditEvent.objects.values_list("action", "outcome", "actor"))
        == [("page.denied", "denied", user.pk)] * 3
    )


# -- once panel review has closed ------------------------------------------------------------

CLOSED = "Panel review of this cycle has closed, so conflicts of interest can no longer be"


def close_panel_review(panel):
    from nominations.models import Nomination
    from nominations.states import NominationState

    Cycle.objects.filter(pk=panel.cycle_id).update(state=CycleState.SELECTION)
    Nomination.objects.filter(cycle_id=panel.cycle_id).update(state=NominationState.SHORTLISTED)


@pytest.mark.django_db
def test_panel_nominations_offers_no_declaration_once_review_has_closed_and_says_why(client):
    panel, [first, second], [member] = panel_with()
    close_panel_review(panel)
    client.force_login(member.user)

    response = client.get(nominations_url(panel))

    body = response.content.decode()
    assert response.status_code == 200
    assert CLOSED in body
    assert reverse("reviews:conflict_declare", args=[first.pk]) not in body
    assert reverse("reviews:conflict_declare", args=[second.pk]) not in body
    assert first.nominee.display_name in body


@pytest.mark.django_db
def test_conflict_declare_once_review_has_closed_says_why_and_changes_nothing(client):
    panel, [first, _], [member] = panel_with()
    factories.review_of(first, member, overall=1)
    close_panel_review(panel)
    client.force_login(member.user)
    url = reverse("reviews:conflict_declare", args=[first.pk])

    page = client.get(url)
    response = client.post(url, {"kind": "other", "reason": "Changed my mind."})

    assert page.status_code == response.status_code == 200
    assert CLOSED in page.content.decode()
    assert 'type="radio" name="kind"' not in page.content.decode()
    assert CLOSED in response.content.decode()
    assert (Conflict.objects.count(), AuditEvent.objects.count()) == (0, 0)


@pytest.mark.django_db
def test_conflict_list_once_review_has_closed_offers_no_actions_and_refuses_them(client):
    panel, [first, second], [a, b] = panel_with(panelists=2)
    declared = factories.conflict(first, a, status=ConflictStatus.CONFIRMED)
    suggested = factories.conflict(second, b, status=ConflictStatus.SUGGESTED)
    close_panel_review(panel)
    client.force_login(factories.award_staff())

    page = client.get(conflicts_url(panel.cycle))
    suggest = client.post(conflicts_url(panel.cycle), follow=True)

    body = page.content.decode()
    assert CLOSED in body
    assert "Check for likely conflicts" not in body
    for conflict in (declared, suggested):
        assert reverse("reviews:conflict_decide", args=[conflict.pk]) not in body
    assert CLOSED in suggest.content.decode()
    assert Conflict.objects.count() == 2
    assert AuditEvent.objects.count() == 0


@pytest.mark.django_db
def test_conflict_decide_once_review_has_closed_says_why_and_changes_nothing(client):
    panel, [first, _], [member] = panel_with()
    conflict = factories.conflict(first, member, status=ConflictStatus.CONFIRMED)
    close_panel_review(panel)
    client.force_login(factories.award_staff())
    url = reverse("reviews:conflict_decide", args=[conflict.pk])

    page = client.get(url, {"decision": "waive"})
    response = client.post(
        url, {"decision": "waive", "reason": "Old news.", "seen_status": "confirmed"}
    )

    assert CLOSED in page.content.decode()
    assert "Waive the conflict</button>" not in page.content.decode()
    assert response.status_code == 200
    assert CLOSED in response.content.decode()
    conflict.refresh_from_db()
    assert (conflict.status, conflict.decided_by) == ("confirmed", None)
    assert list(AuditEvent.objects.values_list("action", "outcome", "note")) == [
        ("conflict.decide", "denied", rules.CONFLICTS_CLOSED_MESSAGE)
    ]


@pytest.mark.django_db
def test_panel_nominations_offer_no_decline_once_the_review_is_submitted(client):
    cycle = factories.review_cycle(nominations=2, panelists=1)
    done, open_ = cycle.nominations.order_by("sequence")
    seat = cycle.panel.members.get()
    factories.review_of(done, seat)
    client.force_login(seat.user)

    html = client.get(reverse("reviews:panel_nominations", args=[seat.panel_id])).content.decode()

    assert reverse("reviews:assignment_decline", args=[done.pk]) not in html
    assert reverse("reviews:assignment_decline", args=[open_.pk]) in html
