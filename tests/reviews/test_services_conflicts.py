"""Conflict services: declaring, suggesting and deciding."""

import pytest

from accounts.roles import Role
from core.audit_context import recording_refusals
from core.exceptions import ConflictError, IllegalTransition, InvalidInput, NotPermitted
from core.models import AuditEvent
from nominations.models import Cycle, Nomination
from nominations.states import CycleState, NominationState
from reviews import rules
from reviews.models import Assignment, Conflict
from reviews.services.conflicts import (
    DECISIONS,
    conflict_decide,
    conflict_declare,
    conflicts_suggest,
)
from reviews.states import ConflictKind, ConflictStatus
from tests import factories


def review_setup(*, panelists=1, nominations=1):
    cycle = factories.review_cycle(nominations=nominations, panelists=panelists, criteria=1)
    members = list(factories.panel_of(cycle).members.select_related("user", "panel"))
    return cycle, list(cycle.nominations.order_by("pk")), members


@pytest.mark.django_db
def test_conflict_declare_creates_declared_conflict_keeps_assignment_and_audits():
    cycle, [nomination], [member] = review_setup()
    factories.review_of(nomination, member, submitted=False)

    conflict = conflict_declare(
        nomination=nomination, member=member, kind=ConflictKind.RELATIVE, reason=" My cousin. "
    )

    assert (conflict.status, conflict.kind, conflict.reason) == (
        "declared",
        "relative",
        "My cousin.",
    )
    assert Assignment.objects.filter(nomination=nomination, member=member).exists()
    assert not rules.can_open_nomination(member.user, nomination)
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.from_state, event.to_state, event.note) == (
        "conflict.declare",
        member.user,
        "",
        "declared",
        "My cousin.",
    )
    assert event.data["assigned"] is True
    assert event.data["review_no_longer_counts"] == "draft"


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["suggested", "dismissed", "waived"])
def test_conflict_declare_upgrades_an_earlier_conflict_to_declared(status):
    cycle, [nomination], [member] = review_setup()
    existing = factories.conflict(nomination, member, status=status, reason="Same domain.")
    Conflict.objects.filter(pk=existing.pk).update(
        decided_by=factories.award_staff(), decision_reason="Not related."
    )

    conflict = conflict_declare(
        nomination=nomination, member=member, kind=ConflictKind.OTHER, reason="I advise them."
    )

    conflict.refresh_from_db()
    assert conflict.pk == existing.pk
    assert (conflict.status, conflict.reason, conflict.decided_by, conflict.decision_reason) == (
        "declared",
        "I advise them.",
        None,
        "",
    )
    assert AuditEvent.objects.get().from_state == status


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "message"),
    [
        ("declared", "You have already declared a conflict with this nomination."),
        ("confirmed", "Staff have already recorded a conflict for you here."),
    ],
)
def test_conflict_declare_refuses_when_already_blocking(status, message):
    cycle, [nomination], [member] = review_setup()
    factories.conflict(nomination, member, status=status)

    with pytest.raises(IllegalTransition) as raised:
        conflict_declare(nomination=nomination, member=member, kind="other", reason="Again.")

    assert raised.value.message == message
    assert AuditEvent.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "reason", "message"),
    [
        ("other", "  ", "Say in a sentence or two what the conflict is."),
        ("nonsense", "Because.", "Choose the kind of conflict."),
    ],
)
def test_conflict_declare_refuses_invalid_input(kind, reason, message):
    cycle, [nomination], [member] = review_setup()

    with pytest.raises(InvalidInput) as raised:
        conflict_declare(nomination=nomination, member=member, kind=kind, reason=reason)

    assert raised.value.message == message
    assert (Conflict.objects.count(), AuditEvent.objects.count()) == (0, 0)


@pytest.mark.django_db
@pytest.mark.parametrize("problem", ["unsigned", "removed", "other_panel"])
def test_conflict_declare_refuses_a_seat_that_may_not_declare(problem):
    cycle, [nomination], _ = review_setup(panelists=0)
    if problem == "other_panel":
        member = factories.seat(factories.CycleFactory(state=CycleState.REVIEW))
    else:
        member = factories.seat(cycle, attested=problem != "unsigned", removed=problem == "removed")

    with pytest.raises(NotPermitted):
        conflict_declare(nomination=nomination, member=member, kind="other", reason="Yes.")

    assert (Conflict.objects.count(), AuditEvent.objects.count()) == (0, 0)


