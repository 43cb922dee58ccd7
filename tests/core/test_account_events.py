"""Account events in the audit log, through the real pages (core/account_events.py)."""

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    TOTP,
    generate_totp_secret,
)
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from accounts.models import User
from accounts.roles import Role, roles_changed_by
from core.models import AuditEvent
from core.selectors.audit import audit_chain_verify
from tests.accounts.totp import current_code
from tests.factories import TEST_PASSWORD, UserFactory, award_staff, nominator

pytestmark = pytest.mark.django_db

ADDRESS = "203.0.113.7"
NEW_PASSWORD = "a different long passphrase 77"
FIELDS = (
    "action",
    "outcome",
    "actor_id",
    "actor_role",
    "object_type",
    "object_id",
    "data",
    "source_ip",
)


@pytest.fixture(autouse=True)
def _empty_cache():
    """allauth keeps rate-limit counters and used TOTP codes in the cache."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def client():
    return Client(REMOTE_ADDR=ADDRESS)


def rows(after: int = 0) -> list[tuple]:
    return list(AuditEvent.objects.filter(pk__gt=after).values_list(*FIELDS))


def newest() -> int:
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def event(action, user, *, actor=None, role="", data=None, outcome="done", ip=ADDRESS):
    """The row an account event on `user` should be."""
    return (
        action,
        outcome,
        actor.pk if actor is not None else None,
        role,
        "accounts.user" if user is not None else "",
        str(user.pk) if user is not None else "",
        data or {},
        ip,
    )


def chain_holds(count: int) -> bool:
    report = audit_chain_verify()
    return report.ok and report.events_checked == count


def verified(user):
    user.emailaddress_set.update_or_create(
        email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


def password_step(client, user, password=TEST_PASSWORD):
    return client.post(reverse("account_login"), {"login": user.email, "password": password})


def signed_in_for_mfa_pages(client, user):
    """Signed in by password, then the password confirmed again, as allauth's MFA pages
    ask before changing an authenticator."""
    assert password_step(client, verified(user)).status_code == 302
    assert client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD}).status_code
    return newest()


# -- signing in and out ---------------------------------------------------------------------


def test_sign_in_records_the_account_its_methods_and_address(client):
    user = verified(nominator())

    response = password_step(client, user)

    assert response.status_code == 302
    assert rows() == [
        event(
            "account.sign_in",
            user,
            actor=user,
            role="Nominator",
            data={"methods": ["password"]},
        )
    ]
    assert chain_holds(1)


def test_sign_in_with_the_code_records_both_methods(client):
    user = verified(award_staff())
    secret = generate_totp_secret()
    TOTP.activate(user, secret)

    password = password_step(client, user)
    done = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})

    assert (password.status_code, done.status_code) == (302, 302)
    assert rows() == [
        event(
            "account.sign_in",
            user,
            actor=user,
            role="Award staff",
            data={"methods": ["password", "mfa"]},
        )
    ]
    assert chain_holds(1)


def test_failed_sign_in_names_the_account_and_nothing_typed(client):
    user = verified(nominator(email="nora@example.org"))

    response = client.post(
        reverse("account_login"), {"login": "Nora@Example.ORG", "password": "wrong guess 123"}
    )

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert rows() == [event("account.sign_in", user, outcome="denied", data={"method": "password"})]
    content = AuditEvent.objects.get().canonical_content()
    assert "Nora@Example.ORG" not in content
    assert "wrong guess 123" not in content
    assert chain_holds(1)


def test_failed_sign_in_with_an_unknown_address_records_no_address(client):
    verified(nominator(email="nora@example.org"))

    response = client.post(
        reverse("account_login"),
        {"login": "norra@example.org", "password": TEST_PASSWORD},
    )

    assert response.status_code == 200
    assert rows() == [event("account.sign_in", None, outcome="denied", data={"method": "password"})]
    stored = AuditEvent.objects.get()
    assert (stored.actor_email, stored.object_repr, stored.note) == ("", "", "")
    assert "norra" not in stored.canonical_content()
    assert TEST_PASSWORD not in stored.canonical_content()
    assert chain_holds(1)


def test_attempts_refused_by_the_login_limit_record_nothing(client):
    user = verified(nominator())
    wrong = {"login": user.email, "password": "wrong guess 123"}

    for _ in range(5):
        assert client.post(reverse("account_login"), wrong).status_code == 200
    refused = client.post(reverse("account_login"), wrong)

    assert "Too many failed login attempts" in refused.content.decode()
    assert rows() == 5 * [
        event("account.sign_in", user, outcome="denied", data={"method": "password"})
    ]


def test_wrong_code_after_the_right_password_is_a_failed_sign_in(client):
    user = verified(award_staff())
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    password_step(client, user)
    wrong = "000000" if current_code(secret) != "000000" else "111111"

    response = client.post(reverse("mfa_authenticate"), {"code": wrong})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert rows() == [event("account.sign_in", user, outcome="denied", data={"method": "mfa"})]
    assert wrong not in AuditEvent.objects.get().canonical_content()


def test_sign_out_is_recorded(client):
    user = verified(nominator())
    password_step(client, user)
    before = newest()

    response = client.post(reverse("account_logout"))

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert rows(before) == [event("account.sign_out", user, actor=user, role="Nominator")]
    assert chain_holds(2)


def test_sign_out_page_without_a_session_records_nothing(client):
    response = client.post(reverse("account_logout"))

    assert response.status_code == 302
    assert rows() == []


# -- multi-factor authentication ----------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_authenticator_app_added_and_removed_through_allauth(client):
    # allauth announces enrolment once its transaction commits, hence a real commit here.
    user = nominator()
    start = signed_in_for_mfa_pages(client, user)
    client.get(reverse("mfa_activate_totp"))
    secret = client.session[SECRET_SESSION_KEY]

    added = client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)})
    after_adding = newest()
    removed = client.post(reverse("mfa_deactivate_totp"))

    assert (added.status_code, removed.status_code) == (302, 302)
    assert not Authenticator.objects.filter(user=user).exists()
    mine = {"actor": user, "role": "Nominator"}
    assert rows(start) == [
        event("account.mfa_add", user, data={"type": "totp"}, **mine),
        event("account.mfa_add", user, data={"type": "recovery_codes"}, **mine),
        event("account.mfa_remove", user, data={"type": "totp"}, **mine),
        event("account.mfa_remove", user, data={"type": "recovery_codes"}, **mine),
    ]
    assert rows(after_adding)[0][0] == "account.mfa_remove"
    content = "".join(e.canonical_content() for e in AuditEvent.objects.all())
    assert secret not in content
    assert chain_holds(AuditEvent.objects.count())


# -- passwords ------------------------------------------------------------------------------


def test_password_change_is_recorded_without_the_password(client):
    user = verified(nominator())
    password_step(client, user)
    before = newest()

    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": TEST_PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert rows(before) == [event("account.password_change", user, actor=user, role="Nominator")]
    assert NEW_PASSWORD not in AuditEvent.objects.last().canonical_content()
    assert chain_holds(2)


def test_password_set_by_an_account_without_one_is_recorded(client):
    user = verified(nominator())
    user.set_unusable_password()
    user.save()
    client.force_login(user)

    response = client.post(
        reverse("account_set_password"), {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )

    assert response.status_code == 302
    assert rows() == [event("account.password_set", user, actor=user, role="Nominator")]


def test_password_reset_through_the_link_is_recorded_with_no_actor(client):
    user = verified(nominator())
    key = default_token_generator.make_token(user)
    link = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": key},
    )

    form_page = client.get(link)
    done = client.post(
        form_page["Location"], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )

    assert form_page.status_code == 302
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert rows() == [event("account.password_reset", user)]
    assert key not in AuditEvent.objects.get().canonical_content()
    assert chain_holds(1)


# -- roles ----------------------------------------------------------------------------------


def admin_change(client, admin_user, user, roles: list[Role]):
    client.force_login(admin_user)
    return client.post(
        reverse("admin:accounts_user_change", args=[user.pk]),
        {
            "email": user.email,
            "full_name": user.full_name,
            "is_active": "on",
            "groups": [Group.objects.get(name=role).pk for role in roles],
            "user_permissions": [],
        },
    )


def test_admin_user_form_grants_and_removes_roles_in_the_admins_name(client):
    admin_user = UserFactory(is_staff=True, is_superuser=True)
    user = nominator()

    granted = admin_change(
        client, admin_user, user, [Role.NOMINATOR, Role.PANELIST, Role.AWARD_STAFF]
    )
    after_grant = newest()
    removed = admin_change(client, admin_user, user, [Role.AWARD_STAFF])

    assert (granted.status_code, removed.status_code) == (302, 302)
    assert sorted(user.groups.values_list("name", flat=True)) == ["Award staff"]
    by_admin = {"actor": admin_user, "role": ""}
    assert rows() == [
        event("account.role_grant", user, data={"role": "Award staff"}, **by_admin),
        event("account.role_grant", user, data={"role": "Panelist"}, **by_admin),
        event("account.role_remove", user, data={"role": "Nominator"}, **by_admin),
        event("account.role_remove", user, data={"role": "Panelist"}, **by_admin),
    ]
    assert len(rows(after_grant)) == 2
    assert chain_holds(4)


def test_admin_user_form_saved_without_role_changes_records_none(client):
    admin_user = UserFactory(is_staff=True, is_superuser=True)
    user = nominator()

    response = admin_change(client, admin_user, user, [Role.NOMINATOR])

    assert response.status_code == 302
    assert rows() == []


def test_sign_up_grants_the_nominator_role_in_the_new_accounts_name(client):
    response = client.post(
        reverse("account_signup"),
        {
            "full_name": "New Person",
            "email": "new@example.org",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )

    assert response.status_code == 302
    user = User.objects.get(email="new@example.org")
    assert rows() == [
        event("account.role_grant", user, actor=user, role="Nominator", data={"role": "Nominator"})
    ]


def test_role_changes_from_the_group_side_are_recorded_per_person():
    admin_user = UserFactory(is_staff=True, is_superuser=True)
    first, second = nominator(), nominator()
    panelists = Group.objects.get(name=Role.PANELIST)

    with roles_changed_by(admin_user):
        panelists.user_set.add(first, second)
        panelists.user_set.remove(first)

    by_admin = {"actor": admin_user, "role": "", "data": {"role": "Panelist"}, "ip": None}
    assert rows() == [
        event("account.role_grant", first, **by_admin),
        event("account.role_grant", second, **by_admin),
        event("account.role_remove", first, **by_admin),
    ]


def test_removing_a_role_the_person_lacks_records_nothing():
    user = nominator()

    user.groups.remove(Group.objects.get(name=Role.PANELIST))

    assert rows() == []


def test_role_changes_outside_a_named_block_have_no_actor():
    user = UserFactory(roles=[Role.NOMINATOR, Role.PANELIST])

    user.groups.clear()

    assert rows() == [
        event("account.role_remove", user, data={"role": "Nominator"}, ip=None),
        event("account.role_remove", user, data={"role": "Panelist"}, ip=None),
    ]
    assert user.groups.count() == 0
