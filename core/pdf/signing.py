"""Digital signatures on the PDFs the office issues (PAdES baseline B-B, with pyHanko).

The signing identity is a PKCS#12 file, a private key and its X.509 certificate with
any chain, named by AWARDS_SIGNING_P12 and opened with AWARDS_SIGNING_P12_PASSPHRASE.
Development creates a self-signed one on first use (`create_self_signed_identity`);
production needs the agency's, and `check --deploy` reports a missing one.

`sign_pdf` appends an invisible signature to a finished PDF as an incremental update, so
the signed file is the unsigned one plus the signature: every page, word and byte of it
is kept. `check_pdf_signature` reads the first signature of any PDF: whether it is there,
whether the bytes it covers are unchanged, whether it was made with the configured
certificate (or an earlier one, AWARDS_SIGNING_EARLIER_CERTIFICATES), and whether
anything was added after it. Nothing here reaches the network: no revocation lookups,
no time-stamping authority; the signing time is the one the signature states.
"""

import asyncio
import concurrent.futures
import datetime as dt
import hashlib
import io
import logging
import os
import tempfile
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.conf import settings
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.sign.signers.pdf_signer import PdfSignatureMetadata
from pyhanko.sign.validation import async_validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

logger = logging.getLogger(__name__)

SIGNATURE_FIELD = "Signature"
SELF_SIGNED_YEARS = 10
# What a document-signing certificate may do: sign, with non-repudiation (which PDF
# validators ask of a signature on a document), and nothing else.
DOCUMENT_SIGNING = x509.KeyUsage(
    digital_signature=True,
    content_commitment=True,
    key_encipherment=False,
    data_encipherment=False,
    key_agreement=False,
    key_cert_sign=False,
    crl_sign=False,
    encipher_only=False,
    decipher_only=False,
)


class SigningUnavailable(Exception):
    """The signing identity is missing or cannot be opened; the message says which."""


class UnreadablePdf(Exception):
    """The bytes are not a PDF that can be read for signatures."""


@dataclass(frozen=True)
class SigningIdentity:
    signer: signers.SimpleSigner
    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...]

    @property
    def subject(self) -> str:
        return self.certificate.subject.rfc4514_string()

    @property
    def fingerprint(self) -> str:
        """The certificate's SHA-256 fingerprint, in hex."""
        return self.certificate.fingerprint(hashes.SHA256()).hex()

    @property
    def not_after(self) -> dt.datetime:
        return self.certificate.not_valid_after_utc


@dataclass(frozen=True)
class SignatureCheck:
    """What the first signature of a PDF shows. `intact`: the bytes it covers are
    unchanged and the signature over them is sound. `trusted`: made with the configured
    signing certificate or an earlier one. `whole_file`: nothing was added after it.
    `signed_revision` is the file exactly as it was signed."""

    signed: bool
    intact: bool = False
    trusted: bool = False
    whole_file: bool = False
    signer: str = ""
    signed_at: dt.datetime | None = None
    signed_revision: bytes = b""

    @property
    def valid(self) -> bool:
        return self.signed and self.intact and self.trusted and self.whole_file

    @property
    def signed_revision_sha256(self) -> str:
        return hashlib.sha256(self.signed_revision).hexdigest() if self.signed_revision else ""


