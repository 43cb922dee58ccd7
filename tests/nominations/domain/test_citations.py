"""Pure checks on citation text (nominations/domain/citations.py)."""

import pytest

from nominations.domain.citations import (
    ABBREVIATIONS,
    citation_ending_problem,
    citation_problems,
    citation_pronoun_problem,
    ends_with_abbreviation,
)

ONE_SENTENCE = "Write the citation as one sentence."
BAD_ENDING = 'End the citation with a word or a period, not "!", "?" or "...".'


@pytest.mark.parametrize(
    "citation",
    [
        "for its work with the Martin Luther King Jr. Center for Nonviolent Social Change",
        "for her service to survivors under Gov. Smith",
        "for its partnership with the D.C. Police Department",
        "for his work with Sen. Jones, Rep. Lee and Gen. Ortiz",
        "for its outreach across the U.S. Gulf Coast",
        "for its shelter on St. Paul Street near Mt. Vernon",
        "for her work with John Smith Sr. and Dr. Ana King",
        "for its audits with Acme Inc. Partners and Beta Co. Holdings",
        "for its work with Gamma Corp. Europe and Delta Ltd. Asia",
        "for its shelter at No. 5 Main Street",
        "for its work with Beta Inc.",
        "for its work in the U.S.",
        "for her courage",
        "for their sustained advocacy",
        "in recognition of her courage",
        "in recognition of decades of service to survivors",
        "For its shelter.",
    ],
)
def test_citation_problems_accepts_one_sentence_with_abbreviations(citation):
    assert citation_problems(citation, word_limit=60) == []


@pytest.mark.parametrize(
    "citation",
    [
        "for its work. It helped many people.",
        "for its work! It helped many people",
        "for its work with Acme. The Center helped",
    ],
)
def test_citation_problems_still_finds_two_sentences(citation):
    assert citation_problems(citation, word_limit=60) == [ONE_SENTENCE]


@pytest.mark.parametrize(
    "citation",
    [
        "for its tireless work!",
        "for its tireless work?",
        "for its tireless work...",
        "for its tireless work\u2026",
        "for its campaign \u201cWho Cares?\u201d",
    ],
)
def test_citation_problems_refuses_an_exclamation_or_question_at_the_end(citation):
    assert citation_problems(citation, word_limit=60) == [BAD_ENDING]
    assert citation_ending_problem(citation) == BAD_ENDING


def test_citation_ending_problem_allows_a_word_or_a_period():
    assert citation_ending_problem("for its work") is None
    assert citation_ending_problem("for its work.") is None
    assert citation_ending_problem("for its work in the U.S.") is None
    assert citation_ending_problem("for its work? With Acme") is None  # not at the end


@pytest.mark.parametrize(
    ("citation", "opening"),
    [
        ("for its .", "for its"),
        ("for their ...", "for their"),
        ("for her  ,", "for her"),
        ("in recognition of ,", "in recognition of"),
        ("in recognition of her", "in recognition of her"),
        ("in recognition of her.", "in recognition of her"),
    ],
)
def test_citation_problems_refuses_an_opening_with_nothing_after_it(citation, opening):
    problems = citation_problems(citation, word_limit=60)

    assert problems[0] == f'Say what the recipient is recognized for after "{opening}".'


def test_citation_problems_without_the_opening():
    assert citation_problems("for its", word_limit=60) == [
        'Start the citation with "for its", "for her", "for his", "for their" '
        'or "in recognition of".'
    ]
    assert citation_problems("  ", word_limit=60) == ["Enter a citation."]


@pytest.mark.parametrize(
    ("text", "possessive", "expected"),
    [
        ("in recognition of its work", "its", None),
        ("In recognition of her leadership", "her", None),
        ("in recognition of decades of service", "its", None),
        ("in recognition of history", "her", None),
        (
            "in recognition of her leadership",
            "its",
            'The citation says "in recognition of her", but the nominee is referred to as '
            '"its": write "in recognition of its" or "for its".',
        ),
        (
            "In Recognition Of their courage",
            "his",
            'The citation says "in recognition of their", but the nominee is referred to as '
            '"his": write "in recognition of his" or "for his".',
        ),
        (
            "for her work",
            "its",
            'The citation says "for her", but the nominee is referred to as "its": start '
            'with "for its" or "in recognition of".',
        ),
        ("for its work", "its", None),
    ],
)
def test_citation_pronoun_problem_checks_both_openings(text, possessive, expected):
    assert citation_pronoun_problem(text, possessive=possessive) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("for its work with Beta Inc.", True),
        ("for its work with Beta inc.", True),
        ("for its work in the U.S.", True),
        ("for its work in D.C.", True),
        ("for its work with Martin Luther King Jr.", True),
        ("for its study of the Inca.", False),
        ("for its work.", False),
        ("for its work in the US.", False),
        ("for its work", False),
    ],
)
def test_ends_with_abbreviation(text, expected):
    assert ends_with_abbreviation(text) is expected


def test_abbreviations_include_the_common_ones():
    assert set(ABBREVIATIONS) >= {
        "Jr.", "Sr.", "Gov.", "Sen.", "Rep.", "Gen.", "Dr.", "St.", "Mt.",
        "D.C.", "U.S.", "Inc.", "Co.", "Corp.", "Ltd.", "No.",
    }  # fmt: skip
