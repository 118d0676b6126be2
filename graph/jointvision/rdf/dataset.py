"""The dataset: every source's statements in a named graph of its own, the
ontology in another, and the union of all of them as the default graph.

One type serves every consumer. Its contract is quads; it is backed by a
pyoxigraph :class:`~pyoxigraph.Store` (in memory here; the same calls work
on a store on disk), and converts to rdflib only at the edges that need it
(pySHACL, networkx, notebooks) with :meth:`Dataset.to_rdflib`.

Why the union is stored, not computed: a query without ``GRAPH`` must see
each statement once, however many sources make it. Oxigraph's "default
graph as union" option (and ``FROM`` over several graphs) repeats a triple
for every graph that holds it, so ``?t a jv:Target`` would list a target
twice when two sources describe it. The default graph is therefore written
as the set union of the named graphs, which is what SPARQL's RDF merge
means, and ``GRAPH ?g`` ranges over the named graphs only.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from ..resources import ontology_path
from .formats import Format, by_extension, formats, get
from .iris import GRAPHS, ONTOLOGY, RDF_TYPE, RDFS_LABEL
from .typed import dumped, select

_ONTOLOGY = ox.NamedNode(ONTOLOGY)

_IN_A_SOURCE = rb" <" + re.escape(GRAPHS.encode()) + rb"[^>\n]*> \.$"
#: An N-Quads line of a source's graph whose object is a literal with a
#: language tag (the group: the tag); and one whose predicate is rdfs:label
#: and whose object is a literal with none. Both hold for lines as
#: jointvision (and pyoxigraph) writes them, one space between terms. Within
#: a literal every ``"`` is escaped and no line ends, so neither matches there.
_TAGGED_LINE = re.compile(rb'"@([a-zA-Z]+(?:-[a-zA-Z0-9]+)*)' + _IN_A_SOURCE, re.M)
_UNTAGGED_LABEL_LINE = re.compile(
    rb" <" + re.escape(RDFS_LABEL.encode()) + rb'> "[^\n]*"(?:\^\^<[^>\n]*>)?' + _IN_A_SOURCE, re.M
)


def _tags_of_lines(chunk: bytes, tags: set[str]) -> bytes:
    """Add to ``tags`` what :meth:`Dataset.language_tags` counts in ``chunk``
    (whole N-Quads lines); give the chunk back."""
    tags.update(tag.decode("ascii").lower() for tag in set(_TAGGED_LINE.findall(chunk)))
    if "" not in tags and _UNTAGGED_LABEL_LINE.search(chunk):
        tags.add("")
    return chunk


_TYPE_TEXT = " <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
_TYPE_MARK = " <\x01> "  # sorts before any IRI: rdf:type first in each subject


def triple_key(triple) -> str:
    """A triple's place in every export: its N-Triples text, with rdf:type
    first in each subject (the order in which the downloads are written,
    sorted in C from the lines pyoxigraph dumps: ``rdf.serializers``)."""
    t = triple.triple if isinstance(triple, ox.Quad) else triple
    if isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode):
        raise ValueError("blank node in the dataset; every node of a jointvision graph has an IRI")
    text = str(t)
    if t.predicate.value == RDF_TYPE:
        subject = str(t.subject)
        return subject + _TYPE_MARK + text[len(subject) + len(_TYPE_TEXT) :]
    return text


def quad_key(quad: ox.Quad) -> tuple:
    """A quad's place: by graph, then as :func:`triple_key`."""
    graph = quad.graph_name
    return (graph.value if isinstance(graph, ox.NamedNode) else "", triple_key(quad))


@lru_cache(maxsize=1)
def _ontology_read(path: str, stamp: tuple) -> tuple:
    return tuple(
        ox.Quad(t.subject, t.predicate, t.object, _ONTOLOGY) for t in ox.parse(path=path, format=ox.RdfFormat.TURTLE)
    )


def _ontology_quads() -> list[ox.Quad]:
    """The ontology as quads of its graph (read once while the file is unchanged)."""
    import os

    path = str(ontology_path())
    info = os.stat(path)
    return list(_ontology_read(path, (info.st_mtime_ns, info.st_size)))


