from django.urls import include, path

from tests.identity_provider.control import control

urlpatterns = [
    path("accounts/", include("allauth.urls")),
    path("control/", control),
    path("", include("allauth.idp.urls")),
]
