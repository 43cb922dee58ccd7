"""Issuing, re-issuing and revoking certificates."""

import hashlib
import io

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from pypdf import PdfReader

from core.exceptions import (
    ConflictError,
    IllegalTransition,
    InvalidInput,
    NotPermitted,
    TransitionBlocked,
)
from core.models import AuditEvent
from core.pdf.signing import check_pdf_signature
from nominations.models import Certificate, Citation
from nominations.selectors.award import certificate_verification_url
from nominations.states import CertificateStatus
from selection.pdf import certificate as certificate_pdf
from selection.services.certificates import certificate_issue, certificate_revoke
from tests import factories
from tests.conftest import TEST_SIGNER

pytestmark = pytest.mark.django_db

FULL = "for its innovative survivor-led referral network that reached 400 people"


def selected_nomination(*, staff, state="selected", **nominee):
    cycle = factories.cycle_in(
        "selection",
        presentation_place="Washington, DC",
        presentation_date="2023-02-13",
    )
    nomination = factories.nomination_in(
        state, cycle=cycle, nominee=factories.NomineeFactory(**nominee)
    )
    factories.citations_approved(nomination, by=staff)
    return nomination


def pdf_text(certificate: Certificate) -> str:
    with certificate.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return " ".join(reader.pages[0].extract_text().split())


