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
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml

from ..errors import SourceError, SourceErrors
from ..files import InputFileError, read_input
from .schema import (ABSTRACT, BOUNDS, FORMAT, FORMATS, ID_PATTERN, PERIOD_FIELDS, QUANTITY_FIELDS, SOURCE_KINDS,
                     SOURCE_METADATA, TYPES, Field, fields_of, is_a, quantity_required)

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_ID = re.compile(ID_PATTERN)
#: Digits a number may have. RDF stores hold xsd:decimal in a fixed range
#: (Oxigraph: 20 digits before the point and 18 after) and xsd:integer in 64
#: bits; bounding the digits also keeps every conversion fast.
DECIMAL_DIGITS, FRACTION_DIGITS, INTEGER_DIGITS, DURATION_DIGITS, OFFSET_DIGITS = 20, 18, 18, 9, 15
_FORMS = {
    # ASCII digits only: \d would also admit other scripts' digits, which XSD does not.
    # not negative: every quantity is a count or an amount
    "decimal": (re.compile(r"[0-9]+(\.[0-9]+)?"),
                "a number written in digits, not negative, such as 10000000000000 or 2.5"),
    "posint": (re.compile(r"[1-9][0-9]*"), "a positive whole number"),
    "gyear": (re.compile(r"[0-9]{4}"), "a year such as 2026"),
    "date": (re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}"), "a date such as 2025-08-29"),
    "duration": (re.compile(r"P(?=[0-9])([0-9]+Y)?([0-9]+M)?([0-9]+D)?"),
                 "a duration in years, months and days such as P5Y, P18M or P1Y6M"),
    "qid": (re.compile(r"Q[1-9][0-9]*"), "a Wikidata identifier such as Q668"),
    "code2": (re.compile(r"[A-Z]{2}"), "a two-letter upper-case code such as IN"),
    "code3": (re.compile(r"[A-Z]{3}"), "a three-letter upper-case code such as JPY"),
    "ref": (_ID, "an identifier: lower-case words joined by single hyphens, such as next-gen-health"),
    "language": (re.compile(r"[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8}){0,7}"), "a BCP 47 language tag such as en, ja or hi"),
    # an absolute http(s) URL without spaces or characters an IRI may not hold; it is recorded, never fetched
    # RFC 3986, ASCII only (percent-encode the rest): a host name or [IPv6], an optional port, then a path,
    # query and fragment of its allowed characters and well-formed %XX escapes
    "url": (re.compile(r"https?://(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]"
                       r"{0,61}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]{2,45}\])(?::[0-9]{1,5})?"
                       r"(?:[/?#](?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?#]|%[0-9A-Fa-f]{2})*)?"),
            "an http or https URL such as https://example.org/page (ASCII: percent-encode other characters)"),
}


@dataclass(frozen=True)
class Value:
    """A checked scalar and the line it stands on."""

    value: object  # str | Decimal | int | date
    line: int


@dataclass(frozen=True)
class Quote:
    """A verbatim quote of the source text, checked against its offsets."""

    quote: str
    start: int  # None only where read with check_offsets=False and the offset is missing
    end: int
    line: int


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
    period: dict[str, list[Value]] = field(default_factory=dict)
    evidence: list[Quote] = field(default_factory=list)


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

    def error(self, line: int | None, where: str, message: str) -> SourceError:
        return SourceError(str(self.path), line, where, message)


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _quoted(node: yaml.ScalarNode) -> bool:
    """Whether a scalar was written in quotes (or as a block), not plain."""
    return node.style not in (None, "")


