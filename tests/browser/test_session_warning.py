"""The session warning (WCAG 2.2.1): a few minutes before a session ends, a dialog says
so and offers to stay signed in; at the end it says the session has ended.

Each test signs in, then moves the session's sign-in time back so that the end is close,
as the clock would read hours later.
"""

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from playwright.sync_api import Page, expect

from accounts.authentication import SIGNED_IN_AT_SESSION_KEY
from accounts.roles import Role
from tests import factories
from tests.browser.conftest import PASSWORD
from tests.browser.test_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def leave_seconds(page: Page, seconds: int) -> None:
    """Make the browser's session end `seconds` from now."""
    cookie = next(c for c in page.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME)
    session = SessionStore(session_key=cookie["value"])
    signed_in = session[SIGNED_IN_AT_SESSION_KEY]
    session[SIGNED_IN_AT_SESSION_KEY] = signed_in - (settings.AWARDS_SESSION_MAX_AGE - seconds)
    session.save()


@pytest.fixture
def nominator_signed_in(live_server, page: Page, check_page, verified):
    user = verified(factories.UserFactory(roles=[Role.NOMINATOR], email="ana@example.org"))
    sign_in(page, live_server.url, user.email, check_page)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    return user


def test_the_warning_opens_before_the_end_and_stay_signed_in_restarts_the_clock(
    live_server, page: Page, check_page, nominator_signed_in
):
    leave_seconds(page, 4 * 60)
    page.goto(f"{live_server.url}/my/nominations/")

    dialog = page.get_by_role("dialog", name="Your session is about to end")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("heading")).to_be_focused()
    expect(dialog).to_contain_text("you will be signed out in 4 minutes")
    expect(dialog).to_contain_text("you then have another 8 hours")
    check_page("session warning")

    dialog.get_by_role("link", name="Stay signed in").click()
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()

    expect(page).to_have_url(f"{live_server.url}/my/nominations/")
    expect(page.get_by_role("dialog")).to_have_count(0)
    seconds_left = int(page.locator("#session-warning").get_attribute("data-seconds-left"))
    assert settings.AWARDS_SESSION_MAX_AGE - 60 < seconds_left <= settings.AWARDS_SESSION_MAX_AGE


def test_not_now_closes_the_warning_and_gives_focus_back(
    live_server, page: Page, check_page, nominator_signed_in
):
    leave_seconds(page, 5 * 60 + 3)  # the warning opens 3 seconds after the page
    page.goto(f"{live_server.url}/my/nominations/")
    skip_link = page.get_by_role("link", name="Skip to main content")
    skip_link.focus()
    dialog = page.get_by_role("dialog", name="Your session is about to end")
    expect(dialog).to_be_visible(timeout=10_000)

    page.keyboard.press("Tab")  # from the heading to "Stay signed in", then "Not now"
    page.keyboard.press("Tab")
    expect(dialog.get_by_role("button", name="Not now")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(skip_link).to_be_focused()


def test_at_the_end_the_dialog_says_the_session_ended_and_links_to_sign_in(
    live_server, page: Page, check_page, nominator_signed_in
):
    leave_seconds(page, 3)
    page.goto(f"{live_server.url}/my/nominations/")
    expect(page.get_by_role("dialog", name="Your session is about to end")).to_be_visible()

    ended = page.get_by_role("dialog", name="Your session has ended")
    expect(ended).to_be_visible(timeout=10_000)
    expect(ended.get_by_role("heading")).to_be_focused()
    check_page("session ended")

    ended.get_by_role("link", name="Sign in again").click()
    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=%2Fmy%2Fnominations%2F")


def test_no_warning_for_a_visitor_who_is_not_signed_in(live_server, page: Page):
    page.goto(live_server.url)

    expect(page.locator("#session-warning")).to_have_count(0)
