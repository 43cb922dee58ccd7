"""The form of a new citation version (staff). The checks are the service's own
(`citation_text_problems`), so the page shows every problem next to the text box."""

from django import forms

from nominations.models import Nomination
from selection.services.citations import CITATION_WORD_LIMITS, citation_text_problems


class CitationForm(forms.Form):
    """A new version of one kind of citation; prefixed by its kind ("short", "full") so
    both forms can share a page. `expected_version` is the version the writer saw."""

    text = forms.CharField(
        required=False,  # the message below is clearer than "This field is required."
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    expected_version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args, nomination: Nomination, kind: str, **kwargs) -> None:
        super().__init__(*args, prefix=kind, **kwargs)
        self.nomination = nomination
        self.kind = kind
        limit = CITATION_WORD_LIMITS[kind]
        possessive = nomination.nominee.possessive_pronoun
        text = self.fields["text"]
        text.label = f"New version of the {kind} citation"
        text.help_text = (
            'One sentence starting "for its", "for her", "for his", "for their" or '
            f'"in recognition of", {limit} words or fewer. This nominee takes '
            f'"{possessive}": "for {possessive} …".'
        )
        text.widget.attrs["data-word-limit"] = limit

    def clean_text(self) -> str:
        text = " ".join(self.cleaned_data["text"].split())
        problems = citation_text_problems(self.nomination, kind=self.kind, text=text)
        if problems:
            raise forms.ValidationError(problems)
        return text
