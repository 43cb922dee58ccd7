"""The award paragraph's grammar (selection/domain/press_statement.py): pure, no database."""

import datetime as dt

import pytest

from selection.domain.press_statement import (
    INDIVIDUAL,
    ORGANIZATION,
    AwardRecipient,
    PressStatement,
    PressStatementError,
    _citation_in_sentence,
    _counted,
    award_paragraph,
    paragraphs,
    presenter_in_third_person,
    signatory_line,
    split_commitments,
    statement_date_text,
    statement_text,
)

PROGRAM = "Presidential Award for Extraordinary Efforts to Combat Trafficking in Persons"
OPENING = f"During the meeting, I presented the 2022 {PROGRAM} to "
CLOSING_TAIL = "us all to take action to end trafficking in persons once and for all."

# The published 2022 paragraph (../shared/reference/press-statement-2023.txt), with the
# source's curly apostrophe.
PUBLISHED_2022 = (
    "During the meeting, I presented the 2022 Presidential Award for Extraordinary Efforts "
    "to Combat Trafficking in Persons to two organizations: Mercy Medical Center\u2019s Blue "
    "Dot Human Trafficking Initiative for its innovative and holistic approach to the care "
    "and wellbeing of victims of human trafficking, and Centro de los Derechos del "
    "Migrante, Inc., for its tireless worker-led advocacy to advance a more just and humane "
    "migration process free of forced labor and other forms of exploitation. These "
    "organizations inspire us all to take action to end trafficking in persons once and "
    "for all."
)

BLUE_DOT = AwardRecipient(
    kind=ORGANIZATION,
    name="Mercy Medical Center\u2019s Blue Dot Human Trafficking Initiative",
    citation="for its innovative and holistic approach to the care and wellbeing of victims "
    "of human trafficking",
)
CDM = AwardRecipient(
    kind=ORGANIZATION,
    name="Centro de los Derechos del Migrante, Inc.",
    citation="for its tireless worker-led advocacy to advance a more just and humane "
    "migration process free of forced labor and other forms of exploitation",
)
RESTORE = AwardRecipient(kind=ORGANIZATION, name="Restore NYC", citation="for its shelter")
ACME = AwardRecipient(kind=ORGANIZATION, name="Acme Inc.", citation="for its audits")
PARIS = AwardRecipient(
    kind=INDIVIDUAL,
    honorific="Ms.",
    full_name="Kendis Paris",
    affiliation="Truckers Against Trafficking",
    possessive="her",
    citation="for her leadership of Truckers Against Trafficking",
)
DANG = AwardRecipient(
    kind=INDIVIDUAL,
    honorific="Dr.",
    full_name="Minh Dang",
    title="Executive Director",
    affiliation="Survivor Alliance",
    possessive="her",
    citation="for her survivor leadership",
)
WOOLF = AwardRecipient(
    kind=INDIVIDUAL,
    honorific="Mr.",
    full_name="William C. Woolf III",
    possessive="his",
    citation="for his investigations",
)
LEE = AwardRecipient(
    kind=INDIVIDUAL, full_name="Sam Lee", possessive="their", citation="for their outreach"
)
KING = AwardRecipient(
    kind=INDIVIDUAL,
    honorific="Dr.",
    full_name="Ana King, Jr.",
    possessive="her",
    citation="in recognition of her research",
)


