"""The staff form for the press statement's written parts. It validates; the service saves."""

from django import forms

from nominations.models import Announcement

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PressStatementForm(forms.ModelForm):
    """Staff's parts of the statement; the award paragraph is generated, not typed."""

    class Meta:
        model = Announcement
        fields = [
            "statement_date",
            "headline",
            "context_paragraph",
            "meeting_sentence",
            "commitments",
            "closing_sentence",
            "third_person",
        ]
        labels = {
            "statement_date": "Date of the statement",
            "headline": "Headline",
            "context_paragraph": "Context",
            "meeting_sentence": "The meeting",
            "commitments": "Commitments",
            "closing_sentence": "Closing",
            "third_person": "Write the award paragraph as a readout",
        }
        help_texts = {
            "headline": "Usually the event, as in “Meeting of the President’s Interagency Task "
            "Force to Monitor and Combat Trafficking in Persons”.",
            "context_paragraph": "Opens the statement. Separate paragraphs with a blank line.",
            "meeting_sentence": "As in “Today I chaired the 2023 meeting of the President’s "
            "Interagency Task Force …”.",
            "commitments": "One commitment per line. A first line ending in a colon introduces "
            "the list, as in “Looking forward, the State Department will do our part, by:”.",
            "closing_sentence": "Optional; follows the award paragraph, which already ends "
            "“… inspire us all to take action to end trafficking in persons once and for all.”",
            "third_person": "“During the meeting, Secretary … presented …” instead of “I "
            "presented …”.",
        }
        widgets = {
            "statement_date": DATE,
            "context_paragraph": forms.Textarea(attrs={"rows": 6}),
            "meeting_sentence": forms.Textarea(attrs={"rows": 4}),
            "commitments": forms.Textarea(attrs={"rows": 8}),
            "closing_sentence": forms.Textarea(attrs={"rows": 3}),
        }
