from django.urls import path

from reviews import views

app_name = "reviews"

urlpatterns = [
    path("", views.PanelistHomeView.as_view(), name="panelist_home"),
]
