"""The confirmation every irreversible move asks for (close nominations, start panel
review, send the slate, the official's signature, announce).

The page states the move's consequences in plain words; the form carries one required
tick box, "I understand …", checked here on the server: a POST without it changes
nothing and the page says why next to the box.
"""

from django import forms

CONFIRM_MISSING = "Tick the box to confirm that you understand. Nothing was changed."


def confirmation_field(label: str) -> forms.BooleanField:
    """The required "I understand …" tick box, with the error shown next to it."""
    return forms.BooleanField(
        label=label, required=True, error_messages={"required": CONFIRM_MISSING}
    )


class MoveConfirmationForm(forms.Form):
    """Just the tick box, worded for the move (`confirm_label`)."""

    def __init__(self, *args, confirm_label: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["confirm"] = confirmation_field(confirm_label)
