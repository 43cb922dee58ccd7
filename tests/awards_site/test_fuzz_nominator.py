"""Fuzzing the nominator's forms and the endorser's letter page through the real views:
no server error, and every page that shows what was typed escapes it."""

import re

import pytest
from django import forms
from django.core import mail
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from nominations.forms.nomination import NominationForm
from nominations.models import Nomination, NomineeKind, Possessive
from nominations.services.endorsements import endorsement_request
from nominations.states import CycleState
from tests import factories
from tests.awards_site.fuzzing import (
    FUZZ,
    IMG,
    JS_URL,
    SCRIPT,
    SVG,
    assert_escaped,
    mangled,
    post_and_follow,
    storable,
    values,
)
from tests.core.pdf_samples import upload, valid_pdf

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
LINK = re.compile(r"https?://[^/\s]+(/endorse/[A-Za-z0-9_-]{43}/)")
TEXT_FIELDS = (
    "nominator_name",
    "nominator_title",
    "nominator_organization",
    "nominator_phone",
    "honorific",
    "full_name",
    "title",
    "affiliation",
    "citizenship",
    "legal_name",
    "certificate_name",
    "ein",
    "uei",
    "website",
    "city",
    "state_or_province",
    "country",
    "contact_name",
    "contact_email",
    "contact_phone",
    "performance_start",
    "performance_end",
    "summary",
    "justification",
    "suggested_citation",
    "excluded_reviewers",
)
CHOICE_FIELDS = ("kind", "possessive")
# Every tick box of the nomination form, read from the form so a new one is fuzzed too.
CHECKBOXES = tuple(
    name
    for name, field in NominationForm.base_fields.items()
    if isinstance(field, forms.BooleanField)
)


def url(name: str, nomination: Nomination) -> str:
    return reverse(f"nominations:{name}", args=[nomination.pk])


def form_data(nomination: Nomination, kind: str) -> dict:
    """What the nomination form posts for a complete draft of the given nominee kind."""
    data = {
        "expected_saved_at": nomination.saved_at.isoformat(),
        "kind": kind,
        "nominator_name": "Jordan Lee",
        "nominator_organization": "Department of Labor",
        "honorific": "Dr.",
        "full_name": "Ana Ruiz",
        "possessive": Possessive.HER,
        "legal_name": "Freedom Network, Inc.",
        "website": "https://freedom.example.org",
        "contact_email": "ana@example.org",
        "performance_start": "2022-01-01",
        "performance_end": "2022-12-31",
        "criterion_innovation": "on",
        "p_protection": "on",
        "summary": "Built a survivor-led referral network.",
        "justification": "Trained 1,200 first responders.",
        "suggested_citation": "for its innovative survivor-led referral network",
    }
    return data


def fresh_draft(client) -> Nomination:
    nomination = factories.NominationFactory()
    client.force_login(nomination.nominator)
    return nomination


# -- start --------------------------------------------------------------------------------


@FUZZ
@given(data=mangled({"cycle": "1"}))
@example(data={"cycle": SCRIPT})
@example(data={})
def test_fuzz_nomination_start(client, data):
    factories.CycleFactory(state=CycleState.OPEN)
    client.force_login(factories.nominator())

    post_and_follow(client, reverse("nominations:nomination_start"), data)


# -- the nomination form -----------------------------------------------------------------


@FUZZ
@given(
    kind=st.sampled_from([NomineeKind.ORGANIZATION, NomineeKind.INDIVIDUAL, "robot", ""]),
    data=st.data(),
    autosave=st.booleans(),
)
@example(kind=NomineeKind.INDIVIDUAL, data=None, autosave=False)
@example(kind=NomineeKind.ORGANIZATION, data=None, autosave=True)
def test_fuzz_nomination_form(client, kind, data, autosave):
    nomination = fresh_draft(client)
    fields = (*TEXT_FIELDS, *CHOICE_FIELDS, *CHECKBOXES)
    if data is None:  # every field carries a script payload
        sent = {
            name: f"{SCRIPT}{IMG}{JS_URL}" for name in TEXT_FIELDS if not name.startswith("perf")
        }
        sent |= {"kind": kind, "website": JS_URL, "expected_saved_at": ""}
    else:
        sent = data.draw(mangled(form_data(nomination, kind), fields))
    sent["expected_saved_at"] = nomination.saved_at.isoformat()

    post_and_follow(
        client,
        url("nomination_edit", nomination),
        sent,
        also=(url("nomination_edit", nomination), url("nomination_review", nomination)),
        **(HTMX if autosave else {}),
    )


