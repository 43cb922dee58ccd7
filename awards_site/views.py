"""Project-level views that belong to no app."""

from django.http import HttpResponse
from django.views.decorators.http import require_safe


@require_safe
def healthz(request):
    """Liveness check for load balancers and process managers: answers "ok" through the
    whole middleware stack without touching the database. The benchmarks use it as the
    trivial view every page's time is compared with."""
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