def _engine(fmt: ox.RdfFormat | Format | str | None) -> ox.RdfFormat | None:
    """pyoxigraph's format object for ``fmt`` (its own, a registered :class:`Format`, or a registry name)."""
    if fmt is None or isinstance(fmt, ox.RdfFormat):
        return fmt
    if isinstance(fmt, Format):
        return fmt.engine
    try:
        return get(fmt).engine
    except ValueError as exc:
        from ..errors import ValidationInputError

        raise ValidationInputError(str(exc)) from None


def _engine_of_path(path: Path) -> ox.RdfFormat:
    """The format a file's extension names (:func:`~jointvision.rdf.formats.by_extension`)."""
    found = by_extension(path.suffix) if path.suffix else None
    if found is None:
        from ..errors import ValidationInputError

        known = ", ".join(f".{f.extension} ({f.label})" for f in formats())
        what = f"no RDF format has the extension {path.suffix!r}" if path.suffix else "no extension names its format"
        raise ValidationInputError(f'{path}: {what}; name one (fmt="turtle"), or give a file ending in {known}')
    return found.engine


def _parsed(engine: ox.RdfFormat, where: str, **how) -> list[ox.Quad]:
    """Every quad pyoxigraph reads (``how``: its ``input`` or ``path``, and ``base_iri``), or a
    ValidationInputError that starts with ``where`` (a file's path and a colon, or nothing)."""
    from ..errors import ValidationInputError

    try:
        return list(ox.parse(format=engine, **how))
    except (SyntaxError, ValueError) as exc:
        raise ValidationInputError(f"{where}not valid {engine.name}: {exc}") from None
    except OSError as exc:
        raise ValidationInputError(f"{where}cannot be read: {exc.strerror or exc}") from None


