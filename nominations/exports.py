"""CSV exports that a spreadsheet cannot run as formulas. Pure functions, no database.

A cell a spreadsheet might read as a formula (or as the start of one after it strips a
leading tab or carriage return) gets a single quote in front, so it is shown as text.
The full-width forms count too: some spreadsheets fold them to their ASCII twins.
"""

import csv
import io
from collections.abc import Iterable, Sequence

FORMULA_STARTERS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")

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

    Every such cell is prefixed, even a lone "-": a quote in front of a harmless cell
    costs nothing, and a rule without exceptions cannot be talked around.
    """
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTERS):
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
