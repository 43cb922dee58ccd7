"""Balanced automatic assignment of panelists to nominations: a pure function, no database.

`plan_balanced_assignment` takes the nominations, the panelists, the conflicted
(nomination, panelist) pairs, the assignments to keep (manual ones, already committed
ones), the number k of reviewers each nomination needs and an optional per-panelist cap,
and returns an `AssignmentPlan`: the new pairs to add, every panelist's resulting load,
and, when not every nomination can get k reviewers, an explanation naming them.

How it works, in plain words. Picture water flowing from a tap through pipes: each
nomination may receive as many reviewers as it still lacks (k minus the ones it keeps),
each nomination is joined to every panelist without a conflict who is not already on it
by a pipe that carries one assignment, and each panelist drains into the sink through a
pipe as wide as the load we allow them. The most water that can flow is the most
assignments that can be made (a "maximum flow", found with Dinic's algorithm). To
balance the loads we let every panelist take at most 1 review in total, push as much as
possible through, then raise the allowance to 2 and push more, and so on, until every
nomination has its k reviewers or nothing more fits. Pushing more never takes a review
away from a panelist, only moves reviews between panelists along a chain of swaps, so
whoever reached a level keeps it: the loads rise together like water filling a basin.
To save time the fill first starts just below the average load; if that leaves any
panelist short of that level, it starts again from 1, since only a start where everyone
fills up gives the same result as climbing level by level. If some nomination is still
short of k, the same fill runs the other way, with each panelist's load now fixed:
every nomination is allowed 1 reviewer, then 2, up to k, so the shortfall is shared.

Guarantees:
- A conflicted pair is never assigned; a pair is never assigned twice (kept pairs are
  not repeated); kept pairs are never removed and count toward k and toward loads.
- Every nomination gets k reviewers whenever that is possible with the conflicts, the
  cap and the kept pairs. When it is not, the plan makes as many assignments as possible
  (still without conflicts and within the cap), `feasible` is False, and `problems`
  names each nomination left short and why. Among such plans with the balanced loads,
  reviewers per nomination are as even as they can be: a too-low cap leaves several
  nominations one short rather than one with none.
- Loads (kept plus new) are within one of each other whenever any assignment with that
  many reviews allows it. When none does, the highest load is as low as possible and
  the lowest as high as possible, and `problems` says so.
- A kept pair may take a panelist over the cap; the plan then adds nothing to them.
- Deterministic: ids are sorted before use and no set is iterated unsorted, so the same
  input, in any order, gives the same plan. To spread co-reviewers, nomination number i
  (in id order) tries panelists starting at a rotating position.

Ids are the database keys: all nominations' ids of one sortable type, likewise panelists'.
"""

from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

type Id = int | str
type Pair = tuple[Id, Id]

_UNLIMITED = 1 << 60


@dataclass(frozen=True)
class AssignmentPlan:
    """The outcome: pairs to add, each panelist's total load, and what could not be met."""

    new_pairs: tuple[Pair, ...]
    """(nomination, panelist) pairs to add, sorted; kept pairs are not repeated."""
    loads: tuple[tuple[Id, int], ...]
    """(panelist, load) for every panelist in id order; load counts kept and new pairs."""
    feasible: bool
    """True when every nomination reaches k reviewers."""
    balanced: bool
    """True when all loads are within one of each other."""
    problems: tuple[str, ...]
    """Sentences for staff: each nomination left short and why, then any imbalance."""

    def load(self, panelist: Id) -> int:
        return dict(self.loads)[panelist]

    @property
    def explanation(self) -> str:
        return " ".join(self.problems)


