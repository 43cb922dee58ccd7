"""The one rule of what a blind panel sees: who sees blind, the generated file labels,
and when the nominee's contact is the nominator."""

import pytest

from nominations.models import Attachment, EndorsementRequest
from reviews.models import Panel
from reviews.selectors.blind import (
    attachment_label,
    hidden_summary_rows,
    letter_label,
    nominee_contact_is_nominator,
    sees_blind,
)
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("blind_review", "make_user", "expected"),
    [
        (True, factories.panelist, True),
        (True, factories.award_staff, False),
        (False, factories.panelist, False),
        (False, factories.award_staff, False),
    ],
)
def test_sees_blind_only_panel_members_of_a_blind_panel(blind_review, make_user, expected):
    panel = Panel(blind_review=blind_review)

    assert sees_blind(make_user(), panel) is expected


def test_sees_blind_without_a_panel_is_false():
    assert sees_blind(factories.panelist(), None) is False


def test_labels_are_generated_for_a_blind_viewer_only():
    attachment = Attachment(original_name="Nomination by Q - Acme.pdf")
    attachment.position = 2
    letter = EndorsementRequest(name="Edna Endorser")
    letter.position = 3

    assert attachment_label(attachment, blind=True) == "Attachment 2"
    assert attachment_label(attachment, blind=False) == "Nomination by Q - Acme.pdf"
    assert letter_label(letter, blind=True) == "Letter 3"
    assert letter_label(letter, blind=False) == "Letter from Edna Endorser"


@pytest.mark.parametrize(
    ("contact_name", "contact_email", "expected"),
    [
        ("Someone Else", "Nominator@Example.org ", True),
        ("Jórdan  LEE.", "other@example.org", True),
        ("Someone Else", "other@example.org", False),
        ("", "", False),
        # The same mailbox or full name however written (found by review).
        ("Someone Else", "nominator+award@example.org", True),
        ("Dr. Jordan Lee", "other@example.org", True),
        ("Lee, Jordan", "other@example.org", True),
        ("Jordan", "other@example.org", False),
    ],
)
def test_nominee_contact_is_nominator_by_email_or_name(contact_name, contact_email, expected):
    nomination = factories.nomination_in("in_review", nominator_name="Jordan Lee")
    nomination.nominator.email = "nominator@example.org"
    nomination.nominee.contact_name = contact_name
    nomination.nominee.contact_email = contact_email

    assert nominee_contact_is_nominator(nomination) is expected
    assert hidden_summary_rows(nomination, blind=False) == frozenset()
    assert bool(hidden_summary_rows(nomination, blind=True)) is expected


def test_empty_names_never_match():
    nomination = factories.nomination_in("in_review", nominator_name="")
    nomination.nominee.contact_name = ""
    nomination.nominee.contact_email = "contact@nominee.example.org"

    assert nominee_contact_is_nominator(nomination) is False
