"""The scoring scale: the NIH's whole numbers from 1 (Exceptional) to 9 (Poor), lower is
better. Pure.

The one definition of what a score is. The review form and the review service both read
what a person or a caller sent with `parse_score`, the results arithmetic accepts a
stored score only when `is_score` says so, and the model's choices, the rubric and the
results pages take the numbers and the descriptors from here.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError

SCORE_MIN = 1
SCORE_MAX = 9
SCORE_DESCRIPTORS = {
    1: "Exceptional",
    2: "Outstanding",
    3: "Excellent",
    4: "Very Good",
    5: "Good",
    6: "Satisfactory",
    7: "Fair",
    8: "Marginal",
    9: "Poor",
}
SCORE_CHOICES = [(value, f"{value} – {label}") for value, label in SCORE_DESCRIPTORS.items()]

NOT_A_WHOLE_NUMBER = f"Choose a whole number from {SCORE_MIN} to {SCORE_MAX}."
OFF_THE_SCALE = (
    f"Choose a score from {SCORE_MIN} ({SCORE_DESCRIPTORS[SCORE_MIN].lower()}) "
    f"to {SCORE_MAX} ({SCORE_DESCRIPTORS[SCORE_MAX].lower()})."
)


@dataclass(frozen=True)
class Scale:
    """The scale as the pages describe it: "from 1 (Exceptional) to 9 (Poor)"."""

    min: int
    max: int
    best: str
    worst: str


SCALE = Scale(
    min=SCORE_MIN,
    max=SCORE_MAX,
    best=SCORE_DESCRIPTORS[SCORE_MIN],
    worst=SCORE_DESCRIPTORS[SCORE_MAX],
)


def is_score(value: object) -> bool:
    """Whether `value` is a score as stored: an int on the scale (a bool is not one)."""
    return (
        isinstance(value, int) and not isinstance(value, bool) and SCORE_MIN <= value <= SCORE_MAX
    )


def parse_score(value: object) -> int | None:
    """The score in `value`, or None for no score yet (None or "").

    A score is a whole number on the scale, given as an int or as ASCII digits (spaces
    around them are ignored). Raises ValidationError with the message the review form
    shows next to the field: code "invalid" for anything that is not a whole number so
    written (2.5, "2.5", "x", True, and digits int() cannot read, such as "²", or reads
    from another script, such as "٣"), "out_of_range" for a whole number off the scale.
    """
    if value is None or value == "":
        return None
    number = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str):
        text = value.strip()
        # isdigit() alone lets through digits int() cannot read, such as "²".
        if text.isascii() and text.isdigit():
            number = int(text)
    if number is None:
        raise ValidationError(NOT_A_WHOLE_NUMBER, code="invalid")
    if not is_score(number):
        raise ValidationError(OFF_THE_SCALE, code="out_of_range")
    return number


def score_refusal(what: str, value: object) -> str:
    """Why a caller's value is not a score, naming what it was for ("The overall score",
    "The score for “Evidence”")."""
    return f"{what} must be a whole number from {SCORE_MIN} to {SCORE_MAX}, not “{value}”."
