"""Forms for certificates: issue or re-issue with the name as it should appear, and
revoke with a reason. They validate only; the services decide and write."""

from django import forms

from selection.services.certificates import RECIPIENT_NAME_MAX


class CertificateIssueForm(forms.Form):
    recipient_name = forms.CharField(
        label="Recipient's name as it should appear",
        max_length=RECIPIENT_NAME_MAX,
        help_text="Exactly as printed under “Presented to”, honorific included for a person.",
        error_messages={
            "required": "Enter the recipient's name as it should appear.",
            "max_length": f"Shorten the name to {RECIPIENT_NAME_MAX} characters or fewer.",
        },
    )
    reason = forms.CharField(
        label="Reason for re-issuing",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Recorded in the history, for example “Corrected the recipient's name”.",
    )
    # The serial of the valid certificate the page showed ("" for none): a second click
    # or a colleague's issue in the meantime is refused instead of issuing twice.
    expected_current = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, reissue: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.reissue = reissue
        if not reissue:
            del self.fields["reason"]

    def clean_recipient_name(self) -> str:
        return " ".join(self.cleaned_data["recipient_name"].split())

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if self.reissue and not reason:
            raise forms.ValidationError("Say why the certificate is being re-issued.")
        return reason


class CertificateRevokeForm(forms.Form):
    reason = forms.CharField(
        label="Reason for revoking",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The verification page shows that the certificate was revoked and when; "
        "the reason stays in the staff record.",
        error_messages={"required": "Enter the reason for revoking the certificate."},
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Enter the reason for revoking the certificate.")
        return reason
