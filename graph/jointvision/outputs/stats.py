"""Counts a reader wants first: triples, entities per class, what hangs off
each strategic direction, and how much rests on quoted evidence."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from rdflib import Graph
from rdflib.namespace import RDF, RDFS

from ..rdf.namespaces import JV, VOCAB


@dataclass(frozen=True)
class Stats:
    """The counts of :func:`compute_stats`: triples, entities per class, what
    hangs off each strategic direction, and how much rests on quotes."""

    triples: int
    per_class: dict[str, int]
    per_direction: list[tuple[int, str, dict[str, int]]]  # (position, label, {class: count})
    facts_with_evidence: int
    quotes: int


def _local(iri) -> str:
    text = str(iri)
    return text[len(VOCAB) :] if text.startswith(VOCAB) else text


def compute_stats(graph: Graph) -> Stats:
    """Count a graph of jointvision facts: classes and directions by name,
    directions in the statement's order."""
    per_class = Counter(_local(c) for c in graph.objects(None, RDF.type))
    per_direction = []
    for d in graph.subjects(RDF.type, JV.StrategicDirection):
        counts = Counter(_local(c) for s in graph.subjects(JV.underDirection, d) for c in graph.objects(s, RDF.type))
        label = graph.value(d, RDFS.label)
        per_direction.append(
            (
                int(str(graph.value(d, JV.position) or 0)),
                str(label if label is not None else d),
                dict(sorted(counts.items())),
            )
        )
    return Stats(
        triples=len(graph),
        per_class=dict(sorted(per_class.items())),
        per_direction=sorted(per_direction, key=lambda row: row[:2]),
        facts_with_evidence=len(set(graph.subjects(JV.evidence, None))),
        quotes=len(set(graph.subjects(RDF.type, JV.Evidence))),
    )


def format_stats(stats: Stats) -> str:
    """The counts as text, for ``jointvision stats``."""
    lines = [
        f"triples: {stats.triples}",
        f"facts with evidence: {stats.facts_with_evidence} (distinct quoted passages: {stats.quotes})",
        "",
        "per class:",
    ]
    width = max((len(k) for k in stats.per_class), default=0)
    lines += [f"  {name.ljust(width)}  {count:>5}" for name, count in stats.per_class.items()]
    lines += ["", "per direction:"]
    for position, label, counts in stats.per_direction:
        detail = ", ".join(f"{count} {name}" for name, count in counts.items()) or "named only"
        lines.append(f"  {position}. {label}: {detail}")
    return "\n".join(lines)
