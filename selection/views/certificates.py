"""Certificates: issuing and re-issuing (staff), downloads, and the public verification page.

Staff views let in award staff only (RoleRequiredMixin audits the others' attempts), then
check the nomination with `rules.can_vet`, call one service and go back to the staff
nomination page, whose certificate panel is `nominations/_certificates.html`.
The verification pages are public and need no account: one certificate by serial (what
the QR code opens), and the check of a PDF copy.
"""

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views import View

from core.access import RoleRequiredMixin
from core.downloads import PDF, download, pdf_download
from core.exceptions import WorkflowError
from core.rate_limits import within_rate
from nominations import rules
from nominations.models import Certificate, Nomination
from nominations.selectors.award import certificate_panel
from nominations.states import CertificateStatus, NominationState
from nominations.views.parties import refuse_a_party
from nominations.views.staff_vetting import VettingMixin, staff_detail_url
from selection.forms.certificate_file import CertificateFileForm, SerialForm
from selection.forms.certificates import CertificateIssueForm, CertificateRevokeForm
from selection.selectors.certificates import (
    certificate_current_name,
    certificate_file_finding,
    certificate_for_public,
)
from selection.services.certificates import (
    certificate_download_record,
    certificate_issue,
    certificate_preview,
    certificate_revoke,
)


class CertificateIssueView(VettingMixin, View):
    """GET: the issue (or re-issue) form with the name as it should appear.
    POST: issue; a valid certificate already there is superseded."""

    denied_action = "certificate.issue"
    template_name = "selection/certificate_issue.html"

    def get(self, request, pk):
        nomination = self.vetted_nomination()
        panel = certificate_panel(nomination)
        form = CertificateIssueForm(
            reissue=panel.current is not None,
            initial={
                "recipient_name": certificate_current_name(nomination),
                "expected_current": panel.current.serial if panel.current else "",
            },
        )
        return self.page(panel, form)

    def post(self, request, pk):
        nomination = self.vetted_nomination()
        panel = certificate_panel(nomination)
        form = CertificateIssueForm(request.POST, reissue=panel.current is not None)
        if not form.is_valid():
            return self.page(panel, form)
        try:
            certificate = certificate_issue(
                nomination=nomination,
                actor=request.user,
                recipient_name=form.cleaned_data["recipient_name"],
                reason=form.cleaned_data.get("reason", ""),
                expected_current=form.cleaned_data["expected_current"],
            )
        except WorkflowError as error:
            form.add_error(None, error.message)
            for reason in getattr(error, "reasons", []):
                form.add_error(None, f"{reason[:1].upper()}{reason[1:]}.")
            return self.page(certificate_panel(nomination), form)
        messages.success(request, f"Certificate {certificate.serial} was issued.")
        return HttpResponseRedirect(staff_detail_url(nomination))

    def page(self, panel, form):
        return render(
            self.request,
            self.template_name,
            {"nomination": panel.nomination, "certificate_panel": panel, "form": form},
        )


