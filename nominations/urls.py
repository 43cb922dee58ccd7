from django.urls import path

from nominations.views import nominator, public, selection, staff

app_name = "nominations"

urlpatterns = [
    # Public
    path("", public.HomeView.as_view(), name="home"),
    # Nominators
    path("my/nominations/", nominator.MyNominationsView.as_view(), name="my_nominations"),
    # Award staff
    path("staff/", staff.StaffHomeView.as_view(), name="staff_home"),
    # Selecting official
    path("selection/", selection.SelectionHomeView.as_view(), name="selection_home"),
]