class _FlowNetwork:
    """A residual graph for Dinic's maximum-flow algorithm; edge e's reverse is e ^ 1."""

    def __init__(self, node_count: int) -> None:
        self.edges_from: list[list[int]] = [[] for _ in range(node_count)]
        self.target: list[int] = []
        self.residual: list[int] = []

    def add_edge(self, source: int, target: int, capacity: int) -> int:
        edge = len(self.target)
        self.edges_from[source].append(edge)
        self.target.append(target)
        self.residual.append(capacity)
        self.edges_from[target].append(edge + 1)
        self.target.append(source)
        self.residual.append(0)
        return edge

    def flow(self, edge: int) -> int:
        return self.residual[edge ^ 1]

    def set_capacity(self, edge: int, capacity: int) -> None:
        """Only raises capacity (the fill never lowers an allowance), keeping the flow."""
        self.residual[edge] = capacity - self.residual[edge ^ 1]

    def max_flow(self, source: int, sink: int) -> int:
        """Push as much more as fits; returns the amount added."""
        added = 0
        while True:
            level = self._levels(source)
            if level[sink] < 0:
                return added
            next_edge = [0] * len(self.edges_from)
            while pushed := self._push(source, sink, _UNLIMITED, level, next_edge):
                added += pushed

    def _levels(self, source: int) -> list[int]:
        level = [-1] * len(self.edges_from)
        level[source] = 0
        queue = deque([source])
        while queue:
            node = queue.popleft()
            for edge in self.edges_from[node]:
                target = self.target[edge]
                if self.residual[edge] > 0 and level[target] < 0:
                    level[target] = level[node] + 1
                    queue.append(target)
        return level

    def _push(
        self, node: int, sink: int, limit: int, level: list[int], next_edge: list[int]
    ) -> int:
        if node == sink:
            return limit
        edges = self.edges_from[node]
        while next_edge[node] < len(edges):
            edge = edges[next_edge[node]]
            target = self.target[edge]
            if self.residual[edge] > 0 and level[target] == level[node] + 1:
                pushed = self._push(target, sink, min(limit, self.residual[edge]), level, next_edge)
                if pushed:
                    self.residual[edge] -= pushed
                    self.residual[edge ^ 1] += pushed
                    return pushed
            next_edge[node] += 1
        return 0


