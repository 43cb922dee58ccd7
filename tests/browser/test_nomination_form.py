"""The nomination form in Chromium (issue 15): a second tab's changes put back without
undoing what another tab saved, and error-summary links that land on a visible field.

Every page visited is checked with axe-core (WCAG 2.1 A and AA) and for CSP violations.
"""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from nominations.models import Nomination
from tests import factories
from tests.browser.conftest import htmx_settled
from tests.browser.test_nomination_journey import sign_in, wait_for_save
from tests.nominations import recipients

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CONFLICT = "This draft was changed in another tab or window"
SAVED = re.compile(r"Saved at \d{1,2}:\d{2} [ap]\.m\. [A-Z]{3}\.")


def open_cycle():
    return recipients.open_cycle(deadline=timezone.now() + dt.timedelta(days=20))


def test_put_my_changes_back_restores_only_this_tabs_fields(
    live_server, page, check_page, verified
):
    nomination = factories.NominationFactory(
        cycle=open_cycle(), summary="Start.", suggested_citation=""
    )
    user = verified(nomination.nominator)
    edit_path = f"/nominations/{nomination.pk}/edit/"
    sign_in(page, live_server.url, user.email, check_page, edit_path)
    tab_a = page
    expect(tab_a.get_by_label("Summary")).to_have_value("Start.")
    tab_b = page.context.new_page()
    tab_b.goto(live_server.url + edit_path)

    # Tab B changes the summary (field X) and saves it.
    tab_b.get_by_label("Summary").fill("Written in tab B.")
    wait_for_save(tab_b)
    # Tab A, opened before that save, changes the citation (field Y) and is refused.
    citation = "for its survivor-led referral network"
    tab_a.get_by_label("Suggested citation").fill(citation)
    expect(tab_a.locator("#autosave-status")).to_contain_text(CONFLICT, timeout=10_000)
    assert Nomination.objects.get(pk=nomination.pk).suggested_citation == ""

    tab_a.get_by_role("link", name="Reload the draft").click()
    expect(tab_a.locator("#restore-notice")).to_be_visible()
    check_page("form with the restore notice")
    tab_a.get_by_role("button", name="Put my changes back").click()

    expect(tab_a.get_by_label("Suggested citation")).to_have_value(citation)
    expect(tab_a.get_by_label("Summary")).to_have_value("Written in tab B.")
    expect(tab_a.locator("#autosave-status")).to_contain_text(SAVED, timeout=10_000)
    htmx_settled(tab_a)
    check_page("form after putting the changes back")
    stored = Nomination.objects.get(pk=nomination.pk)
    assert (stored.summary, stored.suggested_citation) == ("Written in tab B.", citation)


@pytest.mark.parametrize(
    "viewport", [{"width": 1280, "height": 800}, {"width": 375, "height": 700}]
)
def test_error_summary_link_focuses_the_field_below_the_sticky_bar(
    live_server, page, check_page, verified, viewport
):
    page.set_viewport_size(viewport)
    nomination = factories.NominationFactory(cycle=open_cycle())
    user = verified(nomination.nominator)
    sign_in(page, live_server.url, user.email, check_page, f"/nominations/{nomination.pk}/edit/")
    page.get_by_label("Suggested citation").fill("A citation without its opening")
    page.get_by_label("EIN").fill("123")
    wait_for_save(page)
    page.get_by_role("button", name="Save draft").click()
    summary = page.locator(".site-error-summary")
    expect(summary).to_be_focused()
    check_page("form with an error summary")

    for field_id in ("id_ein", "id_suggested_citation"):
        summary.locator(f'a[href="#{field_id}"]').first.click()
        field = page.locator(f"#{field_id}")
        expect(field).to_be_focused()
        bar = page.locator(".site-form-header").bounding_box()
        group = page.locator(f"#group-{field_id.removeprefix('id_')}")
        label = group.locator("label").bounding_box()
        message = page.locator(f"#{field_id}-error")
        expect(message).to_be_visible()
        message_box = message.bounding_box()
        box = field.bounding_box()
        bar_bottom = bar["y"] + bar["height"]
        # The label, the message and the field are all below the bar and on screen.
        assert label["y"] >= bar_bottom, (field_id, label, bar)
        assert message_box["y"] >= bar_bottom, (field_id, message_box, bar)
        assert bar_bottom <= box["y"] < viewport["height"], (field_id, box, bar)
