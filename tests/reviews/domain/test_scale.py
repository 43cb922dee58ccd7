"""The scoring scale: what a score is, read once for the form, the service and the results."""

import pytest
from django.core.exceptions import ValidationError

from reviews.domain.scale import (
    NOT_A_WHOLE_NUMBER,
    OFF_THE_SCALE,
    SCALE,
    SCORE_CHOICES,
    SCORE_DESCRIPTORS,
    SCORE_MAX,
    SCORE_MIN,
    is_score,
    parse_score,
    score_refusal,
)
from reviews.domain.scoring import ReviewRecord, panel_results

# Not whole numbers written in ASCII digits: "²" and "٣" pass str.isdigit() but are not
# digits a person types for 2 or 3 (int("²") raises ValueError).
NOT_WHOLE_NUMBERS = ["²", "٣", "2.5", 2.5, 5.5, 5.0, "abc", "x", " ", "+3", "-1", True, False]
OFF_SCALE = [0, 10, -1, "0", "10", "00", " 10 "]


def test_scale_is_the_nih_one_to_nine_lower_is_better():
    assert (SCORE_MIN, SCORE_MAX) == (1, 9)
    assert list(SCORE_DESCRIPTORS) == list(range(1, 10))
    assert (SCORE_DESCRIPTORS[1], SCORE_DESCRIPTORS[9]) == ("Exceptional", "Poor")
    assert SCORE_CHOICES[0] == (1, "1 – Exceptional")
    assert SCORE_CHOICES[-1] == (9, "9 – Poor")
    assert (SCALE.min, SCALE.max, SCALE.best, SCALE.worst) == (1, 9, "Exceptional", "Poor")


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, None), ("", None), (1, 1), (9, 9), ("1", 1), ("9", 9), (" 4 ", 4), ("05", 5)],
)
def test_parse_score_reads_whole_numbers_on_the_scale(value, expected):
    assert parse_score(value) == expected


@pytest.mark.parametrize("value", NOT_WHOLE_NUMBERS)
def test_parse_score_refuses_what_is_not_a_whole_number(value):
    with pytest.raises(ValidationError) as raised:
        parse_score(value)

    assert (raised.value.code, raised.value.messages) == ("invalid", [NOT_A_WHOLE_NUMBER])


@pytest.mark.parametrize("value", OFF_SCALE)
def test_parse_score_refuses_a_whole_number_off_the_scale(value):
    with pytest.raises(ValidationError) as raised:
        parse_score(value)

    assert (raised.value.code, raised.value.messages) == ("out_of_range", [OFF_THE_SCALE])


def test_the_refusals_say_what_a_score_is():
    assert NOT_A_WHOLE_NUMBER == "Choose a whole number from 1 to 9."
    assert OFF_THE_SCALE == "Choose a score from 1 (exceptional) to 9 (poor)."


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1, True), (5, True), (9, True), (0, False), (10, False), (True, False), (5.0, False)]
    + [("5", False), (None, False)],
)
def test_is_score_accepts_only_stored_ints_on_the_scale(value, expected):
    assert is_score(value) is expected


def test_score_refusal_names_what_the_value_was_for():
    assert score_refusal("The score for “Impact”", "²") == (
        "The score for “Impact” must be a whole number from 1 to 9, not “²”."
    )


@pytest.mark.parametrize("value", [*NOT_WHOLE_NUMBERS, *OFF_SCALE, None, 1, 3, 7, 9, "5"])
def test_the_results_count_exactly_the_scores_is_score_accepts(value):
    record = ReviewRecord(1, 1, value)

    if is_score(value):
        assert panel_results([record], {1}).nominations[0].score == value * 10
    else:
        with pytest.raises(ValueError, match="overall score of review"):
            panel_results([record], {1})
