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

import contextlib
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
    """A project folder (``root``), the folders of fact files its commands
    read (``sources``) and the one ``build`` writes the downloads into
    (``exports``), all as absolute paths from the project file.

    >>> project = Project(Path("/work/p"), (Path("/work/p/sources"),), Path("/work/p/exports"))
    >>> project.marker.name
    'jointvision-project.yaml'
    """

    root: Path
    sources: tuple[Path, ...]
    exports: Path

    @property
    def marker(self) -> Path:
        """The project file, whose folder is the project's."""
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

    try:
        raw = read_input(marker, max_bytes=100_000)
    except InputFileError as exc:
        raise _fail(marker, None, None, f"cannot read the project file: {exc}") from None
    root_node = compose_checked(marker, raw)
    if root_node is None:
        root_node = yaml.MappingNode("tag:yaml.org,2002:map", [])
    if not isinstance(root_node, yaml.MappingNode):
        raise _fail(marker, root_node.start_mark.line + 1, None, "expected a mapping: sources: FOLDER, exports: FOLDER")
    root = marker.parent
    found: dict[str, tuple[int, list[tuple[int, str]]]] = {}
    for key, value in root_node.value:
        _read_field(marker, key, value, found)
    _check_sources_exist(marker, root, found.get("sources", (0, []))[1])
    sources = tuple(root / text for _, text in found.get("sources", (0, [(0, "sources")]))[1])
    exports = root / found.get("exports", (0, [(0, "exports")]))[1][0][1]
    return Project(root, sources, exports)


def _fail(marker: Path, line: int | None, field: str | None, message: str) -> SourceError:
    """The error of the project file ``marker``, at a line and field."""
    return SourceError(str(marker), line, field, message)


def _read_field(marker: Path, key, value, found: dict[str, tuple[int, list[tuple[int, str]]]]) -> None:
    """Check one field of the project file and note, under its name in
    ``found``, its line and the (line, path) of each folder it gives."""
    line = key.start_mark.line + 1
    name = getattr(key, "value", None)
    if not isinstance(key, yaml.ScalarNode) or name not in _KEYS:
        raise _fail(
            marker,
            line,
            name if isinstance(name, str) else None,
            f"unknown field; expected one of: {', '.join(sorted(_KEYS))}",
        )
    if name in found:
        raise _fail(marker, line, name, f"this field is given twice (first on line {found[name][0]})")
    items = value.value if isinstance(value, yaml.SequenceNode) else [value]
    if not items:
        raise _fail(marker, line, name, "the list is empty: give at least one folder")
    if name == "exports" and len(items) != 1:
        raise _fail(marker, line, name, "give one folder")
    paths = []
    for item in items:
        if not isinstance(item, yaml.ScalarNode) or not item.value.strip():
            raise _fail(marker, item.start_mark.line + 1, name, "expected a folder path")
        paths.append((item.start_mark.line + 1, item.value))
    found[name] = (line, paths)


def _check_sources_exist(marker: Path, root: Path, sources: list[tuple[int, str]]) -> None:
    """Refuse a sources folder that does not exist, at its line."""
    for item_line, text in sources:
        try:
            exists = (root / text).exists()
        except (OSError, ValueError):
            exists = False
        if not exists:
            raise _fail(
                marker, item_line, "sources", f"{text!r} does not exist (paths are relative to the project folder)"
            )


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
            "exports: exports\n",
            encoding="utf-8",
        )
        target = folder
        work.chmod(0o777 & ~_umask())
        if folder.exists():
            folder.rmdir()  # empty, as checked
        os.rename(work, folder)
    except OSError as exc:
        shutil.rmtree(work, ignore_errors=True)
        raise SourceError(
            str(target), None, None, f"cannot write it: {exc.strerror or exc}; nothing was created"
        ) from None
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


#: The longest source id new-source takes: its fact file, ``<id>.yaml``, must fit a file name (255 bytes on
#: most file systems), with room to spare.
MAX_ID_LENGTH = 200
#: The options of new-source, as the fields of ``source:`` they fill in.
_OPTIONS = {
    "id": "--id",
    "label": "--label",
    "text": "TEXT",
    "sha256": "TEXT",
    "kind": "--kind",
    "publisher": "--publisher",
    "published": "--date",
    "language": "--language",
}


