"""The nominator's journey in Chromium: the call, signing up, writing with autosave,
submitting, the receipt, withdrawing; and the ways text could have been lost.

Every page visited is checked with axe-core (WCAG 2.1 A and AA) and for CSP violations.
The first journey also attaches a PDF and gets a letter of support from the form page;
the documents page has its own journey (test_endorsement_journey.py).
"""

import datetime as dt
import io
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from nominations.models import Nomination
from nominations.states import NominationState
from tests import factories
from tests.browser.conftest import ENDORSER_LINK, PASSWORD, htmx_settled
from tests.core.pdf_samples import valid_pdf
from tests.nominations import recipients

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "a long enough passphrase 42"
SAVED = re.compile(r"Saved at \d{1,2}:\d{2} [ap]\.m\. [A-Z]{3}\.")
FULL_NAME = re.compile(r"^Full name")


def open_cycle():
    return recipients.open_cycle(deadline=timezone.now() + dt.timedelta(days=20))


def sign_in(page: Page, base_url: str, email: str, check_page, next_path: str = ""):
    page.goto(f"{base_url}/accounts/login/{'?next=' + next_path if next_path else ''}")
    check_page("sign in")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()


def wait_for_save(page: Page) -> None:
    expect(page.locator("#autosave-status")).to_contain_text(SAVED, timeout=10_000)


def fill_required_fields(page: Page) -> None:
    page.get_by_label("Your full name").fill("Nora Nominator")
    page.get_by_label("Your organization or agency").fill("Department of Labor")
    page.get_by_label("Legal name").fill("Centro de los Derechos del Migrante, Inc.")
    page.get_by_label("EIN").fill("123456789")
    page.get_by_label("Contact’s email address").fill("director@cdm.example.org")
    page.get_by_label("Start date").fill("2022-01-01")
    page.get_by_label("End date").fill("2022-12-31")
    page.get_by_text("Particularly innovative efforts").click()
    page.get_by_text("Protection", exact=True).click()
    page.get_by_label("Detailed justification").fill(
        "Over two years the center trained 1,200 first responders."
    )
    page.get_by_label("Suggested citation").fill(
        "for its tireless worker-led advocacy to advance a more just and humane migration process"
    )