@pytest.mark.parametrize(
    ("recipients", "body", "closing"),
    [
        # The published paragraph: two organizations, the second an "Inc." name.
        (
            [BLUE_DOT, CDM],
            "two organizations: Mercy Medical Center\u2019s Blue Dot Human Trafficking "
            "Initiative for its innovative and holistic approach to the care and wellbeing of "
            "victims of human trafficking, and Centro de los Derechos del Migrante, Inc., for "
            "its tireless worker-led advocacy to advance a more just and humane migration "
            "process free of forced labor and other forms of exploitation.",
            "These organizations inspire",
        ),
        # One recipient: no count, singular closing.
        ([RESTORE], "Restore NYC for its shelter.", "This organization inspires"),
        ([ACME], "Acme Inc. for its audits.", "This organization inspires"),
        ([CDM], f"{CDM.name}, {CDM.citation}.", "This organization inspires"),
        ([WOOLF], "Mr. William C. Woolf III for his investigations.", "He inspires"),
        (
            [DANG],
            "Dr. Minh Dang, Executive Director, Survivor Alliance, for her survivor leadership.",
            "She inspires",
        ),
        # Two: ", and" as published.
        (
            [RESTORE, ACME],
            "two organizations: Restore NYC for its shelter, and Acme Inc. for its audits.",
            "These organizations inspire",
        ),
        (
            [PARIS, WOOLF],
            "two individuals: Ms. Kendis Paris, Truckers Against Trafficking, for her "
            "leadership of Truckers Against Trafficking, and Mr. William C. Woolf III for his "
            "investigations.",
            "They inspire",
        ),
        (
            [DANG, RESTORE],
            "an individual and an organization: Dr. Minh Dang, Executive Director, Survivor "
            "Alliance, for her survivor leadership, and Restore NYC for its shelter.",
            "They inspire",
        ),
        # The count follows the order of the list: the kind named first is counted first.
        (
            [RESTORE, LEE],
            "an organization and an individual: Restore NYC for its shelter, and Sam Lee for "
            "their outreach.",
            "They inspire",
        ),
        # Three and more: semicolons when an item has a comma of its own.
        (
            [RESTORE, ACME, CDM],
            "three organizations: Restore NYC for its shelter; Acme Inc. for its audits; and "
            f"{CDM.name}, {CDM.citation}.",
            "These organizations inspire",
        ),
        (
            [WOOLF, LEE, KING],
            "three individuals: Mr. William C. Woolf III for his investigations; Sam Lee for "
            "their outreach; and Dr. Ana King, Jr., in recognition of her research.",
            "They inspire",
        ),
        (
            [PARIS, WOOLF, RESTORE],
            "two individuals and an organization: Ms. Kendis Paris, Truckers Against "
            "Trafficking, for her leadership of Truckers Against Trafficking; Mr. William C. "
            "Woolf III for his investigations; and Restore NYC for its shelter.",
            "They inspire",
        ),
        # 3+ mixed: one count per kind, in the order each kind first appears.
        (
            [RESTORE, PARIS, ACME],
            "two organizations and an individual: Restore NYC for its shelter; Ms. Kendis "
            "Paris, Truckers Against Trafficking, for her leadership of Truckers Against "
            "Trafficking; and Acme Inc. for its audits.",
            "They inspire",
        ),
        (
            [LEE, RESTORE, WOOLF],
            "two individuals and an organization: Sam Lee for their outreach, Restore NYC for "
            "its shelter, and Mr. William C. Woolf III for his investigations.",
            "They inspire",
        ),
        (
            [DANG, RESTORE, ACME, LEE],
            "two individuals and two organizations: Dr. Minh Dang, Executive Director, "
            "Survivor Alliance, for her survivor leadership; Restore NYC for its shelter; Acme "
            "Inc. for its audits; and Sam Lee for their outreach.",
            "They inspire",
        ),
        (
            [RESTORE, ACME, CDM, BLUE_DOT],
            f"four organizations: Restore NYC for its shelter; Acme Inc. for its audits; "
            f"{CDM.name}, {CDM.citation}; and {BLUE_DOT.name} {BLUE_DOT.citation}.",
            "These organizations inspire",
        ),
        (
            [PARIS, DANG, WOOLF, LEE, KING],
            "five individuals: Ms. Kendis Paris, Truckers Against Trafficking, for her "
            "leadership of Truckers Against Trafficking; Dr. Minh Dang, Executive Director, "
            "Survivor Alliance, for her survivor leadership; Mr. William C. Woolf III for his "
            "investigations; Sam Lee for their outreach; and Dr. Ana King, Jr., in recognition "
            "of her research.",
            "They inspire",
        ),
        (
            [RESTORE, ACME, CDM, BLUE_DOT, PARIS],
            "four organizations and an individual: Restore NYC for its shelter; Acme Inc. "
            f"for its audits; {CDM.name}, {CDM.citation}; {BLUE_DOT.name} {BLUE_DOT.citation}; "
            "and Ms. Kendis Paris, Truckers Against Trafficking, for her leadership of "
            "Truckers Against Trafficking.",
            "They inspire",
        ),
        (
            [PARIS, RESTORE, ACME, CDM, BLUE_DOT],
            "an individual and four organizations: Ms. Kendis Paris, Truckers Against "
            "Trafficking, for her leadership of Truckers Against Trafficking; Restore NYC for "
            f"its shelter; Acme Inc. for its audits; {CDM.name}, {CDM.citation}; and "
            f"{BLUE_DOT.name} {BLUE_DOT.citation}.",
            "They inspire",
        ),
    ],
)
def test_award_paragraph_reads_right(recipients, body, closing):
    paragraph = award_paragraph(award_year=2022, program_name=PROGRAM, recipients=recipients)

    assert paragraph == f"{OPENING}{body} {closing} {CLOSING_TAIL}"


