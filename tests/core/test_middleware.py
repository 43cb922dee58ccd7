from django.test import RequestFactory

from core.audit_context import current_source_ip, refusals_recorded
from core.middleware import AuditContextMiddleware


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
