"""The invitation link page: dead links, existing accounts, new accounts, and onward."""

import datetime as dt

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, TOTP, generate_totp_secret
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from core.links import token_hash
from core.models import AuditEvent
from nominations.states import CycleState
from reviews.models import PanelInvitation, PanelMember
from reviews.views.invitations import PENDING_INVITATION
from tests import factories
from tests.accounts.totp import current_code
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

TOKEN = "T" * 43
STRONG_PASSWORD = "violet otter harbour 93"


@pytest.fixture
def invitation():
    panel = factories.panel_of(factories.CycleFactory(state=CycleState.CLOSED, configured=False))
    return PanelInvitation.objects.create(
        panel=panel,
        email="ana@example.org",
        full_name="Ana Ruiz",
        token_hash=token_hash(TOKEN),
        invited_by=factories.award_staff(),
        expires_at=timezone.now() + timezone.timedelta(days=14),
    )


URL = reverse("reviews:invitation_accept", args=[TOKEN])


def setup_data(**overrides):
    return {
        "full_name": "Ana Ruiz",
        "password1": STRONG_PASSWORD,
        "password2": STRONG_PASSWORD,
        **overrides,
    }


# -- dead links ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "status", "heading"),
    [
        ({"token_hash": "0" * 64}, 404, "This link is not valid"),
        ({"expires_at": timezone.now()}, 410, "This link has expired"),
        ({"revoked_at": timezone.now()}, 410, "This invitation was withdrawn"),
    ],
)
def test_invitation_link_unusable_says_why_without_details(
    client, invitation, change, status, heading
):
    PanelInvitation.objects.filter(pk=invitation.pk).update(**change)

    response = client.get(URL)
    posted = client.post(URL, setup_data())

    body = response.content.decode()
    assert (response.status_code, posted.status_code) == (status, status)
    assert heading in body
    assert "ana@example.org" not in body
    assert "Ana Ruiz" not in body
    assert invitation.panel.cycle.program.short_name not in body
    assert response["Cache-Control"] == "private, no-store"
    assert not User.objects.filter(email="ana@example.org").exists()


def test_invitation_page_names_the_zone_of_an_expiry_the_clocks_repeat(
    monkeypatch, client, invitation
):
    # 05:30 UTC on November 1, 2026 is the first 1:30 a.m. in New York that night, before
    # the clocks go back.
    monkeypatch.setattr(
        "django.utils.timezone.now", lambda: dt.datetime(2026, 10, 20, 12, 0, tzinfo=dt.UTC)
    )
    invitation.panel.cycle.time_zone = "America/New_York"
    invitation.panel.cycle.save(update_fields=["time_zone"])
    PanelInvitation.objects.filter(pk=invitation.pk).update(
        expires_at=dt.datetime(2026, 11, 1, 5, 30, tzinfo=dt.UTC)
    )

    response = client.get(URL)

    assert response.status_code == 200
    assert (
        "This invitation is for ana@example.org and works until November 1, 2026, "
        "1:30 a.m. EDT.</p>"
    ) in response.content.decode()


def test_invitation_link_used_twice_is_gone(client, invitation):
    first = client.post(URL, setup_data())
    client.logout()

    second = client.post(URL, setup_data(full_name="Someone Else"))

    assert first.status_code == 302
    assert second.status_code == 410
    assert "already been accepted" in second.content.decode()
    assert PanelMember.objects.count() == 1
    assert User.objects.get(email="ana@example.org").full_name == "Ana Ruiz"


# -- new account --------------------------------------------------------------------------------


def test_invitation_new_account_form_prefills_name_and_fixes_email(client, invitation):
    response = client.get(URL)

    body = response.content.decode()
    assert response.status_code == 200
    assert response.context["mode"] == "setup"
    assert response.context["form"]["full_name"].value() == "Ana Ruiz"
    assert 'value="ana@example.org" readonly' in body
    assert response["Cache-Control"] == "private, no-store"


def test_invitation_new_account_is_signed_in_panelist_sent_to_attestation(client, invitation):
    response = client.post(URL, setup_data(full_name=" Ana  Ruiz "))

    assert response.status_code == 302
    assert response["Location"] == reverse("reviews:attestation_sign", args=[invitation.panel_id])
    user = User.objects.get(email="ana@example.org")
    assert user.full_name == "Ana Ruiz"
    assert list(user.groups.values_list("name", flat=True)) == ["Panelist"]
    address = EmailAddress.objects.get(user=user)
    assert (address.verified, address.primary) == (True, True)
    assert PanelMember.objects.get().user == user
    assert int(client.session["_auth_user_id"]) == user.pk
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert page.context["member"].user == user


def test_invitation_new_account_with_mfa_required_goes_to_enrolment(client, invitation, settings):
    settings.AWARDS_REQUIRE_MFA = True

    response = client.post(URL, setup_data())

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    # The attestation waits until enrolment: the middleware holds the panelist there.
    attestation = client.get(reverse("reviews:attestation_sign", args=[invitation.panel_id]))
    assert attestation["Location"] == reverse("mfa_activate_totp")


def test_invitation_new_account_weak_password_errors_next_to_field_keep_name(client, invitation):
    response = client.post(
        URL, setup_data(full_name="Ana Q. Ruiz", password1="password", password2="password")
    )

    body = response.content.decode()
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {
        "password1": [
            "This password is too short. It must contain at least 12 characters.",
            "This password is too common.",
        ]
    }
    assert 'id="id_password1-error"' in body
    assert 'value="Ana Q. Ruiz"' in body
    assert not User.objects.filter(email="ana@example.org").exists()
    assert AuditEvent.objects.count() == 0


