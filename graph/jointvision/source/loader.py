"""Reading every fact file of a build and checking what no single file can:
identifiers unique across files, references that resolve to an entity of
the right type, directions in distinct places.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import SourceError
from ..resources import DEFAULT_DATA
from .reader import Entity, SourceFile, Value, read_source_file, shown_value
from .schema import PERIOD_FIELDS, Field, fields_of, is_a


def find_source_files(data: str | Path | Iterable[str | Path] | None = None) -> list[Path]:
    """The fact files to build: a file, every ``*.yaml`` of a folder (sorted;
    hidden files such as editors' ``.#x.yaml`` left out), or several of
    either. ``None`` means the embedded default data."""
    import os
    import stat

    if data is None:
        data = [DEFAULT_DATA]
    elif isinstance(data, (str, Path)):
        data = [data]
    files: list[Path] = []
    for item in data:
        path = Path(item)
        try:
            mode = os.stat(path).st_mode
        except FileNotFoundError:
            raise SourceError(str(path), None, None, "no such file or folder") from None
        except (OSError, ValueError) as exc:  # a name too long, a loop of links, a NUL
            reason = getattr(exc, "strerror", None) or str(exc)
            raise SourceError(str(path), None, None, f"cannot read it: {reason}") from None
        if stat.S_ISDIR(mode):
            try:
                found = sorted(p for p in path.iterdir()
                               if p.suffix in {".yaml", ".yml"} and not p.name.startswith("."))
            except OSError as exc:
                raise SourceError(str(path), None, None, f"cannot read the folder: {exc.strerror or exc}") from None
            if not found:
                raise SourceError(str(path), None, None, "the folder holds no fact files (*.yaml, *.yml)")
            files.extend(found)
        else:
            files.append(path)  # read_input says what is wrong with one that is not a regular file
    unique: dict[str, Path] = {}  # a file named twice (a folder and a file in it) is read once
    for path in files:
        unique.setdefault(os.path.realpath(path), path)  # realpath: never raises on a loop of links
    return list(unique.values())


def load_sources(data: str | Path | Iterable[str | Path] | None = None) -> list[SourceFile]:
    """Read and check every fact file, including cross-file references."""
    sources = [read_source_file(p) for p in find_source_files(data)]
    _check_identities(sources)
    index = {e.id: (src, e) for src in sources for e in src.entities}
    for src in sources:
        positions: dict[object, Entity] = {}
        for entity in src.entities:
            specs = fields_of(entity.type)
            for name, values in entity.values.items():
                if specs[name].kind == "ref":
                    for i, value in enumerate(values):
                        _check_ref(src, entity, name if len(values) == 1 else f"{name}[{i}]",
                                   value, specs[name], index)
            _check_position(src, entity, positions)
            by_name = {f.name: f for f in PERIOD_FIELDS}
            for name, values in entity.period.items():
                if by_name[name].kind == "ref":
                    for value in values:
                        _check_ref(src, entity, f"period.{name}", value, by_name[name], index)
    return sources


def _check_identities(sources: list[SourceFile]) -> None:
    seen: dict[str, tuple[SourceFile, int]] = {}
    for src in sources:
        if src.source_id in seen:
            other, line = seen[src.source_id]
            raise src.error(src.source_line or None, "source.id",
                            f"{src.source_id!r} is already used in {other.path}:{line}")
        seen[src.source_id] = (src, src.source_line)
        for entity in src.entities:
            if entity.id in seen:
                other, line = seen[entity.id]
                where = f"{other.path}:{line}" + ("" if other.source_id != entity.id else " (source.id)")
                raise src.error(entity.line, f"{entity.where}.id", f"duplicate identifier {entity.id!r}: "
                                f"already used at {where}")
            seen[entity.id] = (src, entity.line)


def _check_position(src: SourceFile, entity: Entity, positions: dict[object, Entity]) -> None:
    """Directions are listed in the source's order: no two share a place."""
    for value in entity.values.get("position", []):
        other = positions.setdefault(value.value, entity)
        if other is not entity:
            raise src.error(value.line, f"{entity.where}.position",
                            f"position {value.value} is already taken by {other.id!r} (line {other.line})")


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


def _check_ref(src: SourceFile, entity: Entity, name: str, value: Value, spec: Field,
               index: dict[str, tuple[SourceFile, Entity]]) -> None:
    target = index.get(str(value.value))
    where = f"{entity.where}.{name}"
    if value.value == entity.id:
        raise src.error(value.line, where, f"{entity.id!r} refers to itself")
    if target is None:
        close = close_matches(str(value.value), index)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise src.error(value.line, where, f"unknown entity {shown_value(str(value.value))}{hint}")
    target_type = target[1].type
    if not any(is_a(target_type, allowed) for allowed in spec.refs):
        raise src.error(value.line, where, f"{value.value!r} is a {target_type}; expected "
                        f"{' or '.join(spec.refs)}")


@dataclass(frozen=True)
class BuildInfo:
    """What a build read: for messages and statistics."""

    files: tuple[Path, ...]
    entities: int
    quotes: int  # quotations in the fact files
    passages: int  # distinct spans of source text they quote


def build_info(sources: list[SourceFile]) -> BuildInfo:
    return BuildInfo(
        files=tuple(s.path for s in sources),
        entities=sum(len(s.entities) for s in sources),
        quotes=sum(len(e.evidence) for s in sources for e in s.entities),
        passages=len({(s.source_id, q.start, q.end) for s in sources for e in s.entities for q in e.evidence}),
    )
