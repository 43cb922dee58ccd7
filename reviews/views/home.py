"""Pages of the reviews app."""

from django.urls import path
from django.views.generic import TemplateView

from nominations.views.access import RoleRequiredMixin
from reviews import rules
from reviews.selectors.home import panel_seats_for


class PanelistHomeView(RoleRequiredMixin, TemplateView):
    """The panels the panelist sits on, whether they have signed, and their workload."""

    template_name = "reviews/panelist_home.html"
    allowed = rules.can_view_panel_home

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["seats"] = list(panel_seats_for(user=self.request.user))
        return context


urlpatterns = [
    path("", PanelistHomeView.as_view(), name="panelist_home"),
]
