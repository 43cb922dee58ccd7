"""Balanced panel assignment: hand-made panels and properties over random ones.

The properties compare the plan with checkers that share no code with it: a plain
augmenting-path maximum flow, and for small panels every possible assignment.
"""

import itertools
from collections import Counter, defaultdict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reviews.domain.assignments import AssignmentPlan, plan_balanced_assignment

# Hand-made panels


def test_plan_small_panel_with_conflicts_gives_every_nomination_k_and_equal_loads():
    plan = plan_balanced_assignment(
        nominations=[1, 2, 3, 4],
        panelists=["a", "b", "c", "d"],
        conflicts={(1, "a"), (2, "b")},
        k=3,
    )

    assert plan == AssignmentPlan(
        new_pairs=(
            (1, "b"),
            (1, "c"),
            (1, "d"),
            (2, "a"),
            (2, "c"),
            (2, "d"),
            (3, "a"),
            (3, "b"),
            (3, "d"),
            (4, "a"),
            (4, "b"),
            (4, "c"),
        ),  # fmt: skip
        loads=(("a", 3), ("b", 3), ("c", 3), ("d", 3)),
        feasible=True,
        balanced=True,
        problems=(),
    )
    assert plan.explanation == ""


def test_plan_asks_three_reviews_by_default_and_ignores_conflicts_of_others():
    with_k = plan_balanced_assignment(
        nominations=[1, 2, 3, 4],
        panelists=["a", "b", "c", "d"],
        conflicts={(1, "a"), (2, "b")},
        k=3,
    )

    by_default = plan_balanced_assignment(
        nominations=[1, 2, 3, 4],
        panelists=["a", "b", "c", "d"],
        # a nomination or a panelist outside this plan: nothing to avoid
        conflicts={(1, "a"), (2, "b"), (9, "a"), (1, "z"), (9, "z")},
    )

    assert by_default == with_k


def test_plan_too_few_panelists_without_conflict_is_infeasible_with_explanation():
    plan = plan_balanced_assignment(
        nominations=[7, 8, 9],
        panelists=["a", "b", "c", "d"],
        conflicts={(7, "a"), (7, "b"), (9, "a"), (9, "b"), (9, "c"), (9, "d")},
        k=3,
        labels={7: "PA-2023-0007", 8: "PA-2023-0008", 9: "PA-2023-0009"},
    )

    assert plan.feasible is False
    assert plan.problems == (
        "PA-2023-0007 has only 2 panelists without a conflict; 3 are needed.",
        "PA-2023-0009 has no panelist without a conflict; 3 are needed.",
    )
    assert plan.explanation == (
        "PA-2023-0007 has only 2 panelists without a conflict; 3 are needed. "
        "PA-2023-0009 has no panelist without a conflict; 3 are needed."
    )
    assert plan.balanced is True
    # The best partial plan: both free panelists on 7, three on 8, none on 9.
    assert plan.new_pairs == ((7, "c"), (7, "d"), (8, "a"), (8, "b"), (8, "d"))
    assert plan.loads == (("a", 1), ("b", 1), ("c", 1), ("d", 2))


def test_plan_infeasible_one_panelist_short_names_the_singular_and_falls_back_to_the_id():
    plan = plan_balanced_assignment(
        nominations=[1], panelists=["a", "b"], conflicts={(1, "b")}, k=2, labels={}
    )

    assert plan.new_pairs == ((1, "a"),)
    assert plan.explanation == "1 has only 1 panelist without a conflict; 2 are needed."


def test_plan_keeps_manual_assignments_and_counts_them_toward_k_and_loads():
    plan = plan_balanced_assignment(
        nominations=[1, 2, 3],
        panelists=["a", "b", "c"],
        keep={(1, "a"), (1, "b"), (2, "a")},
        k=2,
    )

    assert plan.new_pairs == ((2, "c"), (3, "b"), (3, "c"))
    assert plan.loads == (("a", 2), ("b", 2), ("c", 2))
    assert plan.feasible is True
    assert plan.balanced is True


def test_plan_kept_pairs_above_k_are_never_removed():
    plan = plan_balanced_assignment(
        nominations=[1, 2],
        panelists=["a", "b", "c"],
        keep={(1, "a"), (1, "b"), (1, "c")},
        k=2,
    )

    assert plan.new_pairs == ((2, "a"), (2, "c"))
    assert plan.loads == (("a", 2), ("b", 1), ("c", 2))
    assert plan.balanced is True


