"""The forms of a request about one's records and of staff's answer. They only say what
was sent; the services judge it."""

from django import forms

from records.services.requests import ANSWER_MAX, DETAILS_MAX
from records.states import RecordRequestKind


class RecordRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label="What are you asking for?",
        choices=RecordRequestKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what you are asking for."},
    )
    nomination = forms.TypedChoiceField(
        label="Which nomination is it about? (optional)",
        coerce=int,
        required=False,
        empty_value=None,
    )
    details = forms.CharField(
        label="Details",
        help_text="Which record it is, and what is wrong with it or what you ask us to do.",
        max_length=DETAILS_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Say which record it is and what you ask us to do."},
    )

    def __init__(self, *args, nominations=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["nomination"].choices = [("", "None in particular")] + [
            (nomination.pk, nomination_label(nomination)) for nomination in nominations
        ]


def nomination_label(nomination) -> str:
    reference = nomination.reference or "Draft"
    return f"{reference}: {nomination.nominee.display_name or 'unnamed nominee'}"


class RecordRequestAnswerForm(forms.Form):
    answer = forms.CharField(
        label="Answer",
        help_text="What you did, or why not; the requester receives it by email.",
        max_length=ANSWER_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Write the answer the requester will receive."},
    )
