"""What ``serve`` says of the data's size, recorded when the store is kept,
so that a server counts nothing when it starts.

A build that keeps the dataset as an on-disk store (``rdf.cache``) records
beside it, in ``<store>.statistics.json`` (:func:`record_statistics`), what
the endpoint would otherwise count: the triples of every graph (for
``/version`` and the service description), the data's own triples (the
union of the sources, for ``serve``'s first line) and the statistics of the
VoID description (``outputs.void.statistics``). The record names its store
and the SHA-256 the store was kept with (the manifest's, and the one its
first reader checked), so a record is only ever read for the very store it
describes.

Without a record (a store kept by a build that did not write one, data
built in memory, extra ``--graph`` files), :class:`Sizes` counts when a
size is first asked for, once, and ``serve`` starts without counting.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: Bumped when a record changes shape; a record of another format is not read.
RECORD_FORMAT = 1
SUFFIX = ".statistics.json"


@dataclass(frozen=True)
class Recorded:
    """A record of one store: triples per graph (``""`` the default graph),
    the data's own triples, and the VoID statistics as plain values (see
    :func:`void_statistics`)."""

    sizes: dict[str, int]
    triples: int
    void: dict[str, Any]


# --------------------------------------------------------------------------- counting and recording


def counted(dataset: Any, stats: Any = None, triples: int | None = None) -> dict[str, Any]:
    """Everything a record holds, counted by the engine on ``dataset``
    (but for what the caller counted already: its VoID ``stats``, its
    ``triples``, as a build has them)."""
    from ..outputs.void import statistics

    stats = statistics(dataset) if stats is None else stats
    return {
        "sizes": stats.graph_sizes,  # the default graph's from the totals, each named graph's its own
        "triples": len(dataset) if triples is None else triples,
        "void": {
            "totals": dict(stats.totals),
            "classes": [[c.value, n] for c, n in stats.classes],
            "properties": [[p.value, n] for p, n in stats.properties],
            "sources": {g: [str(source), str(label)] for g, (source, label) in stats.sources.items()},
            "sizes": dict(stats.sizes),
        },
    }


def record_statistics(
    dataset: Any,
    files: Iterable[Path],
    root: Path | None,
    stats: Any = None,
    triples: int | None = None,
    kept: tuple[Path, str] | None = None,
) -> None:
    """Record the statistics of the store just kept for these fact files in
    the cache ``root`` (the one call a build makes after ``rdf.cache.save``,
    with the ``stats`` and ``triples`` its downloads counted, and ``kept``:
    the store its save left holding the dataset, with the digest bound to
    it; else the store the manifest names now); nothing if caching is off,
    no store is kept for them, or the cache cannot be written (``serve``
    then counts when asked). A record names its store and that digest, so
    it is read for no other store, even one kept since by another build."""
    found = kept if kept is not None else _kept_store(files, root)
    if found is None:
        return
    location, digest = found
    record = {
        "format": RECORD_FORMAT,
        "store": location.name,
        "store_sha256": digest,
        **counted(dataset, stats, triples),
    }
    _write(location.with_name(location.name + SUFFIX), record)
    _tidy(location.parent)


def _kept_store(files: Iterable[Path], root: Path | None) -> tuple[Path, str] | None:
    """The store the cache keeps for these fact files, and its digest, from
    the manifest that names them."""
    from ..rdf.cache import spelled

    if root is None:
        return None
    wanted = [spelled(f) for f in files]
    try:
        manifests = list(root.glob("*/manifest.json"))
    except OSError:
        return None
    for path in manifests:
        manifest = _json(path)
        if isinstance(manifest, dict) and manifest.get("files") == wanted:
            store, digest = manifest.get("store"), manifest.get("store_sha256")
            if isinstance(store, str) and isinstance(digest, str) and (path.parent / store).is_dir():
                return path.parent / store, digest
    return None


def _write(path: Path, content: dict) -> None:
    """Replace ``path`` in one step; a cache one may not write is left as it is."""
    fresh = path.with_name(f"{path.name}.{os.getpid()}")
    try:
        fresh.write_text(json.dumps(content), encoding="utf-8")
        os.replace(fresh, path)
    except OSError:
        fresh.unlink(missing_ok=True)


def _tidy(folder: Path) -> None:
    """Remove the records of stores that are gone (superseded and removed)."""
    try:
        for record in folder.glob(f"store-*{SUFFIX}"):
            if not record.with_name(record.name[: -len(SUFFIX)]).is_dir():
                record.unlink(missing_ok=True)
    except OSError:
        pass


# --------------------------------------------------------------------------- reading


def _json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def read_record(location: str | os.PathLike[str] | None) -> Recorded | None:
    """The record of the store at ``location``, if there is one for exactly
    that store (its name, and the digest its manifest or its first reader
    bound it to) and of this format; else None."""
    if not location:
        return None
    store = Path(location)
    record = _json(store.with_name(store.name + SUFFIX))
    if not isinstance(record, dict) or record.get("format") != RECORD_FORMAT or record.get("store") != store.name:
        return None
    if record.get("store_sha256") not in _digests_of(store):
        return None
    try:
        return _recorded(record)
    except (KeyError, TypeError, ValueError):
        return None


def _digests_of(store: Path) -> set[str]:
    """The digests the store is known by: its manifest's, while the manifest
    names it, and its first reader's note (``rdf.cache``, ``.verified``)."""
    found = set()
    manifest = _json(store.parent / "manifest.json")
    if isinstance(manifest, dict) and manifest.get("store") == store.name:
        found.add(manifest.get("store_sha256"))
    verified = _json(store.with_name(store.name + ".verified"))
    if isinstance(verified, dict) and verified.get("store") == store.name:
        found.add(verified.get("sha256"))
    return {d for d in found if isinstance(d, str)}