def test_plan_respects_the_cap_and_explains_the_shortfall():
    plan = plan_balanced_assignment(
        nominations=[1, 2, 3],
        panelists=["a", "b", "c", "d"],
        k=3,
        cap=2,
        labels={1: "PA-1", 2: "PA-2", 3: "PA-3"},
    )

    assert plan.loads == (("a", 2), ("b", 2), ("c", 2), ("d", 2))
    assert len(plan.new_pairs) == 8
    assert plan.feasible is False
    assert plan.problems == (
        "PA-3 has 2 of the 3 reviewers it needs: the other 2 panelists without a conflict "
        "have all reached the cap of 2.",
    )


def test_plan_cap_shortfall_with_one_other_panelist_uses_the_singular():
    plan = plan_balanced_assignment(
        nominations=[1, 2],
        panelists=["a", "b"],
        conflicts={(2, "a")},
        keep={(2, "b")},
        k=2,
        cap=1,
    )

    assert plan.new_pairs == ((1, "a"),)
    assert plan.loads == (("a", 1), ("b", 1))
    assert plan.problems == (
        "1 has 1 of the 2 reviewers it needs: the other 1 panelist without a conflict has "
        "reached the cap of 1.",
        "2 has only 1 panelist without a conflict; 2 are needed.",
    )


def test_plan_spreads_a_shortfall_from_the_cap_across_nominations():
    plan = plan_balanced_assignment(nominations=[1, 2, 3, 4], panelists=["a", "b"], k=2, cap=2)

    assert plan.new_pairs == ((1, "a"), (2, "a"), (3, "b"), (4, "b"))
    assert plan.loads == (("a", 2), ("b", 2))
    assert [problem.split(" has ")[0] for problem in plan.problems] == ["1", "2", "3", "4"]


def test_plan_cap_high_enough_is_feasible_and_balanced():
    plan = plan_balanced_assignment(
        nominations=[1, 2, 3], panelists=["a", "b", "c", "d"], k=3, cap=3
    )

    assert plan.feasible is True
    assert plan.loads == (("a", 3), ("b", 2), ("c", 2), ("d", 2))
    assert plan.load("a") == 3


def test_plan_fills_level_by_level_when_starting_near_the_average_would_overload_one():
    # Nominations 2, 3, 5 and 6 conflict with both panelists; p0 may review 1 and 4, p1
    # only 4. Filling straight to the average (two each) would give p0 both.
    conflicts = {(n, p) for n in (2, 3, 5, 6) for p in ("p0", "p1")} | {(1, "p1")}

    plan = plan_balanced_assignment(
        nominations=[1, 2, 3, 4, 5, 6], panelists=["p0", "p1"], conflicts=conflicts, k=1, cap=2
    )

    assert plan.new_pairs == ((1, "p0"), (4, "p1"))
    assert plan.loads == (("p0", 1), ("p1", 1))
    assert plan.balanced is True


def test_plan_where_no_plan_keeps_loads_within_one_says_why():
    # Panelist 101 has a conflict with every nomination but 3, so 100 and 102 share the
    # other seven reviews: 3 and 4, while 101 has 1.
    plan = plan_balanced_assignment(
        nominations=[0, 1, 2, 3],
        panelists=[100, 101, 102],
        conflicts={(0, 101), (1, 101), (2, 101)},
        k=2,
    )

    assert (plan.loads, plan.feasible, plan.balanced) == (
        ((100, 3), (101, 1), (102, 4)),
        True,
        False,
    )
    assert plan.problems == (
        "Loads range from 1 to 4: the conflicts, the cap and the kept assignments leave no "
        "way to keep every panelist within one of the others, so the highest load is as low "
        "and the lowest as high as they can be.",
    )


# The plan is a fixed function of its input: the same panel, conflicts and kept pairs get
# the same pairs from one run (and one release) to the next, not merely another plan as
# balanced. These three panels pin where the fill starts (near the average load, from
# level 1 again when that start was too high, and for the shortfall under a cap).
PINNED_PLANS = [
    (
        {
            "nominations": range(10),
            "panelists": range(100, 106),
            "conflicts": {(1, 101), (2, 101)},
            "keep": {(3, 100), (7, 104), (2, 102), (4, 100), (2, 103)}
            | {(8, 102), (9, 104), (5, 101), (8, 104), (0, 103)},
            "k": 2,
            "cap": 5,
        },
        ((0, 100), (1, 102), (1, 103), (3, 101), (4, 105))
        + ((5, 105), (6, 101), (6, 105), (7, 105), (9, 103)),
        ((100, 3), (101, 3), (102, 3), (103, 4), (104, 3), (105, 4)),
    ),
    (
        {
            "nominations": range(8),
            "panelists": range(100, 104),
            "conflicts": {(3, 100)},
            "keep": {(4, 102)},
            "k": 1,
        },
        ((0, 100), (1, 101), (2, 103), (3, 103), (5, 102), (6, 100), (7, 101)),
        ((100, 2), (101, 2), (102, 2), (103, 2)),
    ),
    (
        {
            "nominations": range(5),
            "panelists": range(100, 104),
            "conflicts": {(2, 103)},
            "keep": {(4, 102)},
            "k": 4,
            "cap": 3,
        },
        ((0, 100), (0, 101), (0, 103), (1, 100), (1, 101), (1, 103))
        + ((2, 100), (2, 102), (3, 101), (3, 102), (4, 103)),
        ((100, 3), (101, 3), (102, 3), (103, 3)),
    ),
]


