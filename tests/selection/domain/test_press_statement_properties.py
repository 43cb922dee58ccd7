"""Properties of the award paragraph over generated recipients: any one to five valid
recipients make one paragraph of two sentences, each ending once, with no doubled or
clashing marks and no capitalized pronoun mid-sentence."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from nominations.domain.citations import PRONOUNS, citation_problems, citation_pronoun_problem
from nominations.domain.sentences import sentence_ends
from selection.domain.press_statement import (
    INDIVIDUAL,
    ORGANIZATION,
    AwardRecipient,
    award_paragraph,
)

PROGRAM = "Presidential Award for Extraordinary Efforts to Combat Trafficking in Persons"
NAME_WORDS = ["Acme", "Restore", "Blue", "Dot", "Centro", "Mercy", "Bread", "Roses", "Justice"]
NAME_ENDINGS = ["", " Inc.", ", Inc.", " Ltd.", ", LLC", " Bros.", " Fund", ", Jr."]
CITATION_WORDS = ["work", "care", "of", "victims", "shelter", "advocacy", "and", "with"]
CITATION_PHRASES = [
    "the U.N. Office on Drugs and Crime",
    "raids at 2 a.m. Monday",
    "Det. Sgt. Ruiz",
    "Lt. Gov. Smith",
    "Prof. Lee",
    "Her Justice",
    "clinics, schools and courts",
]
CITATION_ENDINGS = [
    "",
    ".",
    " in the U.K.",
    " in the U.K",
    " in Baltimore, Md.",
    " across the U.S.",
    " with Warner Bros.",
    " with shelters, clinics, etc.",
    " called \u201cFreedom Now.\u201d",
    " called \u201cFreedom Now\u201d.",
    ' called "Made in the U.S.A."',
]
CLOSINGS = (
    "This organization inspires",
    "These organizations inspire",
    "She inspires",
    "He inspires",
    "They inspire",
)
_CLASHES = re.compile(r"\.\.|[,;:][.,;:]|\s[,.;:]|\s{2}")


@st.composite
def citations(draw, possessive):
    opening = draw(st.sampled_from([f"for {possessive}", f"For {possessive.capitalize()}"]))
    middle = draw(
        st.lists(st.sampled_from(CITATION_WORDS + CITATION_PHRASES), min_size=1, max_size=8)
    )
    return f"{opening} {' '.join(middle)}{draw(st.sampled_from(CITATION_ENDINGS))}"


@st.composite
def recipients(draw):
    kind = draw(st.sampled_from([ORGANIZATION, INDIVIDUAL]))
    name = " ".join(draw(st.lists(st.sampled_from(NAME_WORDS), min_size=1, max_size=4)))
    name += draw(st.sampled_from(NAME_ENDINGS))
    if kind == ORGANIZATION:
        return AwardRecipient(kind=kind, name=name, citation=draw(citations("its")))
    possessive = draw(st.sampled_from(["her", "his", "their"]))
    return AwardRecipient(
        kind=kind,
        honorific=draw(st.sampled_from(["", "Ms.", "Dr.", "Det. Sgt.", "Prof."])),
        full_name=name,
        title=draw(st.sampled_from(["", "Executive Director"])),
        affiliation=draw(st.sampled_from(["", "Survivor Alliance", "Acme, Inc."])),
        possessive=possessive,
        citation=draw(citations(possessive)),
    )


def _valid(recipient: AwardRecipient) -> bool:
    return not citation_problems(recipient.citation, word_limit=60) and not (
        citation_pronoun_problem(recipient.citation, possessive=recipient.pronoun)
    )


@settings(max_examples=300)
@given(st.lists(recipients().filter(_valid), min_size=1, max_size=5))
def test_any_valid_recipients_make_one_paragraph_of_two_sentences(chosen):
    paragraph = award_paragraph(award_year=2022, program_name=PROGRAM, recipients=chosen)

    closing = next(c for c in CLOSINGS if f" {c} us all to take action" in paragraph)
    main, _, rest = paragraph.partition(f" {closing} ")
    assert rest == "us all to take action to end trafficking in persons once and for all."
    assert main.startswith("During the meeting, I presented the 2022 ")
    assert re.search(r"\.[\u201d\"]?$", main)
    assert sentence_ends(paragraph) == [len(main)]
    assert not _CLASHES.search(paragraph)
    for sentence in (main, f"{closing} {rest}"):
        later_words = [word.strip('.,;:\u201c\u201d"') for word in sentence.split()[1:]]
        capitals = [
            word
            for index, word in enumerate(later_words)
            if word.lower() in PRONOUNS
            and word[:1].isupper()
            and later_words[index + 1 : index + 2] != ["Justice"]
        ]
        assert capitals == []
    for recipient in chosen:
        assert paragraph.count(recipient.display_name) >= 1
