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
fills up gives the same result as climbing level by level.

Guarantees:
- A conflicted pair is never assigned; a pair is never assigned twice (kept pairs are
  not repeated); kept pairs are never removed and count toward k and toward loads.
- Every nomination gets k reviewers whenever that is possible with the conflicts, the
  cap and the kept pairs. When it is not, the plan makes as many assignments as possible
  (still without conflicts and within the cap), `feasible` is False, and `problems`
  names each nomination left short and why. (Which nominations a too-low cap leaves
  short is not balanced: one may keep k while another gets none.)
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
from collections.abc import Iterable, Mapping
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

    new, new_load = _fill(len(noms), len(pans), conflicted, kept, demand, kept_load, cap)

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


def _fill(
    nom_count: int,
    pan_count: int,
    conflicted: set[tuple[int, int]],
    kept: set[tuple[int, int]],
    demand: list[int],
    kept_load: list[int],
    cap: int | None,
) -> tuple[list[tuple[int, int]], list[int]]:
    """The water fill: returns the new (nomination, panelist) index pairs and new loads."""
    total_demand = sum(demand)
    if pan_count == 0 or total_demand == 0:
        return [], [0] * pan_count
    source, sink = 0, nom_count + pan_count + 1
    highest_kept = max(kept_load)
    stride = max(demand)

    def room(j: int, level: int) -> int:
        allowed = level if cap is None else min(level, cap)
        return max(0, allowed - kept_load[j])

    def build() -> tuple[_FlowNetwork, dict[int, tuple[int, int]], list[int]]:
        network = _FlowNetwork(sink + 1)
        pair_edges: dict[int, tuple[int, int]] = {}
        for i in range(nom_count):
            if not demand[i]:
                continue
            network.add_edge(source, 1 + i, demand[i])
            offset = i * stride
            start = (offset + offset // pan_count) % pan_count
            for step in range(pan_count):
                j = (start + step) % pan_count
                if (i, j) not in conflicted and (i, j) not in kept:
                    pair_edges[network.add_edge(1 + i, 1 + nom_count + j, 1)] = (i, j)
        sink_edges = [network.add_edge(1 + nom_count + j, sink, 0) for j in range(pan_count)]
        return network, pair_edges, sink_edges

    def raise_to(network: _FlowNetwork, sink_edges: list[int], level: int) -> int:
        for j, edge in enumerate(sink_edges):
            network.set_capacity(edge, room(j, level))
        return network.max_flow(source, sink)

    # Start just below the average load; valid only if that level fills every panelist.
    level = max(1, -(-(total_demand + sum(kept_load)) // pan_count) - 1)
    network, pair_edges, sink_edges = build()
    flow = raise_to(network, sink_edges, level)
    if level > 1 and any(network.flow(e) < room(j, level) for j, e in enumerate(sink_edges)):
        level = 1
        network, pair_edges, sink_edges = build()
        flow = raise_to(network, sink_edges, level)
    while flow < total_demand:
        level += 1
        added = raise_to(network, sink_edges, level)
        flow += added
        # Once every kept load is below the level, a level that adds nothing is final:
        # no panelist with room can be reached, and raising the level adds none.
        if not added and level > highest_kept:
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
