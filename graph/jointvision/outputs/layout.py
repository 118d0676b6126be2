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
from collections.abc import Sequence

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
    "Statement",
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
    """The radius of a sunflower spiral of ``count`` points ``spacing`` apart."""
    return spacing / math.sqrt(math.pi) * 1.9 * math.sqrt(max(count - 1, 0))


def _order(net: nx.MultiDiGraph, node: str) -> tuple:
    """Where ``node`` stands in its group: by class, then most connected first, then by label."""
    data = net.nodes[node]
    cls = data.get("class", "")
    rank = CLASS_ORDER.index(cls) if cls in CLASS_ORDER else len(CLASS_ORDER)
    return (rank, -net.degree(node), data.get("label", ""), node)


def radial_layout(net: nx.MultiDiGraph, spacing: float = 68.0) -> dict[str, tuple[float, float]]:
    """Positions (x, y in screen pixels, y downwards) for every node."""
    directions, clusters, hub = _groups(net)
    positions, hub_radius = _hub_positions(net, hub, spacing)
    if directions:
        _place_directions(positions, directions, clusters, hub_radius, spacing)
    return {n: (round(x, 1), round(y, 1)) for n, (x, y) in positions.items()}


def _groups(net: nx.MultiDiGraph) -> tuple[list[str], dict[str, list[str]], list[str]]:
    """The strategic directions (in the source's order), the nodes placed under each (its cluster), and
    the hub (the nodes under no direction), each group in :func:`_order`."""
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
    return directions, clusters, hub


def _hub_positions(
    net: nx.MultiDiGraph, hub: list[str], spacing: float
) -> tuple[dict[str, tuple[float, float]], float]:
    """The positions of the hub's nodes, and the hub's radius. The centre holds the joint statement(s)
    alone; the rest of the hub starts a few turns out, with more room, since its nodes are the largest."""
    centre = [n for n in hub if net.nodes[n].get("class") == "JointStatement"][:1]
    rest = [n for n in hub if n not in centre]
    hub_spacing, skip = 1.6 * spacing, (8 if centre else 0)
    positions: dict[str, tuple[float, float]] = {n: (0.0, 0.0) for n in centre}
    for node, point in zip(rest, _spiral(len(rest) + skip, hub_spacing)[skip:]):
        positions[node] = point
    return positions, _radius(len(rest) + skip, hub_spacing)


def _place_directions(
    positions: dict[str, tuple[float, float]],
    directions: list[str],
    clusters: dict[str, list[str]],
    hub_radius: float,
    spacing: float,
) -> None:
    """Add to ``positions`` the directions, on a ring around the hub, each with its cluster just outside it."""
    widest = max((_radius(len(m), spacing) for m in clusters.values()), default=0.0)
    k = len(directions)
    # far enough out that neighbouring clusters do not overlap, nor the hub
    ring = max(hub_radius + 2.5 * spacing, (widest + spacing) / math.sin(math.pi / k) if k > 1 else 0.0, 4 * spacing)
    for i, direction in enumerate(directions):
        angle = -math.pi / 2 + 2 * math.pi * i / k
        ux, uy = math.cos(angle), math.sin(angle)
        positions[direction] = (ring * ux, ring * uy)
        members = clusters[direction]
        distance = ring + 1.2 * spacing + _radius(len(members), spacing)
        cx, cy = distance * ux, distance * uy
        for node, (x, y) in zip(members, _spiral(len(members), spacing)):
            positions[node] = (cx + x, cy + y)


#: The most places :func:`spread_labels` tries for one mark before it settles for the nearest one
#: clear of the labels (in a field packed with marks, that one may touch another mark).
MARK_TRIES = 96

