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

from ..source.loader import defined_entities, load_sources
from ..source.reader import Entity, SourceFile, Value
from ..source.schema import PERIOD_FIELDS, QUANTITY_FIELDS, SOURCE_METADATA, fields_of
from .mapping import (ALTERNATIVE_LABEL, BOUND_IRIS, CLASSES, PERIOD_PREDICATES, SOURCE_KIND_IRIS, SOURCE_PREDICATES,
                      predicate)
from .dataset import Dataset
from .namespaces import JV, WIKIDATA, derived_iri, entity_iri, evidence_iri, source_graph_iri


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


def build_dataset(data: str | Path | Iterable[str | Path] | None = None) -> Dataset:
    """Build the dataset of the given fact files (default: the embedded
    data): a named graph per source, the ontology, and their union.
    Raises :class:`SourceError` on bad input."""
    return dataset_from_sources(load_sources(data))


def build_graph(data: str | Path | Iterable[str | Path] | None = None) -> Graph:
    """The merged graph of the given fact files (default: the embedded
    data), without the ontology: the union of the sources' graphs."""
    return build_dataset(data).to_rdflib()


def graph_from_sources(sources: list[SourceFile]) -> Graph:
    """The merged graph of checked fact files (the union of their graphs)."""
    return dataset_from_sources(sources).to_rdflib()


def dataset_from_sources(sources: list[SourceFile]) -> Dataset:
    """The dataset of checked fact files: each file's statements, with their
    evidence, in the named graph of its source."""
    from ..memory import cyclic_gc_paused

    from ..progress import step

    with cyclic_gc_paused():
        index = defined_entities(sources)
        derived = derived_nodes(sources)
        graphs = {}
        with step("building graphs", len(sources)) as advance:
            for src in sources:
                graphs[str(source_graph_iri(src.source_id))] = source_triples(src, index, derived)
                advance(1)
        return Dataset.from_graphs(graphs)


def _quantity_key(entity: Entity) -> tuple:
    # what a quantity means; the source's wording (stated_as) is not part of it
    return tuple((f.name, tuple(v.value for v in entity.values.get(f.name, ())))
                 for f in QUANTITY_FIELDS if f.name != "stated_as")


def _period_key(entity: Entity) -> tuple:
    return tuple((f.name, tuple(v.value for v in entity.period.get(f.name, ()))) for f in PERIOD_FIELDS)


def _variant_name(key: tuple) -> str:
    """A short, stable name for what a quantity or period says."""
    import hashlib

    canonical = "|".join(f"{name}={','.join(str(v) for v in values)}" for name, values in key)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12]


def derived_nodes(sources: list[SourceFile]) -> dict[tuple[str, str, str], URIRef]:
    """The IRI of each node derived from an entry (its quantity, its period),
    by (source id, entity id, part). What the defining file states is
    ``x_quantity``; a source that states the same shares that node, and one
    that states something else gets ``x_quantity-<digest of what it
    states>``, so both stay, neither is overwritten, and no name depends on
    which other files are read or in what order."""
    out: dict[tuple[str, str, str], URIRef] = {}
    defining: dict[tuple[str, str], tuple] = {}
    for src in sources:
        for entity in src.entities:
            if not entity.about:
                if "value" in entity.values:
                    defining[(entity.id, "quantity")] = _quantity_key(entity)
                if entity.period:
                    defining[(entity.id, "period")] = _period_key(entity)
    for src in sources:
        for entity in src.entities:
            for part, has, key in (("quantity", "value" in entity.values, _quantity_key),
                                   ("period", bool(entity.period), _period_key)):
                if not has:
                    continue
                stated = key(entity)
                same = defining.get((entity.id, part)) == stated
                out[(src.source_id, entity.id, part)] = derived_iri(
                    entity.id, part if same else f"{part}-{_variant_name(stated)}")
    return out


def _object(spec, value: Value):
    return entity_iri(str(value.value)) if spec.kind == "ref" else _literal(value.value, spec.kind)


def source_triples(src: SourceFile, index: dict | None = None, derived: dict | None = None) -> set[tuple]:
    """The statements one fact file makes, as the (rdflib-term) triples of
    its graph: a plain set, which costs a fraction of an rdflib graph's
    indexes, since the triples go straight on into the store."""
    index = index if index is not None else defined_entities([src])
    derived = derived if derived is not None else derived_nodes([src])
    graph: set[tuple] = set()
    add = graph.add
    source = entity_iri(src.source_id)
    add((source, RDF.type, JV.Source))
    add((source, RDFS.label, Literal(src.label)))
    add((source, JV.fileName, Literal(src.text_name)))
    add((source, JV.sha256, Literal(src.sha256)))
    add((source, JV.characterCount, _count(len(src.text))))
    add((source, JV.namedGraph, source_graph_iri(src.source_id)))
    for name, value in src.metadata.items():
        kind = SOURCE_METADATA[name][0]
        obj = (SOURCE_KIND_IRIS[value.value] if kind == "source_kind" else entity_iri(str(value.value))
               if kind == "ref" else _typed(str(value.value), XSD.language) if kind == "language"
               else _typed(str(value.value), XSD.anyURI) if kind == "url" else _literal(value.value, kind))
        add((source, SOURCE_PREDICATES[name], obj))
    for entity in src.entities:
        node = entity_iri(entity.id)
        add((node, RDF.type, CLASSES[entity.type]))
        specs = fields_of(entity.type)
        quantity = derived.get((src.source_id, entity.id, "quantity"))
        for name, values in entity.values.items():
            spec = specs[name]
            subject = quantity if spec in QUANTITY_FIELDS else node
            pred = predicate(entity.type, spec)
            if entity.about and name == "label":
                defined = index.get(entity.id)
                if defined is not None and defined[1].values["label"][0].value == values[0].value:
                    continue  # the name the entity already has
                pred = ALTERNATIVE_LABEL
            for value in values:
                add((subject, pred, _object(spec, value)))
        if quantity is not None:
            add((node, JV.quantity, quantity))
            add((quantity, RDF.type, JV.Quantity))
        if entity.period:
            period = derived[(src.source_id, entity.id, "period")]
            add((node, JV.period, period))
            add((period, RDF.type, JV.Period))
            for spec in PERIOD_FIELDS:
                for value in entity.period.get(spec.name, ()):
                    add((period, PERIOD_PREDICATES[spec.name], _object(spec, value)))
        for quote in entity.evidence:
            ev = evidence_iri(src.source_id, quote.start, quote.end)
            add((node, JV.evidence, ev))
            add((ev, RDF.type, JV.Evidence))
            add((ev, JV.quote, Literal(quote.quote)))
            add((ev, JV.start, _count(quote.start)))
            add((ev, JV.end, _count(quote.end)))
            add((ev, JV.inSource, source))
    return graph
