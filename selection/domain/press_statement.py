"""The press statement's award paragraph, in the published form (DESIGN.md §2.6).

Pure: no database. The 2022 press statement is the model:

    During the meeting, I presented the 2022 Presidential Award for Extraordinary Efforts
    to Combat Trafficking in Persons to two organizations: Mercy Medical Center’s Blue Dot
    Human Trafficking Initiative for its …, and Centro de los Derechos del Migrante, Inc.,
    for its …. These organizations inspire us all to take action to end trafficking in
    persons once and for all.

The rules it follows where the published form has only that one example:

- One recipient takes no count ("… Trafficking in Persons to Restore NYC for its …");
  two or more are introduced by their count and kind ("two organizations:"). A mix
  gives one count per kind, in the order each kind first appears in the list, so the
  count reads in the order the names follow: "an organization and an individual: Acme
  for its …, and Jane Doe for her …"; [individual, organization, organization, individual]
  gives "two individuals and two organizations:".
- Two recipients are joined by ", and " as published. Three or more are a list with
  the serial comma ("A for …, B for …, and C for …"), or with semicolons when any item
  has a comma of its own (", Inc.", a title and affiliation, a list in the citation),
  since commas alone would then not show where one recipient ends.
- A name closes with a comma before its citation only when it ends in an appositive set
  off by a comma (", Inc.", ", LLC", ", Jr."), as "Centro de los Derechos del Migrante,
  Inc., for its …" does; "Beta Inc." and "Bread, Roses and Justice Fund" take none. An
  individual's title and affiliation are appositives too ("Ms. Kendis Paris, Truckers
  Against Trafficking, for her …").
- The citation is the approved text, read mid-sentence: its opening in lower case ("For
  Their work" reads "for their work") and its final period dropped unless an
  abbreviation owns it ("… in the U.K., and …"; see nominations.domain.sentences). A
  citation ending in a quotation takes the comma or period inside the closing quote
  and a semicolon outside it ("… “Freedom Now,” and …", "… “Freedom Now”; and …"). A
  "for/in recognition of her/his/its/their" that does not fit the recipient, or a
  citation ending in "!", "?" or "...", is refused, not rewritten.
- The closing sentence: "This organization inspires …" and "These organizations
  inspire …" as published; one individual by pronoun ("She inspires …", "He inspires
  …", "They inspire …"); several individuals, or a mix, "They inspire …".
- In third person the signatory is named by a short title and surname, as a press
  office writes: "Secretary Blinken", "Under Secretary Zeya", "Ambassador Dyer" for the
  Ambassador-at-Large to Monitor and Combat Trafficking in Persons.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nominations.domain.citations import (
    citation_ending_problem,
    citation_in_sentence,
    citation_pronoun_problem,
)
from nominations.domain.sentences import (
    CLOSING_QUOTES,
    ends_with_abbreviation,
    split_closing_quotes,
)

ORGANIZATION = "organization"
INDIVIDUAL = "individual"

FIRST_PERSON = "I"
DEFAULT_OCCASION = "During the meeting"
CLOSING_TAIL = "to take action to end trafficking in persons once and for all."

_NUMBER_WORDS = {
    2: "two",
    3: "three",
    4: "four",
    5: "five",
    6: "six",
    7: "seven",
    8: "eight",
    9: "nine",
    10: "ten",
}
_NAME_SUFFIXES = {"jr.", "jr", "sr.", "sr", "ii", "iii", "iv", "v", "esq.", "ph.d.", "m.d."}
_SURNAME_PARTICLES = {"von", "van", "der", "den", "de", "del", "della", "da", "di", "la", "le"}
# An appositive at the end of a name, set off by a comma: ", Inc.", ", LLC", ", Jr.",
# ", A.C." (a Mexican civil association), ", PBC".
_APPOSITIVE_SUFFIX = re.compile(
    r",\s*(?:Inc|Incorporated|Limited|Ltd|Co|Corp|GmbH|Jr|Sr|Esq|[IV]{1,3}"
    r"|[A-Z]{2,5}|(?:[A-Za-z]{1,3}\.){1,4})\.?$"
)
# The office's words before these make its short title: "Secretary of State".
_OFFICE_ENDS = re.compile(r",| of | for | to | on | at | in ", re.IGNORECASE)
# Offices a press office names by another title: "Ambassador Thomas-Greenfield".
_STYLED_AS = {"u.s. representative": "Ambassador", "permanent representative": "Ambassador"}
_CLOSING_SUBJECTS = {"her": "She inspires", "his": "He inspires", "their": "They inspire"}


class PressStatementError(ValueError):
    """The recipients cannot make a paragraph that reads right; .message says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class AwardRecipient:
    """One recipient as the award paragraph names it.

    Organizations: `name` is the name as announced. Individuals: `honorific` and
    `full_name` make the name (or `name` when given), followed by `title` and
    `affiliation` when known; `possessive` is her, his or their.
    """

    kind: str
    citation: str
    name: str = ""
    honorific: str = ""
    full_name: str = ""
    title: str = ""
    affiliation: str = ""
    possessive: str = ""

    @property
    def is_individual(self) -> bool:
        return self.kind == INDIVIDUAL

    @property
    def display_name(self) -> str:
        if self.name or not self.is_individual:
            return _tidy(self.name)
        honorific, full_name = _tidy(self.honorific), _tidy(self.full_name)
        if honorific and full_name.startswith(f"{honorific} "):
            return full_name
        return " ".join(part for part in (honorific, full_name) if part)

    @property
    def pronoun(self) -> str:
        return (self.possessive or "their") if self.is_individual else "its"


