"""Likely and linked duplicates among a cycle's nominations (DESIGN.md §2.3).

Matching compares each nominee's normalized keys (`nominations.domain.duplicates`),
which the nominee row stores and indexes (`Nominee.name_key` and the others): the queue
groups a cycle's keys in one pass, and one nomination's page finds its matches through
the indexes, reading only them, however large the cycle.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q

from nominations.domain.duplicates import NomineeKeys, key_tokens, match_reasons
from nominations.models import Cycle, Nomination, Nominee
from nominations.states import NominationState

# The stored keys, in the order `NomineeKeys.from_stored` takes them.
KEY_FIELDS = (
    "nominee__name_key",
    "nominee__alt_name_key",
    "nominee__ein_key",
    "nominee__uei_key",
    "nominee__domain_key",
)

# What `duplicates_of` reads of each match: its keys and what a row of the duplicates
# table shows.
CANDIDATE_FIELDS = (
    "cycle_id",
    "nominator_id",
    "state",
    "sequence",
    "reference",
    "duplicate_case_id",
    "nominee__kind",
    "nominee__honorific",
    "nominee__full_name",
    "nominee__legal_name",
    "nominee__certificate_name",
    *KEY_FIELDS,
)


@dataclass(frozen=True)
class DuplicateCandidate:
    """Another nomination of (probably) the same nominee, and why we think so."""

    nomination: Nomination
    reasons: list[str]


@dataclass(frozen=True)
class NominationDuplicates:
    """What the detail page shows: the nomination's case, if linked, with the other
    nominations in it, and the likely duplicates not linked to it yet."""

    case_id: int | None
    linked: list[DuplicateCandidate] = field(default_factory=list)
    likely: list[DuplicateCandidate] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.linked or self.likely)


def duplicate_flags(*, cycle: Cycle) -> dict[int, list[int]]:
    """Nomination id → ids of its likely duplicates, among the cycle's non-draft
    nominations; nominations with none are left out. Ids are in ascending order.

    One query; nominees are grouped by each stored key, so the matching is linear in the
    number of nominations rather than comparing every pair.
    """
    rows = (
        Nomination.objects.filter(cycle=cycle)
        .exclude(state=NominationState.DRAFT)
        .values_list("pk", *KEY_FIELDS)
    )
    by_token: dict[tuple[str, str], list[int]] = defaultdict(list)
    for pk, *values in rows:
        for token in key_tokens(NomineeKeys.from_stored(*values)):
            by_token[token].append(pk)
    flags: dict[int, set[int]] = defaultdict(set)
    for pks in by_token.values():
        if len(pks) > 1:
            for pk in pks:
                flags[pk].update(other for other in pks if other != pk)
    return {pk: sorted(others) for pk, others in sorted(flags.items())}


def duplicates_of(nomination: Nomination) -> NominationDuplicates:
    """The nominations linked with `nomination` in its duplicate case, and the other
    non-draft nominations of its cycle that look like the same nominee, with reasons.

    One query, which also re-reads `nomination`'s own nominee and case. It reads the
    nomination, those in its case and those sharing one of its stored keys, found
    through the keys' indexes: the rest of the cycle is never read.
    """
    # Each term of the OR is found through an index of its own (the primary key, the
    # nominees' keys, the case), so the cycle's other nominations are never scanned; the
    # cycle is checked on the rows found, not used to find them.
    in_cycle = Q(cycle_id=nomination.cycle_id)
    scope = Q(pk=nomination.pk) | (
        _shares_a_key(nomination) & ~Q(state=NominationState.DRAFT) & in_cycle
    )
    if nomination.duplicate_case_id is not None:
        scope |= Q(duplicate_case_id=nomination.duplicate_case_id) & in_cycle
    candidates = list(
        Nomination.objects.filter(scope)
        .select_related("nominee")
        .only(*CANDIDATE_FIELDS)
        .order_by("sequence", "pk")
    )
    own = next((other for other in candidates if other.pk == nomination.pk), None)
    if own is None:
        return NominationDuplicates(case_id=None)
    own_keys = own.nominee.match_keys
    linked, likely = [], []
    for other in candidates:
        if other.pk == own.pk:
            continue
        reasons = match_reasons(own_keys, other.nominee.match_keys)
        if own.duplicate_case_id is not None and other.duplicate_case_id == own.duplicate_case_id:
            linked.append(DuplicateCandidate(nomination=other, reasons=reasons))
        elif reasons:
            likely.append(DuplicateCandidate(nomination=other, reasons=reasons))
    return NominationDuplicates(case_id=own.duplicate_case_id, linked=linked, likely=likely)


# -- internals ---------------------------------------------------------------------------


def _shares_a_key(nomination: Nomination) -> Q:
    """Nominations whose nominee has one of `nomination`'s stored keys (read in the same
    query, from its nominee's row); an empty key matches nothing."""
    own = Nominee.objects.filter(nomination__pk=nomination.pk)

    def own_values(column: str):
        return own.exclude(**{column: ""}).values(column)

    shares = Q()
    for mine in ("name_key", "alt_name_key"):
        for theirs in ("name_key", "alt_name_key"):
            shares |= Q(**{f"{theirs}__in": own_values(mine)})
    for column in ("ein_key", "uei_key", "domain_key"):
        shares |= Q(**{f"{column}__in": own_values(column)})
    # The nominees first, each key through its index, then their nominations through
    # theirs: matched through the join instead, the keys would be tested on every
    # nomination of the cycle.
    sharing = Nomination.objects.filter(nominee__in=Nominee.objects.filter(shares).values("pk"))
    return Q(pk__in=sharing.values("pk"))
