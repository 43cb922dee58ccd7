"""Fixtures for the account tests: a fresh cache, and signing in through allauth."""

import pytest
from django.core.cache import cache
from django.urls import reverse

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _empty_cache():
    """allauth keeps rate-limit counters and used TOTP codes in the cache."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def sign_in(client):
    """Signs in through allauth's own login form, then confirms the password on the
    re-authentication page, as allauth's MFA pages ask before adding an authenticator."""

    def _sign_in(user, password: str = PASSWORD):
        user.emailaddress_set.update_or_create(
            email=user.email, defaults={"verified": True, "primary": True}
        )
        response = client.post(
            reverse("account_login"), {"login": user.email, "password": password}
        )
        assert response.status_code == 302
        confirmed = client.post(reverse("account_reauthenticate"), {"password": password})
        assert confirmed.status_code == 302
        return response

    return _sign_in
