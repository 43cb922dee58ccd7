import pytest

from accounts.roles import Role
from core.audit_context import recording_refusals
from core.exceptions import IllegalTransition, NotPermitted, TransitionBlocked
from core.models import AuditEvent
from nominations.models import Nomination
from nominations.services.cycle import (
    cycle_announce,
    cycle_archive,
    cycle_close,
    cycle_open,
    cycle_start_review,
    cycle_start_selection,
)
from nominations.states import CycleState, NominationState
from tests.factories import (
    CycleFactory,
    actor_named,
    award_staff,
    citations_approved,
    cycle_ready_for,
    nomination_in,
    panel_ready,
)

# transition: (service, source states, target state)
CYCLE_TABLE = {
    "open": (cycle_open, {CycleState.SETUP}, CycleState.OPEN),
    "close": (cycle_close, {CycleState.OPEN}, CycleState.CLOSED),
    "start_review": (cycle_start_review, {CycleState.CLOSED}, CycleState.REVIEW),
    "start_selection": (cycle_start_selection, {CycleState.REVIEW}, CycleState.SELECTION),
    "announce": (cycle_announce, {CycleState.SELECTION}, CycleState.ANNOUNCED),
    "archive": (cycle_archive, {CycleState.ANNOUNCED}, CycleState.ARCHIVED),
}
CYCLE_ACTORS = ("nominator", "staff", "panelist", "official", "anonymous")


@pytest.mark.django_db
@pytest.mark.parametrize("actor_name", CYCLE_ACTORS)
@pytest.mark.parametrize("transition", CYCLE_TABLE)
@pytest.mark.parametrize("state", CycleState.values)
def test_cycle_transition_table(state, transition, actor_name):
    service, sources, target = CYCLE_TABLE[transition]
    cycle = cycle_ready_for(transition, state=state)
    actor = actor_named(actor_name)

    if state not in sources or actor_name != "staff":
        expected = IllegalTransition if state not in sources else NotPermitted
        with pytest.raises(expected):
            service(cycle=cycle, actor=actor, note="table")
        cycle.refresh_from_db()
        assert cycle.state == state
        assert AuditEvent.objects.count() == 0
        return

    service(cycle=cycle, actor=actor, note="table")

    cycle.refresh_from_db()
    assert cycle.state == target
    # start_review also sends the cleared nominations on; see the test below.
    event = AuditEvent.objects.get(object_type="nominations.cycle")
    assert (event.action, event.from_state, event.to_state, event.actor_role) == (
        f"cycle.{transition}",
        state,
        target,
        Role.AWARD_STAFF.value,
    )
    assert (event.actor_id, event.object_type, event.object_id, event.note) == (
        actor.pk,
        "nominations.cycle",
        str(cycle.pk),
        "table",
    )


@pytest.mark.django_db
def test_cycle_open_without_rubric_or_checklist_is_blocked_with_reasons(staff):
    cycle = CycleFactory(configured=False)

    with pytest.raises(TransitionBlocked) as caught:
        cycle_open(cycle=cycle, actor=staff)

    assert caught.value.reasons == [
        "the rubric has no criteria",
        "the eligibility checklist has no items",
    ]
    assert caught.value.message == (
        "cannot open: the rubric has no criteria; the eligibility checklist has no items"
    )
    cycle.refresh_from_db()
    assert cycle.state == CycleState.SETUP
    assert AuditEvent.objects.count() == 0


@pytest.mark.django_db
def test_cycle_open_without_window_or_cap_within_program_is_blocked(staff):
    cycle = CycleFactory(opens_at=None, performance_end=None, award_cap=6)

    with pytest.raises(TransitionBlocked) as caught:
        cycle_open(cycle=cycle, actor=staff)

    assert caught.value.reasons == [
        "the nomination window has no opening date or deadline",
        "the performance window is not set",
        "the award cap must be between 1 and the program's cap of 5",
    ]


