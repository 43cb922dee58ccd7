"""Conflicts of interest: a panelist declares one, the system suggests likely ones, staff
decide them (DESIGN.md §2.4).

Every writer here first locks the cycle's Panel row, as the assignment services do, so a
conflict cannot appear between the moment a balanced assignment is planned and the
moment it is written. A conflict's score never counts: the results read conflict status
and leave out blocked pairs, so nothing is deleted when a conflict is declared. For the
same reason conflicts change only while assignments may (`rules.conflicts_may_change`:
the cycle closed or in review): afterwards a new or waived conflict would silently
change the ranked results.

Lock order. Every write of panel review (conflicts, assignments, reviews) takes its row
locks in one global order, so that two writers never wait on each other: the cycle's
Panel row, then the Cycle row, then the Nomination row, then the rows it changes
(assignment, conflict, review). `lock_panel` and `lock_panel_nomination` take the first
three; take them before any other lock. The panel comes before the cycle because the
panel and invitation services lock both in one statement (`Panel` with
`select_related("cycle")`), which locks the panel's row first; the workflow transitions
of the nominations app lock the cycle, then the nomination, and never the panel, so they
fit the same order. Every lock is FOR NO KEY UPDATE (see docs/architecture.md, "State machines"), so
new rows that refer to a locked one are never held up at their foreign-key check. Holding
the cycle's row also means no cycle or nomination
transition (start_review reads the assignments) can commit between our check of the
states and our write.
"""

from django.db import transaction
from django.db.models import prefetch_related_objects
from django_fsm import can_proceed

from accounts.roles import Role
from core.exceptions import ConflictError, IllegalTransition, InvalidInput, NotPermitted
from core.services.audit import audit_record, audits_refusals
from core.transitions import reload_workflow_object
from nominations.models import Cycle, Nomination
from nominations.selectors.parties import parties_among
from nominations.states import EndorsementState
from reviews import rules
from reviews.domain.conflict_suggestions import NominationFacts, PanelistFacts, suggest_conflicts
from reviews.models import Assignment, Conflict, Panel, PanelMember, Review
from reviews.services.figures import panel_figures_refresh
from reviews.services.handoffs import conflicts_to_decide_on_commit
from reviews.states import ConflictKind, ConflictStatus

# What staff may decide, from which statuses, and the status each decision leads to: the
# source and target of the Conflict transition of the same name (a test holds them equal).
# The pages offer a decision only from these statuses.
DECISIONS = {
    "confirm": (
        frozenset({ConflictStatus.SUGGESTED, ConflictStatus.DECLARED}),
        ConflictStatus.CONFIRMED,
    ),
    "dismiss": (frozenset({ConflictStatus.SUGGESTED}), ConflictStatus.DISMISSED),
    "waive": (
        frozenset({ConflictStatus.DECLARED, ConflictStatus.CONFIRMED}),
        ConflictStatus.WAIVED,
    ),
}
DECISION_PAST = {"confirm": "confirmed", "dismiss": "dismissed", "waive": "waived"}


def lock_panel(cycle_id: int) -> Panel:
    """Lock the cycle's panel row, then the cycle's row (see "Lock order" above), for the
    current transaction; return the panel with `panel.cycle` read under the lock."""
    panel = Panel.objects.select_for_update(no_key=True).filter(cycle_id=cycle_id).first()
    if panel is None:
        raise InvalidInput("This cycle has no review panel yet.")
    panel.cycle = Cycle.objects.select_for_update(no_key=True).get(pk=cycle_id)
    return panel


def lock_panel_nomination(nomination: Nomination) -> tuple[Panel, Nomination]:
    """`lock_panel` for the nomination's cycle, then the nomination's row: the panel and
    the nomination as they now stand (its `cycle` the one read under the lock)."""
    panel = lock_panel(nomination.cycle_id)
    locked = Nomination.objects.select_for_update(no_key=True).get(pk=nomination.pk)
    locked.cycle = panel.cycle
    return panel, locked


def check_conflicts_may_change(cycle: Cycle) -> None:
    """Raise IllegalTransition once the cycle's conflicts are part of the record."""
    if not rules.conflicts_may_change(cycle):
        raise IllegalTransition(rules.CONFLICTS_CLOSED_MESSAGE)