@pytest.mark.parametrize(
    ("panel", "pairs", "loads"), PINNED_PLANS, ids=["kept-pairs", "one-each", "under-a-cap"]
)
def test_plan_of_a_given_panel_is_always_the_same_pairs(panel, pairs, loads):
    plan = plan_balanced_assignment(**panel)

    assert (plan.new_pairs, plan.loads) == (pairs, loads)


def test_plan_without_panelists_names_every_nomination():
    plan = plan_balanced_assignment(nominations=[2, 1], panelists=[], k=1)

    assert plan.new_pairs == ()
    assert plan.loads == ()
    assert plan.problems == (
        "1 has no panelist without a conflict; 1 is needed.",
        "2 has no panelist without a conflict; 1 is needed.",
    )


def test_plan_without_nominations_is_empty_and_feasible():
    plan = plan_balanced_assignment(nominations=[], panelists=["a", "b"])

    assert plan == AssignmentPlan(
        new_pairs=(), loads=(("a", 0), ("b", 0)), feasible=True, balanced=True, problems=()
    )


@pytest.mark.parametrize(
    ("keep", "message"),
    [
        ({(1, "a")}, "Kept pair (1, 'a') is conflicted."),
        ({(1, "z")}, "Kept pair (1, 'z') names an unknown nomination or panelist."),
    ],
)
def test_plan_refuses_a_kept_pair_that_is_conflicted_or_unknown(keep, message):
    with pytest.raises(ValueError) as raised:
        plan_balanced_assignment(
            nominations=[1], panelists=["a", "b"], conflicts={(1, "a")}, keep=keep
        )
    assert str(raised.value) == message


@pytest.mark.parametrize(
    ("k", "cap", "message"),
    [(0, None, "k must be at least 1."), (3, -1, "The cap cannot be negative.")],
)
def test_plan_refuses_k_below_one_and_a_negative_cap(k, cap, message):
    with pytest.raises(ValueError) as raised:
        plan_balanced_assignment(nominations=[1], panelists=["a"], k=k, cap=cap)
    assert str(raised.value) == message


# Independent checkers


def augmenting_path_max_flow(capacity: dict[tuple[object, object], int]) -> int:
    """Ford–Fulkerson, one unit per depth-first path, from "source" to "sink"."""
    residual: defaultdict[tuple[object, object], int] = defaultdict(int)
    neighbours: defaultdict[object, set[object]] = defaultdict(set)
    for (u, v), amount in capacity.items():
        residual[(u, v)] += amount
        neighbours[u].add(v)
        neighbours[v].add(u)
    total = 0
    while True:
        parent: dict[object, object] = {"source": None}
        stack: list[object] = ["source"]
        while stack and "sink" not in parent:
            node = stack.pop()
            for other in neighbours[node]:
                if other not in parent and residual[(node, other)] > 0:
                    parent[other] = node
                    stack.append(other)
        if "sink" not in parent:
            return total
        node = "sink"
        while parent[node] is not None:
            residual[(parent[node], node)] -= 1
            residual[(node, parent[node])] += 1
            node = parent[node]
        total += 1


def most_new_assignments(panel: dict, load_limit: int | None = None) -> int:
    """The most new pairs any valid plan can add, loads (kept + new) capped at load_limit."""
    kept_count = Counter(n for n, _ in panel["keep"])
    kept_load = Counter(p for _, p in panel["keep"])
    limits = [x for x in (panel["cap"], load_limit) if x is not None]
    capacity: dict[tuple[object, object], int] = {}
    for n in panel["nominations"]:
        capacity[("source", ("n", n))] = max(0, panel["k"] - kept_count[n])
        for p in panel["panelists"]:
            if (n, p) not in panel["conflicts"] and (n, p) not in panel["keep"]:
                capacity[(("n", n), ("p", p))] = 1
    for p in panel["panelists"]:
        room = min(limits) - kept_load[p] if limits else len(panel["nominations"])
        capacity[(("p", p), "sink")] = max(0, room)
    return augmenting_path_max_flow(capacity)


