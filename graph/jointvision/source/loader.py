"""Reading every fact file of a build and checking what no single file can:
identifiers unique across files, references that resolve to an entity of
the right type, directions in distinct places.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import SourceError, SourceErrors
from ..resources import DEFAULT_DATA
from .reader import Entity, SourceFile, Value, read_source_file, shown_value
from .schema import PERIOD_FIELDS, Field, fields_of, is_a

#: The project file (``source.project``), never a fact file.
PROJECT_MARKER = "jointvision-project.yaml"


def find_source_files(data: str | Path | Iterable[str | Path] | None = None) -> list[Path]:
    """The fact files to build: a file, every ``*.yaml`` of a folder (sorted;
    hidden files such as editors' ``.#x.yaml`` left out), or several of
    either. ``None`` means the embedded default data."""
    if data is None:
        data = [DEFAULT_DATA]
    elif isinstance(data, (str, Path)):
        data = [data]
    files: list[Path] = []
    for item in data:
        files.extend(_files_of(Path(item)))
    unique: dict[str, Path] = {}  # a file named twice (a folder and a file in it) is read once
    for path in files:
        unique.setdefault(os.path.realpath(path), path)  # realpath: never raises on a loop of links
    return list(unique.values())


def _files_of(path: Path) -> list[Path]:
    """The fact files one item of ``--data`` names: the file itself, or the
    fact files of a folder (one that holds none is refused)."""
    import stat

    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise SourceError(str(path), None, None, "no such file or folder") from None
    except (OSError, ValueError) as exc:  # a name too long, a loop of links, a NUL
        reason = getattr(exc, "strerror", None) or str(exc)
        raise SourceError(str(path), None, None, f"cannot read it: {reason}") from None
    if not stat.S_ISDIR(mode):
        return [path]  # read_input says what is wrong with one that is not a regular file
    try:
        found = sorted(
            p
            for p in path.iterdir()
            if p.suffix in {".yaml", ".yml"} and not p.name.startswith(".") and p.name != PROJECT_MARKER
        )
    except OSError as exc:
        raise SourceError(str(path), None, None, f"cannot read the folder: {exc.strerror or exc}") from None
    if not found:
        raise SourceError(str(path), None, None, "the folder holds no fact files (*.yaml, *.yml)")
    return found


def load_sources(data: str | Path | Iterable[str | Path] | None = None) -> list[SourceFile]:
    """Read and check every fact file, including cross-file references and
    ``about:`` entries (which must name an entity another file defines, with
    the type it has there). Every error of every pass in one SourceErrors:
    a file whose entries do not all read is still checked against the
    others, as far as it read."""
    from ..memory import cyclic_gc_paused

    with cyclic_gc_paused():
        from ..progress import step

        paths = find_source_files(data)
        sources: list[SourceFile] = []
        partial: list[SourceFile] = []
        errors: list[SourceError] = []
        unreadable: set[str] = set()
        whole = True  # every file read at least as far as its entries
        with step("reading fact files", len(paths)) as advance:
            for path in paths:  # every file's errors, not just the first file's
                try:
                    sources.append(read_source_file(path))
                except SourceErrors as exc:
                    errors.append(exc)
                    if exc.partial is None:
                        whole = False
                    else:
                        partial.append(exc.partial)
                        unreadable |= exc.unreadable
                except SourceError as exc:
                    errors.append(exc)
                    whole = False
                advance(1)
        # still paused: the checks make objects too, and each collection would scan every entry read
        errors.extend(check_together(sorted([*sources, *partial], key=_path_key), resolve=whole, unreadable=unreadable))
    if errors:
        raise SourceErrors(errors)
    return sources


def _path_key(source: SourceFile) -> str:
    return str(source.path)


def check_together(
    sources: list[SourceFile], *, resolve: bool = True, unreadable: Iterable[str] = ()
) -> list[SourceError]:
    """The checks of fact files read together, as a build reads them: ids
    used once, references to entities of the right type, ``about:`` entries
    naming an entity another file defines, positions. With ``resolve``
    false, a reference to an entity none of ``sources`` defines is let pass
    (it may be defined by a file not read), as is one to an id of
    ``unreadable`` (an entry whose type did not read); so, too, where an id
    is given twice. Returns every error."""
    errors = _check_identities(sources)
    # an id given twice most likely stands where another was meant: the references to that other are
    # not reported as unknown besides (one mistake, one message)
    resolve = resolve and not errors
    index = defined_entities(sources)
    let_pass = frozenset(unreadable)
    for src in sources:
        try:
            _check_source_metadata(src, index, resolve)
        except SourceError as exc:
            errors.append(exc)
        positions: dict[object, Entity] = {}
        described: dict[str, Entity] = {}
        defines_directions = any(e.type == "StrategicDirection" and not e.about for e in src.entities)
        for entity in src.entities:
            errors.extend(
                _check_entity(src, entity, index, positions, described, defines_directions, resolve, let_pass)
            )
    return errors


def _check_entity(
    src: SourceFile,
    entity: Entity,
    index: dict,
    positions: dict,
    described: dict,
    defines_directions: bool,
    resolve: bool = True,
    let_pass: frozenset[str] = frozenset(),
) -> list[SourceError]:
    """The checks of one entry against the other files (references, about:): each error."""
    errors: list[SourceError] = []
    for check in _entry_checks(src, entity, index, positions, described, defines_directions, resolve, let_pass):
        try:
            check()
        except SourceError as exc:
            errors.append(exc)
    return errors


def _entry_checks(
    src: SourceFile,
    entity: Entity,
    index: dict,
    positions: dict,
    described: dict,
    defines_directions: bool,
    resolve: bool,
    let_pass: frozenset[str],
) -> Iterator[Callable[[], None]]:
    """Each check of one entry against the others, to be made in turn."""
    if entity.about:
        yield lambda: _check_about(src, entity, index, resolve)
        yield lambda: _check_described_once(src, entity, described)
    elif defines_directions and entity.type == "Target" and not entity.incomplete:
        yield lambda: _check_directions_given(src, entity)
    specs = fields_of(entity.type)
    by_name = {f.name: f for f in PERIOD_FIELDS}
    refs = [
        (name if len(values) == 1 else f"{name}[{i}]", value, specs[name])
        for name, values in entity.values.items()
        if specs[name].kind == "ref"
        for i, value in enumerate(values)
    ]
    refs += [
        (f"period.{name}", value, by_name[name])
        for name, values in entity.period.items()
        if name in by_name and by_name[name].kind == "ref"
        for value in values
    ]
    for where, value, spec in refs:
        if str(value.value) not in let_pass:
            yield lambda where=where, value=value, spec=spec: _check_ref(  # type: ignore[misc]
                src, entity, where, value, spec, index, resolve
            )
    yield lambda: _check_position(src, entity, positions)


def _check_described_once(src: SourceFile, entity: Entity, described: dict[str, Entity]) -> None:
    first = described.setdefault(entity.id, entity)
    if first is not entity:
        raise src.error(
            entity.line,
            f"{entity.where}.about",
            f"{entity.id!r} is already described "
            f"in this file (line {first.line}): one entry per entity and source, so "
            "that each field has one value per source",
        )


def _check_directions_given(src: SourceFile, entity: Entity) -> None:
    if "directions" not in entity.values:
        raise src.error(
            entity.line,
            f"{entity.where}.directions",
            "this source defines strategic directions, so each of its targets needs the directions it serves",
        )


def defined_entities(sources: list[SourceFile]) -> dict[str, tuple[SourceFile, Entity]]:
    """Every entity by id, with the file that defines it first (not ``about:``)."""
    found: dict[str, tuple[SourceFile, Entity]] = {}
    for src in sources:
        for e in src.entities:
            if not e.about:
                found.setdefault(e.id, (src, e))
    return found


def _check_about(
    src: SourceFile, entity: Entity, index: dict[str, tuple[SourceFile, Entity]], resolve: bool = True
) -> None:
    where = f"{entity.where}.about"
    found = index.get(entity.id)
    if found is None and not resolve:
        return
    if found is None:
        close = close_matches(entity.id, index)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise src.error(
            entity.line,
            where,
            f"no fact file defines {entity.id!r}{hint} (about: adds statements "
            "to an entity another file defines with id:)",
        )
    other, definition = found
    if other is src:
        raise src.error(
            entity.line,
            where,
            f"{entity.id!r} is defined in this file (line {definition.line}): add the statements to that entry",
        )
    if definition.type != entity.type:
        raise src.error(
            entity.line,
            f"{entity.where}.type",
            f"{entity.id!r} is a {definition.type} in {other.path}:{definition.line}, not a {entity.type}",
        )


def _check_source_metadata(src: SourceFile, index: dict[str, tuple[SourceFile, Entity]], resolve: bool = True) -> None:
    value = src.metadata.get("reports_on")
    if value is None:
        return
    found = index.get(str(value.value))
    if found is None and not resolve:
        return
    if found is None:
        close = close_matches(str(value.value), index)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise src.error(value.line, "source.reports_on", f"unknown entity {shown_value(str(value.value))}{hint}")
    if not is_a(found[1].type, "Event"):
        raise src.error(value.line, "source.reports_on", f"{value.value!r} is a {found[1].type}; expected an Event")


def _normal_label(text: str) -> str:
    return " ".join(text.casefold().replace("’", "'").split())


def _label_keys(entity: Entity) -> dict[tuple[str, object, str], str]:
    """What an entity is known by, for likely duplicates: its type with each
    of its labels, compared in the label's language (a Japanese label never
    matches an English one), and the label as written."""
    return {
        (entity.type, getattr(value.value, "language", None), _normal_label(str(value.value))): str(value.value)
        for value in entity.values.get("label", [])
    }


def possible_duplicates(sources: list[SourceFile]) -> list[str]:
    """Warnings for entities defined with the type and a label (in the same
    language) of an entity defined before them (in file order): most likely
    one entity, which the later file should describe with ``about:``."""
    seen: dict[tuple[str, object, str], tuple[SourceFile, Entity]] = {}
    warnings = []
    for src in sources:
        for entity in src.entities:
            if entity.about:
                continue
            keys = _label_keys(entity)
            clash = next((key for key in keys if key in seen), None)
            if clash is not None:
                other, first = seen[clash]
                warnings.append(
                    f"{src.path}:{entity.line}: {entity.where}: a {entity.type} labelled "
                    f"{shown_value(keys[clash])} is already defined as "
                    f"{first.id!r} in {other.path}:{first.line}; if it is the same, write "
                    f"about: {first.id} instead of id: {entity.id}"
                )
                continue
            for key in keys:
                seen.setdefault(key, (src, entity))
    return warnings


def _check_identities(sources: list[SourceFile]) -> list[SourceError]:
    """Each id used once across the files (sources' and entities'); an
    ``about:`` never names a source. Every error."""
    errors: list[SourceError] = []
    seen: dict[str, tuple[SourceFile, int]] = {}
    for src in sources:
        if src.source_id in seen:
            other, line = seen[src.source_id]
            errors.append(
                src.error(
                    src.source_line or None, "source.id", f"{src.source_id!r} is already used in {other.path}:{line}"
                )
            )
        seen.setdefault(src.source_id, (src, src.source_line))
    source_ids = {s.source_id for s in sources}
    for src in sources:
        for entity in src.entities:
            if entity.about:
                if entity.id in source_ids:
                    errors.append(
                        src.error(
                            entity.line, f"{entity.where}.about", f"{entity.id!r} is a source's id, not an entity's"
                        )
                    )
                continue
            if entity.id in seen:
                errors.append(_duplicate(src, entity, *seen[entity.id]))
                continue
            seen[entity.id] = (src, entity.line)
    return errors


def _duplicate(src: SourceFile, entity: Entity, other: SourceFile, line: int) -> SourceError:
    where = f"{other.path}:{line}" + ("" if other.source_id != entity.id else " (source.id)")
    return src.error(
        entity.line,
        f"{entity.where}.id",
        f"duplicate identifier {entity.id!r}: "
        f"already used at {where}"
        + ("" if other.source_id == entity.id else f"; to add to it from this file, write about: {entity.id}"),
    )


def _check_position(src: SourceFile, entity: Entity, positions: dict[object, Entity]) -> None:
    """Directions are listed in the source's order: no two share a place."""
    for value in entity.values.get("position", []):
        other = positions.setdefault(value.value, entity)
        if other is not entity:
            raise src.error(
                value.line,
                f"{entity.where}.position",
                f"position {value.value} is already taken by {other.id!r} (line {other.line})",
            )


