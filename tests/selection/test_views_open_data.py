"""The open data files: every published recipient as JSON and CSV, of all years and of
one, exactly as the record holds them; and the embargo on every open-data address until
the announcement, a scheduled one included."""

import csv
import datetime as dt
import io
import json
import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from nominations.models import AwardProgram, Cycle, NomineeKind, PastRecipient
from nominations.states import CycleState
from selection.services.announce_schedule import announce_due, announcement_schedule
from tests import factories
from tests.nominations import recipients
from tests.selection import published_record as record
from tests.selection.test_services_announce import announceable_cycle

pytestmark = pytest.mark.django_db
GENERATED_AT = dt.datetime(2025, 3, 1, 14, 30, 5, 123456, tzinfo=dt.UTC)
BLUE_DOT_FULL = f"{recipients.BLUE_DOT_SHORT}, in full"
ANNOUNCEMENT_2022 = f"{record.SITE}/announcements/2022/"
PROGRAM = {
    "name": record.PROGRAM,
    "short_name": "Presidential Award",
    "statute": "22 U.S.C. 7109b",
    "url": f"{record.SITE}/",
}
RECIPIENTS_2022 = [
    {
        "award_year": 2022,
        "program": record.PROGRAM,
        "name": recipients.BLUE_DOT,
        "kind": "organization",
        "affiliation": "",
        "location": "Baltimore, MD",
        "short_citation": recipients.BLUE_DOT_SHORT,
        "full_citation": BLUE_DOT_FULL,
        "announcement_url": ANNOUNCEMENT_2022,
    },
    {
        "award_year": 2022,
        "program": record.PROGRAM,
        "name": "Ms. Ana Ruiz",
        "kind": "individual",
        "affiliation": "Safe Harbor Alliance",
        "location": "Denver, CO",
        "short_citation": record.RUIZ_SHORT,
        "full_citation": record.RUIZ_FULL,
        "announcement_url": ANNOUNCEMENT_2022,
    },
]
RECIPIENTS_2019 = [
    {
        "award_year": 2019,
        "program": record.PROGRAM,
        "name": "Ms. Kendis Paris",
        "kind": "individual",
        "affiliation": "Truckers Against Trafficking",
        "location": "Englewood, CO",
        "short_citation": "for her leadership of Truckers Against Trafficking",
        "full_citation": "",
        "announcement_url": None,
    },
    {
        "award_year": 2019,
        "program": record.PROGRAM,
        "name": "Responsible Business Alliance",
        "kind": "organization",
        "affiliation": "",
        "location": "",
        "short_citation": "",
        "full_citation": "",
        "announcement_url": None,
    },
]
HEADER = [
    "award_year",
    "program",
    "name",
    "kind",
    "affiliation",
    "location",
    "short_citation",
    "full_citation",
    "announcement_url",
]


@pytest.fixture(autouse=True)
def site(settings):
    settings.AWARDS_SITE_URL = record.SITE + "/"


@pytest.fixture
def generated_at(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: GENERATED_AT)


def url(name: str, *args) -> str:
    return reverse(f"selection:{name}", args=args)


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8"), newline="")))


def csv_row(recipient: dict) -> list[str]:
    return ["" if recipient[name] is None else str(recipient[name]) for name in HEADER]


# -- JSON -------------------------------------------------------------------------------


