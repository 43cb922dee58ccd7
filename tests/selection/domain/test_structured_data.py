"""schema.org JSON-LD of the announcement and of a year's recipients."""

import datetime as dt

from selection.domain.structured_data import (
    Honoree,
    announcement_json_ld,
    honoree_json_ld,
    recipients_json_ld,
)

AWARD = "2022 Presidential Award"
ACME = Honoree(
    kind="organization", name="Acme, Inc.", citation="for its work", location="Baltimore, MD"
)
RUIZ = Honoree(
    kind="individual",
    name="Ms. Ana Ruiz",
    citation="for her work",
    job_title="Director",
    affiliation="Safe Harbor Alliance",
    location="Denver, CO",
)


def test_an_organization_with_its_location_award_and_citation():
    assert honoree_json_ld(ACME, award=AWARD) == {
        "@type": "Organization",
        "name": "Acme, Inc.",
        "location": {"@type": "Place", "name": "Baltimore, MD"},
        "award": AWARD,
        "description": "for its work",
    }


def test_a_person_with_title_and_affiliation():
    assert honoree_json_ld(RUIZ, award=AWARD) == {
        "@type": "Person",
        "name": "Ms. Ana Ruiz",
        "jobTitle": "Director",
        "affiliation": {"@type": "Organization", "name": "Safe Harbor Alliance"},
        "award": AWARD,
        "description": "for her work",
    }


def test_what_is_not_known_is_left_out():
    assert honoree_json_ld(Honoree(kind="individual", name="Jo Doe"), award=AWARD) == {
        "@type": "Person",
        "name": "Jo Doe",
        "award": AWARD,
    }
    assert honoree_json_ld(Honoree(kind="organization", name="Beta"), award=AWARD) == {
        "@type": "Organization",
        "name": "Beta",
        "award": AWARD,
    }


def test_announcement_is_a_news_article_about_its_recipients():
    data = announcement_json_ld(
        headline="Meeting of the Task Force",
        url="https://a.gov/announcements/2022/",
        published=dt.datetime(2023, 2, 13, 17, 0, 0, 5, tzinfo=dt.UTC),
        summary="During the meeting, I presented …",
        award=AWARD,
        honorees=[ACME, RUIZ],
        publisher_name="Award Nominations",
        publisher_url="https://a.gov/",
        author_name="Antony J. Blinken",
        author_title="Secretary of State",
    )

    assert data == {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "Meeting of the Task Force",
        "url": "https://a.gov/announcements/2022/",
        "datePublished": "2023-02-13T17:00:00Z",
        "publisher": {
            "@type": "GovernmentOrganization",
            "name": "Award Nominations",
            "url": "https://a.gov/",
        },
        "description": "During the meeting, I presented …",
        "author": {
            "@type": "Person",
            "name": "Antony J. Blinken",
            "jobTitle": "Secretary of State",
        },
        "about": [honoree_json_ld(ACME, award=AWARD), honoree_json_ld(RUIZ, award=AWARD)],
    }


def test_announcement_without_signatory_or_paragraph_names_neither():
    data = announcement_json_ld(
        headline="2022 Presidential Award",
        url="https://a.gov/announcements/2022/",
        published=dt.datetime(2023, 2, 13, 17, 0, tzinfo=dt.UTC),
        summary="",
        award=AWARD,
        honorees=[],
        publisher_name="Award Nominations",
        publisher_url="https://a.gov/",
    )

    assert "author" not in data
    assert "description" not in data
    assert data["about"] == []


def test_announcement_author_without_title():
    data = announcement_json_ld(
        headline="h",
        url="u",
        published=dt.datetime(2023, 2, 13, tzinfo=dt.UTC),
        summary="s",
        award=AWARD,
        honorees=[],
        publisher_name="p",
        publisher_url="q",
        author_name="Antony J. Blinken",
    )

    assert data["author"] == {"@type": "Person", "name": "Antony J. Blinken"}


def test_recipients_are_an_item_list_in_order():
    assert recipients_json_ld(
        name="2022 Presidential Award: recipients",
        url="https://a.gov/recipients/2022/",
        award=AWARD,
        honorees=[ACME, RUIZ],
    ) == {
        "@context": "https://schema.org",
        "@type": "ItemList",
        "name": "2022 Presidential Award: recipients",
        "url": "https://a.gov/recipients/2022/",
        "numberOfItems": 2,
        "itemListElement": [
            {"@type": "ListItem", "position": 1, "item": honoree_json_ld(ACME, award=AWARD)},
            {"@type": "ListItem", "position": 2, "item": honoree_json_ld(RUIZ, award=AWARD)},
        ],
    }
