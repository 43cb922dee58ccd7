"""A property tests/reviews/domain/test_assignments.py does not state on its own: an
infeasible plan explains itself, naming every nomination left short of k, once each,
with the reason (conflicts or the cap) that is actually true of the input."""

from collections import Counter

from hypothesis import given, settings

from reviews.domain.assignments import plan_balanced_assignment
from tests.reviews.domain.test_assignments import panels


@settings(max_examples=150)
@given(panels(max_nominations=12, max_panelists=8, max_k=4))
def test_plan_property_infeasible_plans_name_each_short_nomination_with_a_true_reason(panel):
    labels = {n: f"Nomination N{n}" for n in panel["nominations"]}
    plan = plan_balanced_assignment(
        nominations=panel["nominations"],
        panelists=panel["panelists"],
        conflicts=panel["conflicts"],
        keep=panel["keep"],
        k=panel["k"],
        cap=panel["cap"],
        labels=labels,
    )

    reviewers = Counter(n for n, _ in set(plan.new_pairs) | panel["keep"])
    short = sorted(n for n in panel["nominations"] if reviewers[n] < panel["k"])
    assert plan.feasible is (not short)
    if plan.feasible:
        assert plan.explanation == ("" if plan.balanced else plan.problems[-1])
        return
    shortfall = plan.problems[: len(short)]
    for n, sentence in zip(short, shortfall, strict=True):
        assert sentence.startswith(f"{labels[n]} ")
        free = sum(1 for p in panel["panelists"] if (n, p) not in panel["conflicts"])
        if free < panel["k"]:
            assert "without a conflict" in sentence
            assert f"{panel['k']} {'is' if panel['k'] == 1 else 'are'} needed." in sentence
        else:
            assert f"has {reviewers[n]} of the {panel['k']} reviewers it needs" in sentence
            assert f"reached the cap of {panel['cap']}." in sentence
    assert all(labels[n] in plan.explanation for n in short)
