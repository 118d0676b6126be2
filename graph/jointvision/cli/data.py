"""Which data a command works on: the fact files given with ``--data``, else
the project's sources, else the embedded example; read from the store the
last build kept where it is still good, else built and kept for the next
command. Each says on standard error (a note) which data it read.

Opening a kept store imports neither the YAML reader nor YAML: the fact
files are found, and the note written, by the small copies below of
``source.loader.find_source_files`` and ``source.project.describe_data``
(tests hold each to its original), since the modules those live in import
YAML as they load. A project file is read with YAML once, and what it says
noted in the cache; later commands take the note while the file's bytes
are the same and its sources folders are there.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path
from typing import Any, NamedTuple

from ..resources import DEFAULT_DATA
from .group import note

Paths = tuple[Path, ...]

#: The project file (``source.loader.PROJECT_MARKER``), never a fact file.
PROJECT_MARKER = "jointvision-project.yaml"


def where(data: Paths, noted: bool = False) -> tuple[list[Path] | None, Any]:
    """The paths a command reads (``--data``, else the project's sources,
    else None for the embedded example) and the project, if any: a
    ``source.project.Project``, or with ``noted`` possibly the cache's
    :class:`Noted` of it (no YAML read)."""
    if data:
        return list(data), None
    marker = project_file()
    if marker is None:
        return None, None
    project = project_of(marker, noted)
    return list(project.sources), project


class Noted(NamedTuple):
    """A project as the cache's note of its file says (``source.project.Project``'s fields)."""

    root: Path
    sources: tuple[Path, ...]
    exports: Path

    @property
    def marker(self) -> Path:
        """The project file."""
        return self.root / PROJECT_MARKER


def project_of(marker: Path, noted: bool = True) -> Any:
    """The project of the project file ``marker``: with ``noted``, as the
    cache noted it if the file's bytes are those noted and every sources
    folder is there; else read (``source.project.read_project``, with YAML:
    it says what is wrong with the file) and noted for the next command."""
    from ..files import InputFileError, read_input
    from ..rdf.cache import cache_root, recall, remember, spelled

    root = cache_root(marker.parent)
    name = "project-" + hashlib.sha256(spelled(marker).encode("utf-8", "surrogateescape")).hexdigest()[:24]
    try:
        digest: str | None = hashlib.sha256(read_input(marker, max_bytes=100_000)).hexdigest()
    except InputFileError:
        digest = None
    known = _noted(marker.parent, recall(root, name), digest) if noted and digest else None
    if known is not None:
        return known
    from ..source.project import read_project

    project = read_project(marker)
    if digest is not None:
        remember(root, name, {"sha256": digest, **_relative(project)})
    return project


def _noted(root: Path, says: dict | None, digest: str | None) -> Noted | None:
    """The project a note says, if it was written for a file of this digest
    and every sources folder it names is there."""
    if says is None or says.get("sha256") != digest:
        return None
    sources, exports = says.get("sources"), says.get("exports")
    if not (isinstance(sources, list) and sources and all(isinstance(x, str) for x in sources)):
        return None
    if not isinstance(exports, str):
        return None
    project = Noted(root, tuple(root / x for x in sources), root / exports)
    return project if all(os.path.exists(x) for x in project.sources) else None


def _relative(project: Any) -> dict:
    """A project's folders as written beside its root (absolute if they lie elsewhere)."""

    def shown(path: Path) -> str:
        try:
            return str(path.relative_to(project.root))
        except ValueError:
            return str(path)

    return {"sources": [shown(s) for s in project.sources], "exports": shown(project.exports)}


def project_file(start: Path | None = None) -> Path | None:
    """The project file of ``start`` (default: the current folder) or of the
    nearest folder above it, looked for as ``source.project.find_project``
    does, but without reading it."""
    here = Path(start or Path.cwd()).absolute()
    for folder in (here, *here.parents):
        marker = folder / PROJECT_MARKER
        try:
            if marker.is_file():
                return marker
        except OSError:  # an unreadable folder on the way up: no project there
            continue
    return None


def fact_files(paths: list[Path] | None) -> list[Path] | None:
    """The fact files ``source.loader.find_source_files`` finds for
    ``paths`` (None: the embedded data), in its order; None wherever it
    would raise (a path missing or unreadable, a folder holding no fact
    file), so that the caller asks it, for its error."""
    files: list[Path] = []
    for item in paths if paths is not None else [DEFAULT_DATA]:
        path = Path(item)
        try:
            if not stat.S_ISDIR(os.stat(path).st_mode):
                files.append(path)
                continue
            found = sorted(
                p
                for p in path.iterdir()
                if p.suffix in {".yaml", ".yml"} and not p.name.startswith(".") and p.name != PROJECT_MARKER
            )
        except (OSError, ValueError):
            return None
        if not found:
            return None
        files.extend(found)
    unique: dict[str, Path] = {}  # a file named twice (a folder and a file in it) is read once
    for path in files:
        unique.setdefault(os.path.realpath(path), path)
    return list(unique.values())


def described(paths: list[Path] | None, files: list[Path], project: Any) -> str:
    """The line ``source.project.describe_data`` writes: which data a command read."""
    count = f"{len(files)} fact file{'s' if len(files) != 1 else ''}"
    names = ", ".join(p.name for p in files[:4]) + (f", and {len(files) - 4} more" if len(files) > 4 else "")
    if paths:
        return f"data: {', '.join(_shown(p) for p in paths)} ({count}: {names})"
    if project is not None:
        return f"data: the project in {project.root} ({count}: {names})"
    return (
        f"data: the embedded example, {_shown(DEFAULT_DATA)} ({count}: {names}); "
        "`jointvision init DIR` makes a project of your own"
    )


