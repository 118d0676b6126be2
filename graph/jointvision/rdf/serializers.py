"""Turning a dataset or a graph into bytes: TriG and N-Quads (every named
graph), Turtle, N-Triples and JSON-LD (the merged union of the data).

This module is the one interface every caller uses to serialize; which engine
does the work is its own business. Every download is written from the
N-Triples lines the store dumps, sorted by Python's C sort, so the output is
byte-identical across runs and ``PYTHONHASHSEED`` values, with no Python
object per triple until a writer needs one. TriG, Turtle and JSON-LD are
written from the N-Quads and N-Triples texts by :mod:`.text_writers` (in a
child process, for a large graph, while the caller goes on: see
:func:`start_serializing`). JSON-LD is compacted against a local context that
lists only the prefixes the graph uses; nothing remote is referenced.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import pyoxigraph as ox
from rdflib import Graph

from . import formats as _formats
from .dataset import _ONTOLOGY, Dataset, as_dataset
from .namespaces import ONTOLOGY_IRI, PREFIXES
from .text_writers import Aside, write_turtle, written_from
from .typed import dumped

#: format name -> (file extension, media type), of the formats the build writes
FORMATS: dict[str, tuple[str, str]] = {f.name: (f.extension, f.media_type) for f in _formats.formats(written=True)}

# ------------------------------------------------------------ sorted lines, in C
# Every download is written from N-Triples lines that pyoxigraph dumps and
# Python's C sort orders (``dataset.triple_key`` gives the same order for
# triples): by the line's text, with rdf:type first in each subject, which a
# marker that sorts before any IRI stands in for while sorting. No Python
# object is made per triple until a writer needs one.
_TYPE_PREDICATE = re.compile(rb"(?m)^(<[^>]*>) <http://www\.w3\.org/1999/02/22-rdf-syntax-ns#type> ")
_MARK = b" <\x01> "  # a raw control character never occurs in N-Triples output
_TYPE = b" <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "


def _marked_lines(store: ox.Store, graphs: list, without: set[bytes] | None = None) -> list[bytes]:
    """The distinct N-Triples lines of the given graphs, sorted, rdf:type marked."""
    body = b"".join(dumped(store, ox.RdfFormat.N_TRIPLES, from_graph=g) for g in graphs)
    lines = _TYPE_PREDICATE.sub(rb"\1" + _MARK, body).split(b"\n")
    if len(graphs) == 1 and not without:
        # a graph holds each statement once, so its lines are distinct already: sorted as the engine gave
        # them (in runs timsort merges), not hashed into a set first (at a million lines, 2 s against 0.35 s)
        if lines and not lines[-1]:
            lines.pop()
        lines.sort()
        return lines
    distinct = set(lines)
    distinct.discard(b"")
    if without:
        distinct -= without
    return sorted(distinct)


class _Texts:
    """For each list of sorted marked lines, made once: its N-Triples text
    and the prefixes it uses. A dataset of one source has the same lines in
    its source's graph (for the N-Quads and TriG) as in the merged data (the
    N-Triples, Turtle and JSON-LD)."""

    def __init__(self) -> None:
        self._made: dict[int, tuple[list[bytes], bytes, dict[str, str]]] = {}

    def _of(self, lines: list[bytes]) -> tuple[list[bytes], bytes, dict[str, str]]:
        made = self._made.get(id(lines))
        if made is None or made[0] is not lines:
            # the lines, then an empty one for the last line break: one copy of the text, not two
            marked = b"\n".join(itertools.chain(lines, (b"",))) if lines else b""
            made = self._made[id(lines)] = (lines, marked.replace(_MARK, _TYPE), _prefixes_in(marked))
        return made

    def of(self, lines: list[bytes]) -> bytes:
        """The N-Triples text of ``lines``."""
        return self._of(lines)[1]

    def prefixes_of(self, *lists: list[bytes]) -> dict[str, str]:
        """The prefixes the lines of ``lists`` use (:func:`_prefixes_in`), in
        the order of :data:`PREFIXES`."""
        used = set().union(*(self._of(lines)[2] for lines in lists))
        return {p: ns for p, ns in PREFIXES.items() if p in used}


class _Merged:
    """The merged data's sorted, marked lines, with what the writers of the
    merged graph share, each made once: their N-Triples text (the ``.nt``
    download itself, which Turtle and JSON-LD parse) and the prefixes they
    use."""

    def __init__(self, lines: list[bytes], texts: _Texts | None = None):
        self.lines = lines
        self._texts = _Texts() if texts is None else texts

    @property
    def text(self) -> bytes:
        return self._texts.of(self.lines)

    @property
    def prefixes(self) -> dict[str, str]:
        return self._texts.prefixes_of(self.lines)


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
    predicate other than rdf:type, an object, a datatype) lies in, the
    namespace itself not counted. An IRI in angle brackets inside a literal
    counts too: at worst one unused @prefix line."""
    return {p: ns for p, ns in PREFIXES.items() if _holds_iri_in(marked, b"<" + ns.encode())}