def presenter_in_third_person(signatory_name: str, signatory_title: str = "") -> str:
    """ "Secretary Blinken" from "Antony J. Blinken" and "Secretary of State, Chair …".

    The short title is the office before its first ",", " of ", " for ", " to ", " on "
    or " at ", without "-at-Large": "Secretary of State" gives "Secretary", "Under
    Secretary for Civilian Security, Democracy, and Human Rights" gives "Under
    Secretary", "Ambassador-at-Large to Monitor and Combat Trafficking in Persons" gives
    "Ambassador"; no title gives "Secretary".
    """
    words = [word.rstrip(",") for word in signatory_name.split()]
    while len(words) > 1 and words[-1].lower() in _NAME_SUFFIXES:
        words.pop()
    if not words:
        raise PressStatementError("Enter the signatory's name for a third-person readout.")
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in _SURNAME_PARTICLES:
        start -= 1
    surname = " ".join(words[start:])
    office = _OFFICE_ENDS.split(_tidy(signatory_title), maxsplit=1)[0]
    office = re.sub(r"-at-large\b|\s+ad interim\b", "", office, flags=re.IGNORECASE).strip()
    if office.isupper():
        office = office.title()
    office = _STYLED_AS.get(office.lower(), office) or "Secretary"
    return f"{office} {surname}"


def award_paragraph(
    *,
    award_year: int,
    program_name: str,
    recipients: list[AwardRecipient] | tuple[AwardRecipient, ...],
    presenter: str = FIRST_PERSON,
    occasion: str = DEFAULT_OCCASION,
) -> str:
    """The award paragraph for the recipients in the order given.

    `presenter` is "I" for the signatory's own statement, or a third-person name such as
    "Secretary Blinken" for a readout. Raises PressStatementError when there is no
    recipient, a recipient has no name or citation, or a citation's pronoun does not fit.
    """
    if not recipients:
        raise PressStatementError("There are no recipients to announce.")
    items = [_recipient_clause(recipient) for recipient in recipients]
    sentence = (
        f"{occasion}, {presenter} presented the {award_year} {program_name} to "
        f"{_count_phrase(recipients)}{_join(items)}"
    )
    return f"{sentence} {_closing(recipients)}"


@dataclass(frozen=True)
class _Clause:
    """One recipient's words, "Name, appositives, citation", before the mark that
    follows them; `quotes` are the citation's closing quotation marks."""

    text: str
    quotes: str = ""

    @property
    def has_comma(self) -> bool:
        """Whether the clause has a comma or semicolon of its own, so that a list of
        three or more needs semicolons between the clauses."""
        return "," in self.text or ";" in self.text

    def followed_by(self, mark: str) -> str:
        """The clause and then `mark`: a comma or period inside closing quotes, a
        semicolon outside; a period an abbreviation already ends with is not doubled."""
        if mark == ";":
            return f"{self.text}{self.quotes};"
        if mark == "." and self.text.endswith("."):
            return f"{self.text}{self.quotes}"
        return f"{self.text}{mark}{self.quotes}"


def _recipient_clause(recipient: AwardRecipient) -> _Clause:
    name = recipient.display_name
    if not name:
        raise PressStatementError("Every recipient needs a name.")
    if recipient.kind not in (ORGANIZATION, INDIVIDUAL):
        raise PressStatementError(f"{name}: a recipient is an organization or an individual.")
    citation, quotes = _citation_in_sentence(recipient.citation, name=name)
    problem = citation_pronoun_problem(citation, possessive=recipient.pronoun)
    if problem:
        raise PressStatementError(f"{name}: {problem}")

    parts = [name]
    if recipient.is_individual:
        parts += [_tidy(part) for part in (recipient.title, recipient.affiliation) if part.strip()]
    named = ", ".join(parts)
    # An appositive opened by a comma (", Inc.", a title) is closed by one.
    closes_with_comma = len(parts) > 1 or bool(_APPOSITIVE_SUFFIX.search(name))
    return _Clause(f"{named}{',' if closes_with_comma else ''} {citation}", quotes)


def _citation_in_sentence(text: str, *, name: str) -> tuple[str, str]:
    """(citation, closing quotes) ready to go on mid-sentence: the opening in lower
    case, and the final period gone unless an abbreviation owns it, whether it stands
    inside the closing quotes ("“Freedom Now.”") or after them ("“Freedom Now”.")."""
    citation = citation_in_sentence(text)
    ending = citation_ending_problem(citation)
    if ending:
        raise PressStatementError(f"{name}: {ending}")
    if citation.endswith(".") and citation[-2:-1] in CLOSING_QUOTES:
        citation = citation[:-1]
    citation, quotes = split_closing_quotes(citation)
    if citation.endswith(".") and not ends_with_abbreviation(citation):
        citation = citation[:-1].rstrip()
    if not citation.strip(CLOSING_QUOTES + "\u201c\u2018 "):
        raise PressStatementError(f"{name} has no short citation.")
    return citation, quotes


