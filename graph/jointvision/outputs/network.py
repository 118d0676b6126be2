"""The knowledge graph as NetworkX multigraphs, for network analysis. Two
networks, for two questions:

* :func:`graph_network`: the RDF graph itself, every IRI node a node and
  every triple between two IRIs an edge (keyed by the predicate's prefixed
  name), so no relation is lost; literal values are node attributes. On the
  article: 175 nodes, evidence, quantities and periods among them.
* :func:`fact_network`: the graph as people read it, one node per fact (an
  entity), one edge per relation between facts, with evidence, quantities
  and periods folded into the fact they describe. On the article: 78 nodes.
  The map, GraphML and GEXF downloads and :mod:`~jointvision.outputs.analysis`
  take this one.

:func:`to_networkx` is :func:`graph_network`'s old name, kept as a
deprecated alias.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable
from typing import cast

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.term import Identifier, Node

from ..rdf.namespaces import JV
from ..sparql.results import short


def graph_network(graph: Graph) -> nx.MultiDiGraph:
    """The RDF graph as a network: every IRI node (subject or object, classes
    left out) a node, every triple between two IRIs but ``rdf:type`` an edge.
    On the article: 175 nodes, where :func:`fact_network` has 78 (the facts).

    Nodes carry ``label``, ``class`` (the class's local name), ``iri``,
    ``direction`` (label of the first strategic direction by position, or
    ``""``), ``directions`` (all, by position) and ``properties`` (literal
    values by prefixed predicate); edges carry ``predicate`` (full IRI) and
    ``label`` (its prefixed name)."""
    net = nx.MultiDiGraph()
    subjects = sorted({s for s in graph.subjects() if isinstance(s, URIRef)})

    def label_of(node: Node) -> str:
        value = graph.value(node, RDFS.label)
        return str(value) if value is not None else short(node)

    position = _positions(graph)
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
            net.add_node(
                str(o), iri=str(o), label=short(o), **{"class": ""}, direction="", directions=[], properties={}
            )
        net.add_edge(str(s), str(o), key=short(p), predicate=str(p), label=short(p))
    return net


def to_networkx(graph: Graph) -> nx.MultiDiGraph:
    """Deprecated: the old name of :func:`graph_network` (every RDF node),
    which it returns with a :class:`DeprecationWarning`; for the network of
    facts, :func:`fact_network`."""
    warnings.warn(
        "to_networkx is deprecated: call graph_network (every RDF node), or fact_network (one node per fact)",
        DeprecationWarning,
        stacklevel=2,
    )
    return graph_network(graph)


#: Classes whose nodes only carry detail of another node: in the fact network
#: they are folded into the node they belong to.
STRUCTURAL = frozenset({JV.Evidence, JV.Source, JV.Quantity, JV.Period})


def _ontology_labels() -> dict[str, str]:
    """English labels of the ontology's terms, read once with pyoxigraph."""
    import pyoxigraph as ox

    from ..resources import ontology_path

    labels = {}
    for triple in ox.parse(path=str(ontology_path()), format=ox.RdfFormat.TURTLE):
        if triple.predicate.value == str(RDFS.label) and isinstance(triple.object, ox.Literal):
            labels[triple.subject.value] = triple.object.value
    return labels


def _integer(graph: Graph, subject: Node, predicate: URIRef) -> int:
    """The integer ``predicate`` gives ``subject``, or 0."""
    return int(cast(Literal, graph.value(subject, predicate)) or 0)


def _sorted_objects(graph: Graph, node: Node, predicate: URIRef) -> list[Identifier]:
    """The objects ``predicate`` gives ``node``, in rdflib's order of terms."""
    return sorted(cast("Iterable[Identifier]", graph.objects(node, predicate)))


def _positions(graph: Graph) -> dict[Node, int]:
    """The position of each strategic direction (0 if it has none)."""
    return {d: _integer(graph, d, JV.position) for d in graph.subjects(RDF.type, JV.StrategicDirection)}


class _Facts:
    """What the fact network reads of a graph: labels, the sources that state each triple (from
    ``provenance``), and a fact's properties, folded details and evidence."""

    def __init__(self, graph: Graph, provenance: dict[tuple, tuple[str, ...]]) -> None:
        """Read the ontology's labels and the labels of the graph's sources."""
        self.graph, self.provenance = graph, provenance
        self.labels = _ontology_labels()
        self.labels.setdefault(str(SKOS.editorialNote), "editorial note")
        self.source_names: dict[str, str] = {}
        for source in graph.subjects(RDF.type, JV.Source):
            named = graph.value(source, JV.namedGraph)
            self.source_names[str(named) if named is not None else str(source)] = self.label_of(source)

    def label_of(self, node: Node | None) -> str:
        """A node's label, or its prefixed name."""
        value = self.graph.value(node, RDFS.label)
        return str(value) if value is not None else short(node)

    def name_of(self, term: Node) -> str:
        """A term's label in the ontology, or its prefixed name."""
        return self.labels.get(str(term), short(term))

    def value_of(self, term: Node) -> str:
        """An object as a person reads it: an IRI by its label, a literal as its text."""
        return (self.labels.get(str(term)) or self.label_of(term)) if isinstance(term, URIRef) else str(term)

    def stated_by(self, *triple: Node) -> list[str]:
        """The labels of the sources that state ``triple``."""
        return [self.source_names.get(g, g) for g in self.provenance.get(triple, ())]

    def graphs_of(self, node: Node) -> set[str]:
        """The named graphs that state something of ``node``."""
        found: set[str] = set()
        for p, o in self.graph.predicate_objects(node):
            found.update(self.provenance.get((node, p, o), ()))
        return found

    def properties(self, node: Node) -> list[list]:
        """The node's own properties: [name, value, sources] for each literal (and Wikidata link), the label
        left out."""
        props: list[list] = []
        for p, o in sorted(self.graph.predicate_objects(node)):
            if p != RDFS.label and (isinstance(o, Literal) or p == JV.wikidata):
                props.append([self.name_of(p), str(o), self.stated_by(node, p, o)])
        return props

    def fold_quantities(self, node: Node, props: list[list], sources: set[str]) -> str:
        """Fold the node's quantities (two when sources disagree, in a fixed order) into ``props`` and
        ``sources``; the display label: the figure of the first as the source states it, else the label."""
        display = self.label_of(node)
        for quantity in _sorted_objects(self.graph, node, JV.quantity):
            stated = self.graph.value(quantity, JV.statedAs)
            if display == self.label_of(node) and stated is not None:
                display = str(stated)
            sources |= self.graphs_of(quantity)
            for p, o in sorted(self.graph.predicate_objects(quantity)):
                if p == RDF.type:
                    continue
                props.append([self.name_of(p), self.value_of(o), self.stated_by(quantity, p, o)])
        return display

    def fold_periods(self, node: Node, props: list[list], sources: set[str]) -> None:
        """Fold the node's periods into ``props`` (named "period: ...") and ``sources``."""
        for period in _sorted_objects(self.graph, node, JV.period):
            sources |= self.graphs_of(period)
            for p, o in sorted(self.graph.predicate_objects(period)):
                if p != RDF.type:
                    props.append([f"period: {self.name_of(p)}", self.value_of(o), self.stated_by(period, p, o)])

    def evidence(self, node: Node) -> list[list]:
        """The node's evidence, [quote, start, end, file, source label, source date] each, the dated sources
        first, by date."""
        graph = self.graph
        evidence = []
        for e in graph.objects(node, JV.evidence):
            source = graph.value(e, JV.inSource)
            published = graph.value(source, JV.published)
            evidence.append(
                [
                    str(graph.value(e, JV.quote)),
                    int(cast(Literal, graph.value(e, JV.start))),
                    int(cast(Literal, graph.value(e, JV.end))),
                    str(graph.value(source, JV.fileName)),
                    self.label_of(source),
                    str(published) if published is not None else "",
                ]
            )
        evidence.sort(key=lambda q: (q[5] == "", q[5], q[4], q[1], q[2], q[0]))
        return evidence


def fact_network(graph: Graph, provenance: dict[tuple, tuple[str, ...]] | None = None) -> nx.MultiDiGraph:
    """The graph as people read it: one node per fact (entity), one edge per
    relation between facts, with evidence, quantities and periods folded into
    the node they describe. On the article: 78 nodes, where
    :func:`graph_network` (every RDF node) has 175. The map, the GraphML and
    GEXF downloads and :mod:`~jointvision.outputs.analysis` read this one.

    Node attributes: ``label``, ``display`` (a target's figure as the source
    states it, e.g. "JPY 10 trillion"; otherwise the label), ``class`` and
    ``class_label``, ``iri``, ``directions`` (labels, in the source's order),
    ``direction`` (the first or ""), ``direction_ids`` (their IRIs),
    ``position`` (for directions), ``anchor`` (a joint statement or a
    country that is party to one: the frame every view keeps),
    ``properties`` (list of [name, value]), ``evidence`` (list of
    [quote, start, end, file, source label, source date]), ``sources``
    (the named graphs that state something of it, where ``provenance`` says:
    ``Dataset.provenance()``). Properties carry, as a third item, the labels
    of the sources that state them. Edge attributes: ``predicate`` (IRI),
    ``label`` (the ontology's label, e.g. "under direction") and
    ``sources``.
    """
    facts = _Facts(graph, provenance or {})
    classes = _fact_classes(graph)
    net = nx.MultiDiGraph()
    _add_fact_nodes(net, facts, classes)
    _add_relations(net, facts, classes)
    return net


def _fact_classes(graph: Graph) -> dict[URIRef, Node]:
    """The class of each fact: every IRI with a class that is not :data:`STRUCTURAL` (its first such)."""
    classes: dict[URIRef, Node] = {}
    for node, cls in graph.subject_objects(RDF.type):
        if isinstance(node, URIRef) and cls not in STRUCTURAL:
            classes.setdefault(node, cls)
    return classes


def _add_fact_nodes(net: nx.MultiDiGraph, facts: _Facts, classes: dict[URIRef, Node]) -> None:
    """Add a node to ``net`` for each fact of ``classes``, in IRI order, with the attributes
    :func:`fact_network` lists."""
    graph = facts.graph
    position = _positions(graph)
    parties = set(graph.objects(None, JV.party))
    for node in sorted(classes):
        cls = classes[node]
        directions = sorted(graph.objects(node, JV.underDirection), key=lambda d: (position.get(d, 0), str(d)))
        props = facts.properties(node)
        sources = facts.graphs_of(node)
        display = facts.fold_quantities(node, props, sources)
        facts.fold_periods(node, props, sources)
        net.add_node(
            str(node),
            iri=str(node),
            label=facts.label_of(node),
            display=display,
            **{"class": str(cls).rsplit("#", 1)[-1]},
            class_label=facts.labels.get(str(cls), short(cls)),
            directions=[facts.label_of(d) for d in directions],
            direction=facts.label_of(directions[0]) if directions else "",
            direction_ids=[str(d) for d in directions],
            anchor=cls == JV.JointStatement or node in parties,
            position=position.get(node, 0),
            properties=props,
            evidence=facts.evidence(node),
            sources=sorted(sources),
        )


def _add_relations(net: nx.MultiDiGraph, facts: _Facts, classes: dict[URIRef, Node]) -> None:
    """Add an edge to ``net`` for each triple between two facts, then for each relation a folded node
    holds, as its owner's (a target's unit, a period's anchor)."""
    graph, provenance = facts.graph, facts.provenance
    for s, p, o in sorted(graph):
        if s in classes and o in classes and p != RDF.type:
            net.add_edge(
                str(s),
                str(o),
                key=short(p),
                predicate=str(p),
                label=facts.name_of(p),
                sources=list(provenance.get((s, p, o), ())),
            )
    for owner, link in ((JV.quantity, JV.unit), (JV.period, JV.anchoredTo)):
        for s, part in sorted(graph.subject_objects(owner)):
            for o in graph.objects(part, link):
                if s in classes and o in classes and not net.has_edge(str(s), str(o), key=short(link)):
                    net.add_edge(
                        str(s),
                        str(o),
                        key=short(link),
                        predicate=str(link),
                        label=facts.name_of(link),
                        sources=list(provenance.get((part, link, o), ())),
                    )


#: Facts past which a node-link map stops being usable: a larger graph's map
#: is a summary (:func:`summary_network`); the downloads hold every fact.
#: 10,000 is the largest map the browser tests open (interactive in 1.5-3.2 s,
#: a 10 MB page); at 100,000 facts the page would be 95 MB.
MAP_NODE_LIMIT = 10_000
#: What a summary map keeps: the frame (joint statements, the countries that
#: are party to them, the directions), then programs and targets.
SUMMARY_FRAME = ("JointStatement", "StrategicDirection")
SUMMARY_CLASSES = ("Program", "Target")


def summary_network(net: nx.MultiDiGraph, limit: int | None = None) -> tuple[nx.MultiDiGraph, str]:
    """The part of a large fact network a map can show, and a sentence
    saying what was left out. The frame always stays; programs and targets
    fill the rest, taken in turn from each direction (in the sources'
    order, then by label), so every direction shows some; nothing else
    (activities, goals, evidence-bearing details) is drawn. ``limit``:
    :data:`MAP_NODE_LIMIT` unless given."""
    limit = MAP_NODE_LIMIT if limit is None else limit
    if net.number_of_nodes() <= limit:
        return net, ""
    frame = [n for n, a in net.nodes(data=True) if a["class"] in SUMMARY_FRAME or a.get("anchor")]
    queues: dict[str, list[str]] = {}
    for node, attrs in sorted(net.nodes(data=True), key=lambda item: (item[1]["label"], item[0])):
        if attrs["class"] in SUMMARY_CLASSES and node not in frame:
            queues.setdefault(attrs["direction_ids"][0] if attrs["direction_ids"] else "", []).append(node)
    position = {n: net.nodes[n].get("position", 0) for n in net.nodes}
    order = sorted(queues, key=lambda d: (d == "", position.get(d, 0), d))
    kept, room = list(frame), max(limit - len(frame), 0)
    while room and any(queues[d] for d in order):
        for d in order:
            if room and queues[d]:
                kept.append(queues[d].pop(0))
                room -= 1
    summary = net.subgraph(kept).copy()
    total = net.number_of_nodes()
    note = (
        f"a summary map: {summary.number_of_nodes():,} of {total:,} facts (the joint statements, countries and "
        f"directions, then programs and targets from each direction); a node-link map of more than "
        f"{limit:,} facts is unreadable. Every fact is in the RDF downloads, GraphML and GEXF"
    )
    return summary, note


#: Characters XML 1.0 cannot hold, even as references (fact files refuse
#: them; a graph from elsewhere gets U+FFFD in their place).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _flat(value, key: str = "") -> str | int:
    """A node or edge attribute as GraphML and GEXF can hold it (a scalar)."""
    if isinstance(value, str):
        return _NOT_XML.sub("\ufffd", value)
    if isinstance(value, int):
        return value
    if isinstance(value, list) and key == "properties":
        return _flat(" | ".join(f"{item[0]}: {item[1]}" for item in value))
    if isinstance(value, list) and key == "evidence":
        return _flat(" | ".join(f"\u201c{item[0]}\u201d ({item[3]}, characters {item[1]}-{item[2]})" for item in value))
    if isinstance(value, list):
        return _flat(" | ".join(str(item) for item in value))
    return _flat(str(value))


def _flat_copy(net: nx.MultiDiGraph) -> nx.MultiDiGraph:
    flat = nx.MultiDiGraph()
    for node, data in net.nodes(data=True):
        flat.add_node(node, **{k: _flat(v, k) for k, v in data.items() if k != "direction_ids"})
    for i, (source, target, data) in enumerate(net.edges(data=True)):
        # unique edge ids (e0, e1, ...): tools that identify edges by id must not merge two relations
        flat.add_edge(source, target, key=f"e{i}", **{k: _flat(v, k) for k, v in data.items()})
    return flat


def to_graphml(net: nx.MultiDiGraph) -> bytes:
    """GraphML of a fact network (lists flattened to text), for yEd, Gephi,
    Cytoscape and igraph. A carriage return in a value is written as a
    character reference: XML readers turn a raw one into a line feed."""
    from networkx.readwrite.graphml import GraphMLWriter

    text = str(GraphMLWriter(graph=_flat_copy(net), encoding="utf-8", prettyprint=True))
    return text.replace("\r", "&#13;").encode("utf-8")


#: The spacing of the map's layout (``viewer.build_pyvis`` lays the map out with it): the GEXF's
#: positions are the map's, before its labels are moved apart.
MAP_SPACING = 56.0


def gexf_viz(net: nx.MultiDiGraph) -> dict[str, dict]:
    """For each node of a fact network, where the map places it and how it
    draws it, as GEXF's viz module holds them: ``position`` (the map's radial
    layout, :func:`~jointvision.outputs.layout.radial_layout`, with y upwards
    as Gephi draws it), ``color`` (its class's fill,
    :data:`~jointvision.outputs.viewer.STYLES`) and ``size`` (its class's size
    on the map)."""
    from .layout import radial_layout
    from .viewer import style_of

    positions = radial_layout(net, spacing=MAP_SPACING)
    found = {}
    for node, data in net.nodes(data=True):
        x, y = positions[node]
        style = style_of(data)
        red, green, blue = (int(style.color[i : i + 2], 16) for i in (1, 3, 5))
        found[node] = {
            "position": {"x": x, "y": 0.0 - y, "z": 0.0},  # 0.0 - y: never "-0.0"
            "color": {"r": red, "g": green, "b": blue, "a": 1.0},
            "size": float(style.size),
        }
    return found


def _gexf_writer():
    """NetworkX's GEXF 1.2 writer, without the ``networkx_key`` attribute it
    gives every edge of a multigraph (the edges' ids are their keys already)."""
    from networkx.readwrite.gexf import GEXFWriter

    class Writer(GEXFWriter):
        def add_attributes(self, node_or_edge, xml_obj, data, default):
            if node_or_edge == "edge":
                data = {k: v for k, v in data.items() if k != "key"}
            return super().add_attributes(node_or_edge, xml_obj, data, default)

    return Writer(encoding="utf-8", prettyprint=True, version="1.2draft")


def to_gexf(net: nx.MultiDiGraph) -> bytes:
    """GEXF 1.2 of a fact network, for Gephi: every node with the map's
    position, colour and size (``<position>``, ``<color>``, ``<size>`` of
    GEXF's viz module: :func:`gexf_viz`), so it opens laid out as the map is;
    every edge with its own id (``e0``, ``e1``, ...). The date and tool
    version NetworkX writes into ``<meta>`` are left out, so the file is the
    same, byte for byte, whenever and wherever it is built.

    The viz elements stand in the GEXF namespace, where the GEXF 1.2draft
    XML Schema declares them (its ``data.xsd``: ``color``, ``position`` and
    ``size`` of the viz module's types), so the file is valid against that
    schema as published; Gephi reads them by their local names. (NetworkX
    writes and reads them in the viz namespace, as the GEXF primer shows
    them, which that schema refuses.)"""
    flat = _flat_copy(net)
    for node, viz in gexf_viz(net).items():
        flat.nodes[node]["viz"] = viz
    for _, _, key, data in flat.edges(keys=True, data=True):
        data["id"] = key
    writer = _gexf_writer()
    writer.add_graph(flat)
    text = "\n".join(str(writer).splitlines()) + "\n"
    # GEXF 1.2 has no graph name: networkx writes name="", which the schema refuses
    text = re.sub(r'(<graph [^>]*?) name=""', r"\1", text, count=1)
    text = re.sub(r'<meta lastmodifieddate="[^"]*">', "<meta>", text, count=1)
    text = re.sub(r"<creator>[^<]*</creator>", "<creator>jointvision</creator>", text, count=1)
    text = re.sub(r"<viz:(color|position|size) ", r"<\1 ", text)  # where the schema declares them
    return text.encode("utf-8")


def graphml(context) -> bytes:
    """The fact network of a build as GraphML."""
    return to_graphml(context.facts)


def gexf(context) -> bytes:
    """The fact network of a build as GEXF."""
    return to_gexf(context.facts)
