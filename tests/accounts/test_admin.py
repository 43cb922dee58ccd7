import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from tests.factories import UserFactory, panelist


@pytest.mark.django_db
def test_createsuperuser_noinput_from_environment(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_EMAIL", "Root@Example.gov")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "an admin passphrase 2024")

    call_command("createsuperuser", "--noinput", verbosity=0)

    user = User.objects.get()
    assert (user.email, user.is_staff, user.is_superuser) == ("root@example.gov", True, True)
    assert user.check_password("an admin passphrase 2024") is True


@pytest.mark.django_db
def test_admin_user_changelist_for_superuser(client):
    admin_user = UserFactory(is_staff=True, is_superuser=True, full_name="Ada Admin")
    panelist(email="pat@example.org", full_name="Pat Panel")
    client.force_login(admin_user)

    response = client.get(reverse("admin:accounts_user_changelist"))

    assert response.status_code == 200
    rows = {u.email: u for u in response.context["cl"].result_list}
    assert sorted(rows) == ["pat@example.org", admin_user.email]
    assert response.context["cl"].model_admin.role_list(rows["pat@example.org"]) == "Panelist"
    assert "Ada Admin" in response.content.decode()


@pytest.mark.django_db
def test_admin_user_changelist_query_budget(client, django_assert_num_queries):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    for _ in range(5):
        panelist()
    url = reverse("admin:accounts_user_changelist")
    client.get(url)

    with django_assert_num_queries(8):
        small = client.get(url)
    for _ in range(20):
        panelist()
    with django_assert_num_queries(8):
        large = client.get(url)

    assert (small.status_code, large.status_code) == (200, 200)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["admin:accounts_user_add", "admin:accounts_user_change"], ids=["add", "change"]
)
def test_admin_user_forms_render(client, name):
    admin_user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    args = [admin_user.pk] if name.endswith("change") else []

    response = client.get(reverse(name, args=args))

    assert response.status_code == 200
    assert "username" not in response.context["adminform"].form.fields


@pytest.mark.django_db
def test_admin_add_user_by_email(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "New.Staff@Example.gov",
            "full_name": "New Staff",
            "usable_password": "true",
            "password1": "a staff passphrase 99",
            "password2": "a staff passphrase 99",
        },
    )

    user = User.objects.get(email="new.staff@example.gov")
    assert response.status_code == 302
    assert user.full_name == "New Staff"
    assert user.check_password("a staff passphrase 99") is True


@pytest.mark.django_db
def test_admin_add_user_duplicate_email_differing_in_case_refused(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    UserFactory(email="taken@example.gov")

    response = client.post(
        reverse("admin:accounts_user_add"),
        {"email": "TAKEN@example.gov", "usable_password": "false"},
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["email"] == [
        "A user with this email address already exists."
    ]
    assert User.objects.filter(email__iexact="taken@example.gov").count() == 1


@pytest.mark.django_db
def test_admin_login_goes_through_allauth(client):
    response = client.get("/admin/login/?next=/admin/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"


@pytest.mark.django_db
def test_admin_refuses_signed_in_non_staff(client):
    client.force_login(panelist())

    response = client.get("/admin/login/")

    assert response.status_code == 403


@pytest.mark.django_db
def test_admin_is_closed_to_a_staff_flag_without_superuser(client):
    user = UserFactory(is_staff=True, is_superuser=False)
    client.force_login(user)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