def conflict_declare(
    *, nomination: Nomination, member: PanelMember, kind: str, reason: str
) -> Conflict:
    """The panelist of `member` declares a conflict with `nomination`.

    Creates the pair's Conflict as declared, or turns an existing one into a declaration:
    a suggestion becomes declared, and so does one staff dismissed or waived (the
    panelist knows best). Clears the earlier staff decision from the row (the audit log
    keeps it). Refuses when a declared or confirmed conflict is already recorded. An
    assignment of the pair stays, shown as a conflict for staff to fill; a draft or
    submitted review of the pair stays too but no longer counts. Writes one
    "conflict.declare" audit event. Schedules an email to award staff, who confirm or
    waive it (`reviews.services.handoffs`).
    """
    reason = reason.strip()
    if kind not in ConflictKind.values:
        raise InvalidInput("Choose the kind of conflict.")
    if not reason:
        raise InvalidInput("Say in a sentence or two what the conflict is.")
    actor = member.user
    _check_may_declare(nomination, member)
    with transaction.atomic():
        _panel, nomination = lock_panel_nomination(nomination)
        member = PanelMember.objects.select_related("user", "panel").get(pk=member.pk)
        _check_may_declare(nomination, member)
        conflict = (
            Conflict.objects.select_for_update(no_key=True)
            .filter(nomination=nomination, member=member)
            .first()
        )
        previous = conflict.status if conflict else ""
        if previous == ConflictStatus.DECLARED:
            raise IllegalTransition("You have already declared a conflict with this nomination.")
        if previous in (ConflictStatus.CONFIRMED, ConflictStatus.PARTY):
            raise IllegalTransition("Staff have already recorded a conflict for you here.")
        if conflict is None:
            conflict = Conflict(
                nomination=nomination,
                member=member,
                kind=kind,
                reason=reason,
                status=ConflictStatus.DECLARED,
            )
        else:
            # The nomination and seat read under the locks: the transition's guard reads them.
            conflict.nomination = nomination
            conflict.member = member
            conflict.declare(kind=kind, reason=reason)
        conflict.save()
        panel_figures_refresh(cycle_id=nomination.cycle_id, nominations=[nomination.pk])
        assignment = Assignment.objects.filter(nomination=nomination, member=member).first()
        review_state = (
            Review.objects.filter(nomination=nomination, member=member)
            .values_list("state", flat=True)
            .first()
        )
        audit_record(
            action="conflict.declare",
            actor=actor,
            obj=nomination,
            from_state=previous,
            to_state=ConflictStatus.DECLARED,
            note=reason,
            data={
                "conflict": conflict.pk,
                "member": member.pk,
                "kind": kind,
                "assigned": assignment is not None,
                "review_no_longer_counts": review_state or "",
            },
            role=Role.PANELIST,
        )
        conflicts_to_decide_on_commit(
            cycle=nomination.cycle,
            status=ConflictStatus.DECLARED,
            count=1,
            found_by=actor.full_name or actor.email,
        )
    return conflict


def _check_may_declare(nomination: Nomination, member: PanelMember) -> None:
    if member.panel.cycle_id != nomination.cycle_id:
        raise NotPermitted("You cannot declare a conflict with this nomination.")
    check_conflicts_may_change(nomination.cycle)
    if not rules.can_declare_conflict(member.user, nomination, seat=member):
        raise NotPermitted("You cannot declare a conflict with this nomination.")


