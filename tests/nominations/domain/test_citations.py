"""Pure checks on citation text (nominations/domain/citations.py)."""

import pytest

from nominations.domain.citations import (
    citation_ending_problem,
    citation_in_sentence,
    citation_problems,
    citation_pronoun_problem,
    nominee_possessive,
)

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
    ("citation", "second"),
    [
        ("for its work. It helped many people.", "It helped many"),
        ("for its work! It helped many people", "It helped many"),
        ("for its work with Acme. The Center helped", "The Center helped"),
        ("for its work in the U.K. The centre grew", "The centre grew"),
        ("for its campaign \u201cFreedom Now.\u201d This group grew", "This group grew"),
        ("for its work with Beta Inc. In one year", "In one year"),
    ],
)
def test_citation_problems_still_finds_two_sentences(citation, second):
    assert citation_problems(citation, word_limit=60) == [
        f'Write the citation as one sentence: a second one starts at "{second}". '
        "Join the two, or leave the second out."
    ]


@pytest.mark.parametrize(
    "citation",
    [
        "for its work with the U.N. Office on Drugs and Crime",
        "for her partnership with Det. Sgt. Ana Ruiz of the county police",
        "for his mentoring of Prof. Lee's students",
        "for its raid at 2 a.m. Monday that freed eleven workers",
        "for her work with Lt. Gov. Smith",
        "for its work in the U.K.",
        "for its outreach in Baltimore, Md.",
        "for its work with Warner Bros. Discovery",
        "for its shelters, clinics, schools, etc.",
        "for its campaign \u201cFreedom Now.\u201d",
        "for its campaign \u201cFreedom Now\u201d",
        "for his research with Antony J. Blinken",
        "for its partnership with Her Justice",
        "for its campaign \u201cIt Ends Now\u201d",
        "For Their advocacy",
        "for its work with Exec. Dir. Jane Smith",
        "for her partnership with Lic. Mar\u00eda P\u00e9rez",
        "for its work with the Fed. Bureau of Prisons",
        "for its \u201cNot For Sale!\u201d Campaign",
        "for its 'Know the Signs' training of farm workers'",
        "for its partnership with the VA",
    ],
)
def test_citation_problems_accepts_abbreviations_initials_quotes_and_names(citation):
    assert citation_problems(citation, word_limit=60) == []


@pytest.mark.parametrize(
    ("citation", "word"),
    [
        ("for their work with Their families", "Their"),
        ("for her work that Helped Her community grow", "Her"),
        ("in recognition of decades of work for which They are known", "They"),
    ],
)
def test_citation_problems_refuses_a_capital_pronoun_mid_sentence(citation, word):
    assert citation_problems(citation, word_limit=60) == [
        f'Write "{word}" as "{word.lower()}": the citation is read mid-sentence.'
    ]


@pytest.mark.parametrize(
    ("citation", "problem"),
    [
        ("for its campaign \u201cFreedom Now", 'Close the quotation opened before "Freedom Now".'),
        ('for its campaign "Freedom Now', 'Close the quotation opened before "Freedom Now".'),
        ("\u201cfor her courage\u201d", "Remove the quotation marks around the citation."),
        (
            "FOR HER LEADERSHIP OF THE COALITION",
            "Write the citation in sentence case, not in capitals.",
        ),
        ("for its work in the U.K..", "End the citation with one period, not two."),
        ("for its work,", 'End the citation with a word or a period, not ",", ";" or ":".'),
        ("for its work:", 'End the citation with a word or a period, not ",", ";" or ":".'),
    ],
)
def test_citation_problems_says_what_to_change(citation, problem):
    assert citation_problems(citation, word_limit=60) == [problem]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("For Their work.", "for their work."),
        ("In Recognition Of Her courage", "in recognition of her courage"),
        ("In recognition of Decades", "in recognition of Decades"),
        ("  for   its  work ", "for its work"),
        ("", ""),
        (None, ""),
    ],
)
def test_citation_in_sentence_lowers_the_opening_only(text, expected):
    assert citation_in_sentence(text) == expected


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
    ("individual", "chosen", "possessive"),
    [(True, "her", "her"), (True, "", "their"), (False, "her", "its"), (False, "", "its")],
)
def test_nominee_possessive_the_chosen_one_their_or_its(individual, chosen, possessive):
    assert nominee_possessive(individual=individual, chosen=chosen) == possessive
    if individual and not chosen:
        assert nominee_possessive(individual=True) == "their"