@FUZZ
@given(data=mangled({"expected_saved_at": "", "review": "1", "summary": "Words."}))
@example(data={"expected_saved_at": "2024-13-45T99:99"})
@example(data={"expected_saved_at": "9" * 5000, "review": SCRIPT})
def test_fuzz_nomination_form_field_names(client, data):
    nomination = fresh_draft(client)

    post_and_follow(client, url("nomination_edit", nomination), data)


# -- review, submit, withdraw ------------------------------------------------------------------


@FUZZ
@given(text=values, extra=mangled({"confirm": "1"}))
@example(text=SCRIPT, extra={})
@example(text=IMG, extra={SVG: SCRIPT})
def test_fuzz_review_and_submit(client, text, extra):
    """A draft holding the fuzzed text in every free-text field is reviewed and submitted;
    the review, the confirmation (or the way back) and the read-only view escape it."""
    text = storable(text)
    nomination = factories.NominationFactory(
        summary=text, justification=text, suggested_citation=text, excluded_reviewers=text
    )
    nomination.nominee.legal_name = text[:300]
    nomination.nominee.save()
    client.force_login(nomination.nominator)

    assert_escaped(client.get(url("nomination_review", nomination)), [text])
    post_and_follow(
        client,
        url("nomination_submit", nomination),
        extra,
        also=(url("nomination_detail", nomination), reverse("nominations:my_nominations")),
    )


@FUZZ
@given(data=mangled({"reason": "Sent through my agency."}))
@example(data={"reason": SCRIPT})
@example(data={"reason": "x" * 100_000})
def test_fuzz_withdraw(client, data):
    nomination = fresh_draft(client)

    post_and_follow(
        client,
        url("nomination_withdraw", nomination),
        data,
        also=(url("nomination_detail", nomination),),
    )


# -- letters of support ---------------------------------------------------------------------


ENDORSEMENT = {"name": "Ana Ruiz", "email": "ana@partner.example.org", "relationship": "partner"}


@FUZZ
@given(data=mangled(ENDORSEMENT), htmx=st.booleans())
@example(data={"name": SCRIPT, "email": f"{IMG}@example.org", "relationship": SVG}, htmx=False)
@example(data={"name": IMG, "email": "a@example.org", "relationship": SCRIPT}, htmx=True)
def test_fuzz_endorsement_request(client, data, htmx):
    nomination = fresh_draft(client)

    post_and_follow(
        client,
        url("endorsement_request", nomination),
        data,
        also=(url("nomination_documents", nomination), url("nomination_review", nomination)),
        **(HTMX if htmx else {}),
    )


@FUZZ
@given(file_name=values, fields=mangled({"file": ""}), name=values)
@example(file_name=f"{SCRIPT}.pdf", fields={"file": ""}, name=SCRIPT)
@example(file_name="../../etc/passwd\x00.pdf", fields={}, name=IMG)
def test_fuzz_endorser_letter_page(
    client, django_capture_on_commit_callbacks, file_name, fields, name
):
    """The endorser's page shows the names the nominator typed, and takes the letter."""
    name = f"A {storable(name)}"  # the service refuses a blank name, not the point here
    nomination = factories.NominationFactory(nominator_name=name[:200])
    nomination.nominee.legal_name = name[:300]
    nomination.nominee.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        endorsement_request(
            nomination=nomination,
            actor=nomination.nominator,
            name=name[:200],
            email="ana@partner.example.org",
            relationship=name[:200],
        )
    path = LINK.search(mail.outbox[-1].body).group(1)
    assert_escaped(client.get(path), [name])
    data = dict(fields)
    if "file" in data:
        data["file"] = upload(valid_pdf(), file_name.replace("\x00", "")[:200] or "letter.pdf")

    with django_capture_on_commit_callbacks(execute=True):
        post_and_follow(client, path, data)
    assert_escaped(client.get(path), [name, file_name])
    client.force_login(nomination.nominator)
    assert_escaped(client.get(url("nomination_documents", nomination)), [name, file_name])