def conflicts_record_parties(
    *, panel: Panel, actor, members: list[PanelMember] | None = None
) -> list[Conflict]:
    """Record a "party" conflict for every active member of the panel (or of `members`)
    who is a party to a nomination the panel sees (nominations/domain/parties.py).

    Call under `lock_panel`. Creates the pair's Conflict (kind and status "party", the
    reasons as reason) or turns an existing one of any other status into it: nobody can
    dismiss, waive or override a party conflict, and the panelist's score on that
    nomination never counts. Writes one "conflict.party" audit event per pair recorded,
    naming the actor whose action found it (the system acts on their behalf). Returns the
    conflicts recorded now. Schedules nothing.
    """
    if members is None:
        members = list(
            PanelMember.objects.filter(panel=panel, removed_at__isnull=True).select_related("user")
        )
    nominations = list(
        Nomination.objects.filter(
            cycle_id=panel.cycle_id, state__in=rules.PANEL_NOMINATION_STATES
        ).select_related("nominee")
    )
    found = parties_among(users=[m.user for m in members], nominations=nominations)
    if not found:
        return []
    member_of_user = {m.user_id: m for m in members}
    existing = {
        (c.nomination_id, c.member_id): c
        for c in Conflict.objects.select_for_update(no_key=True).filter(
            member__in=members, nomination__in=nominations
        )
    }
    recorded = []
    for (user_id, nomination_id), reasons in sorted(found.items()):
        member = member_of_user[user_id]
        conflict = existing.get((nomination_id, member.pk))
        if conflict is not None and conflict.status == ConflictStatus.PARTY:
            continue
        previous = conflict.status if conflict else ""
        if conflict is None:
            conflict = Conflict(
                nomination_id=nomination_id,
                member=member,
                kind=ConflictKind.PARTY,
                reason=" ".join(reasons),
                status=ConflictStatus.PARTY,
            )
        else:
            conflict.record_party(reason=" ".join(reasons))
        conflict.save()
        recorded.append(conflict)
        audit_record(
            action="conflict.party",
            actor=actor,
            obj=conflict.nomination,
            from_state=previous,
            to_state=ConflictStatus.PARTY,
            note=conflict.reason,
            data={"conflict": conflict.pk, "member": member.pk},
        )
    panel_figures_refresh(
        cycle_id=panel.cycle_id, nominations={conflict.nomination_id for conflict in recorded}
    )
    return recorded


def conflicts_suggest(*, cycle: Cycle, actor) -> list[Conflict]:
    """Suggest likely conflicts between the cycle's active panelists and its nominations.

    First records every party conflict (`conflicts_record_parties`). Then runs
    `reviews.domain.conflict_suggestions.suggest_conflicts` over the panel's active members
    (signed or not) and the nominations the panel sees, and creates a suggested Conflict
    (kind "other", the reason sentence as reason) for each pair that has no Conflict row
    yet: a declaration or a staff decision is never overridden, and a dismissed
    suggestion is not suggested again. Writes one "conflict.suggest" audit event with
    the count, even when it is zero. Returns the new conflicts. Refused (IllegalTransition,
    nothing written) once the cycle is past panel review. When it suggests any, schedules
    an email to the other members of award staff (`reviews.services.handoffs`).
    """
    if not rules.can_manage_panel(actor, cycle):
        raise NotPermitted("Only award staff check for conflicts.")
    check_conflicts_may_change(cycle)
    with transaction.atomic():
        panel = lock_panel(cycle.pk)
        check_conflicts_may_change(panel.cycle)
        members = list(
            PanelMember.objects.filter(panel=panel, removed_at__isnull=True).select_related("user")
        )
        conflicts_record_parties(panel=panel, actor=actor, members=members)
        nominations = list(
            Nomination.objects.filter(
                cycle=cycle, state__in=rules.PANEL_NOMINATION_STATES
            ).select_related("nominee", "nominator")
        )
        existing = set(
            Conflict.objects.filter(nomination__cycle=cycle).values_list("nomination", "member")
        )
        suggestions = suggest_conflicts(
            panelists=[
                PanelistFacts(id=m.pk, email=m.user.email, full_name=m.user.full_name)
                for m in members
            ],
            nominations=nomination_facts_of(nominations),
        )
        created = Conflict.objects.bulk_create(
            [
                Conflict(
                    nomination_id=s.nomination_id,
                    member_id=s.panelist_id,
                    kind=ConflictKind.OTHER,
                    reason=s.reason,
                    status=ConflictStatus.SUGGESTED,
                )
                for s in suggestions
                if (s.nomination_id, s.panelist_id) not in existing
            ]
        )
        audit_record(
            action="conflict.suggest",
            actor=actor,
            obj=cycle,
            note=f"{len(created)} new suggested conflict{'' if len(created) == 1 else 's'}.",
            data={
                "count": len(created),
                "pairs": [[c.nomination_id, c.member_id] for c in created],
            },
            role=Role.AWARD_STAFF,
        )
        if created:
            conflicts_to_decide_on_commit(
                cycle=cycle,
                status=ConflictStatus.SUGGESTED,
                count=len(created),
                found_by="The system",
                excluding=[actor],
            )
    return created


def nomination_facts_of(nominations: list[Nomination]) -> list[NominationFacts]:
    """What `suggest_conflicts` compares, for each nomination. One query (the letter
    requests), the nominees and nominators being loaded."""
    prefetch_related_objects(nominations, "endorsement_requests")
    return [nomination_facts(n) for n in nominations]


