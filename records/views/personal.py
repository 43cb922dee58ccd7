"""Your records: every signed-in person can download what the system holds about them
(the Privacy Act's right of access), and ask the award office for records others made
about them or to correct or delete one; their requests and the answers show here."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.views import View
from django.views.generic import FormView

from core.downloads import private
from core.exceptions import InvalidInput, WorkflowError
from records.forms.requests import RecordRequestForm
from records.selectors.requests import nominations_to_ask_about, requests_of
from records.services.personal import personal_records_file
from records.services.requests import record_request_create

ZIP = "application/zip"


class YourRecordsView(LoginRequiredMixin, FormView):
    """The download, the request form, and the person's requests with their answers."""

    template_name = "records/your_records.html"
    form_class = RecordRequestForm

    def get_form_kwargs(self):
        self.nominations = nominations_to_ask_about(self.request.user)
        return {**super().get_form_kwargs(), "nominations": self.nominations}

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "contact_email": settings.AWARDS_CONTACT_EMAIL,
            "record_requests": requests_of(self.request.user),
        }

    def form_valid(self, form):
        data = form.cleaned_data
        nomination = next(
            (item for item in self.nominations if item.pk == data["nomination"]), None
        )
        try:
            record_request_create(
                requester=self.request.user,
                kind=data["kind"],
                details=data["details"],
                nomination=nomination,
            )
        except InvalidInput as error:
            form.add_error("details", error.message)
            return self.form_invalid(form)
        except WorkflowError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(
            self.request,
            "Your request is sent. The award office will answer by email, and the answer "
            "shows on this page too.",
        )
        return HttpResponseRedirect(reverse("records:your_records") + "#your-requests")


class YourRecordsDownloadView(LoginRequiredMixin, View):
    """The ZIP of the person's records, built as asked; audited."""

    def get(self, request):
        handle = personal_records_file(user=request.user)
        stamp = timezone.localdate().isoformat()
        response = FileResponse(
            handle, as_attachment=True, filename=f"your-records-{stamp}.zip", content_type=ZIP
        )
        response["X-Content-Type-Options"] = "nosniff"
        return private(response)


urlpatterns = [
    path("account/records/", YourRecordsView.as_view(), name="your_records"),
    path(
        "account/records/download/",
        YourRecordsDownloadView.as_view(),
        name="your_records_download",
    ),
]
