"""The client's address behind proxies: the rule (core.client_address), and that the audit
log and allauth's per-address sign-in limits both use it."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from core.client_address import client_address
from core.middleware import ClientAddressMiddleware
from core.models import AuditEvent
from tests.factories import nominator

PROXY = "10.0.0.2"
PASSWORD = "correct horse battery staple"


@pytest.mark.parametrize(
    ("meta", "settings_", "expected"),
    [
        ({"REMOTE_ADDR": PROXY}, {}, PROXY),
        ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.9"}, {}, PROXY),
        (
            {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.9"},
            {"proxy_count": 1},
            "203.0.113.9",
        ),
        # The client wrote the left entries itself; only the proxy's own is believed.
        (
            {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "1.2.3.4, 203.0.113.9"},
            {"proxy_count": 1},
            "203.0.113.9",
        ),
        (
            {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "1.2.3.4, 203.0.113.9, 10.0.0.1"},
            {"proxy_count": 2},
            "203.0.113.9",
        ),
        ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.9"}, {"proxy_count": 2}, PROXY),
        ({"REMOTE_ADDR": PROXY}, {"proxy_count": 1}, PROXY),
        ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "not-an-ip"}, {"proxy_count": 1}, PROXY),
        (
            {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": " 2001:DB8::1 "},
            {"proxy_count": 1},
            "2001:db8::1",
        ),
        (
            {"REMOTE_ADDR": PROXY, "HTTP_X_REAL_IP": "[2001:db8::7]"},
            {"client_ip_header": "X-Real-IP"},
            "2001:db8::7",
        ),
        (
            {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.9"},
            {"client_ip_header": "X-Real-IP"},
            PROXY,
        ),
    ],
)
def test_client_address_believes_only_the_trusted_proxies(meta, settings_, expected):
    assert client_address(meta, **settings_) == expected


def test_client_address_middleware_rewrites_remote_addr_and_keeps_the_peer(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    seen = []
    middleware = ClientAddressMiddleware(lambda request: seen.append(dict(request.META)))

    middleware(RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.9"))

    assert (seen[0]["REMOTE_ADDR"], seen[0]["AWARDS_PEER_ADDR"]) == ("203.0.113.9", PROXY)


@pytest.mark.django_db
def test_audit_events_record_the_client_behind_the_proxy(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    client.force_login(nominator())

    response = client.get(
        reverse("nominations:staff_home"),
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.9",
    )

    assert response.status_code == 403
    assert list(AuditEvent.objects.values_list("action", "outcome", "source_ip")) == [
        ("page.denied", "denied", "203.0.113.9")
    ]


def _verified_nominator():
    user = nominator()
    user.emailaddress_set.create(email=user.email, verified=True, primary=True)
    return user


def _log_in(client, user, password: str, address: str):
    return client.post(
        reverse("account_login"),
        {"login": user.email, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=address,
    )


@pytest.mark.django_db
def test_sign_in_limits_count_each_client_behind_the_proxy_apart(client, settings):
    """Eleven people behind the proxy each mistype once; the twelfth still signs in (the
    per-address limit is 10 failures a minute, and each of them is one address)."""
    settings.TRUSTED_PROXY_COUNT = 1
    users = [_verified_nominator() for _ in range(12)]

    failures = [
        _log_in(client, user, "wrong password 1", f"203.0.113.{n}").status_code
        for n, user in enumerate(users[:11], start=1)
    ]
    signed_in = _log_in(client, users[11], PASSWORD, "203.0.113.12")

    assert failures == [200] * 11
    assert signed_in.status_code == 302
    assert client.session["_auth_user_id"] == str(users[11].pk)


@pytest.mark.django_db
def test_sign_in_limits_still_hold_for_one_client_behind_the_proxy(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    users = [_verified_nominator() for _ in range(11)]
    for user in users[:10]:
        _log_in(client, user, "wrong password 1", "203.0.113.50")

    refused = _log_in(client, users[10], PASSWORD, "203.0.113.50")

    assert refused.status_code == 200
    assert refused.context["form"].non_field_errors() == [
        "Too many failed login attempts. Try again later."
    ]
    assert "_auth_user_id" not in client.session
