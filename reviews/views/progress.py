"""The staff progress dashboard and the "Remind" button for one panelist."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.views import View
from django.views.generic import TemplateView

from core.access import RoleRequiredMixin
from core.paging import page_context
from reviews import rules
from reviews.models import PanelMember
from reviews.selectors.progress import progress_for_cycle
from reviews.services.reminders import review_reminders_send
from reviews.views.results import CycleAccessMixin

NOMINATIONS_PAGE_SIZE = 100


class ProgressView(CycleAccessMixin, TemplateView):
    """Per panelist and per nomination: what is assigned, submitted, drafted and missing;
    every panelist, and the nominations a hundred a page."""

    template_name = "reviews/progress.html"
    allowed = staticmethod(rules.can_manage_panel)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        progress = progress_for_cycle(self.cycle)
        context |= page_context(
            progress.nominations, size=NOMINATIONS_PAGE_SIZE, number=self.request.GET.get("page")
        )
        context |= {"cycle": self.cycle, "progress": progress}
        return context


class MemberRemindView(RoleRequiredMixin, View):
    """Send one panelist the digest of their incomplete reviews now."""

    allowed = staticmethod(rules.can_manage_panel)

    def post(self, request, pk):
        member = get_object_or_404(
            PanelMember.objects.select_related("user", "panel__cycle"), pk=pk
        )
        name = member.user.full_name or member.user.email
        if review_reminders_send(actor=request.user, member=member):
            messages.success(request, f"Reminder sent to {name}.")
        else:
            messages.info(
                request,
                f"No reminder sent: {name} has no reviews left to submit they can work on "
                "now (or has left the panel or not signed the attestation).",
            )
        return HttpResponseRedirect(reverse("reviews:progress", args=[member.panel.cycle_id]))


urlpatterns = [
    path("staff/cycles/<int:cycle_pk>/progress/", ProgressView.as_view(), name="progress"),
    path("staff/members/<int:pk>/remind/", MemberRemindView.as_view(), name="member_remind"),
]
