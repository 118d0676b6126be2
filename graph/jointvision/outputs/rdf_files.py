"""The RDF downloads: the dataset (TriG, N-Quads), the merged graph
(Turtle, JSON-LD, N-Triples), and copies of the ontology and the shapes.
The five data files are written together by
:func:`~jointvision.rdf.serializers.serialize_many` (:attr:`Context.rdf`)."""

from __future__ import annotations

from ..resources import ontology_path, shapes_path
from .registry import Context


def trig(context: Context) -> bytes:
    """``jointvision.trig``: each source's statements in its own named graph, and the ontology's graph."""
    return context.rdf["trig"]


def nquads(context: Context) -> bytes:
    """``jointvision.nq``: the same dataset as N-Quads, one sorted quad a line."""
    return context.rdf["nquads"]


def turtle(context: Context) -> bytes:
    """``jointvision.ttl``: every source's statements merged into one graph, as Turtle."""
    return context.rdf["turtle"]


def jsonld(context: Context) -> bytes:
    """``jointvision.jsonld``: the merged graph as compact JSON-LD, its @context inline."""
    return context.rdf["jsonld"]


def nt(context: Context) -> bytes:
    """``jointvision.nt``: the merged graph as N-Triples, one sorted triple a line."""
    return context.rdf["nt"]


def ontology(context: Context) -> bytes:
    """``ontology.ttl``: a copy of the OWL ontology (``ontology/jointvision.ttl``), byte for byte."""
    return ontology_path().read_bytes()


def shapes(context: Context) -> bytes:
    """``shapes.ttl``: a copy of the SHACL shapes the graph conforms to, byte for byte."""
    return shapes_path().read_bytes()
