"""Forms for vetting: a checklist finding, a return for information (and taking it back
or extending its due date), an ineligibility notice, and linking duplicates. They
validate only; the services decide and write."""

import datetime as dt

from django import forms
from django.utils import timezone

from nominations.models import CheckResult, Cycle


def _one_line_breaks(text: str) -> str:
    """Browsers send textarea line breaks as CRLF; emails and records keep LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


class ChecklistResultForm(forms.Form):
    result = forms.ChoiceField(
        label="Result",
        choices=CheckResult.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose pass, concern, fail or not applicable."},
    )
    note = forms.CharField(
        label="Note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="What you checked and where, especially for a concern or a fail.",
    )
    evidence = forms.FileField(
        label="Evidence (PDF, optional)",
        required=False,
        allow_empty_file=True,  # the upload checks refuse it, naming the file
        help_text="Replaces any evidence already attached to this check.",
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def clean_note(self) -> str:
        return _one_line_breaks(self.cleaned_data["note"])


class ReturnForInfoForm(forms.Form):
    message = forms.CharField(
        label="Message to the nominator",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Say exactly what is missing or unclear. The nominator sees this text.",
        error_messages={"required": "Enter the message to the nominator."},
    )
    due_date = forms.DateField(
        label="Response due date",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": "Enter the date the response is due.",
            "invalid": "Enter the due date as a real date, like 2026-03-31.",
        },
    )

    def __init__(self, *args, cycle: Cycle, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.cycle = cycle
        self.fields["due_date"].help_text = (
            "A day after today. The nominator can respond until the end of that day in "
            f"the cycle's time zone ({cycle.time_zone})."
        )

    def clean_message(self) -> str:
        return _one_line_breaks(self.cleaned_data["message"])

    def clean_due_date(self) -> dt.date:
        due_date = self.cleaned_data["due_date"]
        if due_date <= timezone.localdate(timezone=self.cycle.zone):
            raise forms.ValidationError("Choose a due date after today.")
        return due_date


class TakeBackForm(forms.Form):
    reason = forms.CharField(
        label="Reason for taking the nomination back",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=(
            "Kept in the record and quoted in the email to the nominator, for example "
            "“The response due date passed without an answer.”"
        ),
        error_messages={"required": "Enter the reason for taking the nomination back."},
    )

    def clean_reason(self) -> str:
        return _one_line_breaks(self.cleaned_data["reason"]).strip()


class ExtendDueDateForm(forms.Form):
    due_date = forms.DateField(
        label="New response due date",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": "Enter the new date the response is due.",
            "invalid": "Enter the due date as a real date, like 2026-03-31.",
        },
    )
    note = forms.CharField(
        label="Note to the nominator (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Quoted in the email that tells the nominator the new date.",
    )

    def __init__(self, *args, nomination, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.cycle = nomination.cycle
        self.current = nomination.info_due_date
        self.fields["due_date"].help_text = (
            "A day after today and after the current due date. The nominator can respond "
            f"until the end of that day in the cycle's time zone ({self.cycle.time_zone})."
        )

    def clean_note(self) -> str:
        return _one_line_breaks(self.cleaned_data["note"]).strip()

    def clean_due_date(self) -> dt.date:
        due_date = self.cleaned_data["due_date"]
        if due_date <= timezone.localdate(timezone=self.cycle.zone):
            raise forms.ValidationError("Choose a due date after today.")
        if self.current is not None and due_date <= self.current:
            raise forms.ValidationError(
                f"Choose a date after the current due date, {self.current:%B} "
                f"{self.current.day}, {self.current.year}."
            )
        return due_date


class MarkIneligibleForm(forms.Form):
    """Step one asks for the reason; step two shows the notice, prefilled, to edit."""

    reason = forms.CharField(
        label="Reason the nomination is not eligible",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Kept in the record and put in the notice to the nominator.",
        error_messages={"required": "Enter the reason the nomination is not eligible."},
    )
    notice = forms.CharField(
        label="Notice to the nominator",
        required=False,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text="This is the email the nominator receives, exactly as written here.",
    )

    def __init__(self, *args, sending: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.sending = sending

    def clean_reason(self) -> str:
        return _one_line_breaks(self.cleaned_data["reason"])

    def clean_notice(self) -> str:
        notice = _one_line_breaks(self.cleaned_data["notice"])
        if self.sending and not notice:
            raise forms.ValidationError("Enter the notice to the nominator.")
        return notice


class DuplicateLinkForm(forms.Form):
    note = forms.CharField(label="Note", required=False, max_length=500)
