"""The panelist's review form: a score per rubric criterion (on the scale of
`reviews.domain.scale`), an overall score, and strengths and weaknesses.

Every score is optional while drafting; `require_all` (the Submit button) asks for every
one, with the message next to each missing field. A malformed value gets its own message
and is left out of `review_data()`, so a draft save keeps the stored value and the page
shows what was sent.
"""

import secrets

from django import forms
from django.core.exceptions import ValidationError

from reviews.domain.scale import SCORE_CHOICES, parse_score
from reviews.services.reviews import MAX_TEXT_LENGTH

CRITERION_PREFIX = "criterion_"
REQUIRED_TO_SUBMIT = "required_to_submit"


class ScoreField(forms.Field):
    """A score on the scale (`reviews.domain.scale.parse_score`), or nothing yet."""

    widget = forms.RadioSelect

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("required", False)
        super().__init__(widget=forms.RadioSelect(choices=SCORE_CHOICES), **kwargs)

    def to_python(self, value):
        return parse_score(value)


class ReviewForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    # A random id for this page load: see "Concurrency" in reviews.services.reviews.
    page = forms.CharField(widget=forms.HiddenInput, required=False, max_length=32)
    overall = ScoreField(
        label="Overall score",
        help_text="Your judgment of the nomination as a whole, not an average of the criteria.",
    )
    strengths = forms.CharField(
        required=False,
        max_length=MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What makes the case strong. Other panelists and staff may read this.",
    )
    weaknesses = forms.CharField(
        required=False,
        max_length=MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What weakens the case, or what is missing.",
    )

    def __init__(self, *args, criteria, require_all: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        self.require_all = require_all
        scores = {}
        for criterion in self.criteria:
            scores[criterion_field(criterion.pk)] = ScoreField(
                label=criterion.name, help_text=criterion.description
            )
        # The criteria come first, the overall score after them, as a panelist reads.
        self.fields = {
            "revision": self.fields["revision"],
            "page": self.fields["page"],
            **scores,
            **{name: f for name, f in self.fields.items() if name not in {"revision", "page"}},
        }

    @classmethod
    def initial_for(cls, review, *, revision: int) -> dict:
        initial = {"revision": revision, "page": secrets.token_urlsafe(16)}
        if review is not None:
            initial["overall"] = review.overall
            initial["strengths"] = review.strengths
            initial["weaknesses"] = review.weaknesses
            for key, value in review.criterion_scores.items():
                initial[criterion_field(key)] = value
        return initial

    def score_fields(self) -> list:
        return [self[criterion_field(c.pk)] for c in self.criteria]

    def clean(self):
        cleaned = super().clean()
        if self.require_all:
            for criterion in self.criteria:
                name = criterion_field(criterion.pk)
                if name not in self.errors and cleaned.get(name) is None:
                    self.add_error(
                        name,
                        ValidationError(
                            f"Choose a score for “{criterion.name}” to submit.",
                            code=REQUIRED_TO_SUBMIT,
                        ),
                    )
            if "overall" not in self.errors and cleaned.get("overall") is None:
                self.add_error(
                    "overall",
                    ValidationError("Choose an overall score to submit.", code=REQUIRED_TO_SUBMIT),
                )
        return cleaned

    def review_data(self) -> dict:
        """The valid values, in the shape `reviews.services.reviews` takes."""
        cleaned = getattr(self, "cleaned_data", {})
        data: dict = {"criterion_scores": {}}
        for criterion in self.criteria:
            name = criterion_field(criterion.pk)
            if name in cleaned and not self.has_own_error(name):
                data["criterion_scores"][str(criterion.pk)] = cleaned[name]
        for name in ("overall", "strengths", "weaknesses"):
            if name in cleaned and not self.has_own_error(name):
                data[name] = cleaned[name]
        return data

    def has_own_error(self, name: str) -> bool:
        """An error about the value itself, not just "missing to submit"."""
        return any(e.code != REQUIRED_TO_SUBMIT for e in self.errors.as_data().get(name, []))

    @property
    def page_id(self) -> str:
        return getattr(self, "cleaned_data", {}).get("page") or ""

    @property
    def seen_revision(self) -> int:
        """The revision the page was showing; -1 (always stale) when it is missing."""
        value = getattr(self, "cleaned_data", {}).get("revision")
        return value if value is not None else -1


def criterion_field(criterion_id) -> str:
    return f"{CRITERION_PREFIX}{criterion_id}"
