"""A year's public recipients page: the recipients with their citations, the links to the
year's data and announcement, and its schema.org description; a 404 before the
announcement."""

import html
import json
import re

import pytest
from django.urls import reverse

from nominations.models import NomineeKind, PastRecipient
from nominations.states import CycleState
from tests import factories
from tests.nominations import recipients
from tests.selection import published_record as record

pytestmark = pytest.mark.django_db
LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
AWARD_2022 = f"2022 {record.PROGRAM}"


@pytest.fixture(autouse=True)
def site(settings):
    settings.AWARDS_SITE_URL = record.SITE + "/"


def page_url(year: int) -> str:
    return reverse("selection:recipients_public", args=[year])


def text(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", response.content.decode()))


def structured_data(response) -> list[dict]:
    return [json.loads(found) for found in LD_JSON.findall(response.content.decode())]


def test_recipients_page_lists_each_recipient_with_both_citations(client):
    record.published_world()

    response = client.get(page_url(2022))

    body = text(response)
    assert response.status_code == 200
    assert "<title>2022 Presidential Award: recipients | " in body
    assert f"<h1>The 2022 recipients of the {record.PROGRAM}</h1>" in body
    assert (
        f'<h2 id="recipient-1">{recipients.BLUE_DOT}</h2> '
        '<p class="site-recipient__detail">Baltimore, MD</p>'
    ) in body
    assert f"<dt>Citation</dt><dd>{recipients.BLUE_DOT_SHORT}, in full</dd>" in body
    assert (f"<dt>Short citation, as announced</dt><dd>{recipients.BLUE_DOT_SHORT}</dd>") in body
    assert (
        '<h2 id="recipient-2">Ms. Ana Ruiz</h2> '
        '<p class="site-recipient__detail">Safe Harbor Alliance; Denver, CO</p>'
    ) in body
    assert f"<dt>Citation</dt><dd>{record.RUIZ_FULL}</dd>" in body
    assert "for a correction not yet approved" not in body
    assert "for an earlier draft" not in body
    assert "Imported duplicate of 2022" not in body


def test_recipients_page_links_the_announcement_the_data_and_the_feed(client):
    record.published_world()

    body = client.get(page_url(2022)).content.decode()

    for href in (
        "/announcements/2022/",
        "/data/recipients/2022.json",
        "/data/recipients/2022.csv",
        "/data/recipients.json",
        "/data/recipients.csv",
        "/announcements/feed.atom",
    ):
        assert f'href="{href}"' in body, href
    assert (
        '<link rel="alternate" type="application/atom+xml" '
        f'title="{record.PROGRAM}: announcements" href="/announcements/feed.atom">'
    ) in body
    assert (
        '<link rel="alternate" type="application/json" title="The 2022 recipients (JSON)" '
        'href="/data/recipients/2022.json">'
    ) in body


def test_recipients_page_of_a_year_from_the_public_record_has_no_announcement(client):
    record.published_world()

    response = client.get(page_url(2019))

    body = text(response)
    assert response.status_code == 200
    assert "Ms. Kendis Paris" in body
    assert "<dt>Short citation, as announced</dt><dd>for her leadership of" in body
    assert "<dt>Citation</dt>" not in body
    # Responsible Business Alliance: no detail and no citation in the record.
    assert '<h2 id="recipient-2">Responsible Business Alliance</h2> </section>' in body
    assert 'href="/announcements/2019/"' not in body


def test_recipients_page_structured_data_names_the_recipients_and_their_awards(client):
    record.published_world()

    (data,) = structured_data(client.get(page_url(2022)))

    assert data == {
        "@context": "https://schema.org",
        "@type": "ItemList",
        "name": f"{AWARD_2022}: recipients",
        "url": f"{record.SITE}/recipients/2022/",
        "numberOfItems": 2,
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": 1,
                "item": {
                    "@type": "Organization",
                    "name": recipients.BLUE_DOT,
                    "location": {"@type": "Place", "name": "Baltimore, MD"},
                    "award": AWARD_2022,
                    "description": f"{recipients.BLUE_DOT_SHORT}, in full",
                },
            },
            {
                "@type": "ListItem",
                "position": 2,
                "item": {
                    "@type": "Person",
                    "name": "Ms. Ana Ruiz",
                    "affiliation": {"@type": "Organization", "name": "Safe Harbor Alliance"},
                    "award": AWARD_2022,
                    "description": record.RUIZ_FULL,
                },
            },
        ],
    }


def test_recipients_page_structured_data_cannot_break_out_of_its_script(client):
    PastRecipient.objects.create(
        program=recipients.program(),
        award_year=2017,
        kind=NomineeKind.ORGANIZATION,
        name="</script><script>alert(1)</script> & <!-- Friends",
        short_citation="for its work",
    )

    response = client.get(page_url(2017))

    body = response.content.decode()
    (raw,) = LD_JSON.findall(body)
    assert "<" not in raw and ">" not in raw and "&" not in raw
    assert "\\u003C/script\\u003E\\u003Cscript\\u003Ealert(1)" in raw
    assert structured_data(response)[0]["itemListElement"][0]["item"]["name"] == (
        "</script><script>alert(1)</script> & <!-- Friends"
    )
    assert "<script>alert(1)" not in body


@pytest.mark.parametrize("year", [2024, 2023, 1999])
def test_recipients_page_of_a_year_with_nothing_published_is_404(client, year):
    """2024: a cycle in selection with a selected nomination, its citations approved;
    2023: announced, nobody awarded; 1999: no such year."""
    record.published_world()
    factories.CycleFactory(
        program=recipients.program(), award_year=2023, state=CycleState.ANNOUNCED
    )

    response = client.get(page_url(year))

    assert response.status_code == 404
    assert record.SECRET_NAME not in text(response)


def test_recipients_page_without_a_program_is_404(client):
    assert client.get(page_url(2022)).status_code == 404


@pytest.mark.parametrize("size", [1, 5])
def test_recipients_page_query_count_does_not_grow(client, django_assert_num_queries, size):
    recipients.announced_cycle(2022, recipients=size)

    # program, awarded nominations with cycle and nominee, their approved citations,
    # published years, past recipients
    with django_assert_num_queries(5):
        response = client.get(page_url(2022))

    assert response.status_code == 200
    assert len(structured_data(response)[0]["itemListElement"]) == size
