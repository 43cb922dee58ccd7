"""Award staff set up a new cycle by copying another (nominations/services/cycle_copy.py)."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.views.generic import FormView

from core.access import StaffOnly
from core.exceptions import WorkflowError
from nominations.forms.cycles import CycleCopyForm
from nominations.models import Cycle
from nominations.services.cycle_copy import cycle_copy


class CycleCopyView(StaffOnly, FormView):
    """GET: what will and will not be copied, and the new year; POST: copy."""

    template_name = "nominations/cycle_copy.html"
    form_class = CycleCopyForm

    def dispatch(self, request, *args, **kwargs):
        # The role check comes first, so that strangers learn nothing about cycles.
        if not self.test_func():
            return self.handle_no_permission()
        self.source = get_object_or_404(Cycle.objects.select_related("program"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "source": self.source}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "source": self.source}

    def form_valid(self, form):
        try:
            cycle = cycle_copy(
                source=self.source,
                actor=self.request.user,
                year=form.cleaned_data["award_year"],
                shift_dates=form.cleaned_data["shift_dates"],
            )
        except WorkflowError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        signatory = ", ".join(filter(None, (cycle.signatory_name, cycle.signatory_title)))
        messages.success(
            self.request,
            f"{cycle} is set up as a copy of {self.source}. Check its dates and texts"
            + (f", and that {signatory} still signs the certificates" if signatory else "")
            + ", then open it.",
        )
        return HttpResponseRedirect(reverse("nominations:staff_cycle", args=[cycle.pk]))


urlpatterns = [
    path("staff/cycles/<int:pk>/copy/", CycleCopyView.as_view(), name="staff_cycle_copy"),
]
