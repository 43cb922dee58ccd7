from django.contrib import admin
from django.urls import include, path

from core import health

urlpatterns = [
    path("admin/", admin.site.urls),
    # Answered by core.middleware.HealthCheckMiddleware before the host checks; named here
    # so that they can be reversed.
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    # Before allauth's: accounts.urls answers one allauth address (the password reset
    # link) with the project's own view.
    path("", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("", include("nominations.urls")),
    path("review/", include("reviews.urls")),
    path("", include("selection.urls")),
    path("", include("records.urls")),
    path("", include("people.urls")),
]
