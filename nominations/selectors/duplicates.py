"""Likely and linked duplicates among a cycle's nominations (DESIGN.md §2.3).

Matching compares each nominee's normalized keys (`nominations.domain.duplicates`),
which the nominee row stores and indexes (`Nominee.name_key` and the others): the queue
groups a cycle's keys in one pass, and one nomination's page finds its matches through
the indexes, reading only them, however large the cycle.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

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

    Two queries, each finding its rows through indexes, so that neither reads the rest
    of the cycle: the nominees sharing one of the stored keys of `nomination`'s nominee
    (as loaded with it), then `nomination` again with the nominations of those nominees
    and of its case. The matches of other cycles, and drafts, are left out here: asked
    of the database, "this cycle" lets SQLite's planner read the cycle through its index
    instead of looking the few nominees up.
    """
    scope = Q(pk=nomination.pk) | Q(nominee_id__in=_sharing_a_key(nomination.nominee.match_keys))
    if nomination.duplicate_case_id is not None:
        scope |= Q(duplicate_case_id=nomination.duplicate_case_id)
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
        if other.pk == own.pk or other.cycle_id != own.cycle_id:
            continue
        reasons = match_reasons(own_keys, other.nominee.match_keys)
        if own.duplicate_case_id is not None and other.duplicate_case_id == own.duplicate_case_id:
            linked.append(DuplicateCandidate(nomination=other, reasons=reasons))
        elif reasons and other.state != NominationState.DRAFT:
            likely.append(DuplicateCandidate(nomination=other, reasons=reasons))
    return NominationDuplicates(case_id=own.duplicate_case_id, linked=linked, likely=likely)


# -- internals ---------------------------------------------------------------------------


def _sharing_a_key(keys: NomineeKeys) -> list[int]:
    """The ids of the nominees with one of `keys` (an empty key matches nothing). The
    keys are given as values, not read in a subquery: knowing them, the database finds
    each through its index, where for a value still to come it would expect the empty
    key's thousands of rows (most nominees have no EIN, UEI or other name) and scan."""
    names = sorted(keys.names)
    terms = [Q(name_key__in=names), Q(alt_name_key__in=names)] if names else []
    for column, value in (
        ("ein_key", keys.ein),
        ("uei_key", keys.uei),
        ("domain_key", keys.domain),
    ):
        if value:
            terms.append(Q(**{column: value}))
    if not terms:
        return []
    return list(Nominee.objects.filter(reduce(or_, terms)).values_list("pk", flat=True))