class _Reader:
    """Walks the composed YAML tree of one file, raising SourceError."""

    def __init__(self, path: Path):
        self.path = path

    def fail(self, node_or_line, where: str | None, message: str) -> SourceError:
        line = node_or_line if isinstance(node_or_line, int) or node_or_line is None else _line(node_or_line)
        return SourceError(str(self.path), line, where, message)

    def mapping(self, node: yaml.Node, where: str, allowed: set[str] | None = None) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        if not isinstance(node, yaml.MappingNode):
            raise self.fail(node, where, "expected a mapping of field: value")
        out: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode):
                raise self.fail(key, where, "field names must be plain words")
            name = key.value
            if name in out:
                raise self.fail(key, f"{where}.{name}" if where else name, "this field is given twice")
            if allowed is not None and name not in allowed:
                raise self.fail(key, f"{where}.{name}" if where else name,
                                f"unknown field; expected one of: {', '.join(sorted(allowed))}")
            out[name] = (key, value)
        return out

    def scalar(self, node: yaml.Node, where: str) -> str:
        if not isinstance(node, yaml.ScalarNode):
            raise self.fail(node, where, "expected a single value, not a list or mapping")
        bad = _UNWRITABLE.search(node.value)
        if bad:
            raise self.fail(node, where, f"holds the character U+{ord(bad.group()):04X}, which XML downloads "
                            "(GraphML, GEXF) and many tools cannot hold: remove it")
        return node.value

    def typed(self, node: yaml.Node, where: str, kind: str) -> Value:
        raw = self.scalar(node, where)
        line = _line(node)
        if kind == "str":
            if not raw.strip():
                raise self.fail(node, where, "must not be empty")
            return Value(raw, line)
        if kind == "source_kind":
            if raw not in SOURCE_KINDS:
                raise self.fail(node, where, f"must be one of {', '.join(SOURCE_KINDS)}, got {shown_value(raw)}")
            return Value(raw, line)
        if kind == "bound":
            if raw not in BOUNDS:
                raise self.fail(node, where, f"must be one of {', '.join(BOUNDS)}, got {shown_value(raw)}")
            return Value(raw, line)
        pattern, description = _FORMS[kind]
        if kind == "url" and len(raw) > 2000:
            raise self.fail(node, where, f"a URL of {len(raw):,} characters is too long (at most 2,000)")
        if kind in {"decimal", "posint", "gyear"} and _quoted(node):
            raise self.fail(node, where, f"must be {description}, not a quoted string ({shown_value(raw)})")
        if not pattern.fullmatch(raw):  # fullmatch: '$' alone would accept a final newline
            raise self.fail(node, where, f"must be {description}, got {shown_value(raw)}")
        too_long = _too_many_digits(kind, raw)
        if too_long:
            raise self.fail(node, where, too_long)
        if kind == "decimal":
            try:
                return Value(Decimal(raw), line)
            except InvalidOperation:  # pragma: no cover - the pattern admits only valid numbers
                raise self.fail(node, where, f"must be {description}, got {raw!r}") from None
        if kind == "posint":
            return Value(int(raw), line)
        if kind == "duration":
            canonical = canonical_duration(raw)
            if canonical != raw:
                raise self.fail(node, where, f"write {raw!r} as {canonical!r} (the canonical form, which every "
                                "RDF store keeps as it is)" if canonical else f"{raw!r} is a zero duration")
        if kind == "date":
            try:
                return Value(date.fromisoformat(raw), line)
            except ValueError:
                raise self.fail(node, where, f"{raw!r} is not a calendar date") from None
        return Value(raw, line)

    def values(self, node: yaml.Node, where: str, spec: Field) -> list[Value]:
        if isinstance(node, yaml.SequenceNode):
            if not spec.many:
                raise self.fail(node, where, "takes a single value, not a list")
            if not node.value:
                raise self.fail(node, where, "the list is empty; leave the field out instead")
            return [self.typed(item, f"{where}[{i}]", spec.kind) for i, item in enumerate(node.value)]
        return [self.typed(node, where, spec.kind)]


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


def _check_tree(path: Path, root: yaml.Node) -> None:
    """Refuse YAML aliases (one node read twice: *name) and explicit tags:
    neither has a place in a fact file, and an alias repeated a million
    times would make every check repeat its work a million times."""
    resolver = yaml.resolver.Resolver()
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            raise SourceError(str(path), _line(node), None, "this value is used again through a YAML alias "
                              "(*name): aliases and anchors are not allowed in fact files; write the value out")
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            implicit = resolver.resolve(yaml.ScalarNode, node.value, (node.style in (None, ""),
                                                                     node.style not in (None, "")))
            if node.tag != implicit:
                raise SourceError(str(path), _line(node), None, f"the YAML tag {shown_value(node.tag)} is not "
                                  "allowed in fact files: write the value without a tag")
        else:
            if node.tag != _PLAIN_TAGS[type(node)]:
                raise SourceError(str(path), _line(node), None, f"the YAML tag {shown_value(node.tag)} is not "
                                  "allowed in fact files")
            if isinstance(node, yaml.MappingNode):
                for key, value in node.value:
                    stack += [key, value]
            else:
                stack += node.value


