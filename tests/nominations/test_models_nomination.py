import datetime as dt

import pytest

from nominations.domain.citations import citation_pronoun_problem
from nominations.models import NomineeKind
from tests.factories import NominationFactory, NomineeFactory

WINDOW = "The performance period must fall between January 1, 2022 and December 31, 2022."


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (dt.date(2022, 1, 1), dt.date(2022, 12, 31), []),
        (dt.date(2021, 12, 31), dt.date(2022, 6, 30), [("performance_start", WINDOW)]),
        (dt.date(2022, 3, 1), dt.date(2023, 1, 1), [("performance_end", WINDOW)]),
        (dt.date(2020, 1, 1), dt.date(2024, 12, 31), [("performance_start", WINDOW)]),
    ],
)
def test_completeness_keeps_the_performance_period_inside_the_cycle_window(start, end, expected):
    nomination = NominationFactory(performance_start=start, performance_end=end)

    assert nomination.completeness_problems_by_field() == expected


@pytest.mark.django_db
def test_completeness_flags_a_citation_whose_pronoun_is_not_the_nominees():
    nominee = NomineeFactory(kind=NomineeKind.INDIVIDUAL, full_name="Minh Dang", possessive="her")
    nomination = NominationFactory(
        nominee=nominee, suggested_citation="for its tireless work with survivors"
    )

    assert nomination.completeness_problems_by_field() == [
        (
            "suggested_citation",
            'The citation says "for its", but the nominee is referred to as "her": '
            'start with "for her" or "in recognition of".',
        )
    ]
    assert nomination.submit_blockers() == [
        'The citation says "for its", but the nominee is referred to as "her": '
        'start with "for her" or "in recognition of".'
    ]


def test_citation_pronoun_problem_after_in_recognition_of_names_both_fixes():
    assert citation_pronoun_problem("in recognition of her leadership", possessive="its") == (
        'The citation says "in recognition of her", but the nominee is referred to as '
        '"its": write "in recognition of its" or "for its".'
    )


@pytest.mark.parametrize(
    ("text", "possessive", "expected"),
    [
        ("for its work", "its", None),
        ("For her leadership", "her", None),
        ("in recognition of decades of service", "its", None),
        ("in recognition of her leadership", "her", None),
        ("for outstanding work", "its", None),
        ("for their work", "its", '"for their"'),
        ("for his work", "their", '"for his"'),
    ],
)
def test_citation_pronoun_problem(text, possessive, expected):
    problem = citation_pronoun_problem(text, possessive=possessive)

    if expected is None:
        assert problem is None
    else:
        assert problem == (
            f"The citation says {expected}, but the nominee is referred to as "
            f'"{possessive}": start with "for {possessive}" or "in recognition of".'
        )