def test_sign_up_write_submit_receive_and_withdraw_another(
    live_server, page, browser, check_page, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    cycle = open_cycle()
    page.goto(live_server.url)
    check_page("home")
    page.get_by_role("link", name="Read the call for nominations").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Call for nominations")
    expect(page.get_by_text("Privacy Act statement")).to_be_visible()
    check_page("call for nominations")

    # From "Start a nomination" to the form's first field: the call (1), sign up (2),
    # "Verify your email" (3), the confirmation page (4), the form (5). Before issue 15 the
    # confirmation led to My nominations and its start button (six pages), and the form
    # asked the name again.
    page.get_by_role("link", name="Create an account to nominate").click()
    check_page("sign up")
    page.get_by_label("Your full name").fill("Nora Nominator")
    page.get_by_label("Email").fill("nora@example.org")
    page.get_by_label("Password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Password (again)").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verify Your Email Address")
    check_page("verification sent")
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body).group(0)
    page.goto(live_server.url + re.sub(r"^https?://[^/]+", "", link))
    check_page("confirm email")
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your nomination")
    expect(page.get_by_label("Your full name")).to_have_value("Nora Nominator")
    check_page("nomination form")

    page.get_by_label("Summary").fill(
        "Assisted thousands of migrant workers to defend their rights."
    )
    wait_for_save(page)
    expect(page.locator("#id_summary-count")).to_have_text("9 of 500 words")
    check_page("nomination form, saved")

    page.reload()
    expect(page.get_by_label("Summary")).to_have_value(
        "Assisted thousands of migrant workers to defend their rights."
    )
    check_page("nomination form, reloaded")

    fill_required_fields(page)
    wait_for_save(page)

    # Supporting documents and a letter of support, from the form itself.
    evidence = tmp_path / "Annual report.pdf"
    evidence.write_bytes(valid_pdf("Annual report"))
    page.locator("#attachment-file").set_input_files(str(evidence))
    page.get_by_role("button", name="Upload file").click()
    expect(page.get_by_role("list", name="Attached files")).to_contain_text("Annual report.pdf")
    htmx_settled(page)
    # Keyboard users land on the new message, not on <body>.
    expect(page.locator("#nomination-attachments [role=status]")).to_be_focused()
    check_page("nomination form, attachment uploaded")
    page.get_by_label("Endorser's full name").fill("Ana Ruiz")
    page.get_by_label("Endorser's email address").fill("ana@partner.example.org")
    page.get_by_label("How they know the nominee").fill("Program partner")
    page.get_by_role("button", name="Send request").click()
    endorsements = page.locator("#nomination-endorsements")
    expect(endorsements.get_by_role("status")).to_contain_text("We emailed Ana Ruiz")
    htmx_settled(page)
    expect(endorsements.get_by_role("status")).to_be_focused()
    check_page("nomination form, letter requested")

    (request_email,) = [m for m in mail.outbox if m.to == ["ana@partner.example.org"]]
    letter = tmp_path / "Letter of support.pdf"
    letter.write_bytes(valid_pdf("I support this nomination."))
    endorser_context = browser.new_context()
    endorser = endorser_context.new_page()
    endorser.goto(live_server.url + ENDORSER_LINK.search(request_email.body).group(1))
    expect(endorser.get_by_role("heading", level=1)).to_have_text("Upload a letter of support")
    endorser.locator("#letter-file").set_input_files(str(letter))
    endorser.get_by_role("button", name="Upload letter").click()
    expect(endorser.get_by_role("heading", level=1)).to_have_text("Thank you for your letter")
    endorser_context.close()

    page.reload()
    row = page.locator("#nomination-endorsements").get_by_role("row", name=re.compile("Ana Ruiz"))
    expect(row).to_contain_text("Received")
    check_page("nomination form, letter received")

    page.get_by_role("button", name="Save and review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review your nomination")
    expect(page.get_by_text("Centro de los Derechos del Migrante, Inc.").first).to_be_visible()
    expect(page.get_by_role("list", name="Attached files")).to_contain_text("Annual report.pdf")
    letters = page.get_by_role("region", name="Letters of support")
    expect(letters.get_by_role("term")).to_have_text("Ana Ruiz")
    expect(letters.get_by_role("definition")).to_have_text("Received")
    check_page("review")

    page.get_by_role("button", name="Submit the nomination").click()
    expect(page.get_by_role("heading", name="Nomination received")).to_be_visible()
    nomination = Nomination.objects.get(nominator__email="nora@example.org")
    assert nomination.state == NominationState.SUBMITTED
    expect(page.locator(".site-reference")).to_have_text(nomination.reference)
    check_page("confirmation")
    receipt = mail.outbox[-1]
    assert receipt.subject == f"Nomination {nomination.reference} received"
    ((filename, content, _),) = receipt.attachments
    assert filename == f"nomination-{nomination.reference}.pdf"
    assert nomination.reference in PdfReader(io.BytesIO(content)).pages[0].extract_text()

    page.get_by_role("link", name="View the nomination").click()
    expect(page.get_by_text("Received").first).to_be_visible()
    check_page("read-only view")

    page.goto(f"{live_server.url}/my/nominations/")
    page.get_by_role("button", name=f"Start a nomination for {cycle.award_year}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your nomination")
    page.goto(f"{live_server.url}/my/nominations/")
    check_page("my nominations, two")
    # A draft is deleted, not withdrawn; the submitted one is withdrawn (issue 15).
    page.get_by_role("link", name="Delete draft of the nomination of Unnamed nominee").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Delete the draft nomination")
    check_page("delete draft confirmation")
    page.get_by_role("button", name="Delete draft").click()
    expect(page.get_by_text("You deleted the draft nomination of Unnamed nominee.")).to_be_visible()
    check_page("my nominations after deleting the draft")
    assert list(Nomination.objects.values_list("pk", flat=True)) == [nomination.pk]
    page.get_by_role("link", name=f"Withdraw the nomination of {nomination.nominee}").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Withdraw the nomination")
    check_page("withdraw confirmation")
    page.get_by_label("Why are you withdrawing it?").fill("Sent through my agency.")
    page.get_by_role("button", name="Withdraw the nomination").click()
    check_page("my nominations after withdrawal")
    withdrawn = Nomination.objects.get(state=NominationState.WITHDRAWN)
    assert (withdrawn.pk, withdrawn.withdrawal_reason) == (nomination.pk, "Sent through my agency.")


