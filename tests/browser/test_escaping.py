"""Script typed into a nomination and a review never runs on the pages that show it: the
nominator's review page, the panelist's scoring page and the staff nomination page.
Each payload would set window.__xss or open a dialog if it ran; axe-core runs on each
page, and check_page also fails on any Content Security Policy report."""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from nominations.models import Cycle, Nomination
from nominations.states import CycleState, NominationState
from reviews.models import Assignment, Review
from tests import factories
from tests.browser.conftest import htmx_settled
from tests.browser.test_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCRIPT = "<script>window.__xss = 1; alert(1)</script>"
IMG = '"><img src=x onerror="window.__xss = 1; alert(1)">'
SVG = "'><svg/onload=alert(1)>"
PAYLOAD = f"{SCRIPT}{IMG}{SVG}"


def assert_no_script_ran(page: Page, dialogs: list[str]) -> None:
    assert dialogs == []
    assert page.evaluate("typeof window.__xss") == "undefined"


def signed_in(page: Page, base_url: str, email: str, check_page) -> None:
    page.context.clear_cookies()
    sign_in(page, base_url, email, check_page)
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def watched(page: Page) -> list[str]:
    dialogs: list[str] = []

    def record(dialog):
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", record)
    return dialogs


def test_script_payloads_are_shown_as_text_and_never_run(live_server, page, check_page, verified):
    cycle = factories.CycleFactory(state=CycleState.OPEN)
    nomination = factories.NominationFactory(cycle=cycle)
    verified(nomination.nominator)
    dialogs = watched(page)

    # The nominator types the payloads into the form and opens the review.
    signed_in(page, live_server.url, nomination.nominator.email, check_page)
    page.goto(f"{live_server.url}/nominations/{nomination.pk}/edit/")
    page.get_by_label("Legal name").fill(f"Freedom Network {PAYLOAD}")
    page.get_by_label("Summary").fill(f"Built a network. {PAYLOAD}")
    page.get_by_label("Suggested citation").fill(f"for its network {PAYLOAD}")
    page.get_by_role("button", name="Save and review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review your nomination")
    expect(page.get_by_text(f"Built a network. {PAYLOAD}")).to_be_visible()
    check_page("nominator review with payloads")
    assert_no_script_ran(page, dialogs)
    nomination.refresh_from_db()
    assert nomination.summary == f"Built a network. {PAYLOAD}"

    # The nomination goes on to panel review with one assigned panelist.
    Nomination.objects.filter(pk=nomination.pk).update(
        state=NominationState.IN_REVIEW,
        sequence=1,
        reference=f"PA-{cycle.award_year}-0001",
        submitted_at=timezone.now(),
    )
    Cycle.objects.filter(pk=cycle.pk).update(state=CycleState.REVIEW)
    seat = factories.seat(cycle)
    Assignment.objects.create(nomination=nomination, member=seat)
    verified(seat.user)

    # The panelist writes a payload into the review's strengths and reads it all back.
    signed_in(page, live_server.url, seat.user.email, check_page)
    url = f"{live_server.url}/review/nominations/{nomination.pk}/"
    page.goto(url)
    page.get_by_label("Strengths").fill(f"Strong. {PAYLOAD}")
    with page.expect_navigation():
        page.get_by_role("button", name="Save draft").click()
    page.goto(url)
    expect(page.get_by_label("Strengths")).to_have_value(f"Strong. {PAYLOAD}")
    expect(page.get_by_text(f"Built a network. {PAYLOAD}")).to_be_visible()
    htmx_settled(page)
    check_page("scoring page with payloads")
    assert_no_script_ran(page, dialogs)
    assert Review.objects.get().strengths == f"Strong. {PAYLOAD}"

    # Staff see all of it on the nomination page.
    staff = verified(factories.award_staff())
    signed_in(page, live_server.url, staff.email, check_page)
    page.goto(f"{live_server.url}/staff/nominations/{nomination.pk}/")
    expect(page.get_by_text(f"Built a network. {PAYLOAD}")).to_be_visible()
    check_page("staff nomination page with payloads")
    assert_no_script_ran(page, dialogs)
