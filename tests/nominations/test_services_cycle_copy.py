"""Copying a cycle: exactly what comes across, what never does, the audit, refusals."""

import datetime as dt
from decimal import Decimal

import pytest

from core.exceptions import InvalidInput, NotPermitted
from core.models import AuditEvent
from nominations.models import Announcement, ChecklistItem, Cycle, Nomination, RubricCriterion
from nominations.services.cycle_copy import cycle_copy, shifted_by_years
from nominations.states import CycleState, NominationState
from reviews.models import Panel, PanelInvitation, PanelMember, Review
from tests import factories

pytestmark = pytest.mark.django_db
UTC = dt.UTC


@pytest.fixture
def source(staff):
    """An announced cycle set up in full, with nominations, a panel, reviews and outputs."""
    cycle = factories.CycleFactory(
        award_year=2024,
        state=CycleState.ANNOUNCED,
        configured=False,
        time_zone="America/Chicago",
        opens_at=dt.datetime(2024, 9, 1, 14, 0, tzinfo=UTC),
        deadline=dt.datetime(2025, 1, 15, 22, 0, tzinfo=UTC),
        performance_start=dt.date(2024, 1, 1),
        performance_end=dt.date(2024, 12, 31),
        presentation_date=dt.date(2025, 2, 28),
        award_cap=4,
        public_call=False,
        privacy_authority="22 U.S.C. 7103",
        privacy_purpose="To assess nominations.",
        privacy_routine_uses="Routine uses A and B.",
        privacy_disclosure="Voluntary.",
        privacy_notice_url="https://example.gov/privacy",
        pra_control_number="1405-0001",
        pra_expires_on=dt.date(2026, 6, 30),
        pra_burden_minutes=45,
        pra_statement="Public reporting burden …",
        signatory_name="A. Secretary",
        signatory_title="Secretary of State",
        presentation_event="the annual meeting",
        presentation_place="the White House",
    )
    # Out of order in the database, ordered by position: the copy keeps the order.
    RubricCriterion.objects.create(
        cycle=cycle, position=5, name="Reach", description="Who", weight=Decimal("1.50")
    )
    RubricCriterion.objects.create(cycle=cycle, position=0, name="Impact", description="What")
    ChecklistItem.objects.create(cycle=cycle, position=2, text="Clearance", required=False)
    ChecklistItem.objects.create(cycle=cycle, position=1, text="Eligible", help_text="Statute")
    Announcement.objects.create(
        cycle=cycle,
        statement_date=dt.date(2025, 3, 1),
        headline="Secretary presents the award",
        context_paragraph="Context.",
        meeting_sentence="At the meeting …",
        commitments="One\nTwo",
        closing_sentence="Closing.",
        third_person=True,
    )
    factories.panel_of(
        cycle,
        attestation_text="I attest.",
        reviewers_per_nomination=2,
        max_per_panelist=7,
        review_due=dt.date(2025, 2, 10),
        blind_review=True,
        show_scores_after_submit=True,
    )
    factories.seat(cycle)
    factories.nomination_in(NominationState.AWARDED, cycle=cycle)
    return cycle


def test_cycle_copy_copies_the_setup_and_shifts_the_dates(staff, source):
    cycle = cycle_copy(source=source, actor=staff, year=2025)

    cycle = Cycle.objects.get(pk=cycle.pk)
    assert (cycle.program, cycle.award_year, cycle.state, cycle.reference_counter) == (
        source.program,
        2025,
        CycleState.SETUP,
        0,
    )
    copied = [
        "time_zone",
        "public_call",
        "award_cap",
        "privacy_authority",
        "privacy_purpose",
        "privacy_routine_uses",
        "privacy_disclosure",
        "privacy_notice_url",
        "pra_control_number",
        "pra_expires_on",
        "pra_burden_minutes",
        "pra_statement",
        "signatory_name",
        "signatory_title",
        "presentation_event",
        "presentation_place",
    ]
    assert {name: getattr(cycle, name) for name in copied} == {
        name: getattr(source, name) for name in copied
    }
    # 9 a.m. in Chicago stays 9 a.m. in Chicago, a year on.
    assert cycle.opens_at == dt.datetime(2025, 9, 1, 14, 0, tzinfo=UTC)
    assert cycle.deadline == dt.datetime(2026, 1, 15, 22, 0, tzinfo=UTC)
    assert (cycle.performance_start, cycle.performance_end, cycle.presentation_date) == (
        dt.date(2025, 1, 1),
        dt.date(2025, 12, 31),
        dt.date(2026, 2, 28),
    )
    assert list(cycle.rubric_criteria.values_list("position", "name", "description", "weight")) == [
        (1, "Impact", "What", Decimal("1.00")),
        (2, "Reach", "Who", Decimal("1.50")),
    ]
    assert list(cycle.checklist_items.values_list("position", "text", "help_text", "required")) == [
        (1, "Eligible", "Statute", True),
        (2, "Clearance", "", False),
    ]
    statement = Announcement.objects.get(cycle=cycle)
    assert (
        statement.statement_date,
        statement.headline,
        statement.context_paragraph,
        statement.meeting_sentence,
        statement.commitments,
        statement.closing_sentence,
        statement.third_person,
    ) == (
        dt.date(2026, 3, 1),
        "Secretary presents the award",
        "Context.",
        "At the meeting …",
        "One\nTwo",
        "Closing.",
        True,
    )
    panel = Panel.objects.get(cycle=cycle)
    assert (
        panel.attestation_text,
        panel.reviewers_per_nomination,
        panel.max_per_panelist,
        panel.review_due,
        panel.blind_review,
        panel.show_scores_after_submit,
    ) == ("I attest.", 2, 7, dt.date(2026, 2, 10), True, True)


