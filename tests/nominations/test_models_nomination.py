import datetime as dt

import pytest

from nominations.domain.citations import citation_pronoun_problem
from nominations.models import NomineeKind
from nominations.states import NominationState
from tests.factories import CycleFactory, NominationFactory, NomineeFactory, nomination_in

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


@pytest.mark.django_db
def test_completeness_asks_an_individual_for_a_name_and_pronoun_not_a_legal_name():
    nominee = NomineeFactory(
        kind=NomineeKind.INDIVIDUAL, full_name="", possessive="", legal_name=""
    )

    nomination = NominationFactory(nominee=nominee, suggested_citation="")

    problems = nomination.completeness_problems_by_field()

    assert problems == [
        ("full_name", "Enter the nominee's full name."),
        ("possessive", "Enter the nominee's pronoun."),
    ]


@pytest.mark.django_db
def test_completeness_names_the_citation_field_for_a_citation_of_two_sentences():
    nomination = NominationFactory(suggested_citation="for its network. It trained responders")

    fields = {field for field, _problem in nomination.completeness_problems_by_field()}

    assert fields == {"suggested_citation"}


# -- the nomination's guards: each reason in the words staff and the nominator see ----------


@pytest.mark.django_db
def test_award_blockers_name_the_announcement_the_citations_and_the_certificate():
    nomination = nomination_in(NominationState.SELECTED)

    assert nomination.award_blockers() == [
        "the cycle has not been announced",
        "the short and full citations are not both approved",
        "no certificate has been issued",
    ]


@pytest.mark.django_db
def test_edit_blockers_a_draft_once_the_cycle_stopped_taking_nominations():
    nomination = nomination_in(NominationState.DRAFT, cycle=CycleFactory(state="closed"))

    assert nomination.edit_blockers() == ["the cycle is no longer accepting nominations"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("state", "reasons"),
    [
        (NominationState.RETURNED, ["the response deadline has passed"]),
        (NominationState.DRAFT, []),
    ],
)
def test_edit_blockers_a_passed_response_deadline_stops_only_a_returned_one(state, reasons):
    nomination = nomination_in(state)
    nomination.info_due_date = dt.date(2000, 1, 1)

    assert nomination.edit_blockers() == reasons


@pytest.mark.django_db
def test_resubmit_blockers_a_passed_response_deadline():
    nomination = nomination_in(NominationState.RETURNED)
    nomination.info_due_date = dt.date(2000, 1, 1)

    assert nomination.resubmit_blockers() == ["the response deadline has passed"]


@pytest.mark.django_db
def test_selection_blockers_outside_selection():
    nomination = nomination_in(NominationState.SHORTLISTED, cycle=CycleFactory(state="review"))

    assert nomination.selection_blockers() == ["the cycle is not in selection"]
