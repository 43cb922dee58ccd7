"""The public check of a certificate's PDF (/verify/) and `manage.py verify_certificate`:
the issued file of a valid certificate passes; a superseded or revoked one, a changed
copy, an altered byte, another signer, an unannounced cycle's file and a stranger's PDF
each get their own verdict; bad input is refused next to the field; nothing is kept."""

import hashlib
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from core.models import AuditEvent
from core.pdf.signing import create_self_signed_identity, sign_pdf
from nominations.models import Certificate
from selection.services.certificates import certificate_issue, certificate_revoke
from selection.views.certificates import FILE_CHECKS_PER_WINDOW
from tests.conftest import TEST_SIGNER
from tests.core.test_pdf_signing import small_pdf
from tests.selection.test_slate import slate_cycle
from tests.selection.test_views_certificates import announced_certificate, selected

pytestmark = pytest.mark.django_db

CHECK_URL = reverse("selection:certificate_check")


@pytest.fixture(autouse=True)
def _fresh_rate_counts():
    from django.core.cache import cache

    cache.clear()


def stored(certificate: Certificate) -> bytes:
    with certificate.file.open("rb") as handle:
        return handle.read()


def check(client, content: bytes, name: str = "certificate.pdf"):
    return client.post(CHECK_URL, {"file": SimpleUploadedFile(name, content)})


def texts(response) -> list[str]:
    """The verdict's heading and sentences, as the page shows them."""
    finding = response.context["finding"]
    return [finding.headline, *finding.details]


