"""The panel pages' navigation: staff get every panel page, the chair only results."""

import pytest
from django.urls import reverse

from nominations.states import NominationState
from tests import factories


def panel_nav(html: str) -> str:
    start = html.index('<nav aria-label="Panel pages"')
    return html[start : html.index("</nav>", start)]


STAFF_ONLY = ("panel_manage", "conflict_list", "assignment_overview", "progress")
SHARED = ("results", "calibration")


@pytest.mark.django_db
@pytest.mark.parametrize("current", STAFF_ONLY + SHARED)
def test_staff_panel_pages_link_every_panel_page_and_mark_the_current_one(client, current):
    cycle = factories.review_cycle(nominations=1, panelists=1)
    client.force_login(factories.award_staff())

    html = client.get(reverse(f"reviews:{current}", args=[cycle.pk])).content.decode()

    nav = panel_nav(html)
    for name in STAFF_ONLY + SHARED:
        url = reverse(f"reviews:{name}", args=[cycle.pk])
        marker = ' aria-current="page"' if name == current else ""
        assert f'href="{url}"{marker}>' in nav
    assert nav.count('aria-current="page"') == 1


@pytest.mark.django_db
def test_chair_sees_only_the_results_pages_in_the_panel_navigation(client):
    cycle = factories.review_cycle(nominations=1, panelists=0)
    chair = factories.seat(cycle, chair=True)
    client.force_login(chair.user)

    html = client.get(reverse("reviews:results", args=[cycle.pk])).content.decode()

    for name in SHARED:
        assert f'href="{reverse(f"reviews:{name}", args=[cycle.pk])}"' in html
    for name in STAFF_ONLY:
        assert reverse(f"reviews:{name}", args=[cycle.pk]) not in html
    assert f'href="{reverse("nominations:staff_cycle", args=[cycle.pk])}"' not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("state", "linked"),
    [
        (NominationState.CLEARED, False),
        (NominationState.IN_REVIEW, True),
        (NominationState.AWARDED, True),
    ],
)
def test_staff_nomination_page_links_the_panel_view_once_in_review(client, state, linked):
    nomination = factories.nomination_in(state)
    client.force_login(factories.award_staff())

    html = client.get(
        reverse("nominations:staff_nomination", args=[nomination.pk])
    ).content.decode()

    assert (reverse("reviews:review_nomination", args=[nomination.pk]) in html) is linked


@pytest.mark.django_db
def test_scoring_page_offers_declare_and_decline_until_the_review_is_submitted(client):
    cycle = factories.review_cycle(nominations=1, panelists=1)
    nomination = cycle.nominations.get()
    seat = cycle.panel.members.get()
    client.force_login(seat.user)
    page = reverse("reviews:review_nomination", args=[nomination.pk])
    declare = reverse("reviews:conflict_declare", args=[nomination.pk])
    decline = reverse("reviews:assignment_decline", args=[nomination.pk])

    before = client.get(page).content.decode()
    factories.review_of(nomination, seat)
    after = client.get(page).content.decode()

    assert (declare in before, decline in before) == (True, True)
    assert (declare in after, decline in after) == (True, False)


@pytest.mark.django_db
def test_scoring_page_offers_staff_neither_declare_nor_decline(client):
    cycle = factories.review_cycle(nominations=1, panelists=1)
    nomination = cycle.nominations.get()
    client.force_login(factories.award_staff())

    html = client.get(reverse("reviews:review_nomination", args=[nomination.pk])).content.decode()

    assert reverse("reviews:conflict_declare", args=[nomination.pk]) not in html
    assert reverse("reviews:assignment_decline", args=[nomination.pk]) not in html


@pytest.mark.django_db
def test_scoring_page_shows_panelists_no_decision_before_the_announcement(client):
    from nominations.models import Cycle, Nomination
    from nominations.states import CycleState

    cycle = factories.review_cycle(nominations=2, panelists=1)
    chosen, passed_over = cycle.nominations.order_by("sequence")
    Cycle.objects.filter(pk=cycle.pk).update(state=CycleState.SELECTION)
    Nomination.objects.filter(pk=chosen.pk).update(state=NominationState.SELECTED)
    Nomination.objects.filter(pk=passed_over.pk).update(state=NominationState.NOT_SELECTED)
    client.force_login(cycle.panel.members.get().user)

    for nomination in (chosen, passed_over):
        html = client.get(reverse("reviews:review_nomination", args=[nomination.pk])).content
        assert b"Selected" not in html
        assert b"Not selected" not in html


@pytest.mark.django_db
def test_scoring_page_offers_no_declaration_once_review_has_ended(client):
    from nominations.models import Cycle
    from nominations.states import CycleState

    cycle = factories.review_cycle(nominations=1, panelists=1)
    nomination = cycle.nominations.get()
    Cycle.objects.filter(pk=cycle.pk).update(state=CycleState.SELECTION)
    client.force_login(cycle.panel.members.get().user)

    html = client.get(reverse("reviews:review_nomination", args=[nomination.pk])).content.decode()

    assert reverse("reviews:conflict_declare", args=[nomination.pk]) not in html