def test_award_paragraph_2022_is_the_published_paragraph():
    paragraph = award_paragraph(award_year=2022, program_name=PROGRAM, recipients=[BLUE_DOT, CDM])

    assert paragraph == PUBLISHED_2022


def test_award_paragraph_third_person_names_the_presenter():
    paragraph = award_paragraph(
        award_year=2022,
        program_name=PROGRAM,
        recipients=[RESTORE],
        presenter="Secretary Blinken",
    )

    assert paragraph == (
        f"During the meeting, Secretary Blinken presented the 2022 {PROGRAM} to Restore NYC for "
        "its shelter. This organization inspires us all to take action to end trafficking in "
        "persons once and for all."
    )


def test_award_paragraph_citation_capital_and_period_fit_mid_sentence():
    recipient = AwardRecipient(kind=ORGANIZATION, name="Restore NYC", citation="For its shelter.")

    paragraph = award_paragraph(award_year=2022, program_name=PROGRAM, recipients=[recipient])

    assert paragraph.startswith(f"{OPENING}Restore NYC for its shelter. This organization")


@pytest.mark.parametrize(
    ("citations", "body"),
    [
        # The period of an abbreviation stays; the sentence goes on after it.
        (
            ["for its partnership with Beta Inc.", "for its shelter."],
            "two organizations: Acme for its partnership with Beta Inc., and Gamma for its "
            "shelter.",
        ),
        (
            ["for its work across the U.S.", "for its shelter", "for its audits"],
            "three organizations: Acme for its work across the U.S., Gamma for its shelter, "
            "and Delta for its audits.",
        ),
        # Last in the list: the abbreviation's period ends the sentence, not doubled.
        (
            ["for its shelter", "for its work with the Martin Luther King Jr. Center in D.C."],
            "two organizations: Acme for its shelter, and Gamma for its work with the Martin "
            "Luther King Jr. Center in D.C.",
        ),
        # A period that ends no abbreviation goes, even after a word like "Inca".
        (
            ["for its study of the Inca.", "for its shelter"],
            "two organizations: Acme for its study of the Inca, and Gamma for its shelter.",
        ),
    ],
)
def test_award_paragraph_keeps_the_period_of_a_final_abbreviation(citations, body):
    recipients = [
        AwardRecipient(kind=ORGANIZATION, name=name, citation=citation)
        for name, citation in zip(("Acme", "Gamma", "Delta"), citations, strict=False)
    ]

    paragraph = award_paragraph(award_year=2022, program_name=PROGRAM, recipients=recipients)

    assert paragraph == f"{OPENING}{body} These organizations inspire {CLOSING_TAIL}"


