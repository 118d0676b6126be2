"""Filling in and correcting the offsets of quotes: `jointvision fix`.

The fact file is edited as text, in place: only the numbers of ``start``
and ``end`` change, or, where they are missing, ``start:`` and ``end:``
lines are added under the quote (or under ``start:``), indented as the
entry's keys, or inside the braces of a ``{quote: ...}`` entry. Comments,
key order, quoting, line breaks (LF or CRLF) and layout stay as they were,
so ``git diff`` shows just the offsets. Where each number goes comes from
PyYAML's pure-Python composer, which marks the character span of every node.

A quote is fixed only where it stands exactly once in the source text; one
that stands several times or nowhere is listed and left alone.

Nothing is written unless it is safe:

* the file is first read by the reader ``build`` uses, with only the check
  that quotes stand at their offsets relaxed, so whatever ``build`` refuses
  (aliases, tags, fields given twice, bad values, a wrong digest, ...) is
  refused here with the same message, before anything is written;
* the edited text is then read again, by both YAML readers, and its tree
  must be the old one with exactly the fixed entries' ``start`` and ``end``
  set to the new numbers; the reader must accept it, and every fixed quote
  must stand at its new offsets. Otherwise the file is refused and left as
  it is;
* the file is replaced atomically (:func:`..files.write_atomic`), keeping
  its permissions and owner; a symbolic link is written through; a file
  with other hard links is refused, since a replacement would split them.
"""

from __future__ import annotations

import copy
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..errors import SourceError
from ..files import FileChangedError, LinkedFileError, replacement_problem, write_atomic
from .cite import nearest, occurrences
from .reader import read_fact_file, read_source_file

_STR, _INT = "tag:yaml.org,2002:str", "tag:yaml.org,2002:int"
_BREAK = re.compile(r"\r\n|\r|\n")
#: The YAML readers the edited file is checked with: the one marks come
#: from, and the one ``build`` reads with.
_LOADERS = tuple(dict.fromkeys([yaml.SafeLoader, getattr(yaml, "CSafeLoader", yaml.SafeLoader)]))


@dataclass
class FixReport:
    """What fix did, or would do, to one fact file: the quotes whose
    offsets it fixed (one line each, saying what changed), how many were
    right already, and why each one left alone was left.

    >>> report = FixReport(Path("facts.yaml"), fixed=["line 7: start 1 -> 5, end 9 -> 13"])
    >>> report.changed
    True
    """

    path: Path
    fixed: list[str] = field(default_factory=list)  # "line N: start 1 -> 5, end 9 -> 13"
    right: int = 0  # quotes whose offsets were right already
    left: list[str] = field(default_factory=list)  # why a quote was left alone

    @property
    def changed(self) -> bool:
        """Whether any offset was fixed (the file is, or would be, written)."""
        return bool(self.fixed)


@dataclass
class FixPlan:
    """What fix would write to one file, checked: ``new`` is None where
    nothing changes."""

    path: Path
    report: FixReport
    old: bytes
    new: bytes | None = None


def fix_offsets(path: str | Path, *, write: bool = True) -> FixReport:
    """Fix the offsets of every quote of the fact file at ``path`` that
    stands once in its source text; with ``write`` false, only report.
    Raises :class:`SourceError` for a file ``build`` would refuse, one that
    cannot be edited safely, or one that cannot be written."""
    plan = plan_fix(path, writing=write)
    if write:
        write_fix(plan)
    return plan.report


def plan_fix(path: str | Path, *, writing: bool = True) -> FixPlan:
    """Read and check the fact file at ``path`` and work out, and verify,
    its fixed text, writing nothing. With ``writing``, a file that cannot be
    replaced safely (other hard links) is refused here already."""
    path = Path(path)
    raw = read_fact_file(path)
    source = read_source_file(path, raw=raw, check_offsets=False)  # build's checks and messages
    _check_beside(source)
    content = raw.decode("utf-8")  # the reader checked it
    root = _compose(path, content, yaml.SafeLoader)  # the pure-Python composer: marks in characters
    breaks = _BREAK.search(content)
    eol = breaks.group() if breaks else "\n"  # the file's own line break, for lines added at its end
    planner = _Planner(content, source.text, eol, FixReport(path))
    for i, j, entry in _evidence_entries(root):
        planner.plan(i, j, entry)
    report, edits, fixed_at = planner.report, planner.edits, planner.fixed_at
    plan = FixPlan(path, report, raw)
    if edits:
        new = content
        for begin, finish, insert in sorted(edits, reverse=True):
            new = new[:begin] + insert + new[finish:]
        _verify(path, content, new, fixed_at, source.text, strict=not report.left)
        plan.new = new.encode("utf-8")
        problem = replacement_problem(path) if writing else None
        if problem:
            raise SourceError(str(path), None, None, f"{problem}; nothing was written")
    return plan


