"""Building the knowledge graph from checked fact files.

``build_graph()`` reads every fact file (``source.loader``) and returns an
:class:`rdflib.Graph` with no blank nodes: every node's IRI is minted from
its identifier (see ``namespaces``), every term from ``mapping``.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from ..source.loader import load_sources
from ..source.reader import SourceFile
from ..source.schema import PERIOD_FIELDS, QUANTITY_FIELDS, fields_of
from .mapping import BOUND_IRIS, CLASSES, PERIOD_PREDICATES, predicate
from .namespaces import JV, PREFIXES, WIKIDATA, derived_iri, entity_iri, evidence_iri


def decimal_lexical(value: Decimal) -> str:
    """The canonical xsd:decimal form of XSD 1.1: no exponent, no leading or
    trailing zeros, no point for a whole number (5000000000000, 0.1, -2.5)."""
    text = format(value, "f")  # exact: no rounding to the context precision, unlike normalize()
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


def _typed(lexical: str, datatype: URIRef) -> Literal:
    # normalize=False: the lexical form written is the one checked, never rdflib's rewrite of it
    return Literal(lexical, datatype=datatype, normalize=False)


def _literal(value: object, kind: str) -> Literal | URIRef:
    if kind == "decimal":
        return _typed(decimal_lexical(value), XSD.decimal)
    if kind == "posint":
        return _typed(str(value), XSD.integer)
    if kind == "gyear":
        return _typed(str(value), XSD.gYear)
    if kind == "date":
        return _typed(value.isoformat(), XSD.date)
    if kind == "duration":
        return _typed(str(value), XSD.duration)
    if kind == "qid":
        return WIKIDATA[str(value)]
    if kind == "bound":
        return BOUND_IRIS[str(value)]
    return Literal(str(value))


def _count(value: int) -> Literal:
    return _typed(str(value), XSD.integer)


def build_graph(data: str | Path | Iterable[str | Path] | None = None) -> Graph:
    """Build the knowledge graph of the given fact files (default: the
    embedded Joint Vision data). Raises :class:`SourceError` on bad input."""
    return graph_from_sources(load_sources(data))


def graph_from_sources(sources: list[SourceFile]) -> Graph:
    graph = Graph(bind_namespaces="none")
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri)
    add = graph.add
    for src in sources:
        source = entity_iri(src.source_id)
        add((source, RDF.type, JV.Source))
        add((source, RDFS.label, Literal(src.label)))
        add((source, JV.fileName, Literal(src.text_name)))
        add((source, JV.sha256, Literal(src.sha256)))
        add((source, JV.characterCount, _count(len(src.text))))
        for entity in src.entities:
            node = entity_iri(entity.id)
            add((node, RDF.type, CLASSES[entity.type]))
            specs = fields_of(entity.type)
            quantity = derived_iri(entity.id, "quantity")
            for name, values in entity.values.items():
                spec = specs[name]
                subject = quantity if spec in QUANTITY_FIELDS else node
                for value in values:
                    obj = entity_iri(str(value.value)) if spec.kind == "ref" else _literal(value.value, spec.kind)
                    add((subject, predicate(entity.type, spec), obj))
            if entity.type == "Target":
                add((node, JV.quantity, quantity))
                add((quantity, RDF.type, JV.Quantity))
            if entity.period:
                period = derived_iri(entity.id, "period")
                add((node, JV.period, period))
                add((period, RDF.type, JV.Period))
                for spec in PERIOD_FIELDS:
                    for value in entity.period.get(spec.name, ()):
                        obj = entity_iri(str(value.value)) if spec.kind == "ref" else _literal(value.value, spec.kind)
                        add((period, PERIOD_PREDICATES[spec.name], obj))
            for quote in entity.evidence:
                ev = evidence_iri(src.source_id, quote.start, quote.end)
                add((node, JV.evidence, ev))
                add((ev, RDF.type, JV.Evidence))
                add((ev, JV.quote, Literal(quote.quote)))
                add((ev, JV.start, _count(quote.start)))
                add((ev, JV.end, _count(quote.end)))
                add((ev, JV.inSource, source))
    return graph