def _organizations(*pairs):
    return [AwardRecipient(kind=ORGANIZATION, name=name, citation=c) for name, c in pairs]


@pytest.mark.parametrize("abbreviation", ["U.K.", "U.N.", "etc.", "a.m.", "Md.", "Bros."])
def test_award_paragraph_keeps_any_abbreviations_period_before_the_next_recipient(abbreviation):
    recipients = _organizations(
        ("Acme", f"for its work with {abbreviation}"), ("Gamma", "for its shelter")
    )

    paragraph = award_paragraph(award_year=2022, program_name=PROGRAM, recipients=recipients)

    assert paragraph == (
        f"{OPENING}two organizations: Acme for its work with {abbreviation}, and Gamma for its "
        f"shelter. These organizations inspire {CLOSING_TAIL}"
    )


@pytest.mark.parametrize(
    ("citation", "first", "last", "listed"),
    [
        (
            "for its campaign \u201cFreedom Now.\u201d",
            "for its campaign \u201cFreedom Now,\u201d and",
            "for its campaign \u201cFreedom Now.\u201d These",
            "for its campaign \u201cFreedom Now\u201d; Delta",
        ),
        (
            "for its campaign \u201cFreedom Now\u201d.",
            "for its campaign \u201cFreedom Now,\u201d and",
            "for its campaign \u201cFreedom Now.\u201d These",
            "for its campaign \u201cFreedom Now\u201d; Delta",
        ),
        (
            'for its film "Made in the U.S.A."',
            'for its film "Made in the U.S.A.," and',
            'for its film "Made in the U.S.A." These',
            'for its film "Made in the U.S.A."; Delta',
        ),
    ],
)
def test_award_paragraph_punctuates_a_closing_quotation_the_american_way(
    citation, first, last, listed
):
    def paragraph(*pairs):
        return award_paragraph(
            award_year=2022, program_name=PROGRAM, recipients=_organizations(*pairs)
        )

    assert first in paragraph(("Acme", citation), ("Gamma", "for its shelter"))
    assert last in paragraph(("Gamma", "for its shelter"), ("Acme", citation))
    assert listed in paragraph(
        ("Acme", citation), ("Delta", "for its audits"), ("Beta, LLC", "for its shelter")
    )


def test_award_paragraph_lowers_a_capitalized_opening():
    recipient = AwardRecipient(
        kind=INDIVIDUAL, full_name="Sam Lee", possessive="their", citation="For Their work"
    )

    paragraph = award_paragraph(award_year=2022, program_name=PROGRAM, recipients=[recipient])

    assert paragraph == f"{OPENING}Sam Lee for their work. They inspire {CLOSING_TAIL}"


@pytest.mark.parametrize(
    ("name", "clause"),
    [
        ("Beta Inc.", "Beta Inc. for its shelter"),
        ("Beta Ltd.", "Beta Ltd. for its shelter"),
        ("Beta LLC", "Beta LLC for its shelter"),
        ("Bread, Roses and Justice Fund", "Bread, Roses and Justice Fund for its shelter"),
        ("Smith, Jones & Co.", "Smith, Jones & Co. for its shelter"),
        ("Beta, Inc.", "Beta, Inc., for its shelter"),
        ("Beta, LLC", "Beta, LLC, for its shelter"),
        ("Beta, Ltd.", "Beta, Ltd., for its shelter"),
        ("Fundaci\u00f3n Esperanza, A.C.", "Fundaci\u00f3n Esperanza, A.C., for its shelter"),
        ("Beta, PBC", "Beta, PBC, for its shelter"),
        ("Hilfe, e.V.", "Hilfe, e.V., for its shelter"),
        ("  Beta \n Inc. ", "Beta Inc. for its shelter"),
    ],
)
def test_award_paragraph_closes_only_an_appositive_with_a_comma(name, clause):
    recipients = _organizations((name, "for its shelter"))

    paragraph = award_paragraph(award_year=2022, program_name=PROGRAM, recipients=recipients)

    assert paragraph == f"{OPENING}{clause}. This organization inspires {CLOSING_TAIL}"


