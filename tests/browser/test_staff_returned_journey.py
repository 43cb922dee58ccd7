"""Award staff take an overdue nomination back into vetting in the browser, after first
trying without a reason, then mark it ineligible; the cycle's Start panel review stops
naming it. axe-core and the CSP check run on every page."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from nominations.models import Nomination
from nominations.states import CycleState, NominationState
from tests import factories
from tests.browser.test_journeys import sign_in
from tests.browser.test_staff_vetting_journey import open_detail

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_take_an_overdue_return_back_and_decide(live_server, page, check_page, verified):
    cycle = factories.CycleFactory(state=CycleState.CLOSED, award_year=2032)
    overdue = factories.nomination_in(
        NominationState.RETURNED,
        cycle=cycle,
        info_request="Please add the dates of the trainings.",
        info_due_date=timezone.localdate(timezone=cycle.zone) - dt.timedelta(days=3),
    )
    staff = verified(factories.award_staff())
    sign_in(page, live_server.url, staff.email, check_page)

    # The cycle page says what holds up Start panel review, and what staff can do.
    cycle_url = live_server.url + reverse("nominations:staff_cycle", args=[cycle.pk])
    page.goto(cycle_url)
    expect(
        page.get_by_text(
            f"1 nomination is returned for information ({overdue.reference}, response "
            "overdue): take it back into vetting from its page"
        )
    ).to_be_visible()
    check_page("cycle page, blocked by an overdue return")

    open_detail(page, live_server.url, overdue, check_page)
    expect(page.get_by_text("No action is possible")).to_have_count(0)
    expect(page.get_by_role("link", name="Extend the response due date")).to_be_visible()
    page.get_by_role("link", name="Take back into vetting").click()
    check_page("take back form")

    page.get_by_role("button", name="Take back into vetting").click()
    expect(page.locator("#id_reason-error")).to_have_text(
        "Enter the reason for taking the nomination back."
    )
    check_page("take back form with an error")
    assert Nomination.objects.get(pk=overdue.pk).state == NominationState.RETURNED

    page.get_by_label("Reason for taking the nomination back").fill(
        "The response due date passed without an answer."
    )
    page.get_by_role("button", name="Take back into vetting").click()
    expect(page.locator(".usa-alert--success")).to_contain_text("is back in vetting")
    check_page("taken back")
    assert Nomination.objects.get(pk=overdue.pk).state == NominationState.VETTING
    assert [message.subject for message in mail.outbox] == [
        f"Nomination {overdue.reference}: award staff will assess it as it stands"
    ]

    page.get_by_role("link", name="Mark ineligible").click()
    page.get_by_label("Reason the nomination is not eligible").fill("Dates never supplied.")
    page.get_by_role("button", name="Prepare the notice").click()
    check_page("ineligible notice")
    page.get_by_role("button", name="Mark ineligible and send the notice").click()
    expect(page.locator(".usa-alert--success")).to_be_visible()
    assert Nomination.objects.get(pk=overdue.pk).state == NominationState.INELIGIBLE

    page.goto(cycle_url)
    expect(page.get_by_text(f"({overdue.reference}, response overdue)")).to_have_count(0)