#: At most this many names are compared for one "did you mean".
MAX_HINT_CANDIDATES = 1_000


def close_matches(word: str, known, n: int = 1) -> list[str]:
    """The known names closest to ``word``, for "did you mean": only for a
    word of a sensible length, among names of about its length that share
    its first or last letters, at most :data:`MAX_HINT_CANDIDATES` of them,
    so that a huge or unlucky input costs no more than a short one."""
    if len(word) > 100 or not word:
        return []
    slack = max(3, len(word) // 3)
    near = [name for name in known if abs(len(name) - len(word)) <= slack]
    if len(near) > MAX_HINT_CANDIDATES:
        near = [name for name in near if name[:2] == word[:2] or name[-2:] == word[-2:]]
        near = sorted(near)[:MAX_HINT_CANDIDATES]
    return difflib.get_close_matches(word, near, n=n)


def _check_ref(
    src: SourceFile,
    entity: Entity,
    name: str,
    value: Value,
    spec: Field,
    index: dict[str, tuple[SourceFile, Entity]],
    resolve: bool = True,
) -> None:
    target = index.get(str(value.value))
    where = f"{entity.where}.{name}"
    if value.value == entity.id:
        raise src.error(value.line, where, f"{entity.id!r} refers to itself")
    if target is None and not resolve:
        return
    if target is None:
        close = close_matches(str(value.value), index)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise src.error(value.line, where, f"unknown entity {shown_value(str(value.value))}{hint}")
    target_type = target[1].type
    if not any(is_a(target_type, allowed) for allowed in spec.refs):
        raise src.error(value.line, where, f"{value.value!r} is a {target_type}; expected {' or '.join(spec.refs)}")


@dataclass(frozen=True)
class BuildInfo:
    """What a build read: for messages and statistics."""

    files: tuple[Path, ...]
    entities: int
    quotes: int  # quotations in the fact files
    passages: int  # distinct spans of source text they quote


def build_info(sources: list[SourceFile]) -> BuildInfo:
    """What a build of these fact files read: the files, how many entities
    and quotes they hold, and how many distinct passages of source text the
    quotes cover (two quotes of the same span count once)."""
    return BuildInfo(
        files=tuple(s.path for s in sources),
        entities=sum(len(s.entities) for s in sources),
        quotes=sum(len(e.evidence) for s in sources for e in s.entities),
        passages=len({(s.source_id, q.start, q.end) for s in sources for e in s.entities for q in e.evidence}),
    )


def read_beside(path: Path, *, check_offsets: bool = False) -> tuple[list[SourceFile | None], bool]:
    """The other fact files a build reads together with the one at ``path``,
    in the order it reads them, with None where the file itself stands: its
    project's sources, if it lies in them, else the fact files of its folder
    (as ``build --data FOLDER`` reads them); and whether every one of them
    reads (when one does not, the references into it cannot be judged).
    Offsets are not checked unless asked: they are ``fix``'s business."""
    from .project import find_project

    path = Path(path)
    real = os.path.realpath(path)
    folder = Path(os.path.realpath(path.parent))
    try:
        project = find_project(folder)
    except SourceError:
        project = None
    folders = [Path(os.path.realpath(f)) for f in project.sources] if project is not None else []
    chosen = ([f for f in folders if folder == f or f in folder.parents] and folders) or [path.parent]
    try:
        paths = find_source_files(chosen)
    except SourceError:
        return [], False
    others: list[SourceFile | None] = []
    whole = True
    for other in paths:
        if os.path.realpath(other) == real:
            others.append(None)  # the file itself, in its place
            continue
        try:
            others.append(read_source_file(other, check_offsets=check_offsets))
        except SourceError:
            whole = False
    return others, whole
