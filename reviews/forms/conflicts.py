"""Forms for conflicts: a panelist's declaration, and a staff decision. They validate
only; the services decide and write."""

from django import forms

from reviews.states import ConflictKind


def _one_line_breaks(text: str) -> str:
    """Browsers send textarea line breaks as CRLF; records keep LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


class ConflictDeclareForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of conflict",
        choices=ConflictKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of conflict."},
    )
    reason = forms.CharField(
        label="What is the conflict?",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="A sentence or two for award staff, for example who you know and how.",
        error_messages={"required": "Say in a sentence or two what the conflict is."},
    )

    def clean_reason(self) -> str:
        return _one_line_breaks(self.cleaned_data["reason"]).strip()


class ConflictDecideForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("confirm", "Confirm"), ("dismiss", "Dismiss"), ("waive", "Waive")],
        widget=forms.HiddenInput,
        error_messages={"required": "Choose confirm, dismiss or waive."},
    )
    # The status the page showed: a decision made meanwhile by someone else is not
    # silently replaced (confirmed by one, then waived by another who never saw it).
    seen_status = forms.CharField(required=False, widget=forms.HiddenInput)
    reason = forms.CharField(
        label="Reason for your decision",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Recorded with your name; the panel's record shows it.",
        error_messages={"required": "Give the reason for your decision."},
    )

    def clean_reason(self) -> str:
        return _one_line_breaks(self.cleaned_data["reason"]).strip()

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("seen_status"):
            raise forms.ValidationError(
                "Reload the page, then decide again: the form did not say which status you "
                "saw, so it cannot tell whether someone else decided meanwhile.",
                code="no_seen_status",
            )
        return cleaned