def test_award_paragraph_does_not_repeat_an_honorific_the_name_has():
    recipient = AwardRecipient(
        kind=INDIVIDUAL,
        honorific="Dr.",
        full_name="Dr.  Jane Doe",
        title=" Director ",
        possessive="her",
        citation="for her work",
    )

    paragraph = award_paragraph(award_year=2022, program_name=PROGRAM, recipients=[recipient])

    assert (
        paragraph == f"{OPENING}Dr. Jane Doe, Director, for her work. She inspires {CLOSING_TAIL}"
    )


def test_award_paragraph_counts_a_semicolon_in_a_citation_as_a_comma():
    recipients = _organizations(
        ("Acme", "for its shelter; and its hotline"),
        ("Gamma", "for its audits"),
        ("Delta", "for its outreach"),
    )

    paragraph = award_paragraph(award_year=2022, program_name=PROGRAM, recipients=recipients)

    assert paragraph.startswith(
        f"{OPENING}three organizations: Acme for its shelter; and its hotline; Gamma for its "
        "audits; and Delta for its outreach."
    )


def test_award_paragraph_uses_semicolons_only_when_an_item_has_a_comma():
    plain = _organizations(
        ("Acme", "for its shelter"), ("Gamma", "for its audits"), ("Delta", "for its outreach")
    )
    with_comma = _organizations(
        ("Acme", "for its shelter"),
        ("Gamma", "for its audits, training and outreach"),
        ("Delta", "for its outreach"),
    )

    assert award_paragraph(award_year=2022, program_name=PROGRAM, recipients=plain) == (
        f"{OPENING}three organizations: Acme for its shelter, Gamma for its audits, and Delta "
        f"for its outreach. These organizations inspire {CLOSING_TAIL}"
    )
    assert award_paragraph(award_year=2022, program_name=PROGRAM, recipients=with_comma) == (
        f"{OPENING}three organizations: Acme for its shelter; Gamma for its audits, training "
        f"and outreach; and Delta for its outreach. These organizations inspire {CLOSING_TAIL}"
    )


@pytest.mark.parametrize(
    ("recipients", "closing"),
    [
        ([RESTORE], "This organization inspires"),
        ([RESTORE, ACME], "These organizations inspire"),
        ([WOOLF], "He inspires"),
        ([PARIS], "She inspires"),
        ([LEE], "They inspire"),
        (
            [AwardRecipient(kind=INDIVIDUAL, full_name="Sam Lee", citation="for their work")],
            "They inspire",
        ),
        ([PARIS, WOOLF], "They inspire"),
        ([RESTORE, PARIS], "They inspire"),
    ],
)
def test_award_paragraph_closing_reads_naturally(recipients, closing):
    paragraph = award_paragraph(award_year=2022, program_name=PROGRAM, recipients=recipients)

    assert paragraph.endswith(f". {closing} {CLOSING_TAIL}")


def test_award_paragraph_individual_name_overrides_parts():
    recipient = AwardRecipient(
        kind=INDIVIDUAL, name="Ms. Kendis Paris", possessive="her", citation="for her work"
    )

    paragraph = award_paragraph(award_year=2022, program_name=PROGRAM, recipients=[recipient])

    assert paragraph.startswith(f"{OPENING}Ms. Kendis Paris for her work. She inspires")


