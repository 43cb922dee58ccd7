"""The nominator's pages."""

from django.views.generic import TemplateView

from nominations import rules
from nominations.selectors.nominator import nominations_for_nominator
from nominations.views.access import RoleRequiredMixin


class MyNominationsView(RoleRequiredMixin, TemplateView):
    template_name = "nominations/nomination_list.html"
    allowed = rules.is_nominator

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["nominations"] = nominations_for_nominator(user=self.request.user)
        return context
