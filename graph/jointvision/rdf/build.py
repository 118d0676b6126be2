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

from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from ..source import kinds
from ..source.kinds import Kind, Text
from ..source.kinds import decimal_lexical as decimal_lexical  # where callers have always found it
from ..source.loader import defined_entities, load_sources
from ..source.reader import Entity, SourceFile
from ..source.schema import PERIOD_FIELDS, QUANTITY_FIELDS, SOURCE_METADATA, Field, fields_of, kind_in, parts_field
from .dataset import Dataset
from .mapping import ALTERNATIVE_LABEL, CLASSES, PERIOD_PREDICATES, SOURCE_PREDICATES, VOCABULARIES, predicate
from .namespaces import JV, derived_iri, entity_iri, evidence_iri, source_graph_iri


def build_dataset(data: str | Path | Iterable[str | Path] | None = None, as_of: date | str | None = None) -> Dataset:
    """Build the dataset of the given fact files (default: the embedded
    data): a named graph per source, the ontology, the derived status of
    every commitment (as of ``as_of``, else the latest source's date), and
    their union. Raises :class:`SourceError` on bad input."""
    return dataset_from_sources(load_sources(data), as_of)


def build_graph(data: str | Path | Iterable[str | Path] | None = None) -> Graph:
    """The merged graph of the given fact files (default: the embedded
    data), without the ontology: the union of the sources' graphs."""
    return build_dataset(data).to_rdflib()


def graph_from_sources(sources: list[SourceFile]) -> Graph:
    """The merged graph of checked fact files (the union of their graphs)."""
    return dataset_from_sources(sources).to_rdflib()


def dataset_from_sources(sources: list[SourceFile], as_of: date | str | None = None) -> Dataset:
    """The dataset of checked fact files: :func:`statements_from_sources`,
    and the status of every commitment derived as of ``as_of`` (else the
    latest source's date) in a graph of its own (:mod:`.status`)."""
    from ..memory import cyclic_gc_paused
    from .status import add_statuses

    with cyclic_gc_paused():
        dataset = statements_from_sources(sources)
        add_statuses(dataset, as_of)
        return dataset


def statements_from_sources(sources: list[SourceFile]) -> Dataset:
    """The dataset of checked fact files without the statuses: each file's
    statements, with their evidence, in the named graph of its source, and
    their union in the default graph. The statements go into the store as
    N-Quads text that pyoxigraph parses: no Python object is made per
    statement. (``build`` starts keeping this much while the statuses are
    derived, then adds them: ``rdf.cache.Saving``.)"""
    from ..memory import cyclic_gc_paused
    from ..progress import step

    with cyclic_gc_paused():
        index = defined_entities(sources)
        derived = derived_nodes(sources)

        def chunks():
            with step("building graphs", len(sources)) as advance:
                for src in sources:
                    for part in source_nquads_parts(src, index, derived):
                        yield part.encode("utf-8")
                    advance(1)

        return Dataset.from_nquads(chunks())


def _stated(fields: tuple[Field, ...], values: dict) -> tuple:
    """What ``values`` state of ``fields``: every field of the first format
    version, and a later one where given (so that no node's name changed
    when the format grew)."""
    return tuple(
        (f.name, tuple(v.value for v in values.get(f.name, ()))) for f in fields if f.since == 1 or f.name in values
    )


def _quantity_key(entity: Entity) -> tuple:
    # what a quantity means; the source's wording (stated_as) is not part of it
    return _stated(tuple(f for f in QUANTITY_FIELDS if f.name != "stated_as"), entity.values)


def _period_key(entity: Entity) -> tuple:
    return _stated(PERIOD_FIELDS, entity.period)


def _variant_name(key: tuple) -> str:
    """A short, stable name for what a quantity or period says."""
    import hashlib

    canonical = "|".join(f"{name}={','.join(str(v) for v in values)}" for name, values in key)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12]


