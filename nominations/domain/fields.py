"""The fields a nominator fills in, described once. Pure.

The nomination form takes its fields' labels, sections, word limits and the "*" of what
submit needs from here; the completeness check at submit asks `REQUIREMENTS`; the draft
service saves exactly these fields; and the summary of the nomination (the nominator's
review page, read-only page and PDF copy, and the panel's and staff's scoring page)
shows them row by row with `summary_rows`.

A field's `name` is both the form field's and the model attribute's; `record` says
whether the Nomination or its Nominee stores it. `FIELDS` is in the form's order.
"""

from dataclasses import dataclass
from enum import StrEnum

# The values of nominations.models.NomineeKind.
INDIVIDUAL = "individual"
ORGANIZATION = "organization"

SUMMARY_WORD_LIMIT = 500
JUSTIFICATION_WORD_LIMIT = 2000
CITATION_WORD_LIMIT = 60


class Record(StrEnum):
    NOMINATION = "nomination"
    NOMINEE = "nominee"


class Shown(StrEnum):
    """How the summary shows a row."""

    VALUE = "value"  # the stored value
    CHOICE = "choice"  # the label of the chosen value
    PERIOD = "period"  # "January 1, 2022 to December 31, 2022" from a start and an end
    TICKED = "ticked"  # the labels of the ticked boxes


@dataclass(frozen=True)
class Field:
    name: str
    label: str  # on the form
    section: str  # the anchor of the form's section
    record: Record = Record.NOMINATION
    row: str = ""  # the summary row's label, when it is not `label`
    shown: Shown = Shown.VALUE
    kind: str = ""  # only for a nominee of this kind
    word_limit: int | None = None
    free_text: bool = False  # a draft keeps it as typed even when it breaks a rule
    noun: str = ""  # what messages about it call it

    @property
    def row_label(self) -> str:
        return self.row or self.label

    def applies_to(self, kind: str) -> bool:
        """Whether a nominee of `kind` has this field."""
        return not self.kind or self.kind == kind


@dataclass(frozen=True)
class Section:
    anchor: str
    step: str  # the form's step indicator
    heading: str  # the summary's heading


SECTIONS = (
    Section("section-nominator", "About you", "About you"),
    Section("section-nominee", "Nominee", "The nominee"),
    Section("section-criteria", "Performance and criteria", "Performance and criteria"),
    Section("section-case", "The case", "The case"),
    Section("section-citation", "Citation and reviewers", "Citation and reviewers"),
)
NOMINATOR, NOMINEE, CRITERIA, CASE, CITATION = (section.anchor for section in SECTIONS)

FIELDS = (
    Field("nominator_name", "Your full name", NOMINATOR, row="Name"),
    Field("nominator_title", "Your job title", NOMINATOR, row="Job title"),
    Field(
        "nominator_organization",
        "Your organization or agency",
        NOMINATOR,
        row="Organization or agency",
    ),
    Field("nominator_phone", "Your phone number", NOMINATOR, row="Phone"),
    Field(
        "kind",
        "Who are you nominating?",
        NOMINEE,
        Record.NOMINEE,
        row="Type",
        shown=Shown.CHOICE,
    ),
    Field("honorific", "Honorific", NOMINEE, Record.NOMINEE, kind=INDIVIDUAL),
    Field("full_name", "Full name", NOMINEE, Record.NOMINEE, kind=INDIVIDUAL),
    Field("possessive", "Pronoun for the citation", NOMINEE, Record.NOMINEE, kind=INDIVIDUAL),
    Field("title", "Job title", NOMINEE, Record.NOMINEE, kind=INDIVIDUAL),
    Field("affiliation", "Organization or affiliation", NOMINEE, Record.NOMINEE, kind=INDIVIDUAL),
    Field("citizenship", "Citizenship", NOMINEE, Record.NOMINEE, kind=INDIVIDUAL),
    Field("legal_name", "Legal name", NOMINEE, Record.NOMINEE, kind=ORGANIZATION),
    Field(
        "certificate_name",
        "Name as it should appear on a certificate",
        NOMINEE,
        Record.NOMINEE,
        row="Name on the certificate",
        kind=ORGANIZATION,
    ),
    Field("ein", "EIN", NOMINEE, Record.NOMINEE, kind=ORGANIZATION),
    Field("uei", "UEI", NOMINEE, Record.NOMINEE, kind=ORGANIZATION),
    Field("website", "Website", NOMINEE, Record.NOMINEE, kind=ORGANIZATION),
    Field("city", "City", NOMINEE, Record.NOMINEE),
    Field("state_or_province", "State or province", NOMINEE, Record.NOMINEE),
    Field("country", "Country", NOMINEE, Record.NOMINEE),
    Field("contact_name", "Contact’s full name", NOMINEE, Record.NOMINEE, row="Contact’s name"),
    Field(
        "contact_email",
        "Contact’s email address",
        NOMINEE,
        Record.NOMINEE,
        row="Contact’s email",
    ),
    Field(
        "contact_phone", "Contact’s phone number", NOMINEE, Record.NOMINEE, row="Contact’s phone"
    ),
    Field(
        "performance_start",
        "Start date",
        CRITERIA,
        row="Performance period",
        shown=Shown.PERIOD,
    ),
    Field("performance_end", "End date", CRITERIA, row="Performance period", shown=Shown.PERIOD),
    Field(
        "criterion_courage",
        "Especially courageous conduct",
        CRITERIA,
        row="Criteria",
        shown=Shown.TICKED,
    ),
    Field(
        "criterion_sustained",
        "Sustained achievement",
        CRITERIA,
        row="Criteria",
        shown=Shown.TICKED,
    ),
    Field(
        "criterion_innovation",
        "Particularly innovative efforts",
        CRITERIA,
        row="Criteria",
        shown=Shown.TICKED,
    ),
    Field("p_prosecution", "Prosecution", CRITERIA, row="The 4 Ps", shown=Shown.TICKED),
    Field("p_protection", "Protection", CRITERIA, row="The 4 Ps", shown=Shown.TICKED),
    Field("p_prevention", "Prevention", CRITERIA, row="The 4 Ps", shown=Shown.TICKED),
    Field("p_partnership", "Partnership", CRITERIA, row="The 4 Ps", shown=Shown.TICKED),
    Field(
        "summary",
        "Summary",
        CASE,
        word_limit=SUMMARY_WORD_LIMIT,
        free_text=True,
        noun="summary",
    ),
    Field(
        "justification",
        "Detailed justification",
        CASE,
        word_limit=JUSTIFICATION_WORD_LIMIT,
        free_text=True,
        noun="justification",
    ),
    Field(
        "suggested_citation",
        "Suggested citation",
        CITATION,
        word_limit=CITATION_WORD_LIMIT,
        free_text=True,
        noun="citation",
    ),
    Field(
        "excluded_reviewers",
        "People or organizations who should not review this nomination",
        CITATION,
        row="People or organizations who should not review it",
        free_text=True,
    ),
)
FIELD = {field.name: field for field in FIELDS}


