"""Row locks for writes that depend on a nomination's committed state."""

from nominations.models import Cycle, Nomination


def locked_nomination(nomination: Nomination) -> Nomination:
    """The nomination re-read under a row lock (with its cycle), so that a write which
    depends on its state, its files or its letters sees the committed values.

    Locks the cycle's row, then the nomination's, in two statements: the order every
    transition takes them (`Nomination.lock_workflow_rows`). One statement locking both
    would lock them in whatever order PostgreSQL joins them, and could deadlock with a
    transition.
    """
    list(
        Cycle.objects.select_for_update(no_key=True)
        .filter(pk=nomination.cycle_id)
        .values_list("pk")
    )
    return (
        Nomination.objects.select_for_update(no_key=True, of=("self",))
        .select_related("cycle")
        .get(pk=nomination.pk)
    )