# -- suggestions ----------------------------------------------------------------------------


def suggestion_setup():
    staff = factories.award_staff()
    cycle = factories.CycleFactory(state=CycleState.CLOSED)
    harbor = factories.nomination_in(
        NominationState.CLEARED,
        cycle=cycle,
        nominee=factories.NomineeFactory(contact_email="info@harbor.org"),
    )
    listed = factories.nomination_in(
        NominationState.CLEARED, cycle=cycle, excluded_reviewers="Please not Rita Moss."
    )
    factories.nomination_in(NominationState.VETTING, cycle=cycle)  # not the panel's yet
    rita = factories.seat(
        cycle, factories.panelist(email="rita@harbor.org", full_name="Rita Moss"), attested=False
    )
    other = factories.seat(cycle, factories.panelist(email="ben@gmail.com", full_name="Ben Ode"))
    return staff, cycle, harbor, listed, rita, other


@pytest.mark.django_db
def test_conflicts_suggest_creates_suggestions_for_new_pairs_and_audits_the_count():
    staff, cycle, harbor, listed, rita, other = suggestion_setup()

    created = conflicts_suggest(cycle=cycle, actor=staff)

    rows = list(
        Conflict.objects.order_by("nomination").values_list(
            "nomination", "member", "status", "kind", "reason"
        )
    )
    assert rows == [
        (
            harbor.pk,
            rita.pk,
            "suggested",
            "other",
            "Their email domain harbor.org is that of the nominee contact's email.",
        ),
        (
            listed.pk,
            rita.pk,
            "suggested",
            "other",
            "The nominator's “do not review” list mentions their name.",
        ),
    ]
    assert len(created) == 2
    event = AuditEvent.objects.get()
    assert (event.action, event.object_id, event.note, event.data["count"]) == (
        "conflict.suggest",
        str(cycle.pk),
        "2 new suggested conflicts.",
        2,
    )


@pytest.mark.django_db
def test_conflicts_suggest_never_overrides_a_declaration_or_a_staff_decision():
    staff, cycle, harbor, listed, rita, other = suggestion_setup()
    factories.conflict(harbor, rita, status=ConflictStatus.DISMISSED, reason="Checked: no.")
    factories.conflict(listed, rita, status=ConflictStatus.DECLARED, reason="Mine.")

    created = conflicts_suggest(cycle=cycle, actor=staff)

    assert created == []
    assert sorted(Conflict.objects.values_list("status", "reason")) == [
        ("declared", "Mine."),
        ("dismissed", "Checked: no."),
    ]
    assert AuditEvent.objects.get().note == "0 new suggested conflicts."


@pytest.mark.django_db
def test_conflicts_suggest_refuses_non_staff():
    _, cycle, *_ = suggestion_setup()

    with pytest.raises(NotPermitted):
        conflicts_suggest(cycle=cycle, actor=factories.panelist())

    assert (Conflict.objects.count(), AuditEvent.objects.count()) == (0, 0)


# -- decisions ------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("before", "decision", "after"),
    [
        ("suggested", "confirm", "confirmed"),
        ("declared", "confirm", "confirmed"),
        ("suggested", "dismiss", "dismissed"),
        ("declared", "waive", "waived"),
        ("confirmed", "waive", "waived"),
    ],
)
def test_conflict_decide_records_decision_and_audits(before, decision, after):
    cycle, [nomination], [member] = review_setup()
    conflict = factories.conflict(nomination, member, status=before)
    staff = factories.award_staff()

    conflict_decide(conflict=conflict, actor=staff, decision=decision, reason=" Checked. ")

    conflict.refresh_from_db()
    assert (conflict.status, conflict.decided_by, conflict.decision_reason) == (
        after,
        staff,
        "Checked.",
    )
    assert conflict.decided_at is not None
    event = AuditEvent.objects.get()
    assert (event.action, event.from_state, event.to_state, event.note) == (
        "conflict.decide",
        before,
        after,
        "Checked.",
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("before", "decision"),
    [
        ("declared", "dismiss"),
        ("confirmed", "dismiss"),
        ("suggested", "waive"),
        ("waived", "confirm"),
        ("dismissed", "waive"),
    ],
)
def test_conflict_decide_refuses_a_decision_the_status_does_not_allow(before, decision):
    cycle, [nomination], [member] = review_setup()
    conflict = factories.conflict(nomination, member, status=before)

    with pytest.raises(IllegalTransition):
        conflict_decide(
            conflict=conflict, actor=factories.award_staff(), decision=decision, reason="x"
        )

    conflict.refresh_from_db()
    assert (conflict.status, conflict.decided_by) == (before, None)
    assert AuditEvent.objects.count() == 0


