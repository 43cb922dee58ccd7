"""The selecting official's pages."""

from django.views.generic import TemplateView

from nominations import rules
from nominations.selectors.staff import cycle_in_selection, shortlisted_nominations
from nominations.views.access import RoleRequiredMixin


class SelectionHomeView(RoleRequiredMixin, TemplateView):
    template_name = "nominations/selection_home.html"
    allowed = rules.is_selecting_official

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cycle = cycle_in_selection()
        context["cycle"] = cycle
        if cycle is not None:
            context["slate"] = list(shortlisted_nominations(cycle=cycle))
        return context
