"""Award staff vet nominations in the browser: start vetting, record the checklist and
clear one, return one for information, mark one ineligible with an edited notice.
axe-core and the CSP check run on every page."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from nominations.models import Nomination
from nominations.states import CycleState, NominationState
from tests import factories
from tests.browser.conftest import htmx_settled
from tests.browser.test_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_detail(page: Page, base_url: str, nomination: Nomination, check_page) -> None:
    page.goto(f"{base_url}/staff/nominations/")
    page.get_by_role("link", name=nomination.reference, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(nomination.reference)
    check_page(f"staff detail {nomination.reference}")


def start_vetting(page: Page, nomination: Nomination, check_page) -> None:
    page.get_by_role("button", name="Start vetting").click()
    expect(page.locator(".usa-alert--success")).to_be_visible()
    check_page(f"staff detail {nomination.reference}, vetting")


def test_staff_vet_clear_return_and_mark_ineligible(live_server, page, check_page, verified):
    cycle = factories.CycleFactory(state=CycleState.CLOSED, award_year=2031)
    to_clear, to_return, to_refuse = (
        factories.nomination_in(NominationState.SUBMITTED, cycle=cycle) for _ in range(3)
    )
    staff = verified(factories.award_staff())
    sign_in(page, live_server.url, staff.email, check_page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Award staff")

    # Clear: every required check passed and signed.
    open_detail(page, live_server.url, to_clear, check_page)
    start_vetting(page, to_clear, check_page)
    expect(page.get_by_role("button", name="Clear for the panel")).to_be_disabled()
    for item in cycle.checklist_items.filter(required=True):
        row = page.locator(f"#check-{item.pk}")
        row.get_by_text("Pass", exact=True).click()
        row.get_by_role("button", name="Save this check").click()
        htmx_settled(page)
    check_page("checklist passed")
    page.reload()
    page.get_by_role("button", name="Clear for the panel").click()
    expect(page.locator(".usa-alert--success")).to_be_visible()
    check_page("cleared")
    assert Nomination.objects.get(pk=to_clear.pk).state == NominationState.CLEARED

    # Return for more information, with a message and a due date.
    open_detail(page, live_server.url, to_return, check_page)
    start_vetting(page, to_return, check_page)
    page.get_by_role("link", name="Return for information").click()
    check_page("return form")
    page.get_by_label("Message to the nominator").fill("Please add the dates of the trainings.")
    due = timezone.localdate() + dt.timedelta(days=14)
    page.get_by_label("Response due date").fill(due.isoformat())
    page.get_by_role("button", name="Return to the nominator").click()
    expect(page.locator(".usa-alert--success")).to_be_visible()
    check_page("returned")
    returned = Nomination.objects.get(pk=to_return.pk)
    assert (returned.state, returned.info_request, returned.info_due_date) == (
        NominationState.RETURNED,
        "Please add the dates of the trainings.",
        due,
    )

    # Mark ineligible: the notice is prefilled from the reason, edited, then sent.
    open_detail(page, live_server.url, to_refuse, check_page)
    start_vetting(page, to_refuse, check_page)
    page.get_by_role("link", name="Mark ineligible").click()
    check_page("ineligible form")
    page.get_by_label("Reason the nomination is not eligible").fill(
        "The work falls outside the performance window."
    )
    page.get_by_role("button", name="Prepare the notice").click()
    notice = page.get_by_label("Notice to the nominator")
    expect(notice).to_contain_text("The work falls outside the performance window.")
    check_page("ineligible notice")
    notice.fill("Dear nominator, the work falls outside the performance window. Thank you.")
    page.get_by_role("button", name="Mark ineligible and send the notice").click()
    expect(page.locator(".usa-alert--success")).to_be_visible()
    check_page("ineligible")
    assert Nomination.objects.get(pk=to_refuse.pk).state == NominationState.INELIGIBLE
    sent = [m for m in mail.outbox if m.to == [to_refuse.nominator.email]]
    assert sent[-1].body == (
        "Dear nominator, the work falls outside the performance window. Thank you."
    )
