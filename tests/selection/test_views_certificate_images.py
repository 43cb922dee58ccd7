"""The certificate signature and seal page: previews, uploads checked by content with the
refusal next to the field, removal, the sample certificate, and who may reach them."""

import io

import pytest
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from core.models import AuditEvent
from core.uploaded_images import NOT_AN_IMAGE, SVG_REFUSED
from nominations.models import AwardProgram, Cycle
from selection.selectors.certificates import SAMPLE_RECIPIENT, SAMPLE_WATERMARK
from selection.services.certificate_images import (
    cycle_signature_image_upload,
    program_seal_image_upload,
)
from tests import factories
from tests.core.image_samples import png, seal_png
from tests.core.pdf_samples import HTML, SVG, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


def page_url(cycle) -> str:
    return reverse("selection:certificate_images", args=[cycle.pk])


def upload_url(cycle, which: str) -> str:
    return reverse("selection:certificate_image_upload", args=[cycle.pk, which])


def remove_url(cycle, which: str) -> str:
    return reverse("selection:certificate_image_remove", args=[cycle.pk, which])


def file_url(cycle, which: str) -> str:
    return reverse("selection:certificate_image_file", args=[cycle.pk, which])


def sample_url(cycle) -> str:
    return reverse("selection:certificate_sample", args=[cycle.pk])


def test_the_cycle_page_links_to_the_signature_and_seal_page(staff_client):
    cycle = factories.cycle_in("selection")

    response = staff_client.get(reverse("nominations:staff_cycle", args=[cycle.pk]))

    assert page_url(cycle) in response.content.decode()


def test_the_page_offers_an_upload_for_each_image_and_no_preview_yet(staff_client):
    cycle = factories.cycle_in("selection")

    response = staff_client.get(page_url(cycle))

    content = response.content.decode()
    assert response.status_code == 200
    assert content.count("None yet.") == 2
    assert 'name="signature-image"' in content and 'name="seal-image"' in content
    assert file_url(cycle, "signature") not in content


def test_a_good_png_is_saved_previewed_and_served_to_staff_as_png(staff_client):
    cycle = factories.cycle_in("selection")

    response = staff_client.post(
        upload_url(cycle, "signature"),
        {"signature-image": upload(png(), "signature.png", "image/png")},
    )

    assert response.status_code == 302
    assert response["Location"] == page_url(cycle)
    assert Cycle.objects.get(pk=cycle.pk).signature_image.name.endswith(".png")
    assert (
        f'src="{file_url(cycle, "signature")}"'
        in staff_client.get(page_url(cycle)).content.decode()
    )
    image = staff_client.get(file_url(cycle, "signature"))
    assert image["Content-Type"] == "image/png"
    assert image["X-Content-Type-Options"] == "nosniff"
    assert Image.open(io.BytesIO(image.content)).size == (480, 120)


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"Dear committee,\n", "signature.png", NOT_AN_IMAGE),
        (SVG, "seal.svg", SVG_REFUSED),
        (HTML, "seal.png", NOT_AN_IMAGE),
    ],
    ids=["renamed text", "svg", "html"],
)
@pytest.mark.parametrize("which", ["signature", "seal"])
def test_a_refused_file_is_explained_next_to_its_field_and_changes_nothing(
    staff_client, media_root, which, data, name, message
):
    cycle = factories.cycle_in("selection")
    events = AuditEvent.objects.count()

    response = staff_client.post(
        upload_url(cycle, which), {f"{which}-image": upload(data, name, "image/png")}
    )

    assert response.status_code == 200
    [form] = [image["form"] for image in response.context["images"] if image["which"] == which]
    assert form.errors == {"image": [message]}
    content = response.content.decode()
    assert f'id="id_{which}-image-error"' in content and message in content
    assert Cycle.objects.get(pk=cycle.pk).signature_image.name == ""
    assert AwardProgram.objects.get(pk=cycle.program_id).seal_image.name == ""
    assert AuditEvent.objects.count() == events
    assert not media_root.exists() or not any(path.is_file() for path in media_root.rglob("*"))


def test_an_upload_without_a_file_asks_for_one(staff_client):
    cycle = factories.cycle_in("selection")

    response = staff_client.post(upload_url(cycle, "seal"), {})

    [form] = [image["form"] for image in response.context["images"] if image["which"] == "seal"]
    assert form.errors == {"image": ["Choose a PNG or JPEG image to upload."]}


def test_remove_takes_the_image_off(staff_client, staff):
    cycle = factories.cycle_in("selection")
    program_seal_image_upload(
        program=cycle.program, actor=staff, uploaded_file=upload(seal_png(), "s.png", "image/png")
    )

    response = staff_client.post(remove_url(cycle, "seal"))

    assert response.status_code == 302
    assert AwardProgram.objects.get(pk=cycle.program_id).seal_image.name == ""
    assert staff_client.get(file_url(cycle, "seal")).status_code == 404


def test_the_sample_certificate_carries_both_images_and_says_it_is_a_sample(staff_client, staff):
    cycle = factories.cycle_in("selection")
    cycle_signature_image_upload(
        cycle=cycle, actor=staff, uploaded_file=upload(png(), "s.png", "image/png")
    )
    program_seal_image_upload(
        program=cycle.program, actor=staff, uploaded_file=upload(seal_png(), "e.png", "image/png")
    )

    response = staff_client.get(sample_url(cycle))

    assert response["Content-Type"] == "application/pdf"
    page = PdfReader(io.BytesIO(response.content)).pages[0]
    text = " ".join(page.extract_text().split())
    assert SAMPLE_RECIPIENT in text and SAMPLE_WATERMARK in text
    images = [
        item
        for item in page["/Resources"]["/XObject"].values()
        if item.get_object()["/Subtype"] == "/Image"
    ]
    assert len(images) == 2


def test_an_archived_cycle_shows_the_signature_without_a_form(staff_client):
    cycle = factories.cycle_in("archived")

    content = staff_client.get(page_url(cycle)).content.decode()

    assert "can no longer change" in content
    assert 'name="signature-image"' not in content
    assert 'name="seal-image"' in content


def test_an_unknown_image_is_not_found(staff_client):
    cycle = factories.cycle_in("selection")

    assert staff_client.post(upload_url(cycle, "logo"), {}).status_code == 404


@pytest.mark.parametrize("role", ["nominator", "panelist", "selecting_official"])
@pytest.mark.parametrize("page", ["page", "upload", "remove", "file", "sample"])
def test_other_roles_are_refused_and_the_denial_audited(client, staff, role, page):
    cycle = factories.cycle_in("selection")
    cycle_signature_image_upload(
        cycle=cycle, actor=staff, uploaded_file=upload(png(), "s.png", "image/png")
    )
    stored = Cycle.objects.get(pk=cycle.pk).signature_image.name
    client.force_login(getattr(factories, role)())
    events = AuditEvent.objects.count()
    method, url, data = {
        "page": ("get", page_url(cycle), {}),
        "upload": ("post", upload_url(cycle, "signature"), {"signature-image": upload(png())}),
        "remove": ("post", remove_url(cycle, "signature"), {}),
        "file": ("get", file_url(cycle, "signature"), {}),
        "sample": ("get", sample_url(cycle), {}),
    }[page]

    response = getattr(client, method)(url, data)

    assert response.status_code == 403
    assert Cycle.objects.get(pk=cycle.pk).signature_image.name == stored
    assert AuditEvent.objects.count() == events + 1
    assert AuditEvent.objects.latest("pk").action == "page.denied"
