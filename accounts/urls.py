from django.urls import path, re_path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("start/", views.LandingView.as_view(), name="landing"),
    # allauth's own address for a password reset link (account_reset_password_from_key),
    # answered by a view that keeps the key sealed in the session.
    re_path(
        r"^accounts/password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
        views.PasswordResetFromKeyView.as_view(),
        name="password_reset_from_key",
    ),
]
