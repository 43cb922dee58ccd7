"""Reads about certificate documents: what a certificate says, the public verification
record and the batches the command prints (DESIGN.md §2.6). What the staff nomination
page shows of a nomination's certificates is in nominations/selectors/award.py."""

import hashlib
import logging
from collections.abc import Iterator
from datetime import date
from itertools import batched

from django.conf import settings
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.formats import date_format

from core.pdf.fonts import FontFilesMissing
from core.pdf.signing import UnreadablePdf, check_pdf_signature
from nominations.models import Certificate, Cycle, Nomination
from nominations.selectors.award import (
    approved_full_citation,
    certificate_default_name,
    certificate_verification_url,
)
from nominations.states import DECIDED_CYCLE_STATES, CertificateStatus, NominationState
from selection.domain.certificate_file import CertificateFacts, FileFinding, file_finding
from selection.pdf.certificate import CertificateData, certificate_fit_problems

logger = logging.getLogger(__name__)

PREVIEW_WATERMARK = "PREVIEW — NOT VALID"
SAMPLE_WATERMARK = "SAMPLE — NOT A CERTIFICATE"
SAMPLE_RECIPIENT = "The Recipient’s Name as It Should Appear"
SAMPLE_CITATION = (
    "for its years of steadfast work with survivors and partners across the country, whose "
    "approved full citation will read here in full on each recipient’s certificate"
)


def place_and_date(cycle: Cycle, issued_on: date) -> str:
    """ "Washington, DC, February 13, 2023": the presentation's place and date, or the
    day of issue when the cycle records no presentation date."""
    day = date_format(cycle.presentation_date or issued_on, "F j, Y")
    return f"{cycle.presentation_place}, {day}" if cycle.presentation_place else day


def certificate_data(
    nomination: Nomination, *, serial: str, recipient_name: str, issued_on: date | None = None
) -> CertificateData:
    """Everything the certificate PDF shows, for a serial about to be issued.

    An empty serial makes a preview: no verification address, no QR code, a watermark.
    The cycle's signature image and the program's seal are read from storage; one whose
    file has gone missing is left off and logged (`manage.py verify_files` finds it).
    """
    cycle = nomination.cycle
    program = cycle.program
    signatory_name, signatory_title = cycle.effective_signatory()
    issued_on = issued_on or timezone.localdate(timezone=cycle.zone)
    return CertificateData(
        program_title=program.name,
        award_year=cycle.award_year,
        recipient_name=recipient_name,
        citation=approved_full_citation(nomination),
        signatory_name=signatory_name,
        signatory_title=signatory_title,
        presenter_phrase=program.presenter_phrase,
        place_and_date=place_and_date(cycle, issued_on),
        serial=serial or "none (preview)",
        verification_url=certificate_verification_url(serial) if serial else "",
        author=settings.AWARDS_SITE_NAME,
        watermark="" if serial else PREVIEW_WATERMARK,
        signature_image=stored_image(cycle.signature_image),
        seal_image=stored_image(program.seal_image),
    )


def sample_certificate_data(cycle: Cycle) -> CertificateData:
    """A certificate of `cycle` with a sample recipient and citation, its signatory, place
    and date and the stored images, marked as a sample: how the images print."""
    program = cycle.program
    signatory_name, signatory_title = cycle.effective_signatory()
    return CertificateData(
        program_title=program.name,
        award_year=cycle.award_year,
        recipient_name=SAMPLE_RECIPIENT,
        citation=SAMPLE_CITATION,
        signatory_name=signatory_name,
        signatory_title=signatory_title,
        presenter_phrase=program.presenter_phrase,
        place_and_date=place_and_date(cycle, timezone.localdate(timezone=cycle.zone)),
        serial="none (sample)",
        verification_url="",
        author=settings.AWARDS_SITE_NAME,
        watermark=SAMPLE_WATERMARK,
        signature_image=stored_image(cycle.signature_image),
        seal_image=stored_image(program.seal_image),
    )


def stored_image(field_file: FieldFile) -> bytes:
    """The stored image's bytes; empty when there is none or its file is missing."""
    if not field_file:
        return b""
    try:
        with field_file.open("rb") as handle:
            return handle.read()
    except OSError:
        logger.error("Certificate image %s cannot be read from storage; left off.", field_file.name)
        return b""