def every_load_vector(panel: dict) -> set[tuple[int, ...]]:
    """Every (kept + new) load vector of a valid plan, by trying every choice per nomination."""
    panelists = panel["panelists"]
    kept_load = Counter(p for _, p in panel["keep"])
    kept_count = Counter(n for n, _ in panel["keep"])
    start = tuple(kept_load[p] for p in panelists)
    vectors = {start}
    for n in panel["nominations"]:
        free = [
            j
            for j, p in enumerate(panelists)
            if (n, p) not in panel["conflicts"] and (n, p) not in panel["keep"]
        ]
        wanted = max(0, panel["k"] - kept_count[n])
        choices = [c for size in range(wanted + 1) for c in itertools.combinations(free, size)]
        grown = set()
        for vector in vectors:
            for choice in choices:
                loads = list(vector)
                for j in choice:
                    loads[j] += 1
                if panel["cap"] is None or all(loads[j] <= panel["cap"] for j in choice):
                    grown.add(tuple(loads))
        vectors = grown
    return vectors


def panelists_that_could_shed_a_review(panel: dict, plan: AssignmentPlan) -> list[tuple]:
    """(t, s) pairs where moving one review along a chain of swaps from t to s, who carries
    two or more fewer, keeps a valid plan: t drops n1, another panelist takes n1 and drops
    n2, ..., s takes the last one. A plan has no such pair exactly when its loads are as
    balanced as they can be (no lower highest load, no higher lowest load)."""
    load = dict(plan.loads)
    assigned = set(plan.new_pairs) | panel["keep"]
    nominations_of = defaultdict(list)
    for n, p in plan.new_pairs:
        nominations_of[p].append(n)
    improvable = []
    for t in panel["panelists"]:
        reached, frontier = {t}, [t]
        while frontier:
            x = frontier.pop()
            for n in nominations_of[x]:
                for y in panel["panelists"]:
                    free = (n, y) not in panel["conflicts"] and (n, y) not in assigned
                    if free and y not in reached:
                        reached.add(y)
                        frontier.append(y)
        for s in sorted(reached - {t}):
            has_room = panel["cap"] is None or load[s] < panel["cap"]
            if has_room and load[s] <= load[t] - 2:
                improvable.append((t, s))
    return improvable


def nominations_that_could_pass_a_reviewer(panel: dict, plan: AssignmentPlan) -> list[tuple]:
    """(poor, rich) pairs where rich has two or more reviewers more than poor and a chain
    of swaps that leaves every load unchanged moves one: poor takes p1, who drops n1; n1
    takes p2, ...; the last panelist drops rich. None exist when the shortfall is spread
    as evenly as the loads allow."""
    assigned = set(plan.new_pairs) | panel["keep"]
    reviewers = Counter(n for n, _ in assigned)
    panelists_of = defaultdict(list)
    for n, p in plan.new_pairs:
        panelists_of[p].append(n)
    movable = []
    for poor in panel["nominations"]:
        reached, frontier = {poor}, [poor]
        while frontier:
            x = frontier.pop()
            for p in panel["panelists"]:
                if (x, p) in panel["conflicts"] or (x, p) in assigned:
                    continue
                for y in panelists_of[p]:
                    if y not in reached:
                        reached.add(y)
                        frontier.append(y)
        movable += [(poor, y) for y in sorted(reached) if reviewers[y] >= reviewers[poor] + 2]
    return movable


# Random panels


@st.composite
def panels(draw, max_nominations: int, max_panelists: int, max_k: int) -> dict:
    nominations = draw(st.lists(st.integers(1, 500), max_size=max_nominations, unique=True))
    numbers = st.integers(0, 99)
    panelist_numbers = draw(st.lists(numbers, min_size=1, max_size=max_panelists, unique=True))
    panelists = [f"p{number:02d}" for number in panelist_numbers]
    pairs = [(n, p) for n in nominations for p in panelists]
    # A conflict density per nomination and per panelist, so that nominations and
    # panelists free of conflicts, with a few, and conflicted nearly everywhere all occur.
    densities = st.integers(0, 10)
    by_nomination = draw(st.lists(densities, min_size=len(nominations), max_size=len(nominations)))
    by_panelist = draw(st.lists(densities, min_size=len(panelists), max_size=len(panelists)))
    marks = draw(st.lists(st.integers(0, 9), min_size=len(pairs), max_size=len(pairs)))
    conflicts = {
        (n, p)
        for (n, p), mark in zip(pairs, marks, strict=True)
        if mark < max(by_nomination[nominations.index(n)], by_panelist[panelists.index(p)])
    }
    free = [pair for pair in pairs if pair not in conflicts]
    keep = draw(st.sets(st.sampled_from(free), max_size=len(nominations))) if free else set()
    return {
        "nominations": nominations,
        "panelists": panelists,
        "conflicts": conflicts,
        "keep": keep,
        "k": draw(st.integers(1, max_k)),
        "cap": draw(st.none() | st.integers(0, 8)),
    }


