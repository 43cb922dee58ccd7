"""Certificates: issued by award staff, re-issued with history, revoked with a reason
(DESIGN.md §2.6). Nothing is ever deleted: a re-issue supersedes the old serial."""

import hashlib
import logging
import re

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from accounts.roles import Role
from core.exceptions import (
    ConflictError,
    IllegalTransition,
    InvalidInput,
    NotPermitted,
    TransitionBlocked,
)
from core.pdf.signing import SigningUnavailable, sign_pdf
from core.services.audit import audit_record
from core.transitions import reload_workflow_object
from nominations import rules
from nominations.models import Certificate, Nomination
from nominations.selectors.award import certificate_default_name, certificate_issue_blockers
from nominations.states import CertificateStatus
from selection.pdf.certificate import (
    certificate_fit_problems,
    certificate_text,
    render_certificate,
)
from selection.selectors.certificates import certificate_current_name, certificate_data

logger = logging.getLogger(__name__)

RECIPIENT_NAME_MAX = 300
SERIAL_ISSUE = re.compile(r"-C(\d+)$")


def certificate_serial(nomination: Nomination, issue_number: int) -> str:
    """ "PA-2022-0001-C2": the nomination's reference and the issue number. Unique,
    because references are, and readable aloud over the phone."""
    return f"{nomination.reference}-C{issue_number}"


def certificate_issue(
    *,
    nomination: Nomination,
    actor,
    recipient_name: str = "",
    reason: str = "",
    expected_current: str | None = None,
) -> Certificate:
    """Issue a certificate for a selected or awarded nomination with an approved full
    citation, and make it the valid one.

    Refuses (TransitionBlocked, each reason naming what to shorten or change) a
    certificate whose text does not fit its page even in the smallest type, or has a
    letter no embedded font has (`certificate_fit_problems`). Renders the PDF with a new
    serial, signs it with the office's key (`signed_certificate`), stores the file in the
    default storage, its SHA-256 and its words, and creates the Certificate (valid). A
    valid certificate already there becomes superseded, pointing at the new one; both
    stay in the history. `recipient_name`
    is the name as it should appear (blank: the nominee's, see
    `certificate_default_name`); `reason` says why a re-issue was needed.
    `expected_current` is the serial of the valid certificate the actor saw ("" for
    none): if another issue got there first, nothing happens (ConflictError), so a
    double click cannot issue twice. Writes one "certificate.issue" audit event;
    schedules nothing.
    """
    if not rules.can_vet(actor, nomination):
        raise NotPermitted(
            "Only award staff can issue certificates, and not for their own nomination."
        )
    name = " ".join(recipient_name.split()) or certificate_default_name(nomination)
    if not name:
        raise InvalidInput("Enter the recipient's name as it should appear.")
    if len(name) > RECIPIENT_NAME_MAX:
        raise InvalidInput(f"Shorten the name to {RECIPIENT_NAME_MAX} characters or fewer.")

    stored = None
    try:
        with transaction.atomic():
            # The nomination row is the lock: two issues for one nomination take turns, so
            # they can neither share an issue number nor both end up valid.
            locked = (
                Nomination.objects.select_for_update(no_key=True)
                .select_related("cycle__program", "nominee")
                .get(pk=nomination.pk)
            )
            reasons = certificate_issue_blockers(locked)
            if reasons:
                raise TransitionBlocked("The certificate cannot be issued yet.", reasons=reasons)
            previous = locked.certificates.filter(status=CertificateStatus.VALID).first()
            seen = previous.serial if previous else ""
            if expected_current is not None and expected_current != seen:
                raise ConflictError(
                    "Someone else issued a certificate for this nomination in the meantime; "
                    "check the certificates below before issuing another."
                )
            if previous is not None and not reason.strip():
                raise InvalidInput(f"Say why {previous.serial} is being replaced, for the history.")
            issued_at = timezone.now()
            serial = certificate_serial(locked, _next_issue_number(locked))
            data = certificate_data(
                locked,
                serial=serial,
                recipient_name=name,
                issued_on=timezone.localdate(issued_at, timezone=locked.cycle.zone),
            )
            reasons = certificate_fit_problems(data)
            if reasons:
                raise TransitionBlocked(
                    "The certificate cannot be issued as it stands.", reasons=reasons
                )
            pdf = signed_certificate(render_certificate(data), nomination=locked, serial=serial)
            certificate = Certificate(
                nomination=locked,
                serial=serial,
                recipient_name=name,
                status=CertificateStatus.VALID,
                sha256=hashlib.sha256(pdf).hexdigest(),
                printed_text=certificate_text(data),
                issued_by=actor,
                issued_at=issued_at,
            )
            certificate.file.save(f"{serial}.pdf", ContentFile(pdf), save=False)
            stored = certificate.file.name
            certificate.save()
            if previous is not None:
                previous.supersede(by=certificate)
                previous.save(update_fields=["status", "superseded_by"])
            audit_record(
                action="certificate.issue",
                actor=actor,
                obj=locked,
                note=reason.strip(),
                data={
                    "serial": serial,
                    "recipient_name": name,
                    "sha256": certificate.sha256,
                    "supersedes": previous.serial if previous else "",
                },
                role=Role.AWARD_STAFF,
            )
    except BaseException:
        # The row never committed, so its file must not outlive it.
        if stored:
            Certificate.file.field.storage.delete(stored)
        raise
    return certificate


