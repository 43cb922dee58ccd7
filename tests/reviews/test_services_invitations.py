"""Panel invitations: inviting, resending, revoking, and accepting through the link."""

import datetime as dt
import hashlib
import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from accounts.rules import is_panelist
from core.audit_context import recording_refusals
from core.exceptions import IllegalTransition, InvalidInput, LimitReached, NotPermitted
from core.models import AuditEvent
from nominations.models import OutboxMessage
from nominations.services.outbox import SECRET_WITHHELD
from nominations.states import CycleState
from reviews.models import PanelInvitation, PanelMember
from reviews.selectors.panel import InvitationLinkError, invitation_for_token
from reviews.services.invitations import (
    INVITATION_DAYS,
    invitation_accept,
    invitation_resend,
    invitation_revoke,
    panel_invite,
)
from tests import factories

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://testserver/review/invitations/([A-Za-z0-9_-]{43})/")
STRONG_PASSWORD = "violet otter harbour 93"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.AWARDS_SITE_URL = "http://testserver"


@pytest.fixture
def staff():
    return factories.award_staff(full_name="Sam Staff")


@pytest.fixture
def panel():
    return factories.panel_of(factories.CycleFactory(state=CycleState.CLOSED, configured=False))


def invite(panel, staff, capture, email="Ana@Example.org", full_name="Ana  Ruiz"):
    with capture(execute=True):
        invitation = panel_invite(panel=panel, actor=staff, email=email, full_name=full_name)
    return invitation, LINK.search(mail.outbox[-1].body).group(1)


# -- inviting -----------------------------------------------------------------------------------


def test_panel_invite_emails_link_after_commit_and_stores_only_its_hash(
    panel, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        invitation = panel_invite(
            panel=panel, actor=staff, email=" Ana@Example.org ", full_name="Ana  Ruiz"
        )
    assert mail.outbox == []
    for callback in callbacks:
        callback()

    message = mail.outbox[0]
    assert message.to == ["ana@example.org"]
    cycle = panel.cycle
    assert message.subject == (
        f"Invitation to review nominations for the {cycle.award_year} {cycle.program.short_name}"
    )
    assert "Dear Ana Ruiz," in message.body
    assert "Sam Staff invites you" in message.body
    token = LINK.search(message.body).group(1)
    invitation.refresh_from_db()
    assert (invitation.email, invitation.full_name, invitation.invited_by) == (
        "ana@example.org",
        "Ana Ruiz",
        staff,
    )
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert invitation.expires_at - invitation.created_at == pytest.approx(
        dt.timedelta(days=INVITATION_DAYS), abs=dt.timedelta(seconds=5)
    )
    stored = OutboxMessage.objects.get()
    assert (stored.template, token in stored.body, SECRET_WITHHELD in stored.body) == (
        "panel_invitation",
        False,
        True,
    )
    # The cycle's records package lists it.
    assert stored.cycle_id == invitation.panel.cycle_id
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.object_id) == (
        "panel.invite",
        staff,
        str(invitation.pk),
    )
    assert token not in event.canonical_content()


def test_panel_invite_email_names_the_zone_of_an_expiry_the_clocks_repeat(
    monkeypatch, staff, django_capture_on_commit_callbacks
):
    # Sent so that the link expires at 06:30 UTC on November 1, 2026: the second 1:30 a.m.
    # in New York that night, after the clocks go back.
    sent = dt.datetime(2026, 11, 1, 6, 30, tzinfo=dt.UTC) - dt.timedelta(days=INVITATION_DAYS)
    monkeypatch.setattr("django.utils.timezone.now", lambda: sent)
    cycle = factories.CycleFactory(
        state=CycleState.CLOSED, configured=False, time_zone="America/New_York"
    )

    invite(factories.panel_of(cycle), staff, django_capture_on_commit_callbacks)

    assert (
        "\nThe link works once, until November 1, 2026, 1:30 a.m. EST. Please do not share it:"
        in mail.outbox[0].body
    )


@pytest.mark.parametrize(
    ("email", "name", "problem"),
    [
        ("not-an-address", "Ana Ruiz", "Enter the panelist's email address"),
        ("ana@example.org", "  ", "Enter the panelist's full name."),
    ],
)
def test_panel_invite_bad_input_is_refused(panel, staff, email, name, problem):
    with pytest.raises(InvalidInput, match=problem):
        panel_invite(panel=panel, actor=staff, email=email, full_name=name)

    assert PanelInvitation.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_panel_invite_while_one_is_waiting_is_refused(
    panel, staff, django_capture_on_commit_callbacks
):
    invite(panel, staff, django_capture_on_commit_callbacks)

    with pytest.raises(IllegalTransition, match="already has an invitation waiting"):
        panel_invite(panel=panel, actor=staff, email="ana@example.org", full_name="Ana Ruiz")

    assert PanelInvitation.objects.count() == 1
    assert AuditEvent.objects.count() == 1


