"""Health checks for load balancers and process managers.

- `GET /healthz` (liveness): the process answers; it touches nothing else, so a database
  outage does not get every app server restarted.
- `GET /readyz` (readiness): the process can serve: the database answers a query, the cache
  keeps a value, and file storage keeps, returns and deletes a file. 503 names each part
  that failed, and the reason is logged for the operator (never shown).

`core.middleware.HealthCheckMiddleware` answers both before the host and HTTPS checks, so a
load balancer can call an app server directly, by address, over plain HTTP.
"""

import logging
import os
import socket
import uuid

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

PROBE_FOLDER = "readyz"


def database_ready() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone() != (1,):
            raise RuntimeError("the database answered SELECT 1 wrongly")


def cache_ready() -> None:
    key, value = f"readyz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, timeout=10)
    try:
        if cache.get(key) != value:
            raise RuntimeError("the cache did not keep a value")
    finally:
        cache.delete(key)


def storage_ready() -> None:
    content = uuid.uuid4().bytes
    name = default_storage.save(
        f"{PROBE_FOLDER}/{socket.gethostname()}-{os.getpid()}.probe", ContentFile(content)
    )
    try:
        with default_storage.open(name, "rb") as stored:
            if stored.read() != content:
                raise RuntimeError("file storage returned other bytes than it was given")
    finally:
        default_storage.delete(name)


CHECKS = {"database": database_ready, "cache": cache_ready, "storage": storage_ready}


def failing_parts() -> list[str]:
    """The names of the parts that are not ready, in CHECKS order (each check is logged)."""
    failing = []
    for part, check in CHECKS.items():
        try:
            check()
        except Exception:
            # Whatever a driver raises (refused, timed out, denied) means "not ready".
            logger.exception("Readiness check failed: %s", part)
            failing.append(part)
    return failing


def plain(text: str, status: int = 200) -> HttpResponse:
    response = HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness: "ok", without touching the database. The benchmarks use it as the trivial
    view every page's time is compared with."""
    return plain("ok\n")


@require_safe
def readyz(request: HttpRequest) -> HttpResponse:
    """Readiness: "ok", or 503 with the failing parts named (see the module)."""
    failing = failing_parts()
    if failing:
        return plain(f"unavailable: {', '.join(failing)}\n", status=503)
    return plain("ok\n")