def test_conditional_fields_word_count_and_field_errors(live_server, page, check_page, verified):
    nomination = factories.NominationFactory(cycle=open_cycle(), summary="")
    user = verified(nomination.nominator)
    sign_in(page, live_server.url, user.email, check_page, f"/nominations/{nomination.pk}/edit/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your nomination")
    expect(page.get_by_label("Legal name")).to_be_visible()
    expect(page.get_by_label(FULL_NAME)).to_be_hidden()

    page.get_by_text("An individual").click()
    expect(page.get_by_label(FULL_NAME)).to_be_visible()
    expect(page.get_by_label("Legal name")).to_be_hidden()
    page.get_by_label(FULL_NAME).fill("Minh Dang")
    page.get_by_text("her", exact=True).click()
    wait_for_save(page)
    check_page("form, individual")

    page.get_by_label("Summary").fill("word " * 502)
    expect(page.locator("#id_summary-count")).to_have_text("502 words: 2 over the limit of 500")
    page.get_by_label("Contact’s email address").fill("not an email")
    page.get_by_label("Contact’s email address").blur()
    error = page.locator("#id_contact_email-error")
    expect(error).to_have_text("Enter a valid email address.", timeout=10_000)
    expect(page.get_by_label("Contact’s email address")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#autosave-status")).to_contain_text("Some fields need a change")
    check_page("form with field errors")

    expect(page.locator("#id_summary-error")).to_contain_text("it has 502 words")
    stored = Nomination.objects.select_related("nominee").get(pk=nomination.pk)
    assert (stored.nominee.kind, stored.nominee.full_name, stored.nominee.possessive) == (
        "individual",
        "Minh Dang",
        "her",
    )
    assert stored.summary.count("word") == 502

    page.reload()
    # The refused email address was never stored; the browser's copy puts it back.
    expect(page.get_by_label("Contact’s email address")).to_have_value("not an email")
    expect(error).to_have_text("Enter a valid email address.", timeout=10_000)
    check_page("form reloaded with the kept value")

    # A full save that finds errors opens with the summary focused.
    page.get_by_role("button", name="Save draft").click()
    summary = page.locator(".site-error-summary")
    expect(summary).to_contain_text("Contact’s email address: Enter a valid email address.")
    expect(summary).to_be_focused()
    check_page("form after a full save with errors")


def test_text_typed_after_the_session_ended_is_saved_after_signing_in_again(
    live_server, page, check_page, verified
):
    nomination = factories.NominationFactory(cycle=open_cycle(), summary="Before.")
    user = verified(nomination.nominator)
    edit_path = f"/nominations/{nomination.pk}/edit/"
    sign_in(page, live_server.url, user.email, check_page, edit_path)
    expect(page.get_by_label("Summary")).to_have_value("Before.")

    page.context.clear_cookies()
    page.get_by_label("Summary").fill("Typed while signed out.")
    status = page.locator("#autosave-status")
    expect(status).to_contain_text("Not saved: you are signed out.", timeout=10_000)
    check_page("form, signed out")
    assert Nomination.objects.get(pk=nomination.pk).summary == "Before."

    status.get_by_role("link", name="Sign in again").click()
    # The sign-in page, not the form still there while the click's navigation starts.
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
    check_page("sign in again")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()

    expect(page).to_have_url(f"{live_server.url}{edit_path}", timeout=10_000)
    expect(page.get_by_label("Summary")).to_have_value("Typed while signed out.", timeout=10_000)
    wait_for_save(page)
    check_page("form, restored and saved")
    assert Nomination.objects.get(pk=nomination.pk).summary == "Typed while signed out."


def test_second_tab_cannot_overwrite_newer_text(live_server, page, check_page, verified):
    nomination = factories.NominationFactory(cycle=open_cycle(), summary="Start.")
    user = verified(nomination.nominator)
    edit_url = f"{live_server.url}/nominations/{nomination.pk}/edit/"
    sign_in(page, live_server.url, user.email, check_page, f"/nominations/{nomination.pk}/edit/")
    other_tab = page.context.new_page()
    other_tab.goto(edit_url)

    page.get_by_label("Summary").fill("Written in the first tab.")
    wait_for_save(page)
    other_tab.get_by_label("Summary").fill("Written in the second tab.")
    expect(other_tab.locator("#autosave-status")).to_contain_text(
        "This draft was changed in another tab or window", timeout=10_000
    )
    assert Nomination.objects.get(pk=nomination.pk).summary == "Written in the first tab."
    check_page("first tab after its save")

    other_tab.get_by_role("link", name="Reload the draft").click()
    notice = other_tab.locator("#restore-notice")
    expect(notice).to_be_visible()
    expect(other_tab.get_by_label("Summary")).to_have_value("Written in the first tab.")
    other_tab.get_by_role("button", name="Put my changes back").click()
    expect(other_tab.get_by_label("Summary")).to_have_value("Written in the second tab.")
    expect(other_tab.locator("#autosave-status")).to_contain_text(SAVED, timeout=10_000)
    assert Nomination.objects.get(pk=nomination.pk).summary == "Written in the second tab."


def test_other_nominator_pages_are_accessible(live_server, page, check_page, verified):
    cycle = open_cycle()
    cycle.pra_control_number = "1405-0001"
    cycle.pra_burden_minutes = 90
    cycle.pra_statement = "An agency may not conduct or sponsor an information collection..."
    cycle.save()
    closed = factories.CycleFactory(program=cycle.program, award_year=2019, state="closed")
    user = verified(factories.nominator())
    incomplete = factories.NominationFactory(cycle=cycle, nominator=user, summary="")
    asked = factories.nomination_in(
        NominationState.RETURNED,
        cycle=cycle,
        nominator=user,
        info_request="Please add the dates of the trainings.",
        info_due_date=timezone.localdate() + dt.timedelta(days=5),
    )

    page.goto(f"{live_server.url}/call/{cycle.pk}/")
    expect(page.get_by_text("Paperwork Reduction Act statement")).to_be_visible()
    check_page("call with PRA block")
    page.goto(f"{live_server.url}/call/{closed.pk}/")
    expect(page.get_by_role("heading", name="Nominations are closed")).to_be_visible()
    check_page("closed call")

    sign_in(page, live_server.url, user.email, check_page)
    page.goto(f"{live_server.url}/nominations/{incomplete.pk}/review/")
    summary = page.get_by_role("alert").filter(has_text="before you submit")
    expect(summary.get_by_role("link", name="Enter a summary.")).to_be_visible()
    expect(summary).to_be_focused()
    check_page("review with problems")
    summary.get_by_role("link", name="Enter a summary.").click()
    expect(page.get_by_label("Summary")).to_be_in_viewport()
    check_page("form at the summary")

    page.goto(f"{live_server.url}/nominations/{asked.pk}/")
    expect(page.get_by_text("Please add the dates of the trainings.")).to_be_visible()
    check_page("returned nomination")
    page.get_by_role("link", name="Respond: update the nomination").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Update nomination {asked.reference}"
    )
    check_page("form, responding")
    page.get_by_role("button", name="Save and review").click()
    page.get_by_role("button", name="Send the requested information").click()
    expect(page.get_by_text("We received the information you sent.")).to_be_visible()
    check_page("after sending the information")
    assert Nomination.objects.get(pk=asked.pk).state == NominationState.VETTING


