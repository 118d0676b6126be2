"""Deterministic positions for the relationship map, computed in Python.

The map opens already laid out, the same on every load, with no physics
simulation in the browser (a 1,000-node graph took 55 s to settle under
vis-network's default physics; precomputed positions are ready at once).

The layout is radial and O(n log n): the joint statement and the facts that
belong to no direction (countries, leaders, events...) sit in the middle; the
strategic directions stand on a ring around them in the source's order, each
with the facts placed under it gathered in a cluster just outside it. Every
group is filled as a sunflower (Vogel) spiral, which packs any number of
nodes evenly in a disc.
"""

from __future__ import annotations

import math

import networkx as nx

GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
#: Order of classes inside a group: the most important nearest the centre.
CLASS_ORDER = [
    "JointStatement",
    "Country",
    "Partnership",
    "Summit",
    "Visit",
    "Event",
    "Person",
    "Office",
    "Program",
    "Initiative",
    "Target",
    "Activity",
    "Goal",
    "ResearchArea",
    "Ministry",
    "Government",
    "Organisation",
    "ActorGroup",
    "City",
    "Currency",
    "CountUnit",
    "Document",
]


def _spiral(count: int, spacing: float) -> list[tuple[float, float]]:
    """``count`` points of a sunflower spiral whose neighbours are about
    ``spacing`` apart."""
    scale = spacing / math.sqrt(math.pi) * 1.9
    return [
        (scale * math.sqrt(k) * math.cos(k * GOLDEN_ANGLE), scale * math.sqrt(k) * math.sin(k * GOLDEN_ANGLE))
        for k in range(count)
    ]


def _radius(count: int, spacing: float) -> float:
    return spacing / math.sqrt(math.pi) * 1.9 * math.sqrt(max(count - 1, 0))


def _order(net: nx.MultiDiGraph, node: str) -> tuple:
    data = net.nodes[node]
    cls = data.get("class", "")
    rank = CLASS_ORDER.index(cls) if cls in CLASS_ORDER else len(CLASS_ORDER)
    return (rank, -net.degree(node), data.get("label", ""), node)


def radial_layout(net: nx.MultiDiGraph, spacing: float = 68.0) -> dict[str, tuple[float, float]]:
    """Positions (x, y in screen pixels, y downwards) for every node."""
    directions = sorted(
        (n for n, d in net.nodes(data=True) if d.get("class") == "StrategicDirection"),
        key=lambda n: (net.nodes[n].get("position", 0), n),
    )
    is_direction = set(directions)
    clusters: dict[str, list[str]] = {d: [] for d in directions}
    hub: list[str] = []
    for node, data in net.nodes(data=True):
        if node in is_direction:
            continue
        home = next((d for d in data.get("direction_ids", []) if d in clusters), None)
        (clusters[home] if home else hub).append(node)
    hub.sort(key=lambda n: _order(net, n))
    for members in clusters.values():
        members.sort(key=lambda n: _order(net, n))

    # The centre holds the joint statement(s) alone; the rest of the hub
    # starts a few turns out, with more room, since its nodes are the largest.
    centre = [n for n in hub if net.nodes[n].get("class") == "JointStatement"][:1]
    rest = [n for n in hub if n not in centre]
    hub_spacing, skip = 1.6 * spacing, (8 if centre else 0)
    positions: dict[str, tuple[float, float]] = {n: (0.0, 0.0) for n in centre}
    for node, point in zip(rest, _spiral(len(rest) + skip, hub_spacing)[skip:]):
        positions[node] = point
    if not directions:
        return {n: (round(x, 1), round(y, 1)) for n, (x, y) in positions.items()}
    hub_radius = _radius(len(rest) + skip, hub_spacing)
    widest = max((_radius(len(m), spacing) for m in clusters.values()), default=0.0)
    k = len(directions)
    # far enough out that neighbouring clusters do not overlap, nor the hub
    ring = max(hub_radius + 2.5 * spacing, (widest + spacing) / math.sin(math.pi / k) if k > 1 else 0.0, 4 * spacing)
    for i, direction in enumerate(directions):
        angle = -math.pi / 2 + 2 * math.pi * i / k
        ux, uy = math.cos(angle), math.sin(angle)
        positions[direction] = (ring * ux, ring * uy)
        members = clusters[direction]
        centre = ring + 1.2 * spacing + _radius(len(members), spacing)
        cx, cy = centre * ux, centre * uy
        for node, (x, y) in zip(members, _spiral(len(members), spacing)):
            positions[node] = (cx + x, cy + y)
    return {n: (round(x, 1), round(y, 1)) for n, (x, y) in positions.items()}


#: The most places :func:`spread_labels` tries for one mark before it settles for the nearest one
#: clear of the labels (in a field packed with marks, that one may touch another mark).
MARK_TRIES = 96