def plan_for(panel: dict) -> AssignmentPlan:
    return plan_balanced_assignment(
        nominations=panel["nominations"],
        panelists=panel["panelists"],
        conflicts=panel["conflicts"],
        keep=panel["keep"],
        k=panel["k"],
        cap=panel["cap"],
    )


def assert_valid(panel: dict, plan: AssignmentPlan) -> None:
    new = plan.new_pairs
    assert len(set(new)) == len(new)
    assert not set(new) & panel["conflicts"]
    assert not set(new) & panel["keep"]
    kept_load = Counter(p for _, p in panel["keep"])
    new_load = Counter(p for _, p in new)
    assert plan.loads == tuple((p, kept_load[p] + new_load[p]) for p in sorted(panel["panelists"]))
    if panel["cap"] is not None:
        assert all(kept_load[p] + new_load[p] <= panel["cap"] for p in new_load)
    kept_count = Counter(n for n, _ in panel["keep"])
    reviewers = kept_count + Counter(n for n, _ in new)
    assert all(reviewers[n] <= max(panel["k"], kept_count[n]) for n in reviewers)
    short = [n for n in panel["nominations"] if reviewers[n] < panel["k"]]
    assert plan.feasible is (not short)
    assert len(plan.problems) == len(short) + (not plan.balanced)
    loads = [load for _, load in plan.loads]
    assert plan.balanced is (max(loads) - min(loads) <= 1)


@settings(max_examples=150)
@given(panels(max_nominations=25, max_panelists=12, max_k=4))
def test_plan_property_meets_k_whenever_feasible_and_minimizes_the_highest_load(panel):
    plan = plan_for(panel)

    assert_valid(panel, plan)
    most = most_new_assignments(panel)
    assert len(plan.new_pairs) == most
    kept_count = Counter(n for n, _ in panel["keep"])
    needed = sum(max(0, panel["k"] - kept_count[n]) for n in panel["nominations"])
    assert plan.feasible is (most == needed)
    assert panelists_that_could_shed_a_review(panel, plan) == []
    assert nominations_that_could_pass_a_reviewer(panel, plan) == []
    highest = max(load for _, load in plan.loads)
    assert most_new_assignments(panel, load_limit=highest) == most
    if highest > max(Counter(p for _, p in panel["keep"]).values(), default=0):
        assert most_new_assignments(panel, load_limit=highest - 1) < most


@settings(max_examples=150)
@given(panels(max_nominations=5, max_panelists=4, max_k=3))
def test_plan_property_loads_within_one_whenever_any_plan_allows_it(panel):
    plan = plan_for(panel)

    assert_valid(panel, plan)
    vectors = every_load_vector(panel)
    most = max(sum(vector) for vector in vectors)
    best = [vector for vector in vectors if sum(vector) == most]
    loads = tuple(load for _, load in plan.loads)
    assert sum(loads) == most
    assert plan.balanced is any(max(v) - min(v) <= 1 for v in best)
    assert max(loads) == min(max(v) for v in best)
    assert min(loads) == max(min(v) for v in best)
    assert panelists_that_could_shed_a_review(panel, plan) == []


@settings(max_examples=150)
@given(panels(max_nominations=25, max_panelists=12, max_k=4), st.randoms(use_true_random=False))
def test_plan_property_same_input_in_any_order_gives_the_same_plan(panel, random):
    first = plan_for(panel)
    again = plan_for(panel)
    shuffled = {
        key: list(value) if isinstance(value, list | set) else value for key, value in panel.items()
    }
    for key in ("nominations", "panelists", "conflicts", "keep"):
        random.shuffle(shuffled[key])
    reordered = plan_balanced_assignment(
        nominations=shuffled["nominations"],
        panelists=shuffled["panelists"],
        conflicts=shuffled["conflicts"] + shuffled["conflicts"][:1],
        keep=shuffled["keep"],
        k=panel["k"],
        cap=panel["cap"],
    )

    assert again == first
    assert reordered == first
