"""Your records: every signed-in person can download what the system holds about them
(the Privacy Act's right of access), and ask the award office to correct or delete a
record."""

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse
from django.urls import path
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from core.downloads import private
from records.services.personal import personal_records_file

ZIP = "application/zip"


class YourRecordsView(LoginRequiredMixin, TemplateView):
    template_name = "records/your_records.html"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "contact_email": settings.AWARDS_CONTACT_EMAIL,
        }


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
