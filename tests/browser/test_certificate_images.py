"""The certificate signature and seal page in the browser: a PNG uploaded through the
file input shows as its preview, and a renamed text file is refused beside its field.
axe-core and the CSP check run on every page."""

import pytest
from playwright.sync_api import expect

from nominations.states import CycleState
from tests import factories
from tests.browser.test_journeys import sign_in
from tests.core.image_samples import png

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_upload_a_signature_see_its_preview_and_a_refusal_beside_the_seal_field(
    live_server, page, check_page, verified, tmp_path
):
    staff = verified(factories.award_staff())
    cycle = factories.CycleFactory(state=CycleState.SELECTION)
    signature = tmp_path / "signature.png"
    signature.write_bytes(png())
    renamed = tmp_path / "seal.png"
    renamed.write_bytes(b"Notes for the ceremony, saved with the wrong name.\n")

    sign_in(page, live_server.url, staff.email, check_page)
    page.goto(f"{live_server.url}/staff/cycles/{cycle.pk}/")
    page.get_by_role("link", name="Certificate signature and seal").click()
    check_page("certificate signature and seal, none yet")

    page.locator("#id_signature-image").set_input_files(signature)
    page.get_by_role("button", name="Upload the image").first.click()
    expect(
        page.get_by_role("img", name="The signatory's signature as it prints on certificates")
    ).to_be_visible()
    check_page("certificate signature and seal, signature uploaded")

    page.locator("#id_seal-image").set_input_files(renamed)
    page.get_by_role("button", name="Upload the image").click()
    expect(page.locator("#id_seal-image-error")).to_have_text(
        "This file is not a PNG or JPEG image. Save or export the image as PNG, then upload "
        "it again."
    )
    check_page("certificate signature and seal, seal refused")