def test_json_of_every_year_is_the_published_record_newest_year_first(client, generated_at):
    record.published_world()

    response = client.get(url("recipients_json"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Content-Disposition" not in response
    assert json.loads(response.content) == {
        "program": PROGRAM,
        "generated_at": "2025-03-01T14:30:05Z",
        "recipients": RECIPIENTS_2022 + RECIPIENTS_2019,
    }


def test_json_is_utf_8_as_written(client):
    record.published_world()

    body = client.get(url("recipients_json")).content.decode("utf-8")

    assert "Mercy Medical Center’s Blue Dot" in body
    assert "\\u2019" not in body


def test_json_of_one_year_lists_only_that_year(client, generated_at):
    record.published_world()

    announced = client.get(url("recipients_year_json", 2022))
    past = client.get(url("recipients_year_json", 2019))

    assert announced["Content-Type"] == "application/json"
    assert json.loads(announced.content) == {
        "program": PROGRAM,
        "generated_at": "2025-03-01T14:30:05Z",
        "recipients": RECIPIENTS_2022,
    }
    assert json.loads(past.content)["recipients"] == RECIPIENTS_2019


def test_json_without_recipients_yet_is_an_empty_list(client):
    recipients.open_cycle()

    response = client.get(url("recipients_json"))

    assert response.status_code == 200
    assert json.loads(response.content)["recipients"] == []


# -- CSV --------------------------------------------------------------------------------


def test_csv_of_every_year_has_the_same_rows_as_the_json(client):
    record.published_world()

    response = client.get(url("recipients_csv"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="recipients-pa.csv"'
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.content.decode("utf-8").startswith("award_year,program,name,")
    assert b"\r\n" in response.content
    assert csv_rows(response) == [
        HEADER,
        *[csv_row(recipient) for recipient in RECIPIENTS_2022 + RECIPIENTS_2019],
    ]


def test_csv_of_one_year(client):
    record.published_world()

    response = client.get(url("recipients_year_csv", 2019))

    assert response["Content-Disposition"] == 'attachment; filename="recipients-pa-2019.csv"'
    assert csv_rows(response) == [HEADER, *[csv_row(recipient) for recipient in RECIPIENTS_2019]]


def test_csv_cells_cannot_run_as_formulas_while_the_json_keeps_the_text(client):
    program = recipients.program()
    PastRecipient.objects.create(
        program=program,
        award_year=2015,
        kind=NomineeKind.ORGANIZATION,
        name='=HYPERLINK("https://evil.example","Click")',
        affiliation="@SUM(A1:A9)",
        location="+1 202 555 0100",
        short_citation="-2+3",
        full_citation="\tfor its work",
    )

    rows = csv_rows(client.get(url("recipients_year_csv", 2015)))
    document = json.loads(client.get(url("recipients_year_json", 2015)).content)

    assert rows[1][2:9] == [
        '\'=HYPERLINK("https://evil.example","Click")',
        "organization",
        "'@SUM(A1:A9)",
        "'+1 202 555 0100",
        "'-2+3",
        "'\tfor its work",
        "",
    ]
    assert document["recipients"][0]["name"] == '=HYPERLINK("https://evil.example","Click")'
    assert document["recipients"][0]["short_citation"] == "-2+3"


# -- what is left out -------------------------------------------------------------------


@pytest.mark.parametrize("name", ["recipients_year_json", "recipients_year_csv"])
@pytest.mark.parametrize("year", [2024, 2023, 1999])
def test_a_year_with_nothing_published_is_404(client, name, year):
    """2024: a cycle in selection with a selected nomination; 2023: an announced cycle
    that awarded nobody; 1999: no such year."""
    record.published_world()
    factories.CycleFactory(
        program=recipients.program(), award_year=2023, state=CycleState.ANNOUNCED
    )

    response = client.get(url(name, year))

    assert response.status_code == 404
    assert record.SECRET_NAME.encode() not in response.content


@pytest.mark.parametrize(
    "name,args",
    [("recipients_json", ()), ("recipients_csv", ()), ("recipients_year_json", (2022,))],
)
def test_without_a_program_the_files_are_404(client, name, args):
    assert not AwardProgram.objects.exists()

    assert client.get(url(name, *args)).status_code == 404


def test_unapproved_citation_versions_never_appear(client):
    record.published_world()

    body = client.get(url("recipients_json")).content.decode()
    table = client.get(url("recipients_csv")).content.decode()

    for text in (body, table):
        assert "for a correction not yet approved" not in text
        # Blue Dot's newest approved short citation, not its first version.
        assert "for an earlier draft" not in text
        assert record.RUIZ_FULL in text


def test_only_the_featured_programs_recipients(client):
    record.published_world()
    other = factories.AwardProgramFactory(slug="other", reference_prefix="OA", name="Other")
    PastRecipient.objects.create(
        program=other, award_year=2019, kind=NomineeKind.ORGANIZATION, name="Other Winner"
    )

    assert b"Other Winner" not in client.get(url("recipients_json")).content


@pytest.mark.parametrize(
    "name,args",
    [
        ("recipients_json", ()),
        ("recipients_csv", ()),
        ("recipients_year_json", (2022,)),
        ("recipients_year_csv", (2022,)),
    ],
)
def test_the_files_take_no_post(client, name, args):
    record.published_world()

    assert client.post(url(name, *args)).status_code == 405


# -- query counts -----------------------------------------------------------------------


def record_of_size(size: int) -> None:
    for offset in range(size):
        recipients.announced_cycle(2010 + offset, recipients=size)
        PastRecipient.objects.create(
            program=recipients.program(),
            award_year=1990 + offset,
            kind=NomineeKind.ORGANIZATION,
            name=f"Past {offset}",
            short_citation="for past work",
        )


@pytest.mark.parametrize("size", [1, 5])
@pytest.mark.parametrize(
    "name,args",
    [
        ("recipients_json", ()),
        ("recipients_csv", ()),
        ("recipients_year_json", (2010,)),
        ("recipients_year_csv", (2010,)),
    ],
)
def test_files_query_count_does_not_grow(client, django_assert_num_queries, size, name, args):
    record_of_size(size)

    # program, awarded nominations with cycle and nominee, their approved citations,
    # published years, past recipients
    with django_assert_num_queries(5):
        response = client.get(url(name, *args))

    assert response.status_code == 200


# -- the embargo, on every open-data address --------------------------------------------


def public_record(client, award_year: int) -> dict:
    """What the public can read of `award_year` at each open-data address."""
    feed = ET.fromstring(client.get(url("announcement_feed")).content)
    atom = "{http://www.w3.org/2005/Atom}"
    home = client.get(reverse("nominations:home")).content.decode()
    document = client.get(url("recipients_json")).content.decode()
    table = client.get(url("recipients_csv")).content.decode()
    return {
        "json": document,
        "csv": table,
        "years": (
            sorted({row["award_year"] for row in json.loads(document)["recipients"]}),
            sorted({int(row[0]) for row in list(csv.reader(io.StringIO(table)))[1:]}),
        ),
        "year_json": client.get(url("recipients_year_json", award_year)).status_code,
        "year_csv": client.get(url("recipients_year_csv", award_year)).status_code,
        "recipients_page": client.get(url("recipients_public", award_year)).status_code,
        "announcement": client.get(url("press_statement_public", award_year)).status_code,
        "feed_links": [
            entry.find(f"{atom}link").get("href") for entry in feed.iter(f"{atom}entry")
        ],
        "feed": ET.tostring(feed, encoding="unicode"),
        "home_links": re.findall(rf'href="(/(?:recipients|announcements)/{award_year}/)"', home),
    }


NAMES = ("Restore NYC, Inc.", "Coalition of Immokalee Workers, Inc.")
CITATIONS = ("survivor-led referral network",)


def test_embargo_a_scheduled_announcement_publishes_nothing_until_it_is_made(
    client, staff, media_root
):
    recipients.announced_cycle(2022)
    made = announceable_cycle(staff=staff)
    cycle = made["first"].cycle
    year = cycle.award_year
    announcement_schedule(cycle=cycle, actor=staff, at=timezone.now() + timedelta(hours=1))

    before = public_record(client, year)

    assert before["years"] == ([2022], [2022])
    for text in (*NAMES, *CITATIONS):
        for kind in ("json", "csv", "feed"):
            assert text not in before[kind], (kind, text)
    assert (
        before["year_json"],
        before["year_csv"],
        before["recipients_page"],
        before["announcement"],
    ) == (404, 404, 404, 404)
    assert before["feed_links"] == [ANNOUNCEMENT_2022]
    assert before["home_links"] == []

    Cycle.objects.filter(pk=cycle.pk).update(announce_at=timezone.now() - timedelta(seconds=1))
    announce_due()
    after = public_record(client, year)

    assert after["years"] == ([2022, year], [2022, year])
    document = json.loads(after["json"])
    assert [(row["award_year"], row["name"]) for row in document["recipients"]][:2] == [
        (year, name) for name in NAMES
    ]
    assert document["recipients"][0]["full_citation"] == (
        "for its innovative survivor-led referral network that reached 400 people"
    )
    for text in (*NAMES, *CITATIONS):
        assert text in after["csv"]
    assert (
        after["year_json"],
        after["year_csv"],
        after["recipients_page"],
        after["announcement"],
    ) == (200, 200, 200, 200)
    assert after["feed_links"] == [f"{record.SITE}/announcements/{year}/", ANNOUNCEMENT_2022]
    assert "survivor-led referral network" in after["feed"]
    assert after["home_links"] == [f"/recipients/{year}/", f"/announcements/{year}/"]


@pytest.mark.parametrize(
    "state", [CycleState.OPEN, CycleState.CLOSED, CycleState.REVIEW, CycleState.SELECTION]
)
def test_embargo_nothing_of_a_cycle_before_its_announcement(client, state):
    recipients.announced_cycle(2022)
    cycle = record.embargoed_cycle()
    Cycle.objects.filter(pk=cycle.pk).update(state=state)

    seen = public_record(client, 2024)

    assert seen["years"] == ([2022], [2022])
    for kind in ("json", "csv", "feed"):
        assert record.SECRET_NAME not in seen[kind]
        assert record.SECRET_CITATION not in seen[kind]
    assert (seen["year_json"], seen["year_csv"], seen["recipients_page"]) == (404, 404, 404)
    assert seen["feed_links"] == [ANNOUNCEMENT_2022]
