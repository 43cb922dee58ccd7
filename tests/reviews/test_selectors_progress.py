"""progress_for_cycle and reminder_digests: what counts as assigned, done and left to do."""

import pytest
from django.utils import timezone

from nominations.states import CycleState, NominationState
from reviews.models import Assignment, Panel, PanelMember
from reviews.selectors.assignments import assignment_overview
from reviews.selectors.progress import progress_for_cycle, reminder_digests
from reviews.states import ConflictStatus
from tests import factories
from tests.reviews.whole_cycle import results_for_cycle

pytestmark = pytest.mark.django_db


def panel_cycle(*, nominations: int = 4, panelists: int = 2):
    cycle = factories.review_cycle(nominations=nominations, panelists=panelists)
    items = list(cycle.nominations.order_by("reference"))
    members = list(PanelMember.objects.filter(panel__cycle=cycle).order_by("pk"))
    return cycle, items, members


def decline(nomination, member):
    Assignment.objects.filter(nomination=nomination, member=member).update(
        declined_at=timezone.now(), decline_reason="Travelling."
    )


@pytest.fixture
def mixed():
    """Panelist a: submitted, draft, not started, declined on four nominations.
    Panelist b: submitted, conflicted (declared), conflicted (suggested: not live until
    staff decide it, as on the assignment overview), not started."""
    cycle, items, (a, b) = panel_cycle()
    factories.review_of(items[0], a, overall=2)
    factories.review_of(items[1], a, overall=3, submitted=False)
    decline(items[3], a)
    factories.review_of(items[0], b, overall=4)
    factories.conflict(items[1], b, status=ConflictStatus.DECLARED)
    factories.conflict(items[2], b, status=ConflictStatus.SUGGESTED)
    return cycle, items, (a, b)


def counts(row):
    return (row.assigned, row.submitted, row.drafts, row.not_started, row.declined, row.conflicts)


def test_progress_counts_per_panelist(mixed):
    cycle, _, (a, b) = mixed

    progress = progress_for_cycle(cycle)

    by_member = {row.member.pk: row for row in progress.panelists}
    assert counts(by_member[a.pk]) == (3, 1, 1, 1, 1, 0)
    assert counts(by_member[b.pk]) == (2, 1, 0, 1, 0, 1)
    assert by_member[a.pk].can_be_reminded is True


def test_progress_counts_per_nomination(mixed):
    cycle, items, _ = mixed
    Panel.objects.filter(cycle=cycle).update(reviewers_per_nomination=2)

    progress = progress_for_cycle(cycle)

    assert [
        (
            row.nomination.reference,
            row.needed,
            row.assigned,
            row.submitted,
            row.missing,
            row.outstanding,
        )
        for row in progress.nominations
    ] == [
        (items[0].reference, 2, 2, 2, 0, 0),
        (items[1].reference, 2, 1, 0, 1, 1),
        (items[2].reference, 2, 1, 0, 1, 1),
        (items[3].reference, 2, 1, 0, 1, 1),
    ]


def test_progress_lists_removed_panelists_last_and_never_remindable():
    cycle, _, (a, b) = panel_cycle(nominations=1)
    PanelMember.objects.filter(pk=a.pk).update(removed_at=timezone.now())

    progress = progress_for_cycle(cycle)

    assert [row.member.pk for row in progress.panelists] == [b.pk, a.pk]
    assert [row.can_be_reminded for row in progress.panelists] == [True, False]