@pytest.mark.parametrize(
    ("recipients", "message"),
    [
        ([], "There are no recipients to announce."),
        (
            [AwardRecipient(kind=ORGANIZATION, name="", citation="for its work")],
            "Every recipient needs a name.",
        ),
        (
            [AwardRecipient(kind=ORGANIZATION, name="Restore NYC", citation=" ")],
            "Restore NYC has no short citation.",
        ),
        (
            [AwardRecipient(kind="agency", name="DARPA", citation="for its work")],
            "DARPA: a recipient is an organization or an individual.",
        ),
        (
            [AwardRecipient(kind=ORGANIZATION, name="Restore NYC", citation="for her work")],
            'Restore NYC: The citation says "for her", but the nominee is referred to as '
            '"its": start with "for its" or "in recognition of".',
        ),
        (
            [
                AwardRecipient(
                    kind=INDIVIDUAL, full_name="Sam Lee", possessive="his", citation="for its work"
                )
            ],
            'Sam Lee: The citation says "for its", but the nominee is referred to as "his": '
            'start with "for his" or "in recognition of".',
        ),
        (
            [
                AwardRecipient(
                    kind=ORGANIZATION, name="Restore NYC", citation="in recognition of her work"
                )
            ],
            'Restore NYC: The citation says "in recognition of her", but the nominee is '
            'referred to as "its": write "in recognition of its" or "for its".',
        ),
        (
            [AwardRecipient(kind=ORGANIZATION, name="Restore NYC", citation="for its work!")],
            'Restore NYC: End the citation with a word or a period, not "!", "?" or "...".',
        ),
        (
            [AwardRecipient(kind=ORGANIZATION, name="Restore NYC", citation="for its work?")],
            'Restore NYC: End the citation with a word or a period, not "!", "?" or "...".',
        ),
        (
            [AwardRecipient(kind=ORGANIZATION, name="Restore NYC", citation="for its work...")],
            'Restore NYC: End the citation with a word or a period, not "!", "?" or "...".',
        ),
        (
            [AwardRecipient(kind=ORGANIZATION, name="Restore NYC", citation="for its work..")],
            "Restore NYC: End the citation with one period, not two.",
        ),
        (
            [AwardRecipient(kind=ORGANIZATION, name="Restore NYC", citation="for its work;")],
            'Restore NYC: End the citation with a word or a period, not ",", ";" or ":".',
        ),
    ],
)
def test_award_paragraph_refuses_what_cannot_read_right(recipients, message):
    with pytest.raises(PressStatementError) as raised:
        award_paragraph(award_year=2022, program_name=PROGRAM, recipients=recipients)

    assert raised.value.message == message


def test_award_paragraph_individual_without_pronoun_is_their():
    recipient = AwardRecipient(kind=INDIVIDUAL, full_name="Sam Lee", citation="for their work")

    paragraph = award_paragraph(award_year=2022, program_name=PROGRAM, recipients=[recipient])

    assert "Sam Lee for their work." in paragraph


@pytest.mark.parametrize(
    ("name", "title", "expected"),
    [
        ("Antony J. Blinken", "Secretary of State, Chair of the Task Force", "Secretary Blinken"),
        ("Antony J. Blinken", "", "Secretary Blinken"),
        ("William C. Woolf III", "Deputy Secretary of State", "Deputy Secretary Woolf"),
        ("Ana King, Jr.", "Secretary of Labor", "Secretary King"),
        ("Blinken", "Acting Secretary, Chair", "Acting Secretary Blinken"),
        ("Jane Doe", "Secretary of State", "Secretary Doe"),
        (
            "Jane Doe",
            "Under Secretary for Civilian Security, Democracy, and Human Rights",
            "Under Secretary Doe",
        ),
        ("Jane Doe", "Ambassador-at-Large for Monitoring and Combating", "Ambassador Doe"),
        (
            "Cindy Dyer",
            "Ambassador-at-Large to Monitor and Combat Trafficking in Persons",
            "Ambassador Dyer",
        ),
        ("Cindy Dyer", "Ambassador at Large", "Ambassador Dyer"),
        ("Uzra Zeya", "Under Secretary of State for Civilian Security", "Under Secretary Zeya"),
        ("Jane Doe", "Director of the Office to Monitor and Combat", "Director Doe"),
        ("Jane Doe, Ph.D.", "Under Secretary for Management", "Under Secretary Doe"),
        ("Jane Doe, Esq.", "Chargé d\u2019Affaires ad interim", "Chargé d\u2019Affaires Doe"),
        (
            "Linda Thomas-Greenfield",
            "U.S. Representative to the United Nations",
            "Ambassador Thomas-Greenfield",
        ),
        ("Jane Doe", "Consul General in Monterrey", "Consul General Doe"),
        ("Jane Doe", "SECRETARY OF STATE", "Secretary Doe"),
        ("Ursula von der Leyen", "President of the European Commission", "President von der Leyen"),
    ],
)
def test_presenter_in_third_person(name, title, expected):
    assert presenter_in_third_person(name, title) == expected


