"""The nominator attaches a PDF and asks for a letter; the endorser uploads it through the
emailed link in a separate, signed-out browser; the nominator then sees it received.

Every page is checked with axe-core (WCAG 2.1 A and AA) and for CSP violations.
"""

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from nominations.states import EndorsementState
from tests import factories
from tests.browser.axe import axe_violations, format_violations
from tests.browser.conftest import ENDORSER_LINK as LINK
from tests.browser.conftest import PASSWORD, htmx_settled
from tests.core.pdf_samples import valid_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def check_other_page(page: Page, label: str, csp_messages: list[str]) -> None:
    page.wait_for_load_state("load")
    violations = axe_violations(page)
    assert violations == [], f"axe on {label} ({page.url}):\n{format_violations(violations)}"
    assert csp_messages == [], f"console on {label} ({page.url}): {csp_messages}"


def test_attach_pdf_request_letter_endorser_uploads_nominator_sees_received(
    live_server, page, browser, check_page, verified, tmp_path
):
    user = verified(factories.nominator())
    nomination = factories.NominationFactory(nominator=user, nominator_name="Jordan Lee")
    evidence = tmp_path / "Annual report.pdf"
    evidence.write_bytes(valid_pdf("Annual report"))
    letter = tmp_path / "Letter of support.pdf"
    letter.write_bytes(valid_pdf("I support this nomination."))
    documents = f"{live_server.url}/nominations/{nomination.pk}/documents/"

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(f"{live_server.url}/my/nominations/")

    page.goto(documents)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Documents for")
    check_page("documents, empty")

    page.locator("#attachment-file").set_input_files(str(evidence))
    page.get_by_role("button", name="Upload file").click()
    attached = page.get_by_role("list", name="Attached files")
    expect(attached).to_contain_text("Annual report.pdf")
    expect(page.get_by_role("status")).to_contain_text("“Annual report.pdf” was uploaded.")
    htmx_settled(page)
    check_page("documents, one attachment")

    page.get_by_label("Endorser's full name").fill("Ana Ruiz")
    page.get_by_label("Endorser's email address").fill("ana@partner.example.org")
    page.get_by_label("How they know the nominee").fill("Program partner")
    page.get_by_role("button", name="Send request").click()
    endorsements = page.locator("#nomination-endorsements")
    expect(endorsements.get_by_role("status")).to_contain_text("We emailed Ana Ruiz")
    expect(endorsements.get_by_role("row", name=re.compile("Ana Ruiz"))).to_contain_text(
        "Requested"
    )
    htmx_settled(page)
    check_page("documents, letter requested")

    assert [message.to for message in mail.outbox] == [["ana@partner.example.org"]]
    path = LINK.search(mail.outbox[0].body).group(1)

    endorser_context = browser.new_context()
    endorser = endorser_context.new_page()
    csp_messages: list[str] = []
    endorser.on(
        "console",
        lambda message: (
            csp_messages.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    endorser.on("pageerror", lambda error: csp_messages.append(str(error)))
    endorser.goto(f"{live_server.url}{path}")
    expect(endorser.get_by_role("heading", level=1)).to_have_text("Upload a letter of support")
    expect(endorser.get_by_text("Jordan Lee has nominated")).to_contain_text(
        nomination.nominee.display_name
    )
    expect(endorser.get_by_role("link", name="Sign in")).to_be_visible()
    check_other_page(endorser, "endorser upload", csp_messages)

    endorser.locator("#letter-file").set_input_files(str(letter))
    endorser.get_by_role("button", name="Upload letter").click()
    expect(endorser.get_by_role("heading", level=1)).to_have_text("Thank you for your letter")
    check_other_page(endorser, "endorser thank you", csp_messages)

    endorser.goto(f"{live_server.url}{path}")
    expect(endorser.get_by_role("heading", level=1)).to_have_text("This link has already been used")
    check_other_page(endorser, "endorser link used", csp_messages)
    endorser_context.close()

    page.goto(documents)
    row = page.locator("#nomination-endorsements").get_by_role("row", name=re.compile("Ana Ruiz"))
    expect(row).to_contain_text("Received")
    expect(row.get_by_role("link", name="Download letter from Ana Ruiz")).to_be_visible()
    check_page("documents, letter received")
    assert nomination.endorsement_requests.get().state == EndorsementState.RECEIVED
    assert mail.outbox[-1].to == [user.email]
