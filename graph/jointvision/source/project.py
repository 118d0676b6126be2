"""Project folders: where a user's sources and downloads live, so that no
one has to edit the installed package.

A project is a folder holding ``jointvision-project.yaml``::

    # a jointvision project (jointvision init)
    sources: sources        # fact files and texts; a folder or a list of them
    exports: exports        # where `jointvision build` writes the downloads

Paths are relative to the project folder. Every command run in the folder
or below it uses the project's sources, unless ``--data`` says otherwise;
outside any project the embedded data is used.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..errors import SourceError
from ..files import InputFileError, read_input
from ..resources import DEFAULT_DATA

MARKER = "jointvision-project.yaml"
_KEYS = {"sources", "exports"}


@dataclass(frozen=True)
class Project:
    root: Path
    sources: tuple[Path, ...]
    exports: Path

    @property
    def marker(self) -> Path:
        return self.root / MARKER


def find_project(start: Path | None = None) -> Project | None:
    """The project of ``start`` (default: the current folder) or of the
    nearest folder above it, or None. Raises SourceError if the marker file
    is malformed."""
    here = Path(start or Path.cwd()).absolute()
    for folder in (here, *here.parents):
        marker = folder / MARKER
        try:
            if marker.is_file():
                return read_project(marker)
        except OSError:  # an unreadable folder on the way up: no project there
            continue
    return None


def read_project(marker: Path) -> Project:
    def fail(line, field, message):
        return SourceError(str(marker), line, field, message)

    try:
        text = read_input(marker, max_bytes=100_000).decode("utf-8")
    except InputFileError as exc:
        raise fail(None, None, f"cannot read the project file: {exc}") from None
    except UnicodeDecodeError:
        raise fail(None, None, "the project file is not UTF-8 text") from None
    try:
        root_node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise fail(mark.line + 1 if mark else None, None, f"malformed YAML: {getattr(exc, 'problem', None) or exc}") \
            from None
    if root_node is None:
        root_node = yaml.MappingNode("tag:yaml.org,2002:map", [])
    if not isinstance(root_node, yaml.MappingNode):
        raise fail(root_node.start_mark.line + 1, None, "expected a mapping: sources: FOLDER, exports: FOLDER")
    found: dict[str, tuple[int, list[str]]] = {}
    for key, value in root_node.value:
        line = key.start_mark.line + 1
        if not isinstance(key, yaml.ScalarNode) or key.value not in _KEYS:
            raise fail(line, getattr(key, "value", None), f"unknown field; expected one of: {', '.join(sorted(_KEYS))}")
        items = value.value if isinstance(value, yaml.SequenceNode) else [value]
        if key.value == "exports" and len(items) != 1:
            raise fail(line, "exports", "give one folder")
        paths = []
        for item in items:
            if not isinstance(item, yaml.ScalarNode) or not item.value.strip() or "\x00" in item.value:
                raise fail(item.start_mark.line + 1, key.value, "expected a folder path")
            paths.append(item.value)
        found[key.value] = (line, paths)
    root = marker.parent
    sources = tuple(root / p for p in found.get("sources", (0, ["sources"]))[1])
    exports = root / found.get("exports", (0, ["exports"]))[1][0]
    return Project(root, sources, exports)


def init_project(folder: Path) -> Project:
    """Create a project in ``folder`` (new, or empty): the marker file and a
    ``sources/`` folder seeded with the embedded article as an example.
    Never overwrites: a folder that holds anything is refused."""
    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise SourceError(str(folder), None, None, "exists and is not an empty folder: choose a new one")
    sources = folder / "sources"
    sources.mkdir(parents=True, exist_ok=True)
    for item in sorted(DEFAULT_DATA.iterdir()):
        if item.is_file() and not item.name.startswith("."):
            shutil.copyfile(item, sources / item.name)
    (folder / MARKER).write_text(
        "# A jointvision project: commands run in this folder (or below it) read these\n"
        "# sources and `jointvision build` writes the downloads into exports/.\n"
        "sources: sources\n"
        "exports: exports\n", encoding="utf-8")
    return read_project(folder / MARKER)


def describe_data(paths: list[Path] | None, files: list[Path], project: Project | None) -> str:
    """One line saying which data a command read, for its standard error."""
    count = f"{len(files)} fact file{'s' if len(files) != 1 else ''}"
    names = ", ".join(p.name for p in files[:4]) + (f", and {len(files) - 4} more" if len(files) > 4 else "")
    if paths:
        where = ", ".join(_shown(p) for p in paths)
        return f"data: {where} ({count}: {names})"
    if project is not None:
        return f"data: the project in {project.root} ({count}: {names})"
    return f"data: the embedded example, {_shown(DEFAULT_DATA)} ({count}: {names}); " \
           "`jointvision init DIR` makes a project of your own"


def _shown(path: Path) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return rel if not rel.startswith("../..") else str(path)
