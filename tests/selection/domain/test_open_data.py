"""The open data's shape: the JSON document and the CSV file from recipient records."""

import datetime as dt
import zoneinfo

from selection.domain.open_data import (
    FIELDS,
    ProgramRecord,
    RecipientRecord,
    recipients_csv,
    recipients_document,
    utc_timestamp,
)

PROGRAM = ProgramRecord(
    name="Presidential Award", short_name="Award", statute="22 U.S.C. 7109b", url="https://a.gov/"
)
ACME = RecipientRecord(
    award_year=2022,
    program="Presidential Award",
    name="Acme, Inc.",
    kind="organization",
    affiliation="",
    location="Baltimore, MD",
    short_citation="for its work",
    full_citation="for its work, in full",
    announcement_url="https://a.gov/announcements/2022/",
)
PARIS = RecipientRecord(
    award_year=2019,
    program="Presidential Award",
    name="Ms. Kendis Paris",
    kind="individual",
    affiliation="Truckers Against Trafficking",
    location="Englewood, CO",
    short_citation="=for her leadership",
    full_citation="",
    announcement_url="",
)


def test_utc_timestamp_is_utc_to_the_second():
    eastern = dt.datetime(
        2023, 2, 13, 12, 0, 30, 999999, tzinfo=zoneinfo.ZoneInfo("America/New_York")
    )

    assert utc_timestamp(eastern) == "2023-02-13T17:00:30Z"


def test_recipients_document_lists_every_field_with_null_for_no_announcement():
    document = recipients_document(
        program=PROGRAM,
        records=[ACME, PARIS],
        generated_at=dt.datetime(2025, 1, 2, 3, 4, 5, tzinfo=dt.UTC),
    )

    assert document == {
        "program": {
            "name": "Presidential Award",
            "short_name": "Award",
            "statute": "22 U.S.C. 7109b",
            "url": "https://a.gov/",
        },
        "generated_at": "2025-01-02T03:04:05Z",
        "recipients": [
            {
                "award_year": 2022,
                "program": "Presidential Award",
                "name": "Acme, Inc.",
                "kind": "organization",
                "affiliation": "",
                "location": "Baltimore, MD",
                "short_citation": "for its work",
                "full_citation": "for its work, in full",
                "announcement_url": "https://a.gov/announcements/2022/",
            },
            {
                "award_year": 2019,
                "program": "Presidential Award",
                "name": "Ms. Kendis Paris",
                "kind": "individual",
                "affiliation": "Truckers Against Trafficking",
                "location": "Englewood, CO",
                # The JSON keeps the text as published; only the CSV guards spreadsheets.
                "short_citation": "=for her leadership",
                "full_citation": "",
                "announcement_url": None,
            },
        ],
    }
    assert list(document["recipients"][0]) == list(FIELDS)


def test_recipients_csv_is_the_header_and_one_neutralized_row_per_recipient():
    assert recipients_csv([ACME, PARIS]) == (
        "award_year,program,name,kind,affiliation,location,short_citation,full_citation,"
        "announcement_url\r\n"
        '2022,Presidential Award,"Acme, Inc.",organization,,"Baltimore, MD",for its work,'
        '"for its work, in full",https://a.gov/announcements/2022/\r\n'
        "2019,Presidential Award,Ms. Kendis Paris,individual,Truckers Against Trafficking,"
        '"Englewood, CO",\'=for her leadership,,\r\n'
    )


def test_recipients_csv_of_nobody_is_the_header():
    assert recipients_csv([]) == ",".join(FIELDS) + "\r\n"