@pytest.mark.django_db
def test_cycle_start_review_sends_every_cleared_nomination_to_the_panel(staff):
    cycle = CycleFactory(state=CycleState.CLOSED)
    first = nomination_in(NominationState.CLEARED, cycle=cycle)
    second = nomination_in(NominationState.CLEARED, cycle=cycle)
    set_aside = nomination_in(NominationState.INELIGIBLE, cycle=cycle)
    panel_ready(cycle, nominations=[first, second])

    cycle_start_review(cycle=cycle, actor=staff)

    states = dict(cycle.nominations.values_list("pk", "state"))
    assert states == {
        first.pk: NominationState.IN_REVIEW,
        second.pk: NominationState.IN_REVIEW,
        set_aside.pk: NominationState.INELIGIBLE,
    }
    events = AuditEvent.objects.order_by("pk").values_list("action", "object_id", "to_state")
    assert list(events) == [
        ("cycle.start_review", str(cycle.pk), CycleState.REVIEW),
        ("nomination.send_to_panel", str(first.pk), NominationState.IN_REVIEW),
        ("nomination.send_to_panel", str(second.pk), NominationState.IN_REVIEW),
    ]


@pytest.mark.django_db
def test_cycle_start_review_leaves_the_actors_own_nomination_for_another_staff_member(staff):
    cycle = CycleFactory(state=CycleState.CLOSED)
    own = nomination_in(NominationState.CLEARED, cycle=cycle, nominator=staff)
    panel_ready(cycle, nominations=[own])

    cycle_start_review(cycle=cycle, actor=staff)

    own.refresh_from_db()
    assert own.state == NominationState.CLEARED
    assert list(AuditEvent.objects.values_list("action", flat=True)) == ["cycle.start_review"]


@pytest.mark.django_db
def test_cycle_start_review_needs_attested_panel_and_assignments(staff):
    cycle = CycleFactory(state=CycleState.CLOSED)
    nomination_in(NominationState.CLEARED, cycle=cycle)

    with pytest.raises(TransitionBlocked) as caught:
        cycle_start_review(cycle=cycle, actor=staff)

    assert caught.value.reasons == [
        "the panel has no panelist who has signed the attestation",
        "some cleared nominations have no panelist assigned who can score them",
    ]


@pytest.mark.django_db
def test_cycle_start_review_with_one_unassigned_nomination_is_blocked(staff):
    cycle = CycleFactory(state=CycleState.CLOSED)
    panel_ready(cycle, nominations=[nomination_in(NominationState.CLEARED, cycle=cycle)])
    nomination_in(NominationState.CLEARED, cycle=cycle)

    with pytest.raises(TransitionBlocked) as caught:
        cycle_start_review(cycle=cycle, actor=staff)

    assert caught.value.reasons == [
        "some cleared nominations have no panelist assigned who can score them"
    ]


@pytest.mark.django_db
def test_cycle_start_selection_with_undecided_reviews_is_blocked(staff):
    cycle = CycleFactory(state=CycleState.REVIEW)
    nomination_in(NominationState.IN_REVIEW, cycle=cycle)

    with pytest.raises(TransitionBlocked) as caught:
        cycle_start_selection(cycle=cycle, actor=staff)

    assert caught.value.reasons == [
        "some nominations in review are neither advanced nor set aside",
        "the slate is empty: no nomination has been advanced",
    ]


@pytest.mark.django_db
def test_cycle_announce_needs_approved_citations_and_decisions(staff):
    cycle = CycleFactory(state=CycleState.SELECTION)
    nomination_in(NominationState.SHORTLISTED, cycle=cycle)
    selected = nomination_in(NominationState.SELECTED, cycle=cycle)

    with pytest.raises(TransitionBlocked) as caught:
        cycle_announce(cycle=cycle, actor=staff)

    assert caught.value.reasons == [
        "the selecting official has not decided on every nomination on the slate",
        f"{selected.nominee} has no approved short and full citation",
    ]


@pytest.mark.django_db
def test_cycle_announce_over_the_cap_is_blocked(staff):
    cycle = CycleFactory(state=CycleState.SELECTION, award_cap=1)
    for _ in range(2):
        citations_approved(nomination_in(NominationState.SELECTED, cycle=cycle), by=staff)

    with pytest.raises(TransitionBlocked) as caught:
        cycle_announce(cycle=cycle, actor=staff)

    assert caught.value.reasons == ["more nominations are selected than the award cap of 1"]


