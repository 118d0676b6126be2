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

from .loader import PROJECT_MARKER as MARKER
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
    """Read and check a project file: each error names the file, the line
    and the field, as for fact files."""
    from .reader import compose_checked

    def fail(line, field, message):
        return SourceError(str(marker), line, field, message)

    try:
        raw = read_input(marker, max_bytes=100_000)
    except InputFileError as exc:
        raise fail(None, None, f"cannot read the project file: {exc}") from None
    root_node = compose_checked(marker, raw)
    if root_node is None:
        root_node = yaml.MappingNode("tag:yaml.org,2002:map", [])
    if not isinstance(root_node, yaml.MappingNode):
        raise fail(root_node.start_mark.line + 1, None, "expected a mapping: sources: FOLDER, exports: FOLDER")
    root = marker.parent
    found: dict[str, tuple[int, list[tuple[int, str]]]] = {}
    for key, value in root_node.value:
        line = key.start_mark.line + 1
        name = getattr(key, "value", None)
        if not isinstance(key, yaml.ScalarNode) or name not in _KEYS:
            raise fail(line, name if isinstance(name, str) else None,
                       f"unknown field; expected one of: {', '.join(sorted(_KEYS))}")
        if name in found:
            raise fail(line, name, f"this field is given twice (first on line {found[name][0]})")
        items = value.value if isinstance(value, yaml.SequenceNode) else [value]
        if not items:
            raise fail(line, name, "the list is empty: give at least one folder")
        if name == "exports" and len(items) != 1:
            raise fail(line, name, "give one folder")
        paths = []
        for item in items:
            if not isinstance(item, yaml.ScalarNode) or not item.value.strip():
                raise fail(item.start_mark.line + 1, name, "expected a folder path")
            paths.append((item.start_mark.line + 1, item.value))
        found[name] = (line, paths)
    for item_line, text in found.get("sources", (0, []))[1]:
        try:
            exists = (root / text).exists()
        except (OSError, ValueError):
            exists = False
        if not exists:
            raise fail(item_line, "sources", f"{text!r} does not exist (paths are relative to the project folder)")
    sources = tuple(root / text for _, text in found.get("sources", (0, [(0, "sources")]))[1])
    exports = root / found.get("exports", (0, [(0, "exports")]))[1][0][1]
    return Project(root, sources, exports)


def init_project(folder: Path) -> Project:
    """Create a project in ``folder`` (new, or empty): the marker file and a
    ``sources/`` folder seeded with the embedded article as an example.
    Never overwrites: a folder that holds anything is refused. Written in a
    hidden sibling first and moved into place in one step, so a failure (a
    full disk) leaves nothing behind."""
    import tempfile

    folder = Path(folder)
    if folder.is_symlink() or (folder.exists() and (not folder.is_dir() or any(folder.iterdir()))):
        raise SourceError(str(folder), None, None, "exists and is not an empty folder: choose a new one")
    parent = folder.absolute().parent
    if not parent.is_dir():
        raise SourceError(str(folder), None, None, f"the folder {parent} does not exist")
    try:
        work = Path(tempfile.mkdtemp(prefix=".jv-init-", dir=parent))
    except OSError as exc:
        raise SourceError(str(folder), None, None, f"cannot create it: {exc.strerror or exc}") from None
    target = work
    try:
        (work / "sources").mkdir()
        for item in sorted(DEFAULT_DATA.iterdir()):
            if item.is_file() and not item.name.startswith("."):
                target = folder / "sources" / item.name
                shutil.copyfile(item, work / "sources" / item.name)
        target = folder / MARKER
        (work / MARKER).write_text(
            "# A jointvision project: commands run in this folder (or below it) read these\n"
            "# sources and `jointvision build` writes the downloads into exports/.\n"
            "sources: sources\n"
            "exports: exports\n", encoding="utf-8")
        target = folder
        work.chmod(0o777 & ~_umask())
        if folder.exists():
            folder.rmdir()  # empty, as checked
        os.rename(work, folder)
    except OSError as exc:
        shutil.rmtree(work, ignore_errors=True)
        raise SourceError(str(target), None, None, f"cannot write it: {exc.strerror or exc}; nothing was created") \
            from None
    return read_project(folder / MARKER)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


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