def test_progress_and_assignment_overview_agree_on_live_assignments():
    # One nomination, k = 3, five assignments: live (submitted), live (not started),
    # a removed panelist's open one, a suggested conflict, an unsigned panelist's.
    cycle, (item,), (done, open_, removed, suggested, unsigned) = panel_cycle(
        nominations=1, panelists=5
    )
    factories.review_of(item, done, overall=2)
    PanelMember.objects.filter(pk=removed.pk).update(removed_at=timezone.now())
    factories.conflict(item, suggested, status=ConflictStatus.SUGGESTED)
    PanelMember.objects.filter(pk=unsigned.pk).update(attested_at=None)
    panel = Panel.objects.select_related("cycle").get(cycle=cycle)

    overview = assignment_overview(panel, viewer=None)
    progress = progress_for_cycle(cycle)

    (row,) = overview.rows
    (nomination,) = progress.nominations
    assert {cell.assignment.member_id: cell.status for cell in row.cells} == {
        done.pk: "live",
        open_.pk: "live",
        removed.pk: "removed",
        suggested.pk: "suggested",
        unsigned.pk: "unsigned",
    }
    assert (row.live, row.gap) == (2, 1)
    assert (nomination.assigned, nomination.submitted, nomination.missing) == (2, 1, 1)
    by_member = {p.member.pk: p for p in progress.panelists}
    assert [counts(by_member[m.pk]) for m in (done, open_, removed, suggested, unsigned)] == [
        (1, 1, 0, 0, 0, 0),
        (1, 0, 0, 1, 0, 0),
        (0, 0, 0, 0, 0, 0),
        (0, 0, 0, 0, 0, 0),
        (0, 0, 0, 0, 0, 0),
    ]
    assert dict(overview.loads) == {done: 1, open_: 1, suggested: 0, unsigned: 0}
    assert [d.member.pk for d in reminder_digests(cycle=cycle)] == [open_.pk]


def test_progress_still_lists_a_removed_panelists_submitted_review_in_the_results():
    cycle, (item,), (a, b) = panel_cycle(nominations=1)
    factories.review_of(item, a, overall=2)
    factories.review_of(item, b, overall=4)
    PanelMember.objects.filter(pk=b.pk).update(removed_at=timezone.now())

    (nomination,) = progress_for_cycle(cycle).nominations

    # No longer a reviewer's place here, but the score stays counted in the results.
    assert (nomination.assigned, nomination.submitted) == (1, 1)
    assert results_for_cycle(cycle).rows[0].reviews_counted == 2


def test_progress_without_panel_is_empty():
    cycle = factories.CycleFactory(state=CycleState.REVIEW)

    progress = progress_for_cycle(cycle)

    assert (progress.panel, progress.panelists, progress.nominations) == (None, (), ())


@pytest.mark.parametrize("size", [2, 12])
def test_progress_query_count_does_not_grow(django_assert_num_queries, size):
    cycle, items, members = panel_cycle(nominations=size, panelists=3)
    for nomination in items:
        factories.review_of(nomination, members[0], overall=3)
    factories.conflict(items[0], members[1])

    # panel, panelists with conflict counts, their assignments counted; then the
    # nominations' count, a slice of them and their assignments counted
    with django_assert_num_queries(6):
        progress = progress_for_cycle(cycle)
        rows = progress.nominations[:]

    assert len(rows) == size
    assert [row.submitted for row in rows] == [1] * size


def test_reminder_digests_list_every_incomplete_nomination_of_each_panelist(mixed):
    cycle, items, (a, b) = mixed

    digests = reminder_digests(cycle=cycle)

    summary = [
        (d.member.pk, [(i.nomination.reference, i.status) for i in d.items]) for d in digests
    ]
    assert sorted(summary) == sorted(
        [
            (a.pk, [(items[1].reference, "draft"), (items[2].reference, "not started")]),
            # b's suggested conflict on items[2] is not live until staff decide it.
            (b.pk, [(items[3].reference, "not started")]),
        ]
    )


def test_reminder_digests_skip_complete_unsigned_removed_and_other_phases():
    cycle, items, (done, unsigned) = panel_cycle(nominations=1)
    factories.review_of(items[0], done, overall=2)
    PanelMember.objects.filter(pk=unsigned.pk).update(attested_at=None)
    removed = factories.seat(cycle, removed=True)
    Assignment.objects.create(nomination=items[0], member=removed)
    shortlisted = factories.nomination_in(NominationState.SHORTLISTED, cycle=cycle)
    Assignment.objects.create(nomination=shortlisted, member=done)
    closed, _, _ = panel_cycle(nominations=1)
    type(closed).objects.filter(pk=closed.pk).update(state=CycleState.SELECTION)

    assert reminder_digests() == []


def test_reminder_digests_for_one_member(mixed):
    cycle, items, (a, _b) = mixed

    digests = reminder_digests(member=a)

    assert [d.member.pk for d in digests] == [a.pk]
