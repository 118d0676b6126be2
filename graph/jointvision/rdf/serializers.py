"""Turning a dataset or a graph into bytes: TriG and N-Quads (every named
graph), Turtle, N-Triples and JSON-LD (the merged union of the data).

This module is the one interface every caller uses to serialize; which engine
does the work is its own business. Every download is written from the
N-Triples lines the store dumps, sorted by Python's C sort (Turtle and TriG
by pyoxigraph's writers from those lines), so the output is byte-identical
across runs and ``PYTHONHASHSEED`` values, with no Python object per triple
until a writer needs one. JSON-LD is compacted here against a local context
that lists only the prefixes the graph uses; nothing remote is referenced.
"""

from __future__ import annotations

import itertools
import json
import re

import pyoxigraph as ox
from rdflib import Graph

from . import formats as _formats
from .dataset import _ONTOLOGY, Dataset, as_dataset
from .iris import compact_iri
from .namespaces import ONTOLOGY_IRI, PREFIXES
from .terms import XSD_STRING
from .typed import dumped, value_of

#: format name -> (file extension, media type), of the formats the build writes
FORMATS: dict[str, tuple[str, str]] = {f.name: (f.extension, f.media_type) for f in _formats.formats(written=True)}

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def _sorted_prefix_lines(body: bytes, prefixes: dict[str, str]) -> bytes:
    # The engine's order of @prefix lines is its own; write them sorted.
    head = [f"@prefix {p}: <{ns}> .".encode() for p, ns in sorted(prefixes.items())]
    rest = [line for line in body.split(b"\n") if not line.startswith(b"@prefix ")]
    return b"\n".join(head + [b""] + rest)


# ------------------------------------------------------------ sorted lines, in C
# Every download is written from N-Triples lines that pyoxigraph dumps and
# Python's C sort orders (``dataset.triple_key`` gives the same order for
# triples): by the line's text, with rdf:type first in each subject, which a
# marker that sorts before any IRI stands in for while sorting. No Python
# object is made per triple until a writer needs one.
_TYPE_PREDICATE = re.compile(rb"(?m)^(<[^>]*>) <http://www\.w3\.org/1999/02/22-rdf-syntax-ns#type> ")
_MARK = b" <\x01> "  # a raw control character never occurs in N-Triples output
_TYPE = b" <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "


def _written(data: bytes | None) -> bytes:
    """What the engine wrote (``serialize`` without an output gives bytes)."""
    if data is None:  # pragma: no cover
        raise TypeError("expected bytes from the engine")
    return data


def _marked_lines(store: ox.Store, graphs: list, without: set[bytes] | None = None) -> list[bytes]:
    """The distinct N-Triples lines of the given graphs, sorted, rdf:type marked."""
    body = b"".join(dumped(store, ox.RdfFormat.N_TRIPLES, from_graph=g) for g in graphs)
    lines = set(_TYPE_PREDICATE.sub(rb"\1" + _MARK, body).split(b"\n"))
    lines.discard(b"")
    if without:
        lines -= without
    return sorted(lines)


def _unmarked(lines: list[bytes]) -> bytes:
    return (b"\n".join(lines) + b"\n").replace(_MARK, _TYPE) if lines else b""


class _Merged:
    """The merged data's sorted, marked lines, with what the writers of the
    merged graph share, each made once: their N-Triples text (the ``.nt``
    download itself, which Turtle and JSON-LD parse) and the prefixes they
    use."""

    def __init__(self, lines: list[bytes]):
        self.lines = lines
        self._text: bytes | None = None
        self._prefixes: dict[str, str] | None = None

    @property
    def text(self) -> bytes:
        if self._text is None:
            self._text = _unmarked(self.lines)
        return self._text

    @property
    def prefixes(self) -> dict[str, str]:
        if self._prefixes is None:
            self._prefixes = _prefixes_in(b"\n".join(self.lines))
        return self._prefixes


def _check_iris_only(dataset: Dataset) -> None:
    if dataset.iris_only:
        return
    for quad in dataset.store:
        for term in (quad.subject, quad.object):
            if isinstance(term, ox.BlankNode):
                raise ValueError(
                    f"blank node in the graph: _:{term.value}; every node of a jointvision graph has an IRI"
                )


def _data_lines(dataset: Dataset) -> list[bytes]:
    """The merged data (the union of the source graphs, no ontology; for one
    unnamed graph, that graph), as sorted marked lines."""
    _check_iris_only(dataset)
    sources = dataset.source_graphs()
    if sources:
        return _marked_lines(dataset.store, [ox.NamedNode(g) for g in sources])
    ontology = set(_marked_lines(dataset.store, [_ONTOLOGY])) if str(ONTOLOGY_IRI) in dataset.graph_names() else None
    return _marked_lines(dataset.store, [ox.DefaultGraph()], ontology)


