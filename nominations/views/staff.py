"""Award staff's home page."""

from django.urls import path
from django.utils import timezone
from django.views.generic import TemplateView

from accounts.roles import Role
from core.access import RoleRequiredMixin
from core.your_turn import turn_items
from nominations import rules
from nominations.selectors.staff import (
    current_cycle,
    nomination_counts_by_state,
    other_cycles_in_progress,
    staff_action_queues,
)


class StaffHomeView(RoleRequiredMixin, TemplateView):
    template_name = "nominations/staff_home.html"
    allowed = rules.is_award_staff

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["turn"] = turn_items(Role.AWARD_STAFF, self.request.user)
        cycle = current_cycle()
        context["cycle"] = cycle
        if cycle is not None:
            context["state_counts"] = nomination_counts_by_state(cycle=cycle)
            context["action_queues"] = staff_action_queues(
                cycle=cycle, today=timezone.localdate(timezone=cycle.zone)
            )
            context["other_cycles"] = other_cycles_in_progress(current=cycle)
        return context


urlpatterns = [
    path("staff/", StaffHomeView.as_view(), name="staff_home"),
]
