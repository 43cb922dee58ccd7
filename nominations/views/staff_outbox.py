"""Award staff's email outbox: every message the system sent, and resending one."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.generic import ListView

from core.access import RoleRequiredMixin
from core.exceptions import WorkflowError
from nominations import rules
from nominations.models import OutboxMessage
from nominations.selectors.outbox import outbox_messages
from nominations.services.outbox import outbox_resend
from nominations.states import OutboxStatus


class OutboxListView(RoleRequiredMixin, ListView):
    template_name = "nominations/outbox_list.html"
    context_object_name = "outbox_messages"
    paginate_by = 50
    allowed = rules.is_award_staff

    def get_queryset(self):
        return outbox_messages(status=self.request.GET.get("status", ""))

    def get_context_data(self, **kwargs):
        status = self.request.GET.get("status", "")
        return {
            **super().get_context_data(**kwargs),
            "statuses": OutboxStatus.choices,
            "status": status if status in OutboxStatus.values else "",
        }


class OutboxResendView(RoleRequiredMixin, View):
    """POST: send a stored message again, then go back where the button was."""

    allowed = rules.is_award_staff

    def post(self, request, pk: int):
        message = get_object_or_404(OutboxMessage, pk=pk)
        try:
            copy = outbox_resend(message=message, actor=request.user)
        except WorkflowError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, f"A copy of “{copy.subject}” is queued for {', '.join(copy.to)}."
            )
        back = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            back = reverse("nominations:staff_outbox")
        return HttpResponseRedirect(back)


urlpatterns = [
    path("staff/outbox/", OutboxListView.as_view(), name="staff_outbox"),
    path(
        "staff/outbox/<int:pk>/resend/",
        OutboxResendView.as_view(),
        name="staff_outbox_resend",
    ),
]
