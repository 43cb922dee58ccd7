import pytest
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse

from accounts.models import User
from core.audit_context import current_source_ip, refusals_recorded
from core.middleware import AuditContextMiddleware
from nominations.models import OutboxMessage
from tests.factories import nominator


def test_audit_context_middleware_exposes_remote_addr_during_the_request_only():
    seen = []
    middleware = AuditContextMiddleware(lambda request: seen.append(current_source_ip()))
    request = RequestFactory().get("/", REMOTE_ADDR="198.51.100.7")

    middleware(request)

    assert seen == ["198.51.100.7"]
    assert current_source_ip() is None


def test_audit_context_middleware_ignores_x_forwarded_for():
    seen = []
    middleware = AuditContextMiddleware(lambda request: seen.append(current_source_ip()))
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="203.0.113.66")

    middleware(request)

    assert seen == ["10.0.0.5"]


def test_audit_context_middleware_has_refusals_recorded_during_the_request_only():
    seen = []
    middleware = AuditContextMiddleware(lambda request: seen.append(refusals_recorded()))

    middleware(RequestFactory().get("/"))

    assert seen == [True]
    assert refusals_recorded() is False


CLOSED_PORT_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("account_login", {"login": "nora@example.org", "password": "correct horse battery"}),
        ("account_reset_password", {"email": "nora@example.org"}),
        (
            "account_signup",
            {
                "email": "new@example.org",
                "password1": "a long passphrase 42",
                "password2": "a long passphrase 42",
            },
        ),
    ],
)
def test_with_redis_down_sign_in_pages_answer_503_and_change_nothing(client, settings, url, data):
    """Decided: fail closed. The cache holds the sign-in limits and used MFA codes, so
    these pages refuse until it is back, with a page that says so (core.middleware)."""
    user = nominator(email="nora@example.org")
    settings.CACHES = CLOSED_PORT_REDIS
    users_before = list(User.objects.values_list("pk", flat=True))

    response = client.post(reverse(url), data)

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Signing in is unavailable for a moment" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert list(User.objects.values_list("pk", flat=True)) == users_before
    assert not OutboxMessage.objects.exists()
    assert mail.outbox == []
    user.refresh_from_db()
    assert user.last_login is None


@pytest.mark.django_db
def test_with_redis_down_pages_without_the_cache_still_work(client, settings):
    settings.CACHES = CLOSED_PORT_REDIS

    assert client.get(reverse("nominations:home")).status_code == 200
