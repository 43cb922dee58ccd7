"""One page of a long list, as every paged page shows it: the rows, the USWDS pager
(`nominations/_queue_pagination.html`) and "Showing 101–200 of 10,000 nominations"."""

from collections.abc import Sequence

from django.core.paginator import Paginator


def page_context(rows: Sequence, *, size: int, number, query: str = "") -> dict:
    """The template context of page `number` of `rows` (a sequence that reads only the
    slice taken, or a queryset). A page number out of range shows the last page, anything
    else that is not one the first. `query` is the rest of the address the page links
    keep (a filter, a sort), already URL-encoded."""
    page = Paginator(rows, size).get_page(number)
    return {
        "page": page,
        "rows": page.object_list,
        "page_links": page.paginator.get_elided_page_range(page.number),
        "query": query,
        "showing": showing(page),
    }


def showing(page, noun: str = "nomination") -> str:
    """ "Showing 101–200 of 10,000 nominations" (empty for an empty list)."""
    total = page.paginator.count
    if not total:
        return ""
    first, last = page.start_index(), page.end_index()
    return f"Showing {first:,}–{last:,} of {total:,} {noun}{'' if total == 1 else 's'}"
