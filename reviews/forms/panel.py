"""Forms for running a panel and joining one. They validate and clean; services save."""

from django import forms
from django.utils import timezone

from reviews.models import Panel
from reviews.services.attestation import names_match
from reviews.services.panel import MAX_REVIEWERS, MIN_REVIEWERS, PANEL_SETTING_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PanelSettingsForm(forms.ModelForm):
    """The panel's settings; those that may no longer change are shown disabled."""

    reviewers_per_nomination = forms.IntegerField(
        label="Reviewers per nomination",
        min_value=MIN_REVIEWERS,
        max_value=MAX_REVIEWERS,
        help_text=f"How many panelists score each nomination ({MIN_REVIEWERS} to {MAX_REVIEWERS}).",
    )
    max_per_panelist = forms.IntegerField(
        label="Most nominations per panelist",
        min_value=1,
        required=False,
        help_text="Leave blank for no cap.",
    )

    class Meta:
        model = Panel
        fields = [
            "attestation_text",
            "reviewers_per_nomination",
            "max_per_panelist",
            "review_due",
            "blind_review",
            "show_scores_after_submit",
        ]
        labels = {
            "attestation_text": "Attestation statement",
            "review_due": "Reviews due",
            "blind_review": "Blind review",
            "show_scores_after_submit": "Show other panelists' scores after submitting",
        }
        widgets = {"attestation_text": forms.Textarea(attrs={"rows": 8}), "review_due": DATE}

    def __init__(self, *args, editable: frozenset[str] = PANEL_SETTING_FIELDS, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name not in editable:
                field.disabled = True

    def clean_review_due(self):
        due = self.cleaned_data.get("review_due")
        today = timezone.localdate(timezone=self.instance.cycle.zone)
        if due is not None and due < today and due != self.instance.review_due:
            raise forms.ValidationError(
                f"Choose today ({today:%B} {today.day}, {today.year}) or a later date: "
                "panelists would be told their reviews are already overdue."
            )
        return due

    def changed_settings(self) -> dict:
        """The cleaned values of the fields that may change."""
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if not self.fields[name].disabled
        }


class InvitationForm(forms.Form):
    full_name = forms.CharField(label="Full name", max_length=200)
    email = forms.EmailField(label="Email address", max_length=254)

    def clean_full_name(self) -> str:
        return " ".join(self.cleaned_data["full_name"].split())

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()


class MemberRemoveForm(forms.Form):
    reason = forms.CharField(
        label="Reason for removing this panelist",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="Kept in the panel's record. Their submitted scores stay, marked as removed.",
    )


class AttestationForm(forms.Form):
    full_name = forms.CharField(
        label="Your full name",
        max_length=200,
        help_text="Type your full name as your signature.",
    )
    agree = forms.BooleanField(
        label="I have read the statement above and agree to it.",
        error_messages={"required": "Tick the box to confirm that you agree to the statement."},
    )

    def __init__(self, *args, account_name: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.account_name = account_name

    def clean_full_name(self) -> str:
        typed = " ".join(self.cleaned_data["full_name"].split())
        if self.account_name and not names_match(typed, self.account_name):
            raise forms.ValidationError(
                f"Type your full name as it is on your account: {self.account_name}."
            )
        return typed
