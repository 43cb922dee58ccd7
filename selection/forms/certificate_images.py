"""The upload forms of the certificate's images. They only say what was sent; the file is
checked by content in the service (`core.uploaded_images`), whatever the form accepted."""

from django import forms

from core.uploaded_images import MAX_IMAGE_SIDE, image_size_limit


class CertificateImageForm(forms.Form):
    # An empty file goes on to the upload checks, whose message names the file.
    image = forms.FileField(
        allow_empty_file=True,
        error_messages={"required": "Choose a PNG or JPEG image to upload."},
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg"}),
    )

    def __init__(self, *args, label: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["image"].label = label
        self.fields["image"].help_text = (
            f"PNG or JPEG, {image_size_limit()} or smaller, at most {MAX_IMAGE_SIDE} pixels "
            "on each side. A clear background prints best."
        )