def derived_nodes(sources: list[SourceFile]) -> dict[tuple[str, str, str], URIRef]:
    """The IRI of each node derived from an entry (its quantity, its period
    or an assessment's covers), by (source id, entity id, part: "quantity"
    or "period"). What the defining file states is ``x_quantity`` (``x_period``,
    ``x_covers``: the name of the field); a source that states the same
    shares that node, and one that states something else gets
    ``x_quantity-<digest of what it states>``, so both stay, neither is
    overwritten, and no name depends on which other files are read or in
    what order."""
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
            for part, has, key in (
                ("quantity", "value" in entity.values, _quantity_key),
                ("period", bool(entity.period), _period_key),
            ):
                if not has:
                    continue
                stated = key(entity)
                same = defining.get((entity.id, part)) == stated
                name = _node_name(entity, part)
                out[(src.source_id, entity.id, part)] = derived_iri(
                    entity.id, name if same else f"{name}-{_variant_name(stated)}"
                )
    return out


def _node_name(entity: Entity, part: str) -> str:
    """The name of a derived node: ``quantity``, or the name of the mapping
    field the period comes from (``period``, ``covers``)."""
    spec = parts_field(entity.type) if part == "period" else None
    return part if spec is None else spec.name


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


def text_term(text: Text) -> str:
    """A text as an N-Triples literal: tagged with its language (``"日本"@ja``),
    or a plain string where it has none (a source that declares no language).

    >>> text_term(Text("日本", "ja")), text_term(Text("Japan"))
    ('"日本"@ja', '"Japan"')
    """
    if text.language is None:
        return _plain_text(text.text)
    return f'"{_escaped(text.text)}"@{text.language}'


def term_text(kind: Kind, value: object) -> str:
    """A value of ``kind`` as an N-Triples term: an IRI of the kind's
    vocabulary (``mapping.VOCABULARIES``), a text with its language tag
    (a kind that is ``tagged``), or a literal of its datatype (a plain one
    where it has none)."""
    if kind.tagged and isinstance(value, Text):
        return text_term(value)
    lexical = kind.lexical(value)
    if kind.vocabulary is not None:
        return _iri(VOCABULARIES[kind.vocabulary](lexical))
    datatype = kind.datatype_for(value)
    if datatype is not None:
        return _typed_text(lexical, datatype)
    return _plain_text(lexical)


_TYPE, _LABEL = _iri(RDF.type), _iri(RDFS.label)
_J = {
    name: _iri(JV[name])
    for name in (
        "Source",
        "fileName",
        "sha256",
        "characterCount",
        "namedGraph",
        "quantity",
        "Quantity",
        "Period",
        "evidence",
        "Evidence",
        "quote",
        "start",
        "end",
        "inSource",
    )
}


def source_nquads(src: SourceFile, index: dict | None = None, derived: dict | None = None) -> str:
    """The statements one fact file makes, as N-Quads lines in the named
    graph of its source (a statement may repeat; the store keeps it once)."""
    return "".join(source_nquads_parts(src, index, derived))


#: About how many lines :func:`source_nquads_parts` gives at a time.
PART_LINES = 50_000


def source_nquads_parts(
    src: SourceFile, index: dict | None = None, derived: dict | None = None, lines: int = PART_LINES
) -> Iterator[str]:
    """:func:`source_nquads` in parts of whole entries, each of about
    ``lines`` lines: the engine parses one while the next is made, and the
    statements of a large file are never all held as text at once."""
    index = index if index is not None else defined_entities([src])
    derived = derived if derived is not None else derived_nodes([src])
    quads = _SourceQuads(src, index, derived)
    quads.source_node()
    for entity in src.entities:
        quads.entity(entity)
        if len(quads.lines) >= lines:
            yield "".join(quads.lines)
            quads.lines.clear()
    yield "".join(quads.lines)


