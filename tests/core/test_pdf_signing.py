"""PAdES signatures (core/pdf/signing.py): a signed PDF validates with pyHanko's own
validator, keeps every byte of the unsigned one, and any change to it is caught; the
identity is created in development only, and a key rotation keeps old files verifiable."""

import asyncio
import concurrent.futures
import datetime as dt
import io

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.core.management import call_command
from django.core.management.base import CommandError
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import async_validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from reportlab.pdfgen import canvas

from core.checks import check_signing_identity
from core.pdf import signing
from core.pdf.signing import (
    DOCUMENT_SIGNING,
    SigningUnavailable,
    UnreadablePdf,
    check_pdf_signature,
    create_self_signed_identity,
    run_coroutine,
    sign_pdf,
    signing_identity,
)


def small_pdf(text: str = "Certificate of Award") -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.setPageCompression(0)
    page.drawString(72, 720, text)
    page.save()
    return buffer.getvalue()


@pytest.fixture
def identity(settings, tmp_path):
    """A fresh self-signed identity of this test's own."""
    path = tmp_path / "signing.p12"
    create_self_signed_identity(path, passphrase="secret", common_name="Test Awards Office")
    settings.AWARDS_SIGNING_P12 = str(path)
    settings.AWARDS_SIGNING_P12_PASSPHRASE = "secret"
    settings.AWARDS_SIGNING_CREATE_SELF_SIGNED = False
    settings.AWARDS_SIGNING_EARLIER_CERTIFICATES = []
    return path


def pyhanko_status(pdf: bytes, trusted: x509.Certificate):
    from asn1crypto import x509 as asn1_x509

    root = asn1_x509.Certificate.load(trusted.public_bytes(serialization.Encoding.DER))
    reader = PdfFileReader(io.BytesIO(pdf))
    context = ValidationContext(trust_roots=[root])
    # pyHanko's own validator, through its asynchronous API: a browser test earlier in the
    # run may leave an event loop running in this thread.
    return run_coroutine(
        lambda: async_validate_pdf_signature(reader.embedded_signatures[0], context)
    )


def test_a_signed_pdf_validates_with_pyhankos_validator_and_keeps_the_unsigned_bytes(identity):
    unsigned = small_pdf()
    signed = sign_pdf(unsigned, reason="Certificate PA-2022-0001-C1", location="Washington, DC")

    assert signed.startswith(unsigned)
    status = pyhanko_status(signed, signing_identity().certificate)
    assert (status.bottom_line, status.intact, status.valid, status.trusted) == (
        True,
        True,
        True,
        True,
    )
    assert status.coverage.name == "ENTIRE_FILE"
    assert status.signing_cert.subject.human_friendly == "Common Name: Test Awards Office"
    reader = PdfFileReader(io.BytesIO(signed))
    signature = reader.embedded_signatures[0].sig_object
    assert str(signature["/Reason"]) == "Certificate PA-2022-0001-C1"
    assert str(signature["/Location"]) == "Washington, DC"
    assert str(signature["/SubFilter"]) == "/ETSI.CAdES.detached"


def test_check_of_a_signed_pdf_is_valid_and_names_the_signer(identity):
    signed = sign_pdf(small_pdf(), reason="Test")

    check = check_pdf_signature(signed)

    assert check.valid
    assert (check.signed, check.intact, check.trusted, check.whole_file) == (
        True,
        True,
        True,
        True,
    )
    assert check.signer == "Common Name: Test Awards Office"
    assert check.signed_revision == signed
    assert abs(check.signed_at - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=1)


def test_a_changed_byte_breaks_the_signature_for_pyhanko_and_for_the_check(identity):
    signed = sign_pdf(small_pdf("Certificate of Award"), reason="Test")
    at = signed.index(b"Certificate of Award")
    modified = signed[:at] + b"Certificate of Fraud" + signed[at + len(b"Certificate of Award") :]

    status = pyhanko_status(modified, signing_identity().certificate)
    check = check_pdf_signature(modified)

    assert (status.bottom_line, status.intact) == (False, False)
    assert (check.signed, check.intact, check.trusted, check.valid) == (True, False, False, False)