def test_cycle_copy_never_copies_what_happened_in_the_source(staff, source):
    before = (Nomination.objects.count(), PanelMember.objects.count(), Review.objects.count())

    cycle = cycle_copy(source=source, actor=staff, year=2025)

    assert not cycle.nominations.exists()
    assert not PanelMember.objects.filter(panel__cycle=cycle).exists()
    assert not PanelInvitation.objects.filter(panel__cycle=cycle).exists()
    assert not Review.objects.filter(nomination__cycle=cycle).exists()
    assert not hasattr(Cycle.objects.get(pk=cycle.pk), "decision")
    assert (
        Nomination.objects.count(),
        PanelMember.objects.count(),
        Review.objects.count(),
    ) == before
    # The source is untouched.
    assert list(source.rubric_criteria.values_list("position", flat=True)) == [0, 5]


def test_cycle_copy_leaves_the_dates_blank_when_staff_set_them(staff, source):
    cycle = cycle_copy(source=source, actor=staff, year=2026, shift_dates=False)

    cycle = Cycle.objects.get(pk=cycle.pk)
    assert (
        cycle.opens_at,
        cycle.deadline,
        cycle.performance_start,
        cycle.performance_end,
        cycle.presentation_date,
        Announcement.objects.get(cycle=cycle).statement_date,
        Panel.objects.get(cycle=cycle).review_due,
    ) == (None, None, None, None, None, None, None)
    assert cycle.pra_expires_on == source.pra_expires_on


def test_cycle_copy_records_one_audit_event(staff, source):
    cycle = cycle_copy(source=source, actor=staff, year=2025)

    event = AuditEvent.objects.get(action="cycle.copy")
    assert (event.actor, event.object_id, event.to_state, event.outcome, event.data) == (
        staff,
        str(cycle.pk),
        CycleState.SETUP,
        "done",
        {
            "source": source.pk,
            "program": source.program.pk,
            "award_year": 2025,
            "rubric_criteria": 2,
            "checklist_items": 2,
            "parts": ["press statement", "panel settings"],
            "dates": "shifted",
        },
    )


def test_cycle_copy_of_a_bare_cycle_copies_no_statement_or_panel(staff):
    source = factories.CycleFactory(award_year=2030)

    cycle = cycle_copy(source=source, actor=staff, year=2031)

    assert not Announcement.objects.filter(cycle=cycle).exists()
    assert not Panel.objects.filter(cycle=cycle).exists()
    assert AuditEvent.objects.get(action="cycle.copy").data["parts"] == []


@pytest.mark.parametrize("make_actor", [factories.nominator, factories.panelist])
def test_cycle_copy_refuses_anyone_but_staff_and_changes_nothing(source, make_actor):
    actor = make_actor()
    before = (Cycle.objects.count(), RubricCriterion.objects.count(), Panel.objects.count())
    events = AuditEvent.objects.count()

    with pytest.raises(NotPermitted):
        cycle_copy(source=source, actor=actor, year=2025)

    assert (Cycle.objects.count(), RubricCriterion.objects.count(), Panel.objects.count()) == (
        before
    )
    assert AuditEvent.objects.count() == events


def test_cycle_copy_refuses_a_year_the_program_has_and_saves_nothing(staff, source):
    before = (Cycle.objects.count(), RubricCriterion.objects.count(), Panel.objects.count())

    with pytest.raises(InvalidInput, match="already has a cycle for 2024"):
        cycle_copy(source=source, actor=staff, year=2024)

    assert (Cycle.objects.count(), RubricCriterion.objects.count(), Panel.objects.count()) == (
        before
    )
    assert not AuditEvent.objects.filter(action="cycle.copy").exists()


def test_cycle_copy_refuses_settings_the_cycle_form_would_and_saves_nothing(staff, source):
    # A source saved before today's checks: its performance window ends before it starts.
    Cycle.objects.filter(pk=source.pk).update(
        performance_start=dt.date(2023, 1, 1), performance_end=dt.date(2022, 12, 31)
    )
    source.refresh_from_db()
    before = Cycle.objects.count()

    with pytest.raises(InvalidInput, match="The performance window must end after it starts."):
        cycle_copy(source=source, actor=staff, year=2040)

    assert Cycle.objects.count() == before
    assert not AuditEvent.objects.filter(action="cycle.copy").exists()


def test_shifted_by_years_moves_february_29_to_the_28th():
    assert shifted_by_years(dt.date(2024, 2, 29), 1) == dt.date(2025, 2, 28)
    assert shifted_by_years(None, 1) is None
