"""Comparing addresses: one mailbox, the domain an address says something by, and what
staff are told about an endorser's address."""

import pytest

from nominations.domain.emails import (
    SAME_ADDRESS,
    SAME_DOMAIN,
    email_domain,
    endorser_address_flag,
    mailbox,
    same_mailbox,
)


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("Nadia@Agency.gov", "nadia@agency.gov"),
        ("nadia+letters@agency.gov", "nadia@agency.gov"),
        ("Nadia.Okafor+x@gmail.com", "nadiaokafor@gmail.com"),
        ("nadia.okafor@googlemail.com", "nadiaokafor@gmail.com"),
        ("nadia.okafor@agency.gov", "nadia.okafor@agency.gov"),
        ("not an address", "not an address"),
    ],
)
def test_mailbox(address, expected):
    assert mailbox(address) == expected


def test_same_mailbox_needs_two_addresses():
    assert same_mailbox(" NADIA+x@agency.gov", "nadia@agency.gov")
    assert not same_mailbox("nadia@agency.gov", "nadia@other.gov")
    assert not same_mailbox("", "")


@pytest.mark.parametrize(
    ("address", "domain"),
    [
        ("ana@Partner.Example.", "partner.example"),
        ("ana@gmail.com", ""),
        ("ana@example.org", ""),
        ("no-at-sign", ""),
    ],
)
def test_email_domain_ignores_free_mail(address, domain):
    assert email_domain(address) == domain


@pytest.mark.parametrize(
    ("endorser", "nominator", "flag"),
    [
        ("nadia@labor.example.gov", "Nadia@labor.example.gov", SAME_ADDRESS),
        ("nadia+ref@labor.example.gov", "nadia@labor.example.gov", SAME_ADDRESS),
        ("n.adia@gmail.com", "nadia@gmail.com", SAME_ADDRESS),
        ("boss@labor.example.gov", "nadia@labor.example.gov", SAME_DOMAIN),
        ("friend@gmail.com", "nadia@gmail.com", ""),
        ("boss@hq.labor.example.gov", "nadia@labor.example.gov", ""),
        ("ana@partner.example", "nadia@labor.example.gov", ""),
    ],
)
def test_endorser_address_flag(endorser, nominator, flag):
    assert endorser_address_flag(endorser, nominator) == flag
