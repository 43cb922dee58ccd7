from django.contrib import admin
from django.urls import include, path

from awards_site.views import healthz

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("", include("nominations.urls")),
    path("review/", include("reviews.urls")),
]
