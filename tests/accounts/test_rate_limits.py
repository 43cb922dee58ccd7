import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import nominator

PASSWORD = "correct horse battery staple"
TOO_MANY = "Too many failed login attempts. Try again later."


def _log_in(client, email: str, password: str):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def _verified_nominator():
    user = nominator()
    user.emailaddress_set.create(email=user.email, verified=True, primary=True)
    return user


def test_rate_limits_configured():
    assert settings.ACCOUNT_RATE_LIMITS["login_failed"] == "10/m/ip,5/5m/key"


@pytest.mark.django_db
def test_rate_limit_login_refused_after_five_failures_for_one_address(client):
    user = _verified_nominator()
    failures = [_log_in(client, user.email, "wrong password 1").status_code for _ in range(5)]

    refused = _log_in(client, user.email, PASSWORD)

    assert failures == [200] * 5
    assert refused.status_code == 200
    assert refused.context["form"].non_field_errors() == [TOO_MANY]
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_rate_limit_four_failures_still_allow_login(client):
    user = _verified_nominator()
    for _ in range(4):
        _log_in(client, user.email, "wrong password 1")

    response = _log_in(client, user.email, PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_rate_limit_is_per_address(client):
    target = _verified_nominator()
    other = _verified_nominator()
    for _ in range(5):
        _log_in(client, target.email, "wrong password 1")

    response = _log_in(client, other.email, PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(other.pk)