def _holds_iri_in(text: bytes, start: bytes) -> bool:
    """Whether ``start`` (``<`` and a namespace) begins an IRI longer than the namespace in ``text``."""
    at = text.find(start)
    if at < 0:
        return False
    if text[at + len(start) : at + len(start) + 1] not in (b">", b""):
        return True  # the common case: the first place it stands
    # the namespace itself stands first (as an object, say): the rest searched in C, not place by place
    return re.compile(re.escape(start) + rb"[^>]").search(text, at + 1) is not None


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


def _nquads_of(parts: list[tuple[str | None, list[bytes]]], texts: _Texts) -> bytes:
    out = []
    for name, lines in parts:
        body = texts.of(lines)
        # every line ends " .\n", and only a line's end can (a literal holds no raw line break)
        out.append(body if name is None else body.replace(b" .\n", b" <" + name.encode() + b"> .\n"))
    return b"".join(out)


class _Parts:
    """A dataset download's graphs, each with its sorted marked lines
    (:func:`_dataset_lines`), and their N-Quads text, made once: the ``.nq``
    download itself, which TriG parses."""

    def __init__(self, parts: list[tuple[str | None, list[bytes]]], texts: _Texts | None = None):
        self.parts = parts
        self.texts = _Texts() if texts is None else texts
        self._nquads: bytes | None = None

    @property
    def nquads(self) -> bytes:
        if self._nquads is None:
            self._nquads = _nquads_of(self.parts, self.texts)
        return self._nquads

    @property
    def prefixes(self) -> dict[str, str]:
        """The prefixes some IRI of the graphs' statements lies in."""
        return self.texts.prefixes_of(*(lines for _, lines in self.parts))


def to_trig(dataset: Dataset, parts: _Parts | None = None) -> bytes:
    """Every named graph of the dataset (the sources' and the ontology's),
    sorted by graph, then triple; the default graph, being their union, is
    left out."""
    parts = _Parts(_dataset_lines(dataset)) if parts is None else parts
    return written_from("trig", parts.nquads, parts.prefixes)


def to_nquads(dataset: Dataset, parts: _Parts | None = None) -> bytes:
    """As :func:`to_trig`, one quad a line."""
    return (_Parts(_dataset_lines(dataset)) if parts is None else parts).nquads


def _merged_of(data, merged: _Merged | None) -> _Merged:
    return _Merged(_data_lines(as_dataset(data, ontology=False))) if merged is None else merged


def to_turtle(data, merged: _Merged | None = None) -> bytes:
    """Turtle of the merged graph, with only the prefixes it uses, sorted
    (``merged``: its lines, as another writer of the same data made them)."""
    merged = _merged_of(data, merged)
    return written_from("turtle", merged.text, merged.prefixes)


def triples_to_turtle(triples, prefixes: dict[str, str]) -> bytes:
    """Turtle of ``triples`` (or quads of the default graph) in the order
    given, with ``prefixes`` declared in a stable (sorted) order (the merged
    graph's; the VoID description's)."""
    chunks: list[bytes] = []
    write_turtle(triples, prefixes, chunks.append)
    return b"".join(chunks)


