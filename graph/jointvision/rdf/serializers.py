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

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal
from rdflib.namespace import RDF

from . import formats as _formats
from .dataset import Dataset, as_dataset, triple_key
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
            elif isinstance(term, ox.Literal) and not term.language and term.datatype.value != XSD_STRING:
                iris.add(term.datatype.value)  # a plain string is written "x", with no datatype
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


def _union(data) -> list[ox.Triple]:
    """The merged triples of a dataset or an rdflib graph, as pyoxigraph
    triples in the order of every export (``dataset.triple_key``)."""
    if isinstance(data, Dataset):
        return data.triples()
    triples = sorted_triples(data)  # refuses blank nodes
    return sorted((ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in triples), key=triple_key)


def to_turtle(data, triples: list[ox.Triple] | None = None) -> bytes:
    """Turtle of the merged graph, with only the prefixes it uses, sorted."""
    triples = _union(data) if triples is None else triples
    prefixes = _ox_prefixes(triples)
    return _sorted_prefix_lines(ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes), prefixes)


def to_ntriples(data, triples: list[ox.Triple] | None = None) -> bytes:
    triples = _union(data) if triples is None else triples
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)


def _compact(iri: str, prefixes: dict[str, str]) -> str:
    return compact_iri(iri, prefixes) or iri


def to_jsonld(data, triples: list[ox.Triple] | None = None) -> bytes:
    """Compact JSON-LD: one node object per subject, sorted by ``@id``, with an
    inline ``@context`` of the prefixes used."""
    triples = _union(data) if triples is None else triples
    prefixes = _ox_prefixes(triples)
    nodes: dict[str, dict[str, list]] = {}
    for t in triples:
        node = nodes.setdefault(t.subject.value, {})
        o = t.object
        if t.predicate.value == _RDF_TYPE and isinstance(o, ox.NamedNode):
            node.setdefault("@type", []).append(_compact(o.value, prefixes))
            continue
        if isinstance(o, ox.Literal):
            if o.language:
                value = {"@value": o.value, "@language": o.language}
            elif o.datatype is None or o.datatype.value == XSD_STRING:
                value = o.value
            else:
                value = {"@value": o.value, "@type": _compact(o.datatype.value, prefixes)}
        else:
            value = {"@id": _compact(o.value, prefixes)}
        node.setdefault(_compact(t.predicate.value, prefixes), []).append(value)
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
        triples = _union(data)
        out.update({fmt: _WRITERS[fmt](data, triples) for fmt in formats if fmt in _WRITERS})
    return {fmt: out[fmt] for fmt in formats}