@pytest.mark.django_db
def test_conflict_decide_requires_a_reason_and_staff():
    cycle, [nomination], [member] = review_setup()
    conflict = factories.conflict(nomination, member, status="suggested")

    with pytest.raises(InvalidInput) as raised:
        conflict_decide(
            conflict=conflict, actor=factories.award_staff(), decision="dismiss", reason=" "
        )
    with pytest.raises(NotPermitted):
        conflict_decide(conflict=conflict, actor=member.user, decision="dismiss", reason="x")

    assert raised.value.message == "Give the reason for your decision."
    conflict.refresh_from_db()
    assert conflict.status == "suggested"
    assert AuditEvent.objects.count() == 0


@pytest.mark.django_db
def test_conflict_decide_refused_records_the_status_that_refused_it():
    cycle, [nomination], [member] = review_setup()
    conflict = factories.conflict(nomination, member, status="suggested")
    staff, other_staff = factories.award_staff(), factories.award_staff()
    # Another member of staff decides while `staff` has the page showing "suggested" open.
    conflict_decide(conflict=conflict, actor=other_staff, decision="confirm", reason="Cousin.")
    events = AuditEvent.objects.count()

    with recording_refusals(), pytest.raises(ConflictError) as raised:
        conflict_decide(
            conflict=conflict,
            actor=staff,
            decision="dismiss",
            reason="Not related.",
            seen_status="suggested",
        )

    [event] = AuditEvent.objects.order_by("pk")[events:]
    assert (event.action, event.outcome, event.actor, event.actor_role) == (
        "conflict.decide",
        "denied",
        staff,
        Role.AWARD_STAFF.value,
    )
    assert (event.object_id, event.from_state, event.note, event.data) == (
        str(nomination.pk),
        "confirmed",
        raised.value.message,
        {"conflict": conflict.pk, "member": member.pk, "decision": "dismiss"},
    )


# -- only while assignments may change (closed, review) -------------------------------------

CLOSED_STATES = [
    (CycleState.SELECTION, NominationState.SHORTLISTED),
    (CycleState.ANNOUNCED, NominationState.SELECTED),
    (CycleState.ARCHIVED, NominationState.NOT_SELECTED),
]


def close_review(cycle, nomination, cycle_state, nomination_state):
    """Move the rows past panel review behind the services' back (as the workflow would)."""
    Cycle.objects.filter(pk=cycle.pk).update(state=cycle_state)
    Nomination.objects.filter(pk=nomination.pk).update(state=nomination_state)


@pytest.mark.django_db
@pytest.mark.parametrize(("cycle_state", "nomination_state"), CLOSED_STATES)
@pytest.mark.parametrize(
    ("before", "decision"),
    [("suggested", "confirm"), ("suggested", "dismiss"), ("confirmed", "waive")],
)
def test_conflict_decide_refused_once_panel_review_closed(
    cycle_state, nomination_state, before, decision
):
    cycle, [nomination], [member] = review_setup()
    conflict = factories.conflict(nomination, member, status=before)
    close_review(cycle, nomination, cycle_state, nomination_state)
    conflict = Conflict.objects.select_related("nomination__cycle").get(pk=conflict.pk)

    with pytest.raises(IllegalTransition) as raised:
        conflict_decide(
            conflict=conflict, actor=factories.award_staff(), decision=decision, reason="x"
        )

    assert raised.value.message == rules.CONFLICTS_CLOSED_MESSAGE
    conflict.refresh_from_db()
    assert (conflict.status, conflict.decided_by, conflict.decision_reason) == (before, None, "")
    assert AuditEvent.objects.count() == 0