@pytest.mark.django_db
def test_cycle_archive_with_selected_but_unawarded_nomination_is_blocked(staff):
    cycle = CycleFactory(state=CycleState.ANNOUNCED)
    nomination_in(NominationState.SELECTED, cycle=cycle)

    with pytest.raises(TransitionBlocked) as caught:
        cycle_archive(cycle=cycle, actor=staff)

    assert caught.value.reasons == ["some selected nominations have not been awarded"]


@pytest.mark.django_db
def test_cycle_illegal_move_message_names_the_state():
    cycle = CycleFactory(state=CycleState.ARCHIVED)

    with pytest.raises(IllegalTransition) as caught:
        cycle_open(cycle=cycle, actor=award_staff())

    assert (
        caught.value.message
        == "“Open for nominations” is not possible for a cycle that is Archived."
    )


@pytest.mark.django_db
def test_cycle_transition_saves_only_the_state_not_a_stale_reference_counter(staff):
    cycle = CycleFactory(state=CycleState.OPEN)
    stale = type(cycle).objects.get(pk=cycle.pk)
    nomination_in(NominationState.SUBMITTED, cycle=cycle)  # bumps the counter to 1

    cycle_close(cycle=stale, actor=staff)

    cycle.refresh_from_db()
    assert (cycle.state, cycle.reference_counter) == (CycleState.CLOSED, 1)


@pytest.mark.django_db
def test_cycle_full_save_does_not_write_back_a_stale_reference_counter():
    cycle = CycleFactory(state=CycleState.OPEN)
    stale = type(cycle).objects.get(pk=cycle.pk)
    nomination_in(NominationState.SUBMITTED, cycle=cycle)

    stale.presentation_place = "Washington, DC"
    stale.save()

    cycle.refresh_from_db()
    assert (cycle.presentation_place, cycle.reference_counter) == ("Washington, DC", 1)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("unvetted_state", "reason"),
    [
        (
            NominationState.SUBMITTED,
            "1 nomination is submitted and not yet in vetting (PA-2022-0002): start vetting, "
            "then clear it for the panel or mark it ineligible",
        ),
        (
            NominationState.VETTING,
            "1 nomination is still in vetting (PA-2022-0002): clear it for the panel or mark "
            "it ineligible",
        ),
        (
            NominationState.RETURNED,
            "1 nomination is returned for information (PA-2022-0002): take it back into "
            "vetting from its page (or wait for the nominator's response, or extend the due "
            "date), then clear it for the panel or mark it ineligible",
        ),
    ],
)
def test_cycle_start_review_while_nominations_are_still_vetted_is_blocked(
    staff, unvetted_state, reason
):
    cycle = CycleFactory(state=CycleState.CLOSED, award_year=2022)
    panel_ready(cycle, nominations=[nomination_in(NominationState.CLEARED, cycle=cycle)])
    nomination_in(unvetted_state, cycle=cycle)
    events_before = AuditEvent.objects.count()

    with pytest.raises(TransitionBlocked) as caught:
        cycle_start_review(cycle=cycle, actor=staff)

    assert caught.value.reasons == [reason]
    cycle.refresh_from_db()
    assert cycle.state == CycleState.CLOSED
    assert AuditEvent.objects.count() == events_before


@pytest.mark.django_db
def test_cycle_start_review_ignores_assignments_of_a_removed_panelist(staff):
    from django.utils import timezone

    cycle = CycleFactory(state=CycleState.CLOSED)
    cleared = nomination_in(NominationState.CLEARED, cycle=cycle)
    removed = panel_ready(cycle, nominations=[cleared])
    removed.removed_at = timezone.now()
    removed.save()
    panel_ready_member = type(removed).objects.create(
        panel=removed.panel,
        user=removed.user.__class__.objects.create_user("p2@example.org"),
        attested_at=timezone.now(),
        attestation_name="Second Panelist",
    )
    assert panel_ready_member.assignments.count() == 0

    with pytest.raises(TransitionBlocked) as caught:
        cycle_start_review(cycle=cycle, actor=staff)

    assert caught.value.reasons == [
        "some cleared nominations have no panelist assigned who can score them"
    ]
    cycle.refresh_from_db()
    assert cycle.state == CycleState.CLOSED


