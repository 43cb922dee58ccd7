"""Forms of the nominations app. They validate and clean; they never save or send mail.

A draft may be incomplete, so every field of the nomination form is optional here: the
form checks formats (EIN and UEI, web address, email, dates, word limits, the citation's
form) and leaves completeness to `Nomination.completeness_problems()` at submit time.
"""

import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError

from nominations.domain.citations import (
    citation_problems,
    citation_pronoun_problem,
    nominee_possessive,
    word_count,
)
from nominations.domain.fields import (
    CITATION_WORD_LIMIT,
    FIELD,
    FIELDS,
    INDIVIDUAL,
    JUSTIFICATION_WORD_LIMIT,
    ORGANIZATION,
    SECTIONS,
    SUMMARY_WORD_LIMIT,
    Record,
    fields_of,
    fields_of_kind,
    section_fields,
)
from nominations.models import NomineeKind, Possessive

EIN_DIGITS = re.compile(r"^\d{2}-?\d{7}$")
# SAM.gov's Unique Entity ID: 12 characters, capital letters and digits, never O or I.
UEI_PATTERN = re.compile(r"^[A-HJ-NP-Z0-9]{12}$")
PHONE_PATTERN = re.compile(r"^\+?[0-9 ().-]{7,25}(\s*(x|ext\.?)\s*\d{1,6})?$", re.IGNORECASE)

# The form's fields, their labels, sections and limits: see nominations.domain.fields.
INDIVIDUAL_FIELDS = tuple(field.name for field in fields_of_kind(INDIVIDUAL))
ORGANIZATION_FIELDS = tuple(field.name for field in fields_of_kind(ORGANIZATION))
# Free text is saved even when it breaks a rule (too many words, a citation not yet in
# the right form): a draft keeps everything typed, and the rule is checked at submit.
TEXT_KEPT_WHEN_INVALID = tuple(field.name for field in FIELDS if field.free_text)
NOMINEE_FORM_FIELDS = tuple(field.name for field in fields_of(Record.NOMINEE))
# The form's sections, in order: (anchor, step label, fields).
SECTION_FIELDS = tuple(
    (section.anchor, section.step, tuple(field.name for field in section_fields(section.anchor)))
    for section in SECTIONS
)
WORD_LIMITS = {field.name: field.word_limit for field in FIELDS if field.word_limit}
# The form's own hidden fields: what the page knows of the draft, never saved on it.
BOOKKEEPING_FIELDS = ("expected_saved_at", "changed_fields")


def _label(name: str) -> str:
    return FIELD[name].label


def _text(
    name: str, *, max_length: int = 200, help_text: str = "", autocomplete: str = ""
) -> forms.CharField:
    attrs = {"autocomplete": autocomplete} if autocomplete else {}
    return forms.CharField(
        label=_label(name),
        max_length=max_length,
        required=False,
        help_text=help_text,
        widget=forms.TextInput(attrs=attrs),
    )


