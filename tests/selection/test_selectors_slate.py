"""The slate selector: the reviewed nominations in rank order with their figures and
notes, in a fixed number of queries, and the decision memo's data."""

import pytest
from django.utils import timezone

from nominations.models import Nomination, SelectionDecision
from nominations.states import NominationState
from selection.selectors.slate import decision_memo_for, slate_for_cycle, slate_ranks
from tests import factories
from tests.selection.test_slate import ranked_cycle, slate_cycle

pytestmark = pytest.mark.django_db
S = NominationState


def test_slate_rows_follow_the_rank_order_and_leave_out_unreviewed_states():
    cycle, [a, b, c, d] = ranked_cycle([4, 2, None, 3])
    factories.nomination_in(S.CLEARED, cycle=cycle)
    factories.nomination_in(S.INELIGIBLE, cycle=cycle)

    slate = slate_for_cycle(cycle)

    assert [row.nomination for row in slate.rows] == [b, d, a, c]
    assert [row.result.rank for row in slate.rows] == [1, 2, 3, None]
    assert slate.undecided == 4
    assert slate.advanced == ()


def test_slate_advanced_rows_carry_their_briefing_notes():
    cycle, [a, b] = slate_cycle([3, 2])

    slate = slate_for_cycle(cycle)

    assert [row.nomination for row in slate.advanced] == [b, a]
    assert [row.briefing_note for row in slate.advanced] == [
        f"Why {b.reference} belongs on the slate.",
        f"Why {a.reference} belongs on the slate.",
    ]
    assert slate_ranks(cycle) == [(b.pk, 1), (a.pk, 2)]


@pytest.mark.parametrize("size", [2, 10])
def test_slate_for_cycle_reads_in_six_queries(django_assert_num_queries, size):
    cycle, _ = slate_cycle([index % 9 + 1 for index in range(size)])

    # The rubric, the panelists' tallies and the count at each score; then the rows'
    # count, and for the slice its result rows and their nominations.
    with django_assert_num_queries(6):
        rows = slate_for_cycle(cycle).rows[:]
        notes = [row.briefing_note for row in rows]
        names = [row.nomination.nominee.display_name for row in rows]

    assert len(notes) == len(names) == size


def test_a_slice_of_the_slate_reads_only_its_rows_with_the_figures_of_the_whole_cycle():
    cycle, nominations = ranked_cycle([5, 1, 4, 2, 3])
    whole = slate_for_cycle(cycle).rows[:]

    slate = slate_for_cycle(cycle)
    middle = slate.rows[1:3]

    assert [row.nomination for row in whole] == [nominations[i] for i in (1, 3, 4, 2, 0)]
    assert [(row.nomination, row.result) for row in middle] == [
        (row.nomination, row.result) for row in whole[1:3]
    ]
    assert [row.result.rank for row in middle] == [2, 3]
    assert slate.rows[-1].nomination == nominations[0]
    assert len(slate.rows) == slate.reviewed == 5


def test_the_slate_filters_by_staff_decision_and_keeps_the_cycle_ranks():
    cycle, [a, b, c, d] = ranked_cycle([4, 2, None, 3])
    Nomination.objects.filter(pk__in=[a.pk, d.pk]).update(state=S.SHORTLISTED)
    Nomination.objects.filter(pk=c.pk).update(state=S.NOT_ADVANCED)

    def shown(show):
        return [
            (row.nomination.pk, row.result.rank) for row in slate_for_cycle(cycle, show=show).rows
        ]

    assert shown("all") == [(b.pk, 1), (d.pk, 2), (a.pk, 3), (c.pk, None)]
    assert shown("undecided") == [(b.pk, 1)]
    assert shown("advanced") == [(d.pk, 2), (a.pk, 3)]
    assert shown("not_advanced") == [(c.pk, None)]
    slate = slate_for_cycle(cycle, show="undecided")
    assert (slate.undecided, slate.reviewed) == (1, 4)
    assert [row.nomination.pk for row in slate.advanced] == [d.pk, a.pk]


def test_row_of_is_one_nomination_s_row_as_the_whole_slate_gives_it(django_assert_num_queries):
    cycle, [a, b, c] = ranked_cycle([4, 2, None])
    outside = factories.nomination_in(S.CLEARED, cycle=cycle)
    whole = {row.nomination.pk: row for row in slate_for_cycle(cycle).rows}
    slate = slate_for_cycle(cycle)

    # The count of the one row, its result row, and its nomination.
    with django_assert_num_queries(3):
        row = slate.row_of(a.pk)

    assert (row.nomination, row.result, row.entry) == (a, whole[a.pk].result, None)
    assert row.result.rank == 2
    assert slate.row_of(c.pk).result.rank is None
    assert slate.row_of(outside.pk) is None


def test_a_withheld_nomination_is_listed_last_in_its_filter_without_figures():
    cycle, [a, b, c] = ranked_cycle([4, 2, 3])
    Nomination.objects.filter(pk=c.pk).update(state=S.SHORTLISTED)
    hidden = {b.pk: "you are a party to this nomination"}

    slate = slate_for_cycle(cycle, hidden=hidden)
    undecided = slate_for_cycle(cycle, hidden=hidden, show="undecided").rows[:]

    assert [(row.nomination.pk, row.result.rank) for row in undecided] == [
        (a.pk, 2),
        (b.pk, None),
    ]
    assert (
        undecided[-1].briefing_note == "Briefing note withheld: you are a party to this nomination"
    )
    assert [row.result.rank for row in slate.advanced] == [1]
    assert slate.row_of(b.pk).result.hidden


def test_decision_memo_for_words_the_figures_and_the_signature_block():
    cycle, [a, b] = slate_cycle([4, 2], cap=1)

    memo = decision_memo_for(cycle, author="Staff")

    assert [(row.rank, row.reference, row.score, row.reviews) for row in memo.rows] == [
        ("1", b.reference, "20", "2"),
        ("2", a.reference, "40", "2"),
    ]
    assert (memo.award_cap, memo.signatory_name, memo.signatory_title) == (
        1,
        "Antony J. Blinken",
        "Secretary of State",
    )
    assert (memo.signed_name, memo.selected) == ("", ())


def test_decision_memo_for_a_decided_cycle_carries_the_decision():
    cycle, [a, _b] = slate_cycle([4, 2], cap=1)
    SelectionDecision.objects.create(
        cycle=cycle,
        decided_by=factories.selecting_official(),
        decided_at=timezone.now(),
        signed_name="Antony J. Blinken",
        justification="Reach.",
        out_of_rank_order=True,
        selected=[a.reference],
    )

    memo = decision_memo_for(cycle)

    assert (memo.signed_name, memo.selected, memo.justification) == (
        "Antony J. Blinken",
        (a.reference,),
        "Reach.",
    )
    assert memo.decided_on == timezone.localtime(timezone.now(), cycle.zone).strftime("%B %-d, %Y")
