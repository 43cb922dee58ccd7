"""Inviting award staff and selecting officials, and the invitation link."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import TestCase
from django.urls import reverse

from accounts.rules import role_names
from core.audit_context import recording_refusals
from core.exceptions import InvalidInput, LimitReached, NotPermitted
from core.models import AuditEvent
from nominations.models import OutboxMessage
from people.models import RoleInvitation
from people.selectors.invitations import RoleInvitationLinkError, invitation_for_token
from people.services.accounts import account_deactivate
from people.services.invitations import role_invitation_revoke, role_invite
from tests.factories import award_staff, nominator

pytestmark = pytest.mark.django_db
PASSWORD = "a long enough passphrase 42"
LINK = re.compile(r"https?://[^/\s]+/join/([A-Za-z0-9_-]{43})/")


def invite(staff, email="new.official@state.example.gov", role="Selecting official"):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return role_invite(actor=staff, email=email, full_name="Nora Official", role=role)


def emailed_token(email: str) -> str:
    body = next(message.body for message in reversed(mail.outbox) if email in message.to)
    return LINK.search(body).group(1)


def test_invite_emails_a_single_use_link_and_keeps_only_its_hash():
    staff = award_staff()

    invitation = invite(staff)

    token = emailed_token(invitation.email)
    assert invitation.token_hash != token and len(invitation.token_hash) == 64
    assert invitation_for_token(token) == invitation
    stored = OutboxMessage.objects.get(template="role_invitation")
    assert token not in stored.body
    assert "selecting official" in mail.outbox[-1].subject
    event = AuditEvent.objects.get(action="people.invite")
    assert (event.actor_id, event.object_id, event.data["role"]) == (
        staff.pk,
        str(invitation.pk),
        "Selecting official",
    )


def test_an_address_with_an_account_gets_the_role_on_its_page_instead():
    staff, person = award_staff(), nominator(email="has.account@example.org")

    with pytest.raises(InvalidInput, match="already has an account"):
        invite(staff, email="Has.Account@example.org")

    assert not RoleInvitation.objects.exists()
    assert role_names(person) == {"Nominator"}


def test_a_second_invitation_while_one_waits_is_refused():
    staff = award_staff()
    invite(staff)

    with pytest.raises(InvalidInput, match="waiting"):
        invite(staff)

    assert RoleInvitation.objects.count() == 1


def test_only_staff_invite_and_only_to_the_invited_roles():
    with recording_refusals(), pytest.raises(NotPermitted):
        invite(nominator())
    with pytest.raises(InvalidInput):
        invite(award_staff(), role="Panelist")

    assert not RoleInvitation.objects.exists()
    assert list(AuditEvent.objects.values_list("action", "outcome")) == [
        ("people.invite", "denied")
    ]


def test_invitations_per_day_are_limited(settings):
    settings.AWARDS_ROLE_INVITATIONS_PER_DAY = 1
    staff = award_staff()
    invite(staff)

    with recording_refusals(), pytest.raises(LimitReached):
        invite(staff, email="second@example.gov")

    assert RoleInvitation.objects.count() == 1


def test_new_invitee_sets_up_an_account_with_the_role_and_is_signed_in(client):
    staff = award_staff()
    invitation = invite(staff)
    url = reverse("people:invitation_accept", args=[emailed_token(invitation.email)])

    page = client.get(url)
    response = client.post(
        url, {"full_name": "Nora Official", "password1": PASSWORD, "password2": PASSWORD}
    )

    assert page.status_code == 200
    assert response.status_code == 302
    account = EmailAddress.objects.get(email=invitation.email)
    assert account.verified and account.primary
    assert role_names(account.user) == {"Selecting official"}
    assert client.session["_auth_user_id"] == str(account.user_id)
    invitation.refresh_from_db()
    assert invitation.accepted_by_id == account.user_id
    assert list(
        AuditEvent.objects.filter(
            action__in=["account.role_grant", "people.invitation_accept"]
        ).values_list("action", "actor_id")
    ) == [
        ("account.role_grant", staff.pk),
        ("people.invitation_accept", account.user_id),
    ]
    again = client.get(url)
    assert again.status_code == 410


def test_weak_password_is_shown_next_to_the_field_and_nothing_is_made(client):
    invitation = invite(award_staff())
    url = reverse("people:invitation_accept", args=[emailed_token(invitation.email)])

    response = client.post(
        url, {"full_name": "Nora Official", "password1": "short", "password2": "short"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["password1"]
    assert b'value="Nora Official"' in response.content
    assert not EmailAddress.objects.filter(email=invitation.email).exists()


def test_an_existing_account_signed_in_accepts_the_role(client):
    staff = award_staff()
    invitation = invite(staff, email="late@example.gov")
    person = nominator(email="late@example.gov")
    client.force_login(person)

    response = client.post(
        reverse("people:invitation_accept", args=[emailed_token(invitation.email)])
    )

    assert response.status_code == 302
    assert role_names(type(person).objects.get(pk=person.pk)) == {"Nominator", "Selecting official"}


def test_someone_else_signed_in_cannot_take_the_invitation(client):
    invitation = invite(award_staff())
    intruder = nominator()
    client.force_login(intruder)

    response = client.post(
        reverse("people:invitation_accept", args=[emailed_token(invitation.email)])
    )

    assert response.status_code == 200
    assert b"This invitation is for another address" in response.content
    assert role_names(intruder) == {"Nominator"}
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    assert list(
        AuditEvent.objects.filter(action="people.invitation_accept").values_list(
            "outcome", "actor_id"
        )
    ) == [("denied", intruder.pk)]


def test_staff_cannot_give_themselves_a_role_by_inviting_an_address_they_hold(client):
    staff = award_staff()
    invitation = invite(staff, email="my.other@state.example.gov")
    EmailAddress.objects.create(user=staff, email=invitation.email, verified=True)
    client.force_login(staff)

    response = client.post(
        reverse("people:invitation_accept", args=[emailed_token(invitation.email)])
    )

    assert response.status_code == 200
    assert b"cannot change your own roles" in response.content
    assert role_names(type(staff).objects.get(pk=staff.pk)) == {"Award staff"}
    assert (
        list(AuditEvent.objects.filter(action__startswith="account.role").values_list("outcome"))
        == []
    )
    assert AuditEvent.objects.get(action="people.invitation_accept").outcome == "denied"


def test_an_address_of_an_account_is_not_invited_again():
    holder = nominator()
    EmailAddress.objects.create(user=holder, email="second@example.org", verified=True)

    with pytest.raises(InvalidInput, match="already has an account"):
        invite(award_staff(), email="Second@example.org")

    assert not RoleInvitation.objects.exists()


def test_the_link_stops_working_when_the_inviter_leaves(client):
    staff, other = award_staff(), award_staff()
    invitation = invite(staff)
    token = emailed_token(invitation.email)
    account_deactivate(actor=other, person=staff, reason="Left the office.")

    response = client.get(reverse("people:invitation_accept", args=[token]))

    assert response.status_code == 410
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert AuditEvent.objects.get(action="account.deactivate").data == {
        "sessions": 0,
        "invitations_withdrawn": 1,
    }


def test_the_link_stops_working_when_the_inviter_is_no_longer_staff_at_accept(client):
    staff = award_staff()
    invitation = invite(staff)
    url = reverse("people:invitation_accept", args=[emailed_token(invitation.email)])
    staff.groups.clear()

    response = client.post(
        url, {"full_name": "Nora Official", "password1": PASSWORD, "password2": PASSWORD}
    )

    assert response.status_code == 410
    assert not EmailAddress.objects.filter(email=invitation.email).exists()


def test_a_withdrawn_or_unknown_link_says_only_why(client):
    staff = award_staff()
    invitation = invite(staff)
    token = emailed_token(invitation.email)
    role_invitation_revoke(actor=staff, invitation=invitation)

    withdrawn = client.get(reverse("people:invitation_accept", args=[token]))
    unknown = client.get(reverse("people:invitation_accept", args=["x" * 43]))

    assert withdrawn.status_code == 410
    assert b"withdrawn" in withdrawn.content
    assert invitation.email.encode() not in withdrawn.content
    assert unknown.status_code == 404
    with pytest.raises(RoleInvitationLinkError):
        invitation_for_token(token)
