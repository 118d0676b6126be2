"""The knowledge graph as a NetworkX multigraph, for network analysis.

Every IRI node of the RDF graph becomes a node and every triple between two
IRIs an edge (keyed by the predicate's prefixed name), so no relation is
lost; literal values become node attributes.
"""

from __future__ import annotations

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from .namespaces import JV
from .results import short


def to_networkx(graph: Graph) -> nx.MultiDiGraph:
    """Nodes carry ``label``, ``class`` (the class's local name), ``iri``,
    ``direction`` (label of the first strategic direction by position, or
    ``""``), ``directions`` (all, by position) and ``properties`` (literal
    values by prefixed predicate); edges carry ``predicate`` (full IRI) and
    ``label`` (its prefixed name)."""
    net = nx.MultiDiGraph()
    subjects = sorted({s for s in graph.subjects() if isinstance(s, URIRef)})

    def label_of(node: URIRef) -> str:
        value = graph.value(node, RDFS.label)
        return str(value) if value is not None else short(node)

    position = {d: int(graph.value(d, JV.position) or 0) for d in graph.subjects(RDF.type, JV.StrategicDirection)}
    for node in subjects:
        classes = sorted(str(c) for c in graph.objects(node, RDF.type))
        directions = sorted(graph.objects(node, JV.underDirection), key=lambda d: (position.get(d, 0), str(d)))
        props: dict[str, list[str]] = {}
        for p, o in sorted(graph.predicate_objects(node)):
            if isinstance(o, Literal):
                props.setdefault(short(p), []).append(str(o))
        net.add_node(
            str(node),
            iri=str(node),
            label=label_of(node),
            **{"class": classes[0].rsplit("#", 1)[-1] if classes else ""},
            direction=label_of(directions[0]) if directions else "",
            directions=[label_of(d) for d in directions],
            properties=props,
        )
    for s, p, o in sorted(graph):
        if p == RDF.type or not isinstance(o, URIRef) or not isinstance(s, URIRef):
            continue
        if str(o) not in net:
            net.add_node(str(o), iri=str(o), label=short(o), **{"class": ""}, direction="", directions=[],
                         properties={})
        net.add_edge(str(s), str(o), key=short(p), predicate=str(p), label=short(p))
    return net
