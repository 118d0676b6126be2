"""Filling in and correcting the offsets of quotes: `jointvision fix`.

The fact file is edited as text, in place: only the numbers of ``start``
and ``end`` change (or, where they are missing, a ``start:`` and an
``end:`` line are added under the quote, indented as it is, or inside the
braces of a ``{quote: ...}`` entry), so comments,
key order, quoting and line layout stay as they were and ``git diff`` shows
just the offsets. Where each number goes comes from PyYAML's composer, which
marks the character span of every node. A quote is fixed only where it
stands exactly once in the source text; one that stands several times or
nowhere is listed and left alone. The file is replaced atomically.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..errors import SourceError
from ..files import InputFileError, read_input, write_atomic
from .cite import nearest, occurrences


@dataclass
class FixReport:
    path: Path
    fixed: list[str] = field(default_factory=list)  # "line N: start 1 -> 5, end 9 -> 13"
    right: int = 0  # quotes whose offsets were right already
    left: list[str] = field(default_factory=list)  # why a quote was left alone

    @property
    def changed(self) -> bool:
        return bool(self.fixed)


def _mapping(node) -> dict[str, tuple]:
    return {k.value: (k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode)} \
        if isinstance(node, yaml.MappingNode) else {}


def fix_offsets(path: str | Path, *, write: bool = True) -> FixReport:
    """Fix the offsets of every quote of the fact file at ``path`` that
    stands once in its source text; with ``write`` false, only report."""
    path = Path(path)
    try:
        content = read_input(path).decode("utf-8")
    except (InputFileError, UnicodeDecodeError) as exc:
        raise SourceError(str(path), None, None, f"cannot be read: {exc}") from None
    try:
        root = yaml.compose(content, Loader=yaml.SafeLoader)  # the pure-Python composer: marks in characters
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise SourceError(str(path), mark.line + 1 if mark else None, None, f"not valid YAML: "
                          f"{getattr(exc, 'problem', exc)}") from None
    top = _mapping(root)
    source = _mapping(top.get("source", (None, None))[1])
    text_node = source.get("text", (None, None))[1]
    if not isinstance(text_node, yaml.ScalarNode):
        raise SourceError(str(path), None, "source.text", "the fact file names no source text")
    try:
        text = read_input(path.parent / text_node.value, inside=path.parent).decode("utf-8")
    except (InputFileError, UnicodeDecodeError) as exc:
        raise SourceError(str(path), text_node.start_mark.line + 1, "source.text",
                          f"the source text cannot be read: {exc}") from None
    entities = top.get("entities", (None, None))[1]
    edits: list[tuple[int, int, str]] = []  # (from, to, new text), character spans of the file
    report = FixReport(path)
    for entity in entities.value if isinstance(entities, yaml.SequenceNode) else []:
        evidence = _mapping(entity).get("evidence", (None, None))[1]
        for entry in evidence.value if isinstance(evidence, yaml.SequenceNode) else []:
            fields = _mapping(entry)
            quote_node = fields.get("quote", (None, None))[1]
            if not isinstance(quote_node, yaml.ScalarNode):
                continue
            line = quote_node.start_mark.line + 1
            given = [fields[k][1].value for k in ("start", "end")
                     if k in fields and isinstance(fields[k][1], yaml.ScalarNode)]
            if len(given) == 2 and all(v.isdigit() for v in given) \
                    and text[int(given[0]):int(given[1])] == quote_node.value:
                report.right += 1  # where it stands, even if it stands elsewhere too
                continue
            found = occurrences(text, quote_node.value, 2)
            if len(found) != 1:
                if found:
                    report.left.append(f"line {line}: the quote stands {len(occurrences(text, quote_node.value))} "
                                       "times; give start and end of the one meant")
                else:
                    close = nearest(text, quote_node.value, 1)
                    hint = f"; nearest: {close[0].text[:80]!r} at {close[0].start}-{close[0].end}" if close else ""
                    report.left.append(f"line {line}: the quote does not stand in the text{hint}")
                continue
            start, end = found[0]
            wanted = {"start": start, "end": end}
            nodes = {k: fields[k][1] for k in ("start", "end") if k in fields}
            if all(isinstance(n, yaml.ScalarNode) and n.value == str(wanted[k]) for k, n in nodes.items()) \
                    and len(nodes) == 2:
                report.right += 1
                continue
            changes = []
            for key, node in nodes.items():
                if isinstance(node, yaml.ScalarNode) and node.value != str(wanted[key]):
                    edits.append((node.start_mark.index, node.end_mark.index, str(wanted[key])))
                    changes.append(f"{key} {node.value} -> {wanted[key]}")
            missing = [k for k in ("start", "end") if k not in nodes]
            if missing and entry.flow_style:  # {quote: ...}: the keys go inside the braces, after the last value
                after = entry.value[-1][1].end_mark.index
                edits.append((after, after, "".join(f", {k}: {wanted[k]}" for k in missing)))
                changes += [f"{k} added: {wanted[k]}" for k in missing]
            elif missing:
                key_node = fields["quote"][0]
                indent = " " * key_node.start_mark.column
                after = _line_end(content, quote_node.end_mark.index)
                edits.append((after, after, "".join(f"\n{indent}{k}: {wanted[k]}" for k in missing)))
                changes += [f"{k} added: {wanted[k]}" for k in missing]
            report.fixed.append(f"line {line}: " + ", ".join(changes))
    if edits and write:
        for begin, finish, new in sorted(edits, reverse=True):
            content = content[:begin] + new + content[finish:]
        write_atomic(path, content.encode("utf-8"))
    return report


def _line_end(content: str, index: int) -> int:
    """The end of the line ``index`` is on (before its line break)."""
    at = content.find("\n", index)
    if at < 0:
        return len(content)
    return at - 1 if at > 0 and content[at - 1] == "\r" else at