@pytest.mark.django_db
def test_cycle_announce_respects_the_program_cap_when_the_cycle_cap_is_higher(staff):
    from tests.factories import citations_approved

    cycle = CycleFactory(state=CycleState.SELECTION, award_cap=5)
    cycle.program.award_cap = 1
    cycle.program.save()
    for _ in range(2):
        citations_approved(nomination_in(NominationState.SELECTED, cycle=cycle), by=staff)

    with pytest.raises(TransitionBlocked) as caught:
        cycle_announce(cycle=cycle, actor=staff)

    assert caught.value.reasons == ["more nominations are selected than the award cap of 1"]


def _blocked_start_review_setup():
    """A closed cycle, one cleared nomination, and its only assignment (a signed seat)."""
    from reviews.models import Assignment

    cycle = CycleFactory(state=CycleState.CLOSED)
    cleared = nomination_in(NominationState.CLEARED, cycle=cycle)
    member = panel_ready(cycle, nominations=[cleared])
    return cycle, cleared, Assignment.objects.get(nomination=cleared, member=member)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "why", ["declined", "declared", "confirmed", "suggested", "declined_and_waived"]
)
def test_cycle_start_review_refuses_a_nomination_whose_only_assignment_cannot_score(staff, why):
    from django.utils import timezone

    from reviews.models import Conflict
    from reviews.states import ConflictKind

    cycle, cleared, assignment = _blocked_start_review_setup()
    if why.startswith("declined"):
        assignment.declined_at = timezone.now()
        assignment.decline_reason = "Too busy."
        assignment.save()
    status = "waived" if why == "declined_and_waived" else why
    if why != "declined":
        Conflict.objects.create(
            nomination=cleared,
            member=assignment.member,
            kind=ConflictKind.OTHER,
            reason="Same lab.",
            status=status,
        )

    assert cycle.start_review_blockers() == [
        "some cleared nominations have no panelist assigned who can score them"
    ]
    with pytest.raises(TransitionBlocked):
        cycle_start_review(cycle=cycle, actor=staff)

    cycle.refresh_from_db()
    cleared.refresh_from_db()
    assert (cycle.state, cleared.state) == (CycleState.CLOSED, NominationState.CLEARED)
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["dismissed", "waived"])
def test_cycle_start_review_counts_an_assignment_whose_conflict_staff_set_aside(staff, status):
    from reviews.models import Conflict
    from reviews.states import ConflictKind

    cycle, cleared, assignment = _blocked_start_review_setup()
    Conflict.objects.create(
        nomination=cleared,
        member=assignment.member,
        kind=ConflictKind.OTHER,
        reason="Same domain.",
        status=status,
    )

    assert cycle.start_review_blockers() == []
    cycle_start_review(cycle=cycle, actor=staff)

    cycle.refresh_from_db()
    assert cycle.state == CycleState.REVIEW


@pytest.mark.django_db
def test_cycle_start_review_counts_a_live_assignment_beside_a_declined_one(staff):
    from django.utils import timezone

    from reviews.models import Assignment, PanelMember

    cycle, cleared, assignment = _blocked_start_review_setup()
    assignment.declined_at = timezone.now()
    assignment.decline_reason = "Too busy."
    assignment.save()
    other = PanelMember.objects.create(
        panel=assignment.member.panel,
        user=assignment.member.user.__class__.objects.create_user("p3@example.org"),
        attested_at=timezone.now(),
        attestation_name="Third Panelist",
    )
    Assignment.objects.create(nomination=cleared, member=other)

    assert cycle.start_review_blockers() == []


# -- refusals on record ------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_refused_cycle_move_records_the_guards_reasons_as_the_cycle_page_says_them(staff):
    cycle = CycleFactory(configured=False)

    with recording_refusals(), pytest.raises(TransitionBlocked):
        cycle_open(cycle=cycle, actor=staff, note="Opening.")

    event = AuditEvent.objects.get()
    assert (event.action, event.outcome, event.actor, event.actor_role, event.from_state) == (
        "cycle.open",
        "denied",
        staff,
        Role.AWARD_STAFF.value,
        CycleState.SETUP,
    )
    assert (event.object_type, event.object_id, event.note) == (
        "nominations.cycle",
        str(cycle.pk),
        "the rubric has no criteria; the eligibility checklist has no items.",
    )