def new_source(text_path: str | Path, source_id: str, label: str, *, kind: str | None = None,
               published: str | None = None, publisher: str | None = None, language: str | None = None,
               project: Project | None = None) -> Path:
    """Write the skeleton of a fact file for the source text at
    ``text_path``: its id, label, file name and SHA-256, and the metadata
    given, with no entities yet (it builds as it is). It goes beside the
    text, or, when a project is given and the text lies outside its
    sources, into the project's first sources folder with a copy of the
    text. Nothing is ever overwritten. Returns the fact file's path."""
    import datetime
    import hashlib
    import re

    import yaml

    from ..errors import SourceError
    from ..files import InputFileError, _write_new, read_input
    from .schema import FORMAT, ID_PATTERN, SOURCE_KINDS

    text_path = Path(text_path)

    def bad(field: str, message: str) -> SourceError:
        return SourceError(str(text_path), None, field, message)

    if not re.fullmatch(ID_PATTERN, source_id or ""):
        raise bad("--id", f"{source_id!r} is not an identifier: lower-case words joined by single hyphens")
    if not (label or "").strip():
        raise bad("--label", "a label is needed (the source's title, as a reader would cite it)")
    if kind is not None and kind not in SOURCE_KINDS:
        raise bad("--kind", f"{kind!r} is not one of {', '.join(SOURCE_KINDS)}")
    if published is not None:
        try:
            datetime.date.fromisoformat(published)
        except ValueError:
            raise bad("--date", f"{published!r} is not a date such as 2025-08-29") from None
    if language is not None and not re.fullmatch(r"[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8}){0,7}", language):
        raise bad("--language", f"{language!r} is not a BCP 47 language tag such as en or ja")
    try:
        data = read_input(text_path)
        data.decode("utf-8")
    except InputFileError as exc:
        raise bad(None, f"the source text cannot be read: {exc}") from None
    except UnicodeDecodeError:
        raise bad(None, "the source text is not UTF-8") from None
    folder = text_path.resolve().parent
    if project is not None and project.sources and not any(
            folder == s.resolve() or s.resolve() in folder.parents for s in project.sources):
        folder = project.sources[0]
    fact_file = folder / f"{source_id}.yaml"
    if fact_file.exists():
        raise bad("--id", f"{fact_file} exists already: new-source never overwrites")
    head = {"id": source_id, "label": label.strip(), "text": text_path.name,
            "sha256": hashlib.sha256(data).hexdigest()}
    for key, value in (("kind", kind), ("publisher", publisher), ("published", published), ("language", language)):
        if value is not None:
            head[key] = value
    shown = " ".join(label.split())
    body = (f"# Fact file of {shown}; each entity quotes the text verbatim (see `jointvision cite`,\n"
            "# `jointvision fix`, and docs/source-format.md).\n"
            + yaml.safe_dump({"format": FORMAT, "source": head}, allow_unicode=True, sort_keys=False, width=10_000)
            + "entities: []\n")
    try:
        if folder != text_path.resolve().parent:
            copy = folder / text_path.name
            if copy.exists() and copy.read_bytes() != data:
                raise bad("TEXT", f"{copy} exists already with other contents")
            if not copy.exists():
                _write_new(copy, data)
        _write_new(fact_file, body.encode("utf-8"))
    except FileExistsError:
        raise bad("--id", f"{fact_file} exists already: new-source never overwrites") from None
    except OSError as exc:
        raise bad(None, f"cannot write {fact_file}: {exc.strerror or exc}") from None
    return fact_file
