"""The open data's shape (docs/workflow.md, "Open data"): one record per published
recipient, the JSON document that lists them and the CSV file. Pure: no database.

The JSON and the CSV carry the same fields in the same order (`FIELDS`); the CSV's
cells go through `core.csv_export`, so no cell can run as a spreadsheet formula, while
the JSON keeps every text exactly as published.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from core.csv_export import render_csv

FIELDS = (
    "award_year",
    "program",
    "name",
    "kind",
    "affiliation",
    "location",
    "short_citation",
    "full_citation",
    "announcement_url",
)


@dataclass(frozen=True)
class RecipientRecord:
    """One recipient as the data files publish it. Text absent from the record is ""."""

    award_year: int
    program: str
    name: str
    kind: str  # "organization" or "individual"
    affiliation: str
    location: str
    short_citation: str
    full_citation: str
    announcement_url: str  # "" for a year that ran before this system


@dataclass(frozen=True)
class ProgramRecord:
    """The program the data describes: the JSON document's "program"."""

    name: str
    short_name: str
    statute: str
    url: str


def utc_timestamp(moment: dt.datetime) -> str:
    """An aware moment in ISO 8601, UTC, to the second: "2023-02-13T17:00:00Z"."""
    return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def recipients_document(
    *, program: ProgramRecord, records: Iterable[RecipientRecord], generated_at: dt.datetime
) -> dict:
    """The JSON document: the program, when it was generated and the recipients, newest
    year first. A missing announcement address is null, every other missing text ""."""
    return {
        "program": asdict(program),
        "generated_at": utc_timestamp(generated_at),
        "recipients": [
            {**asdict(record), "announcement_url": record.announcement_url or None}
            for record in records
        ],
    }


def recipients_csv(records: Iterable[RecipientRecord]) -> str:
    """The CSV file: a header row of `FIELDS`, then one row per recipient, every cell
    neutralized (`core.csv_export.render_csv`)."""
    return render_csv(FIELDS, ([getattr(record, name) for name in FIELDS] for record in records))
