"""The downloads written by ``jointvision build`` and offered by ``serve``,
made from the table of :mod:`~jointvision.outputs.registry`: the dataset as
TriG and N-Quads (a named graph per source, and the ontology's), the merged
graph as Turtle, JSON-LD and N-Triples, the ontology (as Turtle, and as a
page to read) and shapes, the map and the commitments page, the fact
network, the dataset's VoID and DCAT description, and a README saying what
each file is. All are made in memory first and written atomically."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from ..files import replace_folder
from ..rdf.dataset import Dataset, as_dataset
from .registry import DESCRIPTIONS, GROUPS, OUTPUTS, Context, names, outputs_of


def export_files(data, outputs: Sequence[str] = GROUPS, notes: list[str] | None = None) -> dict[str, bytes]:
    """Every download of the chosen groups (:data:`~.registry.GROUPS`; the
    RDF files always), by file name, byte-identical for the same dataset.
    The map and the fact network are the costly ones on large graphs; past
    :data:`~jointvision.outputs.network.MAP_NODE_LIMIT` facts the map is a
    summary, and a sentence saying so is added to ``notes``. ``data`` may be
    a :class:`~.registry.Context` (its ``notes`` are used): what it has made
    or counted is reused, and what the downloads make is left in it (a build
    then records the counts beside the store it keeps)."""
    unknown = [name for name in outputs if name not in GROUPS]
    if unknown:
        raise ValueError(f"unknown output {unknown[0]!r}; expected some of {', '.join(GROUPS)}")
    from ..progress import step

    context = data if isinstance(data, Context) else Context(as_dataset(data), notes)
    context.count_ahead()  # for the VoID and the README, counted while the other downloads are made
    groups = [g for g in GROUPS if g == "rdf" or g in outputs]
    with step("writing downloads", len(groups)) as advance:
        context.rdf  # noqa: B018 - begun: a large graph's TriG, Turtle and JSON-LD are written meanwhile elsewhere
        # the RDF files last, and the data's own last of them: those other processes write are waited for last
        for group in sorted(groups, key=lambda g: g == "rdf"):
            for output in sorted(outputs_of(group), key=lambda o: o.data_dump):
                context.make(output)
            advance(1)
    for output in sorted(outputs_of(DESCRIPTIONS), key=lambda o: o.name != "void.ttl"):  # the VoID first
        context.make(output)
    return dict(context.made)


def write_exports(
    data, out_dir: Path, outputs: Sequence[str] = GROUPS, notes: list[str] | None = None
) -> dict[str, bytes]:
    """Replace ``out_dir`` with a folder of the chosen downloads, atomically:
    a build killed at any moment leaves the old downloads or the new ones,
    never a mix (``files.replace_folder``). Returns what was written."""
    files = export_files(data, outputs, notes)
    replace_folder(Path(out_dir), files, ours=names())
    return files


class Downloads(Mapping):
    """Every download of a dataset, each made the first time it is asked
    for, then kept (what ``serve`` offers: a server of a million triples
    starts in a moment, and pays for the map only if someone opens it). A
    description (the VoID, the README) makes every other download first.
    Safe to read from several threads."""

    def __init__(self, data: Dataset):
        self._context = Context(as_dataset(data))
        self._lock = threading.Lock()

    def __getitem__(self, name: str) -> bytes:
        output = OUTPUTS.get(name)
        if output is None:
            raise KeyError(name)
        with self._lock:
            if output.group == DESCRIPTIONS:
                for other in outputs_of(*GROUPS):
                    self._context.make(other)
            return self._context.make(output)

    def __contains__(self, name: object) -> bool:
        return name in OUTPUTS

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(OUTPUTS))

    def __len__(self) -> int:
        return len(OUTPUTS)
