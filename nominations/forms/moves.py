"""The confirmation every irreversible move asks for (close nominations, start panel
review, send the slate, the official's signature, announce).

The page states the move's consequences in plain words; the form carries one required
tick box, "I understand …", checked here on the server: a POST without it changes
nothing and the page says why next to the box.
"""

from django import forms
from django.utils import timezone

from nominations.forms.moments import LocalDateTimeField, WallClockMomentsMixin

CONFIRM_MISSING = "Tick the box to confirm that you understand. Nothing was changed."


def confirmation_field(label: str) -> forms.BooleanField:
    """The required "I understand …" tick box, with the error shown next to it."""
    return forms.BooleanField(
        label=label, required=True, error_messages={"required": CONFIRM_MISSING}
    )


class MoveConfirmationForm(forms.Form):
    """Just the tick box, worded for the move (`confirm_label`)."""

    def __init__(self, *args, confirm_label: str, cycle=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["confirm"] = confirmation_field(confirm_label)

    def service_kwargs(self) -> dict:
        """What the move's service takes from the form beyond the cycle and actor."""
        return {}


class ReopenForm(WallClockMomentsMixin, MoveConfirmationForm):
    """Reopen nominations: the box, and a new deadline (in the cycle's zone), needed
    only when the stored one has passed."""

    def __init__(self, *args, cycle, **kwargs) -> None:
        super().__init__(*args, cycle=cycle, **kwargs)
        self.cycle = cycle
        passed = cycle.deadline is None or cycle.deadline <= timezone.now()
        self.fields["deadline"] = LocalDateTimeField(
            label="New deadline" if passed else "New deadline (optional)",
            required=passed,
            help_text=f"In the cycle's time zone, {cycle.time_zone}.",
            error_messages={"required": "The deadline has passed: enter a new one."},
        )
        self.add_reading_fields()

    def clean_deadline(self):
        value = self.wall_clock_moment("deadline", self.cycle.zone)
        if value is None:
            return None
        if value <= timezone.now():
            raise forms.ValidationError("The new deadline must be in the future.")
        return value

    def service_kwargs(self) -> dict:
        return {"deadline": self.cleaned_data.get("deadline")}
