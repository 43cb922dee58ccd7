"""CSV exports that a spreadsheet cannot run as formulas. Pure functions, no database.

A cell a spreadsheet might read as a formula (or as the start of one after it strips a
leading tab or carriage return) gets a single quote in front, so it is shown as text.
The full-width forms count too: some spreadsheets fold them to their ASCII twins.
"""

import csv
import io
import re
from collections.abc import Iterable, Sequence

FORMULA_STARTERS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
# A negative number written plainly ("-0.97"): a spreadsheet reads it as that number and
# nothing else, so it is left as it is and stays a number.
PLAIN_NEGATIVE_NUMBER = re.compile(r"-[0-9]+(\.[0-9]+)?")

NOMINATION_COLUMNS = (
    "reference",
    "state",
    "nominee",
    "nominee type",
    "nominator",
    "organization",
    "submitted at",
    "criteria",
    "duplicate flag",
)


def neutralize_csv_cell(value) -> str:
    """The value as text, with a leading single quote if it starts like a formula.

    Every such cell is prefixed, even a lone "-", with one exception: a plain negative
    number in ASCII digits (a z-score of "-0.97"), which no spreadsheet can run and which
    a quote would turn into text.
    """
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTERS) and not PLAIN_NEGATIVE_NUMBER.fullmatch(text):
        return "'" + text
    return text


def render_csv(header: Sequence[str], rows: Iterable[Sequence]) -> str:
    """A CSV document (RFC 4180 line ends) with every cell neutralized."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralize_csv_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([neutralize_csv_cell(cell) for cell in row])
    return buffer.getvalue()
