"""A nomination's documents page, its attachments, and file downloads.

Uploads and removals answer htmx with the refreshed `_attachments.html` partial and
everyone else with a redirect back (or the documents page with the error). Downloads go
to the owner and award staff only; anyone else gets 404, and the attempt is audited.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View

from core.access import audit_refusal
from core.downloads import pdf_download
from core.exceptions import WorkflowError
from nominations import rules
from nominations.forms.documents import EndorsementRequestForm, PdfUploadForm
from nominations.models import Attachment, Nomination
from nominations.selectors.attachments import (
    attachment_position,
    download_name,
    nomination_files_context,
)
from nominations.services.attachments import attachment_add, attachment_remove

DOCUMENTS_TEMPLATE = "nominations/attachment_documents.html"


class NominationFilesMixin(LoginRequiredMixin):
    """Loads the nomination of the URL for its owner; anyone else gets 404, audited."""

    denied_action = "nomination.documents"

    def owned_nomination(self) -> Nomination:
        nomination = get_object_or_404(
            Nomination.objects.select_related("cycle__program", "nominee"), pk=self.kwargs["pk"]
        )
        if not rules.is_nomination_owner(self.request.user, nomination):
            deny(self.request, action=self.denied_action, obj=nomination)
        return nomination

    def files_response(self, nomination: Nomination, partial: str, message: str = ""):
        """After a successful change: the refreshed partial for htmx, else a redirect."""
        if self.request.htmx:
            return render_partial(self.request, nomination, partial, status_message=message)
        if message:
            messages.success(self.request, message)
        return HttpResponseRedirect(return_url(self.request, nomination))

    def files_error(self, nomination: Nomination, partial: str, **errors):
        """After a refused change: the partial (htmx) or the documents page, with errors."""
        if self.request.htmx:
            return render_partial(self.request, nomination, partial, **errors)
        return render_documents(self.request, nomination, **errors)


class DocumentsView(NominationFilesMixin, View):
    """The nomination's attachments and letters of support on a page of their own."""

    def get(self, request, pk):
        return render_documents(request, self.owned_nomination())


class AttachmentUploadView(NominationFilesMixin, View):
    denied_action = "attachment.add"

    def post(self, request, pk):
        nomination = self.owned_nomination()
        form = PdfUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.files_error(
                nomination, "_attachments.html", attachment_error=form.errors["file"][0]
            )
        try:
            attachment = attachment_add(
                nomination=nomination, actor=request.user, uploaded_file=form.cleaned_data["file"]
            )
        except WorkflowError as error:
            return self.files_error(nomination, "_attachments.html", attachment_error=error.message)
        return self.files_response(
            nomination, "_attachments.html", f"“{attachment.original_name}” was uploaded."
        )


class AttachmentRemoveView(NominationFilesMixin, View):
    """GET asks to confirm; POST removes."""

    denied_action = "attachment.remove"

    def attachment(self) -> Attachment:
        nomination = self.owned_nomination()
        attachment = get_object_or_404(
            Attachment, pk=self.kwargs["attachment_pk"], nomination=nomination
        )
        attachment.nomination = nomination
        return attachment

    def get(self, request, pk, attachment_pk):
        attachment = self.attachment()
        return render(
            request,
            "nominations/attachment_confirm_remove.html",
            {
                "nomination": attachment.nomination,
                "attachment": attachment,
                "next": return_url(request, attachment.nomination, source=request.GET),
            },
        )

    def post(self, request, pk, attachment_pk):
        attachment = self.attachment()
        nomination = attachment.nomination
        try:
            attachment_remove(attachment=attachment, actor=request.user)
        except WorkflowError as error:
            return self.files_error(nomination, "_attachments.html", attachment_error=error.message)
        return self.files_response(
            nomination, "_attachments.html", f"“{attachment.original_name}” was removed."
        )


class AttachmentDownloadView(LoginRequiredMixin, View):
    def get(self, request, pk, attachment_pk):
        attachment = get_object_or_404(
            Attachment.objects.select_related("nomination"), pk=attachment_pk, nomination_id=pk
        )
        nomination = attachment.nomination
        if not rules.can_download_nomination_files(request.user, nomination):
            deny(request, action="attachment.download", obj=attachment)
        name = download_name(nomination, "attachment", attachment_position(attachment))
        return pdf_download(attachment.file, name)


# -- shared with the endorsement views ---------------------------------------------------------


def deny(request, *, action: str, obj) -> None:
    """Record a denied attempt on an object, then answer 404: the object's existence is
    nobody else's business."""
    audit_refusal(request, action=action, obj=obj)
    raise Http404


def return_url(request, nomination: Nomination, source=None) -> str:
    """Where to go back to: a local `next` address if one was sent, else the documents."""
    candidate = (source if source is not None else request.POST).get("next", "")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("nominations:nomination_documents", args=[nomination.pk])


def files_context(request, nomination: Nomination, **extra) -> dict:
    return {
        "nomination": nomination,
        "files": nomination_files_context(nomination),
        "files_return_to": return_url(request, nomination),
        "endorsement_form": extra.pop("endorsement_form", None) or EndorsementRequestForm(),
        **extra,
    }


def render_partial(request, nomination: Nomination, partial: str, **extra):
    return render(request, f"nominations/{partial}", files_context(request, nomination, **extra))


def render_documents(request, nomination: Nomination, **extra):
    return render(request, DOCUMENTS_TEMPLATE, files_context(request, nomination, **extra))


urlpatterns = [
    path(
        "nominations/<int:pk>/documents/",
        DocumentsView.as_view(),
        name="nomination_documents",
    ),
    path(
        "nominations/<int:pk>/attachments/",
        AttachmentUploadView.as_view(),
        name="attachment_upload",
    ),
    path(
        "nominations/<int:pk>/files/<int:attachment_pk>/",
        AttachmentDownloadView.as_view(),
        name="attachment_download",
    ),
    path(
        "nominations/<int:pk>/files/<int:attachment_pk>/remove/",
        AttachmentRemoveView.as_view(),
        name="attachment_remove",
    ),
]
