"""Comparing two datasets: which statements one has that the other lacks,
per source graph and per entity.

Each side may be a folder of downloads (``jointvision build`` writes
``jointvision.nq`` into it), a TriG or N-Quads file, or fact files (a file
or a folder of them, built first). Two datasets are compared as sets of
quads, so the order of files or statements does not matter; the ontology's
graph counts like any other.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..errors import ValidationInputError
from .dataset import Dataset, quad_key
from .iris import DATA, PREFIXES, compact_iri
from .typed import value_of


def _checked(quads, path: Path) -> list[ox.Quad]:
    """The quads of a file, refused with one message if a term cannot be
    compared by name (a blank node, an RDF 1.2 triple term)."""
    for quad in quads:
        for term in (quad.subject, quad.object, quad.graph_name):
            if isinstance(term, ox.BlankNode):
                raise ValidationInputError(
                    f"{path}: holds a blank node (_:{term.value}); a diff compares "
                    "statements by name, and jointvision datasets have none"
                )
            if isinstance(term, ox.Triple):
                raise ValidationInputError(f"{path}: holds an RDF 1.2 triple term, which jointvision cannot compare")
    return list(quads)


def load_dataset(path: Path) -> tuple[list[ox.Quad], str]:
    """The quads at ``path`` and a short description of what was read: a
    file's quads as they are (its default graph included), a build's named
    graphs (the union it stores as its default graph is left out)."""
    import os

    from ..source.loader import find_source_files, load_sources
    from .build import dataset_from_sources
    from .validate import read_rdf_quads

    path = Path(path)
    try:
        os.lstat(path)
    except FileNotFoundError:
        raise ValidationInputError(f"{path}: no such file or folder") from None
    except (OSError, ValueError) as exc:
        raise ValidationInputError(f"{path}: cannot read it: {getattr(exc, 'strerror', None) or exc}") from None
    if path.is_dir():
        for name in ("jointvision.nq", "jointvision.trig"):
            if (path / name).is_file():
                return _checked(read_rdf_quads(path / name), path / name), f"{path / name}"
        files = find_source_files(path)
        return dataset_from_sources(load_sources(files)).quads(), f"{path} ({len(files)} fact file(s))"
    if path.suffix.lower() in {".yaml", ".yml"}:
        return dataset_from_sources(load_sources(path)).quads(), str(path)
    if path.suffix.lower() not in {".nq", ".trig"}:
        raise ValidationInputError(
            f"{path}: expected a folder of downloads, a TriG or N-Quads file (.trig, .nq), or fact files (.yaml)"
        )
    return _checked(read_rdf_quads(path), path), str(path)


@dataclass(frozen=True)
class DatasetDiff:
    """What :func:`diff_datasets` found: the quads only the first dataset
    holds (``removed``) and those only the second holds (``added``).

    >>> DatasetDiff(removed=(), added=()).same
    True
    """

    removed: tuple[ox.Quad, ...]  # in A, not in B
    added: tuple[ox.Quad, ...]  # in B, not in A

    @property
    def same(self) -> bool:
        """Whether the two datasets hold the same quads."""
        return not self.removed and not self.added

    def graphs(self) -> list[str]:
        """The names of the graphs that differ, sorted ("" for the default graph)."""
        return sorted({_graph_name(q) for q in self.removed + self.added})


def _graph_name(quad: ox.Quad) -> str:
    return quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else ""


def diff_datasets(a, b) -> DatasetDiff:
    """The quads of ``a`` missing from ``b`` and the reverse, each sorted by
    graph, then triple. Each side is a :class:`Dataset` (its named graphs)
    or a list of quads."""
    left = set(a.quads() if isinstance(a, Dataset) else a)
    right = set(b.quads() if isinstance(b, Dataset) else b)
    return DatasetDiff(tuple(sorted(left - right, key=quad_key)), tuple(sorted(right - left, key=quad_key)))


def _short(term) -> str:
    if isinstance(term, ox.NamedNode):
        return compact_iri(term.value, PREFIXES) or f"<{term.value}>"
    if isinstance(term, ox.Literal):
        text = str(term)
        if term.datatype is not None and term.datatype.value.startswith(PREFIXES["xsd"]):
            short = compact_iri(term.datatype.value, PREFIXES) or f"<{term.datatype.value}>"
            text = text.replace(f"<{term.datatype.value}>", short)
        return text
    return str(term)


def owner(subject) -> str:
    """The entity a statement is about: a derived node (``x_quantity``) or an
    evidence node (``source_12-40``) counts under the entity or source whose
    identifier it starts with."""
    value = subject.value
    if value.startswith(DATA):
        return DATA + value[len(DATA) :].split("_", 1)[0]
    return value


def format_table(diff: DatasetDiff, a_name: str, b_name: str) -> str:
    """A readable diff: per graph, per entity, ``-`` for statements only in A
    and ``+`` for those only in B."""
    lines = [f"--- A: {a_name}", f"+++ B: {b_name}"]
    if diff.same:
        lines.append("the datasets hold the same statements")
        return "\n".join(lines) + "\n"
    lines.append(
        f"{len(diff.removed)} statement(s) only in A, {len(diff.added)} only in B, in {len(diff.graphs())} graph(s)"
    )
    changes: dict[str, dict[str, list[tuple[tuple, str, ox.Quad]]]] = {}
    for sign, quads in (("-", diff.removed), ("+", diff.added)):
        for quad in quads:
            entity = owner(quad.subject)
            changes.setdefault(_graph_name(quad), {}).setdefault(entity, []).append((quad_key(quad), sign, quad))
    for graph in sorted(changes):
        entities = changes[graph]
        minus = sum(1 for rows in entities.values() for _, sign, _ in rows if sign == "-")
        plus = sum(1 for rows in entities.values() for _, sign, _ in rows if sign == "+")
        lines.append("")
        name = f"graph {_short(ox.NamedNode(graph))}" if graph else "the default graph"
        lines.append(f"{name}: {minus} only in A, {plus} only in B")
        for entity in sorted(entities):
            lines.append(f"  {_short(ox.NamedNode(entity))}")
            for _, sign, quad in sorted(entities[entity], key=lambda row: (row[0], row[1])):
                subject = "" if value_of(quad.subject) == entity else f"{_short(quad.subject)} "
                lines.append(f"    {sign} {subject}{_short(quad.predicate)} {_short(quad.object)}")
    return "\n".join(lines) + "\n"


def format_nquads(diff: DatasetDiff, a_name: str, b_name: str) -> bytes:
    """The diff as N-Quads: the statements only in A under a ``# only in A``
    comment, then those only in B; each line a valid N-Quads statement."""

    def safe(text: str) -> str:
        # one comment line, whatever the name holds (a file name need not be UTF-8)
        text = text.encode("utf-8", "backslashreplace").decode("utf-8")
        return " ".join(text.replace("\x85", " ").replace("\u2028", " ").replace("\u2029", " ").split())

    out = [
        f"# jointvision diff\n# A: {safe(a_name)}\n# B: {safe(b_name)}\n".encode(),
        f"# only in A ({len(diff.removed)} statements)\n".encode(),
    ]
    out.append(ox.serialize(list(diff.removed), format=ox.RdfFormat.N_QUADS) or b"")
    out.append(f"# only in B ({len(diff.added)} statements)\n".encode())
    out.append(ox.serialize(list(diff.added), format=ox.RdfFormat.N_QUADS) or b"")
    return b"".join(out)
