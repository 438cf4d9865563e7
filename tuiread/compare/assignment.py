"""One-to-one pairs of greatest total score (maximum-weight bipartite matching).

Greedy best-first matching lets one good pair take a sentence from a better arrangement: if A1
fits B1 a little better than A2 does, yet A1 fits B2 too and A2 fits nothing else, greedy pairs
A1-B1 and leaves A2 alone. The Hungarian method finds the best arrangement; it runs on each
connected group of candidate pairs, which in two news articles are small.
"""

from __future__ import annotations

from collections import defaultdict


def _components(edges: dict[tuple[int, int], float]) -> list[list[tuple[int, int]]]:
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(node: tuple[str, int]) -> tuple[str, int]:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for i, j in edges:
        root_a, root_b = find(("l", i)), find(("r", j))
        if root_a != root_b:
            parent[root_a] = root_b
    groups: dict[tuple[str, int], list[tuple[int, int]]] = defaultdict(list)
    for edge in edges:
        groups[find(("l", edge[0]))].append(edge)
    return [sorted(group) for _, group in sorted(groups.items())]


def _hungarian(cost: list[list[float]]) -> list[int]:
    """For an n x m cost matrix with n <= m, the column of each row in a cheapest assignment."""
    n, m = len(cost), len(cost[0])
    inf = float("inf")
    u, v = [0.0] * (n + 1), [0.0] * (m + 1)
    owner, way = [0] * (m + 1), [0] * (m + 1)
    for row in range(1, n + 1):
        owner[0] = row
        column = 0
        least = [inf] * (m + 1)
        used = [False] * (m + 1)
        while True:
            used[column] = True
            current, delta, next_column = owner[column], inf, 0
            for j in range(1, m + 1):
                if used[j]:
                    continue
                reduced = cost[current - 1][j - 1] - u[current] - v[j]
                if reduced < least[j]:
                    least[j], way[j] = reduced, column
                if least[j] < delta:
                    delta, next_column = least[j], j
            for j in range(m + 1):
                if used[j]:
                    u[owner[j]] += delta
                    v[j] -= delta
                else:
                    least[j] -= delta
            column = next_column
            if owner[column] == 0:
                break
        while column:
            previous = way[column]
            owner[column] = owner[previous]
            column = previous
    result = [-1] * n
    for j in range(1, m + 1):
        if owner[j]:
            result[owner[j] - 1] = j - 1
    return result


def best_assignment(edges: dict[tuple[int, int], float]) -> list[tuple[int, int]]:
    """The set of one-to-one pairs (left, right) among ``edges`` of greatest total score."""
    chosen = []
    for group in _components(edges):
        if len(group) == 1:
            chosen.append(group[0])
            continue
        rows = sorted({i for i, _ in group})
        cols = sorted({j for _, j in group})
        flip = len(rows) > len(cols)
        if flip:
            rows, cols = cols, rows
        # A missing edge costs nothing, so pairing along it is never better than leaving both
        # sentences alone; it is dropped below.
        cost = [[-edges.get((c, r) if flip else (r, c), 0.0) for c in cols] for r in rows]
        for position, column in enumerate(_hungarian(cost)):
            r, c = rows[position], cols[column]
            edge = (c, r) if flip else (r, c)
            if edge in edges:
                chosen.append(edge)
    return sorted(chosen)
