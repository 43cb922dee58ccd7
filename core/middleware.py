"""Request middleware: the request's source address, for the audit log."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from core.audit_context import recording_refusals, source_ip_bound


class AuditContextMiddleware:
    """Makes the client's IP address available to audit events written during the request,
    and has the services record the refusals they raise during it as denied attempts.

    It reads REMOTE_ADDR only. Behind a proxy, deployment must make REMOTE_ADDR the real
    client address: for example HAProxy or nginx speaking the PROXY protocol to gunicorn
    started with --proxy-protocol, or a middleware placed before this one that rewrites
    REMOTE_ADDR from the header of the one proxy you trust. X-Forwarded-For is not read
    here: any client can send that header, and the audit log must not record an address
    the client chose.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with source_ip_bound(request.META.get("REMOTE_ADDR")), recording_refusals():
            return self.get_response(request)