def nomination_facts(nomination: Nomination) -> NominationFacts:
    nominee = nomination.nominee
    people = [("the nominator", nomination.nominator_name)]
    people.append(("the nominator", nomination.nominator.full_name))
    people.append(("the nominee contact", nominee.contact_name))
    if nominee.is_individual:
        people.append(("the nominee", nominee.full_name))
    people.extend(
        ("an endorser", request.name)
        for request in nomination.endorsement_requests.all()
        if request.state != EndorsementState.CANCELLED
    )
    return NominationFacts(
        id=nomination.pk,
        nominee_name=nominee.legal_name or nominee.certificate_name or nominee.full_name,
        nominee_affiliation=nominee.affiliation,
        nominee_contact_email=nominee.contact_email,
        nominee_website=nominee.website,
        nominator_email=nomination.nominator.email,
        nominator_organization=nomination.nominator_organization,
        excluded_reviewers=nomination.excluded_reviewers,
        people=tuple((who, name) for who, name in people if name.strip()),
    )


@audits_refusals(
    "conflict.decide",
    obj=lambda conflict, **_: conflict.nomination,
    role=Role.AWARD_STAFF,
    # The status that refused the decision, as it is stored once the refusal happened.
    from_state=lambda conflict, **_: Conflict.objects.values_list("status", flat=True).get(
        pk=conflict.pk
    ),
    data=lambda conflict, decision, **_: {
        "conflict": conflict.pk,
        "member": conflict.member_id,
        "decision": decision,
    },
)
def conflict_decide(
    *, conflict: Conflict, actor, decision: str, reason: str, seen_status: str = ""
) -> Conflict:
    """Staff confirm a suggested or declared conflict, dismiss a suggestion, or waive a
    declared or confirmed one, with a reason.

    Records decided_by, decided_at and decision_reason and the new status (the
    transition `Conflict.confirm`, `dismiss` or `waive`). Confirming
    blocks the pair; dismissing or waiving lets the panelist open, be assigned to and
    score the nomination. Writes one "conflict.decide" audit event (from and to status).
    Refused (IllegalTransition, nothing written) once the cycle is past panel review,
    since the decision would change the ranked results; refused (ConflictError) when
    `seen_status`, the status the deciding page showed, is no longer the conflict's, so
    one member of staff never silently replaces another's decision. A refusal is
    recorded as a denied "conflict.decide" from the status that refused it. Schedules
    nothing.
    """
    if not rules.can_manage_panel(actor):
        raise NotPermitted("Only award staff decide conflicts.")
    if decision not in DECISIONS:
        raise InvalidInput("Choose confirm, dismiss or waive.")
    reason = reason.strip()
    if not reason:
        raise InvalidInput("Give the reason for your decision.")
    if not rules.can_handle_panel_nomination(actor, conflict.nomination):
        raise NotPermitted(
            "You are a party to this nomination, so another member of award staff decides "
            "its conflicts."
        )
    check_conflicts_may_change(conflict.nomination.cycle)
    with transaction.atomic():
        panel = lock_panel(conflict.nomination.cycle_id)
        check_conflicts_may_change(panel.cycle)
        locked = Conflict.objects.select_for_update(no_key=True).get(pk=conflict.pk)
        locked.nomination.cycle = panel.cycle  # read under the lock, for the guard
        if seen_status and locked.status != seen_status:
            raise ConflictError(
                f"Someone else decided this conflict while your page was open: it is now "
                f"“{locked.get_status_display().lower()}”. Read their reason, then decide "
                "again if you still want to."
            )
        decide = {
            "confirm": locked.confirm,
            "dismiss": locked.dismiss,
            "waive": locked.waive,
        }[decision]
        if not can_proceed(decide, check_conditions=False):
            raise IllegalTransition(
                f"A conflict that is “{locked.get_status_display().lower()}” cannot be "
                f"{DECISION_PAST[decision]}; "
                "reload the page to see its current status."
            )
        previous = locked.status
        decide(by=actor, reason=reason)
        locked.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
        panel_figures_refresh(cycle_id=panel.cycle_id, nominations=[locked.nomination_id])
        audit_record(
            action="conflict.decide",
            actor=actor,
            obj=locked.nomination,
            from_state=previous,
            to_state=locked.status,
            note=reason,
            data={"conflict": locked.pk, "member": locked.member_id, "decision": decision},
            role=Role.AWARD_STAFF,
        )
    reload_workflow_object(conflict)
    return conflict
