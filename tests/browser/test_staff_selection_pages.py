"""The working pages of staff and the selecting official, in the browser (issue 15):
the staff nomination page puts the actions and the vetting checklist in the first
screenful, with the diff of a response below; the selection page links each slate entry
to its entry in the decision memo and summarizes the decision before it is signed.
axe-core and the CSP check run on every page."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from nominations.services.drafts import nomination_update_draft
from nominations.services.nomination import (
    nomination_resubmit,
    nomination_return_for_info,
    nomination_start_vetting,
)
from nominations.services.versions import nomination_version_record
from nominations.states import CycleState, NominationState
from tests import factories
from tests.browser.test_journeys import sign_in
from tests.selection.test_slate import slate_cycle

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_nomination_page_shows_the_checklist_in_the_first_screenful(
    live_server, page, check_page, verified
):
    staff = verified(factories.award_staff())
    nomination = factories.nomination_in(
        NominationState.SUBMITTED, cycle=factories.CycleFactory(state=CycleState.CLOSED)
    )
    nominator = nomination.nominator
    paragraphs = [
        f"Paragraph {index}: " + "the network trained shelters. " * 20 for index in range(4)
    ]
    type(nomination).objects.filter(pk=nomination.pk).update(summary="\n\n".join(paragraphs))
    nomination.refresh_from_db()
    nomination_version_record(nomination=nomination, actor=nominator, reason="submit")
    nomination_start_vetting(nomination=nomination, actor=staff)
    nomination_return_for_info(
        nomination=nomination,
        actor=staff,
        message="Please add the 2022 figures.",
        due_date=timezone.localdate(timezone=nomination.cycle.zone) + dt.timedelta(days=7),
    )
    paragraphs[2] = paragraphs[2].replace("Paragraph 2:", "Paragraph 2, with 2022 figures:")
    nomination_update_draft(nomination=nomination, actor=nominator, summary="\n\n".join(paragraphs))
    nomination_resubmit(nomination=nomination, actor=nominator)

    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page, live_server.url, staff.email, check_page)
    page.goto(f"{live_server.url}/staff/nominations/{nomination.pk}/")

    expect(page.locator("#actions-heading")).to_be_in_viewport()
    expect(page.locator("#checklist-heading")).to_be_in_viewport()
    expect(page.locator("#info-request-heading")).to_have_text("Information requested: answered")
    # The blocked move is as wide as its label, its reasons beside it.
    blocked = page.get_by_role("button", name="Clear for the panel")
    expect(blocked).to_be_disabled()
    button_box = blocked.bounding_box()
    reasons_box = page.locator("#why-not-clear").bounding_box()
    assert button_box["width"] < 250
    assert reasons_box["x"] > button_box["x"] + button_box["width"]
    # The diff shows the one changed paragraph and counts the others.
    versions = page.locator(".site-diff")
    expect(versions.locator(".site-diff__unchanged")).to_have_text(
        ["2 unchanged paragraphs", "1 unchanged paragraph"]
    )
    expect(versions.locator(".site-diff__paragraph")).to_have_count(1)
    expect(versions.locator("ins")).to_contain_text("with 2022 figures")
    check_page("staff nomination page, answered request")


def test_selection_page_links_the_memo_and_summarizes_before_signing(
    live_server, page, check_page, verified
):
    cycle, [first, second] = slate_cycle([5, 2], cap=1)
    official = verified(factories.selecting_official(full_name="Avery Quinn"))

    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page, live_server.url, official.email, check_page)
    page.goto(f"{live_server.url}/selection/")
    check_page("selection page")
    note = page.locator(".site-slate__note").first
    assert note.bounding_box()["width"] > 400  # the note reads across the table

    page.get_by_role("link", name=f"In the decision memo for {first.reference}").click()
    expect(page).to_have_url(
        f"{live_server.url}/staff/cycles/{cycle.pk}/decision-memo/#memo-{first.reference}"
    )
    expect(page.locator(f"#memo-{first.reference}")).to_be_in_viewport()
    check_page("decision memo from the selection page")

    page.go_back()
    page.locator(f'label[for="select-{second.pk}"]').click()
    page.get_by_role("button", name="Review the decision before signing").click()
    expect(page.get_by_role("heading", name="Check your decision before you sign")).to_be_visible()
    expect(page.locator("#expected-name")).to_have_text(
        "Type your full name as it appears on your account: Avery Quinn."
    )
    check_page("selection summary")
