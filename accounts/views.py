from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.views import View

from accounts.roles import Role
from accounts.rules import primary_role

LANDING_PAGES = {
    Role.AWARD_STAFF: "nominations:staff_home",
    Role.SELECTING_OFFICIAL: "nominations:selection_home",
    Role.PANELIST: "reviews:panelist_home",
    Role.NOMINATOR: "nominations:my_nominations",
}


class LandingView(LoginRequiredMixin, View):
    """Where everyone lands after signing in: the page of their main role."""

    def get(self, request):
        return redirect(LANDING_PAGES.get(primary_role(request.user), "nominations:my_nominations"))
