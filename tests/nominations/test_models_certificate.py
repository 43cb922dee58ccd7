"""A certificate's status is a protected state machine: valid, then superseded by a
re-issue or revoked, and never assigned directly."""

import pytest
from django.utils import timezone
from django_fsm import TransitionNotAllowed

from nominations.models import Certificate
from nominations.states import CertificateStatus
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(staff) -> Certificate:
    nomination = factories.nomination_in("selected")
    return factories.certificate_issued(nomination, by=staff)


def reissue(certificate: Certificate, staff) -> Certificate:
    nomination = certificate.nomination
    return Certificate.objects.create(
        nomination=nomination,
        serial=f"{nomination.reference}-C{nomination.certificates.count() + 1}",
        recipient_name=certificate.recipient_name,
        sha256="1" * 64,
        issued_by=staff,
        issued_at=timezone.now(),
    )


def test_the_status_cannot_be_assigned(certificate):
    with pytest.raises(AttributeError):
        certificate.status = CertificateStatus.REVOKED

    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.VALID


def test_supersede_moves_a_valid_certificate_to_superseded_and_names_its_successor(
    certificate, staff
):
    successor = reissue(certificate, staff)

    certificate.supersede(by=successor)

    assert certificate.status == CertificateStatus.SUPERSEDED
    assert certificate.superseded_by == successor
    assert certificate.revoked_at is None


def test_revoke_moves_a_valid_certificate_to_revoked_with_reason_and_date(certificate):
    when = timezone.now()

    certificate.revoke(reason="Issued in error.", at=when)

    assert certificate.status == CertificateStatus.REVOKED
    assert (certificate.revoked_at, certificate.revocation_reason) == (when, "Issued in error.")
    assert certificate.superseded_by is None


@pytest.mark.parametrize("first", ["supersede", "revoke"])
@pytest.mark.parametrize("then", ["supersede", "revoke"])
def test_only_a_valid_certificate_moves(certificate, staff, first, then):
    moves = {
        "supersede": lambda: certificate.supersede(by=reissue(certificate, staff)),
        "revoke": lambda: certificate.revoke(reason="Issued in error.", at=timezone.now()),
    }
    moves[first]()
    state = certificate.status

    with pytest.raises(TransitionNotAllowed):
        moves[then]()

    assert certificate.status == state
