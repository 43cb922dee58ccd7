"""Staff's changes to someone's account: roles, every session, second factors,
deactivation. Each is one audit event; a refused one changes nothing and is recorded as
denied."""

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse

from accounts.rules import role_names
from core.audit_context import recording_refusals
from core.exceptions import IllegalTransition, InvalidInput, NotPermitted
from core.models import AuditEvent
from people.services.accounts import (
    account_deactivate,
    account_mfa_reset,
    account_reactivate,
    account_sessions_end,
)
from people.services.roles import role_grant, role_revoke
from tests.factories import UserFactory, award_staff, nominator, panelist

pytestmark = pytest.mark.django_db


def fresh(user):
    return type(user).objects.get(pk=user.pk)


def events(action: str) -> list[tuple]:
    return list(
        AuditEvent.objects.filter(action=action)
        .order_by("pk")
        .values_list("outcome", "actor_id", "object_id", "actor_role")
    )


def test_staff_grant_a_role_recorded_in_their_name():
    staff, person = award_staff(), nominator()

    role_grant(actor=staff, person=person, role="Selecting official")

    assert role_names(fresh(person)) == {"Nominator", "Selecting official"}
    assert list(
        AuditEvent.objects.filter(action="account.role_grant").values_list(
            "actor_id", "object_id", "data"
        )
    ) == [(staff.pk, str(person.pk), {"role": "Selecting official"})]


def test_staff_remove_a_role():
    staff, person = award_staff(), panelist()

    role_revoke(actor=staff, person=person, role="Panelist")

    assert role_names(fresh(person)) == frozenset()
    assert events("account.role_remove") == [("done", staff.pk, str(person.pk), "Award staff")]


@pytest.mark.parametrize("service", [role_grant, role_revoke])
def test_nobody_changes_their_own_roles(service):
    staff = award_staff()
    role = "Selecting official" if service is role_grant else "Award staff"

    with recording_refusals(), pytest.raises(NotPermitted, match="your own"):
        service(actor=staff, person=staff, role=role)

    assert role_names(fresh(staff)) == {"Award staff"}
    action = "account.role_grant" if service is role_grant else "account.role_remove"
    assert events(action) == [("denied", staff.pk, str(staff.pk), "Award staff")]


def test_an_administrators_roles_are_not_changed_here():
    staff, admin = award_staff(), UserFactory(is_staff=True, is_superuser=True)

    with recording_refusals(), pytest.raises(NotPermitted, match="administrator"):
        role_grant(actor=staff, person=admin, role="Award staff")

    assert role_names(fresh(admin)) == frozenset()


@pytest.mark.parametrize("make_actor", [nominator, panelist])
def test_only_staff_change_roles(make_actor):
    actor, person = make_actor(), nominator()

    with recording_refusals(), pytest.raises(NotPermitted):
        role_grant(actor=actor, person=person, role="Award staff")

    assert role_names(fresh(person)) == {"Nominator"}
    assert events("account.role_grant")[0][0] == "denied"


def test_granting_a_role_held_or_unknown_is_refused():
    staff, person = award_staff(), nominator()

    with pytest.raises(IllegalTransition, match="already has"):
        role_grant(actor=staff, person=person, role="Nominator")
    with pytest.raises(InvalidInput):
        role_grant(actor=staff, person=person, role="Superuser")
    with pytest.raises(IllegalTransition, match="does not have"):
        role_revoke(actor=staff, person=person, role="Panelist")

    assert role_names(fresh(person)) == {"Nominator"}
    assert not AuditEvent.objects.filter(outcome="done").exists()


def signed_in_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_staff_end_every_session_of_a_person():
    staff, person = award_staff(), nominator()
    theirs = signed_in_client(person)

    account_sessions_end(actor=staff, person=person)

    assert theirs.get(reverse("nominations:my_nominations"))["Location"].startswith(
        reverse("account_login")
    )
    assert fresh(person).sessions_ended_at is not None
    assert list(
        AuditEvent.objects.filter(action="account.sessions_end").values_list(
            "actor_id", "object_id", "data"
        )
    ) == [(staff.pk, str(person.pk), {"sessions": 0, "every_session": True})]


def test_staff_cannot_end_their_own_sessions_here():
    staff = award_staff()
    mine = signed_in_client(staff)

    with recording_refusals(), pytest.raises(NotPermitted):
        account_sessions_end(actor=staff, person=staff)

    assert mine.get(reverse("nominations:staff_home")).status_code == 200
    assert fresh(staff).sessions_ended_at is None


def test_staff_reset_a_lost_key_with_a_reason():
    staff, person = award_staff(), award_staff()
    Authenticator.objects.create(user=person, type=Authenticator.Type.WEBAUTHN, data={})
    Authenticator.objects.create(user=person, type=Authenticator.Type.RECOVERY_CODES, data={})
    theirs = signed_in_client(person)

    removed = account_mfa_reset(actor=staff, person=person, reason="Called back on 555-0100.")

    assert removed == ["recovery_codes", "webauthn"]
    assert not Authenticator.objects.filter(user=person).exists()
    assert theirs.get(reverse("nominations:staff_home")).status_code == 302
    event = AuditEvent.objects.get(action="account.mfa_reset")
    assert (event.actor_id, event.object_id, event.note, event.data) == (
        staff.pk,
        str(person.pk),
        "Called back on 555-0100.",
        {"types": ["recovery_codes", "webauthn"], "sessions": 0},
    )


def test_a_reset_needs_a_reason_and_a_factor():
    staff, person = award_staff(), award_staff()
    Authenticator.objects.create(user=person, type=Authenticator.Type.WEBAUTHN, data={})

    with pytest.raises(InvalidInput):
        account_mfa_reset(actor=staff, person=person, reason="  ")
    with pytest.raises(IllegalTransition):
        account_mfa_reset(actor=staff, person=nominator(), reason="Asked in person.")

    assert Authenticator.objects.filter(user=person).count() == 1
    assert not AuditEvent.objects.exists()


def test_deactivating_closes_the_account_and_ends_its_sessions():
    staff, person = award_staff(), nominator()
    theirs = signed_in_client(person)

    account_deactivate(actor=staff, person=person, reason="Left the agency.")

    assert fresh(person).is_active is False
    assert theirs.get(reverse("nominations:my_nominations"))["Location"].startswith(
        reverse("account_login")
    )
    assert events("account.deactivate") == [("done", staff.pk, str(person.pk), "Award staff")]

    account_reactivate(actor=staff, person=person)

    assert fresh(person).is_active is True
    assert events("account.reactivate") == [("done", staff.pk, str(person.pk), "Award staff")]


def test_deactivating_oneself_or_twice_is_refused():
    staff, person = award_staff(), nominator()
    account_deactivate(actor=staff, person=person, reason="Left.")

    with recording_refusals(), pytest.raises(NotPermitted):
        account_deactivate(actor=staff, person=staff, reason="Leaving.")
    with pytest.raises(IllegalTransition):
        account_deactivate(actor=staff, person=person, reason="Again.")
    with pytest.raises(IllegalTransition):
        account_reactivate(actor=staff, person=nominator())

    assert fresh(staff).is_active is True
    assert events("account.deactivate") == [
        ("done", staff.pk, str(person.pk), "Award staff"),
        ("denied", staff.pk, str(staff.pk), "Award staff"),
    ]