class _SourceQuads:
    """The N-Quads lines of one fact file, in the named graph of its source:
    the source, then each entity with its fields, quantity, period and evidence."""

    def __init__(self, src: SourceFile, index: dict, derived: dict):
        self.src, self.index, self.derived = src, index, derived
        self.graph = _iri(source_graph_iri(src.source_id))
        self.source = _iri(entity_iri(src.source_id))
        self.lines: list[str] = []
        self.predicates: dict[tuple[str, str], str] = {}

    def quad(self, s: str, p: str, o: str) -> None:
        """Add the statement (subject, predicate, object: N-Triples terms)."""
        self.lines.append(f"{s} {p} {o} {self.graph} .\n")

    def source_node(self) -> None:
        """The source: its file, text, graph and metadata."""
        src, source, quad = self.src, self.source, self.quad
        quad(source, _TYPE, _J["Source"])
        for label in src.labels or (Text(src.label),):
            quad(source, _LABEL, text_term(label))
        quad(source, _J["fileName"], _plain_text(src.text_name))
        quad(source, _J["sha256"], _plain_text(src.sha256))
        quad(source, _J["characterCount"], _typed_text(str(len(src.text)), XSD.integer))
        quad(source, _J["namedGraph"], self.graph)
        for name, value in src.metadata.items():
            kind = self.kind(SOURCE_METADATA[name][0])
            quad(source, _iri(SOURCE_PREDICATES[name]), term_text(kind, value.value))

    def entity(self, entity: Entity) -> None:
        """One entity: its type, fields, quantity, period and evidence."""
        node = _iri(entity_iri(entity.id))
        self.quad(node, _TYPE, _iri(CLASSES[entity.type]))
        quantity_term = self.derived.get((self.src.source_id, entity.id, "quantity"))
        quantity = _iri(quantity_term) if quantity_term is not None else None
        self.fields(entity, node, quantity)
        if quantity is not None:
            self.quad(node, _J["quantity"], quantity)
            self.quad(quantity, _TYPE, _J["Quantity"])
        if entity.period:
            self.period(entity, node)
        self.evidence(entity, node)

    def fields(self, entity: Entity, node: str, quantity: str | None) -> None:
        """The entity's fields (a quantity's on its quantity node); the
        labels an ``about:`` entry gives, as alternative labels, but those
        the entity has already (the same text in the same language)."""
        specs = fields_of(entity.type)
        for name, values in entity.values.items():
            spec = specs[name]
            subject = quantity if quantity is not None and spec in QUANTITY_FIELDS else node
            pred = self.predicate(entity.type, spec)
            if entity.about and name == "label":
                defined = self.index.get(entity.id)
                own = {label.value for label in defined[1].values["label"]} if defined is not None else set()
                values = [value for value in values if value.value not in own]
                pred = _iri(ALTERNATIVE_LABEL)
            kind = self.kind(spec.kind)
            for value in values:
                self.quad(subject, pred, term_text(kind, value.value))

    def kind(self, name: str) -> Kind:
        """The kind a field of kind ``name`` was read as, in this file's format version."""
        return kinds.get(kind_in(name, self.src.version))

    def predicate(self, type_name: str, spec: Field) -> str:
        """The predicate of a field of a type, as N-Triples text (kept once made)."""
        pred = self.predicates.get((type_name, spec.name))
        if pred is None:
            pred = self.predicates[(type_name, spec.name)] = _iri(predicate(type_name, spec))
        return pred

    def period(self, entity: Entity, node: str) -> None:
        """The entity's period node (a target's ``period``, an assessment's
        ``covers``: its mapping field's predicate) and its fields."""
        spec = parts_field(entity.type)
        assert spec is not None, entity.type  # the reader holds parts only of such a field
        period = _iri(self.derived[(self.src.source_id, entity.id, "period")])
        self.quad(node, self.predicate(entity.type, spec), period)
        self.quad(period, _TYPE, _J["Period"])
        for spec in PERIOD_FIELDS:
            kind = self.kind(spec.kind)
            for value in entity.period.get(spec.name, ()):
                self.quad(period, _iri(PERIOD_PREDICATES[spec.name]), term_text(kind, value.value))

    def evidence(self, entity: Entity, node: str) -> None:
        """The entity's quotes, each a node in its source."""
        quad = self.quad
        for quote in entity.evidence:
            ev = _iri(evidence_iri(self.src.source_id, quote.start, quote.end))
            quad(node, _J["evidence"], ev)
            quad(ev, _TYPE, _J["Evidence"])
            quad(ev, _J["quote"], text_term(Text(quote.quote, quote.language)))
            quad(ev, _J["start"], _typed_text(str(quote.start), XSD.integer))
            quad(ev, _J["end"], _typed_text(str(quote.end), XSD.integer))
            quad(ev, _J["inSource"], self.source)