def _union_of(parts: list[tuple[str | None, list[bytes]]], names: list[str]) -> list[bytes]:
    """The sorted distinct lines of the named graphs ``names``, from their
    sorted lines in ``parts``: what :func:`_data_lines` gives, without
    dumping and sorting the graphs again (the sort merges the sorted runs)."""
    wanted = set(names)
    chosen = [lines for name, lines in parts if name in wanted]
    if len(chosen) == 1:
        return chosen[0]
    return list(dict.fromkeys(sorted(itertools.chain.from_iterable(chosen))))


def _prefixes_in(marked: bytes) -> dict[str, str]:
    """The prefixes whose namespace some IRI of the lines (a subject, a
    predicate other than rdf:type, an object, a datatype, a graph) lies in,
    the namespace itself not counted. An IRI in angle brackets inside a
    literal counts too: at worst one unused @prefix line."""
    return {p: ns for p, ns in PREFIXES.items() if re.search(rb"<" + re.escape(ns.encode()) + rb"[^>]", marked)}


def _dataset_lines(dataset: Dataset) -> list[tuple[str | None, list[bytes]]]:
    """(graph name, its sorted marked lines) for a dataset download: every
    named graph, sorted by name; a dataset of one unnamed graph also gives
    that graph, as the default graph (None, first)."""
    _check_iris_only(dataset)
    parts: list[tuple[str | None, list[bytes]]] = []
    if not dataset.source_graphs():
        parts.append((None, _data_lines(dataset)))
    parts += [(name, _marked_lines(dataset.store, [ox.NamedNode(name)])) for name in dataset.graph_names()]
    return parts


def _nquads_of(parts: list[tuple[str | None, list[bytes]]]) -> bytes:
    out = []
    for name, lines in parts:
        body = _unmarked(lines)
        # every line ends " .\n", and only a line's end can (a literal holds no raw line break)
        out.append(body if name is None else body.replace(b" .\n", b" <" + name.encode() + b"> .\n"))
    return b"".join(out)


class _Parts:
    """A dataset download's graphs, each with its sorted marked lines
    (:func:`_dataset_lines`), and their N-Quads text, made once: the ``.nq``
    download itself, which TriG parses."""

    def __init__(self, parts: list[tuple[str | None, list[bytes]]]):
        self.parts = parts
        self._nquads: bytes | None = None

    @property
    def nquads(self) -> bytes:
        if self._nquads is None:
            self._nquads = _nquads_of(self.parts)
        return self._nquads


def to_trig(dataset: Dataset, parts: _Parts | None = None) -> bytes:
    """Every named graph of the dataset (the sources' and the ontology's),
    sorted by graph, then triple; the default graph, being their union, is
    left out."""
    parts = _Parts(_dataset_lines(dataset)) if parts is None else parts
    prefixes = _prefixes_in(
        b"".join(b"\n".join(lines) + (b"" if name is None else name.encode()) for name, lines in parts.parts)
    )
    quads = ox.parse(parts.nquads, format=ox.RdfFormat.N_QUADS)
    return _sorted_prefix_lines(_written(ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=prefixes)), prefixes)


def to_nquads(dataset: Dataset, parts: _Parts | None = None) -> bytes:
    """As :func:`to_trig`, one quad a line."""
    return (_Parts(_dataset_lines(dataset)) if parts is None else parts).nquads


def _merged_of(data, merged: _Merged | None) -> _Merged:
    return _Merged(_data_lines(as_dataset(data, ontology=False))) if merged is None else merged


def to_turtle(data, merged: _Merged | None = None) -> bytes:
    """Turtle of the merged graph, with only the prefixes it uses, sorted
    (``merged``: its lines, as another writer of the same data made them)."""
    merged = _merged_of(data, merged)
    # the parser's quads (all in the default graph) go to the writer as they come: no triple made of each
    return triples_to_turtle(ox.parse(merged.text, format=ox.RdfFormat.N_TRIPLES), merged.prefixes)


def triples_to_turtle(triples, prefixes: dict[str, str]) -> bytes:
    """Turtle of ``triples`` (or quads of the default graph) in the order
    given, with ``prefixes`` declared in a stable (sorted) order (the merged
    graph's; the VoID description's)."""
    return _sorted_prefix_lines(
        _written(ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes)), prefixes
    )