def test_content_added_after_signing_leaves_the_signature_intact_but_not_the_whole_file(
    identity,
):
    signed = sign_pdf(small_pdf(), reason="Test")
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    writer.set_info(generic.DictionaryObject({generic.pdf_name("/Title"): generic.pdf_string("x")}))
    out = io.BytesIO()
    writer.write(out)
    appended = out.getvalue()

    check = check_pdf_signature(appended)

    assert (check.intact, check.trusted, check.whole_file, check.valid) == (
        True,
        True,
        False,
        False,
    )
    assert check.signed_revision == signed


def test_a_signature_by_another_key_is_intact_but_not_trusted(identity, tmp_path, settings):
    other = tmp_path / "other.p12"
    create_self_signed_identity(other, passphrase="secret", common_name="Someone Else")
    settings.AWARDS_SIGNING_P12 = str(other)
    signed_elsewhere = sign_pdf(small_pdf(), reason="Test")
    settings.AWARDS_SIGNING_P12 = str(identity)

    check = check_pdf_signature(signed_elsewhere)

    assert (check.signed, check.intact, check.trusted, check.valid) == (True, True, False, False)
    assert check.signer == "Common Name: Someone Else"


def test_after_a_key_rotation_the_earlier_certificate_keeps_old_files_trusted(
    identity, tmp_path, settings
):
    old_signed = sign_pdf(small_pdf(), reason="Test")
    old_certificate = tmp_path / "old.pem"
    old_certificate.write_bytes(
        signing_identity().certificate.public_bytes(serialization.Encoding.PEM)
    )
    rotated = tmp_path / "rotated.p12"
    create_self_signed_identity(rotated, passphrase="secret", common_name="Test Awards Office 2")
    settings.AWARDS_SIGNING_P12 = str(rotated)

    assert not check_pdf_signature(old_signed).trusted
    settings.AWARDS_SIGNING_EARLIER_CERTIFICATES = [str(old_certificate)]
    assert check_pdf_signature(old_signed).valid
    assert check_pdf_signature(sign_pdf(small_pdf(), reason="Test")).valid


def test_a_key_issued_by_a_ca_signs_and_its_chain_is_trusted(settings, tmp_path):
    """An agency's key comes from its PKI: a CA's certificate, not a self-signed one."""
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Agency Test CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(1)
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    leaf = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Awards Office")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(2)
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=90))
        .add_extension(DOCUMENT_SIGNING, critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    path = tmp_path / "agency.p12"
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"agency", key, leaf, [ca], serialization.BestAvailableEncryption(b"pw")
        )
    )
    settings.AWARDS_SIGNING_P12 = str(path)
    settings.AWARDS_SIGNING_P12_PASSPHRASE = "pw"
    settings.AWARDS_SIGNING_CREATE_SELF_SIGNED = False

    signed = sign_pdf(small_pdf(), reason="Test")

    assert check_pdf_signature(signed).valid
    assert pyhanko_status(signed, ca).bottom_line is True

    # Anyone else the same CA certified signs as someone else: the office pins its own
    # certificate, never the CA's.
    other_key = ec.generate_private_key(ec.SECP256R1())
    other = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Someone Else")]))
        .issuer_name(ca_name)
        .public_key(other_key.public_key())
        .serial_number(3)
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=90))
        .add_extension(DOCUMENT_SIGNING, critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"other", other_key, other, [ca], serialization.BestAvailableEncryption(b"pw")
        )
    )
    signing._open_identity.cache_clear()
    signed_by_other = sign_pdf(small_pdf(), reason="Test")
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"agency", key, leaf, [ca], serialization.BestAvailableEncryption(b"pw")
        )
    )
    signing._open_identity.cache_clear()

    check = check_pdf_signature(signed_by_other)
    assert (check.intact, check.trusted) == (True, False)


def test_an_unsigned_pdf_is_reported_unsigned(identity):
    check = check_pdf_signature(small_pdf())
    assert (check.signed, check.valid, check.signed_revision) == (False, False, b"")