def signed_certificate(pdf: bytes, *, nomination: Nomination, serial: str) -> bytes:
    """The certificate's PDF with the office's digital signature; TransitionBlocked,
    naming what operators must fix, when no signing key can be used."""
    cycle = nomination.cycle
    try:
        return sign_pdf(
            pdf,
            reason=f"Certificate {serial} of the {cycle.award_year} {cycle.program.name}",
            location=cycle.presentation_place,
        )
    except SigningUnavailable as error:
        logger.error("Certificate %s not issued: %s", serial, error)
        raise TransitionBlocked(
            "The certificate cannot be signed, so it was not issued.",
            reasons=[f"{error} Ask the operators to configure the signing key."],
        ) from error


def _next_issue_number(nomination: Nomination) -> int:
    numbers = [
        int(match.group(1))
        for serial in nomination.certificates.values_list("serial", flat=True)
        if (match := SERIAL_ISSUE.search(serial))
    ]
    return max(numbers, default=0) + 1


def certificate_revoke(*, certificate: Certificate, actor, reason: str) -> Certificate:
    """Revoke a valid certificate: the verification page then says so, with the date.

    Sets status revoked, revoked_at and revocation_reason; the file and its SHA-256 stay.
    The nomination keeps its state: a new certificate may be issued later. Writes one
    "certificate.revoke" audit event; schedules nothing.
    """
    nomination = certificate.nomination
    if not rules.can_vet(actor, nomination):
        raise NotPermitted(
            "Only award staff can revoke certificates, and not for their own nomination."
        )
    reason = reason.strip()
    if not reason:
        raise InvalidInput("Enter the reason for revoking the certificate.")
    with transaction.atomic():
        # The nomination's row first, as issuing takes it: a revocation and a re-issue of
        # the same nomination run one after the other, and each sees the other's result.
        Nomination.objects.select_for_update(no_key=True).filter(pk=nomination.pk).values_list(
            "pk"
        ).get()
        locked = Certificate.objects.select_for_update(no_key=True).get(pk=certificate.pk)
        if locked.status != CertificateStatus.VALID:
            raise IllegalTransition(
                f"{locked.serial} is {locked.get_status_display().lower()}; only a valid "
                "certificate can be revoked."
            )
        locked.revoke(reason=reason, at=timezone.now())
        locked.save(update_fields=["status", "revoked_at", "revocation_reason"])
        audit_record(
            action="certificate.revoke",
            actor=actor,
            obj=nomination,
            note=reason,
            data={"serial": locked.serial},
            role=Role.AWARD_STAFF,
        )
    reload_workflow_object(certificate)
    return certificate


def certificate_preview(*, nomination: Nomination, actor) -> bytes:
    """The certificate announcing would issue for `nomination`, marked "PREVIEW — NOT
    VALID", without serial or QR code and not stored. One audit event,
    "certificate.preview"; schedules nothing. The caller has checked who may see it."""
    data = certificate_data(
        nomination, serial="", recipient_name=certificate_current_name(nomination)
    )
    pdf = render_certificate(data)
    audit_record(action="certificate.preview", actor=actor, obj=nomination, role=Role.AWARD_STAFF)
    return pdf


def certificate_download_record(*, certificate: Certificate, actor) -> None:
    """Record that `actor` downloaded the stored PDF of `certificate`: one audit event,
    "certificate.download", with its serial."""
    audit_record(
        action="certificate.download",
        actor=actor,
        obj=certificate.nomination,
        data={"serial": certificate.serial},
        role=Role.AWARD_STAFF,
    )