def test_invitation_new_account_mismatched_passwords(client, invitation):
    response = client.post(URL, setup_data(password2="something else entirely"))

    assert response.context["form"].errors == {"password2": ["The two passwords do not match."]}
    assert not User.objects.filter(email="ana@example.org").exists()


def test_invitation_signed_in_as_someone_else_is_asked_to_sign_out(client, invitation):
    other = factories.nominator()
    client.force_login(other)

    page = client.get(URL)
    posted = client.post(URL, setup_data())

    assert page.context["mode"] == "other_account"
    assert "but this invitation is for another account" in page.content.decode()
    assert posted.status_code == 200
    assert not User.objects.filter(email="ana@example.org").exists()
    assert PanelMember.objects.count() == 0


# -- existing account ---------------------------------------------------------------------------


def test_invitation_existing_account_anonymous_is_asked_to_sign_in(client, invitation):
    factories.nominator(email="ana@example.org")

    response = client.get(URL)
    posted = client.post(URL, setup_data())

    assert response.context["mode"] == "sign_in"
    # Back by way of the resume page: the token never rides in the sign-in's `next`.
    assert f'href="{reverse("account_login")}?next=%2Freview%2Finvitations%2Fresume%2F"' in (
        response.content.decode()
    )
    assert posted.status_code == 200
    assert PanelMember.objects.count() == 0


def test_invitation_sign_in_comes_back_to_the_link_and_keeps_no_token_in_the_session(
    client, invitation
):
    user = factories.nominator(email="ana@example.org")
    client.get(URL)
    stored = client.session[PENDING_INVITATION]
    client.force_login(user)

    resumed = client.get(reverse("reviews:invitation_resume"))

    assert TOKEN not in str(dict(client.session))
    assert TOKEN not in stored
    assert resumed.status_code == 302
    assert resumed["Location"] == URL
    assert client.get(URL).context["mode"] == "confirm"
    # The resume page works once; opened again it only says to use the email's link.
    again = client.get(reverse("reviews:invitation_resume"))
    assert again.status_code == 404
    assert "Open the link in your invitation email again." in again.content.decode()


def test_invitation_existing_account_signed_in_confirms_and_joins(client, invitation):
    user = factories.nominator(email="ana@example.org", full_name="Ana Ruiz")
    client.force_login(user)

    page = client.get(URL)
    response = client.post(URL)

    assert page.context["mode"] == "confirm"
    assert response.status_code == 302
    assert response["Location"] == reverse("reviews:attestation_sign", args=[invitation.panel_id])
    assert PanelMember.objects.get().user == user
    assert set(user.groups.values_list("name", flat=True)) == {"Nominator", "Panelist"}
    grant, event = AuditEvent.objects.all()
    assert (grant.action, grant.actor, grant.object_id, grant.data) == (
        "account.role_grant",
        user,
        str(user.pk),
        {"role": "Panelist"},
    )
    assert (event.action, event.actor, event.data["new_account"]) == (
        "panel.invitation_accept",
        user,
        False,
    )


def test_invitation_existing_account_needing_mfa_goes_to_enrolment(client, invitation, settings):
    settings.AWARDS_REQUIRE_MFA = True
    user = factories.nominator(email="ana@example.org")
    client.force_login(user)

    response = client.post(URL)

    assert response["Location"] == reverse("mfa_activate_totp")


def signed_in_with_code(client, user) -> None:
    """allauth's two sign-in steps: the password, then the authenticator's code."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    user.emailaddress_set.create(email=user.email, verified=True, primary=True)
    client.post(reverse("account_login"), {"login": user.email, "password": TEST_PASSWORD})
    done = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert done.status_code == 302


def test_invitation_existing_account_with_mfa_goes_to_attestation(client, invitation, settings):
    settings.AWARDS_REQUIRE_MFA = True
    user = factories.panelist(email="ana@example.org")
    signed_in_with_code(client, user)

    response = client.post(URL)

    assert response["Location"] == reverse("reviews:attestation_sign", args=[invitation.panel_id])


def test_invitation_existing_account_session_without_the_code_is_signed_out(
    client, invitation, settings
):
    settings.AWARDS_REQUIRE_MFA = True
    user = factories.panelist(email="ana@example.org")
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})
    client.force_login(user)

    response = client.post(URL)

    assert response["Location"] == f"{reverse('account_login')}?next={URL}"
    assert PanelMember.objects.filter(user=user).count() == 0
    assert AuditEvent.objects.count() == 0


# Committed for real: allauth announces the new authenticator app on commit, during the
# request, and the session must be saved after that.
@pytest.mark.django_db(transaction=True)
def test_invitation_new_account_enrols_then_reaches_the_attestation(invitation, client, settings):
    """The invitation signs the new panelist in by password (perform_login); enrolling
    an authenticator app in that session proves the second factor for it."""
    settings.AWARDS_REQUIRE_MFA = True
    client.post(URL, setup_data())
    attestation = reverse("reviews:attestation_sign", args=[invitation.panel_id])
    client.post(reverse("account_reauthenticate"), {"password": setup_data()["password1"]})
    client.get(reverse("mfa_activate_totp"))
    secret = client.session[SECRET_SESSION_KEY]

    client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)})
    page = client.get(attestation)

    assert page.status_code == 200
    assert page.context["member"].user.email == "ana@example.org"
