"""The panel results as CSV. An export is a privileged action and is audited."""

from collections.abc import Mapping
from typing import TextIO

from accounts.rules import primary_role
from core.csv_export import write_csv
from core.services.audit import audit_record
from core.snapshot import consistent_reads
from nominations.models import Cycle
from reviews.selectors.results import NOTHING_HIDDEN, ResultRow, ResultsPage, ranked_results

LEADING_COLUMNS = ("rank", "reference", "nominee", "reviews counted", "score")
TRAILING_COLUMNS = ("sd", "range", "disagreement", "mean z", "percentile")


def results_header(results: ResultsPage) -> list[str]:
    """Fixed columns, then one "mean: <criterion>" column per rubric criterion in order."""
    means = [f"mean: {criterion.name}" for criterion in results.criteria]
    return [*LEADING_COLUMNS, *means, *TRAILING_COLUMNS]


def results_export_csv(
    *, actor, cycle: Cycle, out: TextIO, hidden: Mapping[int, str] = NOTHING_HIDDEN
) -> int:
    """Write the results to `out` as CSV, one line per nomination in rank order (unscored
    last), every cell neutralized against spreadsheet formulas (`core.csv_export`); the
    number of rows written. The nominations `hidden` from the reader
    (`results_hidden_from`) come last with the reason and no figures; every other figure
    is computed without them.

    The rows are read in one snapshot, a thousand at a time, and written as they come:
    memory stays flat however large the cycle. Then one audit event, "results.export",
    on the cycle with the row count, the scored count and the withheld nominations.
    Schedules nothing.
    """
    written, results = results_csv(cycle=cycle, out=out, hidden=hidden)
    role = primary_role(actor)
    audit_record(
        action="results.export",
        actor=actor,
        obj=cycle,
        data={
            "rows": written,
            "scored": results.scored,
            "withheld": sorted(row.nomination_id for row in results.withheld),
        },
        role=role.value if role else "",
    )
    return written


def results_csv(
    *, cycle: Cycle, out: TextIO, hidden: Mapping[int, str] = NOTHING_HIDDEN
) -> tuple[int, ResultsPage]:
    """Write the results to `out` as `results_export_csv` does, without the audit event
    (the caller records why it read them); the row count and the results read."""
    with consistent_reads():
        results = ranked_results(cycle, hidden=hidden)
        written = write_csv(out, results_header(results), map(_row, results.rows.stream()))
    return written, results


def _text(value) -> str:
    return "" if value is None else str(value)


def _row(row: ResultRow) -> list[str]:
    if row.hidden:
        blanks = [""] * (len(row.criteria) + len(TRAILING_COLUMNS) + 1)
        return ["", row.reference, row.nominee, row.withheld_note, *blanks]
    return [
        _text(row.rank),
        row.reference,
        row.nominee,
        str(row.reviews_counted),
        _text(row.score),
        *(_text(column.mean) for column in row.criteria),
        _text(row.sd),
        _text(row.score_range),
        "yes" if row.disagreement else "no",
        _text(row.mean_z),
        _text(row.percentile),
    ]
