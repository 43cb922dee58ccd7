"""The retention schedule's arithmetic, without the database (docs/records.md,
"Retention and disposal").

Each record series is kept a number of years from a moment that ends its business use,
then disposed of; a series without a number is kept permanently. The day a record is
due is the anniversary of that moment's day, so a record from February 29 is due on
February 28 of a year without one.
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Series(StrEnum):
    """The record series the schedule covers, and from when each is counted."""

    DRAFTS = "drafts"  # nominations never submitted: from the cycle's deadline
    NOT_AWARDED = "not_awarded"  # submitted, not awarded: from the announcement
    EMAILS = "emails"  # outbox messages: from their sending (or storing)
    PACKAGES = "packages"  # records packages' files: from their building


SERIES_LABELS = {
    Series.DRAFTS: "Drafts never submitted, counted from the cycle's deadline",
    Series.NOT_AWARDED: (
        "Nominations not awarded (withdrawn, not eligible, not advanced, not selected), "
        "counted from the cycle's announcement"
    ),
    Series.EMAILS: "Emails in the outbox, counted from their sending",
    Series.PACKAGES: "Records packages' files, counted from their building",
}


def due_on(start: date, years: int) -> date:
    """The day a record counted from `start` is due, `years` later."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:  # February 29 in a year without one.
        return start.replace(year=start.year + years, day=28)


@dataclass(frozen=True)
class Disposal:
    """One record due for disposal: its series, what it is (for the listing), the
    object's model label and id, and the day it is due."""

    series: Series
    label: str
    model: str
    pk: int
    due: date
