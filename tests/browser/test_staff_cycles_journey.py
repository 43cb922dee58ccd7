"""Award staff set up a cycle in the browser: settings, rubric, checklist, open; then the
outbox. axe-core and the CSP check run on every page."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from nominations.models import Cycle, OutboxMessage
from nominations.states import CycleState
from tests import factories
from tests.browser.test_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_set_up_a_cycle_and_open_it(live_server, page, check_page, verified):
    factories.AwardProgramFactory()
    staff = verified(factories.award_staff())
    OutboxMessage.objects.create(
        to=["ana@example.org"], subject="Nomination PA-2031-0001 received", body="Thank you."
    )
    sign_in(page, live_server.url, staff.email, check_page)
    opens = timezone.localdate() + dt.timedelta(days=1)
    deadline = opens + dt.timedelta(days=60)

    page.goto(f"{live_server.url}/staff/cycles/")
    check_page("cycles list, empty")
    page.get_by_role("link", name="Set up a new cycle").click()
    check_page("new cycle form")
    page.get_by_label("Award year").fill(str(opens.year + 1))
    page.get_by_label("Award cap").fill("9")
    page.get_by_role("button", name="Set up the cycle").click()
    expect(page.locator("#id_award_cap-error")).to_have_text(
        "The award cap cannot be more than the program's cap of 5."
    )
    check_page("new cycle form with errors")

    page.get_by_label("Award cap").fill("5")
    page.get_by_label("Nominations open").fill(f"{opens.isoformat()}T09:00")
    page.get_by_label("Nomination deadline").fill(f"{deadline.isoformat()}T17:00")
    page.get_by_label("Performance window starts").fill(f"{opens.year - 1}-01-01")
    page.get_by_label("Performance window ends").fill(f"{opens.year - 1}-12-31")
    page.get_by_role("button", name="Set up the cycle").click()
    expect(page.locator("#blockers-open")).to_contain_text("The rubric has no criteria.")
    check_page("cycle page with blockers")

    page.get_by_role("link", name="Add a criterion").click()
    page.get_by_label("Name").fill("Impact")
    page.get_by_label("Weight").fill("1")
    check_page("rubric criterion form")
    page.get_by_role("button", name="Save the criterion").click()
    page.get_by_role("link", name="Add an item").click()
    page.get_by_label("What to check").fill("Nominee type allowed by the statute")
    check_page("checklist item form")
    page.get_by_role("button", name="Save the checklist item").click()
    expect(page.locator("#blockers-open")).to_have_count(0)

    page.get_by_role("button", name="Open for nominations").click()
    expect(page.get_by_role("button", name="Close nominations")).to_be_visible()
    check_page("cycle page, open")
    assert Cycle.objects.get().state == CycleState.OPEN

    page.goto(f"{live_server.url}/staff/outbox/")
    expect(page.get_by_text("Nomination PA-2031-0001 received", exact=True)).to_be_visible()
    check_page("outbox")