def row_of(name: str) -> tuple[str, ...]:
    """The fields shown in one summary row with `name`, in the form's order."""
    field = FIELD[name]
    return tuple(
        other.name
        for other in FIELDS
        if other.section == field.section and other.row_label == field.row_label
    )


# The award's criteria (at least one must apply) and the "4 Ps" the work serves.
CRITERION_FIELDS = row_of("criterion_courage")
AREA_FIELDS = row_of("p_prosecution")


def section_fields(anchor: str) -> tuple[Field, ...]:
    return tuple(field for field in FIELDS if field.section == anchor)


def fields_of(record: Record) -> tuple[Field, ...]:
    return tuple(field for field in FIELDS if field.record == record)


def fields_of_kind(kind: str) -> tuple[Field, ...]:
    """The fields only a nominee of `kind` has."""
    return tuple(field for field in FIELDS if field.kind == kind)


@dataclass(frozen=True)
class Requirement:
    """Something submit needs: every one of `fields` filled in, or with `any_of` at least
    one. `missing` is the problem the completeness check reports when it is not met, on
    the first empty field (on the first field for `any_of`)."""

    fields: tuple[str, ...]
    missing: str
    any_of: bool = False
    kind: str = ""  # only for a nominee of this kind

    def applies_to(self, kind: str) -> bool:
        return not self.kind or self.kind == kind

    def unmet(self, values: dict) -> str | None:
        """The field the problem is reported on, or None when the requirement is met."""
        empty = [name for name in self.fields if is_blank(FIELD[name], values.get(name))]
        if self.any_of:
            return self.fields[0] if len(empty) == len(self.fields) else None
        return empty[0] if empty else None


def is_blank(field: Field, value: object) -> bool:
    """Nothing entered: free text counts as blank when it is only spaces."""
    if field.free_text:
        return not str(value or "").strip()
    return not value


# In the order the completeness check reports them: the nominee first, then the rest in
# the form's order.
PERFORMANCE_PERIOD = Requirement(
    ("performance_start", "performance_end"), "Enter the performance period."
)
REQUIREMENTS = (
    # Never unmet in practice: a nominee always has a kind (the form preselects it, the
    # services accept only the two). It is here because the form asks for the choice.
    Requirement(
        ("kind",),
        "Choose whether you are nominating an organization or an individual.",
    ),
    Requirement(("full_name",), "Enter the nominee's full name.", kind=INDIVIDUAL),
    Requirement(("possessive",), "Enter the nominee's pronoun.", kind=INDIVIDUAL),
    Requirement(("legal_name",), "Enter the organization's legal name.", kind=ORGANIZATION),
    Requirement(("contact_email",), "Enter the nominee contact's email."),
    Requirement(("nominator_name",), "Enter your name as the nominator."),
    Requirement(("nominator_organization",), "Enter your organization or agency."),
    PERFORMANCE_PERIOD,
    Requirement(CRITERION_FIELDS, "Choose at least one criterion.", any_of=True),
    Requirement(("summary",), "Enter a summary."),
    Requirement(("justification",), "Enter the detailed justification."),
)
# Marked "*" on the form.
REQUIRED_TO_SUBMIT = frozenset(name for req in REQUIREMENTS for name in req.fields)


def requirements_for(kind: str) -> tuple[Requirement, ...]:
    return tuple(requirement for requirement in REQUIREMENTS if requirement.applies_to(kind))


@dataclass(frozen=True)
class SummaryRow:
    label: str
    value: str
    field: str


@dataclass(frozen=True)
class SummarySection:
    anchor: str
    heading: str
    rows: list[SummaryRow]


def summary_rows(anchor: str, *, kind: str) -> list[tuple[str, tuple[Field, ...]]]:
    """A section's summary rows for a nominee of `kind`: (label, the fields it shows),
    in the form's order; consecutive fields with one row label share the row."""
    rows: list[tuple[str, tuple[Field, ...]]] = []
    for field in section_fields(anchor):
        if not field.applies_to(kind):
            continue
        if rows and rows[-1][0] == field.row_label:
            rows[-1] = (field.row_label, (*rows[-1][1], field))
        else:
            rows.append((field.row_label, (field,)))
    return rows