@pytest.mark.django_db
def test_start_review_refused_by_a_nomination_it_sends_is_recorded_once_as_the_cycle_move(
    staff, monkeypatch
):
    cycle = CycleFactory(state=CycleState.CLOSED)
    cleared = nomination_in(NominationState.CLEARED, cycle=cycle)
    panel_ready(cycle, nominations=[cleared])
    # The cycle moves, then sending the nomination on is refused inside the same
    # transaction: the runner of the nomination's move leaves the record to the cycle's.
    monkeypatch.setattr(
        Nomination, "review_phase_blockers", lambda self: ["the panel is not sitting"]
    )

    with recording_refusals(), pytest.raises(TransitionBlocked):
        cycle_start_review(cycle=cycle, actor=staff)

    cycle.refresh_from_db()
    cleared.refresh_from_db()
    assert (cycle.state, cleared.state) == (CycleState.CLOSED, NominationState.CLEARED)
    # The cycle's "done" event rolled back with the move; the refusal is recorded once.
    assert list(AuditEvent.objects.values_list("action", "outcome", "from_state", "note")) == [
        ("cycle.start_review", "denied", CycleState.CLOSED, "the panel is not sitting.")
    ]


@pytest.mark.django_db
def test_cycle_start_review_blockers_name_each_unvetted_nomination_by_state():
    import datetime as dt

    from django.utils import timezone

    cycle = CycleFactory(state=CycleState.CLOSED, award_year=2022)
    panel_ready(cycle, nominations=[nomination_in(NominationState.CLEARED, cycle=cycle)])
    today = timezone.localdate(timezone=cycle.zone)
    for state in [NominationState.VETTING] * 2:
        nomination_in(state, cycle=cycle)
    nomination_in(NominationState.RETURNED, cycle=cycle, info_due_date=today)
    nomination_in(NominationState.RETURNED, cycle=cycle, info_due_date=today - dt.timedelta(days=1))
    for _ in range(11):
        nomination_in(NominationState.SUBMITTED, cycle=cycle)

    assert cycle.start_review_blockers() == [
        "11 nominations are submitted and not yet in vetting (PA-2022-0006, PA-2022-0007, "
        "PA-2022-0008, PA-2022-0009, PA-2022-0010, PA-2022-0011, PA-2022-0012, PA-2022-0013, "
        "PA-2022-0014, PA-2022-0015 and 1 more): start vetting, then clear each for the "
        "panel or mark it ineligible",
        "2 nominations are still in vetting (PA-2022-0002, PA-2022-0003): clear each for the "
        "panel or mark it ineligible",
        "2 nominations are returned for information (PA-2022-0004; PA-2022-0005, response "
        "overdue): take each back into vetting from its page (or wait for the nominator's "
        "response, or extend the due date), then clear it for the panel or mark it ineligible",
    ]


@pytest.mark.django_db
def test_an_overdue_return_stops_blocking_start_review_once_staff_decide(staff):
    import datetime as dt

    from django.utils import timezone

    from nominations.services.nomination import nomination_mark_ineligible, nomination_take_back

    cycle = CycleFactory(state=CycleState.CLOSED)
    panel_ready(cycle, nominations=[nomination_in(NominationState.CLEARED, cycle=cycle)])
    overdue = nomination_in(
        NominationState.RETURNED,
        cycle=cycle,
        info_due_date=timezone.localdate(timezone=cycle.zone) - dt.timedelta(days=3),
    )
    with pytest.raises(TransitionBlocked):
        cycle_start_review(cycle=cycle, actor=staff)

    nomination_take_back(nomination=overdue, actor=staff, reason="No answer by the due date.")
    nomination_mark_ineligible(nomination=overdue, actor=staff, reason="Dates never supplied.")
    cycle_start_review(cycle=cycle, actor=staff)

    cycle.refresh_from_db()
    assert cycle.state == CycleState.REVIEW
