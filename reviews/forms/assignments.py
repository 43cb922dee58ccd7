"""Forms for assignment: the balanced plan's settings, adding one panelist, and a
panelist's decline. They validate only; the services decide and write."""

from django import forms

from reviews.services.panel import MAX_REVIEWERS, MIN_REVIEWERS


class BalancedAssignmentForm(forms.Form):
    k = forms.IntegerField(
        label="Reviewers per nomination",
        min_value=MIN_REVIEWERS,
        max_value=MAX_REVIEWERS,
        help_text=f"How many panelists score each nomination (k), {MIN_REVIEWERS} to "
        f"{MAX_REVIEWERS}.",
        error_messages={
            "required": "Enter how many panelists should score each nomination.",
            "invalid": "Enter a whole number, like 3.",
            "min_value": f"Each nomination needs at least {MIN_REVIEWERS} reviewer.",
            "max_value": f"Enter {MAX_REVIEWERS} or fewer reviewers per nomination.",
        },
    )
    cap = forms.IntegerField(
        label="Most nominations per panelist (optional)",
        required=False,
        min_value=1,
        max_value=1000,
        help_text="Leave blank for no cap.",
        error_messages={
            "invalid": "Enter a whole number, like 8, or leave it blank.",
            "min_value": "The cap must be at least 1, or left blank for no cap.",
            "max_value": "Enter 1000 or less, or leave it blank.",
        },
    )
    digest = forms.CharField(required=False, widget=forms.HiddenInput)


class AssignmentAddForm(forms.Form):
    nomination = forms.IntegerField(widget=forms.HiddenInput)
    member = forms.IntegerField(
        label="Panelist",
        widget=forms.Select,
        error_messages={"required": "Choose a panelist.", "invalid": "Choose a panelist."},
    )


class AssignmentDeclineForm(forms.Form):
    reason = forms.CharField(
        label="Why are you declining?",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Award staff read this when they ask another panelist.",
        error_messages={"required": "Say why you are declining."},
    )

    def clean_reason(self) -> str:
        return self.cleaned_data["reason"].replace("\r\n", "\n").strip()
