"""Award staff's home page: what needs action, per cycle in progress."""

from django.urls import path
from django.utils import timezone
from django.views.generic import TemplateView

from accounts.roles import Role
from core.access import RoleRequiredMixin
from core.your_turn import turn_items
from nominations import rules
from nominations.selectors.staff import cycles_in_progress, staff_home_cycles


class StaffHomeView(RoleRequiredMixin, TemplateView):
    """Every cycle in progress, each with its queues and counts; `?cycle=<pk>` shows one
    of them (the switcher). A cycle not in progress, or no number, shows them all."""

    template_name = "nominations/staff_home.html"
    allowed = rules.is_award_staff

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["turn"] = turn_items(Role.AWARD_STAFF, self.request.user)
        cycles = cycles_in_progress()
        chosen = next(
            (cycle for cycle in cycles if str(cycle.pk) == self.request.GET.get("cycle")), None
        )
        context["cycles"] = cycles
        context["chosen"] = chosen
        context["cycle_homes"] = staff_home_cycles(
            cycles=[chosen] if chosen else cycles, now=timezone.now()
        )
        return context


urlpatterns = [
    path("staff/", StaffHomeView.as_view(), name="staff_home"),
]