@pytest.mark.parametrize("empty", ["", None])
def test_citation_problems_asks_for_a_citation_when_there_is_none(empty):
    assert citation_problems(empty, word_limit=60) == ["Enter a citation."]


def test_citation_problems_quotes_a_short_second_sentence_without_its_period():
    assert citation_problems("for its work. It joined SpaceX.", word_limit=60) == [
        'Write the citation as one sentence: a second one starts at "It joined SpaceX". '
        "Join the two, or leave the second out."
    ]


def test_citation_problems_reads_twelve_letters_in_capitals_as_capitals():
    assert citation_problems("FOR ITS REFORM", word_limit=60) == [
        "Write the citation in sentence case, not in capitals."
    ]
    assert citation_problems("FOR ITS VALOR", word_limit=60) == []  # 11 letters: too few to tell


def test_citation_problems_reads_four_capitals_in_five_as_sentence_case():
    # 12 of its 15 letters are capitals: exactly four in five, not more.
    assert citation_problems("for ITS REFORMING", word_limit=60) == []


def test_citation_problems_without_the_opening_still_finds_a_capital_pronoun_first():
    assert citation_problems("Their work with survivors.", word_limit=60) == [
        'Start the citation with "for its", "for her", "for his", "for their" '
        'or "in recognition of".',
        'Write "Their" as "their": the citation is read mid-sentence.',
    ]


def test_citation_problems_counts_words_up_to_the_limit():
    exactly = "for its work with " + " ".join(["survivors"] * 6)  # 10 words

    assert citation_problems(exactly, word_limit=10) == []
    assert citation_problems(exactly + " everywhere", word_limit=10) == [
        "Shorten the citation to 10 words or fewer."
    ]


@pytest.mark.parametrize(
    ("citation", "word"),
    [
        ("for its work with Them", "Them"),  # the last word
        ("for its work with Them, and with others", "Them"),  # before a comma
        ("for its campaign \u201cStand With Them\u201d and Their families", "Their"),
    ],
)
def test_citation_problems_finds_a_capital_pronoun_anywhere_after_the_opening(citation, word):
    assert citation_problems(citation, word_limit=60) == [
        f'Write "{word}" as "{word.lower()}": the citation is read mid-sentence.'
    ]


@pytest.mark.parametrize(
    "citation",
    [
        "for its campaign \u201cStand With Them\u201d in schools",  # closes a title
        "for its motto: They matter",  # after a colon
    ],
)
def test_citation_problems_keeps_a_capital_pronoun_that_a_title_or_a_stop_explains(citation):
    assert citation_problems(citation, word_limit=60) == []


def test_citation_problems_reads_a_capital_pronoun_after_a_question_as_a_second_sentence():
    citation = "for its campaign \u201cWho Cares?\u201d Their answer was shelter"

    assert citation_problems(citation, word_limit=60) == [
        'Write the citation as one sentence: a second one starts at "Their answer was". '
        "Join the two, or leave the second out."
    ]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            "for her",
            'The citation says "for her", but the nominee is referred to as "its": start '
            'with "for its" or "in recognition of".',
        ),
        (
            "in recognition of her",
            'The citation says "in recognition of her", but the nominee is referred to as '
            '"its": write "in recognition of its" or "for its".',
        ),
        ("in recognition of", None),
        ("", None),
        (None, None),
    ],
)
def test_citation_pronoun_problem_reads_the_opening_alone(text, problem):
    assert citation_pronoun_problem(text, possessive="its") == problem


@pytest.mark.parametrize("text", ["", None])
def test_citation_ending_problem_of_no_text_is_none(text):
    assert citation_ending_problem(text) is None


def test_citation_problems_without_the_opening_keeps_a_capital_pronoun_after_a_colon():
    assert citation_problems("Thanks: Their work", word_limit=60) == [
        'Start the citation with "for its", "for her", "for his", "for their" '
        'or "in recognition of".'
    ]