def _count_phrase(recipients) -> str:
    if len(recipients) == 1:
        return ""
    # One count per kind, in the order each kind first appears in the list.
    counts: dict[str, int] = {}
    for recipient in recipients:
        counts[recipient.kind] = counts.get(recipient.kind, 0) + 1
    return (
        " and ".join(_counted(number, kind, f"{kind}s") for kind, number in counts.items()) + ": "
    )


def _counted(number: int, singular: str, plural: str) -> str:
    if number == 0:
        return ""
    if number == 1:
        article = "an" if singular[0] in "aeiou" else "a"
        return f"{article} {singular}"
    return f"{_NUMBER_WORDS.get(number, str(number))} {plural}"


def _join(items: list[_Clause]) -> str:
    """The clauses as one list ending the sentence: ", and" between two as published; a
    serial comma between three or more, or semicolons when any clause has a comma."""
    if len(items) == 1:
        return items[0].followed_by(".")
    if len(items) == 2:
        return f"{items[0].followed_by(',')} and {items[1].followed_by('.')}"
    mark = ";" if any(item.has_comma for item in items) else ","
    leading = " ".join(item.followed_by(mark) for item in items[:-1])
    return f"{leading} and {items[-1].followed_by('.')}"


def _closing(recipients) -> str:
    kinds = {recipient.kind for recipient in recipients}
    if kinds == {ORGANIZATION}:
        if len(recipients) == 1:
            return f"This organization inspires us all {CLOSING_TAIL}"
        return f"These organizations inspire us all {CLOSING_TAIL}"
    if len(recipients) == 1:
        return f"{_CLOSING_SUBJECTS[recipients[0].pronoun]} us all {CLOSING_TAIL}"
    return f"They inspire us all {CLOSING_TAIL}"


# -- the whole press statement -------------------------------------------------------------


@dataclass(frozen=True)
class PressStatement:
    """The press statement as it reads, in the published order (reference/press-statement-
    2023.txt): header, context, meeting, commitments, award paragraph, closing."""

    headline: str
    signatory: str
    statement_date: str
    context_paragraphs: tuple[str, ...]
    meeting_paragraphs: tuple[str, ...]
    commitments_lead: str
    commitments: tuple[str, ...]
    award_paragraph: str
    closing_paragraphs: tuple[str, ...]
    kind: str = "Press Statement"


def signatory_line(name: str, title: str) -> str:
    """ "Antony J. Blinken, Secretary of State": the office before any further roles. A
    comma inside a series in the office's name ("Under Secretary for Civilian Security,
    Democracy, and Human Rights") is part of the office."""
    parts = _tidy(title).split(",")
    series_end = next(
        (index for index, part in enumerate(parts) if part.strip().startswith(("and ", "or "))),
        0,
    )
    office = ",".join(parts[: series_end + 1]).strip()
    return ", ".join(part for part in (_tidy(name), office) if part)


def _tidy(text: str) -> str:
    return " ".join((text or "").split())


def statement_date_text(day) -> str:
    """ "February 13, 2023", or "" without a date."""
    return f"{day:%B} {day.day}, {day.year}" if day else ""


def paragraphs(text: str) -> tuple[str, ...]:
    """Paragraphs separated by blank lines, each on one line."""
    blocks = re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n"))
    return tuple(" ".join(block.split()) for block in blocks if block.strip())


def split_commitments(text: str) -> tuple[str, tuple[str, ...]]:
    """(lead, items) from staff's one-per-line text.

    A first line ending in a colon is the lead-in ("Looking forward, the State Department
    will do our part, by:"); every other non-blank line is one commitment, any leading
    bullet ("-", "*", "•") dropped.
    """
    lines = [" ".join(line.split()) for line in (text or "").splitlines()]
    lines = [line for line in lines if line]
    lead = lines.pop(0) if lines and lines[0].endswith(":") else ""
    items = tuple(re.sub(r"^[-*\u2022]\s*", "", line) for line in lines)
    return lead, tuple(item for item in items if item)


def statement_text(statement: PressStatement) -> str:
    """The statement as plain text: header lines, then paragraphs separated by a blank
    line, commitments as "- " bullets."""
    header = [
        line
        for line in (
            statement.headline,
            statement.kind,
            statement.signatory,
            statement.statement_date,
        )
        if line
    ]
    blocks = ["\n".join(header)]
    blocks += statement.context_paragraphs
    blocks += statement.meeting_paragraphs
    if statement.commitments_lead or statement.commitments:
        lines = [statement.commitments_lead] if statement.commitments_lead else []
        lines += [f"- {item}" for item in statement.commitments]
        blocks.append("\n".join(lines))
    if statement.award_paragraph:
        blocks.append(statement.award_paragraph)
    blocks += statement.closing_paragraphs
    return "\n\n".join(block for block in blocks if block) + "\n"
