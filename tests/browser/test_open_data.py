"""The public recipients page and announcement in Chromium: reached from the home page,
accessible (axe-core), and their schema.org JSON-LD present, readable and refused
nothing by the Content Security Policy (a script the browser never runs needs no nonce).
"""

import pytest
from playwright.sync_api import Page, expect

from tests.selection import published_record as record

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Installed before any page script runs: every CSP violation the page reports, whatever
# the console says.
WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""
STRUCTURED_DATA = """() => Array.from(
  document.querySelectorAll('script[type="application/ld+json"]'),
  (element) => JSON.parse(element.textContent),
)"""


def test_recipients_page_and_announcement_are_accessible_with_structured_data(
    live_server, page: Page, check_page
):
    record.published_world()
    page.add_init_script(WATCH_CSP)

    page.goto(live_server.url)
    page.get_by_role("link", name="The 2022 recipients and their citations").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"The 2022 recipients of the {record.PROGRAM}"
    )
    expect(page.get_by_role("heading", level=2, name="Ms. Ana Ruiz")).to_be_visible()
    expect(page.get_by_text(record.RUIZ_FULL)).to_be_visible()
    check_page("recipients of 2022")
    (recipients,) = page.evaluate(STRUCTURED_DATA)
    assert [entry["item"]["name"] for entry in recipients["itemListElement"]] == [
        "Mercy Medical Center’s Blue Dot Human Trafficking Initiative",
        "Ms. Ana Ruiz",
    ]
    assert page.evaluate("window.__cspViolations") == []

    page.get_by_role("link", name="Read the 2022 announcement").click()

    expect(page.get_by_role("heading", level=2, name=record.HEADLINE)).to_be_visible()
    check_page("announcement of 2022")
    (article,) = page.evaluate(STRUCTURED_DATA)
    assert (article["@type"], article["headline"]) == ("NewsArticle", record.HEADLINE)
    assert [thing["name"] for thing in article["about"]] == [
        "Mercy Medical Center’s Blue Dot Human Trafficking Initiative",
        "Ms. Ana Ruiz",
    ]
    assert page.evaluate("window.__cspViolations") == []


def test_recipients_page_of_a_year_from_the_public_record(live_server, page: Page, check_page):
    record.published_world()
    page.add_init_script(WATCH_CSP)

    page.goto(f"{live_server.url}/recipients/2019/")

    expect(page.get_by_role("heading", level=2, name="Ms. Kendis Paris")).to_be_visible()
    check_page("recipients of 2019")
    assert page.evaluate("window.__cspViolations") == []
