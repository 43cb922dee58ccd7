from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction

from accounts.roles import Role
from core.exceptions import NotPermitted
from core.models import AuditEvent
from nominations.models import AwardProgram
from nominations.rules import (
    can_change_attachments,
    can_change_certificate_signature,
    can_download_nomination_files,
    can_manage_cycle,
    can_manage_endorsements,
    can_manage_program,
    can_read_for_selection,
    can_select,
    can_vet,
    forget_parties,
    is_nomination_owner,
    is_party_to,
    letter_arrives_after_vetting,
    nomination_accepts_letters,
)
from nominations.services.nomination import nomination_select, nomination_start_vetting
from nominations.states import CycleState, NominationState
from tests import factories
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


# -- the predicates one by one --------------------------------------------------------------

ROLES = {
    "staff": factories.award_staff,
    "official": factories.selecting_official,
    "panelist": factories.panelist,
    "nominator": factories.nominator,
}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "may"),
    [("staff", True), ("official", False), ("panelist", False), ("nominator", False)],
)
def test_can_manage_program_and_cycle_only_staff(role, may):
    user, cycle = ROLES[role](), CycleFactory()

    assert (can_manage_program(user, cycle.program), can_manage_cycle(user, cycle)) == (may, may)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("case", "may"),
    [
        ("shortlisted", True),
        ("selected", True),
        ("not_selected", True),
        ("in_review", False),
        ("awarded", False),
        ("cycle in review", False),
        ("staff", False),
        ("party to it", False),
    ],
)
def test_can_read_for_selection_only_the_official_on_the_slate_while_selecting(case, may):
    state = case if "_" in case or case in {"shortlisted", "selected", "awarded"} else "shortlisted"
    cycle = CycleFactory(state="review" if case == "cycle in review" else "selection")
    nomination = nomination_in(state, cycle=cycle)
    user = factories.award_staff() if case == "staff" else factories.selecting_official()
    if case == "party to it":
        nomination.nominee.contact_email = user.email
        nomination.nominee.save()
    nomination = type(nomination).objects.select_related("cycle", "nominee").get(pk=nomination.pk)

    assert can_read_for_selection(user, nomination) is may


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "may"),
    [("owner", True), ("staff", True), ("another nominator", False), ("anonymous", False)],
)
def test_can_download_nomination_files_only_the_owner_and_staff(who, may):
    nomination = nomination_in(NominationState.SUBMITTED)
    user = {
        "owner": nomination.nominator,
        "staff": factories.award_staff(),
        "another nominator": factories.nominator(),
        "anonymous": AnonymousUser(),
    }[who]

    assert can_download_nomination_files(user, nomination) is may


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("state", "attachments", "endorsements"),
    [
        (NominationState.DRAFT, True, True),
        (NominationState.SUBMITTED, False, True),
        (NominationState.RETURNED, True, True),
        (NominationState.VETTING, False, False),
        (NominationState.CLEARED, False, False),
    ],
)
def test_the_owner_changes_files_and_letters_only_while_the_nomination_is_theirs(
    state, attachments, endorsements
):
    nomination = nomination_in(state)
    owner, other = nomination.nominator, factories.nominator()

    assert can_change_attachments(owner, nomination) is attachments
    assert can_manage_endorsements(owner, nomination) is endorsements
    assert (
        can_change_attachments(other, nomination),
        can_manage_endorsements(other, nomination),
    ) == (
        False,
        False,
    )


@pytest.mark.parametrize(
    ("state", "after"), [("vetting", False), ("cleared", True), ("draft", False)]
)
def test_letter_arrives_after_vetting_once_vetting_is_over(state, after):
    assert letter_arrives_after_vetting(SimpleNamespace(state=state)) is after


@pytest.mark.parametrize(
    ("state", "cycle_state", "accepts"),
    [
        ("vetting", "open", True),
        ("withdrawn", "open", False),
        ("ineligible", "closed", False),
        ("selected", "announced", False),
        ("awarded", "archived", False),
        ("selected", "selection", True),
    ],
)
def test_nomination_accepts_letters_until_withdrawn_ineligible_or_announced(
    state, cycle_state, accepts
):
    nomination = SimpleNamespace(state=state, cycle=SimpleNamespace(state=cycle_state))

    assert nomination_accepts_letters(nomination) is accepts


def test_is_nomination_owner_needs_a_signed_in_user():
    nomination = SimpleNamespace(nominator_id=None)

    assert (
        is_nomination_owner(None, nomination),
        is_nomination_owner(AnonymousUser(), nomination),
    ) == (
        False,
        False,
    )


@pytest.mark.django_db
def test_forget_parties_makes_the_party_rule_read_the_nominations_people_again():
    nomination = nomination_in(NominationState.SUBMITTED)
    contact = UserFactory(email="director@example.org")
    assert is_party_to(contact, nomination) is False  # reads and caches the people
    nomination.nominee.contact_email = "director@example.org"
    nomination.nominee.save()

    assert is_party_to(contact, nomination) is False  # still the cached people
    forget_parties(nomination)
    assert is_party_to(contact, nomination) is True