def _evidence_entries(root):
    """(entity index, entry index, node) of every evidence entry of the
    composed file, in file order; anything not shaped as a list is skipped."""
    entities = _mapping(root).get("entities", (None, None))[1]
    for i, entity in enumerate(entities.value if isinstance(entities, yaml.SequenceNode) else []):
        evidence = _mapping(entity).get("evidence", (None, None))[1]
        for j, entry in enumerate(evidence.value if isinstance(evidence, yaml.SequenceNode) else []):
            yield i, j, entry


@dataclass
class _Planner:
    """Works out, entry by entry, the edits that fix one file's offsets:
    ``edits`` as (from, to, new text) character spans of ``content``, and
    ``fixed_at`` the new (start, end, line) of each fixed (entity, entry)."""

    content: str
    text: str  # the source text the quotes stand in
    eol: str
    report: FixReport
    edits: list[tuple[int, int, str]] = field(default_factory=list)
    fixed_at: dict[tuple[int, int], tuple[int, int, int]] = field(default_factory=dict)

    def plan(self, i: int, j: int, entry) -> None:
        """Plan the fix of one evidence entry, or note why it is left alone."""
        fields = _mapping(entry)
        quote_node = fields.get("quote", (None, None))[1]
        if not isinstance(quote_node, yaml.ScalarNode):
            return
        quote, line = quote_node.value, quote_node.start_mark.line + 1
        nodes = {k: fields[k][1] for k in ("start", "end") if k in fields}
        if len(nodes) == 2 and self.text[int(nodes["start"].value) : int(nodes["end"].value)] == quote:
            self.report.right += 1  # where it stands, even if it stands elsewhere too
            return
        found = occurrences(self.text, quote, 2)
        if len(found) != 1:
            self.report.left.append(_why_left(self.text, quote, line, found))
            return
        wanted = dict(zip(("start", "end"), found[0]))
        changes = self._renumber(nodes, wanted)
        missing = [k for k in ("start", "end") if k not in nodes]
        if missing:
            self.edits += _additions(self.content, entry, fields, {k: wanted[k] for k in missing}, self.eol)
            changes += [f"{k} added: {wanted[k]}" for k in missing]
        self.fixed_at[(i, j)] = (wanted["start"], wanted["end"], line)
        self.report.fixed.append(f"line {line}: " + ", ".join(changes))

    def _renumber(self, nodes: dict, wanted: dict[str, int]) -> list[str]:
        """Edit each given start or end that differs from ``wanted``; what
        changed, one phrase each."""
        changes = []
        for key, node in nodes.items():
            if node.value != str(wanted[key]):
                # the digits only: the node's span starts at its anchor (&name), if it has one
                self.edits.append((node.end_mark.index - len(node.value), node.end_mark.index, str(wanted[key])))
                changes.append(f"{key} {node.value} -> {wanted[key]}")
        return changes


def _why_left(text: str, quote: str, line: int, found: list) -> str:
    """Why a quote that does not stand exactly once in the text is left alone."""
    if found:
        return (
            f"line {line}: the quote stands {len(occurrences(text, quote))} times; give start and end of the one meant"
        )
    close = nearest(text, quote, 1)
    hint = f"; nearest: {close[0].text[:80]!r} at {close[0].start}-{close[0].end}" if close else ""
    return f"line {line}: the quote does not stand in the text{hint}"


