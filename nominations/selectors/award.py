"""A nomination's award as the staff nomination page and the award service read it: its
certificates, whether one can be issued, and what the congratulations email says."""

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse

from nominations.models import Certificate, CitationKind, Nomination
from nominations.states import CertificateStatus, NominationState

# Certificates are issued to nominations the selecting official chose; the announcement
# turns them into awards.
ISSUABLE_STATES = (NominationState.SELECTED, NominationState.AWARDED)


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
    path = reverse("selection:certificate_verify", args=[serial])
    return settings.AWARDS_SITE_URL.rstrip("/") + path


def certificate_default_name(nomination: Nomination) -> str:
    """The recipient's name as it should appear: the nominee's certificate name when
    given, else the individual's honorific and full name, or the organization's legal
    name (`Nominee.display_name`)."""
    nominee = nomination.nominee
    return nominee.certificate_name or nominee.display_name


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
