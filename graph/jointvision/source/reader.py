"""Reading one fact file (YAML) and the source text beside it.

The file is read with PyYAML's composer rather than its loader so that every
value keeps its line number: each error names file, line and field. Values
are checked here for form (a number is a number, a date a date, a quote
matches the text at its offsets); references between entities are resolved
later, across all files, by the builder.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

import yaml

from ..errors import SourceError, SourceErrors
from ..files import InputFileError, read_input
from . import kinds
from .kinds import KindError, Text, shown_value
from .rules import Facts, Rule
from .schema import (
    ABSTRACT,
    FORMATS,
    LANGUAGES_SINCE,
    SOURCE_LABEL,
    SOURCE_METADATA,
    TYPES,
    TYPES_SINCE,
    Field,
    entry_fields,
    format_tag,
    kind_in,
    rules_for,
)

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: The first characters of a plain scalar that some implicit type (a number,
#: a date, true, null, ...) may read; ``""`` for the empty scalar (null). Any
#: other scalar is text.
_TYPED_FIRST = frozenset(_BaseLoader.yaml_implicit_resolvers)
#: No implicit type reads scalars of any first character (None), so the first character can decide.
_FIRST_DECIDES = None not in _TYPED_FIRST


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    """The safe loader (libyaml's, where PyYAML has it), which names a
    scalar's implicit type without the resolver's walk where the scalar's
    first character can start none but text: libyaml asks for every scalar
    of the file (two seconds of a million-line file's reading)."""

    def resolve(self, kind, value, implicit):
        if kind is yaml.ScalarNode and value[:1] not in _TYPED_FIRST and _FIRST_DECIDES:
            return self.DEFAULT_SCALAR_TAG
        return super().resolve(kind, value, implicit)


#: Digits an evidence offset may have (far beyond any text a file may hold).
OFFSET_DIGITS = 15
#: The fields of a mapping by name: (the name's node, the value's node).
Nodes = dict[str, tuple[yaml.Node, yaml.Node]]


@dataclass(frozen=True)
class Value:
    """A checked scalar and the line it stands on."""

    value: object  # str | Text | Decimal | int | date
    line: int


@dataclass(frozen=True)
class Quote:
    """A verbatim quote of the source text, checked against its offsets."""

    quote: str
    start: int  # None only where read with check_offsets=False and the offset is missing
    end: int
    line: int
    language: str | None = None  # its BCP 47 tag (lower case): the source's language, unless the entry gives one


@dataclass
class Entity:
    """One entry of ``entities:``: an entity this file defines (``id:``), or
    statements about one defined in another file (``about:``)."""

    id: str
    type: str
    line: int
    where: str  # "entities[3] (id: foo)", for messages
    about: bool = False  # statements about an entity another file defines
    values: dict[str, list[Value]] = field(default_factory=dict)
    # the parts of its one mapping field (``schema.parts_field``): a period, an assessment's covers
    period: dict[str, list[Value]] = field(default_factory=dict)
    evidence: list[Quote] = field(default_factory=list)
    #: Some of its fields did not read (their errors are reported): it holds
    #: only the values that did, for the checks across files.
    incomplete: bool = False


@dataclass
class SourceFile:
    """A fact file with its source text."""

    path: Path
    source_id: str
    label: str
    text_name: str
    text: str
    sha256: str
    entities: list[Entity]
    source_line: int = 0  # the line of source.id, for messages
    version: int = 1  # the format version the file declares
    file_sha256: str = ""  # of the fact file's bytes as read (the text's is ``sha256``, checked)
    metadata: dict[str, Value] = field(default_factory=dict)  # kind, publisher, published, ... (version 2)
    labels: tuple[Text, ...] = ()  # the source's name in each language given (``label``: the first one's text)

    def error(self, line: int | None, where: str, message: str) -> SourceError:
        """An error of this file at ``line``, naming the field ``where``."""
        return SourceError(str(self.path), line, where, message)


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _quoted(node: yaml.ScalarNode) -> bool:
    """Whether a scalar was written in quotes (or as a block), not plain."""
    return node.style not in (None, "")


class _Reader:
    """Walks the composed YAML tree of one file, raising SourceError. Its
    ``version`` (the file's format version, once read) says which fields
    and kinds the file may use; ``source_kind`` is its ``source.kind``, and
    ``language`` its ``source.language`` (lower case): the language of every
    text the file gives without one."""

    def __init__(self, path: Path):
        self.path = path
        self.version = len(FORMATS)
        self.source_kind: str | None = None
        self.language: str | None = None

    def fail(self, node_or_line, where: str | None, message: str) -> SourceError:
        """The error of this file at a node's line (or a line, or none)."""
        line = node_or_line if isinstance(node_or_line, int) or node_or_line is None else _line(node_or_line)
        return SourceError(str(self.path), line, where, message)

    def mapping(self, node: yaml.Node, where: str, allowed: set[str] | None = None) -> Nodes:
        """The fields of a mapping, each once and (given ``allowed``) each known."""
        if not isinstance(node, yaml.MappingNode):
            raise self.fail(node, where, "expected a mapping of field: value")
        out: Nodes = {}
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode):
                raise self.fail(key, where, "field names must be plain words")
            name = key.value
            if name in out:
                raise self.fail(key, f"{where}.{name}" if where else name, "this field is given twice")
            if allowed is not None and name not in allowed:
                raise self.fail(
                    key,
                    f"{where}.{name}" if where else name,
                    f"unknown field; expected one of: {', '.join(sorted(allowed))}",
                )
            out[name] = (key, value)
        return out

    def scalar(self, node: yaml.Node, where: str) -> str:
        """The text of a single value, refused if it holds a character XML cannot."""
        if not isinstance(node, yaml.ScalarNode):
            raise self.fail(node, where, "expected a single value, not a list or mapping")
        bad = _UNWRITABLE.search(node.value)
        if bad:
            raise self.fail(
                node,
                where,
                f"holds the character U+{ord(bad.group()):04X}, which XML downloads "
                "(GraphML, GEXF) and many tools cannot hold: remove it",
            )
        return node.value

    def typed(self, node: yaml.Node, where: str, kind: str) -> Value:
        """The value of a scalar of ``kind`` (a name in ``kinds.KINDS``), or
        the SourceError saying why it is not one."""
        raw = self.scalar(node, where)
        try:
            value = kinds.get(kind).parse(raw, _quoted(node))
        except KindError as exc:
            raise self.fail(node, where, exc.message) from None
        if isinstance(value, Text):  # a text in the source's language, unless a mapping names another
            value = Text(value.text, self.language)
        return Value(value, _line(node))

    def tag(self, node: yaml.Node, where: str) -> str:
        """A well-formed BCP 47 language tag, in lower case (as RDF stores keep it)."""
        return str(self.typed(node, where, "language").value).lower()

    def texts(self, node: yaml.MappingNode, where: str, spec: Field) -> list[Value]:
        """A text field written as a mapping of language to text (``{en:
        Japan, ja: 日本}``, format version 4): one text per language (tags
        compared in any case), each checked as the field's kind; one in all
        for a field of ``one_text`` (a ``stated_as``)."""
        if self.version < LANGUAGES_SINCE:
            raise self.fail(
                node,
                where,
                f"a text in a named language (a mapping of language to text) needs format: "
                f"{format_tag(LANGUAGES_SINCE)} (this file declares {format_tag(self.version)})",
            )
        pairs = self.mapping(node, where)
        if not pairs:
            raise self.fail(node, where, "the mapping is empty: give a language and its text, such as {en: Japan}")
        if spec.one_text and len(pairs) > 1:
            key = list(pairs.values())[1][0]
            raise self.fail(key, where, "takes one text, in the one language the source states it in")
        found: dict[str, Value] = {}
        for name, (key, value) in pairs.items():
            language = self.tag(key, f"{where}.{name}")
            if language in found:
                raise self.fail(
                    key,
                    f"{where}.{name}",
                    f"a second text in the language {language} (line {found[language].line}): at most one per language",
                )
            text = self.typed(value, f"{where}.{name}", spec.kind)
            found[language] = Value(Text(str(text.value), language), text.line)
        return list(found.values())

    def values(self, node: yaml.Node, where: str, spec: Field) -> list[Value]:
        """The values of a field: one, or (for a field of many) a list, each
        of the field's kind as this file's format version reads it."""
        kind = kind_in(spec.kind, self.version)
        if isinstance(node, yaml.MappingNode) and kinds.get(kind).tagged:
            return self.texts(node, where, spec)
        if isinstance(node, yaml.SequenceNode):
            if not spec.many:
                raise self.fail(node, where, "takes a single value, not a list")
            if not node.value:
                raise self.fail(node, where, "the list is empty; leave the field out instead")
            return [self.typed(item, f"{where}[{i}]", kind) for i, item in enumerate(node.value)]
        return [self.typed(node, where, kind)]

    def held(self, node: yaml.Node, where: str, spec: Field) -> tuple[Field, list[Value]]:
        """A field's values and the field that holds them: ``spec``, or the
        first of its alternatives (of this file's version) whose kind reads
        them. Where none does, the most telling message: one kind's own
        (``write 'P18M' as 'P1Y6M'``), or else what each kind takes."""
        choices = [spec, *(alt for alt in spec.alternatives if alt.since <= self.version)]
        failures: list[SourceError] = []
        for choice in choices:
            try:
                return choice, self.values(node, where, choice)
            except SourceError as exc:
                failures.append(exc)
        if len(failures) == 1 or not isinstance(node, yaml.ScalarNode):
            raise failures[0]
        described = [kinds.get(kind_in(choice.kind, self.version)) for choice in choices]
        for kind, failure in zip(described, failures):
            if failure.message != kinds.mismatch(kind, node.value):
                raise failure
        takes = ", or ".join(kind.description for kind in described)
        raise self.fail(node, where, f"must be {takes}, got {shown_value(node.value)}")

    def known(self, key: yaml.Node, where: str, specs: dict[str, Field], also: set[str], unknown: str) -> None:
        """Refuse a field (``key``) that is none of ``specs`` and ``also``
        (``unknown`` says so, with what is expected), or one that a later
        format version brought."""
        name = key.value
        spec = specs.get(name)
        if (spec is not None and spec.since <= self.version) or name in also:
            return  # the common case, without making the set of every field known (one an entry's field)
        current = {n for n, spec in specs.items() if spec.since <= self.version} | also
        if name in specs:
            raise self.fail(
                key,
                where,
                f"this field needs format: {format_tag(specs[name].since)} "
                f"(this file declares {format_tag(self.version)})",
            )
        raise self.fail(key, where, f"{unknown}; expected one of: {', '.join(sorted(current))}")


#: Characters no value may hold: C0 controls but tab, line feed and carriage
#: return, the non-characters U+FFFE and U+FFFF, and lone surrogates (which
#: a YAML escape such as "\\ud800" can produce). XML 1.0 cannot write them.
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
#: Characters a YAML file may not hold (YAML 1.1 printable set), with the
#: others above: checked before parsing, so the message has a line.
_NOT_YAML = re.compile("[^\x09\x0a\x0d\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


#: What YAML reads as a line break besides CR and LF (YAML 1.1): refused
#: raw, since YAML folds them away inside a quoted value.
_YAML_BREAKS = {"\x85", "\u2028", "\u2029"}
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _line_and_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset``, counting CR, LF and CRLF breaks."""
    line, start = 1, 0
    for match in _LINE_BREAK.finditer(text, 0, offset):
        line, start = line + 1, match.end()
    return line, offset - start + 1


#: The tags a YAML reader gives values written without one: any other was
#: written explicitly (!!str 5, !!binary ...), which a fact file may not do.
_PLAIN_TAGS = {yaml.MappingNode: "tag:yaml.org,2002:map", yaml.SequenceNode: "tag:yaml.org,2002:seq"}


#: What an alias needs in the text: ``*`` and its anchor's name, with no space
#: between. Where nothing matches, no node can be read twice.
_ALIAS_POSSIBLE = re.compile(r"\*\S")


def _check_tree(path: Path, root: yaml.Node, tags_possible: bool = True, aliases_possible: bool = True) -> None:
    """Refuse YAML aliases (one node read twice: *name) and explicit tags:
    neither has a place in a fact file, and an alias repeated a million
    times would make every check repeat its work a million times. Where the
    text has no ``!`` at all, so no tag (``tags_possible`` false), scalars
    are not resolved again (a million scalars: two seconds); where it has
    no ``*`` before a name, so no alias (``aliases_possible`` false) either,
    the tree is not walked at all."""
    if not tags_possible and not aliases_possible:
        return
    resolver = _Loader("")
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            raise SourceError(
                str(path),
                _line(node),
                None,
                "this value is used again through a YAML alias "
                "(*name): aliases and anchors are not allowed in fact files; write the value out",
            )
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            if not tags_possible:
                continue
            implicit = resolver.resolve(
                yaml.ScalarNode, node.value, (node.style in (None, ""), node.style not in (None, ""))
            )
            if node.tag != implicit:
                raise SourceError(
                    str(path),
                    _line(node),
                    None,
                    f"the YAML tag {shown_value(node.tag)} is not allowed in fact files: write the value without a tag",
                )
        else:
            if node.tag != _PLAIN_TAGS[type(node)]:
                raise SourceError(
                    str(path), _line(node), None, f"the YAML tag {shown_value(node.tag)} is not allowed in fact files"
                )
            if isinstance(node, yaml.MappingNode):
                for key, value in node.value:
                    stack += [key, value]
            else:
                stack += node.value


def occurrences(text: str, quote: str, limit: int = 6) -> list[int]:
    """Where ``quote`` starts in ``text``: at most ``limit`` offsets, found
    with plain string search (a huge quote costs no regular expression)."""
    found: list[int] = []
    at = text.find(quote)
    while at >= 0 and len(found) < limit:
        found.append(at)
        at = text.find(quote, at + 1)
    return found


def _check_quote(text: str, quote: str, start: int | None, end: int | None) -> str | None:
    """Why the quote does not stand at [start:end] of text, or None if it does."""
    if start is not None and end is not None and text[start:end] == quote:
        return None
    found = occurrences(text, quote)
    if start is None and end is None:
        head = "start and end offsets are missing"
    elif start is None or end is None:
        head = f"the {'start' if start is None else 'end'} offset is missing"
    else:
        head = f"the text at {start}-{end} is {text[start:end][:80]!r}, not the quote"
    if not found:
        from .cite import nearest

        close = nearest(text, quote, 1) if len(quote) <= 10_000 else []
        hint = (
            (
                f"; nearest: start: {close[0].start}, end: {close[0].end} ({', '.join(close[0].differences)}): "
                f"{close[0].text[:120]!r} (see `jointvision cite`)"
            )
            if close
            else " (check spelling, quotes and apostrophes)"
        )
        return f"{head}; the quote does not occur in the source text{hint}"
    spots = ", ".join(f"start: {s}, end: {s + len(quote)}" for s in found[:5])
    return f"{head}; the quote occurs at {spots}"


#: A quoted text followed by a language tag, as Turtle writes it ("日本"@ja).
_TAGGED_QUOTE = re.compile(r"""(["'])(.*)\1@([A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*)""")


def _language_hint(content: str, mark) -> str:
    """Where YAML stops at the ``@`` of a quoted text with a language tag
    after it (``label: "日本"@ja``, as Turtle would write it): how the format
    writes a text's language instead."""
    lines = content.splitlines()
    if mark.line >= len(lines):
        return ""
    text = lines[mark.line]
    found = next((m for m in _TAGGED_QUOTE.finditer(text) if m.end(2) + 1 == mark.column), None)
    if found is None:
        return ""
    return (
        f" (a language tag after a quoted text, {found.group()}, is not YAML: give the language as "
        f"a mapping of language to text, {{{found.group(3)}: {found.group(2)}}} (format: jointvision-source/4))"
    )


def compose_checked(path: Path, raw: bytes):
    """The YAML node tree of a file's bytes, every line number kept, or None
    for an empty file. Refuses, with the line: text that is not UTF-8, a
    character YAML may not hold (or would fold away), malformed YAML, nesting
    too deep, aliases and explicit tags."""
    line: int | None
    try:
        content = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SourceError(str(path), line, None, "the file is not valid UTF-8") from None
    bad = _NOT_YAML.search(content)
    if bad:
        line, column = _line_and_column(content, bad.start())
        what = (
            "a line break to YAML, which would fold it away: write it as an escape, \\u"
            f"{ord(bad.group()):04X}, in a double-quoted value"
            if bad.group() in _YAML_BREAKS
            else "a control character, which may not stand in a fact file: remove it"
        )
        raise SourceError(str(path), line, None, f"column {column}: the character U+{ord(bad.group()):04X} is " + what)
    try:
        root = yaml.compose(content, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        hint = _language_hint(content, mark) if mark else ""
        raise SourceError(str(path), line, None, f"malformed YAML: {exc.problem or exc.context}{hint}") from None
    except RecursionError:  # the pure-Python reader, on lists or mappings nested thousands deep
        raise SourceError(str(path), None, None, "malformed YAML: lists or mappings nest too deep") from None
    except yaml.YAMLError as exc:
        position = getattr(exc, "position", None)
        line = _line_and_column(content, position)[0] if isinstance(position, int) else None
        raise SourceError(str(path), line, None, f"malformed YAML: {getattr(exc, 'reason', None) or exc}") from None
    if root is not None:
        _check_tree(path, root, tags_possible="!" in content, aliases_possible=bool(_ALIAS_POSSIBLE.search(content)))
    return root


def read_fact_file(path: Path) -> bytes:
    """The bytes of a fact file, or a SourceError saying why it cannot be read."""
    try:
        return read_input(path)
    except InputFileError as exc:
        raise SourceError(str(path), None, None, f"cannot read the file: {exc}") from None


def read_source_file(path: Path, *, raw: bytes | None = None, check_offsets: bool = True) -> SourceFile:
    """Read and check one fact file and its source text. ``raw``: the
    file's bytes, where they are read already (they are then checked as if
    they stood at ``path``). With ``check_offsets`` false (for `jointvision
    fix`), every check is made but one: that each quote stands in the text
    at its offsets; offsets may then be wrong or missing (None)."""
    path = Path(path)
    reader = _Reader(path)
    if raw is None:
        raw = read_fact_file(path)
    root = compose_checked(path, raw)
    if root is None:
        raise SourceError(str(path), None, None, "the file is empty")

    top = reader.mapping(root, "", {"format", "source", "entities"})
    for required in ("format", "source", "entities"):
        if required not in top:
            raise reader.fail(root, required, "this field is required")
    reader.version = _read_format(reader, top["format"][1])
    source = _read_source(reader, top["source"][1])
    source.file_sha256 = hashlib.sha256(raw).hexdigest()
    ents_node = top["entities"][1]
    if not isinstance(ents_node, yaml.SequenceNode):
        raise reader.fail(ents_node, "entities", "expected a list of entities")
    try:
        source.entities = _read_entities(reader, ents_node, source.text, check_offsets)
    except SourceErrors as exc:  # the file as far as it read, for the checks across files
        source.entities = exc.partial
        exc.partial = source
        raise
    return source


def _read_source(reader: _Reader, node: yaml.Node) -> SourceFile:
    """``source:``: its id, metadata (whose ``language`` every text of the
    file is in, unless it names another), name and text; no entities yet."""
    version = reader.version
    src = _read_source_fields(reader, node, version)
    source_id = reader.typed(src["id"][1], "source.id", "ref").value
    metadata = {
        name: reader.typed(src[name][1], f"source.{name}", kind_in(SOURCE_METADATA[name][0], version))
        for name in SOURCE_METADATA
        if name in src
    }
    reader.source_kind = str(metadata["kind"].value) if "kind" in metadata else None
    reader.language = str(metadata["language"].value).lower() if "language" in metadata else None
    labels = [value.value for value in reader.values(src["label"][1], "source.label", SOURCE_LABEL)]
    text_name = reader.typed(src["text"][1], "source.text", "str").value
    sha = reader.typed(src["sha256"][1], "source.sha256", "str").value
    text = _read_text(reader, src, str(text_name), str(sha))
    return SourceFile(
        reader.path,
        str(source_id),
        str(labels[0]),
        str(text_name),
        text,
        str(sha),
        [],
        source_line=_line(src["id"][1]),
        version=version,
        metadata=metadata,
        labels=tuple(label for label in labels if isinstance(label, Text)),
    )


def _read_format(reader: _Reader, node: yaml.Node) -> int:
    """The format version a file declares (``format:``)."""
    fmt = reader.scalar(node, "format")
    if fmt not in FORMATS:
        raise reader.fail(node, "format", f"must be {' or '.join(map(repr, FORMATS))}, got {shown_value(fmt)}")
    return FORMATS.index(fmt) + 1


def _read_source_fields(reader: _Reader, node: yaml.Node, version: int) -> Nodes:
    """The fields of ``source:``, each known, metadata only in version 2, the
    base ones all given."""
    base = {"id", "label", "text", "sha256"}
    src = reader.mapping(node, "source")
    for name, (key, _) in src.items():
        if name not in base and name not in SOURCE_METADATA:
            raise reader.fail(
                key,
                f"source.{name}",
                f"unknown field; expected one of: {', '.join(sorted(base | set(SOURCE_METADATA)))}",
            )
        if name in SOURCE_METADATA and version < 2:
            raise reader.fail(
                key,
                f"source.{name}",
                f"source metadata needs format: {format_tag(2)} (this file declares {format_tag(version)})",
            )
    for required in ("id", "label", "text", "sha256"):
        if required not in src:
            raise reader.fail(node, f"source.{required}", "this field is required")
    return src


def _read_text(reader: _Reader, src: Nodes, text_name: str, sha: str) -> str:
    """The source text beside the fact file, checked against its digest."""
    path = reader.path
    text_path = path.parent / text_name
    if Path(text_name).name != text_name or text_name in {".", ".."} or "\\" in text_name:
        raise reader.fail(src["text"][1], "source.text", "must be a file name beside the fact file, not a path")
    try:
        text_bytes = read_input(text_path, inside=path.parent)
    except InputFileError as exc:
        raise reader.fail(
            src["text"][1], "source.text", f"the source text {str(text_path)!r} cannot be read: {exc}"
        ) from None
    digest = hashlib.sha256(text_bytes).hexdigest()
    if digest != sha:
        raise reader.fail(
            src["sha256"][1],
            "source.sha256",
            f"the source text has SHA-256 {digest}, not the one given: it changed, so every offset "
            "must be checked before the digest is updated",
        )
    try:
        return text_bytes.decode("utf-8")
    except UnicodeDecodeError:
        raise reader.fail(src["text"][1], "source.text", "the source text is not valid UTF-8") from None


def _read_entities(reader: _Reader, node: yaml.SequenceNode, text: str, check_offsets: bool) -> list[Entity]:
    """Every entry of ``entities:``; SourceErrors with the errors of every
    entry, and of every field of each (not just the first), and as its
    ``partial`` the entries as far as they read, for the checks across files
    (``unreadable``: the ids of entries whose type did not read)."""
    entities: list[Entity] = []
    errors: list[SourceError] = []
    unreadable: set[str] = set()
    for i, item in enumerate(node.value):
        try:
            entity, fields = _read_head(reader, item, i, unreadable)
        except SourceError as exc:
            errors.append(exc)
            continue
        found = _read_body(reader, entity, fields, item, text, check_offsets)
        entity.incomplete = bool(found)
        errors.extend(found)
        entities.append(entity)
    errors.extend(_quote_languages(reader, [e for e in entities if not e.incomplete]))
    if errors:
        raise SourceErrors(errors, partial=entities, unreadable=unreadable)
    return entities


def _read_head(reader: _Reader, node: yaml.Node, index: int, unreadable: set[str]) -> tuple[Entity, Nodes]:
    """An entry's fields by name, its id (or about) and its type: what the
    rest of it is read by. An id whose type does not read goes into
    ``unreadable`` (other files' references to it are then let pass)."""
    where = f"entities[{index}]"
    fields = reader.mapping(node, where)
    key, ent_id = _read_identity(reader, node, fields, where, reader.version)
    where = f"{where} ({key}: {ent_id})"
    try:
        type_name = _read_type(reader, node, fields, where)
    except SourceError:
        unreadable.add(ent_id)
        raise
    return Entity(ent_id, type_name, _line(node), where, about=key == "about"), fields


def _read_body(
    reader: _Reader, entity: Entity, fields: Nodes, node: yaml.Node, text: str, check_offsets: bool = True
) -> list[SourceError]:
    """An entry's fields, each of its kind, then (where every field read)
    the schema's rules for its type (``schema.rules_for``): the error of each
    field and of each rule broken, not just the first."""
    errors: list[SourceError] = []
    specs = entry_fields(entity.type)
    key = "about" if entity.about else "id"
    for name, (name_node, value) in fields.items():
        here = f"{entity.where}.{name}"
        try:
            reader.known(name_node, here, specs, {key, "type", "evidence"}, f"unknown field for type {entity.type}")
            _read_field(reader, entity, name, value, here, specs, text, check_offsets)
        except SourceError as exc:
            errors.append(exc)
    if errors:  # the rules read the fields' values: a field that did not read would break them falsely
        return errors
    facts = Facts(
        entity.type,
        entity.about,
        {name: values[0].value for name, values in entity.values.items()},
        tuple(quote.quote for quote in entity.evidence),
        reader.source_kind,
    )
    return _breaches(reader, rules_for(entity.type), facts, fields, node, entity.where)


def _read_field(
    reader: _Reader,
    entity: Entity,
    name: str,
    value: yaml.Node,
    here: str,
    specs: dict[str, Field],
    text: str,
    check_offsets: bool,
) -> None:
    """One field of an entry, into ``entity``."""
    if name in {"id", "about", "type"}:
        return
    if name == "evidence":
        entity.evidence = _read_evidence(reader, value, here, text, check_offsets)
    elif specs[name].parts:
        entity.period = _read_parts(reader, value, here, specs[name], entity)
    else:
        spec, values = reader.held(value, here, specs[name])
        entity.values[spec.name] = values


def _read_identity(reader: _Reader, node: yaml.Node, fields: Nodes, where: str, version: int) -> tuple[str, str]:
    """Which of ``id`` (an entity this file defines) or ``about`` (one
    another file defines) an entry gives, and the identifier."""
    about = "about" in fields
    if about and "id" in fields:
        raise reader.fail(
            fields["about"][0],
            f"{where}.about",
            "give id (an entity this file defines) or about (one another file defines), not both",
        )
    if about and version < 2:
        raise reader.fail(fields["about"][0], f"{where}.about", f"about: entries need format: {format_tag(2)}")
    key = "about" if about else "id"
    if key not in fields:
        raise reader.fail(
            node, f"{where}.id", "every entity needs an id (or, to describe one defined in another file, about: its id)"
        )
    return key, str(reader.typed(fields[key][1], f"{where}.{key}", "ref").value)


def _read_type(reader: _Reader, node: yaml.Node, fields: Nodes, where: str) -> str:
    """The entry's type: one of the schema's, not an abstract one."""
    if "type" not in fields:
        raise reader.fail(node, f"{where}.type", "every entity needs a type")
    type_name = reader.scalar(fields["type"][1], f"{where}.type")
    if type_name not in TYPES or type_name in ABSTRACT:
        usable = sorted(t for t in TYPES if t not in ABSTRACT and TYPES_SINCE.get(t, 1) <= reader.version)
        raise reader.fail(
            fields["type"][1],
            f"{where}.type",
            f"unknown type {shown_value(type_name)}; expected one of: {', '.join(usable)}",
        )
    since = TYPES_SINCE.get(type_name, 1)
    if since > reader.version:
        raise reader.fail(
            fields["type"][1],
            f"{where}.type",
            f"type {type_name} needs format: {format_tag(since)} (this file declares {format_tag(reader.version)})",
        )
    return type_name


def _read_parts(reader: _Reader, node: yaml.Node, where: str, spec: Field, entity: Entity) -> dict[str, list[Value]]:
    """A field that is a mapping of ``spec.parts`` (a period), each of its
    kind, then ``spec.rules`` across them (SourceErrors with each error)."""
    by_name = {part.name: part for part in spec.parts}
    parts = reader.mapping(node, where)
    if not parts:
        raise reader.fail(node, where, f"the {spec.name} is empty")
    values, errors = {}, []
    for name, (key, value) in parts.items():
        try:
            reader.known(key, f"{where}.{name}", by_name, set(), "unknown field")
            values[name] = reader.values(value, f"{where}.{name}", by_name[name])
        except SourceError as exc:
            errors.append(exc)
    if not errors:
        facts = Facts(entity.type, entity.about, {name: found[0].value for name, found in values.items()})
        errors = _breaches(reader, spec.rules, facts, parts, node, where)
    if errors:
        raise SourceErrors(errors)
    return values


def _breaches(
    reader: _Reader, rules: tuple[Rule, ...], facts: Facts, fields: Nodes, node: yaml.Node, where: str
) -> list[SourceError]:
    """The error of each rule broken, naming its field and pointing at the
    field's value (at the entry or mapping, where the field is not given or
    the rule concerns the whole). A rule about a field already reported
    (a required field missing, then the same field's form) says nothing more."""
    errors, named = [], set()
    for rule in rules:
        breach = rule.check(facts)
        if breach is None or (breach.field is not None and breach.field in named):
            continue
        named.add(breach.field)
        if breach.field is None:
            errors.append(reader.fail(node, where, breach.message))
            continue
        at = fields[breach.field][1] if breach.field in fields else node
        errors.append(reader.fail(at, f"{where}.{breach.field}", breach.message))
    return errors


def _read_evidence(reader: _Reader, node: yaml.Node, where: str, text: str, check_offsets: bool = True) -> list[Quote]:
    """The quotes of ``evidence:``, each at its offsets in the text (unless
    ``check_offsets`` is false)."""
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        raise reader.fail(node, where, "expected a list of quotes (- quote: ..., start: ..., end: ...)")
    return [_read_quote(reader, item, f"{where}[{i}]", text, check_offsets) for i, item in enumerate(node.value)]


def _read_quote(reader: _Reader, item: yaml.Node, here: str, text: str, check_offsets: bool) -> Quote:
    """One quote: its words, offsets and language (the source's, unless it
    gives one: format version 4)."""
    fields = reader.mapping(item, here, {"quote", "start", "end", "language"})
    if "quote" not in fields:
        raise reader.fail(item, f"{here}.quote", "the quote is missing")
    quote = str(reader.typed(fields["quote"][1], f"{here}.quote", "str").value)
    offsets = {
        name: _read_offset(reader, fields[name][1], f"{here}.{name}", text)
        for name in ("start", "end")
        if name in fields
    }
    if check_offsets:
        problem = _check_quote(text, quote, offsets.get("start"), offsets.get("end"))
        if problem:
            raise reader.fail(item, f"{here}.quote", problem)
    language = reader.language
    if "language" in fields:
        key, value = fields["language"]
        if reader.version < LANGUAGES_SINCE:
            raise reader.fail(
                key,
                f"{here}.language",
                f"a quote's language needs format: {format_tag(LANGUAGES_SINCE)} "
                f"(this file declares {format_tag(reader.version)})",
            )
        language = reader.tag(value, f"{here}.language")
    # an offset is None only where check_offsets is false (for `jointvision fix`)
    start, end = cast(int, offsets.get("start")), cast(int, offsets.get("end"))
    return Quote(quote, start, end, _line(item), language)


def _read_offset(reader: _Reader, node: yaml.Node, where: str, text: str) -> int:
    """A quote's ``start`` or ``end``: a character offset, written as a whole number."""
    raw = reader.scalar(node, where)
    if not re.fullmatch(r"[0-9]+", raw) or _quoted(node):
        raise reader.fail(node, where, f"must be a character offset (a whole number), got {shown_value(raw)}")
    if len(raw.lstrip("0")) > OFFSET_DIGITS:
        raise reader.fail(
            node, where, f"{shown_value(raw)} is far beyond the end of the source text ({len(text):,} characters)"
        )
    return int(raw)


def _quote_languages(reader: _Reader, entities: list[Entity]) -> list[SourceError]:
    """A passage quoted twice in one file in two languages (one quote's
    ``language`` overriding the source's): an evidence node is one passage,
    with one quote and one language."""
    first: dict[tuple[int, int], Quote] = {}
    errors = []
    for entity in entities:
        for quote in entity.evidence:
            if quote.start is None or quote.end is None:
                continue
            earlier = first.setdefault((quote.start, quote.end), quote)
            if earlier.language != quote.language:
                errors.append(
                    reader.fail(
                        quote.line,
                        f"{entity.where}.evidence",
                        f"the passage {quote.start}-{quote.end} is quoted at line {earlier.line} in "
                        f"{earlier.language or 'no language'}, here in {quote.language or 'no language'}: "
                        "a passage has one language",
                    )
                )
    return errors
