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
from .namespaces import DATA, PREFIXES
from .terms import compact_iri


def load_dataset(path: Path) -> tuple[Dataset, str]:
    """The dataset at ``path`` and a short description of what was read."""
    from ..source.loader import find_source_files, load_sources
    from .build import dataset_from_sources
    from .validate import read_rdf_quads

    path = Path(path)
    if path.is_dir():
        for name in ("jointvision.nq", "jointvision.trig"):
            if (path / name).is_file():
                return Dataset.from_quads(read_rdf_quads(path / name), ontology=False), f"{path / name}"
        files = find_source_files(path)
        return dataset_from_sources(load_sources(files)), f"{path} ({len(files)} fact file(s))"
    if path.suffix.lower() in {".yaml", ".yml"}:
        return dataset_from_sources(load_sources(path)), str(path)
    if path.suffix.lower() not in {".nq", ".trig"}:
        raise ValidationInputError(f"{path}: expected a folder of downloads, a TriG or N-Quads file (.trig, .nq), "
                                   "or fact files")
    return Dataset.from_quads(read_rdf_quads(path), ontology=False), str(path)


@dataclass(frozen=True)
class DatasetDiff:
    removed: tuple[ox.Quad, ...]  # in A, not in B
    added: tuple[ox.Quad, ...]  # in B, not in A

    @property
    def same(self) -> bool:
        return not self.removed and not self.added

    def graphs(self) -> list[str]:
        return sorted({q.graph_name.value for q in self.removed + self.added})


def diff_datasets(a: Dataset, b: Dataset) -> DatasetDiff:
    """The named-graph quads of ``a`` missing from ``b`` and the reverse,
    each sorted by graph, then triple."""
    left, right = set(a.quads()), set(b.quads())
    return DatasetDiff(tuple(sorted(left - right, key=quad_key)), tuple(sorted(right - left, key=quad_key)))


def _short(term) -> str:
    if isinstance(term, ox.NamedNode):
        return compact_iri(term.value, PREFIXES) or f"<{term.value}>"
    if isinstance(term, ox.Literal):
        text = str(term)
        if term.datatype is not None and term.datatype.value.startswith(PREFIXES["xsd"]):
            text = text.replace(f"<{term.datatype.value}>", compact_iri(term.datatype.value, PREFIXES))
        return text
    return str(term)


def owner(subject) -> str:
    """The entity a statement is about: a derived node (``x_quantity``) or an
    evidence node (``source_12-40``) counts under the entity or source whose
    identifier it starts with."""
    value = subject.value
    if value.startswith(DATA):
        return DATA + value[len(DATA):].split("_", 1)[0]
    return value


def format_table(diff: DatasetDiff, a_name: str, b_name: str) -> str:
    """A readable diff: per graph, per entity, ``-`` for statements only in A
    and ``+`` for those only in B."""
    lines = [f"--- A: {a_name}", f"+++ B: {b_name}"]
    if diff.same:
        lines.append("the datasets hold the same statements")
        return "\n".join(lines) + "\n"
    lines.append(f"{len(diff.removed)} statement(s) only in A, {len(diff.added)} only in B, "
                 f"in {len(diff.graphs())} graph(s)")
    changes: dict[str, dict[str, list[tuple[tuple, str, ox.Quad]]]] = {}
    for sign, quads in (("-", diff.removed), ("+", diff.added)):
        for quad in quads:
            entity = owner(quad.subject)
            changes.setdefault(quad.graph_name.value, {}).setdefault(entity, []).append(
                (quad_key(quad), sign, quad))
    for graph in sorted(changes):
        entities = changes[graph]
        minus = sum(1 for rows in entities.values() for _, sign, _ in rows if sign == "-")
        plus = sum(1 for rows in entities.values() for _, sign, _ in rows if sign == "+")
        lines.append("")
        lines.append(f"graph {_short(ox.NamedNode(graph))}: {minus} only in A, {plus} only in B")
        for entity in sorted(entities):
            lines.append(f"  {_short(ox.NamedNode(entity))}")
            for _, sign, quad in sorted(entities[entity], key=lambda row: (row[0], row[1])):
                subject = "" if quad.subject.value == entity else f"{_short(quad.subject)} "
                lines.append(f"    {sign} {subject}{_short(quad.predicate)} {_short(quad.object)}")
    return "\n".join(lines) + "\n"


def format_nquads(diff: DatasetDiff, a_name: str, b_name: str) -> bytes:
    """The diff as N-Quads: the statements only in A under a ``# only in A``
    comment, then those only in B; each line a valid N-Quads statement."""
    def safe(text: str) -> str:
        return " ".join(text.split())

    out = [f"# jointvision diff\n# A: {safe(a_name)}\n# B: {safe(b_name)}\n".encode("utf-8"),
           f"# only in A ({len(diff.removed)} statements)\n".encode()]
    out.append(ox.serialize(list(diff.removed), format=ox.RdfFormat.N_QUADS))
    out.append(f"# only in B ({len(diff.added)} statements)\n".encode())
    out.append(ox.serialize(list(diff.added), format=ox.RdfFormat.N_QUADS))
    return b"".join(out)