def _checked_option(text_path: Path, option: str, value: str, kind: str) -> None:
    """Refuse an option's value as the reader would refuse it in the fact
    file (the very checks of :meth:`reader._Reader.typed`: no control
    character, lone surrogate or non-character, not empty, of the field's
    form), naming the option. An option given in bytes that are not UTF-8
    arrives with lone surrogates (surrogateescape): said so."""
    import yaml

    from .reader import _Reader, shown_value

    if any("\udc80" <= c <= "\udcff" for c in value):
        raise SourceError(
            str(text_path),
            None,
            option,
            f"{shown_value(value)} holds bytes that are not UTF-8 "
            + ("text: rename the file" if option == "TEXT" else "text: give it in UTF-8"),
        )
    mark = yaml.Mark(option, 0, 0, 0, None, None)
    node = yaml.ScalarNode("tag:yaml.org,2002:str", value, mark, mark, style='"')
    try:
        _Reader(Path(option)).typed(node, option, kind)
    except SourceError as exc:
        raise SourceError(str(text_path), None, option, exc.message) from None


def _skeleton(head: dict, label: str, entities: str = "") -> str:
    """The fact file's text: a comment naming the source, ``format``,
    ``source`` and no entities (or ``entities``, the YAML text of the list's
    items, each indented by two spaces). A value holding a character YAML reads as a
    line break (U+0085, U+2028, U+2029) is written double-quoted, where it
    is an escape (written raw, YAML would fold it away)."""
    import yaml

    from .schema import FORMAT

    class Dumper(yaml.SafeDumper):
        pass

    def text(dumper, value):
        style = '"' if any(c in value for c in "\x85\u2028\u2029") else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    Dumper.add_representer(str, text)
    shown = " ".join("".join(c if c.isprintable() else " " for c in label).split())  # a comment holds one line
    return (
        f"# Fact file of {shown}; each entity quotes the text verbatim (see `jointvision cite`,\n"
        "# `jointvision fix`, and docs/source-format.md).\n"
        + yaml.dump(
            {"format": FORMAT, "source": head}, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=10_000
        )
        + ("entities:\n" + entities if entities else "entities: []\n")
    )


def new_source(
    text_path: str | Path,
    source_id: str,
    label: str,
    *,
    kind: str | None = None,
    published: str | None = None,
    publisher: str | None = None,
    language: str | None = None,
    project: Project | None = None,
) -> Path:
    """Write the skeleton of a fact file for the source text at
    ``text_path``: its id, label, file name and SHA-256, and the metadata
    given, with no entities yet (it builds as it is). It goes beside the
    text, or, when a project is given and the text lies outside its
    sources, into the project's first sources folder with a copy of the
    text. Nothing is ever overwritten.

    Every option is checked as the reader checks the field it fills in, and
    the skeleton is read back through the reader, where it is to stand,
    before it is written: whatever `build` would refuse is refused here, as
    a SourceError naming TEXT and the option, and nothing is written (a copy
    of the text made for it is removed again). Returns the fact file's path."""
    metadata = {"kind": kind, "published": published, "publisher": publisher, "language": language}
    new = plan_new_source(text_path, source_id, label, project=project, **metadata)
    new.write(_skeleton(new.head, label).encode("utf-8"))
    return new.fact_file


@dataclass
class NewSource:
    """Where a new fact file goes and what its ``source:`` holds, checked
    (:func:`plan_new_source`): the text's bytes, the fact file's path, its
    ``source:`` mapping, and where the text is copied to (None: it stays)."""

    text_path: Path
    data: bytes
    fact_file: Path
    head: dict
    copy: Path | None

    def write(self, body: bytes) -> None:
        """Write the fact file ``body`` (and the copy of the text), once read
        back as build would read it; nothing is ever overwritten."""
        _write_skeleton(self.text_path, self.fact_file, body, self.data, self.copy)


