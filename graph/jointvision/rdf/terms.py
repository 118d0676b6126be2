"""Converting RDF terms between rdflib (the library's graph model) and
pyoxigraph (the engine that writes and queries).

One place for both directions, so a term means the same in every output.
The IRI helpers are in :mod:`.iris`, pyoxigraph's typed calls in
:mod:`.typed`: neither needs rdflib.
"""

from __future__ import annotations

import logging

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from .iris import XSD_STRING  # also imported from here by callers


class _QuietIllTyped(logging.Filter):
    """rdflib logs a whole traceback for each literal whose lexical form is
    not valid for its datatype ("99999-01-01"^^xsd:date); jointvision keeps
    such a literal as it is (``normalize=False``), so the log says nothing
    a user needs."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "Failed to convert Literal lexical form to value" not in record.getMessage()


logging.getLogger("rdflib.term").addFilter(_QuietIllTyped())


def to_ox(term):
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or XSD_STRING)))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    return ox.NamedNode(str(term))


def from_ox(term):
    """A pyoxigraph term as an rdflib term (``None`` stays ``None``); a
    literal typed xsd:string becomes a simple literal, as RDF 1.1 says."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value), normalize=False)
    raise TypeError(f"unsupported RDF term: {term!r}")  # RDF-star quoted triples


def turtle_graph(path) -> Graph:
    """A Turtle file of the project's own (the ontology, the shapes) as an
    rdflib graph: parsed by pyoxigraph, in half the time of rdflib's own
    parser, its terms converted as :func:`from_ox` does, and the prefixes
    it declares bound as rdflib's parser binds them."""
    parser = ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
    graph = Graph()
    add = graph.add
    for quad in parser:
        add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
    for prefix, namespace in parser.prefixes.items():
        graph.bind(prefix, namespace)
    return graph