def _recorded(record: dict) -> Recorded:
    sizes, triples, void = record["sizes"], record["triples"], record["void"]
    if not (isinstance(sizes, dict) and all(isinstance(k, str) and type(v) is int for k, v in sizes.items())):
        raise ValueError("sizes")
    if type(triples) is not int or not isinstance(void, dict):
        raise ValueError("triples")
    return Recorded(dict(sizes), triples, void)


def void_statistics(void: Mapping[str, Any]) -> Any:
    """The ``outputs.void.Statistics`` a record holds (the description made
    from it is the one the counted statistics make)."""
    import pyoxigraph as ox

    from ..outputs.void import Statistics

    return Statistics(
        totals={k: int(void["totals"][k]) for k in "tsop"},
        classes=[(ox.NamedNode(c), int(n)) for c, n in void["classes"]],
        properties=[(ox.NamedNode(p), int(n)) for p, n in void["properties"]],
        sources={g: (_term(source), _term(label)) for g, (source, label) in void["sources"].items()},
        sizes={g: int(n) for g, n in void["sizes"].items()},
    )


def _term(text: str) -> Any:
    """An RDF term from its N-Triples form."""
    import pyoxigraph as ox

    (triple,) = ox.parse(f"<urn:x:s> <urn:x:p> {text} .".encode(), format=ox.RdfFormat.N_TRIPLES)
    return triple.object


# --------------------------------------------------------------------------- the sizes the endpoint shows


class Sizes(dict[str, int]):
    """Triples per graph (``""`` the default graph), as the endpoint shows
    them: its graphs are known at once, their sizes are counted when first
    asked for (once, whoever asks first; the others wait), unless a record
    gave them."""

    def __init__(self, names: Iterable[str], count: Callable[[], Mapping[str, int]]):
        super().__init__(dict.fromkeys(names, 0))
        self._count: Callable[[], Mapping[str, int]] | None = count
        self._lock = threading.Lock()

    @classmethod
    def known(cls, sizes: Mapping[str, int]) -> Sizes:
        """Sizes known already (recorded)."""
        made = cls(sizes, dict)
        made._counted(sizes)
        return made

    @property
    def ready(self) -> bool:
        """Whether the sizes are known (counted or recorded)."""
        return self._count is None

    def _counted(self, sizes: Mapping[str, int]) -> None:
        for name in list(dict.keys(self)):
            dict.__setitem__(self, name, int(sizes.get(name, 0)))
        self._count = None

    def _known(self) -> None:
        if self._count is None:
            return
        with self._lock:
            if self._count is not None:
                self._counted(self._count())

    def __getitem__(self, name: str) -> int:
        self._known()
        return dict.__getitem__(self, name)

    def get(self, name: str, default: Any = None) -> Any:
        self._known()
        return dict.get(self, name, default)

    def __iter__(self) -> Iterator[str]:  # not dict's own: a copy then reads through __getitem__
        return iter(list(dict.keys(self)))

    def items(self):
        self._known()
        return dict.items(self)

    def values(self):
        self._known()
        return dict.values(self)

    def __repr__(self) -> str:
        return f"Sizes({dict(self.items())!r})" if self.ready else f"Sizes({list(self)!r}, not counted yet)"
