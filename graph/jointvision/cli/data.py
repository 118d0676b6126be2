"""Which data a command works on: the fact files given with ``--data``, else
the project's sources, else the embedded example; read from the store the
last build kept where it is still good, else built and kept for the next
command. Each says on standard error (a note) which data it read."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .group import note

Paths = tuple[Path, ...]


def where(data: Paths) -> tuple[list[Path] | None, Any]:
    """The paths a command reads (``--data``, else the project's sources,
    else None for the embedded example) and the project, if any."""
    from ..source.project import find_project

    project = None if data else find_project()
    return list(data) or (list(project.sources) if project else None), project


def sources(data: Paths) -> tuple[list, Any, list[str]]:
    """Read the fact files a command works on, note which, with a warning
    for each likely duplicate entity."""
    from ..source.loader import load_sources, possible_duplicates
    from ..source.project import describe_data

    paths, project = where(data)
    read = load_sources(paths)
    note(describe_data(list(data) or None, [src.path for src in read], project))
    warnings = possible_duplicates(read)
    for warning in warnings:
        note(f"warning: {warning}")
    return read, project, warnings


def keep(dataset: Any, read: list, project: Any, warnings: list[str]) -> None:
    """Keep a freshly built dataset as the on-disk store of its fact files."""
    from ..rdf.cache import cache_root, save

    inputs = [(s.path, s.file_sha256) for s in read] + [(s.path.parent / s.text_name, s.sha256) for s in read]
    problem = save(dataset, [s.path for s in read], inputs, warnings, cache_root(project.root if project else None))
    if problem:
        note(f"note: {problem}")


def dataset(data: Paths) -> Any:
    """The dataset a command works on: the store kept by the last build of
    the same, unchanged fact files if there is one (opened read-only), else
    built from them now (and kept for the next command)."""
    from ..rdf.cache import cache_root, open_cached
    from ..source.loader import find_source_files
    from ..source.project import describe_data

    paths, project = where(data)
    cached = open_cached(find_source_files(paths), cache_root(project.root if project else None))
    if cached is not None:
        note(describe_data(list(data) or None, list(cached.files), project))
        for warning in cached.warnings:
            note(f"warning: {warning}")
        return cached.dataset
    from ..rdf.build import dataset_from_sources  # only now: it brings rdflib, which an opened store does not need

    read, project, warnings = sources(data)
    built = dataset_from_sources(read)
    keep(built, read, project, warnings)
    return built


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
