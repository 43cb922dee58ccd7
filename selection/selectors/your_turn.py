"""The selection floor's part of the "Your turn" sections (`core.your_turn`).

- The selecting official's home: each slate waiting for their decision. One query.
- The staff home: each signed selection whose cycle is not announced yet (citations to
  write and approve, then announce), one query; and the citations waiting for an
  approval the viewer may give (the current version, not approved, of a nomination on
  the slate or selected; with AWARDS_CITATION_FOUR_EYES on, not one they wrote), per
  cycle, one query.
"""

from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Q
from django.urls import reverse

from core.moments import moment_in
from core.your_turn import TurnItem, plural
from nominations import rules
from nominations.models import Citation, Cycle, Nomination
from nominations.selectors.parties import party_nomination_ids
from nominations.states import CycleState, NominationState


def official_turn_items(user) -> list[TurnItem]:
    """A slate waits for the official while its cycle is in selection with nominations
    still on it (a signed decision moves every one of them on)."""
    if not rules.is_selecting_official(user):
        return []
    cycles = (
        Cycle.objects.filter(state=CycleState.SELECTION)
        .select_related("program")
        .annotate(
            slate=Count("nominations", filter=Q(nominations__state=NominationState.SHORTLISTED))
        )
        .filter(slate__gt=0)
        .order_by("-award_year", "-pk")
    )
    return [
        TurnItem(
            key=f"slate-{cycle.pk}",
            text=plural(cycle.slate, "nomination", "nominations")
            + f" on the {cycle.program.short_name} {cycle.award_year} slate to decide",
            count=cycle.slate,
            url=reverse("selection:selection_cycle", args=[cycle.pk]),
            order=10,
        )
        for cycle in cycles
    ]


def staff_turn_items(user) -> list[TurnItem]:
    """Signed selections not yet announced: citations to finish, then announce."""
    if not rules.is_award_staff(user):
        return []
    cycles = (
        Cycle.objects.filter(state=CycleState.SELECTION, decision__isnull=False)
        .select_related("program", "decision")
        .order_by("-award_year", "-pk")
    )
    return [
        TurnItem(
            key=f"signed-{cycle.pk}",
            text=plural(len(cycle.decision.selected), "recipient", "recipients")
            + f" selected for {cycle.program.short_name} {cycle.award_year}: "
            + (
                "the announcement is scheduled for " + moment_in(cycle.announce_at, cycle.zone)
                if cycle.announce_at
                else "citations to write and approve, then announce"
            ),
            count=len(cycle.decision.selected),
            url=(
                reverse("nominations:staff_cycle", args=[cycle.pk])
                if cycle.announce_at
                else reverse("selection:cycle_citations", args=[cycle.pk])
            ),
            order=60,
        )
        for cycle in cycles
    ]


# The states in which citations are approved (selection.services.citations.CITATION_STATES).
APPROVAL_STATES = (NominationState.SHORTLISTED, NominationState.SELECTED, NominationState.AWARDED)


def citation_turn_items(user) -> list[TurnItem]:
    """Citations the viewer may approve now, per cycle, leaving out the nominations they
    are a party to. One query, and the party rule's three when any citation waits."""
    if not rules.is_award_staff(user):
        return []
    newer = Citation.objects.filter(
        nomination=OuterRef("nomination"), kind=OuterRef("kind"), version__gt=OuterRef("version")
    )
    waiting = Citation.objects.filter(
        ~Exists(newer),
        approved_at__isnull=True,
        nomination__state__in=APPROVAL_STATES,
        nomination__cycle__state__in=(CycleState.REVIEW, CycleState.SELECTION),
    )
    if getattr(settings, "AWARDS_CITATION_FOUR_EYES", False):
        waiting = waiting.exclude(created_by=user)
    waiting_rows = list(
        waiting.values(
            "nomination_id",
            cycle_id=F("nomination__cycle_id"),
            year=F("nomination__cycle__award_year"),
            program=F("nomination__cycle__program__short_name"),
        )
    )
    # A party to a nomination may not approve its citation (nor learn it is on the slate).
    parties = (
        party_nomination_ids(
            user, Nomination.objects.filter(pk__in={r["nomination_id"] for r in waiting_rows})
        )
        if waiting_rows
        else set()
    )
    counts: dict[tuple, int] = {}
    for row in waiting_rows:
        if row["nomination_id"] not in parties:
            key = (row["year"], row["cycle_id"], row["program"])
            counts[key] = counts.get(key, 0) + 1
    rows = [
        {"year": year, "cycle_id": cycle_id, "program": program, "count": count}
        for (year, cycle_id, program), count in sorted(counts.items(), reverse=True)
    ]
    return [
        TurnItem(
            key=f"citations-{row['cycle_id']}",
            text=plural(row["count"], "citation", "citations")
            + f" to approve ({row['program']} {row['year']})",
            count=row["count"],
            url=reverse("selection:cycle_citations", args=[row["cycle_id"]]),
            order=50,
        )
        for row in rows
    ]


__all__ = ["citation_turn_items", "official_turn_items", "staff_turn_items"]