def test_panel_invite_over_the_daily_limit_records_the_denied_attempt(
    panel, staff, settings, django_capture_on_commit_callbacks
):
    settings.AWARDS_PANEL_INVITATIONS_PER_DAY = 1
    invite(panel, staff, django_capture_on_commit_callbacks)
    events = AuditEvent.objects.count()

    with recording_refusals(), pytest.raises(LimitReached) as raised:
        panel_invite(panel=panel, actor=staff, email="bo@example.org", full_name="Bo Lin")

    [event] = AuditEvent.objects.order_by("pk")[events:]
    assert (event.action, event.outcome, event.actor, event.actor_role, event.object_id) == (
        "panel.invite",
        "denied",
        staff,
        Role.AWARD_STAFF.value,
        str(panel.pk),
    )
    assert (event.note, event.data) == (
        raised.value.message,
        {"limit": "AWARDS_PANEL_INVITATIONS_PER_DAY", "allowed": 1},
    )


def test_panel_invite_after_expiry_is_allowed(panel, staff, django_capture_on_commit_callbacks):
    old, _ = invite(panel, staff, django_capture_on_commit_callbacks)
    PanelInvitation.objects.filter(pk=old.pk).update(expires_at=timezone.now())

    invite(panel, staff, django_capture_on_commit_callbacks)

    assert PanelInvitation.objects.count() == 2


@pytest.mark.parametrize(("removed", "problem"), [(False, "already on"), (True, "was removed")])
def test_panel_invite_of_a_member_is_refused(panel, staff, removed, problem):
    member = factories.seat(panel.cycle, removed=removed)

    with pytest.raises(IllegalTransition, match=problem):
        panel_invite(panel=panel, actor=staff, email=member.user.email.upper(), full_name="X")

    assert PanelInvitation.objects.count() == 0


def test_panel_invite_after_review_is_refused(staff):
    panel = factories.panel_of(factories.CycleFactory(state=CycleState.SELECTION))

    with pytest.raises(IllegalTransition, match="takes no new panelists"):
        panel_invite(panel=panel, actor=staff, email="ana@example.org", full_name="Ana Ruiz")

    assert PanelInvitation.objects.count() == 0


@pytest.mark.parametrize("make_user", [factories.panelist, factories.nominator])
def test_panel_invite_by_non_staff_is_refused(panel, make_user):
    with pytest.raises(NotPermitted):
        panel_invite(panel=panel, actor=make_user(), email="ana@example.org", full_name="Ana")

    assert PanelInvitation.objects.count() == 0
    assert AuditEvent.objects.count() == 0
    assert mail.outbox == []


# -- resending and revoking ---------------------------------------------------------------------


def test_invitation_resend_new_link_works_old_one_is_dead(
    panel, staff, django_capture_on_commit_callbacks
):
    invitation, old_token = invite(panel, staff, django_capture_on_commit_callbacks)
    PanelInvitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())

    with django_capture_on_commit_callbacks(execute=True):
        invitation_resend(invitation=invitation, actor=staff)

    new_token = LINK.search(mail.outbox[-1].body).group(1)
    assert len(mail.outbox) == 2
    assert new_token != old_token
    assert invitation_for_token(new_token) == invitation
    with pytest.raises(InvitationLinkError) as error:
        invitation_for_token(old_token)
    assert (error.value.reason, error.value.status) == ("unknown", 404)
    assert [e.action for e in AuditEvent.objects.order_by("pk")] == [
        "panel.invite",
        "panel.invitation_resend",
    ]


def test_invitation_revoke_kills_link(panel, staff, django_capture_on_commit_callbacks):
    invitation, token = invite(panel, staff, django_capture_on_commit_callbacks)

    invitation_revoke(invitation=invitation, actor=staff)

    with pytest.raises(InvitationLinkError) as error:
        invitation_for_token(token)
    assert (error.value.reason, error.value.status) == ("revoked", 410)
    assert AuditEvent.objects.order_by("pk").last().action == "panel.invitation_revoke"


def test_invitation_revoke_or_resend_of_accepted_is_refused(
    panel, staff, django_capture_on_commit_callbacks
):
    invitation, _ = invite(panel, staff, django_capture_on_commit_callbacks)
    invitation_accept(invitation=invitation, full_name="Ana Ruiz", password=STRONG_PASSWORD)
    count = AuditEvent.objects.count()

    with pytest.raises(IllegalTransition, match="accepted"):
        invitation_revoke(invitation=invitation, actor=staff)
    with pytest.raises(IllegalTransition, match="accepted"):
        invitation_resend(invitation=invitation, actor=staff)

    assert AuditEvent.objects.count() == count
    assert len(mail.outbox) == 1


def test_invitation_resend_by_panelist_is_refused(panel, staff, django_capture_on_commit_callbacks):
    invitation, token = invite(panel, staff, django_capture_on_commit_callbacks)

    with pytest.raises(NotPermitted):
        invitation_resend(invitation=invitation, actor=factories.panelist())

    assert invitation_for_token(token) == invitation
    assert AuditEvent.objects.count() == 1


