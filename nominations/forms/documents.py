"""Forms for a nomination's documents: attachments and letters of support.

Kept apart from `forms.py` (the nomination form) so the two can grow independently.
They only say what was sent; the file itself is checked by the services, through
`core.uploads`, whatever the form accepted.
"""

from django import forms

from nominations.models import EndorsementRequest


class PdfUploadForm(forms.Form):
    # An empty file goes on to the upload checks, whose message names the file.
    file = forms.FileField(
        label="Choose a PDF file",
        allow_empty_file=True,
        error_messages={"required": "Choose a PDF file to upload."},
    )


class EndorsementRequestForm(forms.ModelForm):
    class Meta:
        model = EndorsementRequest
        fields = ["name", "email", "relationship"]
        labels = {
            "name": "Endorser's full name",
            "email": "Endorser's email address",
            "relationship": "How they know the nominee",
        }
        help_texts = {
            "email": "We send the link to upload the letter to this address.",
            "relationship": "For example: program partner, former client, funder.",
        }
        error_messages = {
            "name": {"required": "Enter the endorser's full name."},
            "email": {
                "required": "Enter the endorser's email address.",
                "invalid": "Enter an email address like name@example.org.",
            },
            "relationship": {"required": "Enter how the endorser knows the nominee."},
        }
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "off"}),
            "email": forms.EmailInput(attrs={"autocomplete": "off"}),
        }
