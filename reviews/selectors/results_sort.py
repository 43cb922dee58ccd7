"""Sorting the panel's result rows for the results page (a column, a direction)."""

from reviews.selectors.results import ResultRow

SORT_KEYS = ("rank", "score", "percentile", "sd", "reviews", "reference", "nominee")


def sorted_rows(rows: tuple[ResultRow, ...], *, key: str, descending: bool) -> list[ResultRow]:
    """The rows sorted by one column; a row without a value (unscored) comes after those
    with one, and the withheld rows after all, in their given order.

    Ties keep rank order, then reference, so the order is the same on every request.
    """
    value = {
        "rank": lambda row: row.rank,
        "score": lambda row: row.score,
        "percentile": lambda row: row.percentile,
        "sd": lambda row: row.sd,
        "reviews": lambda row: row.reviews_counted,
        "reference": lambda row: row.reference,
        "nominee": lambda row: row.nominee.casefold(),
    }[key]
    # Withheld rows come last whatever the column: their place must not hint at anything.
    present = [row for row in rows if not row.hidden and value(row) is not None]
    missing = [row for row in rows if not row.hidden and value(row) is None]
    withheld = [row for row in rows if row.hidden]
    # Stable sorts: first the tie order, then the column.
    present.sort(key=lambda row: row.reference)
    present.sort(key=lambda row: (row.rank is None, row.rank or 0))
    present.sort(key=value, reverse=descending)
    return present + missing + withheld
