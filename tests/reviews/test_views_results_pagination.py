"""The results page, a hundred rows a page: global ranks, the sort kept, the nav, odd pages."""

import re

import pytest
from django.urls import reverse

from core.models import AuditEvent
from reviews.models import PanelMember
from reviews.views import results as results_views
from tests import factories

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def refs(response) -> list[str]:
    return [row.reference for row in response.context["rows"]]


def results_url(cycle) -> str:
    return reverse("reviews:results", args=[cycle.pk])


def page_link(number: int, query: str = "sort=rank&amp;dir=asc", *, current: bool = False) -> str:
    classes = "usa-pagination__button usa-current" if current else "usa-pagination__button"
    tail = ' aria-current="page"' if current else ""
    return (
        f'<a href="?{query}&amp;page={number}" class="{classes}" '
        f'aria-label="Page {number}"{tail}>{number}</a>'
    )


def one_review_each(cycle, overall_of) -> list:
    """One panelist's review of each nomination (by reference), overall `overall_of(i)`."""
    items = list(cycle.nominations.order_by("reference"))
    member = PanelMember.objects.get(panel__cycle=cycle)
    for i, nomination in enumerate(items):
        factories.review_of(nomination, member, overall=overall_of(i))
    return items


@pytest.fixture
def small_pages(monkeypatch):
    """Two rows a page, so that a handful of nominations make several pages."""
    monkeypatch.setattr(results_views, "RESULTS_PAGE_SIZE", 2)


@pytest.fixture
def five(small_pages):
    """Five nominations scored 10, 20, 30, 40, 50 in reference order: three pages of two."""
    cycle = factories.review_cycle(nominations=5, panelists=1)
    items = one_review_each(cycle, lambda i: i + 1)
    return cycle, items


