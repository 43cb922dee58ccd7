"""Every kind of htmx swap leaves the page accessible and CSP-clean, and a USWDS file
input swapped back in is the USWDS widget again, not the bare browser input.

Before each swap a textarea inside the swapped part is resized by dragging its corner,
as a person would: Chromium writes that as a style attribute, and htmx used to copy it
onto the new element with setAttribute, which the CSP (style-src 'self') refuses.
"""

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from nominations.states import CycleState, NominationState
from tests import factories
from tests.browser.conftest import htmx_settled
from tests.browser.test_journeys import sign_in
from tests.core.pdf_samples import valid_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAVED = re.compile(r"Saved at \d{1,2}:\d{2} [ap]\.m\. [A-Z]{3,4}\.")
ATTACHMENT_WIDGET = "#nomination-attachments .usa-file-input[data-enhanced] .usa-file-input__target"


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def resize(page: Page, textarea: Locator) -> None:
    """Drags the textarea's resize corner down, leaving a style attribute on it."""
    textarea.scroll_into_view_if_needed()
    box = textarea.bounding_box()
    corner_x, corner_y = box["x"] + box["width"] - 2, box["y"] + box["height"] - 2
    page.mouse.move(corner_x, corner_y)
    page.mouse.down()
    page.mouse.move(corner_x, corner_y + 60, steps=5)
    page.mouse.up()
    expect(textarea).to_have_attribute("style", re.compile("height"))


def expect_attachment_widget(page: Page) -> Locator:
    """The attachment input sits in USWDS's drop target, once."""
    expect(page.locator(ATTACHMENT_WIDGET)).to_have_count(1)
    file_input = page.locator(f"{ATTACHMENT_WIDGET} > input#attachment-file")
    expect(file_input).to_have_class("usa-file-input__input")
    expect(page.locator("#attachment-file")).to_have_count(1)
    return file_input


def test_attachment_swaps_keep_the_uswds_file_input(
    live_server, page, check_page, verified, tmp_path
):
    user = verified(factories.nominator())
    nomination = factories.NominationFactory(nominator=user, nominator_name="Jordan Lee")
    report = tmp_path / "Annual report.pdf"
    report.write_bytes(valid_pdf("Annual report"))
    impostor = tmp_path / "Not really.pdf"
    impostor.write_bytes(b"This is plain text, not a PDF.")
    sign_in(page, live_server.url, user.email, check_page)
    expect(page).to_have_url(f"{live_server.url}/my/nominations/")

    page.goto(f"{live_server.url}/nominations/{nomination.pk}/documents/")
    expect_attachment_widget(page)
    check_page("documents")

    # Upload: the section is swapped; the emptied widget is back in it.
    page.locator("#attachment-file").set_input_files(str(report))
    expect(page.locator(".usa-file-input__preview-heading")).to_contain_text("Selected file")
    page.get_by_role("button", name="Upload file").click()
    expect(page.get_by_role("list", name="Attached files")).to_contain_text("Annual report.pdf")
    htmx_settled(page)
    file_input = expect_attachment_widget(page)
    expect(page.locator(".usa-file-input__preview-heading")).to_have_count(0)
    expect(file_input).to_have_js_property("value", "")
    expect(page.locator("#attachment-file")).to_have_attribute(
        "aria-describedby", "attachment-file-hint"
    )
    check_page("documents, uploaded")

    # Refused upload: the widget shows USWDS's preview again (its listeners survived the
    # swap), then carries the server's error in its attributes.
    page.locator("#attachment-file").set_input_files(str(impostor))
    expect(page.locator(".usa-file-input__preview-heading")).to_contain_text("Selected file")
    page.get_by_role("button", name="Upload file").click()
    expect(page.locator("#attachment-file-error")).to_be_visible()
    htmx_settled(page)
    expect_attachment_widget(page)
    expect(page.locator("#attachment-file")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#attachment-file")).to_have_attribute(
        "aria-describedby", "attachment-file-hint attachment-file-error"
    )
    check_page("documents, upload refused")

    # A letter request swaps the letters section.
    page.get_by_label("Endorser's full name").fill("Ana Ruiz")
    page.get_by_label("Endorser's email address").fill("ana@partner.example.org")
    page.get_by_label("How they know the nominee").fill("Program partner")
    page.get_by_role("button", name="Send request").click()
    expect(page.locator("#nomination-endorsements").get_by_role("status")).to_contain_text(
        "We emailed Ana Ruiz"
    )
    htmx_settled(page)
    check_page("documents, letter requested")


