"""The pure conflict suggester, on hand-made panels."""

import pytest

from reviews.domain.conflict_suggestions import (
    FREE_MAIL_DOMAINS,
    NominationFacts,
    PanelistFacts,
    Suggestion,
    email_domain,
    normalized_organization,
    suggest_conflicts,
    website_domain,
)


def suggest(panelists, nominations):
    return suggest_conflicts(panelists=panelists, nominations=nominations)


def test_suggest_same_email_domain_as_nominee_contact_website_and_nominator():
    panelist = PanelistFacts(id=7, email="Rita.Moss@Harbor.org", full_name="Rita Moss")
    nominations = [
        NominationFacts(id=1, nominee_contact_email="info@harbor.org"),
        NominationFacts(id=2, nominee_website="https://www.harbor.org/about"),
        NominationFacts(id=3, nominator_email="lee@HARBOR.ORG"),
        NominationFacts(id=4, nominee_contact_email="a@other.org", nominee_website="harbor.org"),
        NominationFacts(id=5, nominee_contact_email="a@sub.harbor.org"),
    ]

    assert suggest([panelist], nominations) == [
        Suggestion(1, 7, "Their email domain harbor.org is that of the nominee contact's email."),
        Suggestion(2, 7, "Their email domain harbor.org is that of the nominee's website."),
        Suggestion(3, 7, "Their email domain harbor.org is that of the nominator's email."),
        Suggestion(4, 7, "Their email domain harbor.org is that of the nominee's website."),
    ]


@pytest.mark.parametrize("domain", ["gmail.com", "yahoo.com", "outlook.com", "proton.me"])
def test_suggest_free_mail_domains_never_match(domain):
    panelist = PanelistFacts(id=1, email=f"someone@{domain}", full_name="Pat Doe")
    nomination = NominationFacts(
        id=1,
        nominee_contact_email=f"contact@{domain}",
        nominee_website=f"https://{domain}/",
        nominator_email=f"nominator@{domain.upper()}",
    )

    assert suggest([panelist], [nomination]) == []


def test_free_mail_domains_include_the_common_providers():
    assert {
        "gmail.com",
        "yahoo.com",
        "outlook.com",
        "hotmail.com",
        "icloud.com",
        "aol.com",
        "proton.me",
    } <= FREE_MAIL_DOMAINS


def test_suggest_same_organization_after_normalizing_case_punctuation_and_suffixes():
    panelist = PanelistFacts(id=3, email="x@a.example", organization="The Freedom Network, Inc.")
    nominations = [
        NominationFacts(id=1, nominee_name="FREEDOM NETWORK LLC"),
        NominationFacts(id=2, nominee_affiliation="Freedom Network"),
        NominationFacts(id=3, nominator_organization="freedom network, l.l.c."),
        NominationFacts(id=4, nominee_name="Freedom Network Fund"),
    ]

    assert suggest([panelist], nominations) == [
        Suggestion(1, 3, "Their organization (The Freedom Network, Inc.) is the nominee."),
        Suggestion(
            2, 3, "Their organization (The Freedom Network, Inc.) is the nominee's affiliation."
        ),
        Suggestion(
            3, 3, "Their organization (The Freedom Network, Inc.) is the nominator's organization."
        ),
    ]


def test_suggest_no_organization_match_when_panelist_has_none():
    panelist = PanelistFacts(id=1, email="x@a.example", organization="")
    nomination = NominationFacts(id=1, nominee_name="", nominator_organization="")

    assert suggest([panelist], [nomination]) == []


@pytest.mark.parametrize(
    "excluded",
    [
        "Please not Dr. Maria Núñez-Ortega.",
        "NUNEZ ORTEGA, MARIA; John Roe",
        "maria nunez ortega\nsomeone else",
    ],
)
def test_suggest_panelist_named_on_the_do_not_review_list(excluded):
    panelist = PanelistFacts(id=9, email="m@uni.example", full_name="Maria Núñez Ortega")
    nomination = NominationFacts(id=4, excluded_reviewers=excluded)

    assert suggest([panelist], [nomination]) == [
        Suggestion(4, 9, "The nominator's “do not review” list mentions their name.")
    ]


def test_suggest_panelist_email_on_the_do_not_review_list():
    panelist = PanelistFacts(id=2, email="J.Smith@agency.gov", full_name="J")
    nomination = NominationFacts(id=1, excluded_reviewers="Avoid j.smith@agency.gov please")

    assert suggest([panelist], [nomination]) == [
        Suggestion(1, 2, "The nominator's “do not review” list mentions their email.")
    ]


@pytest.mark.parametrize(
    "excluded",
    [
        "Maria",  # a first name alone
        "Mariana Nunez Ortegas",  # other words that contain the name
        "xj.smith@agency.gov",  # another address ending like theirs
        "",
    ],
)
def test_suggest_no_false_positive_on_partial_names_or_emails(excluded):
    panelists = [
        PanelistFacts(id=1, email="j.smith@agency.gov", full_name="Maria"),
        PanelistFacts(id=2, email="m@uni.example", full_name="Maria Nunez Ortega"),
    ]
    nomination = NominationFacts(id=1, excluded_reviewers=excluded)

    assert suggest(panelists, [nomination]) == []


def test_suggest_organization_on_the_do_not_review_list():
    panelist = PanelistFacts(id=1, email="a@b.example", organization="Acme Corp.")
    nomination = NominationFacts(id=5, excluded_reviewers="Nobody from ACME, please.")

    assert suggest([panelist], [nomination]) == [
        Suggestion(5, 1, "The nominator's “do not review” list mentions their organization.")
    ]


def test_suggest_several_matches_give_one_suggestion_with_every_reason_sorted_by_ids():
    panelists = [
        PanelistFacts(id=20, email="b@harbor.org", full_name="Ben Ode"),
        PanelistFacts(id=10, email="a@elsewhere.org", full_name="Ann Lee"),
    ]
    nominations = [
        NominationFacts(id=2, nominee_contact_email="x@elsewhere.org"),
        NominationFacts(
            id=1,
            nominee_contact_email="c@harbor.org",
            nominator_email="n@harbor.org",
            excluded_reviewers="Ben Ode",
        ),
    ]

    assert suggest(panelists, nominations) == [
        Suggestion(
            1,
            20,
            "Their email domain harbor.org is that of the nominee contact's email and the "
            "nominator's email. The nominator's “do not review” list mentions their name.",
        ),
        Suggestion(
            2, 10, "Their email domain elsewhere.org is that of the nominee contact's email."
        ),
    ]


@pytest.mark.parametrize(
    ("email", "domain"),
    [
        ("A@Uni.EXAMPLE", "uni.example"),
        ("no-at-sign", ""),
        ("x@gmail.com", ""),
        ("x@example.org", ""),
        ("", ""),
    ],
)
def test_email_domain(email, domain):
    assert email_domain(email) == domain


@pytest.mark.parametrize(
    ("url", "domain"),
    [
        ("https://www.Harbor.org/path?q=1", "harbor.org"),
        ("harbor.org", "harbor.org"),
        ("http://sub.harbor.org:8080", "sub.harbor.org"),
        ("", ""),
    ],
)
def test_website_domain(url, domain):
    assert website_domain(url) == domain


@pytest.mark.parametrize(
    ("name", "normalized"),
    [
        ("Acme, Inc.", "acme"),
        ("The ACME LLC", "acme"),
        ("Smith & Sons Co.", "smith and sons"),
        ("Inc.", "inc"),
        ("", ""),
    ],
)
def test_normalized_organization(name, normalized):
    assert normalized_organization(name) == normalized
