"""Forms of the slate (staff) and of the selecting official's decision.

They parse and check what a field alone can tell; the services
(`selection.services.slate`, `selection.services.selection`) decide the rest and
their refusals are shown next to the same fields.
"""

from django import forms

from nominations.forms.moves import confirmation_field
from selection.domain.decision import JUSTIFICATION_WORD_LIMIT
from selection.services.slate import BRIEFING_NOTE_WORD_LIMIT, briefing_note_problem


class BriefingNoteForm(forms.Form):
    briefing_note = forms.CharField(
        label="Briefing note",
        help_text=(
            f"For the selecting official, beside the panel's figures: why this nominee "
            f"belongs on the slate. {BRIEFING_NOTE_WORD_LIMIT} words or fewer."
        ),
        widget=forms.Textarea(attrs={"rows": 5, "data-word-limit": BRIEFING_NOTE_WORD_LIMIT}),
        required=False,  # the message below is clearer than "This field is required."
    )

    def clean_briefing_note(self) -> str:
        note = self.cleaned_data["briefing_note"].strip()
        if problem := briefing_note_problem(note):
            raise forms.ValidationError(problem)
        return note


class SelectionChoiceForm(forms.Form):
    """The official's choice among `choices` (nomination id, label) with the
    justification: the first step, checked before the summary to sign is shown. The cap
    and the rank order are checked by `selection.domain.decision.choice_problems`."""

    selected = forms.TypedMultipleChoiceField(
        label="Select the recipients",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    justification = forms.CharField(
        label="Justification",
        help_text="Required when your selection is not the top of the slate in rank order.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "data-word-limit": JUSTIFICATION_WORD_LIMIT}),
    )

    def __init__(self, *args, choices: list[tuple[int, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["selected"].choices = choices

    def selected_ids(self) -> set[int]:
        """The ids ticked on the page, valid or not, to keep the input when re-shown."""
        if self.is_bound:
            values = self.data.getlist(self.add_prefix("selected"))
            return {int(value) for value in values if value.isascii() and value.isdigit()}
        return {int(value) for value in self.initial.get("selected", ())}


class SelectionForm(SelectionChoiceForm):
    """The choice again (carried from the summary), the typed name and the required
    "I understand …" box. The name is checked by `selection_decide`."""

    signed_name = forms.CharField(
        label="Type your full name to sign the decision",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    confirm = confirmation_field(
        "I understand that my decision is final: the nominations listed as selected are "
        "selected and every other nomination on the slate is not."
    )

    def __init__(self, *args, expected_name: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if expected_name:
            self.fields["signed_name"].help_text = (
                f"Type it as it appears on your account: {expected_name}. Case and spacing "
                "do not matter."
            )