@pytest.mark.django_db
def test_conflict_decide_rechecks_the_cycle_under_the_lock():
    """A copy read while the cycle was in review does not let a decision through."""
    cycle, [nomination], [member] = review_setup()
    conflict = Conflict.objects.select_related("nomination__cycle").get(
        pk=factories.conflict(nomination, member, status="confirmed").pk
    )
    close_review(cycle, nomination, CycleState.SELECTION, NominationState.SHORTLISTED)
    assert conflict.nomination.cycle.state == CycleState.REVIEW  # the stale copy

    with pytest.raises(IllegalTransition):
        conflict_decide(
            conflict=conflict, actor=factories.award_staff(), decision="waive", reason="x"
        )

    assert Conflict.objects.get(pk=conflict.pk).status == "confirmed"
    assert AuditEvent.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("cycle_state", [CycleState.CLOSED, CycleState.REVIEW])
def test_conflict_decide_allowed_while_closed_or_in_review(cycle_state):
    cycle, [nomination], [member] = review_setup()
    Cycle.objects.filter(pk=cycle.pk).update(state=cycle_state)
    conflict = Conflict.objects.select_related("nomination__cycle").get(
        pk=factories.conflict(nomination, member, status="declared").pk
    )

    conflict_decide(conflict=conflict, actor=factories.award_staff(), decision="waive", reason="x")

    assert Conflict.objects.get(pk=conflict.pk).status == "waived"


@pytest.mark.django_db
@pytest.mark.parametrize(("cycle_state", "nomination_state"), CLOSED_STATES)
def test_conflicts_suggest_refused_once_panel_review_closed(cycle_state, nomination_state):
    staff, cycle, harbor, *_ = suggestion_setup()
    close_review(cycle, harbor, cycle_state, nomination_state)
    cycle.refresh_from_db()

    with pytest.raises(IllegalTransition) as raised:
        conflicts_suggest(cycle=cycle, actor=staff)

    assert raised.value.message == rules.CONFLICTS_CLOSED_MESSAGE
    assert (Conflict.objects.count(), AuditEvent.objects.count()) == (0, 0)


@pytest.mark.django_db
@pytest.mark.parametrize(("cycle_state", "nomination_state"), CLOSED_STATES)
def test_conflict_declare_refused_once_panel_review_closed(cycle_state, nomination_state):
    cycle, [nomination], [member] = review_setup()
    factories.review_of(nomination, member, overall=1)
    close_review(cycle, nomination, cycle_state, nomination_state)
    nomination = Nomination.objects.select_related("cycle").get(pk=nomination.pk)

    assert not rules.can_declare_conflict(member.user, nomination, seat=member)
    with pytest.raises(IllegalTransition) as raised:
        conflict_declare(nomination=nomination, member=member, kind="other", reason="Changed.")

    assert raised.value.message == rules.CONFLICTS_CLOSED_MESSAGE
    assert (Conflict.objects.count(), AuditEvent.objects.count()) == (0, 0)


@pytest.mark.django_db
def test_conflict_declare_rechecks_the_cycle_under_the_lock():
    cycle, [nomination], [member] = review_setup()
    stale = Nomination.objects.select_related("cycle").get(pk=nomination.pk)
    close_review(cycle, nomination, CycleState.SELECTION, NominationState.SHORTLISTED)

    with pytest.raises(IllegalTransition):
        conflict_declare(nomination=stale, member=member, kind="other", reason="Changed.")

    assert (Conflict.objects.count(), AuditEvent.objects.count()) == (0, 0)


@pytest.mark.django_db
def test_conflict_declare_allowed_while_the_cycle_is_closed():
    cycle, [nomination], [member] = review_setup()
    Cycle.objects.filter(pk=cycle.pk).update(state=CycleState.CLOSED)
    Nomination.objects.filter(pk=nomination.pk).update(state=NominationState.CLEARED)
    nomination = Nomination.objects.select_related("cycle").get(pk=nomination.pk)

    conflict = conflict_declare(nomination=nomination, member=member, kind="other", reason="Yes.")

    assert conflict.status == "declared"


@pytest.mark.parametrize("decision", DECISIONS)
def test_conflict_decisions_are_the_sources_and_targets_of_their_transitions(decision):
    """The pages offer a decision from DECISIONS' statuses; the service makes it through
    the Conflict transition of the same name. The two must agree."""
    allowed_from, to_status = DECISIONS[decision]
    field = Conflict._meta.get_field("status")
    transitions = [t for t in field.get_all_transitions(Conflict) if t.name == decision]

    assert {t.source for t in transitions} == allowed_from
    assert {t.target for t in transitions} == {to_status}
