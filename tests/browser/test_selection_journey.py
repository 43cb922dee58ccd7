"""From the panel's ranking to the public announcement, in the browser.

Staff advance two nominations to the slate with briefing notes and set one aside, send
the slate for selection and download the decision memo; the selecting official picks
the second-ranked nomination, is asked for a justification, gives it and signs; staff
write and approve its citations and announce; the public sees the recipient, the
published statement and the certificate's verification page. axe-core and the CSP check
run on every page.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from nominations.models import Certificate, SelectionDecision
from nominations.states import CycleState, NominationState
from tests import factories
from tests.browser.test_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()


def choose(page: Page, nomination) -> None:
    """Tick a USWDS checkbox the way a person does: its label (the input is hidden)."""
    if not page.get_by_label(f"Select {nomination.reference}").is_checked():
        page.locator(f'label[for="select-{nomination.pk}"]').click()


def test_slate_to_public_announcement(live_server, page, check_page, verified):
    cycle = factories.review_cycle(nominations=3, panelists=2, criteria=1)
    cycle.signatory_name = "Antony J. Blinken"
    cycle.presentation_place = "Washington, DC"
    cycle.save()
    first, second, third = cycle.nominations.order_by("sequence")
    for nomination, overall in ((first, 2), (second, 3), (third, 6)):
        for member in cycle.panel.members.all():
            factories.review_of(nomination, member, overall=overall)
    staff = verified(factories.award_staff())
    official = verified(factories.selecting_official(full_name="Avery Quinn"))
    base = live_server.url

    # Staff build the slate from the ranking.
    sign_in(page, base, staff.email, check_page)
    page.goto(f"{base}/staff/cycles/{cycle.pk}/")
    page.get_by_role("link", name="Slate", exact=True).click()
    check_page("slate")
    for nomination in (first, second):
        page.get_by_role("link", name=f"Decide on {nomination.reference}").click()
        check_page(f"slate entry {nomination.reference}")
        page.get_by_label("Briefing note").fill(
            f"{nomination.nominee.display_name}: a survivor-led network with measured results."
        )
        page.get_by_role("button", name="Advance to the slate").click()
        expect(page.locator(".usa-alert--success")).to_be_visible()
    page.get_by_role("link", name=f"Decide on {third.reference}").click()
    page.get_by_role("button", name="Do not advance").click()
    expect(page.locator(".usa-alert--success")).to_be_visible()
    check_page("slate decided")
    page.goto(f"{base}/staff/cycles/{cycle.pk}/")
    page.get_by_role("link", name="Send the slate for selection…").click()
    check_page("send the slate: what happens")
    page.locator('label[for="id_confirm"]').click()
    page.get_by_role("button", name="Send the slate for selection").click()
    expect(page.locator(".usa-alert--success")).to_be_visible()
    page.get_by_role("link", name="Decision memo").click()
    check_page("decision memo")
    memo = page.request.get(f"{base}/staff/cycles/{cycle.pk}/decision-memo.pdf")
    assert memo.status == 200
    assert memo.body().startswith(b"%PDF")
    sign_out(page)

    # The official picks the second-ranked nomination: a justification is required.
    sign_in(page, base, official.email, check_page)
    page.goto(f"{base}/selection/")
    check_page("selection")
    choose(page, second)
    page.get_by_role("button", name="Review the decision before signing").click()
    expect(
        page.locator(".usa-error-message").filter(has_text="departs from the panel's rank order")
    ).to_be_visible()
    check_page("selection without a justification")
    assert not SelectionDecision.objects.exists()
    choose(page, second)
    page.get_by_label("Justification").fill(
        "Its work reaches survivors in rural counties that no other nominee serves."
    )
    page.get_by_role("button", name="Review the decision before signing").click()
    # The summary before signing: who is selected, who is not, and whose name to type.
    expect(page.locator("#summary-selected")).to_have_text(f"{second.reference}: {second.nominee}")
    expect(page.locator("#summary-not-selected")).to_have_text(
        f"{first.reference}: {first.nominee}"
    )
    expect(page.locator("#expected-name")).to_contain_text("Avery Quinn")
    expect(page.locator("#signatory")).to_contain_text(
        "This cycle’s signatory is Antony J. Blinken"
    )
    check_page("selection summary before signing")
    page.get_by_label("Type your full name to sign the decision").fill("Avery Quinn")
    page.locator('label[for="id_confirm"]').click()
    page.get_by_role("button", name="Sign and record the decision").click()
    expect(page.get_by_role("heading", name="Decided")).to_be_visible()
    check_page("selection decided")
    second.refresh_from_db()
    assert second.state == NominationState.SELECTED
    decision = SelectionDecision.objects.get()
    assert (decision.signed_name, decision.out_of_rank_order) == ("Avery Quinn", True)
    sign_out(page)

    # Staff approve the citations and announce.
    sign_in(page, base, staff.email, check_page)
    page.goto(f"{base}/staff/nominations/{second.pk}/citations/")
    check_page("citations")
    for _kind in ("short", "full"):
        page.get_by_role("button", name=re.compile(r"^Save as version 1")).first.click()
        expect(page.locator(".usa-alert--success")).to_be_visible()
        page.get_by_role("button", name=re.compile("^Approve this version")).first.click()
        expect(page.locator(".usa-alert--success")).to_be_visible()
    check_page("citations approved")
    page.goto(f"{base}/staff/cycles/{cycle.pk}/")
    check_page("cycle ready to announce")
    page.get_by_role("link", name="Announce the recipients…").click()
    check_page("announce: what happens")
    page.locator('label[for="id_confirm"]').click()
    page.get_by_role("button", name="Announce the recipients").click()
    expect(page.locator(".usa-alert--success")).to_be_visible()
    check_page("announced")
    cycle.refresh_from_db()
    assert cycle.state == CycleState.ANNOUNCED
    certificate = Certificate.objects.get(nomination=second)
    sign_out(page)

    # The public sees the recipient, the statement and the certificate.
    page.goto(f"{base}/")
    expect(page.locator("#past-recipients")).to_contain_text(second.nominee.display_name)
    check_page("home with the new recipient")
    page.get_by_role("link", name=f"Read the {cycle.award_year} announcement").click()
    expect(page.locator("main")).to_contain_text(second.nominee.display_name)
    check_page("public announcement")
    page.goto(f"{base}/verify/{certificate.serial}/")
    expect(page.locator("main")).to_contain_text("Valid")
    expect(page.locator("main")).to_contain_text(certificate.sha256)
    check_page("certificate verification")
