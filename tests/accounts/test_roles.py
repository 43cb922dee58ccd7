import importlib

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.urls import reverse

from accounts.roles import MFA_REQUIRED_ROLES, Role
from accounts.rules import (
    forget_role_names,
    has_role,
    is_award_staff,
    is_nominator,
    is_panelist,
    is_selecting_official,
    needs_mfa,
    needs_security_key,
    primary_role,
    role_names,
)
from tests.factories import UserFactory, award_staff, nominator, panelist, selecting_official

roles_migration = importlib.import_module("accounts.migrations.0002_roles")


@pytest.mark.django_db
def test_roles_migration_creates_the_four_groups():
    assert sorted(Group.objects.values_list("name", flat=True)) == [
        "Award staff",
        "Nominator",
        "Panelist",
        "Selecting official",
    ]


def test_roles_migration_names_match_role_enum():
    assert sorted(roles_migration.ROLE_NAMES) == sorted(role.value for role in Role)


@pytest.mark.django_db
def test_roles_migration_rerun_adds_no_duplicates():
    from django.apps import apps

    roles_migration.create_roles(apps, None)

    assert Group.objects.count() == 4


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("make_user", "expected"),
    [
        (nominator, (True, False, False, False)),
        (award_staff, (False, True, False, False)),
        (panelist, (False, False, True, False)),
        (selecting_official, (False, False, False, True)),
    ],
)
def test_role_predicates_per_role(make_user, expected):
    user = make_user()

    result = (
        is_nominator(user),
        is_award_staff(user),
        is_panelist(user),
        is_selecting_official(user),
    )

    assert result == expected


def test_role_predicates_no_user_has_no_role():
    assert (role_names(None), needs_mfa(None), primary_role(None)) == (frozenset(), False, None)


def test_role_predicates_anonymous_has_no_role():
    anonymous = AnonymousUser()

    assert role_names(anonymous) == frozenset()
    assert has_role(anonymous, Role.NOMINATOR) is False
    assert needs_mfa(anonymous) is False
    assert primary_role(anonymous) is None


@pytest.mark.django_db
def test_role_names_reads_groups_once_per_user_object(django_assert_num_queries):
    user = UserFactory(roles=[Role.PANELIST, Role.NOMINATOR])

    with django_assert_num_queries(1):
        first = role_names(user)
        second = role_names(user)
        is_panelist(user)

    assert first == second == frozenset({"Panelist", "Nominator"})


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("roles", "expected"),
    [
        ([Role.NOMINATOR], False),
        ([Role.AWARD_STAFF], True),
        ([Role.PANELIST], True),
        ([Role.SELECTING_OFFICIAL], True),
        ([Role.NOMINATOR, Role.PANELIST], True),
        ([], False),
    ],
)
def test_needs_mfa_per_role(roles, expected):
    user = UserFactory(roles=roles)

    assert needs_mfa(user) is expected


def test_mfa_required_roles_are_all_but_nominator():
    assert set(MFA_REQUIRED_ROLES) == set(Role) - {Role.NOMINATOR}


@pytest.mark.django_db
@pytest.mark.parametrize(("flag"), ["is_staff", "is_superuser"])
def test_needs_mfa_for_admin_users_without_role(flag):
    user = UserFactory(**{flag: True})

    assert needs_mfa(user) is True


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("roles", "expected"),
    [
        ([Role.NOMINATOR], Role.NOMINATOR),
        ([Role.PANELIST, Role.NOMINATOR], Role.PANELIST),
        ([Role.PANELIST, Role.SELECTING_OFFICIAL], Role.SELECTING_OFFICIAL),
        ([Role.AWARD_STAFF, Role.SELECTING_OFFICIAL], Role.AWARD_STAFF),
        ([], None),
    ],
)
def test_primary_role_most_privileged_first(roles, expected):
    assert primary_role(UserFactory(roles=roles)) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("make_user", "expected"),
    [
        (nominator, "/my/nominations/"),
        (award_staff, "/staff/"),
        (panelist, "/review/"),
        (selecting_official, "/selection/"),
        (UserFactory, "/my/nominations/"),
    ],
)
def test_landing_redirects_to_role_home(client, make_user, expected):
    client.force_login(make_user())

    response = client.get(reverse("accounts:landing"))

    assert response.status_code == 302
    assert response["Location"] == expected


@pytest.mark.django_db
def test_landing_anonymous_sent_to_login(client):
    response = client.get(reverse("accounts:landing"))

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/start/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("make_user", "expected"),
    [
        (award_staff, True),
        (selecting_official, True),
        (panelist, False),
        (nominator, False),
        (lambda: UserFactory(is_staff=True), True),
        (lambda: UserFactory(is_superuser=True), True),
    ],
)
def test_needs_security_key_per_role(make_user, expected):
    assert needs_security_key(make_user()) is expected


def test_needs_security_key_not_for_anyone_signed_out():
    assert (needs_security_key(None), needs_security_key(AnonymousUser())) == (False, False)


@pytest.mark.django_db
def test_forget_role_names_makes_the_next_read_see_a_change():
    user = nominator()
    assert role_names(user) == {"Nominator"}
    user.groups.add(Group.objects.get(name=Role.PANELIST))

    stale = role_names(user)
    forget_role_names(user)

    assert stale == {"Nominator"}
    assert role_names(user) == {"Nominator", "Panelist"}


@pytest.mark.django_db
def test_forget_role_names_through_the_requests_lazy_user_and_of_no_user():
    from django.utils.functional import SimpleLazyObject

    user = nominator()
    lazy = SimpleLazyObject(lambda: user)
    role_names(user)

    forget_role_names(lazy)
    forget_role_names(None)
    forget_role_names(nominator())  # nothing cached: nothing to drop

    assert "_role_names" not in vars(user)
