"""Network analytics a reader asks for: which programs and organisations are
most central, which undertakings bridge strategic directions, and how the
graph falls apart into connected components.

Every function takes the network of facts,
:func:`~jointvision.outputs.network.fact_network` (one node per fact, with
``class``, ``label`` and ``direction_ids``), not
:func:`~jointvision.outputs.network.graph_network` (every RDF node, where
evidence, quantities and periods would count as connectors)."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

UNDERTAKINGS = frozenset({"Program", "Initiative", "Activity"})
ORGANISATIONS = frozenset({"Organisation", "Government", "Ministry", "ActorGroup"})
#: Above this many nodes, betweenness is estimated from a fixed sample of
#: sources (seeded, so the answer is the same every run).
EXACT_BETWEENNESS_LIMIT = 2000


@dataclass(frozen=True)
class Centrality:
    """How central one node is: its betweenness (how often it lies on the
    shortest paths between others) and its degree, with its label and class."""

    node: str
    label: str
    cls: str
    degree: int
    betweenness: float


def betweenness(net: nx.MultiDiGraph) -> dict[str, float]:
    """Normalized betweenness on the undirected simple graph (who connects
    whom, whatever the arrow); estimated from a seeded sample above
    :data:`EXACT_BETWEENNESS_LIMIT` nodes."""
    simple = nx.Graph(net)
    k = None if simple.number_of_nodes() <= EXACT_BETWEENNESS_LIMIT else 256
    return nx.betweenness_centrality(simple, k=k, seed=0 if k else None, normalized=True)


def centrality(
    net: nx.MultiDiGraph,
    classes: frozenset[str] | set[str] | None = None,
    top: int = 10,
    between: dict[str, float] | None = None,
) -> list[Centrality]:
    """The ``top`` nodes of the given classes by betweenness, then degree
    (``between``: betweenness already computed with :func:`betweenness`)."""
    simple = nx.Graph(net)
    between = between if between is not None else betweenness(net)
    rows = [
        Centrality(node, data.get("label", node), data.get("class", ""), simple.degree(node), between[node])
        for node, data in net.nodes(data=True)
        if classes is None or data.get("class") in classes
    ]
    rows.sort(key=lambda r: (-r.betweenness, -r.degree, r.label, r.node))
    return rows[:top]


@dataclass(frozen=True)
class Bridge:
    """An undertaking that ties strategic directions together, with the
    labels of the directions it reaches."""

    node: str
    label: str
    cls: str
    directions: tuple[str, ...]  # labels, in the source's order
    own: bool  # True: the source places it under several directions itself


def bridging_undertakings(net: nx.MultiDiGraph) -> list[Bridge]:
    """Programs, initiatives and activities that tie two or more directions
    together: placed under several, or linked to undertakings of others."""
    position = {n: d.get("position", 0) for n, d in net.nodes(data=True) if d.get("class") == "StrategicDirection"}
    labels = {n: net.nodes[n].get("label", n) for n in position}
    bridges = []
    for node, data in net.nodes(data=True):
        if data.get("class") not in UNDERTAKINGS:
            continue
        own = set(data.get("direction_ids", []))
        reached = set(own)
        for other in set(net.successors(node)) | set(net.predecessors(node)):
            if net.nodes[other].get("class") in UNDERTAKINGS:
                reached |= set(net.nodes[other].get("direction_ids", []))
        if len(reached) > 1:
            ordered = sorted(reached, key=lambda d: (position.get(d, 0), d))
            bridges.append(
                Bridge(
                    node,
                    data.get("label", node),
                    data.get("class", ""),
                    tuple(labels.get(d, d) for d in ordered),
                    len(own) > 1,
                )
            )
    bridges.sort(key=lambda b: (not b.own, -len(b.directions), b.label))
    return bridges


def components(net: nx.MultiDiGraph) -> list[list[str]]:
    """Weakly connected components, largest first, each sorted by label."""
    found = [sorted(c, key=lambda n: (net.nodes[n].get("label", n), n)) for c in nx.weakly_connected_components(net)]
    found.sort(key=lambda c: (-len(c), net.nodes[c[0]].get("label", c[0])))
    return found


def network_report(net: nx.MultiDiGraph, top: int = 5, most_bridges: int = 20) -> str:
    """The analytics as text, for ``jointvision stats --network``."""
    lines = [f"network: {net.number_of_nodes()} facts, {net.number_of_edges()} relations", ""]
    between = betweenness(net)
    for title, classes in (
        ("most central programs, initiatives and activities", UNDERTAKINGS),
        ("most central organisations", ORGANISATIONS),
    ):
        lines.append(f"{title} (betweenness, degree):")
        rows = centrality(net, classes, top, between)
        lines += [f"  {r.betweenness:.3f}  {r.degree:>3}  {r.label} ({r.cls})" for r in rows] or ["  (none)"]
        lines.append("")
    lines.append("undertakings that bridge directions:")
    bridges = bridging_undertakings(net)
    lines += [
        f"  {b.label} ({b.cls}): {' + '.join(b.directions)}" + ("" if b.own else " (through linked undertakings)")
        for b in bridges[:most_bridges]
    ] or ["  (none)"]
    if len(bridges) > most_bridges:
        lines.append(f"  ... and {len(bridges) - most_bridges} more (analysis.bridging_undertakings lists all)")
    lines.append("")
    parts = components(net)
    lines.append(
        f"connected components: {len(parts)} (sizes {', '.join(str(len(c)) for c in parts[:10])}"
        f"{', ...' if len(parts) > 10 else ''})"
    )
    for part in parts[1:6]:
        lines.append(
            "  apart from the rest: "
            + ", ".join(net.nodes[n].get("label", n) for n in part[:5])
            + (" ..." if len(part) > 5 else "")
        )
    return "\n".join(lines)
