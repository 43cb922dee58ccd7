"""The description of the nomination's fields: well formed, and its rules as written."""

import pytest

from nominations.domain.fields import (
    AREA_FIELDS,
    CRITERION_FIELDS,
    FIELD,
    FIELDS,
    INDIVIDUAL,
    ORGANIZATION,
    PERFORMANCE_PERIOD,
    REQUIRED_TO_SUBMIT,
    REQUIREMENTS,
    SECTIONS,
    Record,
    Requirement,
    Shown,
    fields_of_kind,
    requirements_for,
    section_fields,
    summary_rows,
)


def test_every_field_has_one_name_and_sits_in_a_section_in_the_sections_order():
    anchors = [section.anchor for section in SECTIONS]

    assert len(FIELD) == len(FIELDS)
    assert all(field.section in anchors for field in FIELDS)
    assert [field.section for field in FIELDS] == sorted(
        (field.section for field in FIELDS), key=anchors.index
    )
    assert [name for anchor in anchors for name in (f.name for f in section_fields(anchor))] == [
        field.name for field in FIELDS
    ]


def test_only_nominee_fields_depend_on_the_nominee_kind():
    assert {field.record for field in FIELDS if field.kind} == {Record.NOMINEE}
    assert [f.name for f in fields_of_kind(INDIVIDUAL)] == [
        "honorific",
        "full_name",
        "possessive",
        "title",
        "affiliation",
        "citizenship",
    ]
    assert [f.name for f in fields_of_kind(ORGANIZATION)] == [
        "legal_name",
        "certificate_name",
        "ein",
        "uei",
        "website",
    ]


def test_word_limits_are_the_programs():
    limits = {field.name: field.word_limit for field in FIELDS if field.word_limit}

    assert limits == {"summary": 500, "justification": 2000, "suggested_citation": 60}
    assert all(FIELD[name].noun and FIELD[name].free_text for name in limits)


def test_requirements_name_known_fields_every_nominee_they_apply_to_has():
    for requirement in REQUIREMENTS:
        kinds = [requirement.kind] if requirement.kind else [INDIVIDUAL, ORGANIZATION]
        assert all(FIELD[name].applies_to(kind) for name in requirement.fields for kind in kinds)


def test_what_submit_needs_is_what_the_form_marks():
    assert {
        "kind",
        "full_name",
        "possessive",
        "legal_name",
        "contact_email",
        "nominator_name",
        "nominator_organization",
        "performance_start",
        "performance_end",
        *CRITERION_FIELDS,
        "summary",
        "justification",
    } == REQUIRED_TO_SUBMIT


@pytest.mark.parametrize(
    ("kind", "needs"),
    [
        (INDIVIDUAL, ["kind", "full_name", "possessive", "contact_email"]),
        (ORGANIZATION, ["kind", "legal_name", "contact_email"]),
    ],
)
def test_requirements_ask_the_nominee_first_then_the_rest_in_the_forms_order(kind, needs):
    names = [requirement.fields[0] for requirement in requirements_for(kind)]

    assert names == [
        *needs,
        "nominator_name",
        "nominator_organization",
        "performance_start",
        "criterion_courage",
        "summary",
        "justification",
    ]


@pytest.mark.parametrize(
    ("start", "end", "unmet"),
    [
        (None, None, "performance_start"),
        (None, "2022-12-31", "performance_start"),
        ("2022-01-01", None, "performance_end"),
        ("2022-01-01", "2022-12-31", None),
    ],
)
def test_a_requirement_of_all_its_fields_is_reported_on_the_first_empty_one(start, end, unmet):
    values = {"performance_start": start, "performance_end": end}

    assert PERFORMANCE_PERIOD.unmet(values) == unmet


@pytest.mark.parametrize(
    ("ticked", "unmet"),
    [((), "criterion_courage"), (("criterion_innovation",), None), (CRITERION_FIELDS, None)],
)
def test_a_requirement_of_any_field_is_reported_on_its_first(ticked, unmet):
    criteria = Requirement(CRITERION_FIELDS, "Choose at least one criterion.", any_of=True)

    assert criteria.unmet({name: name in ticked for name in CRITERION_FIELDS}) == unmet


@pytest.mark.parametrize(
    ("name", "value", "blank"),
    [
        ("summary", "   \n ", True),
        ("summary", " x ", False),
        ("nominator_name", "", True),
        ("nominator_name", " ", False),
    ],
)
def test_only_free_text_of_spaces_counts_as_not_entered(name, value, blank):
    assert (Requirement((name,), "Enter it.").unmet({name: value}) == name) is blank


def summary_labels(anchor: str, kind: str) -> list[tuple[str, list[str]]]:
    return [(label, [f.name for f in fields]) for label, fields in summary_rows(anchor, kind=kind)]


def test_summary_rows_join_the_period_the_criteria_and_the_four_ps():
    assert summary_labels("section-criteria", ORGANIZATION) == [
        ("Performance period", ["performance_start", "performance_end"]),
        ("Criteria", list(CRITERION_FIELDS)),
        ("The 4 Ps", list(AREA_FIELDS)),
    ]
    assert {FIELD[name].shown for name in CRITERION_FIELDS + AREA_FIELDS} == {Shown.TICKED}


@pytest.mark.parametrize("kind", [INDIVIDUAL, ORGANIZATION])
def test_summary_rows_show_every_field_a_nominee_of_the_kind_has_once(kind):
    shown = [
        name
        for section in SECTIONS
        for _label, fields in summary_rows(section.anchor, kind=kind)
        for name in (f.name for f in fields)
    ]

    assert shown == [field.name for field in FIELDS if field.applies_to(kind)]
