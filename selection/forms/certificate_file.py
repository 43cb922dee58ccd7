"""The public verification page's forms: a serial number to look up, or a certificate's
PDF to check. The file is read within the upload size limit and must start as a PDF;
what it is as a certificate is the selector's verdict."""

import re

from django import forms
from django.core.exceptions import ValidationError

from core.uploads import PDF_MAGIC, describe_size, max_upload_bytes, read_upload

SERIAL = re.compile(r"[A-Z0-9]+(-[A-Z0-9]+)+")


class SerialForm(forms.Form):
    serial = forms.CharField(
        label="Serial number",
        max_length=40,
        help_text="Printed at the foot of the certificate, next to its QR code, such as "
        "PA-2022-0001-C1.",
        error_messages={"required": "Enter the serial number printed on the certificate."},
    )

    def clean_serial(self) -> str:
        serial = "".join(self.cleaned_data["serial"].split()).upper()
        if not SERIAL.fullmatch(serial):
            raise ValidationError(
                "Enter the serial number as it is printed, letters, digits and hyphens, "
                "such as PA-2022-0001-C1."
            )
        return serial


class CertificateFileForm(forms.Form):
    # An empty file goes on to read_upload, whose message names the file.
    file = forms.FileField(
        label="Certificate PDF",
        allow_empty_file=True,
        error_messages={"required": "Choose the certificate's PDF file."},
        widget=forms.FileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = (
            f"The PDF as you received it, {describe_size(max_upload_bytes())} or smaller. "
            "It is checked and not kept."
        )

    def clean_file(self) -> bytes:
        data, _name = read_upload(self.cleaned_data["file"], kind="the certificate's PDF")
        if not data.startswith(PDF_MAGIC):
            raise ValidationError(
                "This file is not a PDF. Choose the certificate's PDF file as you received it."
            )
        return data