def _check_beside(source) -> None:
    """What a build refuses in this file that only the files read with it
    show: an id used twice, a reference to an entity of the wrong type (or,
    where every file beside it reads, to none), an ``about:`` of nothing.
    Refused with the build's messages; the other files' own errors are not
    this file's (fix them with their own run)."""
    from ..errors import SourceErrors
    from .loader import check_together, read_beside

    beside, whole = read_beside(source.path)
    together = [source if other is None else other for other in beside]
    if source not in together:
        together.insert(0, source)
    mine = str(source.path)
    errors = [e for e in check_together(together, resolve=whole) if e.path == mine]
    if errors:
        raise SourceErrors(errors)


def plan_fixes(paths: list[str | Path], *, writing: bool = True) -> list[FixPlan]:
    """:func:`plan_fix` for every file, each once (a file named twice, or
    reached again through a link, is planned once). If any file is refused,
    :class:`SourceErrors` with every refusal, so that nothing is written
    unless every file can be."""
    from ..errors import SourceErrors

    plans, errors, seen = [], [], set()
    for path in paths:
        try:
            real = os.path.realpath(path)
        except (OSError, ValueError):  # a NUL in the name: the reader says so
            real = str(path)
        if real in seen:
            continue
        seen.add(real)
        try:
            plans.append(plan_fix(path, writing=writing))
        except SourceError as exc:
            errors.append(exc)
    if errors:
        raise SourceErrors(errors)
    return plans


def write_fix(plan: FixPlan) -> None:
    """Write a planned fix: atomically, through a symbolic link, keeping
    permissions and owner, and only if the file still holds what was read.
    Any failure is a :class:`SourceError` and leaves the file unchanged."""
    if plan.new is None:
        return
    path = plan.path
    try:
        write_atomic(path, plan.new, expect=plan.old, refuse_links=True)
    except FileChangedError:
        raise SourceError(
            str(path), None, None, "it changed while fix was working on it; nothing was written: run fix again"
        ) from None
    except LinkedFileError as exc:
        raise SourceError(str(path), None, None, f"{exc.strerror}; nothing was written") from None
    except OSError as exc:
        what = f"{os.path.realpath(path)}, where the link leads" if path.is_symlink() else "it"
        raise SourceError(
            str(path),
            None,
            None,
            f"cannot write {what}: {exc.strerror or exc} (in the folder "
            f"{os.path.dirname(os.path.realpath(path))}); the file is unchanged",
        ) from None


# --------------------------------------------------------------------------- where the new numbers go


def _additions(
    content: str, entry: yaml.MappingNode, fields: dict, keys: dict[str, int], eol: str
) -> list[tuple[int, int, str]]:
    """The insertions that add ``keys`` (name -> number, in order) to the
    evidence entry ``entry``."""
    pairs = [f"{k}: {v}" for k, v in keys.items()]
    first = entry.value[0][0].start_mark  # the first key (at its anchor, if it has one)
    if entry.flow_style:
        return _flow_additions(content, entry, first.index, pairs)
    indent = " " * first.column  # the column of every key of a block mapping
    # under start: for a missing end where start is given, else under the quote
    anchor = fields["start"][1] if "start" in fields else fields["quote"][1]
    at = anchor.end_mark.index
    if anchor.style in ("|", ">"):
        # A block scalar's end mark already stands at the start of the line after it (after any
        # trailing blank lines, which a keep-chomped |+ scalar holds): the new lines go before that line.
        if anchor.end_mark.column == 0 and at > 0 and content[at - 1] in "\r\n":
            brk = "\r\n" if content[at - 2 : at] == "\r\n" else content[at - 1]
            return [(at, at, "".join(f"{indent}{p}{brk}" for p in pairs))]
        # It ends the file without a line break: one added would change its value, so the new keys
        # go before the entry's first key.
        return [(first.index, first.index, "".join(f"{p}{eol}{indent}" for p in pairs))]
    match = _BREAK.search(content, at)  # plain or quoted: after the rest of its last line (a comment)
    end, brk = (match.start(), match.group()) if match else (len(content), eol)
    return [(end, end, "".join(f"{brk}{indent}{p}" for p in pairs))]