class Dataset:
    """Named graphs of RDF, with their union as the default graph.

    Build one with :meth:`from_graphs` (graph IRI -> triples), read one from
    a file or from data in any RDF format with :meth:`parse`, or wrap a store. The ontology is
    added as the graph named by the ontology IRI unless ``ontology=False``.
    """

    def __init__(self, store: ox.Store | None = None, path: str | None = None, *, iris_only: bool = False):
        self._store = store if store is not None else ox.Store()
        self._sorted: dict[tuple[str, str | None], list] = {}  # a dataset is read, never changed: sort once
        #: the folder of an on-disk store (opened read-only), else None
        self.path = path
        #: known to hold no blank node (made by :meth:`from_quads`, or a store a build of them kept)
        self.iris_only = iris_only
        self._tags: frozenset[str] | None = None  # language_tags(), once known

    # ------------------------------------------------------------ making one
    @classmethod
    def from_graphs(cls, graphs: Mapping[str, Iterable], *, ontology: bool = True) -> Dataset:
        """A dataset of ``graphs`` (graph IRI -> triples, as rdflib or
        pyoxigraph terms), plus the ontology graph."""
        from .terms import to_ox

        converted: dict = {}  # each term converted once: predicates, classes and units repeat a lot

        def term(value):
            found = converted.get(value)
            if found is None:
                found = converted[value] = to_ox(value)
            return found

        quads: list[ox.Quad] = []
        for name, triples in graphs.items():
            graph = ox.NamedNode(str(name))
            for triple in triples:
                if isinstance(triple, ox.Triple):
                    quads.append(ox.Quad(triple.subject, triple.predicate, triple.object, graph))
                else:
                    s, p, o = triple
                    quads.append(ox.Quad(term(s), term(p), term(o), graph))
        return cls.from_quads(quads, ontology=ontology)

    @classmethod
    def from_graph(cls, graph, *, ontology: bool = True) -> Dataset:
        """A dataset of one unnamed graph (an RDF file, a test's graph): its
        triples stand in the default graph only, with the ontology."""
        from .terms import to_ox

        dataset = cls.from_quads([], ontology=ontology)
        dataset._store.bulk_extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.DefaultGraph()) for s, p, o in graph)
        return dataset

    @classmethod
    def from_quads(cls, quads: Iterable[ox.Quad], *, ontology: bool = True) -> Dataset:
        """A dataset of named-graph quads; the union is added as the default
        graph, and the ontology graph unless ``ontology`` is false (or the
        quads already hold it)."""
        quads = [q for q in quads if not isinstance(q.graph_name, ox.DefaultGraph)]
        for quad in quads:
            for term in (quad.subject, quad.object, quad.graph_name):
                if isinstance(term, (ox.BlankNode, ox.Triple)):
                    from ..errors import ValidationInputError

                    raise ValidationInputError(
                        f"a {'blank node' if isinstance(term, ox.BlankNode) else 'triple term'}"
                        f" in the quads: every node of a jointvision dataset has an IRI"
                    )
        if ontology and not any(q.graph_name == _ONTOLOGY for q in quads):
            quads += _ontology_quads()
        store = ox.Store()
        store.bulk_extend(quads)
        store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")  # the union, made by the engine
        return cls(store, iris_only=True)

    @classmethod
    def from_nquads(cls, data: bytes | Iterable[bytes], *, ontology: bool = True) -> Dataset:
        """A dataset of named-graph N-Quads that jointvision wrote itself
        (every node an IRI; bytes, or chunks of whole lines): parsed by the
        store, and the union made the default graph by the engine, with no
        Python object per quad. Each chunk is parsed on a thread while the
        next is made (the engine parses without Python's lock), one at a
        time and in order; an error of the engine is raised here."""
        store, tags = ox.Store(), set[str]()
        if isinstance(data, bytes):
            store.load(_tags_of_lines(data, tags), format=ox.RdfFormat.N_QUADS)
        else:
            _load_in_order(store, (_tags_of_lines(chunk, tags) for chunk in data))
        if ontology and not any(True for _ in store.quads_for_pattern(None, None, None, _ONTOLOGY)):
            store.bulk_extend(_ontology_quads())
        store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
        made = cls(store, iris_only=True)
        if made.source_graphs():  # read from the lines as they were loaded: no pass over the store
            made._tags = frozenset(tags)
        return made

    @classmethod
    def parse(
        cls,
        source: bytes | str | os.PathLike[str],
        fmt: ox.RdfFormat | Format | str | None = None,
        *,
        ontology: bool = True,
    ) -> Dataset:
        """A dataset read from a file or from data, as ``rdflib.Graph.parse`` reads one.

        ``source`` is the path (``str`` or :class:`os.PathLike`) of a file in
        any RDF format of :mod:`~jointvision.rdf.formats` (TriG, N-Quads,
        Turtle, N-Triples, JSON-LD, RDF/XML), told by its extension (``.trig``,
        ``.nq``, ``.ttl``, ``.nt``, ``.jsonld``, ``.rdf``) unless ``fmt`` names
        it; or the data itself as ``bytes`` (N-Quads unless ``fmt`` says
        otherwise; a ``str`` that holds a line break is data too). ``fmt``:
        pyoxigraph's format object, a :class:`~jointvision.rdf.formats.Format`,
        or a format's name (``"trig"``, ``"turtle"``).

        Named graphs stay named graphs, and their union becomes the default
        graph (a default graph the input has beside them is replaced by it);
        the triples of a graph format (or of a dataset with no named graph)
        stand in the default graph, as one unnamed graph (:meth:`from_graph`).
        The ontology's graph is added unless ``ontology`` is false. Raises
        :class:`~jointvision.errors.ValidationInputError` on a file that cannot
        be read, an extension of no known format, or data that is not valid.

        >>> from jointvision.resources import ontology_path
        >>> len(Dataset.parse(ontology_path(), ontology=False)) > 100  # a Turtle file, by its extension
        True
        >>> quad = b"<http://example.org/a> <http://example.org/p> <http://example.org/b> <http://example.org/g> .\\n"
        >>> Dataset.parse(quad, ontology=False).graph_names()  # N-Quads bytes
        ['http://example.org/g']
        """
        engine = _engine(fmt)
        if isinstance(source, bytes) or (isinstance(source, str) and "\n" in source):
            data = source.encode("utf-8") if isinstance(source, str) else source
            engine = engine or ox.RdfFormat.N_QUADS
            return cls._from_parsed(_parsed(engine, "", input=data), "", ontology=ontology)
        path = Path(source)
        engine = engine or _engine_of_path(path)
        base = path.resolve().as_uri()  # relative IRIs in a file resolve against it, as rdflib's do
        where = f"{path}: "
        return cls._from_parsed(_parsed(engine, where, path=str(path), base_iri=base), where, ontology=ontology)

    @classmethod
    def _from_parsed(cls, quads: list[ox.Quad], where: str, *, ontology: bool) -> Dataset:
        """A dataset of parsed quads: by their named graphs where they have any, else one unnamed graph.
        A blank node or triple term is refused (with ``where``, the file's path and a colon, first)."""
        from ..errors import ValidationInputError

        for quad in quads:
            for term in (quad.subject, quad.object, quad.graph_name):
                if isinstance(term, (ox.BlankNode, ox.Triple)):
                    kind = "blank node" if isinstance(term, ox.BlankNode) else "triple term"
                    raise ValidationInputError(
                        f"{where}a {kind} in the data: every node of a jointvision dataset has an IRI"
                    )
        if any(not isinstance(q.graph_name, ox.DefaultGraph) for q in quads):
            return cls.from_quads(quads, ontology=ontology)
        dataset = cls.from_quads([], ontology=ontology)
        dataset._store.bulk_extend(quads)
        return dataset

    # ------------------------------------------------------------ reading it
    @property
    def store(self) -> ox.Store:
        """The pyoxigraph store (read it; do not change it)."""
        return self._store

    def graph_names(self) -> list[str]:
        """Every named graph, sorted: the sources' and the ontology's."""
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def source_graphs(self) -> list[str]:
        """The named graphs of sources (every one but the ontology's), sorted."""
        return [g for g in self.graph_names() if g.startswith(GRAPHS)]

    def language_tags(self) -> frozenset[str]:
        """The language tags of the literals of the sources' graphs (of the
        data, for a dataset of one unnamed graph), lower-cased, and "" where
        an rdfs:label has none: the languages its pages offer. Read from the
        lines where :meth:`from_nquads` made the dataset, else asked of the
        engine; once either way."""
        if self._tags is None:
            self._tags = self._asked_tags()
        return self._tags

    def _asked_tags(self) -> frozenset[str]:
        """:meth:`language_tags`, asked of the store."""
        sources = self.source_graphs()
        if not sources:
            return frozenset(
                (t.object.language or "").lower()
                for t in self.triples()
                if isinstance(t.object, ox.Literal) and (t.object.language or t.predicate.value == RDFS_LABEL)
            )
        graphs = "VALUES ?g { " + " ".join(f"<{g}>" for g in sources) + " }"
        found = {
            row["l"].value.lower()
            for row in select(
                self._store,
                f"SELECT DISTINCT (LANG(?o) AS ?l) WHERE {{ {graphs} GRAPH ?g {{ ?s ?p ?o }} FILTER (isLiteral(?o)) }}",
            )
        }
        found.discard("")  # a literal without a tag counts only as a label's (below)
        untagged = f'ASK {{ {graphs} GRAPH ?g {{ ?s <{RDFS_LABEL}> ?o }} FILTER (isLiteral(?o) && LANG(?o) = "") }}'
        if bool(self._store.query(untagged)):
            found.add("")
        return frozenset(found)

    def quads(self, graph: str | None = None) -> list[ox.Quad]:
        """The named graphs' quads (of one graph, if named), sorted by
        graph, then triple: the order of the TriG and N-Quads downloads."""
        if ("quads", graph) not in self._sorted:
            name = ox.NamedNode(graph) if graph is not None else None
            found = [
                q
                for q in self._store.quads_for_pattern(None, None, None, name)
                if not isinstance(q.graph_name, ox.DefaultGraph)
            ]
            self._sorted[("quads", graph)] = sorted(found, key=quad_key)
        return list(self._sorted[("quads", graph)])

    def triples(self, graph: str | None = None) -> list[ox.Triple]:
        """The data, sorted: the union of the source graphs without the
        ontology (for one unnamed graph, that graph), or one named graph."""
        if ("triples", graph) not in self._sorted:
            self._sorted[("triples", graph)] = self._triples(graph)
        return list(self._sorted[("triples", graph)])

    def _triples(self, graph: str | None) -> list[ox.Triple]:
        if graph is not None:
            return sorted(
                (q.triple for q in self._store.quads_for_pattern(None, None, None, ox.NamedNode(graph))), key=triple_key
            )
        sources = self.source_graphs()
        if sources:
            found = {
                q.triple
                for name in sources
                for q in self._store.quads_for_pattern(None, None, None, ox.NamedNode(name))
            }
        else:
            ontology = {q.triple for q in self._store.quads_for_pattern(None, None, None, _ONTOLOGY)}
            found = {
                q.triple
                for q in self._store.quads_for_pattern(None, None, None, ox.DefaultGraph())
                if q.triple not in ontology
            }
        return sorted(found, key=triple_key)

    def graphs_of(self) -> dict[ox.Triple, list[str]]:
        """For each triple of the data, the source graphs that hold it."""
        found: dict[ox.Triple, list[str]] = {}
        for name in self.source_graphs():
            for quad in self._store.quads_for_pattern(None, None, None, ox.NamedNode(name)):
                found.setdefault(quad.triple, []).append(name)
        return found

    def provenance(self) -> dict[tuple, tuple[str, ...]]:
        """For each triple of the data, as rdflib terms (the triples of
        :meth:`to_rdflib`), the source graphs that state it, sorted."""
        from .terms import from_ox

        return {
            (from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)): tuple(sorted(graphs))
            for t, graphs in self.graphs_of().items()
        }

    def sizes(self) -> dict[str, int]:
        """Triples per graph: ``""`` for the default graph (the union, with
        the ontology), then each named graph."""
        # counted by the engine: no Python object per quad
        counted = {
            str(row["g"].value) if row["g"] is not None else "": int(row["n"].value)
            for row in select(
                self._store,
                "SELECT ?g (COUNT(*) AS ?n) WHERE { { GRAPH ?g { ?s ?p ?o } } UNION { ?s ?p ?o } } GROUP BY ?g",
            )
        }
        return {"": counted.get("", 0), **{name: counted.get(name, 0) for name in self.graph_names()}}

    def __len__(self) -> int:
        """Triples of the data (the union of the sources, no ontology)."""
        sources = self.source_graphs()
        if not sources:
            return len(self.triples())
        graphs = " ".join(f"<{g}>" for g in sources)
        found = select(
            self._store,
            "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { "
            f"VALUES ?g {{ {graphs} }} GRAPH ?g {{ ?s ?p ?o }} }} }}",
        )
        return int(next(iter(found))["n"].value)

    def to_rdflib(self, graph: str | None = None):
        """The data (or one named graph) as an :class:`rdflib.Graph`, with
        the project's prefixes bound: for pySHACL, networkx and notebooks."""
        from rdflib import Graph

        from .iris import PREFIXES
        from .terms import from_ox

        out = Graph(bind_namespaces="none")
        for prefix, iri in PREFIXES.items():
            out.bind(prefix, iri)
        add = out.add
        for t in self.triples(graph):
            add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
        return out

    def dump(self) -> bytes:
        """The whole store as N-Quads, the default graph included (for the
        server's workers, which load it as it is)."""
        return dumped(self._store, ox.RdfFormat.N_QUADS)