def test_nomination_form_autosave_and_upload_swaps(
    live_server, page, check_page, verified, tmp_path
):
    user = verified(factories.nominator())
    nomination = factories.NominationFactory(nominator=user, nominator_name="Jordan Lee")
    report = tmp_path / "Annual report.pdf"
    report.write_bytes(valid_pdf("Annual report"))
    sign_in(page, live_server.url, user.email, check_page)
    expect(page).to_have_url(f"{live_server.url}/my/nominations/")

    page.goto(f"{live_server.url}/nominations/{nomination.pk}/edit/")
    check_page("nomination form")
    page.get_by_label("Summary").fill("Trained 1,200 first responders.")
    expect(page.locator("#autosave-status")).to_contain_text(SAVED, timeout=10_000)
    htmx_settled(page)
    check_page("nomination form, autosaved")

    page.locator("#attachment-file").set_input_files(str(report))
    page.get_by_role("button", name="Upload file").click()
    expect(page.get_by_role("list", name="Attached files")).to_contain_text("Annual report.pdf")
    htmx_settled(page)
    expect_attachment_widget(page)
    check_page("nomination form, uploaded")


def test_checklist_item_swap_on_the_staff_page(live_server, page, check_page, verified, tmp_path):
    cycle = factories.CycleFactory(state=CycleState.CLOSED, award_year=2031)
    nomination = factories.nomination_in(NominationState.SUBMITTED, cycle=cycle)
    item = cycle.checklist_items.filter(required=True).first()
    evidence = tmp_path / "Registry extract.pdf"
    evidence.write_bytes(valid_pdf("Registry extract"))
    staff = verified(factories.award_staff())
    sign_in(page, live_server.url, staff.email, check_page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Award staff")

    page.goto(f"{live_server.url}/staff/nominations/{nomination.pk}/")
    page.get_by_role("button", name="Start vetting").click()
    expect(page.locator(".usa-alert--success")).to_be_visible()
    check_page("staff detail, vetting")

    row = page.locator(f"#check-{item.pk}")
    resize(page, row.locator("textarea"))
    row.get_by_text("Pass", exact=True).click()
    row.locator("textarea").fill("Checked the registry.")
    row.locator('input[type="file"]').set_input_files(str(evidence))
    row.get_by_role("button", name="Save this check").click()
    expect(row.get_by_role("status")).to_be_visible()
    htmx_settled(page)
    expect(row).to_contain_text("Registry extract.pdf")
    check_page("staff detail, check saved")


def test_review_autosave_and_discussion_swaps_on_the_panel_page(
    page, check_page, lone_panelist_scoring
):
    check_page("review page")
    page.get_by_label("Strengths").fill("Clear outcomes.")
    page.get_by_label("Weaknesses").focus()
    expect(page.locator("#review-autosave-status")).to_contain_text("Draft saved at")
    htmx_settled(page)
    check_page("review page, autosaved")

    discussion = page.locator("#discussion")
    resize(page, discussion.get_by_label("Comment"))
    discussion.get_by_label("Comment").fill("The outcomes are well documented.")
    discussion.get_by_role("button", name="Post comment").click()
    comments = discussion.get_by_role("list", name="Comments")
    expect(comments).to_contain_text("The outcomes are well documented.")
    htmx_settled(page)
    check_page("review page, comment posted")

    comments.get_by_role("link", name="Edit your comment").click()
    editing = comments.get_by_label("Comment")
    expect(editing).to_be_visible()
    htmx_settled(page)
    check_page("review page, editing a comment")
    resize(page, editing)
    editing.fill("The outcomes are very well documented.")
    comments.get_by_role("button", name="Save comment").click()
    expect(comments).to_contain_text("The outcomes are very well documented.")
    htmx_settled(page)
    check_page("review page, comment edited")
