"""Security headers on every kind of response the site gives, and HSTS in production.

One representative of each kind: a public page, a signed-in staff page, a PDF download,
a CSV export, an htmx partial, a redirect to sign in, the 403 and 404 pages, the health
check and a static file. Each carries the Content Security Policy (no 'unsafe-inline'
or 'unsafe-eval' anywhere, no framing), X-Frame-Options, the referrer policy, nosniff
and the cross-origin opener policy.

The production profile's settings and `check --deploy` are tested in
tests/awards_site/test_settings.py (test_production_profile_values,
test_production_check_deploy_has_no_warnings); here the production profile's actual
responses are checked, in a fresh interpreter as there.
"""

import json

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from nominations.models import Attachment
from nominations.states import CycleState, NominationState
from tests import factories
from tests.awards_site.test_settings import EXPECTED_CSP, PRODUCTION, clean_env, run

PDF = b"%PDF-1.4\n% security headers test\n"
HTMX = {"HTTP_HX_REQUEST": "true"}
ONE_YEAR = 365 * 24 * 60 * 60


def csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def assert_security_headers(response) -> None:
    csp = response["Content-Security-Policy"]
    directives = csp_directives(csp)
    assert csp == EXPECTED_CSP
    assert all(
        source not in ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*")
        for sources in directives.values()
        for source in sources
    ), directives
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["script-src"] == ["'self'"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def public_page(client):
    return client.get(reverse("nominations:home")), 200, "text/html"


def staff_page(client):
    client.force_login(factories.award_staff())
    return client.get(reverse("nominations:staff_home")), 200, "text/html"


def pdf_download(client):
    nomination = factories.NominationFactory()
    attachment = Attachment.objects.create(
        nomination=nomination,
        file=ContentFile(PDF, name="evidence.pdf"),
        original_name="evidence.pdf",
        size=len(PDF),
        sha256="0" * 64,
        uploaded_by=nomination.nominator,
    )
    client.force_login(nomination.nominator)
    url = reverse("nominations:attachment_download", args=[nomination.pk, attachment.pk])
    return client.get(url), 200, "application/pdf"


def csv_export(client):
    client.force_login(factories.award_staff())
    return client.get(reverse("nominations:staff_export")), 200, "text/csv"


def htmx_partial(client):
    nomination = factories.nomination_in(
        NominationState.VETTING, cycle=factories.cycle_in(CycleState.CLOSED)
    )
    item = nomination.cycle.checklist_items.first()
    client.force_login(factories.award_staff())
    url = reverse("nominations:staff_checklist_result", args=[nomination.pk, item.pk])
    response = client.get(url, **HTMX)
    assert b"<html" not in response.content  # the row alone, not a page
    return response, 200, "text/html"


def sign_in_redirect(client):
    return client.get(reverse("nominations:staff_home")), 302, "text/html"


def forbidden_page(client):
    client.force_login(factories.nominator())
    return client.get(reverse("nominations:staff_home")), 403, "text/html"


def not_found_page(client):
    return client.get("/no-such-page/"), 404, "text/html"


def health_check(client):
    return client.get(reverse("healthz")), 200, "text/plain"


RESPONSES = [
    public_page,
    staff_page,
    pdf_download,
    csv_export,
    htmx_partial,
    sign_in_redirect,
    forbidden_page,
    not_found_page,
    health_check,
]


@pytest.mark.django_db
@pytest.mark.parametrize("make_response", RESPONSES, ids=lambda f: f.__name__)
def test_security_headers_on_every_kind_of_response(client, make_response):
    response, status, content_type = make_response(client)

    assert response.status_code == status
    assert response["Content-Type"].startswith(content_type)
    assert_security_headers(response)


@pytest.mark.django_db
def test_downloads_are_attachments_never_rendered_inline(client):
    pdf, _status, _type = pdf_download(client)
    csv, _status, _type = csv_export(client)

    assert pdf["Content-Disposition"].startswith("attachment; filename=")
    assert csv["Content-Disposition"].startswith("attachment; filename=")


def test_static_files_are_not_sniffed(client):
    response = client.get("/static/mfa/js/webauthn.js")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Content-Security-Policy"] == EXPECTED_CSP


PRODUCTION_RESPONSES = """
import json
import django
from django.conf import settings
django.setup()
from django.test import Client
client = Client()
host = {"host": "awards.example.gov"}
secure = client.get("/healthz", secure=True, headers=host)
plain = client.get("/call/1/", secure=False, headers=host)
proxied = client.get("/healthz", headers={**host, "x-forwarded-proto": "https"})
# A load balancer calls an app server by its address, over plain HTTP.
direct = client.get("/healthz", secure=False, headers={"host": "10.0.0.7:8000"})
print(json.dumps({
    "secure": [secure.status_code, dict(secure.headers)],
    "plain": [plain.status_code, dict(plain.headers)],
    "proxied": [proxied.status_code, dict(proxied.headers)],
    "direct": [direct.status_code, direct.content.decode()],
    "cookies": {
        "session": [settings.SESSION_COOKIE_SECURE, settings.SESSION_COOKIE_HTTPONLY,
                    settings.SESSION_COOKIE_SAMESITE],
        "csrf": [settings.CSRF_COOKIE_SECURE, settings.CSRF_COOKIE_SAMESITE],
    },
}))
"""


def test_production_answers_with_hsts_and_sends_plain_http_to_https():
    result = run("-W", "ignore", "-c", PRODUCTION_RESPONSES, env=clean_env(**PRODUCTION))

    assert result.returncode == 0, result.stderr
    answers = json.loads(result.stdout)
    status, headers = answers["secure"]
    assert status == 200
    assert headers["Strict-Transport-Security"] == "max-age=63072000; includeSubDomains; preload"
    hsts = dict(
        part.strip().partition("=")[::2] for part in headers["Strict-Transport-Security"].split(";")
    )
    assert int(hsts["max-age"]) >= ONE_YEAR
    assert "includeSubDomains" in hsts
    assert headers["Content-Security-Policy"] == EXPECTED_CSP
    assert (headers["X-Frame-Options"], headers["Referrer-Policy"]) == ("DENY", "same-origin")
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    # Behind the TLS-terminating proxy, its header is what says the request was secure.
    proxied_status, proxied_headers = answers["proxied"]
    assert proxied_status == 200
    assert "Strict-Transport-Security" in proxied_headers
    plain_status, plain_headers = answers["plain"]
    assert plain_status == 301
    assert plain_headers["Location"] == "https://awards.example.gov/call/1/"
    assert "Strict-Transport-Security" not in plain_headers  # HSTS is sent over HTTPS only
    assert answers["direct"] == [200, "ok\n"]
    assert answers["cookies"] == {"session": [True, True, "Lax"], "csrf": [True, "Lax"]}