class CertificateRevokeView(VettingMixin, View):
    """GET: the revoke form. POST: revoke the certificate with the reason given."""

    denied_action = "certificate.revoke"
    template_name = "selection/certificate_revoke.html"

    def certificate(self, nomination) -> Certificate:
        return get_object_or_404(
            Certificate, pk=self.kwargs["certificate_pk"], nomination_id=nomination.pk
        )

    def get(self, request, pk, certificate_pk):
        nomination = self.vetted_nomination()
        return self.page(nomination, self.certificate(nomination), CertificateRevokeForm())

    def post(self, request, pk, certificate_pk):
        nomination = self.vetted_nomination()
        certificate = self.certificate(nomination)
        form = CertificateRevokeForm(request.POST)
        if not form.is_valid():
            return self.page(nomination, certificate, form)
        try:
            certificate_revoke(
                certificate=certificate, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except WorkflowError as error:
            form.add_error(None, error.message)
            return self.page(nomination, certificate, form)
        messages.success(request, f"Certificate {certificate.serial} was revoked.")
        return HttpResponseRedirect(staff_detail_url(nomination))

    def page(self, nomination, certificate, form):
        return render(
            self.request,
            self.template_name,
            {"nomination": nomination, "certificate": certificate, "form": form},
        )


class CertificateDownloadView(RoleRequiredMixin, View):
    """The stored PDF of any certificate of the nomination, valid or not, to award staff
    who are not a party to it (as the other certificate actions). Nobody else: the public
    verifies by serial, they do not download."""

    allowed = rules.is_award_staff

    def get(self, request, pk, certificate_pk):
        certificate = get_object_or_404(
            Certificate.objects.select_related("nomination__nominee"),
            pk=certificate_pk,
            nomination_id=pk,
        )
        refuse_a_party(
            request,
            nominations=Nomination.objects.filter(pk=certificate.nomination_id),
            obj=certificate.nomination,
            what="certificate",
        )
        if not certificate.file:
            raise Http404
        certificate_download_record(certificate=certificate, actor=request.user)
        return pdf_download(certificate.file, f"certificate-{certificate.serial}.pdf")


# Staff may preview the certificate of a nomination the official selected, before the
# announcement issues it (and after, for comparison).
PREVIEW_STATES = frozenset({NominationState.SELECTED, NominationState.AWARDED})


class CertificatePreviewView(VettingMixin, View):
    """A preview of the nomination's certificate, as announcing would issue it: marked
    "PREVIEW — NOT VALID" across the page, no serial, no QR code, not stored, so nothing
    can verify it. Each download is audited ("certificate.preview")."""

    denied_action = "certificate.preview"

    def get(self, request, pk):
        nomination = self.vetted_nomination()
        if nomination.state not in PREVIEW_STATES:
            raise Http404("Only a selected nomination's certificate can be previewed.")
        return download(
            certificate_preview(nomination=nomination, actor=request.user),
            filename=f"certificate-preview-{nomination.reference}.pdf",
            content_type=PDF,
        )


class CertificateVerifyView(View):
    """Public: what a certificate's QR code opens. Unknown serials, and certificates of
    cycles not yet announced, get the same "not found" page with status 404."""

    def get(self, request, serial):
        certificate = certificate_for_public(serial)
        if certificate is None:
            return render(
                request, "selection/certificate_not_found.html", {"serial": serial}, status=404
            )
        context = {
            "certificate": certificate,
            "cycle": certificate.nomination.cycle,
            "program": certificate.nomination.cycle.program,
            "statuses": CertificateStatus,
        }
        return render(request, "selection/certificate_verify.html", context)


# Checking a file parses a PDF someone sent: per client address, at most this many in
# each window, which is far more than anyone checking their certificates needs.
FILE_CHECKS_PER_WINDOW = 20
FILE_CHECK_WINDOW_SECONDS = 600
TOO_MANY_FILE_CHECKS = (
    "You have checked many files in a short time. Wait ten minutes and try again, or look "
    "the certificate up by its serial number."
)


class CertificateCheckView(View):
    """Public: look a certificate up by its serial number, or check a PDF copy of it:
    whether it is the issued file, signed by the office and unchanged, and still valid.
    The file is read, judged and dropped; nothing about it is stored."""

    template_name = "selection/certificate_check.html"

    def get(self, request):
        serial_form = SerialForm(request.GET if "serial" in request.GET else None)
        if serial_form.is_valid():
            return redirect("selection:certificate_verify", serial_form.cleaned_data["serial"])
        return self.page(serial_form=serial_form, file_form=CertificateFileForm())

    def post(self, request):
        file_form = CertificateFileForm(request.POST, request.FILES)
        address = request.META.get("REMOTE_ADDR") or ""
        if not within_rate(
            "certificate-file",
            address,
            limit=FILE_CHECKS_PER_WINDOW,
            seconds=FILE_CHECK_WINDOW_SECONDS,
        ):
            return self.page(
                serial_form=SerialForm(),
                file_form=CertificateFileForm(),
                refused=TOO_MANY_FILE_CHECKS,
                status=429,
            )
        finding = None
        if file_form.is_valid():
            finding = certificate_file_finding(file_form.cleaned_data["file"])
        return self.page(serial_form=SerialForm(), file_form=file_form, finding=finding)

    def page(self, *, serial_form, file_form, finding=None, refused="", status=200):
        context = {
            "serial_form": serial_form,
            "file_form": file_form,
            "finding": finding,
            "refused": refused,
        }
        return render(self.request, self.template_name, context, status=status)


urlpatterns = [
    path("verify/", CertificateCheckView.as_view(), name="certificate_check"),
    path(
        "verify/<str:serial>/",
        CertificateVerifyView.as_view(),
        name="certificate_verify",
    ),
    path(
        "staff/nominations/<int:pk>/certificates/preview.pdf",
        CertificatePreviewView.as_view(),
        name="staff_certificate_preview",
    ),
    path(
        "staff/nominations/<int:pk>/certificates/issue/",
        CertificateIssueView.as_view(),
        name="staff_certificate_issue",
    ),
    path(
        "staff/nominations/<int:pk>/certificates/<int:certificate_pk>/revoke/",
        CertificateRevokeView.as_view(),
        name="staff_certificate_revoke",
    ),
    path(
        "staff/nominations/<int:pk>/certificates/<int:certificate_pk>/download/",
        CertificateDownloadView.as_view(),
        name="staff_certificate_download",
    ),
]