def to_ntriples(data, merged: _Merged | None = None) -> bytes:
    """N-Triples of the merged graph, one statement a line, sorted by text
    with each subject's rdf:type first, so the download is byte-stable
    (``merged``, as for :func:`to_turtle`)."""
    return _merged_of(data, merged).text


def _compactor(prefixes: dict[str, str]):
    """IRI -> prefix:local (or the IRI), remembered: predicates, classes and
    units repeat on every node."""
    by_namespace = {ns: p for p, ns in prefixes.items()}
    known: dict[str, str] = {}

    def compact(iri: str) -> str:
        found = known.get(iri)
        if found is None:
            cut = max(iri.rfind("#"), iri.rfind("/")) + 1
            prefix = by_namespace.get(iri[:cut]) if 0 < cut < len(iri) else None
            found = f"{prefix}:{iri[cut:]}" if prefix else (compact_iri(iri, prefixes) or iri)
            known[iri] = found
        return found

    return compact


def to_jsonld(data, merged: _Merged | None = None) -> bytes:
    """Compact JSON-LD: one node object per subject, sorted by ``@id``, with an
    inline ``@context`` of the prefixes used (``merged``, as for
    :func:`to_turtle`); one node a line."""
    merged = _merged_of(data, merged)
    prefixes = merged.prefixes
    compact = _compactor(prefixes)
    encode = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(", ", ": ")).encode
    rows: list[str] = []
    subject: str | None = None
    props: dict[str, list[object]] = {}

    def flush() -> None:
        if subject is not None:
            obj: dict[str, object] = {"@id": compact(subject)}
            for key, values in props.items():
                obj[key] = values[0] if len(values) == 1 else values
            rows.append("    " + encode(obj))

    # the lines are sorted, so each subject's statements come together: one node object at a time
    for quad in ox.parse(merged.text, format=ox.RdfFormat.N_TRIPLES):
        if quad.subject.value != subject:
            flush()
            subject, props = quad.subject.value, {}
        o = quad.object
        if quad.predicate.value == _RDF_TYPE and isinstance(o, ox.NamedNode):
            props.setdefault("@type", []).append(compact(o.value))
            continue
        value: object
        if isinstance(o, ox.Literal):
            if o.language:
                value = {"@value": o.value, "@language": o.language}
            elif o.datatype is None or o.datatype.value == XSD_STRING:
                value = o.value
            else:
                value = {"@value": o.value, "@type": compact(o.datatype.value)}
        else:
            value = {"@id": compact(value_of(o))}
        props.setdefault(compact(quad.predicate.value), []).append(value)
    flush()
    context = json.dumps(prefixes, ensure_ascii=False, indent=2, sort_keys=True).replace("\n", "\n  ")
    return ('{\n  "@context": ' + context + ',\n  "@graph": [\n' + ",\n".join(rows) + "\n  ]\n}\n").encode("utf-8")


_WRITERS = {"turtle": to_turtle, "nt": to_ntriples, "jsonld": to_jsonld}
_DATASET_WRITERS = {"trig": to_trig, "nquads": to_nquads}


def serialize(data: Dataset | Graph, fmt: str) -> bytes:
    """Serialize a dataset or graph in one of :data:`FORMATS`: TriG and
    N-Quads hold every named graph, the others the merged data."""
    return serialize_many(data, [fmt])[fmt]


def serialize_many(data: Dataset | Graph, formats: list[str]) -> dict[str, bytes]:
    """Serialize in several formats, dumping and sorting each graph once: the
    merged data's lines are merged from the source graphs' when the dataset
    downloads are written too, and its prefixes are found once."""
    unknown = [fmt for fmt in formats if fmt not in _WRITERS and fmt not in _DATASET_WRITERS]
    if unknown:
        raise ValueError(f"unknown format {unknown[0]!r}; expected one of {', '.join(FORMATS)}")
    dataset = as_dataset(data, ontology=False)  # a plain graph: just that graph, as the default graph
    out: dict[str, bytes] = {}
    parts = None
    if any(fmt in _DATASET_WRITERS for fmt in formats):
        parts = _Parts(_dataset_lines(dataset))
        out.update({fmt: _DATASET_WRITERS[fmt](dataset, parts) for fmt in formats if fmt in _DATASET_WRITERS})
    if any(fmt in _WRITERS for fmt in formats):
        sources = dataset.source_graphs()
        merged = _Merged(_union_of(parts.parts, sources) if parts is not None and sources else _data_lines(dataset))
        out.update({fmt: _WRITERS[fmt](dataset, merged) for fmt in formats if fmt in _WRITERS})
    return {fmt: out[fmt] for fmt in formats}
