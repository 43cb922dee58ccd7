"""The panelist's dashboard: per seat, the attestation prompt or the assigned work."""

from django.urls import path
from django.views.generic import TemplateView

from core.access import RoleRequiredMixin
from reviews import rules
from reviews.selectors.home import panel_seats_for
from reviews.selectors.your_turn import panelist_turn_items


class PanelistHomeView(RoleRequiredMixin, TemplateView):
    """Each panel the panelist sits on: unsigned, only the prompt to sign its attestation;
    signed, the assigned nominations with their status, the due date and progress."""

    template_name = "reviews/panelist_home.html"
    allowed = rules.can_view_panel_home

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["seats"] = seats = panel_seats_for(user=self.request.user)
        context["turn"] = panelist_turn_items(seats)
        return context


urlpatterns = [
    path("", PanelistHomeView.as_view(), name="panelist_home"),
]
