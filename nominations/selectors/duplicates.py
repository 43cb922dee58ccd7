"""Likely and linked duplicates among a cycle's nominations (DESIGN.md §2.3).

Each selector reads the nominations it needs in one query and matches them in Python
with `nominations.domain.duplicates`, so the cost does not grow with the matches found.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q

from nominations.domain.duplicates import NomineeKeys, key_tokens, match_reasons, nominee_keys
from nominations.models import Cycle, Nomination, NomineeKind
from nominations.states import NominationState

# The nominee fields matching reads; nothing else is loaded.
KEY_FIELDS = (
    "nominee__kind",
    "nominee__full_name",
    "nominee__legal_name",
    "nominee__certificate_name",
    "nominee__ein",
    "nominee__uei",
    "nominee__website",
)

# What `duplicates_of` reads of every nomination in the cycle: the matching keys and what
# a row of the duplicates table shows. The long texts stay in the database, so the one
# query costs little more at 10,000 nominations than the matching itself.
CANDIDATE_FIELDS = (
    "cycle_id",
    "nominator_id",
    "state",
    "sequence",
    "reference",
    "duplicate_case_id",
    "nominee__honorific",
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

    One query; nominees are grouped by each normalized key, so the matching is linear
    in the number of nominations rather than comparing every pair.
    """
    rows = (
        Nomination.objects.filter(cycle=cycle)
        .exclude(state=NominationState.DRAFT)
        .values_list("pk", *KEY_FIELDS)
    )
    by_token: dict[tuple[str, str], list[int]] = defaultdict(list)
    for pk, *values in rows:
        for token in key_tokens(_keys(*values)):
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

    One query, which also re-reads `nomination`'s own nominee and case.
    """
    in_scope = ~Q(state=NominationState.DRAFT) | Q(pk=nomination.pk)
    if nomination.duplicate_case_id is not None:
        in_scope |= Q(duplicate_case_id=nomination.duplicate_case_id)
    candidates = list(
        Nomination.objects.filter(in_scope, cycle_id=nomination.cycle_id)
        .select_related("nominee")
        .only(*CANDIDATE_FIELDS)
        .order_by("sequence", "pk")
    )
    own = next((other for other in candidates if other.pk == nomination.pk), None)
    if own is None:
        return NominationDuplicates(case_id=None)
    own_keys = _nominee_keys(own)
    linked, likely = [], []
    for other in candidates:
        if other.pk == own.pk:
            continue
        reasons = match_reasons(own_keys, _nominee_keys(other))
        if own.duplicate_case_id is not None and other.duplicate_case_id == own.duplicate_case_id:
            linked.append(DuplicateCandidate(nomination=other, reasons=reasons))
        elif reasons:
            likely.append(DuplicateCandidate(nomination=other, reasons=reasons))
    return NominationDuplicates(case_id=own.duplicate_case_id, linked=linked, likely=likely)


# -- internals ---------------------------------------------------------------------------


def _keys(kind, full_name, legal_name, certificate_name, ein, uei, website) -> NomineeKeys:
    return nominee_keys(
        is_individual=kind == NomineeKind.INDIVIDUAL,
        full_name=full_name,
        legal_name=legal_name,
        certificate_name=certificate_name,
        ein=ein,
        uei=uei,
        website=website,
    )


def _nominee_keys(nomination: Nomination) -> NomineeKeys:
    nominee = nomination.nominee
    return _keys(
        nominee.kind,
        nominee.full_name,
        nominee.legal_name,
        nominee.certificate_name,
        nominee.ein,
        nominee.uei,
        nominee.website,
    )