def test_presenter_in_third_person_needs_a_name():
    with pytest.raises(PressStatementError) as raised:
        presenter_in_third_person("  ", "Secretary of State")

    assert raised.value.message == "Enter the signatory's name for a third-person readout."


def test_split_commitments_takes_a_lead_ending_in_a_colon_and_drops_bullets():
    text = (
        "Looking forward, the State Department will do our part, by:\r\n"
        "- Promoting survivor leadership.\n\n"
        "  \u2022 Preventing forced labor.  \n"
        "Collaborating with Canada and Mexico.\n"
    )

    assert split_commitments(text) == (
        "Looking forward, the State Department will do our part, by:",
        (
            "Promoting survivor leadership.",
            "Preventing forced labor.",
            "Collaborating with Canada and Mexico.",
        ),
    )


def test_split_commitments_without_a_lead():
    assert split_commitments("Promoting.\nPreventing.") == ("", ("Promoting.", "Preventing."))
    assert split_commitments("") == ("", ())


def test_paragraphs_split_on_blank_lines_and_join_wrapped_lines():
    assert paragraphs("One\nline.\r\n\r\nTwo.\n \n") == ("One line.", "Two.")
    assert paragraphs("") == ()


@pytest.mark.parametrize(
    ("title", "line"),
    [
        (
            "Under Secretary for Civilian Security, Democracy, and Human Rights",
            "Uzra Zeya, Under Secretary for Civilian Security, Democracy, and Human Rights",
        ),
        (
            "Assistant Secretary for Democracy, Human Rights, and Labor, Acting",
            "Uzra Zeya, Assistant Secretary for Democracy, Human Rights, and Labor",
        ),
    ],
)
def test_signatory_line_keeps_a_series_in_the_office(title, line):
    assert signatory_line("Uzra  Zeya", title) == line


def test_signatory_line_keeps_the_office_before_further_roles():
    assert signatory_line("Antony J. Blinken", "Secretary of State, Chair of the Task Force") == (
        "Antony J. Blinken, Secretary of State"
    )
    assert signatory_line("Antony J. Blinken", "") == "Antony J. Blinken"


def test_statement_date_text():
    assert statement_date_text(dt.date(2023, 2, 3)) == "February 3, 2023"
    assert statement_date_text(None) == ""


def test_statement_text_follows_the_published_order():
    statement = PressStatement(
        headline="Meeting of the Task Force",
        signatory="Antony J. Blinken, Secretary of State",
        statement_date="February 13, 2023",
        context_paragraphs=("Around the world.", "More context."),
        meeting_paragraphs=("Today I chaired the meeting.",),
        commitments_lead="The State Department will do our part, by:",
        commitments=("Promoting.", "Preventing."),
        award_paragraph=PUBLISHED_2022,
        closing_paragraphs=("Thank you.",),
    )

    assert statement_text(statement) == (
        "Meeting of the Task Force\n"
        "Press Statement\n"
        "Antony J. Blinken, Secretary of State\n"
        "February 13, 2023\n\n"
        "Around the world.\n\n"
        "More context.\n\n"
        "Today I chaired the meeting.\n\n"
        "The State Department will do our part, by:\n"
        "- Promoting.\n"
        "- Preventing.\n\n"
        f"{PUBLISHED_2022}\n\n"
        "Thank you.\n"
    )


