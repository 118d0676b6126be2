"""Building the knowledge graph from checked fact files.

``build_dataset()`` reads every fact file (``source.loader``) and returns a
:class:`~jointvision.rdf.dataset.Dataset` with no blank nodes: every node's
IRI is minted from its identifier (see ``namespaces``), every term from
``mapping``. The statements are written as N-Quads text for the store to
parse, so a million of them cost no Python object each; ``build_graph()``
gives the merged graph as an :class:`rdflib.Graph` for the libraries that
need one.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

from rdflib import Graph, URIRef
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
    evidence, in the named graph of its source. The statements go into the
    store as N-Quads text that pyoxigraph parses: no Python object is made
    per statement."""
    from ..memory import cyclic_gc_paused
    from ..progress import step

    with cyclic_gc_paused():
        index = defined_entities(sources)
        derived = derived_nodes(sources)
        def chunks():
            with step("building graphs", len(sources)) as advance:
                for src in sources:
                    yield source_nquads(src, index, derived).encode("utf-8")
                    advance(1)

        return Dataset.from_nquads(chunks())


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


# ------------------------------------------------------------ N-Quads text
def _escaped(text: str) -> str:
    """An N-Triples string literal's body (the characters its grammar
    forbids raw, escaped)."""
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")


def _iri(term) -> str:
    return f"<{term}>"


def _typed_text(lexical: str, datatype) -> str:
    return f'"{_escaped(lexical)}"^^<{datatype}>'


def _plain_text(text: str) -> str:
    return f'"{_escaped(text)}"'


def _literal_text(value: object, kind: str) -> str:
    """A field's value of ``kind`` as an N-Triples term."""
    if kind == "decimal":
        return _typed_text(decimal_lexical(value), XSD.decimal)
    if kind in _LEXICAL:
        return _typed_text(value.isoformat() if kind == "date" else str(value), _LEXICAL[kind])
    if kind == "qid":
        return _iri(WIKIDATA[str(value)])
    if kind == "bound":
        return _iri(BOUND_IRIS[str(value)])
    return _plain_text(str(value))


#: the kinds written as their text, and their datatypes
_LEXICAL = {"posint": XSD.integer, "gyear": XSD.gYear, "date": XSD.date, "duration": XSD.duration}


def _object_text(spec, value: Value) -> str:
    return _iri(entity_iri(str(value.value))) if spec.kind == "ref" else _literal_text(value.value, spec.kind)


_TYPE, _LABEL = _iri(RDF.type), _iri(RDFS.label)
_J = {name: _iri(JV[name]) for name in ("Source", "fileName", "sha256", "characterCount", "namedGraph", "quantity",
                                         "Quantity", "period", "Period", "evidence", "Evidence", "quote", "start",
                                         "end", "inSource")}


def source_nquads(src: SourceFile, index: dict | None = None, derived: dict | None = None) -> str:
    """The statements one fact file makes, as N-Quads lines in the named
    graph of its source (a statement may repeat; the store keeps it once)."""
    index = index if index is not None else defined_entities([src])
    derived = derived if derived is not None else derived_nodes([src])
    graph = _iri(source_graph_iri(src.source_id))
    lines: list[str] = []
    add = lines.append

    def quad(s: str, p: str, o: str) -> None:
        add(f"{s} {p} {o} {graph} .\n")

    source = _iri(entity_iri(src.source_id))
    quad(source, _TYPE, _J["Source"])
    quad(source, _LABEL, _plain_text(src.label))
    quad(source, _J["fileName"], _plain_text(src.text_name))
    quad(source, _J["sha256"], _plain_text(src.sha256))
    quad(source, _J["characterCount"], _typed_text(str(len(src.text)), XSD.integer))
    quad(source, _J["namedGraph"], graph)
    for name, value in src.metadata.items():
        kind = SOURCE_METADATA[name][0]
        obj = (_iri(SOURCE_KIND_IRIS[value.value]) if kind == "source_kind" else _iri(entity_iri(str(value.value)))
               if kind == "ref" else _typed_text(str(value.value), XSD.language) if kind == "language"
               else _typed_text(str(value.value), XSD.anyURI) if kind == "url" else _literal_text(value.value, kind))
        quad(source, _iri(SOURCE_PREDICATES[name]), obj)
    predicates: dict[tuple[str, str], str] = {}
    for entity in src.entities:
        node = _iri(entity_iri(entity.id))
        quad(node, _TYPE, _iri(CLASSES[entity.type]))
        specs = fields_of(entity.type)
        quantity_term = derived.get((src.source_id, entity.id, "quantity"))
        quantity = _iri(quantity_term) if quantity_term is not None else None
        for name, values in entity.values.items():
            spec = specs[name]
            subject = quantity if spec in QUANTITY_FIELDS else node
            pred = predicates.get((entity.type, name))
            if pred is None:
                pred = predicates[(entity.type, name)] = _iri(predicate(entity.type, spec))
            if entity.about and name == "label":
                defined = index.get(entity.id)
                if defined is not None and defined[1].values["label"][0].value == values[0].value:
                    continue  # the name the entity already has
                pred = _iri(ALTERNATIVE_LABEL)
            for value in values:
                quad(subject, pred, _object_text(spec, value))
        if quantity is not None:
            quad(node, _J["quantity"], quantity)
            quad(quantity, _TYPE, _J["Quantity"])
        if entity.period:
            period = _iri(derived[(src.source_id, entity.id, "period")])
            quad(node, _J["period"], period)
            quad(period, _TYPE, _J["Period"])
            for spec in PERIOD_FIELDS:
                for value in entity.period.get(spec.name, ()):
                    quad(period, _iri(PERIOD_PREDICATES[spec.name]), _object_text(spec, value))
        for quote in entity.evidence:
            ev = _iri(evidence_iri(src.source_id, quote.start, quote.end))
            quad(node, _J["evidence"], ev)
            quad(ev, _TYPE, _J["Evidence"])
            quad(ev, _J["quote"], _plain_text(quote.quote))
            quad(ev, _J["start"], _typed_text(str(quote.start), XSD.integer))
            quad(ev, _J["end"], _typed_text(str(quote.end), XSD.integer))
            quad(ev, _J["inSource"], source)
    return "".join(lines)
