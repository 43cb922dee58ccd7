"""The nomination form: each field rule, and what a draft save keeps."""

import pytest

from nominations.forms.nomination import NominationForm, WithdrawForm
from tests.factories import NominationFactory, NomineeFactory


def form_with(**data) -> NominationForm:
    form = NominationForm(data)
    form.is_valid()
    return form


def test_text_refused_for_a_nul_character_is_kept_without_it():
    form = form_with(summary="Shelter\x00 for survivors.")

    assert "summary" in form.errors
    assert form.draft_changes()["summary"] == "Shelter for survivors."


def test_empty_form_is_a_valid_draft():
    form = form_with()

    assert form.errors == {}
    assert form.draft_changes()["summary"] == ""


# -- EIN and UEI ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("12-3456789", "12-3456789"), ("123456789", "12-3456789"), (" 12-3456789 ", "12-3456789")],
)
def test_ein_nine_digits_are_stored_as_nn_nnnnnnn(typed, stored):
    form = form_with(kind="organization", ein=typed)

    assert form.errors == {}
    assert form.draft_changes()["ein"] == stored


@pytest.mark.parametrize(
    "typed", ["12345678", "1234567890", "12-345678A", "123-456789", "AB-CDEFGHI"]
)
def test_ein_not_nine_digits_is_refused_with_the_format(typed):
    form = form_with(kind="organization", ein=typed)

    assert form.errors == {"ein": ["Enter the EIN as 9 digits, like 12-3456789."]}
    assert "ein" not in form.draft_changes()


@pytest.mark.parametrize(
    ("typed", "stored"), [("J7M9HPTGJ1S9", "J7M9HPTGJ1S9"), ("j7m9hptgj1s9", "J7M9HPTGJ1S9")]
)
def test_uei_twelve_capitals_and_digits_is_accepted(typed, stored):
    form = form_with(kind="organization", uei=typed)

    assert form.errors == {}
    assert form.draft_changes()["uei"] == stored


@pytest.mark.parametrize(
    "typed",
    ["J7M9HPTGJ1S", "J7M9HPTGJ1S9X", "J7M9HPTGO1S9", "J7M9HPTGI1S9", "J7M9-PTGJ1S9"],
    ids=["11 characters", "13 characters", "letter O", "letter I", "punctuation"],
)
def test_uei_other_forms_are_refused(typed):
    form = form_with(kind="organization", uei=typed)

    assert list(form.errors) == ["uei"]
    assert "without the letters O or I" in form.errors["uei"][0]


def test_ein_and_uei_are_optional():
    assert form_with(kind="organization", ein="", uei="").errors == {}


# -- word limits and the citation ------------------------------------------------------------


@pytest.mark.parametrize(("field", "limit"), [("summary", 500), ("justification", 2000)])
def test_text_at_the_word_limit_is_accepted(field, limit):
    form = form_with(**{field: "word " * limit})

    assert form.errors == {}


@pytest.mark.parametrize(("field", "limit"), [("summary", 500), ("justification", 2000)])
def test_text_over_the_word_limit_is_flagged_but_kept_in_the_draft(field, limit):
    text = "word " * (limit + 1)

    form = form_with(**{field: text})

    assert form.errors == {
        field: [f"Shorten the {field} to {limit:,} words or fewer: it has {limit + 1:,} words."]
    }
    assert form.draft_changes()[field] == text.strip()


@pytest.mark.parametrize(
    "citation",
    [
        "for its innovative survivor-led referral network",
        "for her leadership of Truckers Against Trafficking",
        "for his work with Acme Co. and Example Inc., in Baltimore",
        "for their sustained advocacy",
        "in recognition of decades of service to survivors",
    ],
)
def test_citation_of_the_published_form_is_accepted(citation):
    assert form_with(suggested_citation=citation).errors == {}


@pytest.mark.parametrize(
    ("citation", "message"),
    [
        ("Outstanding work for survivors", "Start the citation with"),
        (
            "for its work. It helped many people.",
            'Write the citation as one sentence: a second one starts at "It helped many".',
        ),
        ("for its " + "good " * 60, "Shorten the citation to 60 words or fewer."),
    ],
    ids=["opening", "two sentences", "too long"],
)
def test_citation_breaking_a_rule_is_flagged_and_kept(citation, message):
    form = form_with(suggested_citation=citation)

    assert any(message in error for error in form.errors["suggested_citation"])
    assert form.draft_changes()["suggested_citation"] == citation.strip()


# -- other formats ---------------------------------------------------------------------------


def test_end_date_before_start_date_is_refused():
    form = form_with(performance_start="2022-06-01", performance_end="2022-01-01")

    assert form.errors == {"performance_end": ["The end date must be on or after the start date."]}
    assert "performance_end" not in form.draft_changes()
    assert str(form.draft_changes()["performance_start"]) == "2022-06-01"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("contact_email", "not-an-email"),
        ("website", "not a web address"),
        ("nominator_phone", "call me"),
        ("performance_start", "31/31/2022"),
    ],
)
def test_malformed_values_are_refused_and_left_out_of_the_save(field, value):
    form = form_with(**{field: value, "summary": "Still saved."})

    assert list(form.errors) == [field]
    changes = form.draft_changes()
    assert field not in changes
    assert changes["summary"] == "Still saved."


def test_website_without_scheme_gets_https():
    assert form_with(website="example.org").draft_changes()["website"] == "https://example.org"


# -- conditional fields ----------------------------------------------------------------------


def test_organization_ignores_the_individuals_fields():
    form = form_with(kind="organization", legal_name="Acme, Inc.", full_name="Ignored")

    changes = form.draft_changes()
    assert changes["nominee_kind"] == "organization"
    assert changes["legal_name"] == "Acme, Inc."
    assert not {"full_name", "honorific", "possessive", "citizenship"} & set(changes)


def test_individual_ignores_the_organizations_fields_even_when_malformed():
    form = form_with(kind="individual", full_name="Ana Ruiz", possessive="her", ein="bad")

    changes = form.draft_changes()
    assert changes["nominee_kind"] == "individual"
    assert (changes["full_name"], changes["possessive"]) == ("Ana Ruiz", "her")
    assert not {"legal_name", "ein", "uei", "website", "certificate_name"} & set(changes)


def test_no_kind_chosen_leaves_the_kind_alone():
    assert form_with(summary="x").draft_changes()["nominee_kind"] is None


@pytest.mark.django_db
def test_initial_values_come_from_the_stored_draft():
    nomination = NominationFactory(
        nominee=NomineeFactory(legal_name="Acme, Inc.", ein="12-3456789")
    )

    initial = NominationForm.initial_for(nomination)

    assert (initial["legal_name"], initial["ein"], initial["kind"]) == (
        "Acme, Inc.",
        "12-3456789",
        "organization",
    )
    assert initial["summary"] == nomination.summary
    assert initial["expected_saved_at"] == nomination.saved_at.isoformat()


def test_withdraw_reason_is_optional():
    assert WithdrawForm({}).is_valid()