@pytest.mark.parametrize(
    "data",
    [b"", b"not a pdf at all", b"%PDF-1.7\n", b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog"],
)
def test_bytes_that_are_no_readable_pdf_raise_unreadable(identity, data):
    with pytest.raises(UnreadablePdf):
        check_pdf_signature(data)


def test_a_mangled_signature_value_is_reported_signed_but_not_intact(identity):
    signed = sign_pdf(small_pdf(), reason="Test")
    start = signed.index(b"/Contents <") + len(b"/Contents <")
    mangled = signed[:start] + b"00" * 40 + signed[start + 80 :]

    check = check_pdf_signature(mangled)

    assert (check.signed, check.intact, check.valid) == (True, False, False)


# -- the identity ----------------------------------------------------------------------


def test_development_creates_a_self_signed_identity_once(settings, tmp_path):
    path = tmp_path / "signing" / "development.p12"
    settings.AWARDS_SIGNING_P12 = str(path)
    settings.AWARDS_SIGNING_P12_PASSPHRASE = "development"
    settings.AWARDS_SIGNING_CREATE_SELF_SIGNED = True

    first = signing_identity()
    created = path.read_bytes()
    second = signing_identity()

    assert path.read_bytes() == created
    assert first.fingerprint == second.fingerprint
    assert "self-signed" in first.subject
    assert path.stat().st_mode & 0o777 == 0o600


def test_production_creates_nothing_and_refuses_to_sign_without_an_identity(settings, tmp_path):
    path = tmp_path / "missing.p12"
    settings.AWARDS_SIGNING_P12 = str(path)
    settings.AWARDS_SIGNING_CREATE_SELF_SIGNED = False

    with pytest.raises(SigningUnavailable, match="cannot be read"):
        sign_pdf(small_pdf(), reason="Test")
    assert not path.exists()

    settings.AWARDS_SIGNING_P12 = ""
    with pytest.raises(SigningUnavailable, match="No signing key is configured"):
        sign_pdf(small_pdf(), reason="Test")


def test_a_wrong_passphrase_is_named(identity, settings):
    settings.AWARDS_SIGNING_P12_PASSPHRASE = "wrong"
    with pytest.raises(SigningUnavailable, match="AWARDS_SIGNING_P12_PASSPHRASE"):
        signing_identity()


def test_the_identity_is_opened_again_when_its_file_changes(identity):
    before = signing_identity().fingerprint
    create_self_signed_identity(identity, passphrase="secret", common_name="Replaced")
    signing._open_identity.cache_clear()  # the same mtime is possible within a tick

    assert signing_identity().fingerprint != before
    assert signing_identity().subject == "CN=Replaced"


# -- check --deploy and the command ----------------------------------------------------


def test_deploy_check_reports_a_missing_identity(settings, tmp_path):
    settings.AWARDS_SIGNING_P12 = str(tmp_path / "missing.p12")
    settings.AWARDS_SIGNING_CREATE_SELF_SIGNED = False

    [error] = check_signing_identity(None)

    assert error.id == "awards.E002"
    assert "The PDFs cannot be signed" in error.msg


def test_deploy_check_passes_a_usable_identity(identity):
    assert check_signing_identity(None) == []


def test_deploy_check_warns_of_a_certificate_about_to_expire(identity, monkeypatch):
    soon = dt.datetime.now(dt.UTC) + dt.timedelta(days=59)
    monkeypatch.setattr(signing.SigningIdentity, "not_after", property(lambda self: soon))

    [warning] = check_signing_identity(None)

    assert warning.id == "awards.W003"
    assert f"expires on {soon:%Y-%m-%d}" in warning.msg


def test_signing_identity_command_shows_the_certificate(identity, capsys):
    call_command("signing_identity")

    out = capsys.readouterr().out.splitlines()
    assert out[0] == "subject: CN=Test Awards Office"
    assert out[1] == f"sha256 fingerprint: {signing_identity().fingerprint}"
    assert out[2] == f"valid until: {signing_identity().not_after.isoformat()}"


def test_signing_identity_command_creates_a_self_signed_file(identity, tmp_path, capsys):
    target = tmp_path / "new.p12"

    call_command("signing_identity", "--create-self-signed", str(target), "--common-name", "X")

    assert capsys.readouterr().out == f"wrote {target}\n"
    key, certificate, _ = pkcs12.load_key_and_certificates(target.read_bytes(), b"secret")
    assert certificate.subject.rfc4514_string() == "CN=X"
    with pytest.raises(CommandError, match="exists"):
        call_command("signing_identity", "--create-self-signed", str(target))


def test_signing_and_checking_work_where_an_event_loop_is_running(identity):
    """As in a Playwright test's server or an async view: asyncio.run cannot nest. The
    loop runs in a thread of the test's own, whatever this thread already runs."""

    async def inside_a_loop():
        signed = sign_pdf(small_pdf(), reason="Test")
        return check_pdf_signature(signed)

    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        check = pool.submit(lambda: asyncio.run(inside_a_loop())).result()

    assert check.valid