def shown_value(raw: str, limit: int = 60) -> str:
    """A value for a message: quoted, and cut if long."""
    return repr(raw) if len(raw) <= limit else repr(raw[:limit]) + f"... ({len(raw):,} characters)"


def _too_many_digits(kind: str, raw: str) -> str | None:
    """Why a number has too many digits for RDF stores, or None."""
    if kind == "decimal":
        whole, _, fraction = raw.partition(".")
        if len(whole.lstrip("0")) > DECIMAL_DIGITS or len(fraction) > FRACTION_DIGITS:
            return (f"{shown_value(raw)} has too many digits: RDF stores hold decimals of at most {DECIMAL_DIGITS} "
                    f"digits before the point and {FRACTION_DIGITS} after")
    elif kind == "posint" and len(raw) > INTEGER_DIGITS:
        return f"{shown_value(raw)} has too many digits: at most {INTEGER_DIGITS}"
    elif kind == "duration" and any(len(part) > DURATION_DIGITS + 1 for part in re.findall(r"[0-9]+[YMD]", raw)):
        return f"{shown_value(raw)} has too many digits: at most {DURATION_DIGITS} in each of years, months and days"
    return None


def canonical_duration(text: str) -> str:
    """The canonical xsd:duration of a years-months-days duration: months
    carried into years, zero parts left out (P18M -> P1Y6M, P0Y2M -> P2M);
    ``""`` for a zero duration."""
    match = _FORMS["duration"][0].fullmatch(text)
    years, months, days = (int(part[:-1]) if part else 0 for part in match.groups())
    years, months = years + months // 12, months % 12
    body = "".join(f"{n}{unit}" for n, unit in ((years, "Y"), (months, "M"), (days, "D")) if n)
    return f"P{body}" if body else ""


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
        hint = (f"; nearest: start: {close[0].start}, end: {close[0].end} ({', '.join(close[0].differences)}): "
                f"{close[0].text[:120]!r} (see `jointvision cite`)") if close else \
            " (check spelling, quotes and apostrophes)"
        return f"{head}; the quote does not occur in the source text{hint}"
    spots = ", ".join(f"start: {s}, end: {s + len(quote)}" for s in found[:5])
    return f"{head}; the quote occurs at {spots}"


