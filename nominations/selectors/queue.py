"""The staff queue of nominations: filters, search and sort, in a fixed number of queries."""

from datetime import date

from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce, Lower, NullIf

from nominations.models import Cycle, Nomination, NomineeKind
from nominations.states import NominationState

CRITERION_FIELDS = {
    "courage": "criterion_courage",
    "sustained": "criterion_sustained",
    "innovation": "criterion_innovation",
}
STATE_ORDER = Case(
    *[When(state=state.value, then=Value(index)) for index, state in enumerate(NominationState)],
    output_field=IntegerField(),
)
NOMINEE_SORT_NAME = Lower(
    Case(
        When(nominee__kind=NomineeKind.INDIVIDUAL, then=F("nominee__full_name")),
        default=Coalesce(NullIf(F("nominee__certificate_name"), Value("")), "nominee__legal_name"),
    )
)


def queue_nominations(
    *, cycle: Cycle, filters: dict[str, str], flags: dict[int, list[int]], today: date
) -> QuerySet[Nomination]:
    """The cycle's nominations that match `filters` (see NominationQueueForm), sorted.

    `flags` is `duplicate_flags(cycle=cycle)`; `today` is the cycle's local date, for
    overdue responses. The queryset loads each nominee and nominator with it.
    """
    nominations = Nomination.objects.filter(cycle=cycle).select_related(
        "cycle", "nominee", "nominator"
    )
    if filters.get("state"):
        nominations = nominations.filter(state=filters["state"])
    if field := CRITERION_FIELDS.get(filters.get("criterion", "")):
        nominations = nominations.filter(**{field: True})
    if filters.get("nominee_type"):
        nominations = nominations.filter(nominee__kind=filters["nominee_type"])
    if filters.get("duplicate") == "yes":
        nominations = nominations.filter(pk__in=list(flags))
    elif filters.get("duplicate") == "no":
        nominations = nominations.exclude(pk__in=list(flags))
    overdue = Q(state=NominationState.RETURNED, info_due_date__lt=today)
    if filters.get("overdue") == "yes":
        nominations = nominations.filter(overdue)
    elif filters.get("overdue") == "no":
        nominations = nominations.exclude(overdue)
    if term := filters.get("q", "").strip():
        nominations = nominations.filter(
            Q(reference__icontains=term)
            | Q(nominee__legal_name__icontains=term)
            | Q(nominee__certificate_name__icontains=term)
            | Q(nominee__full_name__icontains=term)
            | Q(nominator_name__icontains=term)
            | Q(nominator__full_name__icontains=term)
            | Q(nominator__email__icontains=term)
        )
    return nominations.order_by(*_ordering(filters.get("sort") or "reference"))


def _ordering(sort: str) -> list:
    descending = sort.startswith("-")
    key = sort.removeprefix("-")
    expression = {
        "reference": F("sequence"),
        "nominee": NOMINEE_SORT_NAME,
        "submitted": F("submitted_at"),
        "state": STATE_ORDER,
    }.get(key, F("sequence"))
    primary = expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True)
    return [primary, "-pk" if descending else "pk"]
