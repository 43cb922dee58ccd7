"""Award staff's page for the certificate's images: the cycle's signature and the
program's seal, each with a preview, an upload form and a way to remove it, and a sample
certificate drawn with them (selection/services/certificate_images.py).

Each view lets in award staff only (StaffOnly, which audits the others' attempts); the
services check `rules.can_manage_cycle` and `rules.can_manage_program`. A refused upload
shows its reason next to the file field and changes nothing. The stored images are PNGs
written by the server (`core.uploaded_images`), served to staff only, never by a storage
address.
"""

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.views import View

from core.access import StaffOnly
from core.downloads import PDF, private
from core.exceptions import InvalidUpload, WorkflowError
from nominations import rules
from nominations.models import Cycle
from selection.forms.certificate_images import CertificateImageForm
from selection.pdf.certificate import render_certificate
from selection.selectors.certificates import sample_certificate_data, stored_image
from selection.services.certificate_images import (
    cycle_signature_image_remove,
    cycle_signature_image_upload,
    program_seal_image_remove,
    program_seal_image_upload,
)

TEMPLATE = "selection/certificate_images.html"
# Which image: its form's label, and the services that upload and remove it.
IMAGES = {
    "signature": "The signatory's signature",
    "seal": "The program's seal or emblem",
}


def _images_url(cycle: Cycle) -> str:
    return reverse("selection:certificate_images", args=[cycle.pk])


class CertificateImagesMixin(StaffOnly):
    def dispatch(self, request, *args, **kwargs):
        # The role check comes first, so that strangers learn nothing about cycles.
        if not self.test_func():
            return self.handle_no_permission()
        self.cycle = get_object_or_404(Cycle.objects.select_related("program"), pk=kwargs["pk"])
        if "which" in kwargs and kwargs["which"] not in IMAGES:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def field_file(self, which: str):
        return self.cycle.signature_image if which == "signature" else self.cycle.program.seal_image

    def page(self, **forms):
        context = {
            "cycle": self.cycle,
            "signature_editable": rules.can_change_certificate_signature(
                self.request.user, self.cycle
            ),
            "images": [
                {
                    "which": which,
                    "label": label,
                    "stored": bool(self.field_file(which)),
                    "form": forms.get(which)
                    or CertificateImageForm(prefix=which, label=f"{label} (PNG or JPEG)"),
                }
                for which, label in IMAGES.items()
            ],
        }
        return render(self.request, TEMPLATE, context)


class CertificateImagesView(CertificateImagesMixin, View):
    def get(self, request, pk):
        return self.page()


class CertificateImageUploadView(CertificateImagesMixin, View):
    def post(self, request, pk, which):
        label = IMAGES[which]
        form = CertificateImageForm(
            request.POST, request.FILES, prefix=which, label=f"{label} (PNG or JPEG)"
        )
        if not form.is_valid():
            return self.page(**{which: form})
        try:
            if which == "signature":
                cycle_signature_image_upload(
                    cycle=self.cycle, actor=request.user, uploaded_file=form.cleaned_data["image"]
                )
            else:
                program_seal_image_upload(
                    program=self.cycle.program,
                    actor=request.user,
                    uploaded_file=form.cleaned_data["image"],
                )
        except InvalidUpload as error:
            form.add_error("image", error.message)
            return self.page(**{which: form})
        except WorkflowError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"{label} is saved; certificates issued from now on show it.")
        return HttpResponseRedirect(_images_url(self.cycle))


class CertificateImageRemoveView(CertificateImagesMixin, View):
    def post(self, request, pk, which):
        try:
            if which == "signature":
                cycle_signature_image_remove(cycle=self.cycle, actor=request.user)
            else:
                program_seal_image_remove(program=self.cycle.program, actor=request.user)
        except WorkflowError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, f"{IMAGES[which]} is removed from certificates issued from now on."
            )
        return HttpResponseRedirect(_images_url(self.cycle))


class CertificateImageFileView(CertificateImagesMixin, View):
    """The stored PNG, shown on the page as its preview."""

    def get(self, request, pk, which):
        image = stored_image(self.field_file(which))
        if not image:
            raise Http404
        response = HttpResponse(image, content_type="image/png")
        response["X-Content-Type-Options"] = "nosniff"
        return private(response)


class SampleCertificateView(CertificateImagesMixin, View):
    """A certificate of the cycle with a sample recipient and citation and the images,
    marked as a sample, to see how they print."""

    def get(self, request, pk):
        response = HttpResponse(
            render_certificate(sample_certificate_data(self.cycle)), content_type=PDF
        )
        response["Content-Disposition"] = "inline; filename=sample-certificate.pdf"
        response["X-Content-Type-Options"] = "nosniff"
        return private(response)


urlpatterns = [
    path(
        "staff/cycles/<int:pk>/certificate-images/",
        CertificateImagesView.as_view(),
        name="certificate_images",
    ),
    path(
        "staff/cycles/<int:pk>/certificate-images/sample.pdf",
        SampleCertificateView.as_view(),
        name="certificate_sample",
    ),
    path(
        "staff/cycles/<int:pk>/certificate-images/<slug:which>/",
        CertificateImageUploadView.as_view(),
        name="certificate_image_upload",
    ),
    path(
        "staff/cycles/<int:pk>/certificate-images/<slug:which>/remove/",
        CertificateImageRemoveView.as_view(),
        name="certificate_image_remove",
    ),
    path(
        "staff/cycles/<int:pk>/certificate-images/<slug:which>.png",
        CertificateImageFileView.as_view(),
        name="certificate_image_file",
    ),
]