def _flow_additions(content: str, entry: yaml.MappingNode, first: int, pairs: list[str]) -> list[tuple[int, int, str]]:
    """The insertions that add ``pairs`` to a flow mapping entry, whose
    first key starts at ``first``."""
    after = entry.value[-1][1].end_mark.index  # after the last value, inside the braces
    if content[entry.end_mark.index - 1] == "}":
        return [(after, after, "".join(f", {p}" for p in pairs))]
    # a single pair inside a flow list ([quote: ...]): braces make one entry of the three pairs
    return [(first, first, "{"), (after, after, "".join(f", {p}" for p in pairs) + "}")]


# --------------------------------------------------------------------------- checking the edited text


def _verify(
    path: Path, old: str, new: str, fixed_at: dict[tuple[int, int], tuple[int, int, int]], text: str, strict: bool
) -> None:
    """Refuse the edit unless the new text reads, with both YAML readers, as
    the old tree with exactly the fixed entries' start and end set, the
    reader accepts it (strictly, where no quote was left alone) and every
    fixed quote stands at its new offsets."""
    problem = None
    for loader in _LOADERS:
        try:
            before, after = _tree(yaml.compose(old, Loader=loader)), _tree(yaml.compose(new, Loader=loader))
        except (yaml.YAMLError, RecursionError) as exc:
            problem = f"the edited file would not read as YAML: {getattr(exc, 'problem', None) or exc}"
            break
        expected = _with_offsets(before, fixed_at)
        if expected is None or after != expected:
            problem = "the edited file would differ from the old one in more than the offsets"
            break
    if problem is None:
        try:
            checked = read_source_file(path, raw=new.encode("utf-8"), check_offsets=strict)
            for (i, j), (start, end, line) in sorted(fixed_at.items()):
                quote = checked.entities[i].evidence[j]
                if (quote.start, quote.end) != (start, end) or text[start:end] != quote.quote:
                    problem = f"the quote of line {line} would not stand at its new offsets"
                    break
        except (SourceError, IndexError) as exc:
            problem = f"the edited file would not read: {exc}"
    if problem:
        first: int | None = min((at[2] for at in fixed_at.values()), default=None)
        raise SourceError(
            str(path),
            first,
            None,
            f"fix cannot edit this file's layout safely ({problem}); nothing "
            "was written: give start and end by hand (`jointvision cite` prints them)",
        )


class _Dupe:
    """Stands for a mapping that gives a key twice: equal to nothing."""

    def __eq__(self, other):
        return False


def _tree(node):
    """A node tree as plain values to compare: a scalar as (tag, text), so
    quoting that changes what a value is shows, and no value is compared
    as a float (NaN is not equal to itself)."""
    if isinstance(node, yaml.ScalarNode):
        return (node.tag, node.value)
    if isinstance(node, yaml.SequenceNode):
        return [_tree(item) for item in node.value]
    if node is None:
        return None
    out = {
        _tree(key) if isinstance(key, yaml.ScalarNode) else repr(_tree(key)): _tree(value) for key, value in node.value
    }
    return out if len(out) == len(node.value) else _Dupe()


def _with_offsets(tree, fixed_at: dict[tuple[int, int], tuple[int, int, int]]):
    """``tree`` with the start and end of each fixed entry set, or None if
    an entry is not where it should be."""
    expected = copy.deepcopy(tree)
    try:
        entities = expected[(_STR, "entities")]
        for (i, j), (start, end, _) in fixed_at.items():
            entry = entities[i][(_STR, "evidence")][j]
            entry[(_STR, "start")], entry[(_STR, "end")] = (_INT, str(start)), (_INT, str(end))
    except (KeyError, IndexError, TypeError):
        return None
    return expected


def _compose(path: Path, content: str, loader):
    try:
        return yaml.compose(content, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise SourceError(
            str(path), mark.line + 1 if mark else None, None, f"malformed YAML: {exc.problem or exc.context}"
        ) from None
    except (yaml.YAMLError, RecursionError) as exc:
        raise SourceError(
            str(path), None, None, f"malformed YAML: {exc or 'lists or mappings nest too deep'}"
        ) from None


def _mapping(node) -> dict[str, tuple]:
    return (
        {k.value: (k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode)}
        if isinstance(node, yaml.MappingNode)
        else {}
    )