def plan_balanced_assignment(
    *,
    nominations: Iterable[Id],
    panelists: Iterable[Id],
    conflicts: Iterable[Pair] = (),
    keep: Iterable[Pair] = (),
    k: int = 3,
    cap: int | None = None,
    labels: Mapping[Id, str] | None = None,
) -> AssignmentPlan:
    """Plan new (nomination, panelist) pairs so each nomination has k reviewers, balanced.

    Conflicts naming unknown ids are ignored. A kept pair naming an unknown id, or one
    that is conflicted, raises ValueError: the caller must drop it first.
    """
    if k < 1:
        raise ValueError("k must be at least 1.")
    if cap is not None and cap < 0:
        raise ValueError("The cap cannot be negative.")
    noms = sorted(set(nominations))
    pans = sorted(set(panelists))
    nom_index = {nomination: i for i, nomination in enumerate(noms)}
    pan_index = {panelist: j for j, panelist in enumerate(pans)}
    conflicted = {
        (nom_index[n], pan_index[p]) for n, p in conflicts if n in nom_index and p in pan_index
    }
    kept: set[tuple[int, int]] = set()
    for n, p in sorted(set(keep)):
        if n not in nom_index or p not in pan_index:
            raise ValueError(f"Kept pair ({n!r}, {p!r}) names an unknown nomination or panelist.")
        if (nom_index[n], pan_index[p]) in conflicted:
            raise ValueError(f"Kept pair ({n!r}, {p!r}) is conflicted.")
        kept.add((nom_index[n], pan_index[p]))
    kept_count = [0] * len(noms)
    kept_load = [0] * len(pans)
    for i, j in kept:
        kept_count[i] += 1
        kept_load[j] += 1
    demand = [max(0, k - count) for count in kept_count]

    free = [
        [j for j in range(len(pans)) if (i, j) not in conflicted and (i, j) not in kept]
        for i in range(len(noms))
    ]

    def panelist_room(j: int, level: int) -> int:
        return max(0, (level if cap is None else min(level, cap)) - kept_load[j])

    # Nomination i tries panelists from a rotating start, to mix co-reviewers.
    stride, width = max(demand, default=0), max(1, len(pans))
    rotated = [
        sorted(free[i], key=lambda j, i=i: (j - i * stride - i * stride // width) % width)
        for i in range(len(noms))
    ]
    average = -(-(sum(demand) + len(kept)) // width)
    new, new_load = _water_fill(demand, rotated, kept_load, panelist_room, max(1, average - 1))
    if sum(new_load) < sum(demand):
        # Short of k somewhere: with each panelist's load now fixed, refill from the
        # panelists' side so the shortfall is spread as evenly as possible.
        options = [[i for i in range(len(noms)) if j in free[i]] for j in range(len(pans))]

        def nomination_room(i: int, level: int) -> int:
            return max(0, min(level, k) - kept_count[i])

        refill, _ = _water_fill(new_load, options, kept_count, nomination_room, 1)
        new = [(i, j) for j, i in refill]

    assigned = list(kept_count)
    for i, _ in new:
        assigned[i] += 1
    loads = [kept_load[j] + new_load[j] for j in range(len(pans))]
    name = labels or {}
    problems = [
        _shortfall_sentence(
            name.get(noms[i], str(noms[i])),
            have=assigned[i],
            free=sum(1 for j in range(len(pans)) if (i, j) not in conflicted),
            k=k,
            cap=cap,
        )
        for i in range(len(noms))
        if assigned[i] < k
    ]
    balanced = not loads or max(loads) - min(loads) <= 1
    if not balanced:
        problems.append(
            f"Loads range from {min(loads)} to {max(loads)}: the conflicts, the cap and the "
            "kept assignments leave no way to keep every panelist within one of the others, "
            "so the highest load is as low and the lowest as high as they can be."
        )
    return AssignmentPlan(
        new_pairs=tuple(sorted((noms[i], pans[j]) for i, j in new)),
        loads=tuple(zip(pans, loads, strict=True)),
        feasible=all(count >= k for count in assigned),
        balanced=balanced,
        problems=tuple(problems),
    )


def _water_fill(
    supply: list[int],
    options: list[list[int]],
    fixed: list[int],
    room: Callable[[int, int], int],
    start_level: int,
) -> tuple[list[tuple[int, int]], list[int]]:
    """Give each giver i up to supply[i] takers from options[i] (in that order of
    preference), raising every taker's allowed total load room(j, level) one level at a
    time. fixed[j] is taker j's load before the fill. Returns the (giver, taker) pairs
    made and each taker's new load."""
    takers = len(fixed)
    total = sum(supply)
    if not takers or not total:
        return [], [0] * takers
    source, sink = 0, len(supply) + takers + 1

    def build() -> tuple[_FlowNetwork, dict[int, tuple[int, int]], list[int]]:
        network = _FlowNetwork(sink + 1)
        pair_edges: dict[int, tuple[int, int]] = {}
        for i, amount in enumerate(supply):
            if amount:
                network.add_edge(source, 1 + i, amount)
                for j in options[i]:
                    pair_edges[network.add_edge(1 + i, 1 + len(supply) + j, 1)] = (i, j)
        sink_edges = [network.add_edge(1 + len(supply) + j, sink, 0) for j in range(takers)]
        return network, pair_edges, sink_edges

    def raise_to(network: _FlowNetwork, sink_edges: list[int], level: int) -> int:
        for j, edge in enumerate(sink_edges):
            network.set_capacity(edge, room(j, level))
        return network.max_flow(source, sink)

    # A start above 1 is valid only if that level fills every taker.
    level = start_level
    network, pair_edges, sink_edges = build()
    flow = raise_to(network, sink_edges, level)
    if level > 1 and any(network.flow(e) < room(j, level) for j, e in enumerate(sink_edges)):
        level = 1
        network, pair_edges, sink_edges = build()
        flow = raise_to(network, sink_edges, level)
    while flow < total:
        level += 1
        added = raise_to(network, sink_edges, level)
        flow += added
        # Once every fixed load is below the level, a level that adds nothing is final:
        # no taker with room can be reached, and raising the level adds none.
        if not added and level > max(fixed):
            break
    new = [pair for edge, pair in pair_edges.items() if network.flow(edge)]
    return new, [network.flow(edge) for edge in sink_edges]


def _shortfall_sentence(label: str, *, have: int, free: int, k: int, cap: int | None) -> str:
    needed = f"{k} {'is' if k == 1 else 'are'} needed."
    if free < k:
        if free == 0:
            return f"{label} has no panelist without a conflict; {needed}"
        return f"{label} has only {free} {_panelists(free)} without a conflict; {needed}"
    # With enough panelists free of conflict, a maximum flow leaves this nomination short
    # only when every other one of them has reached the cap.
    others = free - have
    return (
        f"{label} has {have} of the {k} reviewers it needs: the other {others} "
        f"{_panelists(others)} without a conflict {'has' if others == 1 else 'have all'} "
        f"reached the cap of {cap}."
    )


def _panelists(count: int) -> str:
    return "panelist" if count == 1 else "panelists"
