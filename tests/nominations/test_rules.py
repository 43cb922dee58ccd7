import pytest
from django.db import IntegrityError, transaction

from accounts.roles import Role
from core.exceptions import NotPermitted
from core.models import AuditEvent
from nominations.models import AwardProgram
from nominations.rules import can_change_certificate_signature, can_select, can_vet
from nominations.services.nomination import nomination_select, nomination_start_vetting
from nominations.states import CycleState, NominationState
from tests.factories import CycleFactory, UserFactory, nomination_in


@pytest.mark.django_db
def test_staff_who_also_nominate_cannot_vet_their_own_nomination():
    staff_nominator = UserFactory(roles=[Role.AWARD_STAFF, Role.NOMINATOR])
    own = nomination_in(NominationState.SUBMITTED, nominator=staff_nominator)
    others = nomination_in(NominationState.SUBMITTED)

    assert (can_vet(staff_nominator, own), can_vet(staff_nominator, others)) == (False, True)
    with pytest.raises(NotPermitted):
        nomination_start_vetting(nomination=own, actor=staff_nominator)
    own.refresh_from_db()
    assert own.state == NominationState.SUBMITTED
    assert not AuditEvent.objects.filter(action="nomination.start_vetting").exists()


@pytest.mark.django_db
def test_the_selecting_official_cannot_select_their_own_nomination():
    official = UserFactory(roles=[Role.SELECTING_OFFICIAL, Role.NOMINATOR])
    cycle = CycleFactory(state="selection")
    own = nomination_in(NominationState.SHORTLISTED, cycle=cycle, nominator=official)

    assert can_select(official, own) is False
    with pytest.raises(NotPermitted):
        nomination_select(nomination=own, actor=official)
    own.refresh_from_db()
    assert own.state == NominationState.SHORTLISTED
    assert not AuditEvent.objects.filter(action="nomination.select").exists()


@pytest.mark.django_db
def test_two_programs_cannot_share_a_reference_prefix():
    CycleFactory()  # creates the "PA" program
    second = AwardProgram(
        slug="another-award",
        name="Another Award",
        short_name="Another",
        reference_prefix="PA",
        description="",
        award_cap=3,
        signatory_title="Secretary",
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()
    assert AwardProgram.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "state", "allowed"),
    [
        (Role.AWARD_STAFF, CycleState.SETUP, True),
        (Role.AWARD_STAFF, CycleState.ANNOUNCED, True),
        (Role.AWARD_STAFF, CycleState.ARCHIVED, False),
        (Role.PANELIST, CycleState.SETUP, False),
        (Role.SELECTING_OFFICIAL, CycleState.SETUP, False),
    ],
)
def test_the_certificate_signature_changes_by_staff_until_the_cycle_is_archived(
    role, state, allowed
):
    cycle = CycleFactory(state=state)

    assert can_change_certificate_signature(UserFactory(roles=[role]), cycle) is allowed
