"""Letters of support: the nominator's requests, and the endorser's page behind a link.

The endorser's page needs no account and shows only the nominee's name, the
nominator's name, the program and when the link expires. A link that cannot be used
answers with a page that says why: 404 for a link that never existed (or was replaced
by a resend), 410 Gone for one that was used, expired or cancelled.
"""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views import View
from django.views.generic import TemplateView

from core.downloads import pdf_download, private
from core.exceptions import WorkflowError
from core.uploads import describe_size, max_upload_bytes
from nominations import rules
from nominations.forms.documents import EndorsementRequestForm, PdfUploadForm
from nominations.models import EndorsementRequest
from nominations.selectors.attachments import (
    EndorsementLinkError,
    download_name,
    endorsement_for_token,
    endorsement_position,
)
from nominations.services.endorsements import (
    endorsement_cancel,
    endorsement_letter_upload,
    endorsement_request,
    endorsement_resend,
)
from nominations.states import EndorsementState
from nominations.views.attachments import NominationFilesMixin, deny

PARTIAL = "_endorsements.html"


class EndorsementRequestView(NominationFilesMixin, View):
    denied_action = "endorsement.request"

    def post(self, request, pk):
        nomination = self.owned_nomination()
        form = EndorsementRequestForm(request.POST)
        if not form.is_valid():
            return self.files_error(nomination, PARTIAL, endorsement_form=form)
        try:
            endorsement = endorsement_request(
                nomination=nomination, actor=request.user, **form.cleaned_data
            )
        except WorkflowError as error:
            return self.files_error(
                nomination, PARTIAL, endorsement_form=form, endorsement_error=error.message
            )
        return self.files_response(
            nomination, PARTIAL, f"We emailed {endorsement.name} a link to upload a letter."
        )


class EndorsementChangeView(NominationFilesMixin, View):
    """POST only: resend or cancel one of the nomination's requests."""

    denied_action = "endorsement.change"

    def post(self, request, pk, request_pk):
        nomination = self.owned_nomination()
        endorsement = get_object_or_404(EndorsementRequest, pk=request_pk, nomination=nomination)
        endorsement.nomination = nomination
        try:
            message = self.change(endorsement)
        except WorkflowError as error:
            return self.files_error(nomination, PARTIAL, endorsement_error=error.message)
        return self.files_response(nomination, PARTIAL, message)


class EndorsementResendView(EndorsementChangeView):
    denied_action = "endorsement.resend"

    def change(self, endorsement: EndorsementRequest) -> str:
        endorsement_resend(request=endorsement, actor=self.request.user)
        return f"We sent {endorsement.name} a new link. The earlier link no longer works."


class EndorsementCancelView(EndorsementChangeView):
    denied_action = "endorsement.cancel"

    def change(self, endorsement: EndorsementRequest) -> str:
        endorsement_cancel(request=endorsement, actor=self.request.user)
        return f"The request to {endorsement.name} was cancelled. Their link no longer works."


class LetterDownloadView(LoginRequiredMixin, View):
    def get(self, request, pk, request_pk):
        endorsement = get_object_or_404(
            EndorsementRequest.objects.select_related("nomination"),
            pk=request_pk,
            nomination_id=pk,
            state=EndorsementState.RECEIVED,
        )
        nomination = endorsement.nomination
        if not rules.can_download_nomination_files(request.user, nomination):
            deny(request, action="endorsement.letter_download", obj=endorsement)
        name = download_name(nomination, "letter", endorsement_position(endorsement))
        return pdf_download(endorsement.letter, name)


class EndorseView(View):
    """The endorser's page: one PDF upload field, no account."""

    template_name = "endorsements/letter_upload.html"

    def get(self, request, token):
        try:
            endorsement = endorsement_for_token(token)
        except EndorsementLinkError as error:
            return link_error_response(request, error)
        return self.page(endorsement, PdfUploadForm())

    def post(self, request, token):
        form = PdfUploadForm(request.POST, request.FILES)
        try:
            endorsement = endorsement_for_token(token)
            if form.is_valid():
                endorsement_letter_upload(token=token, uploaded_file=form.cleaned_data["file"])
                return private(redirect("nominations:endorse_thanks"))
        except EndorsementLinkError as error:
            return link_error_response(request, error)
        except WorkflowError as error:
            form.add_error("file", error.message)
        return self.page(endorsement, form)

    def page(self, endorsement: EndorsementRequest, form: PdfUploadForm):
        nomination = endorsement.nomination
        context = {
            "endorsement": endorsement,
            "nominee_name": nomination.nominee.display_name,
            "nominator_name": nomination.nominator_name or nomination.nominator.full_name,
            "program": nomination.cycle.program,
            "cycle": nomination.cycle,
            "form": form,
            "max_upload_size": describe_size(max_upload_bytes()),
        }
        return private(render(self.request, self.template_name, context))


class EndorseThanksView(TemplateView):
    template_name = "endorsements/thank_you.html"


def link_error_response(request, error: EndorsementLinkError):
    response = render(
        request,
        "endorsements/link_invalid.html",
        {"message": error.message, "reason": error.reason},
        status=error.status,
    )
    return private(response)


urlpatterns = [
    path(
        "nominations/<int:pk>/endorsements/",
        EndorsementRequestView.as_view(),
        name="endorsement_request",
    ),
    path(
        "nominations/<int:pk>/endorsements/<int:request_pk>/resend/",
        EndorsementResendView.as_view(),
        name="endorsement_resend",
    ),
    path(
        "nominations/<int:pk>/endorsements/<int:request_pk>/cancel/",
        EndorsementCancelView.as_view(),
        name="endorsement_cancel",
    ),
    path(
        "nominations/<int:pk>/letters/<int:request_pk>/",
        LetterDownloadView.as_view(),
        name="letter_download",
    ),
    path("endorse/thank-you/", EndorseThanksView.as_view(), name="endorse_thanks"),
    path("endorse/<str:token>/", EndorseView.as_view(), name="endorse"),
]
