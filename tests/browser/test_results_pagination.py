"""The paginated results page in the browser: the pagination nav passes axe-core and
moves through the pages with the sort kept; sorting starts again at the first page."""

import pytest
from playwright.sync_api import expect

from reviews.models import PanelMember
from reviews.views import results as results_views
from tests import factories
from tests.browser.test_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_results_pages_through_the_nav_keeping_the_sort(
    live_server, page, check_page, verified, monkeypatch
):
    monkeypatch.setattr(results_views, "RESULTS_PAGE_SIZE", 2)
    cycle = factories.review_cycle(nominations=5, panelists=1)
    items = list(cycle.nominations.order_by("reference"))
    member = PanelMember.objects.get(panel__cycle=cycle)
    for overall, nomination in enumerate(items, start=1):
        factories.review_of(nomination, member, overall=overall)
    staff = verified(factories.award_staff())
    base = live_server.url
    sign_in(page, base, staff.email, check_page)

    page.goto(f"{base}/review/staff/cycles/{cycle.pk}/results/?sort=score&dir=desc")
    check_page("results, first page")
    expect(page.get_by_text("Showing 1–2 of 5 nominations.")).to_be_visible()
    nav = page.get_by_role("navigation", name="Pages of nominations")
    expect(nav.get_by_role("link", name="Page 1")).to_have_attribute("aria-current", "page")

    nav.get_by_role("link", name="Next page").click()

    check_page("results, second page")
    expect(page.get_by_text("Showing 3–4 of 5 nominations.")).to_be_visible()
    rows = page.locator("table.site-results tbody th[scope=row]")
    expect(rows).to_have_text([items[2].reference, items[1].reference])
    expect(nav.get_by_role("link", name="Page 2")).to_have_attribute("aria-current", "page")

    page.locator('thead a[href="?sort=reference&dir=asc"]').click()

    expect(page.get_by_text("Showing 1–2 of 5 nominations.")).to_be_visible()
    expect(rows).to_have_text([items[0].reference, items[1].reference])