# -- the link -----------------------------------------------------------------------------------


@pytest.mark.parametrize("token", ["", "short", "x" * 43, "../../etc/passwd"])
def test_invitation_for_token_unknown_is_404(token):
    with pytest.raises(InvitationLinkError) as error:
        invitation_for_token(token)

    assert (error.value.reason, error.value.status) == ("unknown", 404)


def test_invitation_for_token_expired_is_410(panel, staff, django_capture_on_commit_callbacks):
    invitation, token = invite(panel, staff, django_capture_on_commit_callbacks)
    PanelInvitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())

    with pytest.raises(InvitationLinkError) as error:
        invitation_for_token(token)

    assert (error.value.reason, error.value.status) == ("expired", 410)


def test_invitation_for_token_after_review_is_410(panel, staff, django_capture_on_commit_callbacks):
    _, token = invite(panel, staff, django_capture_on_commit_callbacks)
    panel.cycle.__class__.objects.filter(pk=panel.cycle_id).update(state=CycleState.SELECTION)

    with pytest.raises(InvitationLinkError) as error:
        invitation_for_token(token)

    assert error.value.reason == "closed"


# -- accepting ----------------------------------------------------------------------------------


def test_invitation_accept_new_account_is_verified_panelist_with_seat(
    panel, staff, django_capture_on_commit_callbacks
):
    invitation, _ = invite(panel, staff, django_capture_on_commit_callbacks)

    member = invitation_accept(
        invitation=invitation, full_name=" Ana Ruiz ", password=STRONG_PASSWORD
    )

    user = User.objects.get(email="ana@example.org")
    assert (member.user, member.panel, member.attested_at, member.is_chair) == (
        user,
        panel,
        None,
        False,
    )
    assert user.full_name == "Ana Ruiz"
    assert user.check_password(STRONG_PASSWORD)
    assert list(user.groups.values_list("name", flat=True)) == [Role.PANELIST.value]
    address = EmailAddress.objects.get(user=user)
    assert (address.email, address.verified, address.primary) == ("ana@example.org", True, True)
    invitation.refresh_from_db()
    assert invitation.accepted_by == user
    assert invitation.accepted_at is not None
    grant, event = AuditEvent.objects.order_by("pk")[1:]
    assert (grant.action, grant.actor, grant.object_id, grant.data) == (
        "account.role_grant",
        user,
        str(user.pk),
        {"role": "Panelist"},
    )
    assert (event.action, event.actor, event.object_id, event.data) == (
        "panel.invitation_accept",
        user,
        str(invitation.pk),
        {"panel": panel.pk, "member": member.pk, "new_account": True},
    )


def test_invitation_accept_new_account_weak_password_is_refused(
    panel, staff, django_capture_on_commit_callbacks
):
    invitation, _ = invite(panel, staff, django_capture_on_commit_callbacks)

    with pytest.raises(InvalidInput, match="too common"):
        invitation_accept(invitation=invitation, full_name="Ana Ruiz", password="password")

    assert not User.objects.filter(email="ana@example.org").exists()
    assert PanelMember.objects.count() == 0
    assert AuditEvent.objects.count() == 1


def test_invitation_accept_existing_account_adds_role_and_seat(
    panel, staff, django_capture_on_commit_callbacks
):
    user = factories.nominator(email="ana@example.org", full_name="Ana Ruiz")
    invitation, _ = invite(panel, staff, django_capture_on_commit_callbacks)
    assert not is_panelist(user)

    member = invitation_accept(invitation=invitation, user=user)

    assert member.user == user
    assert is_panelist(user)  # the cached roles were refreshed
    assert set(user.groups.values_list("name", flat=True)) == {"Nominator", "Panelist"}
    assert AuditEvent.objects.order_by("pk").last().data["new_account"] is False


def test_invitation_accept_existing_account_by_someone_else_is_refused(
    panel, staff, django_capture_on_commit_callbacks
):
    factories.nominator(email="ana@example.org")
    invitation, _ = invite(panel, staff, django_capture_on_commit_callbacks)
    intruder = factories.panelist()

    with pytest.raises(NotPermitted):
        invitation_accept(invitation=invitation, user=intruder)
    with pytest.raises(NotPermitted):
        invitation_accept(invitation=invitation, full_name="X", password=STRONG_PASSWORD)

    assert PanelMember.objects.count() == 0
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_invitation_accept_twice_is_refused(panel, staff, django_capture_on_commit_callbacks):
    invitation, token = invite(panel, staff, django_capture_on_commit_callbacks)
    invitation_accept(invitation=invitation, full_name="Ana Ruiz", password=STRONG_PASSWORD)

    with pytest.raises(InvitationLinkError) as error:
        invitation_accept(invitation=invitation, full_name="Ana Ruiz", password=STRONG_PASSWORD)

    assert error.value.reason == "accepted"
    assert PanelMember.objects.count() == 1
    with pytest.raises(InvitationLinkError):
        invitation_for_token(token)
