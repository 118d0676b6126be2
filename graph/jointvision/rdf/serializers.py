"""Turning a graph into bytes: Turtle, N-Triples and JSON-LD.

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

from .namespaces import PREFIXES
from .terms import XSD_STRING, compact_iri, to_ox

#: format name -> (file extension, media type)
FORMATS: dict[str, tuple[str, str]] = {
    "turtle": ("ttl", "text/turtle"),
    "nt": ("nt", "application/n-triples"),
    "jsonld": ("jsonld", "application/ld+json"),
}

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


def to_turtle(graph: Graph, triples: list[tuple] | None = None) -> bytes:
    triples = sorted_triples(graph) if triples is None else triples
    prefixes = used_prefixes(triples)
    ox_triples = [ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in triples]
    body = ox.serialize(ox_triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes)
    # The engine's order of @prefix lines is its own; write them sorted.
    lines = body.split(b"\n")
    head = [f"@prefix {p}: <{ns}> .".encode() for p, ns in sorted(prefixes.items())]
    rest = [line for line in lines if not line.startswith(b"@prefix ")]
    return b"\n".join(head + [b""] + rest)


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


def serialize(graph: Graph, fmt: str) -> bytes:
    """Serialize ``graph`` in one of :data:`FORMATS`."""
    return serialize_many(graph, [fmt])[fmt]


def serialize_many(graph: Graph, formats: list[str]) -> dict[str, bytes]:
    """Serialize ``graph`` in several formats, sorting its triples once."""
    unknown = [fmt for fmt in formats if fmt not in _WRITERS]
    if unknown:
        raise ValueError(f"unknown format {unknown[0]!r}; expected one of {', '.join(FORMATS)}")
    triples = sorted_triples(graph)
    return {fmt: _WRITERS[fmt](graph, triples) for fmt in formats}
