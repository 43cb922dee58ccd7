"""The cycle's guards (nominations/models/cycle.py): each reason a move cannot happen
yet, in the words the cycle page shows, and the limits exactly where they fall."""

import datetime as dt

import pytest
from django.utils import timezone

from nominations.models import RubricCriterion
from nominations.states import NominationState
from tests import factories

pytestmark = pytest.mark.django_db

NOW = timezone.now()


@pytest.mark.parametrize(
    ("change", "reasons"),
    [
        ({}, []),
        ({"opens_at": None}, ["the nomination window has no opening date or deadline"]),
        ({"deadline": NOW - dt.timedelta(days=10)}, ["the deadline is not after the opening date"]),
        ({"opens_at": NOW + dt.timedelta(days=30)}, ["the deadline is not after the opening date"]),
        (
            {"opens_at": NOW - dt.timedelta(days=20), "deadline": NOW - dt.timedelta(days=1)},
            ["the deadline has already passed"],
        ),
        ({"performance_end": None}, ["the performance window is not set"]),
        (
            {"performance_end": dt.date(2021, 12, 31)},
            ["the performance window ends before it starts"],
        ),
        ({"performance_end": dt.date(2022, 1, 1)}, []),
        ({"award_cap": 0}, ["the award cap must be between 1 and the program's cap of 5"]),
        ({"award_cap": 6}, ["the award cap must be between 1 and the program's cap of 5"]),
    ],
    ids=[
        "ready",
        "no-opening",
        "deadline-before-opening",
        "deadline-at-opening",
        "deadline-passed",
        "no-performance-end",
        "performance-ends-before-it-starts",
        "performance-of-one-day",
        "no-cap",
        "cap-over-the-programs",
    ],
)
def test_open_blockers_name_each_missing_or_wrong_setting(change, reasons):
    cycle = factories.CycleFactory()
    if change.get("opens_at") == NOW + dt.timedelta(days=30):
        change = {"opens_at": cycle.deadline}
    for name, value in change.items():
        setattr(cycle, name, value)

    assert cycle.open_blockers() == reasons


def test_open_blockers_without_a_rubric_or_checklist():
    cycle = factories.CycleFactory(configured=False)

    assert cycle.open_blockers() == [
        "the rubric has no criteria",
        "the eligibility checklist has no items",
    ]


@pytest.fixture
def frozen_now(monkeypatch):
    """timezone.now() stands still, so a deadline can fall exactly on it."""
    moment = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: moment)
    return moment


def test_reopen_blockers_a_deadline_falling_now_has_passed(frozen_now):
    cycle = factories.CycleFactory(state="closed")
    cycle.deadline = frozen_now

    assert cycle.reopen_blockers() == ["the deadline has passed: enter a new deadline"]


def test_open_blockers_a_deadline_falling_now_has_passed(frozen_now):
    cycle = factories.CycleFactory()
    cycle.deadline = frozen_now

    assert cycle.open_blockers() == ["the deadline has already passed"]


def test_start_review_blockers_no_cleared_nomination():
    cycle = factories.CycleFactory(state="closed")
    factories.nomination_in(NominationState.INELIGIBLE, cycle=cycle)

    assert "no nomination has been cleared for the panel" in cycle.start_review_blockers()


def test_start_review_blockers_names_nominations_in_reference_order():
    cycle = factories.CycleFactory(state="closed")
    later = factories.nomination_in(NominationState.VETTING, cycle=cycle)
    earlier = factories.nomination_in(NominationState.VETTING, cycle=cycle)
    # The one made first takes the later reference: pk order is not reference order.
    type(later).objects.filter(pk=later.pk).update(sequence=99, reference="TIP-2026-0099")

    assert cycle.start_review_blockers()[0] == (
        f"2 nominations are still in vetting ({earlier.reference}, TIP-2026-0099): "
        "clear each for the panel or mark it ineligible"
    )


def test_start_review_blockers_reads_a_response_due_today_by_the_cycle_s_calendar(monkeypatch):
    # 02:00 UTC on 6 December is still 5 December in Honolulu (the cycle's zone) and in
    # New York (the site's): a response due on 5 December is not overdue yet.
    moment = dt.datetime(2026, 12, 6, 2, 0, tzinfo=dt.UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    cycle = factories.CycleFactory(state="closed", time_zone="Pacific/Honolulu")
    returned = factories.nomination_in(
        NominationState.RETURNED, cycle=cycle, info_due_date=dt.date(2026, 12, 5)
    )

    with timezone.override("Asia/Tokyo"):  # where it is already 6 December
        reasons = cycle.start_review_blockers()

    assert reasons[0].startswith(
        f"1 nomination is returned for information ({returned.reference}):"
    )


def test_announce_blockers_nothing_selected():
    cycle = factories.CycleFactory(state="selection")

    assert cycle.announce_blockers() == ["no nomination has been selected"]


@pytest.mark.parametrize(("selected", "over"), [(2, False), (3, True)])
def test_announce_blockers_more_selected_than_the_cap(selected, over):
    cycle = factories.CycleFactory(state="selection", award_cap=2)
    for _ in range(selected):
        factories.nomination_in(NominationState.SELECTED, cycle=cycle)

    reasons = cycle.announce_blockers()

    assert ("more nominations are selected than the award cap of 2" in reasons) is over


def test_rubric_is_needed_even_with_a_checklist():
    cycle = factories.CycleFactory()
    RubricCriterion.objects.filter(cycle=cycle).delete()

    assert cycle.open_blockers() == ["the rubric has no criteria"]