def test_small_screen_pages_fit_and_the_form_says_where_you_are(
    live_server, page, check_page, verified
):
    cycle = open_cycle()
    user = verified(factories.nominator())
    nomination = factories.NominationFactory(cycle=cycle, nominator=user, summary="")
    factories.nomination_in(NominationState.SUBMITTED, cycle=cycle, nominator=user)
    page.set_viewport_size({"width": 375, "height": 800})
    sign_in(page, live_server.url, user.email, check_page)
    page.wait_for_load_state("load")

    for label, path in [
        ("home, small screen", "/"),
        ("my nominations, small screen", "/my/nominations/"),
        ("nomination form, small screen", f"/nominations/{nomination.pk}/edit/"),
    ]:
        page.goto(live_server.url + path)
        check_page(label)
        # Nothing scrolls sideways at 375 pixels.
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, label

    steps = page.get_by_role("navigation", name="Sections of the nomination")
    expect(steps.locator(".usa-step-indicator__header")).to_have_text(
        re.compile(r"^\s*Section\s+1\s+of 7\s+About you\s*$")
    )
    steps.get_by_text("Go to a section").click()
    expect(steps.locator(".site-step-jump")).to_contain_text("The case (not complete)")
    steps.locator(".site-step-jump").get_by_role("link", name="The case").click()
    expect(page.get_by_label("Summary")).to_be_in_viewport()
    expect(steps.locator(".usa-step-indicator__header")).to_have_text(
        re.compile(r"^\s*Section\s+4\s+of 7\s+The case\s*$")
    )
    expect(steps.locator('[aria-current="step"] a')).to_have_text("The case")
    check_page("nomination form, small screen, at the case")
