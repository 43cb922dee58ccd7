"""Two pages in the browser, with axe-core and the CSP check on each state: staff build a
cycle's records package and find its download; the public checks a certificate's PDF and
reads the verdict, and a file that is no PDF is refused beside its field."""

import pytest
from playwright.sync_api import expect

from nominations.states import CycleState
from selection.services.certificates import certificate_issue
from tests import factories
from tests.browser.test_journeys import sign_in
from tests.selection.test_views_certificates import selected

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_build_a_records_package_and_see_its_download(
    live_server, page, check_page, verified
):
    staff = verified(factories.award_staff())
    cycle = factories.review_cycle(nominations=2, panelists=1, criteria=1)

    sign_in(page, live_server.url, staff.email, check_page)
    page.goto(f"{live_server.url}/staff/cycles/{cycle.pk}/")
    page.get_by_role("link", name="Records packages").click()
    check_page("records packages, none yet")

    page.get_by_role("button", name="Build a records package").click()
    expect(page.get_by_role("link", name="Download the package of")).to_be_visible()
    expect(page.locator(".usa-tag")).to_have_text("Ready")
    check_page("records packages, one ready")


def test_the_public_check_a_certificate_file_and_a_file_that_is_no_pdf(
    live_server, page, check_page, tmp_path
):
    staff = factories.award_staff()
    nomination = selected(staff)
    certificate = certificate_issue(nomination=nomination, actor=staff)
    type(nomination.cycle).objects.filter(pk=nomination.cycle_id).update(state=CycleState.ANNOUNCED)
    issued = tmp_path / "certificate.pdf"
    with certificate.file.open("rb") as handle:
        issued.write_bytes(handle.read())
    text = tmp_path / "notes.pdf"
    text.write_bytes(b"Notes, not a PDF.\n")

    page.goto(f"{live_server.url}/verify/")
    check_page("verify a certificate")

    page.locator("#id_file").set_input_files(issued)
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", level=2).first).to_have_text(
        f"This is certificate {certificate.serial}, as issued."
    )
    check_page("verify a certificate, the issued file")

    page.locator("#id_file").set_input_files(text)
    page.get_by_role("button", name="Check the file").click()
    expect(page.locator("#id_file-error")).to_have_text(
        "This file is not a PDF. Choose the certificate's PDF file as you received it."
    )
    check_page("verify a certificate, not a PDF")


def test_a_nominator_opens_your_records_and_downloads_them(live_server, page, check_page, verified):
    nominator = verified(factories.nominator())
    factories.nomination_in("submitted", nominator=nominator)

    sign_in(page, live_server.url, nominator.email, check_page)
    page.get_by_role("link", name="Your records").click()
    check_page("your records")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download your records").click()
    assert download.value.suggested_filename.startswith("your-records-")
    assert download.value.suggested_filename.endswith(".zip")


def test_a_request_about_records_is_sent_refused_beside_its_field_and_answered(
    live_server, page, check_page, verified
):
    nominator = verified(factories.nominator())
    staff = verified(factories.award_staff())

    sign_in(page, live_server.url, nominator.email, check_page)
    page.goto(f"{live_server.url}/account/records/")
    page.get_by_label("Details").fill("My title is Director now.")
    page.get_by_role("button", name="Send the request").click()
    expect(page.locator("#id_kind-error")).to_have_text("Choose what you are asking for.")
    expect(page.get_by_label("Details")).to_have_value("My title is Director now.")
    check_page("your records, request refused")
    page.locator("label[for=id_kind_1]").click()
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_text("Your request is sent.")).to_be_visible()
    check_page("your records, request sent")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, live_server.url, staff.email, check_page)
    page.goto(f"{live_server.url}/staff/record-requests/")
    check_page("requests about people's records")
    page.get_by_role("link", name="Correct a record").click()
    page.get_by_label("Answer").fill("Corrected.")
    page.get_by_role("button", name="Send the answer").click()
    expect(page.get_by_text("The answer is sent to the requester.")).to_be_visible()
    check_page("requests about people's records, answered")