def test_results_page_two_shows_rows_101_to_200_with_their_global_ranks(client):
    # 225 nominations in nine blocks of 25 tied scores: 10 (ranks 1), 20 (rank 26), ...
    cycle = factories.review_cycle(nominations=225, panelists=1, criteria=1)
    items = one_review_each(cycle, lambda i: 1 + i // 25)
    client.force_login(factories.award_staff())

    first = client.get(results_url(cycle))
    second = client.get(results_url(cycle), {"page": "2"})

    assert refs(first) == [item.reference for item in items[:100]]
    assert "Showing 1–100 of 225 nominations." in text(first)
    rows = second.context["rows"]
    assert [row.reference for row in rows] == [item.reference for item in items[100:200]]
    assert [row.rank for row in rows] == [1 + 25 * (i // 25) for i in range(100, 200)]
    assert (rows[0].rank, rows[0].score) == (101, 50)
    body = text(second)
    assert "Showing 101–200 of 225 nominations." in body
    assert '<nav aria-label="Pages of nominations" class="usa-pagination">' in body
    assert page_link(2, current=True) in body
    assert page_link(1) in body
    assert page_link(3) in body
    nav = body[body.index('<nav aria-label="Pages of nominations"') :]
    assert nav[: nav.index("</nav>")].count('aria-current="page"') == 1
    assert 'href="?sort=rank&amp;dir=asc&amp;page=1" class="usa-pagination__link' in body
    assert 'href="?sort=rank&amp;dir=asc&amp;page=3" class="usa-pagination__link' in body
    assert AuditEvent.objects.count() == 0


def test_results_pages_keep_the_sort_and_a_new_sort_starts_at_page_one(client, five):
    cycle, items = five
    client.force_login(factories.award_staff())

    response = client.get(results_url(cycle), {"sort": "score", "dir": "desc", "page": "2"})

    body = text(response)
    assert refs(response) == [items[2].reference, items[1].reference]
    assert [row.rank for row in response.context["rows"]] == [3, 2]
    assert "Showing 3–4 of 5 nominations." in body
    query = "sort=score&amp;dir=desc"
    assert page_link(2, query, current=True) in body
    assert page_link(1, query) in body
    assert page_link(3, query) in body
    # The column headers sort again from the first page: their links carry no page.
    assert 'href="?sort=score&amp;dir=asc">Score' in body
    assert 'href="?sort=reference&amp;dir=asc">Reference' in body


def test_results_page_links_carry_the_cleaned_sort_not_the_raw_query(client, five):
    cycle, items = five
    client.force_login(factories.award_staff())

    response = client.get(results_url(cycle), {"sort": "nonsense", "dir": "up", "x": "<b>"})

    body = text(response)
    assert refs(response) == [items[0].reference, items[1].reference]
    assert page_link(2) in body
    assert "nonsense" not in body
    assert "&lt;b&gt;" not in body


@pytest.mark.parametrize("number", ["4", "99", "0", "-1"])
def test_results_page_out_of_range_shows_the_last_page(client, five, number):
    cycle, items = five
    client.force_login(factories.award_staff())

    response = client.get(results_url(cycle), {"page": number})

    assert response.status_code == 200
    assert refs(response) == [items[4].reference]
    assert response.context["rows"][0].rank == 5
    assert "Showing 5–5 of 5 nominations." in text(response)
    assert page_link(3, current=True) in text(response)


@pytest.mark.parametrize("number", ["", "two", "2.5", "1e3", "%00"])
def test_results_page_that_is_not_a_number_shows_the_first_page(client, five, number):
    cycle, items = five
    client.force_login(factories.award_staff())

    response = client.get(results_url(cycle), {"page": number})

    assert response.status_code == 200
    assert refs(response) == [items[0].reference, items[1].reference]
    assert "Showing 1–2 of 5 nominations." in text(response)
    assert page_link(1, current=True) in text(response)


def test_results_one_page_has_no_pagination(client):
    cycle = factories.review_cycle(nominations=3, panelists=1)
    one_review_each(cycle, lambda i: i + 1)
    client.force_login(factories.award_staff())

    body = text(client.get(results_url(cycle)))

    assert "Showing 1–3 of 3 nominations." in body
    assert "usa-pagination" not in body


def test_results_one_nomination_says_so_in_the_singular(client):
    cycle = factories.review_cycle(nominations=1, panelists=1)
    one_review_each(cycle, lambda i: 4)
    client.force_login(factories.award_staff())

    assert "Showing 1–1 of 1 nomination." in text(client.get(results_url(cycle)))


def test_results_csv_and_calibration_are_not_paginated(client, five):
    cycle, items = five
    client.force_login(factories.award_staff())

    lines = client.get(reverse("reviews:results_csv", args=[cycle.pk])).getvalue().decode()
    calibration = client.get(reverse("reviews:calibration", args=[cycle.pk]))

    assert [line.split(",")[:2] for line in lines.split("\r\n")[1:-1]] == [
        [str(rank), item.reference] for rank, item in enumerate(items, start=1)
    ]
    assert [row.reviews_counted for row in calibration.context["results"].panelists] == [5]
    assert "usa-pagination" not in text(calibration)


def test_results_withheld_rows_come_last_on_the_last_page(client, small_pages):
    cycle = factories.review_cycle(nominations=3, panelists=3)
    items = list(cycle.nominations.order_by("reference"))
    for member in PanelMember.objects.filter(panel__cycle=cycle):
        for nomination, overall in zip(items, (2, 5, 6), strict=True):
            factories.review_of(nomination, member, overall=overall)
    chair = factories.seat(cycle, chair=True)
    factories.conflict(items[0], chair)
    client.force_login(chair.user)

    first = client.get(results_url(cycle), {"sort": "reference", "dir": "asc"})
    last = client.get(results_url(cycle), {"sort": "reference", "dir": "asc", "page": "2"})

    assert [(r.reference, r.rank) for r in first.context["rows"]] == [
        (items[1].reference, 1),
        (items[2].reference, 2),
    ]
    assert [(r.reference, r.withheld) for r in last.context["rows"]] == [
        (items[0].reference, "conflict of interest")
    ]
    assert "Showing 3–3 of 3 nominations." in text(last)


def populate(size: int):
    cycle = factories.review_cycle(nominations=size, panelists=3)
    items = list(cycle.nominations.order_by("reference"))
    members = list(PanelMember.objects.filter(panel__cycle=cycle).order_by("pk"))
    for nomination in items:
        for member in members:
            factories.review_of(nomination, member, overall=(nomination.pk + member.pk) % 9 + 1)
    return cycle


@pytest.mark.parametrize("size", [4, 16])
@pytest.mark.parametrize("page", ["1", "2", "99"])
def test_results_paginated_query_count_does_not_grow(
    client, django_assert_num_queries, small_pages, size, page
):
    cycle = populate(size)
    client.force_login(factories.award_staff())

    # session, user, role groups, cycle, the party rule's two, then rubric, the panelists'
    # tallies, the count at each score, the count of rows, every row's name (the nominee
    # order) and the page's rows: the same, whichever page is shown.
    with django_assert_num_queries(12):
        response = client.get(results_url(cycle), {"page": page, "sort": "nominee"})

    assert response.status_code == 200
    assert len(response.context["rows"]) == 2
