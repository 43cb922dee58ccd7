"""The cycle's records packages, for award staff: build one, watch it build, download it.

Award staff only, and not a party to any of the cycle's nominations: a package holds
every record of every one of them. A download is audited.
"""

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.views import View
from django.views.generic import TemplateView

from core.access import StaffOnly
from core.downloads import stored_download
from core.exceptions import WorkflowError
from nominations.models import Cycle
from nominations.views.parties import refuse_a_party
from records.models import RecordsPackage
from records.selectors.packages import packages_of
from records.services.package import (
    BUSY_STATES,
    records_package_download_record,
    records_package_request,
)
from records.states import PackageStatus

ZIP = "application/zip"


class CycleRecordsMixin(StaffOnly):
    """The cycle in the URL, for award staff who are a party to none of its nominations."""

    def dispatch(self, request, *args, **kwargs):
        # The role check first, so that strangers learn nothing about cycles.
        if not self.test_func():
            return self.handle_no_permission()
        self.cycle = Cycle.objects.select_related("program").filter(pk=kwargs["pk"]).first()
        if self.cycle is None:
            raise Http404("No such cycle.")
        refuse_a_party(
            request,
            nominations=self.cycle.nominations.all(),
            obj=self.cycle,
            what="records package",
        )
        return super().dispatch(request, *args, **kwargs)


class RecordsPackagesView(CycleRecordsMixin, TemplateView):
    """The cycle's packages, newest first, with a build's progress (the list reloads
    itself while one is building) and the button to build a new one."""

    template_name = "records/packages.html"

    def get_context_data(self, **kwargs):
        packages = packages_of(self.cycle)
        return {
            **super().get_context_data(**kwargs),
            "cycle": self.cycle,
            "packages": packages,
            "building": any(package.status in BUSY_STATES for package in packages),
            "statuses": PackageStatus,
        }

    def post(self, request, pk):
        try:
            records_package_request(cycle=self.cycle, actor=request.user)
        except WorkflowError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                "The records package is being built. This page shows its progress; its "
                "download appears here when it is ready.",
            )
        return HttpResponseRedirect(reverse("records:packages", args=[self.cycle.pk]))


class RecordsPackageDownloadView(CycleRecordsMixin, View):
    """A ready package's ZIP file; audited."""

    def get(self, request, pk, package_pk):
        package = get_object_or_404(
            RecordsPackage, pk=package_pk, cycle=self.cycle, status=PackageStatus.READY
        )
        if not package.file:
            raise Http404
        response = stored_download(
            package.file, package.file.name.rsplit("/", 1)[-1], content_type=ZIP
        )
        records_package_download_record(package=package, actor=request.user)
        return response


urlpatterns = [
    path("staff/cycles/<int:pk>/records/", RecordsPackagesView.as_view(), name="packages"),
    path(
        "staff/cycles/<int:pk>/records/<int:package_pk>/download/",
        RecordsPackageDownloadView.as_view(),
        name="package_download",
    ),
]
