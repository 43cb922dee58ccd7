"""CSV exports that a spreadsheet cannot run as formulas. Pure functions, no database.

A cell a spreadsheet might read as a formula gets a single quote in front, so it is
shown as text. What counts as formula-leading:

- `=`, `+`, `-`, `@` as the first character, and their full-width and small forms
  (＝ ＋ － ＠, ﹦ ﹢ ﹣ ﹫): some spreadsheets fold them to their ASCII twins, so any
  character whose compatibility form (NFKC) starts with one of the four counts;
- a leading tab or carriage return, which a spreadsheet may strip before it looks;
- any of those after leading whitespace or invisible characters (" =1+2", a zero-width
  space, a byte-order mark): some spreadsheets trim a cell before they evaluate it, and
  a quote in front of a cell that starts with a space costs nothing.
"""

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import TextIO

FORMULA_STARTERS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
# The ASCII operators the compatibility (NFKC) form of a first character is checked for.
FORMULA_OPERATORS = ("=", "+", "-", "@")
# What a spreadsheet may skip before the first character it reads: whitespace (Zs and
# the like), control characters and invisible format characters (zero-width space, BOM).
SKIPPED_CATEGORIES = {"Cc", "Cf"}
# A negative number written plainly ("-0.97"): a spreadsheet reads it as that number and
# nothing else, so it is left as it is and stays a number.
PLAIN_NEGATIVE_NUMBER = re.compile(r"-[0-9]+(\.[0-9]+)?")


def neutralize_csv_cell(value) -> str:
    """The value as text, with a leading single quote if it starts like a formula.

    Every such cell is prefixed, even a lone "-", with one exception: a plain negative
    number in ASCII digits (a z-score of "-0.97"), which no spreadsheet can run and which
    a quote would turn into text.
    """
    text = "" if value is None else str(value)
    if looks_like_formula(text) and not PLAIN_NEGATIVE_NUMBER.fullmatch(text):
        return "'" + text
    return text


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet might run `text` as a formula (see the module docstring)."""
    if text.startswith(FORMULA_STARTERS):
        return True
    for char in text:
        if char.isspace() or unicodedata.category(char) in SKIPPED_CATEGORIES:
            continue
        return char in FORMULA_STARTERS or unicodedata.normalize("NFKC", char).startswith(
            FORMULA_OPERATORS
        )
    return False


def render_csv(header: Sequence[str], rows: Iterable[Sequence]) -> str:
    """A CSV document (RFC 4180 line ends) with every cell neutralized."""
    buffer = io.StringIO()
    write_csv(buffer, header, rows)
    return buffer.getvalue()


def write_csv(out: TextIO, header: Sequence[str], rows: Iterable[Sequence]) -> int:
    """`render_csv`'s document written to `out` a row at a time, as `rows` yields them;
    the number of rows written (the header not counted)."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralize_csv_cell(cell) for cell in header])
    written = 0
    for row in rows:
        writer.writerow([neutralize_csv_cell(cell) for cell in row])
        written += 1
    return written
