"""The Atom feed of announcements: one entry per announced or archived cycle of the
featured program, newest first, dated by its announcement; nothing of a cycle before."""

import datetime as dt
import html
import xml.etree.ElementTree as ET
from unittest import mock

import pytest
from django.urls import reverse

from core.services.audit import audit_record
from nominations.models import Announcement, AwardProgram, Cycle
from nominations.states import CycleState
from tests import factories
from tests.nominations import recipients
from tests.selection import published_record as record

pytestmark = pytest.mark.django_db
FEED = reverse("selection:announcement_feed")
ATOM = "{http://www.w3.org/2005/Atom}"
PARAGRAPH_2022 = (
    f"During the meeting, I presented the 2022 {record.PROGRAM} to an organization and an "
    f"individual: {recipients.BLUE_DOT} {recipients.BLUE_DOT_SHORT}, and Ms. Ana Ruiz, "
    f"Director, Safe Harbor Alliance, {record.RUIZ_SHORT}. They inspire us all to take "
    "action to end trafficking in persons once and for all."
)


@pytest.fixture(autouse=True)
def site(settings):
    settings.AWARDS_SITE_URL = record.SITE + "/"


def feed(client) -> ET.Element:
    response = client.get(FEED)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    return ET.fromstring(response.content)


def text(element: ET.Element, tag: str) -> str:
    return element.find(f"{ATOM}{tag}").text


def entries(root: ET.Element) -> list[dict]:
    return [
        {
            "title": text(entry, "title"),
            "link": entry.find(f"{ATOM}link").attrib,
            "id": text(entry, "id"),
            "published": text(entry, "published"),
            "updated": text(entry, "updated"),
            "author": entry.find(f"{ATOM}author/{ATOM}name").text,
            "summary": (entry.find(f"{ATOM}summary").get("type"), text(entry, "summary")),
        }
        for entry in root.iter(f"{ATOM}entry")
    ]


def test_feed_has_one_entry_per_announcement_with_its_headline_moment_and_paragraph(client):
    record.published_world()

    root = feed(client)

    assert text(root, "title") == f"{record.PROGRAM}: announcements"
    assert text(root, "id") == f"{record.SITE}/announcements/feed.atom"
    assert [link.attrib for link in root.findall(f"{ATOM}link")] == [
        {"href": f"{record.SITE}/", "rel": "alternate"},
        {"href": f"{record.SITE}/announcements/feed.atom", "rel": "self"},
    ]
    assert text(root, "updated") == "2023-02-13T17:00:00+00:00"
    assert entries(root) == [
        {
            # Atom titles are text: "&" and "<" reach the reader as written.
            "title": record.HEADLINE,
            "link": {"href": f"{record.SITE}/announcements/2022/", "rel": "alternate"},
            "id": f"{record.SITE}/announcements/2022/",
            "published": "2023-02-13T17:00:00+00:00",
            "updated": "2023-02-13T17:00:00+00:00",
            "author": "Antony J. Blinken, Secretary of State",
            "summary": ("html", html.escape(PARAGRAPH_2022, quote=True)),
        }
    ]
    # Read as HTML, the summary is the paragraph itself.
    assert html.unescape(entries(root)[0]["summary"][1]) == PARAGRAPH_2022


def test_feed_lists_newest_year_first_and_titles_a_statement_without_headline(client):
    record.announced_2022()
    archived = factories.CycleFactory(
        program=recipients.program(), award_year=2025, state=CycleState.ARCHIVED
    )
    recipients.awarded_nomination(archived, "Restore NYC, Inc.", "for its shelters", sequence=1)
    Announcement.objects.create(cycle=archived, headline="")
    record.announce_event(archived, at=dt.datetime(2026, 2, 1, 15, 0, tzinfo=dt.UTC))

    found = entries(feed(client))

    assert [(entry["title"], entry["updated"]) for entry in found] == [
        (f"2025 {record.PROGRAM}", "2026-02-01T15:00:00+00:00"),
        (record.HEADLINE, "2023-02-13T17:00:00+00:00"),
    ]
    assert html.unescape(found[0]["summary"][1]) == (
        f"During the meeting, I presented the 2025 {record.PROGRAM} to Restore NYC, Inc., "
        "for its shelters. This organization inspires us all to take action to end "
        "trafficking in persons once and for all."
    )


def test_feed_entry_is_dated_by_the_announcement_not_a_later_move(client):
    """The archive move's event comes later; the entry keeps the announcement's moment."""
    cycle = record.announced_2022()
    Cycle.objects.filter(pk=cycle.pk).update(state=CycleState.ARCHIVED)
    archived_at = dt.datetime(2024, 1, 5, 12, 0, tzinfo=dt.UTC)
    with mock.patch("django.utils.timezone.now", return_value=archived_at):
        audit_record(
            action="cycle.archive",
            obj=cycle,
            from_state=CycleState.ANNOUNCED,
            to_state=CycleState.ARCHIVED,
        )

    assert entries(feed(client))[0]["published"] == "2023-02-13T17:00:00+00:00"


def test_feed_leaves_out_cycles_not_announced(client):
    record.published_world()

    root = feed(client)

    assert [entry["link"]["href"] for entry in entries(root)] == [
        f"{record.SITE}/announcements/2022/"
    ]
    body = ET.tostring(root, encoding="unicode")
    assert record.SECRET_NAME not in body
    assert record.SECRET_CITATION not in body


def test_feed_of_the_featured_program_only(client):
    record.announced_2022()
    other = factories.AwardProgramFactory(slug="other", reference_prefix="OA", name="Other")
    factories.CycleFactory(program=other, award_year=2021, state=CycleState.ANNOUNCED)

    assert len(entries(feed(client))) == 1


def test_feed_without_announcements_is_a_valid_empty_feed(client):
    recipients.open_cycle()

    root = feed(client)

    assert entries(root) == []
    assert text(root, "title") == f"{record.PROGRAM}: announcements"


def test_feed_without_a_program_is_404(client):
    assert not AwardProgram.objects.exists()

    assert client.get(FEED).status_code == 404


def test_feed_takes_no_post_and_any_site_may_read_it(client):
    record.announced_2022()

    assert client.post(FEED).status_code == 405
    assert client.get(FEED)["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("size", [1, 5])
def test_feed_query_count_does_not_grow(client, django_assert_num_queries, size):
    for offset in range(size):
        recipients.announced_cycle(2010 + offset, recipients=size)

    # program, cycles with program, announcement and announcement moment, awarded
    # nominations with nominees, their approved short citations
    with django_assert_num_queries(4):
        response = client.get(FEED)

    assert response.status_code == 200
    assert len(entries(ET.fromstring(response.content))) == size
