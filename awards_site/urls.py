from django.contrib import admin
from django.urls import include, path, re_path

from accounts.views import PasswordResetFromKeyView
from awards_site.views import healthz

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    # allauth's own pattern and name, answered by a view that seals the key it keeps.
    re_path(
        r"^accounts/password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
        PasswordResetFromKeyView.as_view(),
        name="account_reset_password_from_key",
    ),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("", include("nominations.urls")),
    path("review/", include("reviews.urls")),
]