def appended_to(pdf: bytes) -> bytes:
    """`pdf` with an incremental update after its signature, as an editor saves a note."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    writer.set_info(
        generic.DictionaryObject({generic.pdf_name("/Title"): generic.pdf_string("edited")})
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_the_issued_file_of_a_valid_certificate_passes(client, staff):
    certificate = announced_certificate(staff)
    cycle = certificate.nomination.cycle

    response = check(client, stored(certificate))

    assert response.status_code == 200
    finding = response.context["finding"]
    assert finding.ok is True
    issued_on = certificate.issued_at.astimezone(cycle.zone).strftime("%B %-d, %Y")
    assert texts(response) == [
        f"This is certificate {certificate.serial}, as issued.",
        f"Certificate {certificate.serial} is valid.",
        f"Issued to Restore NYC on {issued_on}: the {cycle.award_year} {cycle.program.name}.",
        f"Its digital signature is valid: signed by Common Name: {TEST_SIGNER}, and "
        "unchanged since.",
    ]
    body = response.content.decode()
    assert "usa-alert--success" in body
    assert reverse("selection:certificate_verify", args=[certificate.serial]) in body


def test_a_superseded_certificate_is_named_with_its_replacement(client, staff):
    first = announced_certificate(staff)
    second = certificate_issue(nomination=first.nomination, actor=staff, reason="Corrected.")

    response = check(client, stored(first))

    assert response.context["finding"].ok is False
    assert texts(response)[:2] == [
        f"This is certificate {first.serial}, as issued.",
        f"Certificate {first.serial} was replaced by certificate {second.serial} and is no "
        "longer valid.",
    ]
    assert "usa-alert--error" in response.content.decode()


def test_a_revoked_certificate_is_named_with_the_date(client, staff):
    certificate = announced_certificate(staff)
    certificate_revoke(certificate=certificate, actor=staff, reason="Issued in error.")
    certificate.refresh_from_db()
    revoked_on = certificate.revoked_at.astimezone(certificate.nomination.cycle.zone)

    response = check(client, stored(certificate))

    assert response.context["finding"].ok is False
    assert texts(response)[1] == (
        f"Certificate {certificate.serial} was revoked on {revoked_on:%B %-d, %Y} and is no "
        "longer valid."
    )


def test_a_copy_changed_after_issue_is_not_the_issued_file(client, staff):
    certificate = announced_certificate(staff)

    response = check(client, appended_to(stored(certificate)))

    assert response.context["finding"].ok is False
    assert texts(response) == [
        "This is not the issued file: it was changed after it was issued.",
        f"Its signed part is certificate {certificate.serial}, but content was added to the "
        "file after it was signed (a note, a form field or an edit).",
        "Ask the recipient for the file as it was issued.",
    ]


def test_a_changed_byte_is_reported_as_altered(client, staff):
    content = bytearray(stored(announced_certificate(staff)))
    # A byte inside the signed range, well before the signature: the page's content.
    content[len(content) // 4] ^= 0x01

    response = check(client, bytes(content))

    assert response.context["finding"].ok is False
    assert texts(response)[0] == "This file has been altered."


NOT_A_CERTIFICATE = [
    "This file is not a certificate of an award announced here.",
    "No certificate published here has this file's contents. Ask the recipient for the "
    "file as it was issued, or look the certificate up by its serial number.",
]


def signed_by_someone_else(settings, tmp_path) -> bytes:
    other = tmp_path / "other.p12"
    create_self_signed_identity(other, passphrase="x", common_name="Forger")
    current = settings.AWARDS_SIGNING_P12
    settings.AWARDS_SIGNING_P12, settings.AWARDS_SIGNING_P12_PASSPHRASE = str(other), "x"
    forged = sign_pdf(small_pdf(), reason="Certificate")
    settings.AWARDS_SIGNING_P12, settings.AWARDS_SIGNING_P12_PASSPHRASE = current, "test"
    return forged


def test_a_pdf_signed_by_someone_else_is_not_a_certificate(client, settings, tmp_path):
    response = check(client, signed_by_someone_else(settings, tmp_path))

    assert texts(response) == NOT_A_CERTIFICATE


def test_a_certificate_of_a_cycle_not_yet_announced_is_not_a_certificate(client, staff):
    certificate = certificate_issue(nomination=selected(staff), actor=staff)

    response = check(client, stored(certificate))

    assert texts(response) == NOT_A_CERTIFICATE
    assert certificate.serial not in response.content.decode()


def test_the_signed_decision_memo_gets_no_word_of_who_signed_it(client, staff):
    """Saying the office signed it would vouch for a leaked memo before the announcement."""
    cycle, _ = slate_cycle([3])
    client.force_login(staff)
    memo = client.get(reverse("selection:decision_memo_pdf", args=[cycle.pk])).content
    client.logout()

    response = check(client, memo)

    assert texts(response) == NOT_A_CERTIFICATE


def test_an_unsigned_pdf_is_not_a_certificate(client):
    response = check(client, small_pdf())

    assert texts(response) == NOT_A_CERTIFICATE


def test_a_certificate_issued_before_signing_passes_on_its_recorded_hash(client, staff):
    """Files issued before certificates were signed: the SHA-256 stored at issue is the
    proof, and the page says there is no signature."""
    certificate = announced_certificate(staff)
    unsigned = small_pdf("An older certificate")
    Certificate.objects.filter(pk=certificate.pk).update(
        sha256=hashlib.sha256(unsigned).hexdigest()
    )

    response = check(client, unsigned)

    assert response.context["finding"].ok is True
    assert texts(response)[3] == (
        "It carries no digital signature: it was issued before this office signed its "
        "certificates. Its SHA-256 is the one recorded when it was issued."
    )


def test_a_file_starting_like_a_pdf_that_cannot_be_read_gets_a_verdict_not_an_error(client):
    response = check(client, b"%PDF-1.7\n%%EOF\n")

    assert response.status_code == 200
    assert texts(response) == [
        "This file cannot be read as a PDF.",
        "Choose the certificate's PDF file as you received it.",
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<html>not a pdf</html>", "This file is not a PDF."),
        (b"", "The file “certificate.pdf” is empty."),
    ],
)
def test_bad_input_is_refused_next_to_the_field(client, content, message):
    response = check(client, content)

    assert response.status_code == 200
    assert response.context["finding"] is None
    [error] = response.context["file_form"].errors["file"]
    assert error.startswith(message)
    assert 'id="id_file-error"' in response.content.decode()


def test_no_file_is_refused_next_to_the_field(client):
    response = client.post(CHECK_URL, {})

    assert response.context["file_form"].errors == {"file": ["Choose the certificate's PDF file."]}


def test_a_file_over_the_upload_limit_is_refused_unread(client, settings):
    settings.AWARDS_MAX_UPLOAD_BYTES = 1000

    response = check(client, b"%PDF-1.7\n" + b"0" * 2000)

    [error] = response.context["file_form"].errors["file"]
    assert error == "The file “certificate.pdf” is 2 KB. Each file must be 1000 bytes or smaller."
    assert response.context["finding"] is None


def test_checking_stores_nothing_and_records_nothing(client, staff, settings):
    certificate = announced_certificate(staff)
    events = AuditEvent.objects.count()
    files = sorted(path for path in settings.MEDIA_ROOT.rglob("*") if path.is_file())

    check(client, stored(certificate))
    check(client, small_pdf())

    assert AuditEvent.objects.count() == events
    assert sorted(path for path in settings.MEDIA_ROOT.rglob("*") if path.is_file()) == files


def test_a_post_without_the_csrf_token_is_refused(staff):
    client = Client(enforce_csrf_checks=True)

    response = client.post(CHECK_URL, {"file": SimpleUploadedFile("c.pdf", small_pdf())})

    assert response.status_code == 403


def test_checks_past_the_limit_are_refused_per_address_before_reading(client):
    for _ in range(FILE_CHECKS_PER_WINDOW):
        assert check(client, small_pdf()).status_code == 200

    refused = check(client, small_pdf())
    other_address = client.post(
        CHECK_URL,
        {"file": SimpleUploadedFile("c.pdf", small_pdf())},
        REMOTE_ADDR="192.0.2.9",
    )

    assert refused.status_code == 429
    assert refused.context["finding"] is None
    assert "You have checked many files in a short time." in refused.content.decode()
    assert other_address.status_code == 200


def test_the_page_offers_both_ways_to_verify(client):
    response = client.get(CHECK_URL)

    assert response.status_code == 200
    body = response.content.decode()
    assert 'enctype="multipart/form-data"' in body
    assert 'name="serial"' in body
    assert response.context["finding"] is None


def test_a_serial_looked_up_goes_to_its_record(client):
    response = client.get(CHECK_URL, {"serial": " pa-2022-0001-c1 "})

    assert response.status_code == 302
    assert response["Location"] == reverse("selection:certificate_verify", args=["PA-2022-0001-C1"])


def test_a_malformed_serial_is_refused_next_to_the_field(client):
    response = client.get(CHECK_URL, {"serial": "<script>"})

    assert response.status_code == 200
    [error] = response.context["serial_form"].errors["serial"]
    assert error.startswith("Enter the serial number as it is printed")
    assert "<script>" not in response.content.decode()


def test_the_record_page_links_to_the_file_check(client, staff):
    certificate = announced_certificate(staff)

    response = client.get(reverse("selection:certificate_verify", args=[certificate.serial]))

    assert f'href="{CHECK_URL}"' in response.content.decode()


# -- manage.py verify_certificate ---------------------------------------------------------


def test_command_passes_the_issued_file_of_a_valid_certificate(staff, tmp_path, capsys):
    certificate = announced_certificate(staff)
    path = tmp_path / "c.pdf"
    path.write_bytes(stored(certificate))

    call_command("verify_certificate", str(path))

    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"This is certificate {certificate.serial}, as issued."
    assert lines[1] == f"  Certificate {certificate.serial} is valid."


def test_command_sees_certificates_before_their_announcement(staff, tmp_path, capsys):
    certificate = certificate_issue(nomination=selected(staff), actor=staff)
    path = tmp_path / "c.pdf"
    path.write_bytes(stored(certificate))

    call_command("verify_certificate", str(path))

    assert capsys.readouterr().out.splitlines()[0] == (
        f"This is certificate {certificate.serial}, as issued."
    )


@pytest.mark.parametrize("verdict", ["revoked", "changed", "unsigned"])
def test_command_fails_every_file_that_is_not_a_valid_issued_one(staff, tmp_path, capsys, verdict):
    certificate = announced_certificate(staff)
    content = {"revoked": stored(certificate), "changed": appended_to(stored(certificate))}.get(
        verdict, small_pdf()
    )
    if verdict == "revoked":
        certificate_revoke(certificate=certificate, actor=staff, reason="Error.")
    path = tmp_path / "c.pdf"
    path.write_bytes(content)

    with pytest.raises(CommandError) as raised:
        call_command("verify_certificate", str(path))

    expected = {"revoked": "issued", "changed": "changed", "unsigned": "unsigned"}[verdict]
    assert str(raised.value) == f"{path}: {expected}"


def test_command_names_a_file_it_cannot_read(tmp_path):
    with pytest.raises(CommandError, match=re.escape(f"{tmp_path / 'none.pdf'} cannot be read")):
        call_command("verify_certificate", str(tmp_path / "none.pdf"))


def test_command_tells_operators_which_kind_of_file_it_is(tmp_path, settings, capsys):
    memo, forged, unsigned = tmp_path / "a.pdf", tmp_path / "b.pdf", tmp_path / "c.pdf"
    memo.write_bytes(sign_pdf(small_pdf("A memo"), reason="Decision memorandum"))
    forged.write_bytes(signed_by_someone_else(settings, tmp_path))
    unsigned.write_bytes(small_pdf())

    headlines = {}
    for path in (memo, forged, unsigned):
        with pytest.raises(CommandError):
            call_command("verify_certificate", str(path))
        headlines[path.name] = capsys.readouterr().out.splitlines()[0]

    assert headlines == {
        "a.pdf": "This file is not an issued certificate.",
        "b.pdf": "This file was not issued by this office.",
        "c.pdf": "This file is not a certificate issued by this office.",
    }
