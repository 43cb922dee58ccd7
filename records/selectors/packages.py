"""Reads of the records packages themselves."""

from nominations.models import Cycle
from records.models import RecordsPackage


def packages_of(cycle: Cycle) -> list[RecordsPackage]:
    """The cycle's packages, newest first, with who asked for each (one query)."""
    return list(
        RecordsPackage.objects.filter(cycle=cycle)
        .select_related("requested_by")
        .order_by("-requested_at", "-pk")
    )
