"""The review form keeps what a panelist types when an autosave cannot reach the server,
says so, and brings it back and saves it on the next visit; "Submit and go to next"
walks the panelist through their assignments. axe-core runs on each page."""

import pytest
from playwright.sync_api import expect

from reviews.models import Review
from tests import factories
from tests.browser.conftest import htmx_settled
from tests.browser.test_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_review_text_typed_offline_is_kept_restored_and_saved(
    page, check_page, lone_panelist_scoring
):
    url = lone_panelist_scoring
    page.route(
        url, lambda route: route.abort() if route.request.method == "POST" else route.continue_()
    )
    page.get_by_label("Strengths").fill("Typed while the connection was down.")
    page.get_by_label("Weaknesses").focus()
    expect(page.locator("#review-autosave-status")).to_contain_text("Not saved: no connection.")
    check_page("review form offline")
    assert not Review.objects.exists()

    page.unroute(url)
    page.goto(url)
    expect(page.locator("#review-autosave-status")).to_contain_text("Draft saved at")
    expect(page.get_by_label("Strengths")).to_have_value("Typed while the connection was down.")
    htmx_settled(page)
    check_page("review form restored")
    assert Review.objects.get().strengths == "Typed while the connection was down."


def test_review_submit_and_go_to_next_opens_the_next_nomination_then_home(
    live_server, page, check_page, verified
):
    cycle = factories.review_cycle(nominations=2, panelists=1, criteria=1)
    first, second = cycle.nominations.order_by("reference")
    seat = cycle.panel.members.get()
    verified(seat.user)
    sign_in(page, live_server.url, seat.user.email, check_page)

    for nomination, lands_on in ((first, second.reference), (second, "Panel review")):
        page.goto(f"{live_server.url}/review/nominations/{nomination.pk}/")
        for group in ("Criterion 1", "Overall score"):
            page.get_by_role("group", name=group).get_by_role(
                "radio", name="2 – Outstanding"
            ).check()
        page.get_by_label("Strengths").fill("Clear outcomes.")
        page.get_by_role("button", name="Submit and go to next").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(lands_on)
        check_page(f"after submit and go to next from {nomination.reference}")

    messages = page.locator(".usa-alert--success")
    expect(messages.filter(has_text="Your review is submitted (version 1)")).to_be_visible()
    expect(messages.filter(has_text="You have submitted all your reviews for the")).to_be_visible()
    assert list(Review.objects.values_list("state", flat=True)) == ["submitted", "submitted"]