def _shown(path: Path) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return rel if not rel.startswith("../..") else str(path)


def sources(data: Paths) -> tuple[list, Any, list[str]]:
    """Read the fact files a command works on, note which, with a warning
    for each likely duplicate entity."""
    from ..source.loader import load_sources, possible_duplicates

    paths, project = where(data)
    read = load_sources(paths)
    _spare_from_collections()
    note(described(list(data) or None, [src.path for src in read], project))
    warnings = possible_duplicates(read)
    for warning in warnings:
        note(f"warning: {warning}")
    return read, project, warnings


def _spare_from_collections() -> None:
    """The entries just read live until the command ends: from here the
    cyclic collector leaves them (and all else made so far) out of its scans
    (``gc.freeze``), where each collection would walk every one of them
    again and free none (2 s of `find`'s 10 s at a million triples). They
    are handed back to it when the command's context closes; outside a
    command nothing changes."""
    import gc

    import click

    context = click.get_current_context(silent=True)
    if context is not None:
        gc.freeze()
        context.call_on_close(gc.unfreeze)


#: What a kept store is tied to: the fact files' paths, and every file read with its digest.
Keeping = tuple[list[Path], list[tuple[Path, str]]]


def keeping(read: list) -> Keeping:
    """What :func:`keep` needs of the fact files read: their paths, and each
    file read (fact files and source texts) with its digest. Small, so that
    a build can let the fact files' entries go before it writes."""
    inputs = [(s.path, s.file_sha256) for s in read] + [(s.path.parent / s.text_name, s.sha256) for s in read]
    return [s.path for s in read], inputs


def keep(dataset: Any, kept: Keeping, project: Any, warnings: list[str]) -> None:
    """Keep a freshly built dataset as the on-disk store of its fact files
    (``kept``: what :func:`keeping` took of them)."""
    from ..rdf.cache import cache_root, save

    files, inputs = kept
    problem = save(dataset, files, inputs, warnings, cache_root(project.root if project else None))
    if problem:
        note(f"note: {problem}")


class Meanwhile:
    """A dataset being kept on a thread of its own (``rdf.cache.Saving``)
    while the build goes on: :func:`keep_meanwhile`."""

    def __init__(self, dataset: Any, kept: Keeping, project: Any, warnings: list[str]):
        from ..rdf.cache import Saving, cache_root

        self._dataset, (self._files, inputs) = dataset, kept
        self._root = cache_root(project.root if project else None)
        self._saving = Saving(dataset, self._files, inputs, warnings, self._root, unfinished=True)

    def add(self, nquads: bytes) -> None:
        """The dataset is whole: the quads it gained since keeping began."""
        self._saving.add(nquads)

    def abandon(self) -> None:
        """The build failed before the dataset was whole: nothing is kept."""
        self._saving.abandon()

    def done(self, context: Any) -> None:
        """Wait for the store, say why it could not be kept, if so, and
        record beside it the statistics the downloads counted (``context``:
        their ``outputs.registry.Context``), so that ``serve`` counts nothing."""
        problem = self._saving.finish()
        if problem:
            note(f"note: {problem}")
        if self._saving.kept is not None:  # recorded for that very store, whatever another build kept since
            from ..server.statistics import record_statistics

            statistics, kept = context.statistics, self._saving.kept
            record_statistics(self._dataset, self._files, self._root, statistics, context.triples, kept=kept)


def keep_meanwhile(dataset: Any, kept: Keeping, project: Any, warnings: list[str]) -> Meanwhile:
    """Start keeping a dataset as :func:`keep` does, on a thread of its own,
    before it is whole: the build derives the statuses meanwhile, gives
    them with :meth:`Meanwhile.add` (or calls :meth:`Meanwhile.abandon`),
    writes its downloads, then waits with :meth:`Meanwhile.done`."""
    return Meanwhile(dataset, kept, project, warnings)


def kept(data: Paths) -> Any:
    """The store kept by the last build of the same, unchanged fact files
    (a ``rdf.cache.Cached``, opened read-only), noting which data it holds;
    None if there is none to trust. Neither YAML nor the RDF term modules
    are imported on the way."""
    from ..rdf.cache import cache_root, open_cached

    paths, project = where(data, noted=True)
    files = fact_files(paths)
    cached = open_cached(files, cache_root(project.root if project else None)) if files else None
    if cached is not None:
        note(described(list(data) or None, list(cached.files), project))
        for warning in cached.warnings:
            note(f"warning: {warning}")
    return cached


def built(data: Paths) -> Any:
    """The dataset built from the fact files now (and kept for the next command)."""
    from ..rdf.build import dataset_from_sources

    read, project, warnings = sources(data)
    dataset = dataset_from_sources(read)
    keep(dataset, keeping(read), project, warnings)
    return dataset


def dataset(data: Paths) -> Any:
    """The dataset a command works on: the store kept by the last build of
    the same, unchanged fact files if there is one (opened read-only), else
    built from them now (and kept for the next command)."""
    cached = kept(data)
    return cached.dataset if cached is not None else built(data)


def graph(data: Paths) -> Any:
    """The merged graph of the data, as an rdflib graph."""
    return dataset(data).to_rdflib()


def read_text(path: Path) -> str:
    """A source text given on the command line."""
    from ..errors import JointVisionError
    from ..files import InputFileError, read_input

    try:
        return read_input(path).decode("utf-8")
    except InputFileError as exc:
        raise JointVisionError(f"{path}: cannot be read: {exc}") from None
    except UnicodeDecodeError as exc:
        raise JointVisionError(f"{path}: not UTF-8 text (byte {exc.start})") from None
