"""Award staff's pages."""

from django.views.generic import TemplateView

from nominations import rules
from nominations.selectors.staff import current_cycle, nomination_counts_by_state
from nominations.views.access import RoleRequiredMixin


class StaffHomeView(RoleRequiredMixin, TemplateView):
    template_name = "nominations/staff_home.html"
    allowed = rules.is_award_staff

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cycle = current_cycle()
        context["cycle"] = cycle
        if cycle is not None:
            context["state_counts"] = nomination_counts_by_state(cycle=cycle)
        return context
