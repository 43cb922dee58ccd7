from django.contrib import admin
from django.urls import include, path

from awards_site.views import healthz

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    # Before allauth's: accounts.urls answers one allauth address (the password reset
    # link) with the project's own view.
    path("", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("", include("nominations.urls")),
    path("review/", include("reviews.urls")),
    path("", include("selection.urls")),
]