def _load_in_order(store: ox.Store, chunks: Iterable[bytes]) -> None:
    """Load N-Quads chunks into ``store`` in order, each on a thread of its
    own while the next is made (one load at a time: each waits for the one
    before); where no thread can be had, here. A load's error is raised
    here, once the next chunk is made."""
    import threading

    failed: list[BaseException] = []

    def load(chunk: bytes) -> None:
        try:
            store.load(chunk, format=ox.RdfFormat.N_QUADS)
        except BaseException as exc:  # raised by the caller's thread, below
            failed.append(exc)

    loading: threading.Thread | None = None
    for chunk in chunks:
        if loading is not None:
            loading.join()
        if failed:
            raise failed[0]
        loading = threading.Thread(target=load, args=(chunk,), name="jointvision-load")
        try:
            loading.start()
        except RuntimeError:  # no thread to be had (a limit on threads or processes)
            loading = None
            load(chunk)
    if loading is not None:
        loading.join()
    if failed:
        raise failed[0]


def as_dataset(data, *, ontology: bool = True) -> Dataset:
    """A :class:`Dataset` as it is; an rdflib graph as one unnamed graph
    (with the ontology's graph beside it, unless ``ontology`` is false)."""
    return data if isinstance(data, Dataset) else Dataset.from_graph(data, ontology=ontology)
