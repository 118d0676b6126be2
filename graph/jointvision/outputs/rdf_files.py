"""The RDF downloads: the dataset (TriG, N-Quads), the merged graph
(Turtle, JSON-LD, N-Triples), and copies of the ontology and the shapes.
The five data files are written together by
:func:`~jointvision.rdf.serializers.serialize_many` (:attr:`Context.rdf`)."""

from __future__ import annotations

from ..resources import ontology_path, shapes_path
from .registry import Context


def trig(context: Context) -> bytes:
    return context.rdf["trig"]


def nquads(context: Context) -> bytes:
    return context.rdf["nquads"]


def turtle(context: Context) -> bytes:
    return context.rdf["turtle"]


def jsonld(context: Context) -> bytes:
    return context.rdf["jsonld"]


def nt(context: Context) -> bytes:
    return context.rdf["nt"]


def ontology(context: Context) -> bytes:
    return ontology_path().read_bytes()


def shapes(context: Context) -> bytes:
    return shapes_path().read_bytes()
