"""The panel results as CSV. An export is a privileged action and is audited."""

from accounts.rules import primary_role
from core.csv_export import render_csv
from core.services.audit import audit_record
from reviews.selectors.results import CycleResults, ResultRow

LEADING_COLUMNS = ("rank", "reference", "nominee", "reviews counted", "score")
TRAILING_COLUMNS = ("sd", "range", "disagreement", "mean z", "percentile")


def results_header(results: CycleResults) -> list[str]:
    """Fixed columns, then one "mean: <criterion>" column per rubric criterion in order."""
    means = [f"mean: {criterion.name}" for criterion in results.criteria]
    return [*LEADING_COLUMNS, *means, *TRAILING_COLUMNS]


def results_export_csv(*, actor, results: CycleResults) -> str:
    """The results as CSV, one line per nomination in rank order (unscored last), every
    cell neutralized against spreadsheet formulas (`core.csv_export.render_csv`).
    The nominations withheld from the reader (`results_for_cycle(hidden=...)`) come last
    with the reason and no figures; every other figure was computed without them.

    Writes one audit event, "results.export", on the cycle with the row count and the
    withheld nominations. Schedules nothing.
    """
    rows = [_row(row) for row in results.rows]
    withheld = sorted(row.nomination_id for row in results.withheld)
    role = primary_role(actor)
    audit_record(
        action="results.export",
        actor=actor,
        obj=results.cycle,
        data={"rows": len(rows), "scored": results.scored, "withheld": withheld},
        role=role.value if role else "",
    )
    return render_csv(results_header(results), rows)


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
