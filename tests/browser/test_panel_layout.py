"""The panel's working pages at desktop widths: the scoring page puts the nomination and
the review form side by side with the form kept in view, the 1–9 scale is one row of
nine tiles, and the staff results table scrolls inside its own box so the page never
scrolls sideways at 1280 px. axe-core runs on each page."""

import pytest
from playwright.sync_api import expect

from nominations.models import Nominee, RubricCriterion
from reviews.models import PanelMember
from tests import factories
from tests.browser.conftest import htmx_settled
from tests.browser.test_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_NAME = "Coalition to Abolish Slavery and Trafficking of the Greater Los Angeles Area, Inc."


def test_results_table_scrolls_in_its_box_at_1280(live_server, page, check_page, verified):
    cycle = factories.review_cycle(nominations=6, panelists=3, criteria=5)
    for position in range(1, 6):
        RubricCriterion.objects.filter(cycle=cycle, position=position).update(
            name=f"Impact and sustainability of the work, criterion {position}"
        )
    Nominee.objects.filter(nomination__cycle=cycle).update(legal_name=LONG_NAME)
    members = list(PanelMember.objects.filter(panel__cycle=cycle).order_by("pk"))
    for index, nomination in enumerate(cycle.nominations.order_by("reference")):
        for offset, member in enumerate(members):
            factories.review_of(nomination, member, overall=1 + (index + offset * 3) % 9)
    staff = verified(factories.award_staff())
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page, live_server.url, staff.email, check_page)

    page.goto(f"{live_server.url}/review/staff/cycles/{cycle.pk}/results/")
    check_page("results at 1280")

    # The page never scrolls sideways; the table does, inside its labelled box.
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    scroller = page.get_by_role("region", name="Results by nomination")
    expect(scroller).to_have_attribute("aria-describedby", "results-scroll-hint")
    expect(page.locator("#results-scroll-hint")).to_be_visible()
    widths = scroller.evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert widths[0] > widths[1]
    # Scrolled to the end, the last column comes into view and the reference column
    # stays at the box's left edge (the rank scrolls away under it).
    reference = page.locator("table.site-results tbody th[scope=row]").first
    scroller.focus()
    scroller.evaluate("e => { e.scrollLeft = e.scrollWidth; }")
    assert abs(reference.bounding_box()["x"] - scroller.bounding_box()["x"]) <= 1
    expect(reference).to_be_in_viewport()
    expect(page.get_by_role("columnheader", name="Scores by panelist")).to_be_in_viewport()
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    check_page("results at 1280, scrolled")


def box(page, selector: str) -> dict:
    """The element's box in the viewport, and its scroll sizes."""
    return page.eval_on_selector(
        selector,
        "e => { const r = e.getBoundingClientRect(); return {left: r.left, right: r.right,"
        " top: r.top, bottom: r.bottom, scrollHeight: e.scrollHeight,"
        " clientHeight: e.clientHeight, position: getComputedStyle(e).position}; }",
    )


def test_scoring_page_puts_the_form_beside_the_nomination_and_keeps_it_in_view(
    live_server, page, check_page, verified
):
    cycle = factories.review_cycle(nominations=2, panelists=1, criteria=5)
    first, second = cycle.nominations.order_by("reference")
    member = PanelMember.objects.select_related("user").get(panel__cycle=cycle)
    verified(member.user)
    page.set_viewport_size({"width": 1440, "height": 900})
    sign_in(page, live_server.url, member.user.email, check_page)

    page.goto(f"{live_server.url}/review/nominations/{first.pk}/")
    check_page("scoring page at 1440")

    material, panel = box(page, ".site-scoring__material"), box(page, ".site-scoring__panel")
    assert panel["left"] >= material["right"] - 1  # beside, not below
    assert panel["top"] < 900
    assert panel["position"] == "sticky"
    assert page.evaluate("document.documentElement.scrollWidth") <= 1440
    # Taller than the window, the review scrolls inside its own box.
    assert panel["clientHeight"] <= 900 < panel["scrollHeight"]
    # Scroll the nomination well past the top, while it still fills the window.
    target = int(material["bottom"]) - 900 - 50
    assert target > 1000
    page.evaluate("y => window.scrollTo(0, y)", target)
    assert abs(box(page, ".site-scoring__panel")["top"]) <= 1
    assert box(page, ".site-scoring__material")["top"] < -800
    expect(page.get_by_role("heading", name="Your review")).to_be_visible()

    # The scale: nine real radio buttons in one row, named with their descriptors, that
    # the arrow keys move through, with a visible focus ring on the tile.
    overall = page.get_by_role("group", name="Overall score")
    radios = overall.get_by_role("radio")
    expect(radios).to_have_count(9)
    tops = {round(radios.nth(i).locator("xpath=..").bounding_box()["y"]) for i in range(9)}
    assert len(tops) == 1
    overall.get_by_role("radio", name="3 – Excellent").check()
    page.keyboard.press("ArrowRight")
    expect(overall.get_by_role("radio", name="4 – Very Good")).to_be_checked()
    expect(overall.get_by_role("radio", name="4 – Very Good")).to_be_focused()
    ring = page.eval_on_selector(
        "#group-overall input:checked + label", "e => getComputedStyle(e).outlineStyle"
    )
    assert ring == "solid"
    # Choosing a score autosaves the draft: let that finish before axe looks.
    expect(page.locator("#review-autosave-status")).to_contain_text("Draft saved at")
    htmx_settled(page)
    check_page("scoring page at 1440, scrolled, a score chosen")

    # Narrow: stacked, not sticky, with the skip link to the form near the top.
    page.set_viewport_size({"width": 400, "height": 900})
    page.evaluate("window.scrollTo(0, 0)")
    assert box(page, ".site-scoring__panel")["position"] == "static"
    assert page.evaluate("document.documentElement.scrollWidth") <= 400
    assert box(page, ".site-scoring__panel")["top"] > box(page, "#nomination")["bottom"]
    page.get_by_role("link", name="Go to the scoring form").click()
    expect(page.get_by_role("heading", name="Your review")).to_be_in_viewport()
    check_page("scoring page at 400")
