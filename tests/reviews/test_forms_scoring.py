"""The review form's score field reads a score exactly as the service does."""

import pytest
from django.core.exceptions import ValidationError

from reviews.domain.scale import parse_score
from reviews.forms.scoring import ScoreField

VALUES = ["²", "٣", "2.5", 2.5, "abc", " ", "+3", True, 0, 10, "0", "10", "00"]
VALUES += [None, "", 1, 9, "1", "9", " 4 ", "05"]


def outcome(read, value):
    try:
        return ("read", read(value))
    except ValidationError as error:
        return ("refused", error.code, error.messages)


@pytest.mark.parametrize("value", VALUES)
def test_score_field_reads_a_value_as_parse_score_does(value):
    assert outcome(ScoreField().clean, value) == outcome(parse_score, value)
