"""The certificate's images: uploading, replacing and removing the cycle's signature and
the program's seal; who may; what a refusal leaves; what issued certificates then show."""

import io

import pytest
from PIL import Image
from pypdf import PdfReader

from core.exceptions import IllegalTransition, InvalidUpload, NotPermitted
from core.models import AuditEvent
from core.uploaded_images import NOT_AN_IMAGE, SVG_REFUSED
from nominations.models import AwardProgram, Cycle
from selection.selectors.certificates import certificate_data
from selection.services.certificate_images import (
    cycle_signature_image_remove,
    cycle_signature_image_upload,
    program_seal_image_remove,
    program_seal_image_upload,
)
from selection.services.certificates import certificate_issue
from tests import factories
from tests.core.image_samples import png, seal_png
from tests.core.pdf_samples import SVG, upload

pytestmark = pytest.mark.django_db


def image_upload(data: bytes, name: str = "signature.png"):
    return upload(data, name, "image/png")


def stored_files(media_root) -> list[str]:
    return sorted(
        str(path.relative_to(media_root)) for path in media_root.rglob("*") if path.is_file()
    )


def test_upload_stores_a_png_under_a_generated_name_and_audits_it(staff, media_root):
    cycle = factories.cycle_in("selection")

    cycle_signature_image_upload(cycle=cycle, actor=staff, uploaded_file=image_upload(png()))

    stored = Cycle.objects.get(pk=cycle.pk).signature_image
    assert stored.name.startswith("certificate-images/signature-")
    assert stored.name.endswith(".png")
    assert stored_files(media_root) == [stored.name]
    with stored.open("rb") as handle:
        assert Image.open(handle).size == (480, 120)
    event = AuditEvent.objects.latest("pk")
    assert (event.action, event.actor, event.outcome) == ("cycle.signature_image", staff, "done")
    assert event.data["file"] == stored.name
    assert event.data["pixels"] == "480x120"
    assert event.data["replaced"] == ""


def test_replacing_deletes_the_old_file_once_committed(
    staff, media_root, django_capture_on_commit_callbacks
):
    program = factories.cycle_in("setup").program
    program_seal_image_upload(program=program, actor=staff, uploaded_file=image_upload(seal_png()))
    old = AwardProgram.objects.get(pk=program.pk).seal_image.name

    with django_capture_on_commit_callbacks(execute=True):
        program_seal_image_upload(
            program=program, actor=staff, uploaded_file=image_upload(seal_png(200))
        )

    new = AwardProgram.objects.get(pk=program.pk).seal_image.name
    assert new != old
    assert stored_files(media_root) == [new]
    assert AuditEvent.objects.latest("pk").data["replaced"] == old


def test_remove_clears_the_field_deletes_the_file_and_audits_it(
    staff, media_root, django_capture_on_commit_callbacks
):
    cycle = factories.cycle_in("announced")
    cycle_signature_image_upload(cycle=cycle, actor=staff, uploaded_file=image_upload(png()))
    old = Cycle.objects.get(pk=cycle.pk).signature_image.name

    with django_capture_on_commit_callbacks(execute=True):
        cycle_signature_image_remove(cycle=cycle, actor=staff)

    assert Cycle.objects.get(pk=cycle.pk).signature_image.name == ""
    assert stored_files(media_root) == []
    event = AuditEvent.objects.latest("pk")
    assert (event.action, event.data) == ("cycle.signature_image", {"removed": old})


def test_removing_what_is_not_there_writes_nothing(staff, media_root):
    program = factories.cycle_in("setup").program
    events = AuditEvent.objects.count()

    program_seal_image_remove(program=program, actor=staff)

    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize(
    ("data", "message"),
    [(b"not an image", NOT_AN_IMAGE), (SVG, SVG_REFUSED)],
    ids=["renamed text", "svg"],
)
def test_a_refused_upload_changes_nothing_and_leaves_no_file(staff, media_root, data, message):
    cycle = factories.cycle_in("selection")
    cycle_signature_image_upload(cycle=cycle, actor=staff, uploaded_file=image_upload(png()))
    before = Cycle.objects.get(pk=cycle.pk).signature_image.name
    events = AuditEvent.objects.count()

    with pytest.raises(InvalidUpload) as error:
        cycle_signature_image_upload(cycle=cycle, actor=staff, uploaded_file=image_upload(data))

    assert error.value.message == message
    assert Cycle.objects.get(pk=cycle.pk).signature_image.name == before
    assert stored_files(media_root) == [before]
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize("who", ["nominator", "panelist", "selecting_official"])
def test_only_award_staff_change_the_images(media_root, who):
    cycle = factories.cycle_in("selection")
    actor = getattr(factories, who)()
    events = AuditEvent.objects.count()

    with pytest.raises(NotPermitted):
        cycle_signature_image_upload(cycle=cycle, actor=actor, uploaded_file=image_upload(png()))
    with pytest.raises(NotPermitted):
        program_seal_image_upload(
            program=cycle.program, actor=actor, uploaded_file=image_upload(seal_png())
        )

    assert Cycle.objects.get(pk=cycle.pk).signature_image.name == ""
    assert AwardProgram.objects.get(pk=cycle.program_id).seal_image.name == ""
    assert stored_files(media_root) == []
    assert AuditEvent.objects.count() == events


def test_an_archived_cycles_signature_no_longer_changes(staff, media_root):
    cycle = factories.cycle_in("archived")

    with pytest.raises(IllegalTransition) as error:
        cycle_signature_image_upload(cycle=cycle, actor=staff, uploaded_file=image_upload(png()))

    assert error.value.message == (
        "The cycle is archived, so the signature on its certificates can no longer change."
    )
    assert stored_files(media_root) == []


def test_certificates_issued_after_an_upload_carry_the_signature_and_seal(staff, media_root):
    cycle = factories.cycle_in("selection")
    nomination = factories.nomination_in("selected", cycle=cycle)
    factories.citations_approved(nomination, by=staff)
    cycle_signature_image_upload(cycle=cycle, actor=staff, uploaded_file=image_upload(png()))
    program_seal_image_upload(
        program=cycle.program, actor=staff, uploaded_file=image_upload(seal_png())
    )
    nomination.refresh_from_db()

    certificate = certificate_issue(nomination=nomination, actor=staff)

    with certificate.file.open("rb") as handle:
        page = PdfReader(io.BytesIO(handle.read())).pages[0]
    sizes = sorted(
        (int(image.get_object()["/Width"]), int(image.get_object()["/Height"]))
        for image in page["/Resources"]["/XObject"].values()
        if image.get_object()["/Subtype"] == "/Image"
    )
    assert sizes == [(300, 300), (480, 120)]


def test_an_image_whose_file_went_missing_is_left_off_and_logged(staff, media_root, caplog):
    cycle = factories.cycle_in("selection")
    nomination = factories.nomination_in("selected", cycle=cycle)
    cycle_signature_image_upload(cycle=cycle, actor=staff, uploaded_file=image_upload(png()))
    cycle.refresh_from_db()
    cycle.signature_image.storage.delete(cycle.signature_image.name)
    nomination.refresh_from_db()

    data = certificate_data(nomination, serial="", recipient_name="Restore NYC")

    assert data.signature_image == b""
    assert (
        f"Certificate image {cycle.signature_image.name} cannot be read from storage; left off."
        in caplog.text
    )
