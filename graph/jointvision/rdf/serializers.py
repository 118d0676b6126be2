"""Turning a dataset or a graph into bytes: TriG and N-Quads (every named
graph), Turtle, N-Triples and JSON-LD (the merged union of the data).

This module is the one interface every caller uses to serialize; which engine
does the work is its own business. Turtle and N-Triples are written by
pyoxigraph (about 100 times faster than rdflib's writers on large graphs)
from triples sorted here, so the output is byte-identical across runs and
``PYTHONHASHSEED`` values. JSON-LD is compacted here against a local context
that lists only the prefixes the graph uses; nothing remote is referenced.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF

from . import formats as _formats
from .dataset import Dataset, as_dataset
from .namespaces import PREFIXES
from .terms import XSD_STRING, compact_iri, to_ox

#: format name -> (file extension, media type), of the formats the build writes
FORMATS: dict[str, tuple[str, str]] = {f.name: (f.extension, f.media_type) for f in _formats.formats(written=True)}

_RDF_TYPE = str(RDF.type)


def _term_key(term) -> tuple:
    if isinstance(term, Literal):
        return (1, str(term), str(term.datatype or ""), term.language or "")
    return (0, str(term), "", "")


def sorted_triples(graph: Graph) -> list[tuple]:
    """The graph's triples in a fixed order: by subject, then rdf:type first,
    then by predicate and object. Blank nodes are refused: every node of a
    jointvision graph has an IRI."""
    triples = list(graph)
    for triple in triples:
        if any(isinstance(term, BNode) for term in triple):
            raise ValueError(f"blank node in the graph: {triple!r}")
    return sorted(triples, key=lambda t: (str(t[0]), str(t[1]) != _RDF_TYPE, str(t[1]), _term_key(t[2])))


def used_prefixes(triples: Iterable[tuple]) -> dict[str, str]:
    """The prefixes of ``PREFIXES`` that some IRI of the triples starts with
    (rdf:type as a predicate does not count: it is written ``a`` / ``@type``)."""
    iris: set[str] = set()
    for triple in triples:
        for position, term in enumerate(triple):
            if position == 1 and str(term) == _RDF_TYPE:
                continue
            if isinstance(term, URIRef):
                iris.add(str(term))
            elif isinstance(term, Literal) and term.datatype is not None:
                iris.add(str(term.datatype))
    return {p: ns for p, ns in PREFIXES.items() if any(i.startswith(ns) and i != ns for i in iris)}


def _sorted_prefix_lines(body: bytes, prefixes: dict[str, str]) -> bytes:
    # The engine's order of @prefix lines is its own; write them sorted.
    head = [f"@prefix {p}: <{ns}> .".encode() for p, ns in sorted(prefixes.items())]
    rest = [line for line in body.split(b"\n") if not line.startswith(b"@prefix ")]
    return b"\n".join(head + [b""] + rest)


def _ox_prefixes(quads: list) -> dict[str, str]:
    iris: set[str] = set()
    for quad in quads:
        terms = [quad.subject, quad.object]
        if quad.predicate.value != _RDF_TYPE:
            terms.append(quad.predicate)
        if isinstance(quad, ox.Quad) and isinstance(quad.graph_name, ox.NamedNode):
            terms.append(quad.graph_name)
        for term in terms:
            if isinstance(term, ox.NamedNode):
                iris.add(term.value)
            elif isinstance(term, ox.Literal) and term.datatype is not None and not term.language:
                iris.add(term.datatype.value)
    return {p: ns for p, ns in PREFIXES.items() if any(i.startswith(ns) and i != ns for i in iris)}


def _dataset_quads(dataset: Dataset) -> list:
    """The quads a dataset download holds: every named graph; a dataset of
    one unnamed graph also gives that graph, as the default graph (first)."""
    quads = dataset.quads()
    if not dataset.source_graphs():
        quads = [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in dataset.triples()] + quads
    return quads


def to_trig(dataset: Dataset) -> bytes:
    """Every named graph of the dataset (the sources' and the ontology's),
    sorted by graph, then triple; the default graph, being their union, is
    left out."""
    quads = _dataset_quads(dataset)
    prefixes = _ox_prefixes(quads)
    return _sorted_prefix_lines(ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=prefixes), prefixes)


def to_nquads(dataset: Dataset) -> bytes:
    """As :func:`to_trig`, one quad a line."""
    return ox.serialize(_dataset_quads(dataset), format=ox.RdfFormat.N_QUADS)


def to_turtle(graph: Graph, triples: list[tuple] | None = None) -> bytes:
    triples = sorted_triples(graph) if triples is None else triples
    prefixes = used_prefixes(triples)
    ox_triples = [ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in triples]
    body = ox.serialize(ox_triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes)
    return _sorted_prefix_lines(body, prefixes)


def to_ntriples(graph: Graph, triples: list[tuple] | None = None) -> bytes:
    triples = sorted_triples(graph) if triples is None else triples
    ox_triples = [ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in triples]
    return ox.serialize(ox_triples, format=ox.RdfFormat.N_TRIPLES)


def _compact(iri: str, prefixes: dict[str, str]) -> str:
    return compact_iri(iri, prefixes) or iri


def to_jsonld(graph: Graph, triples: list[tuple] | None = None) -> bytes:
    """Compact JSON-LD: one node object per subject, sorted by ``@id``, with an
    inline ``@context`` of the prefixes used."""
    triples = sorted_triples(graph) if triples is None else triples
    prefixes = used_prefixes(triples)
    nodes: dict[str, dict[str, list]] = {}
    for s, p, o in triples:
        node = nodes.setdefault(str(s), {})
        if str(p) == _RDF_TYPE and isinstance(o, URIRef):
            node.setdefault("@type", []).append(_compact(str(o), prefixes))
            continue
        if isinstance(o, Literal):
            if o.language:
                value = {"@value": str(o), "@language": o.language}
            elif o.datatype is None or str(o.datatype) == XSD_STRING:
                value = str(o)
            else:
                value = {"@value": str(o), "@type": _compact(str(o.datatype), prefixes)}
        else:
            value = {"@id": _compact(str(o), prefixes)}
        node.setdefault(_compact(str(p), prefixes), []).append(value)
    out = []
    for subject, props in nodes.items():
        obj: dict[str, object] = {"@id": _compact(subject, prefixes)}
        for key, values in props.items():
            obj[key] = values[0] if len(values) == 1 else values
        out.append(obj)
    doc = {"@context": prefixes, "@graph": out}
    return (json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


_WRITERS = {"turtle": to_turtle, "nt": to_ntriples, "jsonld": to_jsonld}
_DATASET_WRITERS = {"trig": to_trig, "nquads": to_nquads}


def serialize(data: Dataset | Graph, fmt: str) -> bytes:
    """Serialize a dataset or graph in one of :data:`FORMATS`: TriG and
    N-Quads hold every named graph, the others the merged data."""
    return serialize_many(data, [fmt])[fmt]


def serialize_many(data: Dataset | Graph, formats: list[str]) -> dict[str, bytes]:
    """Serialize in several formats, sorting the union's triples once."""
    unknown = [fmt for fmt in formats if fmt not in _WRITERS and fmt not in _DATASET_WRITERS]
    if unknown:
        raise ValueError(f"unknown format {unknown[0]!r}; expected one of {', '.join(FORMATS)}")
    out: dict[str, bytes] = {}
    if any(fmt in _DATASET_WRITERS for fmt in formats):
        dataset = as_dataset(data, ontology=False)  # a plain graph: just that graph, as the default graph
        out.update({fmt: _DATASET_WRITERS[fmt](dataset) for fmt in formats if fmt in _DATASET_WRITERS})
    if any(fmt in _WRITERS for fmt in formats):
        graph = data.to_rdflib() if isinstance(data, Dataset) else data
        triples = sorted_triples(graph)
        out.update({fmt: _WRITERS[fmt](graph, triples) for fmt in formats if fmt in _WRITERS})
    return {fmt: out[fmt] for fmt in formats}
