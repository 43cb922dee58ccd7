"""The party rule on hand-made people and nominations (no database)."""

import pytest

from nominations.domain.parties import (
    ENDORSER,
    NOMINATOR,
    NOMINEE,
    NOMINEE_CONTACT,
    NominationSides,
    Person,
    individual_name,
    mailboxes,
    party_pairs,
    party_reasons,
)

NOMINATION = NominationSides(
    id=10,
    nominator_id=1,
    contact_email="Director@Shelter.example",
    endorser_emails=mailboxes(["pat@gmail.com"]),
)


def person(id_=2, emails=("someone@else.example",), full_name="Rita Moss") -> Person:
    return Person(id=id_, emails=mailboxes(emails), full_name=full_name)


def test_party_reasons_none_for_a_stranger():
    assert party_reasons(person(), NOMINATION) == []


def test_party_reasons_nominator_account():
    assert party_reasons(person(id_=1), NOMINATION) == [NOMINATOR]


@pytest.mark.parametrize("email", ["director@shelter.example", " DIRECTOR@SHELTER.EXAMPLE "])
def test_party_reasons_nominee_contact_whatever_the_case(email):
    assert party_reasons(person(emails=("x@y.example", email)), NOMINATION) == [NOMINEE_CONTACT]


def test_party_reasons_endorser_even_on_a_free_mail_address():
    assert party_reasons(person(emails=("Pat@Gmail.com",)), NOMINATION) == [ENDORSER]


@pytest.mark.parametrize(
    "full_name", ["Elena Ortiz", "Dr. Elena Ortiz", "ortiz, elena", "Élena  ORTIZ"]
)
def test_party_reasons_individual_nominee_by_full_name(full_name):
    nomination = NominationSides(id=11, nominator_id=1, individual_name="Elena Ortiz")

    assert party_reasons(person(full_name=full_name), nomination) == [NOMINEE]


@pytest.mark.parametrize("full_name", ["Elena", "Elena Ortiz Vega", "Elena Ortis", ""])
def test_party_reasons_individual_nominee_needs_the_whole_name(full_name):
    nomination = NominationSides(id=11, nominator_id=1, individual_name="Elena Ortiz")

    assert party_reasons(person(full_name=full_name), nomination) == []


def test_party_reasons_an_organizations_name_is_no_person():
    nomination = NominationSides(id=11, nominator_id=1, individual_name="")

    assert party_reasons(person(full_name="Elena Ortiz"), nomination) == []


def test_individual_name_is_a_persons_full_name_and_no_organizations():
    assert individual_name(is_individual=True, full_name="Elena Ortiz") == "Elena Ortiz"
    # An organization's record may keep the name typed while it was a person.
    assert individual_name(is_individual=False, full_name="Elena Ortiz") == ""


def test_party_reasons_lists_every_reason():
    everything = person(id_=1, emails=("director@shelter.example", "pat@gmail.com"))

    assert party_reasons(everything, NOMINATION) == [NOMINATOR, NOMINEE_CONTACT, ENDORSER]


def test_party_pairs_keys_people_and_nominations():
    other = NominationSides(id=12, nominator_id=2)

    assert party_pairs([person(id_=1), person(id_=2)], [NOMINATION, other]) == {
        (1, 10): [NOMINATOR],
        (2, 12): [NOMINATOR],
    }


@pytest.mark.parametrize(
    "address",
    [
        "pat.shah+letters@gmail.com",
        "patshah@gmail.com",
        "Pat.Shah@googlemail.com",
        "pat@gmail.com.",
    ],
)
def test_party_reasons_compares_mailboxes_not_spellings(address):
    nomination = NominationSides(id=13, nominator_id=1, endorser_emails=mailboxes([address]))
    panelist = person(emails=("pat.shah@gmail.com", "pat@gmail.com"))

    assert party_reasons(panelist, nomination) == [ENDORSER]