def run_coroutine(make: Callable[[], Coroutine]):
    """Run the coroutine `make()` returns to its end and give its result. pyHanko's
    signing and validation are asynchronous; called where an event loop is already
    running in this thread (a Playwright test's server, an async view), it runs in a
    thread of its own, since asyncio.run cannot nest."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(make())
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(make())).result()


def create_self_signed_identity(path: Path, *, passphrase: str, common_name: str) -> None:
    """Write a new PKCS#12 file at `path`: an ECDSA P-256 key and a self-signed
    certificate for document signing, valid for ten years. The file appears whole or not
    at all, so two processes creating it at once leave one good file."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=365 * SELF_SIGNED_YEARS))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(DOCUMENT_SIGNING, critical=True)
        .sign(key, hashes.SHA256())
    )
    content = pkcs12.serialize_key_and_certificates(
        common_name.encode(),
        key,
        certificate,
        None,
        serialization.BestAvailableEncryption(passphrase.encode()),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".signing-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def signing_identity() -> SigningIdentity:
    """The configured identity, opened once per process (again if the file changes).
    Development creates a self-signed one when the file is missing."""
    path = settings.AWARDS_SIGNING_P12
    if not path:
        raise SigningUnavailable("No signing key is configured (AWARDS_SIGNING_P12).")
    path = Path(path)
    if not path.exists() and settings.AWARDS_SIGNING_CREATE_SELF_SIGNED:
        create_self_signed_identity(
            path,
            passphrase=settings.AWARDS_SIGNING_P12_PASSPHRASE,
            common_name=f"{settings.AWARDS_SITE_NAME} (development, self-signed)",
        )
    try:
        stamp = path.stat().st_mtime_ns
    except OSError as error:
        raise SigningUnavailable(f"The signing key {path} cannot be read: {error}.") from error
    return _open_identity(str(path), settings.AWARDS_SIGNING_P12_PASSPHRASE, stamp)


@lru_cache(maxsize=4)
def _open_identity(path: str, passphrase: str, stamp: int) -> SigningIdentity:
    try:
        content = Path(path).read_bytes()
        key, certificate, chain = pkcs12.load_key_and_certificates(
            content, passphrase.encode() or None
        )
    except (OSError, ValueError) as error:
        raise SigningUnavailable(
            f"The signing key {path} cannot be opened (is AWARDS_SIGNING_P12_PASSPHRASE "
            f"right?): {error}."
        ) from error
    if key is None or certificate is None:
        raise SigningUnavailable(f"The signing key {path} holds no key and certificate.")
    signer = signers.SimpleSigner.load_pkcs12(path, passphrase=passphrase.encode() or None)
    if signer is None:
        raise SigningUnavailable(f"The signing key {path} cannot be opened for signing.")
    return SigningIdentity(signer=signer, certificate=certificate, chain=tuple(chain))


def sign_pdf(pdf: bytes, *, reason: str, location: str = "") -> bytes:
    """`pdf` with an invisible PAdES signature appended, made with the configured
    identity. Raises SigningUnavailable when there is none."""
    identity = signing_identity()
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    metadata = PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        subfilter=SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason,
        location=location or None,
        name=settings.AWARDS_SITE_NAME,
    )
    signed = run_coroutine(lambda: signers.async_sign_pdf(writer, metadata, signer=identity.signer))
    return signed.getvalue()


def trusted_certificates() -> list[x509.Certificate]:
    """The certificates whose signatures count as the office's: the configured one and
    those of earlier keys, each itself (never the CA that issued it, which vouches for
    anyone else it certified too). Empty when none is configured or readable."""
    found = []
    try:
        found.append(signing_identity().certificate)
    except SigningUnavailable as error:
        logger.warning("%s", error)
    for name in settings.AWARDS_SIGNING_EARLIER_CERTIFICATES:
        try:
            found.append(_load_certificate(Path(name).read_bytes()))
        except (OSError, ValueError) as error:
            logger.warning("An earlier signing certificate %s cannot be read: %s", name, error)
    return found


def _load_certificate(content: bytes) -> x509.Certificate:
    if b"-----BEGIN" in content:
        return x509.load_pem_x509_certificate(content)
    return x509.load_der_x509_certificate(content)


def check_pdf_signature(pdf: bytes) -> SignatureCheck:
    """What the first signature in `pdf` shows (see SignatureCheck). Raises
    UnreadablePdf for bytes that cannot be read as a PDF."""
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        reader.root  # noqa: B018 (reads the catalog: a file without one is no PDF)
    except Exception as error:  # pyHanko raises many kinds of error on a malformed file.
        raise UnreadablePdf(str(error)) from error
    try:
        signatures = reader.embedded_signatures
    except Exception as error:  # A signature field whose value cannot be parsed.
        logger.info("Signature unreadable: %s: %s", type(error).__name__, error)
        return SignatureCheck(signed=True)
    if not signatures:
        return SignatureCheck(signed=False)
    signature = signatures[0]
    pinned = trusted_certificates()
    anchors = [
        asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)) for cert in pinned
    ]
    fingerprints = {cert.fingerprint(hashes.SHA256()) for cert in pinned}
    try:
        claimed = signature.self_reported_timestamp
        context = ValidationContext(
            trust_roots=anchors,
            allow_fetching=False,
            # A signature is judged as of the time it states: a certificate that has
            # since expired still vouches for what it signed while it was valid.
            moment=claimed,
            best_signature_time=claimed,
        )
        status = run_coroutine(lambda: async_validate_pdf_signature(signature, context))
        revision_end = signature.byte_range[2] + signature.byte_range[3]
    except Exception as error:  # A mangled signature dictionary or CMS structure.
        logger.info("Signature unreadable: %s: %s", type(error).__name__, error)
        return SignatureCheck(signed=True)
    signer_fingerprint = hashlib.sha256(status.signing_cert.dump()).digest()
    return SignatureCheck(
        signed=True,
        intact=bool(status.intact and status.valid),
        trusted=bool(
            status.intact and status.valid and status.trusted and signer_fingerprint in fingerprints
        ),
        whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
        signer=status.signing_cert.subject.human_friendly,
        signed_at=claimed,
        signed_revision=pdf[:revision_end],
    )