def _long_text(name: str, *, help_text: str = "", rows: int = 8) -> forms.CharField:
    return forms.CharField(
        label=_label(name),
        required=False,
        strip=False,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def _check(name: str, help_text: str = "") -> forms.BooleanField:
    return forms.BooleanField(label=_label(name), required=False, help_text=help_text)


class NominationForm(forms.Form):
    """Everything a nominator writes, for autosave, the full save and the review."""

    expected_saved_at = forms.CharField(required=False, widget=forms.HiddenInput)
    # The fields a save puts back from a copy kept in the browser, space-separated: the
    # save stores those only (see `draft_changes`). Empty for an ordinary save: all.
    changed_fields = forms.CharField(required=False, widget=forms.HiddenInput)

    # About you
    nominator_name = _text("nominator_name", autocomplete="name")
    nominator_title = _text("nominator_title", autocomplete="organization-title")
    nominator_organization = _text("nominator_organization", autocomplete="organization")
    nominator_phone = _text(
        "nominator_phone",
        max_length=40,
        help_text="For example, 202-555-0100.",
        autocomplete="tel",
    )

    # The nominee
    kind = forms.ChoiceField(
        label=_label("kind"),
        choices=[
            (NomineeKind.ORGANIZATION, "An organization"),
            (NomineeKind.INDIVIDUAL, "An individual"),
        ],
        required=False,
        widget=forms.RadioSelect,
    )
    honorific = _text("honorific", max_length=20, help_text="For example, Ms., Mr., Dr.")
    full_name = _text("full_name")
    possessive = forms.ChoiceField(
        label=_label("possessive"),
        choices=Possessive.choices,
        required=False,
        widget=forms.RadioSelect,
        help_text="Citations read “for her …”, “for his …” or “for their …”.",
    )
    title = _text("title")
    affiliation = _text("affiliation")
    citizenship = _text("citizenship", max_length=100, help_text="Country of citizenship.")
    legal_name = _text("legal_name", max_length=300)
    certificate_name = _text(
        "certificate_name",
        max_length=300,
        help_text="Leave empty to use the legal name.",
    )
    # Longer than the stored values, so that a wrong length gets the format's message.
    ein = _text(
        "ein", max_length=20, help_text="Employer Identification Number: 9 digits, NN-NNNNNNN."
    )
    uei = _text(
        "uei",
        max_length=20,
        help_text="SAM.gov Unique Entity ID: 12 capital letters and digits, no letter O or I.",
    )
    website = forms.URLField(
        label=_label("website"),
        required=False,
        assume_scheme="https",
        help_text="For example, https://example.org.",
    )
    city = _text("city", max_length=100)
    state_or_province = _text("state_or_province", max_length=100)
    country = _text("country", max_length=100)
    contact_name = _text("contact_name")
    contact_email = forms.EmailField(
        label=_label("contact_email"),
        required=False,
        help_text="We write to the nominee only if the nomination goes forward.",
    )
    contact_phone = _text("contact_phone", max_length=40, help_text="For example, 202-555-0100.")

    # Performance and criteria
    performance_start = forms.DateField(
        label=_label("performance_start"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    performance_end = forms.DateField(
        label=_label("performance_end"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    criterion_courage = _check(
        "criterion_courage", "In a unique set of circumstances or a particular case."
    )
    criterion_sustained = _check("criterion_sustained", "Over an extended period.")
    criterion_innovation = _check(
        "criterion_innovation",
        "For example, a new approach in prosecution, protection, prevention or partnership.",
    )
    p_prosecution = _check("p_prosecution")
    p_protection = _check("p_protection")
    p_prevention = _check("p_prevention")
    p_partnership = _check("p_partnership")

    # The case
    summary = _long_text(
        "summary",
        help_text=f"Two or three paragraphs, {SUMMARY_WORD_LIMIT} words or fewer.",
    )
    justification = _long_text(
        "justification",
        help_text=(
            "All the supporting information: what the nominee did, when, and its results. "
            f"{JUSTIFICATION_WORD_LIMIT:,} words or fewer."
        ),
        rows=16,
    )
    suggested_citation = _long_text(
        "suggested_citation",
        help_text=(
            "One sentence, "
            f"{CITATION_WORD_LIMIT} words or fewer, starting “for its”, “for her”, “for his”, "
            "“for their” or “in recognition of”. For example: “for its innovative and "
            "holistic approach to the care and wellbeing of victims of human trafficking”."
        ),
        rows=3,
    )
    excluded_reviewers = _long_text(
        "excluded_reviewers",
        help_text=(
            "One per line, with a reason if you wish. We use this to check reviewers for "
            "conflicts of interest."
        ),
        rows=4,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, limit in WORD_LIMITS.items():
            self.fields[name].widget.attrs["data-word-limit"] = str(limit)

    # -- field rules -------------------------------------------------------------------------

    def clean_expected_saved_at(self) -> dt.datetime | None:
        value = self.cleaned_data["expected_saved_at"]
        if not value:
            return None
        try:
            parsed = dt.datetime.fromisoformat(value)
        except ValueError as error:
            raise ValidationError("Reload the page: it lost track of your draft.") from error
        return parsed if parsed.tzinfo else None

    def clean_changed_fields(self) -> frozenset[str]:
        """The named fields of this form; a name it does not have is ignored."""
        names = set(self.cleaned_data["changed_fields"].split())
        return frozenset(names & (set(self.fields) - set(BOOKKEEPING_FIELDS)))

    def clean_ein(self) -> str:
        value = self.cleaned_data["ein"].strip()
        if not value:
            return ""
        if not EIN_DIGITS.match(value):
            raise ValidationError("Enter the EIN as 9 digits, like 12-3456789.")
        digits = value.replace("-", "")
        return f"{digits[:2]}-{digits[2:]}"

    def clean_uei(self) -> str:
        value = self.cleaned_data["uei"].strip().upper()
        if value and not UEI_PATTERN.match(value):
            raise ValidationError(
                "Enter the UEI as 12 capital letters and digits, without the letters O or I, "
                "like J7M9HPTGJ1S9."
            )
        return value

    def clean_nominator_phone(self) -> str:
        return self._phone("nominator_phone")

    def clean_contact_phone(self) -> str:
        return self._phone("contact_phone")

    def _phone(self, name: str) -> str:
        value = self.cleaned_data[name].strip()
        if value and not PHONE_PATTERN.match(value):
            raise ValidationError("Enter a phone number, like 202-555-0100.")
        return value

    def clean_summary(self) -> str:
        return self._within_word_limit("summary")

    def clean_justification(self) -> str:
        return self._within_word_limit("justification")

    def clean_suggested_citation(self) -> str:
        value = self.cleaned_data["suggested_citation"].strip()
        if value:
            problems = citation_problems(value, word_limit=CITATION_WORD_LIMIT)
            if problems:
                raise ValidationError(problems)
        return value

    def clean_excluded_reviewers(self) -> str:
        return self.cleaned_data["excluded_reviewers"].strip()

    def _within_word_limit(self, name: str) -> str:
        value = self.cleaned_data[name].strip()
        limit = WORD_LIMITS[name]
        words = word_count(value)
        if words > limit:
            raise ValidationError(
                f"Shorten the {FIELD[name].noun} to {limit:,} words or fewer: "
                f"it has {words:,} words."
            )
        return value

    def clean(self) -> dict:
        cleaned = super().clean()
        start, end = cleaned.get("performance_start"), cleaned.get("performance_end")
        if start and end and end < start:
            self.add_error("performance_end", "The end date must be on or after the start date.")
        self._check_citation_pronoun(cleaned)
        return cleaned

    def _check_citation_pronoun(self, cleaned: dict) -> None:
        """The citation's "for her/his/its/their" against the nominee chosen on the same
        form, at every save (autosave included), as the EIN's format is: the nominator
        hears of it beside the citation while writing, not only at submit. The text is
        still kept (`draft_changes`); submit checks it again on what was saved."""
        kind = cleaned.get("kind")
        if not kind:
            return  # the form did not say who the nominee is
        citation = cleaned.get("suggested_citation")
        if citation is None:  # refused for its form: the words typed are still checked
            citation = self.data.get("suggested_citation", "")
        possessive = nominee_possessive(
            individual=kind == NomineeKind.INDIVIDUAL, chosen=cleaned.get("possessive", "")
        )
        if problem := citation_pronoun_problem(citation, possessive=possessive):
            self.add_error("suggested_citation", problem)

    # -- what to save --------------------------------------------------------------------------

    def nominee_kind(self) -> str | None:
        """The nominee type chosen, or None when the form did not say."""
        kind = self.cleaned_data.get("kind") if hasattr(self, "cleaned_data") else None
        return kind or None

    def draft_changes(self) -> dict:
        """The arguments for `nomination_update_draft`: every field that passed its checks,
        plus free text that broke only a rule of length or form (it is kept, never lost).

        Fields of the other nominee type are left out, so switching type never wipes what
        was typed for the first one, and a value sent for a hidden field is ignored.

        When the post names the fields it changed (`changed_fields`: a copy from another
        tab put back after a conflict), only those are saved: every other field keeps
        what is stored, which may be newer than what this page showed.
        """
        kind = self.nominee_kind()
        ignored = set()
        if kind == NomineeKind.ORGANIZATION:
            ignored = set(INDIVIDUAL_FIELDS)
        elif kind == NomineeKind.INDIVIDUAL:
            ignored = set(ORGANIZATION_FIELDS)
        only = self.cleaned_data.get("changed_fields") if hasattr(self, "cleaned_data") else None
        if only:
            ignored |= set(self.fields) - only
        changes: dict = {"nominee_kind": None if only and "kind" not in only else kind}
        for name in self.fields:
            if name == "kind" or name in BOOKKEEPING_FIELDS or name in ignored:
                continue
            if name in self.cleaned_data:
                changes[name] = self.cleaned_data[name]
            elif name in TEXT_KEPT_WHEN_INVALID:
                # A NUL character cannot be stored (PostgreSQL refuses it in text), so the
                # kept text goes without it; the field's error still says it was refused.
                changes[name] = self.data.get(name, "").replace("\x00", "").strip()
        return changes

    @classmethod
    def initial_for(cls, nomination) -> dict:
        """The form's starting values: the stored draft."""
        initial = {}
        for name in cls.base_fields:
            if name in NOMINEE_FORM_FIELDS:
                initial[name] = getattr(nomination.nominee, name)
            elif name not in BOOKKEEPING_FIELDS:
                initial[name] = getattr(nomination, name)
        initial["expected_saved_at"] = nomination.saved_at.isoformat()
        return initial


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Why are you withdrawing it?",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Optional. Staff see your reason.",
    )
