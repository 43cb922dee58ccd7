"""Requests about people's records, for award staff: the open ones and the latest
answered on one page, and each request with its answer form (the person sends theirs
from *Your records*)."""

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.views.generic import FormView, TemplateView

from core.access import StaffOnly
from core.exceptions import InvalidInput, WorkflowError
from records.forms.requests import RecordRequestAnswerForm
from records.selectors.requests import request_for_staff, requests_for_staff
from records.services.requests import record_request_answer


class RecordRequestsView(StaffOnly, TemplateView):
    """Every open request, oldest first, and the latest answered ones."""

    template_name = "records/requests.html"

    def get_context_data(self, **kwargs):
        waiting, answered = requests_for_staff(self.request.user)
        return {**super().get_context_data(**kwargs), "waiting": waiting, "answered": answered}


class RecordRequestAnswerView(StaffOnly, FormView):
    """One request, with the answer form while it is open."""

    template_name = "records/request_answer.html"
    form_class = RecordRequestAnswerForm

    def dispatch(self, request, *args, **kwargs):
        if not self.test_func():
            return self.handle_no_permission()
        self.record_request = request_for_staff(request.user, kwargs["pk"])
        if self.record_request is None:
            raise Http404("No such request.")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "record_request": self.record_request}

    def form_valid(self, form):
        try:
            record_request_answer(
                request=self.record_request,
                actor=self.request.user,
                answer=form.cleaned_data["answer"],
            )
        except InvalidInput as error:
            form.add_error("answer", error.message)
            return self.form_invalid(form)
        except WorkflowError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, "The answer is sent to the requester.")
        return HttpResponseRedirect(reverse("records:requests"))


urlpatterns = [
    path("staff/record-requests/", RecordRequestsView.as_view(), name="requests"),
    path(
        "staff/record-requests/<int:pk>/",
        RecordRequestAnswerView.as_view(),
        name="request_answer",
    ),
]
