"""Request middleware: who the client is, the request's id and access-log line, health
checks before the host checks, the audit context, and a clear answer when the cache is down.

Their places in settings.MIDDLEWARE matter: ClientAddressMiddleware first (everything
after it reads the client's address from REMOTE_ADDR), RequestLogMiddleware next (its
line covers the whole answer), HealthCheckMiddleware before CommonMiddleware (which
validates the Host header), CacheUnavailableMiddleware last (it handles what views raise).
"""

import logging
import re
import time
import uuid
from collections.abc import Callable

import redis
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from core import health
from core.audit_context import recording_refusals, source_ip_bound
from core.client_address import client_address
from core.links import redact_tokens
from core.logging import request_id_bound

access_log = logging.getLogger("awards.access")
logger = logging.getLogger(__name__)

# An id a proxy sent along (nginx's $request_id, a load balancer's trace id) is kept when
# it looks like one; anything else is replaced, so a client cannot write into the logs.
REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{8,128}")
HEALTH_PATHS = {"/healthz": health.healthz, "/readyz": health.readyz}
# How long a client should wait before trying again after a 503.
RETRY_AFTER_SECONDS = 30

Middleware = Callable[[HttpRequest], HttpResponse]


class ClientAddressMiddleware:
    """Makes REMOTE_ADDR the client's address, as the deployment's proxies tell it
    (settings TRUSTED_PROXY_COUNT / CLIENT_IP_HEADER, see core.client_address). The peer's
    own address stays in META["AWARDS_PEER_ADDR"]."""

    def __init__(self, get_response: Middleware) -> None:
        self.get_response = get_response
        self.proxy_count = settings.TRUSTED_PROXY_COUNT
        self.header = settings.CLIENT_IP_HEADER

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META["AWARDS_PEER_ADDR"] = request.META.get("REMOTE_ADDR")
        address = client_address(
            request.META, proxy_count=self.proxy_count, client_ip_header=self.header
        )
        if address:
            request.META["REMOTE_ADDR"] = address
        return self.get_response(request)


class RequestLogMiddleware:
    """Gives the request an id (the proxy's X-Request-ID when well formed, else a new
    one), binds it for every log line written meanwhile, answers with it in X-Request-ID,
    and writes one access-log line ("awards.access", the path without its query string and
    with any single-use link's token blanked) when the answer is ready. Successful
    health checks are logged at DEBUG, so load balancers do not flood the log."""

    def __init__(self, get_response: Middleware) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        sent = request.headers.get("X-Request-ID", "")
        request_id = sent if REQUEST_ID.fullmatch(sent) else uuid.uuid4().hex
        request.request_id = request_id
        started = time.monotonic()
        with request_id_bound(request_id):
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            self.log(request, response, time.monotonic() - started)
        return response

    @staticmethod
    def log(request: HttpRequest, response: HttpResponse, seconds: float) -> None:
        user = getattr(request, "user", None)
        quiet = request.path in HEALTH_PATHS and response.status_code == 200
        access_log.log(
            logging.DEBUG if quiet else logging.INFO,
            "%s %s %s",
            request.method,
            redact_tokens(request.path),
            response.status_code,
            extra={
                "method": request.method,
                "status": response.status_code,
                "duration_ms": round(seconds * 1000, 1),
                "client": request.META.get("REMOTE_ADDR"),
                "user_id": user.pk if user is not None and user.is_authenticated else None,
                "bytes": len(response.content) if not response.streaming else None,
            },
        )


class HealthCheckMiddleware:
    """Answers /healthz and /readyz (core.health) before CommonMiddleware validates the Host
    header, so a load balancer can call an app server by its address. SecurityMiddleware
    does not redirect them to HTTPS (SECURE_REDIRECT_EXEMPT) and still adds its headers."""

    def __init__(self, get_response: Middleware) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        view = HEALTH_PATHS.get(request.path)
        if view is not None:
            return view(request)
        return self.get_response(request)


class AuditContextMiddleware:
    """Makes the client's IP address available to audit events written during the request,
    and has the services record the refusals they raise during it as denied attempts.

    It reads REMOTE_ADDR, which ClientAddressMiddleware has made the client's address;
    X-Forwarded-For is believed only as far as the deployment's trusted proxies say.
    """

    def __init__(self, get_response: Middleware) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with source_ip_bound(request.META.get("REMOTE_ADDR")), recording_refusals():
            return self.get_response(request)


class CacheUnavailableMiddleware:
    """When the cache (Redis) cannot be reached, the pages that need it answer 503 with a
    page that says so, instead of a 500.

    The cache holds allauth's per-address and per-account sign-in limits and the record of
    MFA codes already used. Signing in, signing up, resetting a password or proving MFA
    without them would switch off the protection against password guessing and code
    replay, so those pages refuse (fail closed) until the cache is back; every page that
    does not use the cache keeps working. Nothing is changed by a refused request.
    """

    def __init__(self, get_response: Middleware) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if not isinstance(exception, redis.exceptions.RedisError):
            return None
        logger.error("The cache is unavailable: %s", exception, exc_info=exception)
        response = TemplateResponse(request, "503_cache.html", status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response.render()