def compose_checked(path: Path, raw: bytes):
    """The YAML node tree of a file's bytes, every line number kept, or None
    for an empty file. Refuses, with the line: text that is not UTF-8, a
    character YAML may not hold (or would fold away), malformed YAML, nesting
    too deep, aliases and explicit tags."""
    try:
        content = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SourceError(str(path), line, None, "the file is not valid UTF-8") from None
    bad = _NOT_YAML.search(content)
    if bad:
        line, column = _line_and_column(content, bad.start())
        what = ("a line break to YAML, which would fold it away: write it as an escape, \\u"
                f"{ord(bad.group()):04X}, in a double-quoted value" if bad.group() in _YAML_BREAKS
                else "a control character, which may not stand in a fact file: remove it")
        raise SourceError(str(path), line, None, f"column {column}: the character U+{ord(bad.group()):04X} is "
                          + what)
    try:
        root = yaml.compose(content, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise SourceError(str(path), line, None, f"malformed YAML: {exc.problem or exc.context}") from None
    except RecursionError:  # the pure-Python reader, on lists or mappings nested thousands deep
        raise SourceError(str(path), None, None, "malformed YAML: lists or mappings nest too deep") from None
    except yaml.YAMLError as exc:
        position = getattr(exc, "position", None)
        line = _line_and_column(content, position)[0] if isinstance(position, int) else None
        raise SourceError(str(path), line, None, f"malformed YAML: {getattr(exc, 'reason', None) or exc}") from None
    if root is not None:
        _check_tree(path, root)
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
    fmt = reader.scalar(top["format"][1], "format")
    if fmt not in FORMATS:
        raise reader.fail(top["format"][1], "format", f"must be {' or '.join(map(repr, FORMATS))}, "
                          f"got {shown_value(fmt)}")
    version = FORMATS.index(fmt) + 1

    src_node = top["source"][1]
    base = {"id", "label", "text", "sha256"}
    src = reader.mapping(src_node, "source")
    for name, (key, _) in src.items():
        if name not in base and name not in SOURCE_METADATA:
            raise reader.fail(key, f"source.{name}", f"unknown field; expected one of: "
                              f"{', '.join(sorted(base | set(SOURCE_METADATA)))}")
        if name in SOURCE_METADATA and version < 2:
            raise reader.fail(key, f"source.{name}", f"source metadata needs format: {FORMAT} (this file "
                              f"declares {fmt})")
    for required in ("id", "label", "text", "sha256"):
        if required not in src:
            raise reader.fail(src_node, f"source.{required}", "this field is required")
    source_id = reader.typed(src["id"][1], "source.id", "ref").value
    label = reader.typed(src["label"][1], "source.label", "str").value
    text_name = reader.typed(src["text"][1], "source.text", "str").value
    sha = reader.typed(src["sha256"][1], "source.sha256", "str").value
    text_path = path.parent / text_name
    if Path(text_name).name != text_name or text_name in {".", ".."} or "\\" in text_name:
        raise reader.fail(src["text"][1], "source.text", "must be a file name beside the fact file, not a path")
    try:
        text_bytes = read_input(text_path, inside=path.parent)
    except InputFileError as exc:
        raise reader.fail(src["text"][1], "source.text", f"the source text {str(text_path)!r} cannot be read: "
                          f"{exc}") from None
    digest = hashlib.sha256(text_bytes).hexdigest()
    if digest != sha:
        raise reader.fail(src["sha256"][1], "source.sha256",
                          f"the source text has SHA-256 {digest}, not the one given: it changed, so every offset "
                          "must be checked before the digest is updated")
    try:
        text = text_bytes.decode("utf-8")
    except UnicodeDecodeError:
        raise reader.fail(src["text"][1], "source.text", "the source text is not valid UTF-8") from None

    ents_node = top["entities"][1]
    if not isinstance(ents_node, yaml.SequenceNode):
        raise reader.fail(ents_node, "entities", "expected a list of entities")
    metadata = {name: reader.typed(src[name][1], f"source.{name}", SOURCE_METADATA[name][0])
                for name in SOURCE_METADATA if name in src}
    entities, errors = [], []
    for i, node in enumerate(ents_node.value):  # every entry's errors, not just the first
        try:
            entities.append(_read_entity(reader, node, i, text, version, check_offsets))
        except SourceError as exc:
            errors.append(exc)
    if errors:
        raise SourceErrors(errors)
    return SourceFile(path, source_id, label, text_name, text, sha, entities, source_line=_line(src["id"][1]),
                      version=version, metadata=metadata, file_sha256=hashlib.sha256(raw).hexdigest())


def _read_entity(reader: _Reader, node: yaml.Node, index: int, text: str, version: int = 2,
                 check_offsets: bool = True) -> Entity:
    where = f"entities[{index}]"
    fields = reader.mapping(node, where)
    about = "about" in fields
    if about and "id" in fields:
        raise reader.fail(fields["about"][0], f"{where}.about", "give id (an entity this file defines) or about "
                          "(one another file defines), not both")
    if about and version < 2:
        raise reader.fail(fields["about"][0], f"{where}.about", f"about: entries need format: {FORMAT}")
    key = "about" if about else "id"
    if key not in fields:
        raise reader.fail(node, f"{where}.id", "every entity needs an id (or, to describe one defined in "
                          "another file, about: its id)")
    ent_id = reader.typed(fields[key][1], f"{where}.{key}", "ref").value
    where = f"{where} ({key}: {ent_id})"
    if "type" not in fields:
        raise reader.fail(node, f"{where}.type", "every entity needs a type")
    type_name = reader.scalar(fields["type"][1], f"{where}.type")
    if type_name not in TYPES or type_name in ABSTRACT:
        usable = sorted(t for t in TYPES if t not in ABSTRACT)
        raise reader.fail(fields["type"][1], f"{where}.type",
                          f"unknown type {shown_value(type_name)}; expected one of: {', '.join(usable)}")
    specs = fields_of(type_name)
    allowed = set(specs) | {key, "type", "evidence"}
    entity = Entity(ent_id, type_name, _line(node), where, about=about)
    for name, (key, value) in fields.items():
        here = f"{where}.{name}"
        if name not in allowed:
            raise reader.fail(key, here, f"unknown field for type {type_name}; expected one of: "
                              f"{', '.join(sorted(allowed))}")
        if name in {"id", "about", "type"}:
            continue
        if name == "evidence":
            entity.evidence = _read_evidence(reader, value, here, text, check_offsets)
        elif name == "period":
            period = reader.mapping(value, here, {f.name for f in PERIOD_FIELDS})
            if not period:
                raise reader.fail(value, here, "the period is empty")
            by_name = {f.name: f for f in PERIOD_FIELDS}
            entity.period = {k: reader.values(v, f"{here}.{k}", by_name[k]) for k, (_, v) in period.items()}
            if ("start_year" in entity.period) != ("end_year" in entity.period):
                raise reader.fail(value, here, "give both start_year and end_year, or neither")
            if "start_year" in entity.period and \
                    entity.period["start_year"][0].value > entity.period["end_year"][0].value:
                raise reader.fail(value, here, "start_year is after end_year")
            if "anchored_to" in entity.period and "duration" not in entity.period:
                raise reader.fail(value, here, "anchored_to needs a duration to count from it")
        else:
            entity.values[name] = reader.values(value, here, specs[name])
    quantity = [f.name for f in QUANTITY_FIELDS if f.name in specs]
    for name, spec in specs.items():
        if about or name in quantity:
            continue  # statements about an entity add what they state; the quantity is checked as a group
        if spec.required and name not in entity.values:
            raise reader.fail(node, f"{where}.{name}", f"this field is required for type {type_name}")
    if quantity and (any(name in entity.values for name in quantity) or (quantity_required(type_name) and not about)):
        for spec in QUANTITY_FIELDS:
            if spec.required and spec.name not in entity.values:
                raise reader.fail(node, f"{where}.{spec.name}", f"this field is required for type {type_name}"
                                  + ("" if quantity_required(type_name) else " when it states an amount"))
    if not entity.evidence:
        raise reader.fail(node, f"{where}.evidence", "every entity needs at least one quote of the source as evidence")
    if "flow_between" in entity.values and ("flow_from" in entity.values or "flow_to" in entity.values):
        raise reader.fail(fields["flow_between"][1], f"{where}.flow_between", "a two-way flow (flow_between) "
                          "cannot also have flow_from or flow_to")
    for first, last in (("start_date", "end_date"), ("from", "to")):
        if first in entity.values and last in entity.values and \
                entity.values[first][0].value > entity.values[last][0].value:
            raise reader.fail(fields[last][1], f"{where}.{last}", f"is before {first}")
    if "stated_as" in entity.values:
        stated = entity.values["stated_as"][0]
        if not any(stated.value in q.quote for q in entity.evidence):
            raise reader.fail(stated.line, f"{where}.stated_as",
                              f"{stated.value!r} does not occur in any of the entity's evidence quotes")
    return entity


def _read_evidence(reader: _Reader, node: yaml.Node, where: str, text: str,
                   check_offsets: bool = True) -> list[Quote]:
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        raise reader.fail(node, where, "expected a list of quotes (- quote: ..., start: ..., end: ...)")
    quotes = []
    for i, item in enumerate(node.value):
        here = f"{where}[{i}]"
        fields = reader.mapping(item, here, {"quote", "start", "end"})
        if "quote" not in fields:
            raise reader.fail(item, f"{here}.quote", "the quote is missing")
        quote = reader.typed(fields["quote"][1], f"{here}.quote", "str").value
        offsets = {}
        for name in ("start", "end"):
            if name in fields:
                raw = reader.scalar(fields[name][1], f"{here}.{name}")
                if not re.fullmatch(r"[0-9]+", raw) or _quoted(fields[name][1]):
                    raise reader.fail(fields[name][1], f"{here}.{name}",
                                      f"must be a character offset (a whole number), got {shown_value(raw)}")
                if len(raw.lstrip("0")) > OFFSET_DIGITS:
                    raise reader.fail(fields[name][1], f"{here}.{name}",
                                      f"{shown_value(raw)} is far beyond the end of the source text "
                                      f"({len(text):,} characters)")
                offsets[name] = int(raw)
        if check_offsets:
            problem = _check_quote(text, quote, offsets.get("start"), offsets.get("end"))
            if problem:
                raise reader.fail(item, f"{here}.quote", problem)
        quotes.append(Quote(quote, offsets.get("start"), offsets.get("end"), _line(item)))
    return quotes
