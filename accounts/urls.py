from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("start/", views.LandingView.as_view(), name="landing"),
]
