"""The staff queue's filters: a GET form that validates and cleans, nothing more."""

from django import forms

from nominations.models import Cycle, NomineeKind
from nominations.states import NominationState

CRITERION_CHOICES = [
    ("", "Any criterion"),
    ("courage", "Especially courageous conduct"),
    ("sustained", "Sustained achievement"),
    ("innovation", "Particularly innovative efforts"),
]
YES_NO_ANY = [("", "Any"), ("yes", "Yes"), ("no", "No")]
SORT_CHOICES = [
    ("reference", "Reference"),
    ("-reference", "Reference, newest first"),
    ("nominee", "Nominee, A to Z"),
    ("-nominee", "Nominee, Z to A"),
    ("submitted", "Submitted, oldest first"),
    ("-submitted", "Submitted, newest first"),
    ("state", "State, in workflow order"),
    ("-state", "State, latest first"),
]
# The filter names, in the order the CSV export's audit event lists them.
FILTER_NAMES = ("q", "state", "criterion", "nominee_type", "duplicate", "overdue", "sort")


class CycleChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, cycle: Cycle) -> str:
        return f"{cycle.program.short_name} {cycle.award_year} ({cycle.get_state_display()})"


class NominationQueueForm(forms.Form):
    cycle = CycleChoiceField(
        label="Cycle",
        required=False,
        queryset=Cycle.objects.select_related("program").order_by("-award_year", "-pk"),
        empty_label="The current cycle",
        help_text="The newest cycle that is not archived, unless you choose another.",
    )
    q = forms.CharField(
        label="Search",
        required=False,
        max_length=200,
        help_text="Reference, nominee name, or the nominator's name or email.",
    )
    state = forms.ChoiceField(
        label="State", required=False, choices=[("", "Any state"), *NominationState.choices]
    )
    criterion = forms.ChoiceField(label="Criterion", required=False, choices=CRITERION_CHOICES)
    nominee_type = forms.ChoiceField(
        label="Nominee type", required=False, choices=[("", "Any type"), *NomineeKind.choices]
    )
    duplicate = forms.ChoiceField(
        label="Flagged as a possible duplicate", required=False, choices=YES_NO_ANY
    )
    overdue = forms.ChoiceField(label="Response overdue", required=False, choices=YES_NO_ANY)
    sort = forms.ChoiceField(label="Sort by", required=False, choices=SORT_CHOICES)

    def filters(self) -> dict[str, str]:
        """The valid filters only: a bad value is reported and otherwise ignored."""
        cleaned = getattr(self, "cleaned_data", {})
        return {name: cleaned.get(name) or "" for name in FILTER_NAMES}

    def chosen_cycle(self) -> Cycle | None:
        """The cycle asked for, or None for the current one (also when the choice is bad)."""
        return getattr(self, "cleaned_data", {}).get("cycle")