def certificate_problems(nomination: Nomination, *, recipient_name: str) -> list[str]:
    """Why the certificate naming `recipient_name` could not be issued for `nomination`
    as it stands: text too long for the page, or a letter no font has
    (`certificate_fit_problems`), checked with the serial its first issue would get; or
    that this server lacks the fonts certificates are drawn in (an operator's fix, which
    `check --deploy` reports too)."""
    data = certificate_data(
        nomination, serial=f"{nomination.reference}-C1", recipient_name=recipient_name
    )
    try:
        return certificate_fit_problems(data)
    except FontFilesMissing as error:
        logger.error("%s", error)
        return [
            "certificates cannot be drawn on this server: its fonts are missing; ask the "
            "operator to run the deployment again (make static), then try again."
        ]


def certificate_for_public(serial: str) -> Certificate | None:
    """The certificate with this serial, if the public may see it: its cycle has been
    announced. Before that, a certificate does not exist as far as the public knows."""
    return (
        Certificate.objects.select_related("nomination__cycle__program", "superseded_by")
        .filter(serial=serial.strip().upper(), nomination__cycle__state__in=DECIDED_CYCLE_STATES)
        .first()
    )


def awarded_nominations(cycle: Cycle, *, chunk_size: int = 100) -> Iterator[Nomination]:
    """The cycle's awarded nominations in reference order, each with its valid
    certificate (or None) as `valid_certificate`.

    Read `chunk_size` at a time, without their summary and justification, so a batch of
    any size keeps one chunk in memory: the `certificates` command writes each PDF and
    moves on. Two queries per chunk, one for the ids.
    """
    pks = list(
        cycle.nominations.filter(state=NominationState.AWARDED)
        .order_by("sequence", "pk")
        .values_list("pk", flat=True)
    )
    for chunk in batched(pks, chunk_size):
        nominations = list(
            Nomination.objects.filter(pk__in=chunk)
            .select_related("nominee", "cycle__program")
            .defer("summary", "justification")
            .order_by("sequence", "pk")
        )
        valid = {
            certificate.nomination_id: certificate
            for certificate in Certificate.objects.filter(
                nomination__in=chunk, status=CertificateStatus.VALID
            )
        }
        for nomination in nominations:
            nomination.valid_certificate = valid.get(nomination.pk)
            yield nomination


def certificate_current_name(nomination: Nomination) -> str:
    """What a (re-)issue form starts from: the name on the valid certificate, which
    staff may have corrected, else the default."""
    current = nomination.certificates.filter(status=CertificateStatus.VALID).first()
    return current.recipient_name if current else certificate_default_name(nomination)


def certificate_facts(certificate: Certificate) -> CertificateFacts:
    """The record of one certificate, as the verdict on a file names it; needs the
    certificate's nomination, cycle, program and successor loaded."""
    cycle = certificate.nomination.cycle
    return CertificateFacts(
        serial=certificate.serial,
        status=certificate.status,
        recipient_name=certificate.recipient_name,
        award_year=cycle.award_year,
        program_name=cycle.program.name,
        issued_on=timezone.localdate(certificate.issued_at, timezone=cycle.zone),
        revoked_on=(
            timezone.localdate(certificate.revoked_at, timezone=cycle.zone)
            if certificate.revoked_at
            else None
        ),
        superseded_by=certificate.superseded_by.serial if certificate.superseded_by else "",
    )


def _certificate_by_sha256(sha256: str, *, published_only: bool) -> Certificate | None:
    certificates = Certificate.objects.select_related(
        "nomination__cycle__program", "superseded_by"
    ).filter(sha256=sha256)
    if published_only:
        certificates = certificates.filter(nomination__cycle__state__in=DECIDED_CYCLE_STATES)
    return certificates.order_by("pk").first()


def certificate_file_finding(pdf: bytes, *, published_only: bool = True) -> FileFinding:
    """The verdict on a PDF someone holds (selection/domain/certificate_file.py): which
    issued certificate it is, if any, and what its signature shows. `published_only`:
    only certificates of announced cycles count, as for the public; the command, run by
    operators, sees every one."""
    try:
        signature = check_pdf_signature(pdf)
    except UnreadablePdf:
        return file_finding(signature=None)
    issued = _certificate_by_sha256(hashlib.sha256(pdf).hexdigest(), published_only=published_only)
    changed_from = None
    if issued is None and signature.intact and not signature.whole_file:
        changed_from = _certificate_by_sha256(
            signature.signed_revision_sha256, published_only=published_only
        )
    return file_finding(
        signature=signature,
        issued=certificate_facts(issued) if issued else None,
        changed_from=certificate_facts(changed_from) if changed_from else None,
        public=published_only,
    )
