from django.urls import path

from nominations import views

app_name = "nominations"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("my/nominations/", views.MyNominationsView.as_view(), name="my_nominations"),
    path("staff/", views.StaffHomeView.as_view(), name="staff_home"),
    path("selection/", views.SelectionHomeView.as_view(), name="selection_home"),
]