def test_statement_text_leaves_out_empty_parts():
    statement = PressStatement(
        headline="",
        signatory="Antony J. Blinken, Secretary of State",
        statement_date="",
        context_paragraphs=(),
        meeting_paragraphs=(),
        commitments_lead="",
        commitments=(),
        award_paragraph="",
        closing_paragraphs=(),
    )

    assert statement_text(statement) == "Press Statement\nAntony J. Blinken, Secretary of State\n"


def test_statement_text_commitments_without_a_lead_start_with_the_first_bullet():
    statement = PressStatement(
        headline="",
        signatory="",
        statement_date="",
        context_paragraphs=(),
        meeting_paragraphs=(),
        commitments_lead="",
        commitments=("Promoting.", "Preventing."),
        award_paragraph="",
        closing_paragraphs=(),
    )

    assert statement_text(statement) == "Press Statement\n\n- Promoting.\n- Preventing.\n"


@pytest.mark.parametrize(
    ("name", "title", "expected"),
    [
        ("Van Morrison", "Secretary of State", "Secretary Morrison"),
        ("Maria Anna von Trapp", "Secretary of State", "Secretary von Trapp"),
        ("Ana King Jr.", "Secretary of Labor", "Secretary King"),
        ("Malcolm X", "Secretary of State", "Secretary X"),
        ("Sr", "Secretary of State", "Secretary Sr"),
        ("Blinken, Ph.D.", "Secretary of State", "Secretary Blinken"),
    ],
)
def test_presenter_in_third_person_keeps_the_surname_whole(name, title, expected):
    assert presenter_in_third_person(name, title) == expected


def test_presenter_in_third_person_without_a_title_is_the_secretary():
    assert presenter_in_third_person("Jane Doe") == "Secretary Doe"


def test_signatory_line_keeps_a_series_joined_by_or():
    assert signatory_line("Jane Doe", "Special Envoy for Peace, Security, or Justice, Acting") == (
        "Jane Doe, Special Envoy for Peace, Security, or Justice"
    )


@pytest.mark.parametrize(
    ("number", "singular", "counted"),
    [
        (0, "organization", ""),
        (1, "organization", "an organization"),
        (1, "individual", "an individual"),
        (1, "team", "a team"),
        (2, "team", "two teams"),
        (11, "team", "11 teams"),
    ],
)
def test_counted_spells_out_small_numbers_with_the_right_article(number, singular, counted):
    assert _counted(number, singular, f"{singular}s") == counted


def test_press_statement_error_carries_its_message():
    error = PressStatementError("Sam Lee has no short citation.")

    assert (str(error), error.message) == ("Sam Lee has no short citation.",) * 2


@pytest.mark.parametrize(
    ("citation", "ready"),
    [
        ("for its work .", ("for its work", "")),
        ("For its work with Beta Inc.", ("for its work with Beta Inc.", "")),
        ("for its campaign \u201cFree.\u201d", ("for its campaign \u201cFree", "\u201d")),
        ("XX.", ("XX", "")),
    ],
)
def test_citation_in_sentence_drops_the_final_period_and_the_space_before_it(citation, ready):
    assert _citation_in_sentence(citation, name="Sam Lee") == ready


@pytest.mark.parametrize("citation", ["\u201c \u201d", "\u201c\u201d."])
def test_citation_in_sentence_of_quotes_alone_is_no_citation(citation):
    with pytest.raises(PressStatementError) as raised:
        _citation_in_sentence(citation, name="Sam Lee")

    assert raised.value.message == "Sam Lee has no short citation."