def to_ntriples(data, merged: _Merged | None = None) -> bytes:
    """N-Triples of the merged graph, one statement a line, sorted by text
    with each subject's rdf:type first, so the download is byte-stable
    (``merged``, as for :func:`to_turtle`)."""
    return _merged_of(data, merged).text


def to_jsonld(data, merged: _Merged | None = None) -> bytes:
    """Compact JSON-LD: one node object per subject, sorted by ``@id``, with an
    inline ``@context`` of the prefixes used (``merged``, as for
    :func:`to_turtle`); one node a line."""
    merged = _merged_of(data, merged)
    return written_from("jsonld", merged.text, merged.prefixes)


class Serialized(Mapping):
    """The downloads :func:`start_serializing` makes, by format name. Those
    written by a child process (:class:`~.text_writers.Aside`: TriG,
    Turtle and JSON-LD of a large graph) are waited for when first read."""

    def __init__(self, made: dict[str, bytes | Aside]):
        self._made = made

    def __getitem__(self, fmt: str) -> bytes:
        found = self._made[fmt]
        return found.result() if isinstance(found, Aside) else found

    def __iter__(self) -> Iterator[str]:
        return iter(self._made)

    def __len__(self) -> int:
        return len(self._made)


def _check_formats(formats: list[str]) -> None:
    unknown = [fmt for fmt in formats if fmt not in FORMATS]
    if unknown:
        raise ValueError(f"unknown format {unknown[0]!r}; expected one of {', '.join(FORMATS)}")


#: Each format's writer, for one download alone.
_ALONE: dict[str, Callable[[Any], bytes]] = {
    "trig": to_trig,
    "nquads": to_nquads,
    "turtle": to_turtle,
    "jsonld": to_jsonld,
    "nt": to_ntriples,
}
_TEXT_WRITERS = {"turtle", "jsonld"}  # of the merged data's N-Triples, by a writer of text_writers
_DATASET_FORMATS = {"trig", "nquads"}


def serialize(data: Dataset | Graph, fmt: str) -> bytes:
    """Serialize a dataset or graph in one of :data:`FORMATS`: TriG and
    N-Quads hold every named graph, the others the merged data. Written in
    this process: with one download to wait for, a child would only add its
    start."""
    _check_formats([fmt])
    if fmt in _DATASET_FORMATS:
        return _ALONE[fmt](as_dataset(data, ontology=False))
    return _ALONE[fmt](data)


def serialize_many(data: Dataset | Graph, formats: list[str]) -> dict[str, bytes]:
    """Serialize in several formats, dumping and sorting each graph once: the
    merged data's lines are merged from the source graphs' when the dataset
    downloads are written too, and its prefixes are found once."""
    started = start_serializing(data, formats)
    return {fmt: started[fmt] for fmt in formats}


def start_serializing(data: Dataset | Graph, formats: list[str]) -> Serialized:
    """As :func:`serialize_many`, but the downloads a child process writes
    (those of a large graph) are still being written when this returns:
    the caller may go on with other work, and waits for one when it reads it."""
    _check_formats(formats)
    dataset = as_dataset(data, ontology=False)  # a plain graph: just that graph, as the default graph
    texts = _Texts()
    out: dict[str, bytes | Aside] = {}
    parts = None
    if _DATASET_FORMATS.intersection(formats):
        parts = _Parts(_dataset_lines(dataset), texts)
        if "trig" in formats:
            out["trig"] = Aside("trig", parts.nquads, parts.prefixes)
        if "nquads" in formats:
            out["nquads"] = parts.nquads
    if set(formats) - _DATASET_FORMATS:
        sources = dataset.source_graphs()
        merged = _Merged(
            _union_of(parts.parts, sources) if parts is not None and sources else _data_lines(dataset), texts
        )
        for fmt in formats:
            if fmt in _TEXT_WRITERS:
                out[fmt] = Aside(fmt, merged.text, merged.prefixes)
            elif fmt == "nt":
                out[fmt] = merged.text
    return Serialized({fmt: out[fmt] for fmt in formats})