def plan_new_source(
    text_path: str | Path,
    source_id: str,
    label: str,
    *,
    kind: str | None = None,
    published: str | None = None,
    publisher: str | None = None,
    language: str | None = None,
    project: Project | None = None,
) -> NewSource:
    """Check the options of a new fact file as the reader checks the fields
    they fill in, and find where it goes (see :func:`new_source`); nothing
    is written."""
    import hashlib

    text_path = Path(text_path)
    _check_new_options(text_path, source_id, label, kind, published, language)
    # then the reader's own checks of each field, so that nothing build refuses is written
    _check_as_reader(text_path, source_id, label, kind, published, publisher, language)
    data = _read_text(text_path)
    real, folder, name = _destination(text_path, project)
    fact_file = folder / f"{source_id}.yaml"
    _check_new_file(text_path, fact_file)
    _check_text_name(text_path, name)
    head = {"id": source_id, "label": label.strip(), "text": name, "sha256": hashlib.sha256(data).hexdigest()}
    for key, value in (("kind", kind), ("publisher", publisher), ("published", published), ("language", language)):
        if value is not None:
            head[key] = value
    return NewSource(text_path, data, fact_file, head, None if folder == real.parent else folder / name)


def _bad(text_path: Path, field: str | None, message: str) -> SourceError:
    """A refusal of new-source, naming the text and the option (``field``) at fault."""
    return SourceError(str(text_path), None, field, message)


def _check_new_options(
    text_path: Path,
    source_id: str,
    label: str,
    kind: str | None,
    published: str | None,
    language: str | None,
) -> None:
    """Refuse an id, label, kind, date or language tag new-source cannot take, with what it takes."""
    import datetime
    import re

    from .schema import ID_PATTERN, SOURCE_KINDS

    if len(source_id or "") > MAX_ID_LENGTH:
        raise _bad(
            text_path,
            "--id",
            f"an identifier of {len(source_id):,} characters is too long: at most {MAX_ID_LENGTH}, "
            "so that its fact file's name fits the file system",
        )
    if not re.fullmatch(ID_PATTERN, source_id or ""):
        raise _bad(text_path, "--id", f"{source_id!r} is not an identifier: lower-case words joined by single hyphens")
    if not (label or "").strip():
        raise _bad(text_path, "--label", "a label is needed (the source's title, as a reader would cite it)")
    if kind is not None and kind not in SOURCE_KINDS:
        raise _bad(text_path, "--kind", f"{kind!r} is not one of {', '.join(SOURCE_KINDS)}")
    if published is not None:
        try:
            datetime.date.fromisoformat(published)
        except ValueError:
            raise _bad(text_path, "--date", f"{published!r} is not a date such as 2025-08-29") from None
    if language is not None and not re.fullmatch(r"[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8}){0,7}", language):
        raise _bad(text_path, "--language", f"{language!r} is not a BCP 47 language tag such as en or ja")


def _check_as_reader(
    text_path: Path,
    source_id: str,
    label: str,
    kind: str | None,
    published: str | None,
    publisher: str | None,
    language: str | None,
) -> None:
    """Refuse, as the reader would refuse the field it fills in, each option given."""
    for option, value, form in (
        ("--id", source_id, "ref"),
        ("--label", label, "text"),
        ("--kind", kind, "source_kind"),
        ("--date", published, "date"),
        ("--publisher", publisher, "str"),
        ("--language", language, "language"),
    ):
        if value is not None:
            _checked_option(text_path, option, value, form)


def _read_text(text_path: Path) -> bytes:
    """The source text's bytes, refused unless it can be read and is UTF-8."""
    try:
        data = read_input(text_path)
        data.decode("utf-8")
    except InputFileError as exc:
        raise _bad(text_path, None, f"the source text cannot be read: {exc}") from None
    except UnicodeDecodeError:
        raise _bad(text_path, None, "the source text is not UTF-8") from None
    return data


def _destination(text_path: Path, project: Project | None) -> tuple[Path, Path, str]:
    """The text's real path (a link followed), and the folder the fact file goes in with the name it gives
    the text: beside the text, or, for a text outside the project's sources, the first sources folder."""
    try:
        real = text_path.resolve()  # a link: the fact file goes beside the file it leads to, named as that is
        folder, name = real.parent, real.name
        if (
            project is not None
            and project.sources
            and not any(folder == s.resolve() or s.resolve() in folder.parents for s in project.sources)
        ):
            folders = [s for s in project.sources if s.is_dir()]
            if not folders:
                raise SourceError(str(project.marker), None, "sources", "names no folder to put a new fact file in")
            folder, name = folders[0], text_path.name
    except (OSError, RuntimeError) as exc:  # RuntimeError: a loop of symbolic links (Path.resolve)
        raise _bad(
            text_path, None, f"cannot find the folder to write to: {getattr(exc, 'strerror', None) or exc}"
        ) from None
    return real, folder, name


