"""Reads about certificates: what a certificate says, the staff panel, the public
verification record (DESIGN.md §2.6)."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from itertools import batched

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from nominations.models import (
    Certificate,
    CertificateStatus,
    CitationKind,
    Cycle,
    Nomination,
    NominationState,
)
from nominations.models.states import DECIDED_CYCLE_STATES
from nominations.pdf.certificate import CertificateData

# Certificates are issued to nominations the selecting official chose; the announcement
# turns them into awards.
ISSUABLE_STATES = (NominationState.SELECTED, NominationState.AWARDED)
PREVIEW_WATERMARK = "Preview: not an issued certificate"


def congratulations_context(nomination: Nomination, *, serial: str = "") -> dict:
    """What the award's congratulations email says beyond the nomination: the approved
    short citation and the certificate's serial and verification address (`serial`, or
    the nomination's current valid certificate's)."""
    if not serial:
        certificate = (
            nomination.certificates.filter(status=CertificateStatus.VALID)
            .order_by("-issued_at", "-pk")
            .first()
        )
        serial = certificate.serial if certificate else ""
    short = nomination.citations.filter(kind=CitationKind.SHORT).order_by("-version").first()
    return {
        "short_citation": short.text if short and short.approved_at else "",
        "certificate_serial": serial,
        "verification_url": certificate_verification_url(serial) if serial else "",
    }


def certificate_verification_url(serial: str) -> str:
    """The absolute address of the public verification page; the QR code's payload."""
    path = reverse("nominations:certificate_verify", args=[serial])
    return settings.AWARDS_SITE_URL.rstrip("/") + path


def certificate_default_name(nomination: Nomination) -> str:
    """The recipient's name as it should appear: the nominee's certificate name when
    given, else the individual's honorific and full name, or the organization's legal
    name (`Nominee.display_name`)."""
    nominee = nomination.nominee
    return nominee.certificate_name or nominee.display_name


def certificate_current_name(nomination: Nomination) -> str:
    """What a (re-)issue form starts from: the name on the valid certificate, which
    staff may have corrected, else the default."""
    current = nomination.certificates.filter(status=CertificateStatus.VALID).first()
    return current.recipient_name if current else certificate_default_name(nomination)


def approved_full_citation(nomination: Nomination) -> str:
    """The current full citation's text if that version is approved, else ""."""
    current = nomination.citations.filter(kind=CitationKind.FULL).order_by("-version").first()
    return current.text if current and current.approved_at else ""


def certificate_issue_blockers(
    nomination: Nomination, *, citation_checked_elsewhere: bool = False
) -> list[str]:
    """Why a certificate cannot be issued for the nomination now. With
    `citation_checked_elsewhere` (the announcement, whose own blockers cover every
    recipient's citations) the approved full citation is not asked for again."""
    reasons = []
    if nomination.state not in ISSUABLE_STATES:
        reasons.append("the nomination has not been selected")
    if not citation_checked_elsewhere and not approved_full_citation(nomination):
        reasons.append("the current full citation is not approved")
    signatory_name, _ = nomination.cycle.effective_signatory()
    if not signatory_name:
        reasons.append("neither the cycle nor the program names a signatory")
    if not nomination.reference:
        reasons.append("the nomination has no reference number")
    return reasons


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
        serial=serial or "not issued",
        verification_url=certificate_verification_url(serial) if serial else "",
        author=settings.AWARDS_SITE_NAME,
        watermark="" if serial else PREVIEW_WATERMARK,
    )


@dataclass(frozen=True)
class CertificatePanel:
    """What the staff nomination page's certificate panel shows."""

    nomination: Nomination
    certificates: list[Certificate]
    current: Certificate | None
    issue_blockers: list[str]
    default_name: str


def certificate_panel(nomination: Nomination) -> CertificatePanel:
    """The nomination's certificates, newest first, and whether one can be issued."""
    certificates = list(
        nomination.certificates.select_related("issued_by", "superseded_by").order_by(
            "-issued_at", "-pk"
        )
    )
    current = next((c for c in certificates if c.status == CertificateStatus.VALID), None)
    return CertificatePanel(
        nomination=nomination,
        certificates=certificates,
        current=current,
        issue_blockers=certificate_issue_blockers(nomination),
        default_name=certificate_default_name(nomination),
    )


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
