"""Building the knowledge graph from fact files.

``build_graph()`` reads every fact file, resolves the references between
entities across files, and returns an :class:`rdflib.Graph` with no blank
nodes: every node's IRI is minted from its identifier (see ``namespaces``).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from .errors import SourceError
from .namespaces import JV, PREFIXES, WIKIDATA, derived_iri, entity_iri, evidence_iri
from .resources import DEFAULT_DATA
from .schema import BOUNDS, PERIOD_FIELDS, QUANTITY_FIELDS, TYPES, Field, fields_of, is_a
from .sourcefile import Entity, SourceFile, Value, shown_value, read_source_file


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
        return BOUNDS[str(value)]
    return Literal(str(value))


def _count(value: int) -> Literal:
    return _typed(str(value), XSD.integer)


def find_source_files(data: str | Path | Iterable[str | Path] | None = None) -> list[Path]:
    """The fact files to build: a file, every ``*.yaml`` of a folder (sorted;
    hidden files such as editors' ``.#x.yaml`` left out), or several of
    either. ``None`` means the embedded default data."""
    import os
    import stat

    if data is None:
        data = [DEFAULT_DATA]
    elif isinstance(data, (str, Path)):
        data = [data]
    files: list[Path] = []
    for item in data:
        path = Path(item)
        try:
            mode = os.stat(path).st_mode
        except FileNotFoundError:
            raise SourceError(str(path), None, None, "no such file or folder") from None
        except (OSError, ValueError) as exc:  # a name too long, a loop of links, a NUL
            reason = getattr(exc, "strerror", None) or str(exc)
            raise SourceError(str(path), None, None, f"cannot read it: {reason}") from None
        if stat.S_ISDIR(mode):
            try:
                found = sorted(p for p in path.iterdir()
                               if p.suffix in {".yaml", ".yml"} and not p.name.startswith("."))
            except OSError as exc:
                raise SourceError(str(path), None, None, f"cannot read the folder: {exc.strerror or exc}") from None
            if not found:
                raise SourceError(str(path), None, None, "the folder holds no fact files (*.yaml, *.yml)")
            files.extend(found)
        else:
            files.append(path)  # read_input says what is wrong with one that is not a regular file
    unique: dict[str, Path] = {}  # a file named twice (a folder and a file in it) is read once
    for path in files:
        unique.setdefault(os.path.realpath(path), path)  # realpath: never raises on a loop of links
    return list(unique.values())


def load_sources(data: str | Path | Iterable[str | Path] | None = None) -> list[SourceFile]:
    """Read and check every fact file, including cross-file references."""
    sources = [read_source_file(p) for p in find_source_files(data)]
    _check_identities(sources)
    index = {e.id: (src, e) for src in sources for e in src.entities}
    for src in sources:
        positions: dict[object, Entity] = {}
        for entity in src.entities:
            specs = fields_of(entity.type)
            for name, values in entity.values.items():
                if specs[name].kind == "ref":
                    for i, value in enumerate(values):
                        _check_ref(src, entity, name if len(values) == 1 else f"{name}[{i}]",
                                   value, specs[name], index)
            _check_position(src, entity, positions)
            by_name = {f.name: f for f in PERIOD_FIELDS}
            for name, values in entity.period.items():
                if by_name[name].kind == "ref":
                    for value in values:
                        _check_ref(src, entity, f"period.{name}", value, by_name[name], index)
    return sources


def _check_identities(sources: list[SourceFile]) -> None:
    seen: dict[str, tuple[SourceFile, int]] = {}
    for src in sources:
        if src.source_id in seen:
            other, line = seen[src.source_id]
            raise src.error(src.source_line or None, "source.id",
                            f"{src.source_id!r} is already used in {other.path}:{line}")
        seen[src.source_id] = (src, src.source_line)
        for entity in src.entities:
            if entity.id in seen:
                other, line = seen[entity.id]
                where = f"{other.path}:{line}" + ("" if other.source_id != entity.id else " (source.id)")
                raise src.error(entity.line, f"{entity.where}.id", f"duplicate identifier {entity.id!r}: "
                                f"already used at {where}")
            seen[entity.id] = (src, entity.line)


def _check_position(src: SourceFile, entity: Entity, positions: dict[object, Entity]) -> None:
    """Directions are listed in the source's order: no two share a place."""
    for value in entity.values.get("position", []):
        other = positions.setdefault(value.value, entity)
        if other is not entity:
            raise src.error(value.line, f"{entity.where}.position",
                            f"position {value.value} is already taken by {other.id!r} (line {other.line})")


#: At most this many names are compared for one "did you mean".
MAX_HINT_CANDIDATES = 1_000


def close_matches(word: str, known, n: int = 1) -> list[str]:
    """The known names closest to ``word``, for "did you mean": only for a
    word of a sensible length, among names of about its length that share
    its first or last letters, at most :data:`MAX_HINT_CANDIDATES` of them,
    so that a huge or unlucky input costs no more than a short one."""
    if len(word) > 100 or not word:
        return []
    slack = max(3, len(word) // 3)
    near = [name for name in known if abs(len(name) - len(word)) <= slack]
    if len(near) > MAX_HINT_CANDIDATES:
        near = [name for name in near if name[:2] == word[:2] or name[-2:] == word[-2:]]
        near = sorted(near)[:MAX_HINT_CANDIDATES]
    return difflib.get_close_matches(word, near, n=n)


def _check_ref(src: SourceFile, entity: Entity, name: str, value: Value, spec: Field,
               index: dict[str, tuple[SourceFile, Entity]]) -> None:
    target = index.get(str(value.value))
    where = f"{entity.where}.{name}"
    if value.value == entity.id:
        raise src.error(value.line, where, f"{entity.id!r} refers to itself")
    if target is None:
        close = close_matches(str(value.value), index)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise src.error(value.line, where, f"unknown entity {shown_value(str(value.value))}{hint}")
    target_type = target[1].type
    if not any(is_a(target_type, allowed) for allowed in spec.refs):
        raise src.error(value.line, where, f"{value.value!r} is a {target_type}; expected "
                        f"{' or '.join(spec.refs)}")


@dataclass(frozen=True)
class BuildInfo:
    """What a build read: for messages and statistics."""

    files: tuple[Path, ...]
    entities: int
    quotes: int  # quotations in the fact files
    passages: int  # distinct spans of source text they quote


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
            add((node, RDF.type, TYPES[entity.type]))
            specs = fields_of(entity.type)
            quantity = derived_iri(entity.id, "quantity")
            for name, values in entity.values.items():
                spec = specs[name]
                subject = quantity if spec in QUANTITY_FIELDS else node
                for value in values:
                    obj = entity_iri(str(value.value)) if spec.kind == "ref" else _literal(value.value, spec.kind)
                    add((subject, spec.predicate, obj))
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
                        add((period, spec.predicate, obj))
            for quote in entity.evidence:
                ev = evidence_iri(src.source_id, quote.start, quote.end)
                add((node, JV.evidence, ev))
                add((ev, RDF.type, JV.Evidence))
                add((ev, JV.quote, Literal(quote.quote)))
                add((ev, JV.start, _count(quote.start)))
                add((ev, JV.end, _count(quote.end)))
                add((ev, JV.inSource, source))
    return graph


def build_info(sources: list[SourceFile]) -> BuildInfo:
    return BuildInfo(
        files=tuple(s.path for s in sources),
        entities=sum(len(s.entities) for s in sources),
        quotes=sum(len(e.evidence) for s in sources for e in s.entities),
        passages=len({(s.source_id, q.start, q.end) for s in sources for e in s.entities for q in e.evidence}),
    )