#: A rectangle: left, top, right, bottom.
_Rect = tuple[float, float, float, float]
#: A label's box: width, height, how far below the node's centre it starts, rank.
_Box = tuple[float, float, float, int]


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
    overlapping labels (or a label over another of these nodes) the one of
    lower rank moves (both, half each, at equal rank), along the axis that
    frees it soonest; rank 0 never moves. Then
    each of ``marks`` (the other nodes, with their radius) that lies under
    one of those labels or on one of those nodes steps out to the nearest
    place clear of all of them and of the other marks (found among the sides
    of whatever is in the way, then the sides of what those land on; after
    :data:`MARK_TRIES` places, the nearest one clear of the labels). Deterministic:
    fixed order, fixed rounds.
    """
    at = {n: list(positions[n]) for n in boxes}
    order = sorted(boxes, key=lambda n: (boxes[n][3], n))
    _separate_labels(at, order, boxes, margin, rounds)
    out = dict(positions)
    out.update({n: (round(x, 1), round(y, 1)) for n, (x, y) in at.items()})
    # the obstacles where the nodes will be drawn: the labels, then the key nodes' own shapes
    labels = [_label_extent(boxes[n], out[n], margin) for n in order] + _key_shapes(order, boxes, out)
    if marks:
        _place_marks(_MarkField(labels, marks, boxes, out), sorted(marks), boxes)
    return out


def _label_extent(box: _Box, point: Sequence[float], margin: float) -> _Rect:
    """The rectangle a label of ``box`` takes, with half the margin around it, for its node at ``point``."""
    width, height, below, _ = box
    x, y = point
    top = y + below if below else y - height / 2
    return x - width / 2 - margin / 2, top - margin / 2, x + width / 2 + margin / 2, top + height + margin / 2


def _separate_labels(
    at: dict[str, list[float]], order: list[str], boxes: dict[str, _Box], margin: float, rounds: int
) -> None:
    """Push every overlapping pair of labels apart (moving ``at`` in place), in ``order``, for at most
    ``rounds`` rounds or until a round moves none."""
    for _ in range(rounds):
        moved = False
        for i, a in enumerate(order):
            for b in order[i + 1 :]:
                if _push_apart(at, boxes, a, b, margin):
                    moved = True
        if not moved:
            break


def _block_extent(box: _Box, point: Sequence[float], margin: float) -> _Rect:
    """The rectangle a key node takes: its label (:func:`_label_extent`) and, where the label is drawn
    below the node, the node's own shape above it, so that no key node lies under another's label."""
    x0, y0, x1, y1 = _label_extent(box, point, margin)
    size = box[2] - 2.0
    if size <= 0:
        return x0, y0, x1, y1
    return min(x0, point[0] - size), min(y0, point[1] - size), max(x1, point[0] + size), y1


def _push_apart(at: dict[str, list[float]], boxes: dict[str, _Box], a: str, b: str, margin: float) -> bool:
    """Move the labels of ``a`` and ``b`` apart if they, or their nodes (:func:`_block_extent`), overlap
    (the lower rank moves, or both, half each, at equal rank; rank 0 never moves), along the axis of least
    overlap. Whether they overlapped."""
    ax0, ay0, ax1, ay1 = _block_extent(boxes[a], at[a], margin)
    bx0, by0, bx1, by1 = _block_extent(boxes[b], at[b], margin)
    dx = min(ax1, bx1) - max(ax0, bx0)
    dy = min(ay1, by1) - max(ay0, by0)
    if dx <= 0 or dy <= 0:
        return False
    share = {b: 1.0} if boxes[a][3] < boxes[b][3] else {a: 0.5, b: 0.5}
    if boxes[a][3] == 0:
        share = {b: 1.0}
    # the axis of least overlap; the direction from a's centre to b's
    ca, cb = ((ax0 + ax1) / 2, (ay0 + ay1) / 2), ((bx0 + bx1) / 2, (by0 + by1) / 2)
    axis, amount = (0, dx) if dx < dy else (1, dy)
    sign = 1.0 if cb[axis] >= ca[axis] else -1.0
    for node, part in share.items():
        at[node][axis] += (sign if node == b else -sign) * amount * part + (sign if node == b else -sign)
    return True


def _key_shapes(order: list[str], boxes: dict[str, _Box], out: dict[str, tuple[float, float]]) -> list[_Rect]:
    """The squares of the key nodes' own shapes, which are in the way too (a box shape lies inside its label)."""
    shapes = []
    for n in order:
        size = boxes[n][2] - 2.0
        if size > 0:
            x, y = out[n]
            shapes.append((x - size, y - size, x + size, y + size))
    return shapes


