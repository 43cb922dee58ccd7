"""/accounts/oidc/<provider_id>/...: allauth includes these with every provider's URLs."""

from django.urls import include, path

from accounts.oidc.sign_out import SignedOutAtProviderView
from accounts.oidc.views import IdentityProviderCallbackView, IdentityProviderLoginView

urlpatterns = [
    path(
        "oidc/<slug:provider_id>/",
        include(
            [
                path("login/", IdentityProviderLoginView.as_view(), name="oidc_login"),
                path(
                    "login/callback/",
                    IdentityProviderCallbackView.as_view(),
                    name="oidc_callback",
                ),
                path("logout/return/", SignedOutAtProviderView.as_view(), name="oidc_signed_out"),
            ]
        ),
    )
]
