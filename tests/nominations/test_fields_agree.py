"""The form, the completeness check, the draft service and the summary pages agree on the
nomination's fields, because each reads them from `nominations.domain.fields`: every
field the form offers is saved by a draft save and shown on the review pages, and what
the form marks "needed before you submit" is exactly what the completeness check asks."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from nominations.domain.fields import (
    FIELD,
    FIELDS,
    INDIVIDUAL,
    ORGANIZATION,
    REQUIRED_TO_SUBMIT,
    REQUIREMENTS,
    Record,
)
from nominations.forms.nomination import BOOKKEEPING_FIELDS, NominationForm
from nominations.models import Nomination, Nominee, NomineeKind
from nominations.models.nominee import DERIVED_FIELDS
from nominations.services.drafts import NOMINATION_FIELDS, NOMINEE_FIELDS
from tests import factories

pytestmark = pytest.mark.django_db

TEXT = {
    "nominator_name": "Nora Nominator",
    "nominator_title": "Deputy Director",
    "nominator_organization": "Office of Example Affairs",
    "nominator_phone": "202-555-0142",
    "honorific": "Dr.",
    "full_name": "Imani Individual",
    "possessive": "her",
    "title": "Founder",
    "affiliation": "Harbor House",
    "citizenship": "Kenya",
    "legal_name": "Lighthouse Legal Aid, Inc.",
    "certificate_name": "Lighthouse Legal Aid",
    "ein": "12-3456789",
    "uei": "J7M9HPTGJ1S9",
    "website": "https://lighthouse.example.org",
    "city": "Tucson",
    "state_or_province": "Arizona",
    "country": "Mexico",
    "contact_name": "Carla Contact",
    "contact_email": "carla@lighthouse.example.org",
    "contact_phone": "520-555-0100",
    "summary": "Summary of the case in a few words.",
    "justification": "Justification of the case in a few more words.",
    "excluded_reviewers": "Rex Reviewer, a former colleague",
    # Right for every pronoun, so that leaving the pronoun blank is the only problem.
    "suggested_citation": "in recognition of tireless work",
}
START, END = dt.date(2022, 2, 1), dt.date(2022, 11, 30)
# What the summary shows for the fields it does not show as typed.
SHOWN = {
    "kind": {INDIVIDUAL: "Individual", ORGANIZATION: "Organization"},
    "performance_start": "February 1, 2022 to November 30, 2022",
    "performance_end": "February 1, 2022 to November 30, 2022",
}
BOXES = [field.name for field in FIELDS if field.name.startswith(("criterion_", "p_"))]
KINDS = [INDIVIDUAL, ORGANIZATION]


def values_for(kind: str) -> dict:
    """A value for every field a nominee of `kind` has, as the form cleans it."""
    values = {
        "kind": kind,
        "performance_start": START,
        "performance_end": END,
        **dict.fromkeys(BOXES, True),
        **TEXT,
    }
    return {name: value for name, value in values.items() if FIELD[name].applies_to(kind)}


def posted(values: dict) -> dict:
    data = {}
    for name, value in values.items():
        if value is True:
            data[name] = "on"
        elif isinstance(value, dt.date):
            data[name] = value.isoformat()
        else:
            data[name] = value
    return data


def shown(name: str, kind: str) -> str:
    if name in SHOWN:
        return SHOWN[name][kind] if name == "kind" else SHOWN[name]
    if name in BOXES:
        return FIELD[name].label
    return values_for(kind)[name]


def draft_of(kind: str) -> Nomination:
    nominee = factories.NomineeFactory(kind=kind)
    return factories.NominationFactory(nominee=nominee, criterion_innovation=False)


def store(nomination: Nomination, values: dict) -> None:
    nominee = {k: v for k, v in values.items() if FIELD[k].record == Record.NOMINEE}
    Nominee.objects.filter(pk=nomination.nominee_id).update(**nominee)
    Nomination.objects.filter(pk=nomination.pk).update(
        **{k: v for k, v in values.items() if FIELD[k].record == Record.NOMINATION}
    )
    nomination.refresh_from_db()
    nomination.nominee.refresh_from_db()


def summary_shows(html: str, kind: str) -> list[str]:
    """The fields of a nominee of `kind` whose row label or value the page lacks."""
    lacking = []
    for name in values_for(kind):
        label = f"<dt>{escape(FIELD[name].row_label)}</dt>"
        if label not in html or escape(shown(name, kind)) not in html:
            lacking.append(name)
    return lacking


# -- the form and the models ------------------------------------------------------------------


def test_the_form_offers_every_described_field_in_order_with_its_label():
    form = NominationForm()

    assert list(form.fields) == [*BOOKKEEPING_FIELDS, *(field.name for field in FIELDS)]
    assert {name: form.fields[name].label for name in FIELD} == {
        field.name: field.label for field in FIELDS
    }
    assert {
        name: int(field.widget.attrs["data-word-limit"])
        for name, field in form.fields.items()
        if "data-word-limit" in field.widget.attrs
    } == {field.name: field.word_limit for field in FIELDS if field.word_limit}


def test_each_field_is_stored_by_its_record_and_every_nominee_field_is_offered():
    nominee_fields = {f.name for f in Nominee._meta.concrete_fields if f.editable} - {"id"}
    derived = {f.name for f in Nominee._meta.concrete_fields if not f.editable}

    assert {f.name for f in FIELDS if f.record == Record.NOMINEE} == nominee_fields
    assert derived == set(DERIVED_FIELDS)  # set on save from the fields above
    assert all(Nomination._meta.get_field(f.name) for f in FIELDS if f.record == Record.NOMINATION)
    assert {INDIVIDUAL, ORGANIZATION} == set(NomineeKind.values)


def test_the_draft_service_saves_exactly_the_fields_the_form_offers():
    assert {*NOMINATION_FIELDS, *NOMINEE_FIELDS, "kind"} == set(FIELD)


@pytest.mark.parametrize("kind", KINDS)
def test_a_save_of_the_form_stores_every_field_a_nominee_of_the_kind_has(client, kind):
    nomination = draft_of(kind)
    values = values_for(kind)
    client.force_login(nomination.nominator)
    data = posted(values) | {"expected_saved_at": nomination.saved_at.isoformat()}

    response = client.post(reverse("nominations:nomination_edit", args=[nomination.pk]), data)

    assert response.status_code == 302
    nomination = Nomination.objects.select_related("nominee").get(pk=nomination.pk)
    entered = nomination.entered_values()
    assert {name: entered[name] for name in values} == values
    assert nomination.completeness_problems_by_field() == []


# -- what submit needs ------------------------------------------------------------------------


def test_the_form_marks_exactly_what_the_completeness_check_asks(client):
    nomination = draft_of(ORGANIZATION)
    client.force_login(nomination.nominator)

    html = client.get(reverse("nominations:nomination_edit", args=[nomination.pk])).content
    html = html.decode()

    marked = {
        field.name
        for field in FIELDS
        if re.search(
            re.escape(escape(field.label)) + r"\s*<abbr title=\"needed before you submit\"", html
        )
    }
    assert marked == REQUIRED_TO_SUBMIT - set(BOXES)
    # The criteria are asked for as a group: the group's legend carries the mark.
    assert 'Which criteria apply? <abbr title="needed before you submit"' in html
    assert {name for r in REQUIREMENTS for name in r.fields if name in BOXES} == {
        "criterion_courage",
        "criterion_sustained",
        "criterion_innovation",
    }


def blank(name: str):
    """What a field holds when nothing was entered in it."""
    if name in BOXES:
        return False
    if name in ("performance_start", "performance_end"):
        return None
    return ""


@pytest.mark.parametrize(
    ("kind", "requirement"),
    [(kind, r) for kind in KINDS for r in REQUIREMENTS if r.applies_to(kind)],
    ids=lambda item: item if isinstance(item, str) else item.fields[0],
)
def test_each_requirement_left_blank_is_the_problem_submit_reports(kind, requirement):
    nomination = draft_of(kind)
    store(nomination, values_for(kind) | {name: blank(name) for name in requirement.fields})

    assert nomination.completeness_problems_by_field() == [
        (requirement.fields[0], requirement.missing)
    ]


@pytest.mark.parametrize("kind", KINDS)
def test_every_field_the_form_does_not_mark_may_be_left_blank(kind):
    nomination = draft_of(kind)
    optional = [name for name in values_for(kind) if name not in REQUIRED_TO_SUBMIT]

    store(nomination, values_for(kind) | {name: blank(name) for name in optional})

    assert nomination.completeness_problems_by_field() == []


@pytest.mark.parametrize(
    ("name", "noun"), [("summary", "summary"), ("justification", "justification")]
)
def test_a_word_limit_is_the_same_on_the_form_and_at_submit(name, noun):
    limit = FIELD[name].word_limit
    nomination = draft_of(ORGANIZATION)
    store(nomination, values_for(ORGANIZATION) | {name: "word " * (limit + 1)})
    form = NominationForm({name: "word " * (limit + 1)})
    form.is_valid()

    assert nomination.completeness_problems_by_field() == [
        (name, f"Shorten the {noun} to {limit} words or fewer.")
    ]
    assert form.errors[name] == [
        f"Shorten the {noun} to {limit:,} words or fewer: it has {limit + 1:,} words."
    ]


# -- the review pages -------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_the_nominators_review_page_shows_every_field(client, kind):
    nomination = draft_of(kind)
    store(nomination, values_for(kind))
    client.force_login(nomination.nominator)

    response = client.get(reverse("nominations:nomination_review", args=[nomination.pk]))

    assert response.status_code == 200
    assert summary_shows(response.content.decode(), kind) == []


@pytest.mark.parametrize("kind", KINDS)
def test_the_panels_page_shows_staff_every_field(staff_client, kind):
    cycle = factories.review_cycle(nominations=1, panelists=1, criteria=1)
    nomination = cycle.nominations.get()
    Nominee.objects.filter(pk=nomination.nominee_id).update(kind=kind)
    store(nomination, values_for(kind))

    response = staff_client.get(reverse("reviews:review_nomination", args=[nomination.pk]))

    assert response.status_code == 200
    assert summary_shows(response.content.decode(), kind) == []
