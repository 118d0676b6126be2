"""Synthetic graphs shaped like the real one, of any size, for scale tests
and benchmarks (never part of the published data).

``synthetic_graph(10_000)`` gives 10,000 fact nodes: a joint statement, two
countries, eight directions, and programs, initiatives, activities, goals,
targets and organisations spread over the directions, linked to each other
and to the countries, each with a quote of a generated source text.
"""

from __future__ import annotations

import random

from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS, XSD

from .namespaces import JV, derived_iri, entity_iri, evidence_iri

KINDS = [
    ("Activity", 40),
    ("Program", 8),
    ("Initiative", 6),
    ("Goal", 14),
    ("Target", 8),
    ("ResearchArea", 12),
    ("Organisation", 6),
    ("Ministry", 6),
]
LINKS = {"Activity": JV.partOf, "Program": JV.contributesTo, "Initiative": JV.contributesTo}


def synthetic_graph(facts: int = 10_000, seed: int = 0) -> Graph:
    """A graph of ``facts`` fact nodes (at least 11), the same for the same seed.

    >>> graph = synthetic_graph(100)
    >>> len(set(graph.subjects(JV.evidence, None)))
    100
    """
    rng = random.Random(seed)
    graph = Graph()
    source = _source(graph, facts)

    def fact(local: str, cls, label: str, index: int):
        return _fact(graph, source, local, cls, label, index)

    statement = fact("synthetic-statement", JV.JointStatement, "Synthetic Joint Statement", 0)
    countries = [fact(f"country-{c}", JV.Country, f"Country {c.upper()}", i + 1) for i, c in enumerate("ab")]
    directions = []
    for i in range(8):
        d = fact(f"direction-{i + 1}", JV.StrategicDirection, f"Direction {i + 1}", i + 3)
        graph.add((d, JV.position, Literal(str(i + 1), datatype=XSD.integer)))
        graph.add((statement, JV.hasDirection, d))
        directions.append(d)
    population = [k for k, weight in KINDS for _ in range(weight)]
    made: dict[str, list] = {}
    for index in range(11, facts):
        kind = rng.choice(population)
        node = fact(f"{kind.lower()}-{index}", JV[kind], f"{kind} {index}", index)
        _link(graph, rng, node, kind, directions, countries, made)
        if kind == "Target":
            _quantity(graph, rng, node, f"{kind.lower()}-{index}", index)
        made.setdefault(kind, []).append(node)
    return graph


def _source(graph: Graph, facts: int):
    """Add the one source text every quote is from; its node."""
    source = entity_iri("synthetic-source")
    graph.add((source, RDF.type, JV.Source))
    graph.add((source, RDFS.label, Literal("Synthetic source")))
    graph.add((source, JV.fileName, Literal("synthetic.txt")))
    graph.add((source, JV.sha256, Literal("0" * 64)))
    graph.add((source, JV.characterCount, Literal(str(facts * 40), datatype=XSD.integer)))
    return source


def _fact(graph: Graph, source, local: str, cls, label: str, index: int):
    """Add a fact node of class ``cls`` with its label and the evidence of
    its quote, the ``index``-th passage of the source; its node."""
    node = entity_iri(local)
    ev = evidence_iri("synthetic-source", index * 40, index * 40 + 30)
    graph.add((node, RDF.type, cls))
    graph.add((node, RDFS.label, Literal(label)))
    graph.add((node, JV.evidence, ev))
    graph.add((ev, RDF.type, JV.Evidence))
    graph.add((ev, JV.quote, Literal(f"quoted words number {index}".ljust(30, ".")[:30])))
    graph.add((ev, JV.start, Literal(str(index * 40), datatype=XSD.integer)))
    graph.add((ev, JV.end, Literal(str(index * 40 + 30), datatype=XSD.integer)))
    graph.add((ev, JV.inSource, source))
    return node


def _link(graph: Graph, rng: random.Random, node, kind: str, directions: list, countries: list, made: dict) -> None:
    """Link a new fact node to its direction (now and then a second one),
    to a program made before it and to a country, drawing from ``rng``."""
    home = rng.randrange(8)
    graph.add((node, JV.underDirection, directions[home]))
    if rng.random() < 0.05:
        graph.add((node, JV.underDirection, directions[(home + 1 + rng.randrange(7)) % 8]))
    if kind in LINKS and made.get("Program") and rng.random() < 0.6:
        graph.add((node, LINKS[kind], rng.choice(made["Program"][-200:])))
    if kind in {"Activity", "Program"} and rng.random() < 0.2:
        graph.add((node, JV.involves, rng.choice(countries)))


def _quantity(graph: Graph, rng: random.Random, node, local: str, index: int) -> None:
    """Give a target node an exact quantity of a random number of units."""
    quantity = derived_iri(local, "quantity")
    graph.add((node, JV.quantity, quantity))
    graph.add((quantity, RDF.type, JV.Quantity))
    graph.add((quantity, JV.numericValue, Literal(str(rng.randrange(1, 10**6)), datatype=XSD.decimal)))
    graph.add((quantity, JV.statedAs, Literal(f"{index} units")))
    graph.add((quantity, JV.bound, JV.Exact))
