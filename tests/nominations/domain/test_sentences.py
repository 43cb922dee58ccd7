"""Where sentences end (nominations/domain/sentences.py): pure, no database."""

import pytest

from nominations.domain.sentences import (
    ABBREVIATIONS,
    _opens_a_sentence,
    _word_set,
    ends_with_abbreviation,
    is_abbreviation,
    sentence_ends,
    split_closing_quotes,
    unbalanced_quotation,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("for its work with Beta Inc.", True),
        ("for its work with Beta inc.", True),
        ("for its work with BETA INC.", True),
        ("for its work in the U.S.", True),
        ("for its work in the U.K.", True),
        ("for its work at the U.N.", True),
        ("for its work in D.C.", True),
        ("for its shelters, clinics, etc.", True),
        ("for its raids at 2 a.m.", True),
        ("for its outreach in Baltimore, Md.", True),
        ("for its work with Warner Bros.", True),
        ("for its work with Martin Luther King Jr.", True),
        ("for her doctorate, Ph.D.", True),
        ("for its work in the \u201cU.K.", True),
        ("for its study of the Inca.", False),
        ("for its place in the sun.", False),
        ("for its mass.", False),
        ("for its work with Team A.", False),
        ("for its work with \u201cTeam A.", False),
        ("for its work with Team \u201cA.", False),
        ("for its work.", False),
        ("for its work in the US.", False),
        ("for its partnership with the VA.", False),
        ("for its work across LA.", False),
        ("for its work", False),
        ("", False),
    ],
)
def test_ends_with_abbreviation(text, expected):
    assert ends_with_abbreviation(text) is expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("Det.", True),
        ("J.", True),
        ("U.N.", True),
        ("a.m.", True),
        ("Ph.D.", True),
        ("\u201cInc.", True),
        ("Sun.", True),
        ("sun.", False),
        ("work.", False),
        ("j.", False),
    ],
)
def test_is_abbreviation(word, expected):
    assert is_abbreviation(word) is expected


@pytest.mark.parametrize(
    ("text", "ends"),
    [
        ("for its work. It helped", [13]),
        ("for its work! It helped", [13]),
        ("for its work? It helped", [13]),
        ("for its work\u2026 It helped", [13]),
        # Closing quotes belong to the sentence they close.
        ("for its campaign \u201cFreedom Now.\u201d This group", [31]),
        ("for its campaign \u201cFreedom Now\u201d. This group", [31]),
        # An abbreviation ends a sentence only before a word that opens sentences.
        ("for its work in the U.K. The centre", [24]),
        ("for its work with Beta Inc. In one year", [27]),
        ("for its work with the U.N. Office on Drugs and Crime", []),
        ("for its raid at 2 a.m. Monday", []),
        ("for its outreach in the U.S. Gulf Coast", []),
        # Titles and initials lead into a name, even one that looks like an opener.
        ("for Det. Sgt. Ruiz", []),
        ("for Lt. Gov. Smith and Prof. Lee", []),
        ("with Dr. The Rev. Smith", []),
        ("with \u201cDr. The Rev. Smith\u201d", []),
        ("with Antony J. Blinken", []),
        ("at No. 5 Main Street", []),
        # No capital after the mark: the sentence goes on.
        ("for its work. and more", []),
        ("for its campaign \u201cWho Cares?\u201d across the state", []),
        ("for its work.", []),
        # No space after the period.
        ("for its work.It helped", [13]),
        ("for its work in the U.K.The centre", [24]),
        ("for its work in the U.S.Gulf Coast", []),
    ],
)
def test_sentence_ends(text, ends):
    assert sentence_ends(text) == ends


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "for its campaign \u201cFreedom Now.\u201d",
            ("for its campaign \u201cFreedom Now.", "\u201d"),
        ),
        ('for its campaign "Freedom Now"', ('for its campaign "Freedom Now', '"')),
        ("for its film \u2018Free\u2019", ("for its film \u2018Free", "\u2019")),
        ("for its song 'Free'", ("for its song 'Free", "'")),
        ("for its care of the workers'", ("for its care of the workers'", "")),
        ("for its care of the workers\u2019", ("for its care of the workers\u2019", "")),
        (
            "for its 'Know the Signs' care of workers'",
            ("for its 'Know the Signs' care of workers'", ""),
        ),
        ("for the Center\u2019s \u2018Safe\u2019", ("for the Center\u2019s \u2018Safe", "\u2019")),
        ("for its work", ("for its work", "")),
    ],
)
def test_split_closing_quotes(text, expected):
    assert split_closing_quotes(text) == expected


def test_abbreviations_include_the_common_ones():
    assert {
        "Jr.", "Sr.", "Gov.", "Sen.", "Rep.", "Gen.", "Dr.", "St.", "Mt.", "Inc.", "Co.",
        "Corp.", "Ltd.", "No.", "Prof.", "Det.", "Sgt.", "Lt.", "Bros.", "Md.", "etc.",
    } <= ABBREVIATIONS  # fmt: skip


@pytest.mark.parametrize("word", ["The", "The,", "The\u201d;", "it:"])
def test_opens_a_sentence_reads_a_word_without_its_closing_marks(word):
    assert _opens_a_sentence(word) is True


def test_word_set_splits_on_any_space():
    assert _word_set("Inc.  Co.\n Ltd.") == frozenset({"Inc.", "Co.", "Ltd."})


def test_sentence_ends_after_a_quoted_title_ending_in_an_initial():
    text = "for its film \u201cMalcolm X.\u201d The film toured"

    assert sentence_ends(text) == [text.index("\u201d") + 1]


def test_sentence_ends_at_an_exclamation_before_any_capital():
    assert sentence_ends("for its work! Acme Corp. joined") == [13]


@pytest.mark.parametrize("mark", ["\u201d", "\u2019"])
def test_split_closing_quotes_keeps_a_closing_mark_nothing_opened(mark):
    text = f"for its work with Xavier{mark}"

    assert split_closing_quotes(text) == (text, "")


@pytest.mark.parametrize(
    ("text", "opened"),
    [
        ("for its work with Xavier", None),
        ("for its campaigns \u201cSafe Homes\u201d and \u201cFree Now", "\u201cFree Now"),
        ("for its campaign \u201cFree Now and Forever", "\u201cFree Now and"),
    ],
)
def test_unbalanced_quotation_quotes_the_last_open_quotation_in_three_words(text, opened):
    assert unbalanced_quotation(text) == opened


def test_sentence_ends_goes_on_past_a_quoted_title_s_own_mark():
    text = "for its \u201cNot For Sale!\u201d Campaign. It grew"

    assert sentence_ends(text) == [text.index("Campaign.") + len("Campaign.")]


@pytest.mark.parametrize(
    "text",
    [
        "for its film on Xavier and Malcolm X",  # a final X is a letter, not a quote
        "for its campaign \u201cFreedom\u201d\u201d",  # a stray second closing mark
    ],
)
def test_split_closing_quotes_takes_only_marks_that_close_an_open_quotation(text):
    assert split_closing_quotes(text) == (text, "")