def _check_new_file(text_path: Path, fact_file: Path) -> None:
    """Refuse a fact file that exists already (or cannot be looked for): new-source never overwrites."""
    try:
        exists = fact_file.exists() or fact_file.is_symlink()
    except OSError as exc:  # a path too long for the system, a folder that cannot be searched
        raise _bad(text_path, None, f"cannot write the fact file ({exc.strerror or exc}): {fact_file}") from None
    if exists:
        raise _bad(text_path, "--id", f"{fact_file} exists already: new-source never overwrites")


def _check_text_name(text_path: Path, name: str) -> None:
    """Refuse a text whose name a fact file cannot hold."""
    _checked_option(text_path, "TEXT", name, "str")
    if name in {".", ".."} or "\\" in name:
        raise _bad(
            text_path,
            "TEXT",
            f"a fact file cannot name a text called {name!r} (it reads a file name beside it, "
            "not a path): rename the text",
        )


def _write_skeleton(text_path: Path, fact_file: Path, body: bytes, data: bytes, copy: Path | None) -> None:
    """Write the fact file ``body`` (and, first, the text ``data`` as ``copy``, when it goes elsewhere),
    once read back as build would read it; on any failure, remove the copy made for it."""
    from ..files import _write_new

    copied = None
    try:
        if copy is not None:
            copied = _copy_text(text_path, copy, data)
        _check_skeleton(text_path, fact_file, body)
        _write_new(fact_file, body)
        copied = None
    except FileExistsError as exc:  # made meanwhile, by someone else
        raise _bad(
            text_path,
            "--id" if exc.filename in (fact_file, str(fact_file)) else "TEXT",
            f"{exc.filename} exists already: new-source never overwrites",
        ) from None
    except OSError as exc:
        raise _bad(
            text_path,
            None,
            f"cannot write it ({exc.strerror or exc}; nothing was written): {exc.filename or fact_file}",
        ) from None
    finally:
        if copied is not None:  # the skeleton was not written: neither is the copy
            with contextlib.suppress(OSError):
                copied.unlink()


def _copy_text(text_path: Path, copy: Path, data: bytes) -> Path | None:
    """Copy the text to ``copy``, unless the same text is there already; the copy made, or None."""
    from ..files import _write_new

    if copy.exists():
        try:
            same = read_input(copy) == data  # a regular file only: never waits on a FIFO
        except InputFileError as exc:
            raise _bad(text_path, "TEXT", f"{copy} exists already and cannot be compared: {exc}") from None
        if not same:
            raise _bad(text_path, "TEXT", f"{copy} exists already with other contents")
        return None
    _write_new(copy, data)
    return copy


def _check_skeleton(text_path: Path, fact_file: Path, body: bytes) -> None:
    """Read the skeleton back where it is to stand, as build will read it with the files beside it, before
    it is written; a refusal names the option that filled in the field at fault."""
    from .reader import read_source_file

    try:
        skeleton = read_source_file(fact_file, raw=body)
        _check_beside(skeleton)
    except SourceError as exc:
        lines = body.decode("utf-8").splitlines()
        key = lines[exc.line - 1].strip().partition(":")[0] if exc.line and exc.line <= len(lines) else ""
        option = _OPTIONS.get((exc.field or "").removeprefix("source.")) or _OPTIONS.get(key)
        raise _bad(text_path, option, f"{exc.message} (in the fact file it would write; nothing was written)") from None


def _check_beside(skeleton) -> None:
    """Refuse a new source whose id the files a build reads with it already
    use (a build would refuse the pair), with the build's message."""
    from .loader import check_together, read_beside

    beside, _ = read_beside(skeleton.path)
    errors = [
        e
        for e in check_together([*(s for s in beside if s is not None), skeleton], resolve=False)
        if e.path == str(skeleton.path)
    ]
    if errors:
        raise errors[0]