def spread_labels(
    positions: dict[str, tuple[float, float]],
    boxes: dict[str, tuple[float, float, float, int]],
    margin: float = 24.0,
    rounds: int = 400,
    marks: dict[str, float] | None = None,
) -> dict[str, tuple[float, float]]:
    """Move the nodes of ``boxes`` apart until their labels do not overlap.

    ``boxes`` gives, for each node whose label must read at the first view,
    its label's width and height, how far below the node's centre the label
    starts (0: centred on it, as in a box), and its rank (0 first). Of two
    overlapping labels the one of lower rank moves (both, half each, at equal
    rank), along the axis that frees it soonest; rank 0 never moves. Then
    each of ``marks`` (the other nodes, with their radius) that lies under
    one of those labels or on one of those nodes steps out to the nearest
    place clear of all of them and of the other marks (found among the sides
    of whatever is in the way, then the sides of what those land on; after
    :data:`MARK_TRIES` places, the nearest one clear of the labels). Deterministic:
    fixed order, fixed rounds.
    """
    at = {n: list(positions[n]) for n in boxes}
    order = sorted(boxes, key=lambda n: (boxes[n][3], n))

    def extent(n):
        width, height, below, _ = boxes[n]
        x, y = at[n]
        top = y + below if below else y - height / 2
        return x - width / 2 - margin / 2, top - margin / 2, x + width / 2 + margin / 2, top + height + margin / 2

    for _ in range(rounds):
        moved = False
        for i, a in enumerate(order):
            for b in order[i + 1 :]:
                ax0, ay0, ax1, ay1 = extent(a)
                bx0, by0, bx1, by1 = extent(b)
                dx = min(ax1, bx1) - max(ax0, bx0)
                dy = min(ay1, by1) - max(ay0, by0)
                if dx <= 0 or dy <= 0:
                    continue
                moved = True
                share = {b: 1.0} if boxes[a][3] < boxes[b][3] else {a: 0.5, b: 0.5}
                if boxes[a][3] == 0:
                    share = {b: 1.0}
                # the axis of least overlap; the direction from a's centre to b's
                ca, cb = ((ax0 + ax1) / 2, (ay0 + ay1) / 2), ((bx0 + bx1) / 2, (by0 + by1) / 2)
                axis, amount = (0, dx) if dx < dy else (1, dy)
                sign = 1.0 if cb[axis] >= ca[axis] else -1.0
                for node, part in share.items():
                    at[node][axis] += (sign if node == b else -sign) * amount * part + (sign if node == b else -sign)
        if not moved:
            break
    out = dict(positions)
    out.update({n: (round(x, 1), round(y, 1)) for n, (x, y) in at.items()})
    at = {n: list(out[n]) for n in at}  # the obstacles where the nodes will be drawn
    labels = [extent(n) for n in order]
    # the key nodes' own shapes are in the way too (a box shape lies inside its label)
    for n in order:
        size = boxes[n][2] - 2.0
        if size > 0:
            x, y = out[n]
            labels.append((x - size, y - size, x + size, y + size))

    # labels and marks by cell of a grid, so that a point is checked against its neighbours only: a
    # label is listed in every cell it covers, widened by the largest mark's reach
    reach = max((size for n, size in (marks or {}).items() if n not in boxes), default=0.0) + 4.0
    cell = 2.0 * reach + 8.0
    label_grid: dict[tuple[int, int], list[tuple[float, float, float, float]]] = {}
    for b in labels:
        for i in range(int((b[0] - reach) // cell), int((b[2] + reach) // cell) + 1):
            for j in range(int((b[1] - reach) // cell), int((b[3] + reach) // cell) + 1):
                label_grid.setdefault((i, j), []).append(b)

    def labels_hit(x: float, y: float, r: float) -> list[tuple[float, float, float, float]]:
        return [
            b
            for b in label_grid.get((int(x // cell), int(y // cell)), ())
            if b[0] - r < x < b[2] + r and b[1] - r < y < b[3] + r
        ]

    def clear(x: float, y: float, r: float) -> bool:
        return not labels_hit(x, y, r)

    grid: dict[tuple[int, int], list[str]] = {}
    for other in marks or {}:
        if other not in boxes:
            grid.setdefault((int(out[other][0] // cell), int(out[other][1] // cell)), []).append(other)

    def in_the_way(node: str, x: float, y: float, r: float) -> list[tuple[float, float, float, float]]:
        """The labels, key shapes and other marks (as their squares) a mark of radius ``r`` at (x, y) touches."""
        hit = labels_hit(x, y, r)
        cx, cy = int(x // cell), int(y // cell)
        for i in (-1, 0, 1):
            for j in (-1, 0, 1):
                for other in grid.get((cx + i, cy + j), ()):
                    ox, oy = out[other]
                    if other != node and (ox - x) ** 2 + (oy - y) ** 2 < (marks[other] + r) ** 2:
                        size = marks[other]
                        hit.append((ox - size, oy - size, ox + size, oy + size))
        return hit

    for node in sorted(marks or {}):
        if node in boxes:
            continue
        x, y = out[node]
        r = marks[node] + 4.0
        if clear(x, y, r):
            continue
        # the nearest free point: each side of each obstacle in the way, then the sides of the obstacles
        # those land on, nearest first (a step out of one label may land in the next, or on a mark)
        tried, frontier, found, fallback = set(), [(x, y)], None, None
        for _ in range(8):
            if len(tried) >= MARK_TRIES:
                break
            candidates = set()
            for px, py in frontier:
                for x0, y0, x1, y1 in in_the_way(node, px, py, r):
                    candidates.update({(x0 - r - 2, py), (x1 + r + 2, py), (px, y0 - r - 2), (px, y1 + r + 2)})
            ordered = sorted(candidates - tried, key=lambda p: ((p[0] - x) ** 2 + (p[1] - y) ** 2, p))
            ordered = ordered[: max(MARK_TRIES - len(tried), 0)]
            tried.update(ordered)
            for c in ordered:
                if not in_the_way(node, c[0], c[1], r):
                    found = c
                    break
                if fallback is None and clear(c[0], c[1], r):
                    fallback = c  # clear of the labels, on another mark: better than under a label
            if found or not ordered:
                break
            frontier = ordered[:12]
        found = found or fallback
        if found:
            grid[(int(x // cell), int(y // cell))].remove(node)
            out[node] = (round(found[0], 1), round(found[1], 1))
            grid.setdefault((int(out[node][0] // cell), int(out[node][1] // cell)), []).append(node)
    return out
