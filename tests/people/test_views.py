"""The people pages: the list, a person's page and its actions, through the views."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from allauth.usersessions.models import UserSession
from django.urls import reverse

from accounts.rules import role_names
from core.models import AuditEvent
from tests.factories import UserFactory, award_staff, nominator, panelist

pytestmark = pytest.mark.django_db
PEOPLE = reverse("people:people")


def person_url(name: str, person) -> str:
    return reverse(f"people:{name}", args=[person.pk])


@pytest.fixture
def staff(client):
    user = award_staff(full_name="Sam Staff")
    client.force_login(user)
    return user


def test_the_list_shows_roles_and_second_factors(client, staff):
    person = panelist(full_name="Pat Panelist", email="pat@example.org")
    Authenticator.objects.create(user=person, type=Authenticator.Type.WEBAUTHN, data={})

    response = client.get(PEOPLE)

    row = next(row for row in response.context["rows"] if row.pk == person.pk)
    assert (row.role_list, row.factor_list) == (["Panelist"], ["Security key"])
    assert response.context["showing"] == "Showing 1–2 of 2 accounts"
    assert b"Pat Panelist" in response.content


def test_the_list_searches_by_name_or_address_and_by_role(client, staff):
    panelist(full_name="Pat Panelist", email="pat@example.org")
    nominator(full_name="Nina Nominator", email="nina@example.org")

    by_name = client.get(PEOPLE, {"q": "nina"})
    by_role = client.get(PEOPLE, {"role": "Panelist"})

    assert [row.email for row in by_name.context["rows"]] == ["nina@example.org"]
    assert [row.email for row in by_role.context["rows"]] == ["pat@example.org"]
    assert by_role.context["query"] == "role=Panelist"


@pytest.mark.parametrize("size", [2, 12])
def test_the_list_reads_a_fixed_number_of_queries(client, staff, django_assert_num_queries, size):
    for index in range(size):
        person = panelist()
        if index % 2:
            Authenticator.objects.create(user=person, type=Authenticator.Type.TOTP, data={})

    # Session, user and roles; the count and the page; their roles and factors; the
    # waiting invitations.
    with django_assert_num_queries(QUERY_BUDGET):
        response = client.get(PEOPLE)

    assert len(response.context["rows"]) == size + 1


QUERY_BUDGET = 8


def test_the_person_page_shows_roles_sessions_and_history(client, staff):
    person = nominator(full_name="Nina Nominator")
    client.post(person_url("role_grant", person), {"role": "Selecting official"})

    response = client.get(person_url("person", person))

    assert response.status_code == 200
    assert response.context["roles"] == ["Nominator", "Selecting official"]
    assert [event.action for event in response.context["history"]] == ["account.role_grant"]
    assert response.context["why_not"] == ""
    choices = [value for value, _ in response.context["grant_form"].fields["role"].choices]
    assert choices == ["Award staff", "Panelist"]


@pytest.mark.parametrize("size", [1, 6])
def test_the_person_page_reads_a_fixed_number_of_queries(
    client, staff, django_assert_num_queries, size
):
    person = panelist()
    for index in range(size):
        UserSession.objects.create(
            user=person, ip=f"198.51.100.{index + 1}", session_key=f"key-{index}", user_agent=""
        )
        client.post(person_url("role_grant", person), {"role": "Selecting official"})
        client.post(person_url("role_revoke", person), {"role": "Selecting official"})

    # Session, user and roles; the person, their roles, factors, sessions, identity
    # providers and history.
    with django_assert_num_queries(PERSON_QUERY_BUDGET):
        response = client.get(person_url("person", person))

    assert len(response.context["sessions"]) == size
    assert len(response.context["history"]) == 2 * size


PERSON_QUERY_BUDGET = 9


def test_the_person_page_names_the_identity_providers_they_sign_in_through(client, staff):
    person = nominator()
    SocialAccount.objects.create(user=person, provider="login-gov", uid="sub-123")

    response = client.get(person_url("person", person))

    assert response.context["identity_providers"] == ["login-gov"]
    assert "Login.gov" in response.content.decode()


def test_the_person_page_of_oneself_offers_no_change(client, staff):
    response = client.get(person_url("person", staff))

    assert "your own" in response.context["why_not"]
    assert reverse("people:role_grant", args=[staff.pk]).encode() not in response.content


def test_an_unknown_person_is_404(client, staff):
    assert client.get(reverse("people:person", args=[99999])).status_code == 404


def test_granting_and_removing_through_the_page(client, staff):
    person = nominator()

    granted = client.post(person_url("role_grant", person), {"role": "Award staff"})
    removed = client.post(person_url("role_revoke", person), {"role": "Nominator"})

    assert granted["Location"] == person_url("person", person)
    assert removed["Location"] == person_url("person", person)
    assert role_names(type(person).objects.get(pk=person.pk)) == {"Award staff"}


def test_removing_ones_own_role_is_refused_and_audited(client, staff):
    response = client.post(person_url("role_revoke", staff), {"role": "Award staff"}, follow=True)

    assert role_names(type(staff).objects.get(pk=staff.pk)) == {"Award staff"}
    assert "ask another member of staff" in response.content.decode()
    assert list(
        AuditEvent.objects.filter(action="account.role_remove").values_list("outcome", "actor_id")
    ) == [("denied", staff.pk)]


def test_a_missing_reason_is_shown_next_to_the_field(client, staff):
    person = nominator()

    response = client.post(person_url("deactivate", person), {"deactivate-reason": ""})

    assert response.status_code == 200
    assert response.context["deactivate_form"].errors["reason"] == [
        "Say why the account is deactivated, for the record."
    ]
    assert type(person).objects.get(pk=person.pk).is_active is True


def test_deactivate_end_sessions_and_reset_through_the_page(client, staff):
    person = award_staff()
    Authenticator.objects.create(user=person, type=Authenticator.Type.WEBAUTHN, data={})

    client.post(person_url("sessions_end", person))
    client.post(person_url("mfa_reset", person), {"mfa-reason": "Seen in person with badge."})
    client.post(person_url("deactivate", person), {"deactivate-reason": "Left the office."})

    stored = type(person).objects.get(pk=person.pk)
    assert stored.is_active is False
    assert not Authenticator.objects.filter(user=person).exists()
    assert list(
        AuditEvent.objects.filter(object_id=str(person.pk))
        .order_by("pk")
        .values_list("action", "actor_id")
    ) == [
        ("account.sessions_end", staff.pk),
        ("account.mfa_reset", staff.pk),
        ("account.deactivate", staff.pk),
    ]


def test_an_administrator_is_shown_but_not_changed(client, staff):
    admin = UserFactory(is_superuser=True, is_staff=True)

    page = client.get(person_url("person", admin))
    response = client.post(person_url("deactivate", admin), {"deactivate-reason": "No."})

    assert "administrator" in page.context["why_not"]
    assert response.status_code == 302
    assert type(admin).objects.get(pk=admin.pk).is_active is True


def test_invite_page_shows_errors_next_to_the_fields(client, staff):
    response = client.post(reverse("people:invite"), {"full_name": "", "email": "nope"})

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"full_name", "email", "role"}


def test_invite_page_sends_and_lists_the_invitation(client, staff):
    response = client.post(
        reverse("people:invite"),
        {
            "full_name": "Nora Official",
            "email": "nora@state.example.gov",
            "role": "Selecting official",
        },
        follow=True,
    )

    assert [i.email for i in response.context["invitations"]] == ["nora@state.example.gov"]
    assert "Invitation sent to nora@state.example.gov" in response.content.decode()