def test_issue_stores_the_pdf_its_sha256_and_a_valid_certificate(staff, media_root):
    nomination = selected_nomination(
        staff=staff, legal_name="Restore NYC, Inc.", certificate_name="Restore NYC"
    )

    certificate = certificate_issue(nomination=nomination, actor=staff)

    assert certificate.serial == f"{nomination.reference}-C1"
    assert certificate.status == CertificateStatus.VALID
    assert certificate.recipient_name == "Restore NYC"
    assert certificate.issued_by == staff
    assert certificate.file.name == f"certificates/{certificate.serial}.pdf"
    with certificate.file.open("rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == certificate.sha256
    assert str(media_root) in certificate.file.path


def test_issue_pdf_names_recipient_citation_year_signatory_serial(staff, media_root):
    nomination = selected_nomination(staff=staff, certificate_name="Restore NYC")

    certificate = certificate_issue(nomination=nomination, actor=staff)

    text = pdf_text(certificate)
    assert "Presented to Restore NYC" in text
    assert FULL in text
    assert str(nomination.cycle.award_year) in text
    assert "Antony J. Blinken Secretary of State" in text
    assert "Washington, DC, February 13, 2023" in text
    assert f"Serial number {certificate.serial}" in text


def test_issue_qr_payload_is_the_absolute_verification_url(
    staff, media_root, settings, monkeypatch
):
    settings.AWARDS_SITE_URL = "https://awards.example.gov/"
    payloads = []
    build = certificate_pdf.qr_widget
    monkeypatch.setattr(
        certificate_pdf, "qr_widget", lambda payload: payloads.append(payload) or build(payload)
    )
    nomination = selected_nomination(staff=staff)

    certificate = certificate_issue(nomination=nomination, actor=staff)

    expected = f"https://awards.example.gov/verify/{certificate.serial}/"
    assert payloads == [expected]
    assert certificate_verification_url(certificate.serial) == expected


def test_issue_names_an_individual_with_honorific(staff, media_root):
    nomination = selected_nomination(
        staff=staff, kind="individual", honorific="Dr.", full_name="Minh Dang", possessive="her"
    )

    certificate = certificate_issue(nomination=nomination, actor=staff)

    assert certificate.recipient_name == "Dr. Minh Dang"


def test_issue_is_audited_with_serial_and_hash(staff, media_root):
    nomination = selected_nomination(staff=staff)

    certificate = certificate_issue(nomination=nomination, actor=staff)

    event = AuditEvent.objects.get(action="certificate.issue")
    assert (event.actor, event.object_id, event.outcome) == (staff, str(nomination.pk), "done")
    assert event.data == {
        "serial": certificate.serial,
        "recipient_name": certificate.recipient_name,
        "sha256": certificate.sha256,
        "supersedes": "",
    }


def test_reissue_supersedes_the_valid_certificate_and_keeps_both(staff, media_root):
    nomination = selected_nomination(staff=staff, certificate_name="Restore NYC")
    first = certificate_issue(nomination=nomination, actor=staff)

    second = certificate_issue(
        nomination=nomination,
        actor=staff,
        recipient_name="  Restore   NYC, Inc. ",
        reason="Corrected the recipient's name.",
        expected_current=first.serial,
    )

    first.refresh_from_db()
    assert second.serial == f"{nomination.reference}-C2"
    assert second.recipient_name == "Restore NYC, Inc."
    assert (first.status, first.superseded_by) == (CertificateStatus.SUPERSEDED, second)
    assert second.status == CertificateStatus.VALID
    assert "Presented to Restore NYC, Inc." in pdf_text(second)
    assert first.file.storage.exists(first.file.name)
    event = AuditEvent.objects.filter(action="certificate.issue").latest("pk")
    assert (event.note, event.data["supersedes"]) == (
        "Corrected the recipient's name.",
        first.serial,
    )


def test_reissue_after_revoke_takes_the_next_number(staff, media_root):
    nomination = selected_nomination(staff=staff)
    first = certificate_issue(nomination=nomination, actor=staff)
    certificate_revoke(certificate=first, actor=staff, reason="Issued in error.")

    second = certificate_issue(nomination=nomination, actor=staff)

    first.refresh_from_db()
    assert second.serial.endswith("-C2")
    assert (first.status, first.superseded_by) == (CertificateStatus.REVOKED, None)


def test_reissue_without_a_reason_is_refused_and_changes_nothing(staff, media_root):
    nomination = selected_nomination(staff=staff)
    first = certificate_issue(nomination=nomination, actor=staff)
    events = AuditEvent.objects.count()

    with pytest.raises(InvalidInput):
        certificate_issue(nomination=nomination, actor=staff, recipient_name="Other")

    assert list(Certificate.objects.values_list("serial", "status")) == [(first.serial, "valid")]
    assert AuditEvent.objects.count() == events
    assert sorted(p.name for p in (media_root / "certificates").iterdir()) == [
        f"{first.serial}.pdf"
    ]


def test_issue_against_a_stale_page_is_refused_so_a_double_click_issues_once(staff, media_root):
    nomination = selected_nomination(staff=staff)
    certificate_issue(nomination=nomination, actor=staff, expected_current="")
    events = AuditEvent.objects.count()

    with pytest.raises(ConflictError):
        certificate_issue(nomination=nomination, actor=staff, expected_current="", reason="x")

    assert Certificate.objects.count() == 1
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize(
    ("state", "reason"),
    [
        ("shortlisted", "the nomination has not been selected"),
        ("not_selected", "the nomination has not been selected"),
    ],
)
def test_issue_for_an_unselected_nomination_is_blocked(staff, media_root, state, reason):
    nomination = selected_nomination(staff=staff, state=state)

    with pytest.raises(TransitionBlocked) as error:
        certificate_issue(nomination=nomination, actor=staff)

    assert error.value.reasons == [reason]
    assert Certificate.objects.count() == 0


def test_issue_with_an_unapproved_newer_full_citation_is_blocked(staff, media_root):
    nomination = selected_nomination(staff=staff)
    Citation.objects.create(
        nomination=nomination, kind="full", version=2, text="for its work", created_by=staff
    )
    events = AuditEvent.objects.count()

    with pytest.raises(TransitionBlocked) as error:
        certificate_issue(nomination=nomination, actor=staff)

    assert error.value.reasons == ["the current full citation is not approved"]
    assert (Certificate.objects.count(), AuditEvent.objects.count()) == (0, events)
    assert not (media_root / "certificates").exists()


@pytest.mark.parametrize("who", ["nominator", "panelist", "selecting_official", "owner"])
def test_issue_by_anyone_but_other_staff_is_refused(staff, media_root, who):
    nomination = selected_nomination(staff=staff)
    actor = nomination.nominator if who == "owner" else getattr(factories, who)()
    if who == "owner":
        actor.groups.add(*staff.groups.all())
    events = AuditEvent.objects.count()

    with pytest.raises(NotPermitted):
        certificate_issue(nomination=nomination, actor=actor)

    assert (Certificate.objects.count(), AuditEvent.objects.count()) == (0, events)


def test_revoke_records_reason_and_date_and_audits(staff, media_root):
    nomination = selected_nomination(staff=staff)
    certificate = certificate_issue(nomination=nomination, actor=staff)

    certificate_revoke(certificate=certificate, actor=staff, reason="  Issued in error. ")

    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.REVOKED
    assert certificate.revocation_reason == "Issued in error."
    assert certificate.revoked_at is not None
    event = AuditEvent.objects.get(action="certificate.revoke")
    assert (event.actor, event.note, event.data) == (
        staff,
        "Issued in error.",
        {"serial": certificate.serial},
    )


def test_revoke_without_a_reason_is_refused(staff, media_root):
    certificate = certificate_issue(nomination=selected_nomination(staff=staff), actor=staff)
    events = AuditEvent.objects.count()

    with pytest.raises(InvalidInput):
        certificate_revoke(certificate=certificate, actor=staff, reason="   ")

    certificate.refresh_from_db()
    assert (certificate.status, AuditEvent.objects.count()) == ("valid", events)


def test_revoke_of_a_superseded_certificate_is_refused(staff, media_root):
    nomination = selected_nomination(staff=staff)
    first = certificate_issue(nomination=nomination, actor=staff)
    certificate_issue(nomination=nomination, actor=staff, reason="New name.")
    first.refresh_from_db()

    with pytest.raises(IllegalTransition):
        certificate_revoke(certificate=first, actor=staff, reason="Wrong.")

    first.refresh_from_db()
    assert first.status == CertificateStatus.SUPERSEDED


def test_revoke_by_a_nominator_is_refused(staff, media_root):
    certificate = certificate_issue(nomination=selected_nomination(staff=staff), actor=staff)
    events = AuditEvent.objects.count()

    with pytest.raises(NotPermitted):
        certificate_revoke(certificate=certificate, actor=factories.nominator(), reason="No.")

    certificate.refresh_from_db()
    assert (certificate.status, AuditEvent.objects.count()) == ("valid", events)


def test_issue_signs_the_pdf_and_records_the_signed_files_hash(staff, media_root):
    nomination = selected_nomination(staff=staff, certificate_name="Restore NYC")

    certificate = certificate_issue(nomination=nomination, actor=staff)

    with certificate.file.open("rb") as handle:
        content = handle.read()
    check = check_pdf_signature(content)
    assert (check.valid, check.signer) == (True, f"Common Name: {TEST_SIGNER}")
    assert certificate.sha256 == hashlib.sha256(content).hexdigest()
    signature = PdfFileReader(io.BytesIO(content)).embedded_signatures[0].sig_object
    assert str(signature["/Reason"]) == (
        f"Certificate {certificate.serial} of the {nomination.cycle.award_year} "
        f"{nomination.cycle.program.name}"
    )
    assert str(signature["/Location"]) == "Washington, DC"


def test_issue_without_a_signing_key_is_blocked_and_stores_nothing(
    staff, media_root, settings, tmp_path
):
    nomination = selected_nomination(staff=staff)
    settings.AWARDS_SIGNING_P12 = str(tmp_path / "missing.p12")
    settings.AWARDS_SIGNING_CREATE_SELF_SIGNED = False

    with pytest.raises(TransitionBlocked) as raised:
        certificate_issue(nomination=nomination, actor=staff)

    assert raised.value.message == "The certificate cannot be signed, so it was not issued."
    [reason] = raised.value.reasons
    assert reason.startswith(f"The signing key {tmp_path / 'missing.p12'} cannot be read")
    assert reason.endswith("Ask the operators to configure the signing key.")
    assert not Certificate.objects.exists()
    assert not AuditEvent.objects.filter(action="certificate.issue").exists()
    assert not [path for path in media_root.rglob("*") if path.is_file()]