class _MarkField:
    """Labels and marks by cell of a grid, so that a point is checked against its neighbours only: a label
    is listed in every cell it covers, widened by the largest mark's reach; a mark in the cell of its
    centre. ``out`` (the positions) is updated in place as marks move."""

    def __init__(
        self,
        labels: list[_Rect],
        marks: dict[str, float],
        boxes: dict[str, _Box],
        out: dict[str, tuple[float, float]],
    ) -> None:
        """The field of ``labels`` (and key shapes) and of the ``marks`` not in ``boxes``, at ``out``."""
        self.marks, self.out = marks, out
        reach = max((size for n, size in marks.items() if n not in boxes), default=0.0) + 4.0
        self.cell = cell = 2.0 * reach + 8.0
        self.label_grid: dict[tuple[int, int], list[_Rect]] = {}
        for b in labels:
            for i in range(int((b[0] - reach) // cell), int((b[2] + reach) // cell) + 1):
                for j in range(int((b[1] - reach) // cell), int((b[3] + reach) // cell) + 1):
                    self.label_grid.setdefault((i, j), []).append(b)
        self.grid: dict[tuple[int, int], list[str]] = {}
        for other in marks:
            if other not in boxes:
                self.grid.setdefault(self.cell_of(*out[other]), []).append(other)

    def cell_of(self, x: float, y: float) -> tuple[int, int]:
        """The grid cell of the point (x, y)."""
        return int(x // self.cell), int(y // self.cell)

    def labels_hit(self, x: float, y: float, r: float) -> list[_Rect]:
        """The labels and key shapes a mark of radius ``r`` at (x, y) touches."""
        return [
            b
            for b in self.label_grid.get(self.cell_of(x, y), ())
            if b[0] - r < x < b[2] + r and b[1] - r < y < b[3] + r
        ]

    def clear(self, x: float, y: float, r: float) -> bool:
        """Whether a mark of radius ``r`` at (x, y) is clear of every label and key shape."""
        return not self.labels_hit(x, y, r)

    def in_the_way(self, node: str, x: float, y: float, r: float) -> list[_Rect]:
        """The labels, key shapes and other marks (as their squares) a mark of radius ``r`` at (x, y) touches."""
        hit = self.labels_hit(x, y, r)
        cx, cy = self.cell_of(x, y)
        for i in (-1, 0, 1):
            for j in (-1, 0, 1):
                for other in self.grid.get((cx + i, cy + j), ()):
                    ox, oy = self.out[other]
                    if other != node and (ox - x) ** 2 + (oy - y) ** 2 < (self.marks[other] + r) ** 2:
                        size = self.marks[other]
                        hit.append((ox - size, oy - size, ox + size, oy + size))
        return hit

    def move(self, node: str, place: tuple[float, float]) -> None:
        """Put the mark ``node`` at ``place`` (rounded, as drawn)."""
        self.grid[self.cell_of(*self.out[node])].remove(node)
        self.out[node] = (round(place[0], 1), round(place[1], 1))
        self.grid.setdefault(self.cell_of(*self.out[node]), []).append(node)


def _place_marks(field: _MarkField, names: list[str], boxes: dict[str, _Box]) -> None:
    """Step each mark of ``names`` (in that order; the nodes of ``boxes`` excepted) that is not clear of the
    labels out to the nearest free place, if one is found."""
    for node in names:
        if node in boxes:
            continue
        x, y = field.out[node]
        r = field.marks[node] + 4.0
        if field.clear(x, y, r):
            continue
        found = _free_place(field, node, x, y, r)
        if found:
            field.move(node, found)


def _free_place(field: _MarkField, node: str, x: float, y: float, r: float) -> tuple[float, float] | None:
    """The nearest free point for the mark ``node`` of radius ``r`` at (x, y): each side of each obstacle
    in the way, then the sides of the obstacles those land on, nearest first (a step out of one label may
    land in the next, or on a mark). Failing that, the nearest tried clear of the labels, or None."""
    tried: set[tuple[float, float]] = set()
    frontier = [(x, y)]
    fallback = None
    for _ in range(8):
        if len(tried) >= MARK_TRIES:
            break
        candidates = _sides(field, node, frontier, r)
        ordered = sorted(candidates - tried, key=lambda p: ((p[0] - x) ** 2 + (p[1] - y) ** 2, p))
        ordered = ordered[: max(MARK_TRIES - len(tried), 0)]
        tried.update(ordered)
        found, clear_of_labels = _first_free(field, node, ordered, r)
        if fallback is None:
            fallback = clear_of_labels
        if found:
            return found
        if not ordered:
            break
        frontier = ordered[:12]
    return fallback


def _sides(field: _MarkField, node: str, frontier: list[tuple[float, float]], r: float) -> set[tuple[float, float]]:
    """The points just beside each side of whatever is in the way of the mark ``node`` at each point of
    ``frontier``."""
    candidates = set()
    for px, py in frontier:
        for x0, y0, x1, y1 in field.in_the_way(node, px, py, r):
            candidates.update({(x0 - r - 2, py), (x1 + r + 2, py), (px, y0 - r - 2), (px, y1 + r + 2)})
    return candidates


def _first_free(
    field: _MarkField, node: str, ordered: list[tuple[float, float]], r: float
) -> tuple[tuple[float, float] | None, tuple[float, float] | None]:
    """The first of ``ordered`` where nothing is in the way of the mark, and the first before it clear of
    the labels (on another mark: better than under a label), each or None."""
    fallback = None
    for c in ordered:
        if not field.in_the_way(node, c[0], c[1], r):
            return c, fallback
        if fallback is None and field.clear(c[0], c[1], r):
            fallback = c
    return None, fallback
