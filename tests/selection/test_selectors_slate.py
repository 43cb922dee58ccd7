"""The slate selector: the reviewed nominations in rank order with their figures and
notes, in a fixed number of queries, and the decision memo's data."""

import pytest
from django.utils import timezone

from nominations.models import SelectionDecision
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
def test_slate_for_cycle_reads_in_five_queries(django_assert_num_queries, size):
    cycle, _ = slate_cycle([index % 9 + 1 for index in range(size)])

    with django_assert_num_queries(5):
        slate = slate_for_cycle(cycle)
        notes = [row.briefing_note for row in slate.rows]
        names = [row.nomination.nominee.display_name for row in slate.rows]

    assert len(notes) == len(names) == size


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
