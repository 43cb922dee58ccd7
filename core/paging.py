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


class SlicedRows(Sequence):
    """Rows read from the database a slice at a time: a paginator takes one page of them
    and only that page is read. Subclasses say how many there are (`total`, asked once)
    and read the rows from `start` to `stop` (`read`, 0 <= start < stop <= len)."""

    _length: int | None = None

    def total(self) -> int:
        raise NotImplementedError

    def read(self, start: int, stop: int) -> list:
        raise NotImplementedError

    def __len__(self) -> int:
        if self._length is None:
            self._length = self.total()
        return self._length

    def __iter__(self):
        return iter(self[:])

    def __getitem__(self, index):
        if not isinstance(index, slice):
            position = index + len(self) if index < 0 else index
            if not 0 <= position < len(self):
                raise IndexError(f"{type(self).__name__} index out of range")
            return self.read(position, position + 1)[0]
        start, stop, step = index.indices(len(self))
        if step != 1:
            return self[start:stop][::step] if step > 0 else self[:][index]
        return self.read(start, stop) if start < stop else []
