"""A JSON Schema of the fact-file format, for editors: ``jointvision schema``.

Generated from the table of types and fields (:mod:`.schema`), so that a new
type or field is in it without a change here: the top-level layout the
reader takes (``format``, ``source`` with its metadata, ``entities``), each
entity type (an ``if`` on its ``type``, then the type's schema) with its own
fields (``additionalProperties: false``: a misspelt field is flagged), the
required ones required (in an entry with ``id:``; an ``about:`` entry needs
only its type and evidence), a quantity stated in full, and the evidence
quotes. Each field carries its description from the table, which editors
show on hover.

It is JSON Schema draft-07, the draft Red Hat's YAML language server (VS
Code's YAML extension, and editors that use the server) supports in full.
It describes the latest format version, and a value as such an editor
reads the YAML: by the YAML 1.2 core schema (:func:`editor_view`), where
``2030`` is a number and ``2030-03-15`` a string. It checks the form of a
file; what needs more than one field's value, the source text or the other
files (quotes at their offsets, references, calendar dates, the rules
across fields, what an earlier format version lacks) only ``jointvision
build`` checks.
"""

from __future__ import annotations

import json
import re
from typing import Any

from . import kinds, schema
from .kinds import DECIMAL_DIGITS, DURATION, INTEGER_DIGITS, LANGUAGE_TAG, URL_LENGTH
from .schema import (
    ABSTRACT,
    ASSESSED_COMPLETIONS,
    BOUNDS,
    COMPLETIONS,
    ID_PATTERN,
    LANGUAGES_SINCE,
    PARENT,
    QUANTITY_FIELDS,
    SOURCE_KINDS,
    SOURCE_LABEL,
    SOURCE_METADATA,
    TYPES_SINCE,
    Field,
    entry_fields,
    fields_of,
    format_tag,
    quantity_required,
)

__all__ = [
    "DRAFT",
    "any_case",
    "editor_view",
    "fact_file_schema",
    "field_schema",
    "kind_schema",
    "plain_scalar",
    "required_fields",
    "schema_json",
    "type_schema",
    "whole",
]

#: The JSON Schema draft of the schema.
DRAFT = "http://json-schema.org/draft-07/schema#"
#: Digits an evidence offset may have (as the reader takes them).
OFFSET_DIGITS = 15


def whole(pattern: str) -> str:
    """A regular expression that a whole string must match, the same in
    Python (as the ``jsonschema`` package reads it) and ECMAScript (as
    editors do): ``$`` would let Python accept a final line break.

    >>> whole("[a-z]+")
    '^(?:[a-z]+)(?![\\\\s\\\\S])'
    """
    return f"^(?:{pattern.removeprefix('^').removesuffix('$')})(?![\\s\\S])"


def any_case(pattern: str) -> str:
    """``pattern`` matching ASCII letters in either case, as Python's
    ``re.IGNORECASE`` would (JSON Schema has no flags): ``a-z`` in a class
    gains ``A-Z``, a letter outside one becomes ``[aA]``.

    >>> any_case(r"[a-z]{2}(?:-x[0-9a-w])?\\S")
    '[a-zA-Z]{2}(?:-[xX][0-9a-wA-W])?\\\\S'
    """
    out, in_class, i = [], False, 0
    while i < len(pattern):
        char = pattern[i]
        lower = char.isascii() and char.islower()
        if char == "\\":
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if in_class and lower and pattern[i + 1 : i + 2] == "-" and pattern[i + 2 : i + 3] not in {"", "]"}:
            last = pattern[i + 2]
            out.append(f"{char}-{last}{char.upper()}-{last.upper()}")
            i += 3
            continue
        if in_class:
            in_class = char != "]"
            out.append(char + char.upper() if lower else char)
        else:
            in_class = char == "["
            out.append(f"[{char}{char.upper()}]" if lower else char)
        i += 1
    return "".join(out)


# ------------------------------------------------------------ the kinds
#: A text: any single value with something but white space in it (a number
#: or a truth value is read as its text; nothing, ``null`` to an editor, is empty).
_TEXT = {"type": ["string", "number", "boolean"], "pattern": r"\S"}
_YEARS = {"minimum": 1000, "maximum": 9999}  # four digits (an editor reads 0999 as 999)
_LANGUAGE = {"type": "string", "pattern": whole(any_case(LANGUAGE_TAG.pattern))}


def _enum(choices: tuple[str, ...]) -> dict:
    return {"type": "string", "enum": list(choices)}


def _form(pattern: str, *types: str) -> dict:
    return {"type": list(types) if len(types) > 1 else (types or ("string",))[0], "pattern": whole(pattern)}


#: The values of each kind of :mod:`.kinds`, as an editor reads them. A
#: kind not here takes any single value (a test names every kind).
KIND_SCHEMAS: dict[str, dict] = {
    "str": _TEXT,
    "text": _TEXT,
    # an identifier of digits alone, written plain, is a number to an editor
    "ref": {**_form(ID_PATTERN, "string", "integer"), "minimum": 0},
    # a number is written plain, never in quotes (which an editor reads as a string)
    "decimal": {"type": "number", "minimum": 0, "maximum": 10**DECIMAL_DIGITS},
    "posint": {"type": "integer", "minimum": 1, "maximum": 10**INTEGER_DIGITS - 1},
    "integer": {"type": "integer", "minimum": 1 - 10**INTEGER_DIGITS, "maximum": 10**INTEGER_DIGITS - 1},
    "gyear": {"type": "integer", **_YEARS},
    "date": _form("[0-9]{4}-[0-9]{2}-[0-9]{2}"),
    # a year alone, written plain, is a number to an editor
    "partial_date": {**_form("[0-9]{4}(-(0[1-9]|1[0-2])(-[0-9]{2})?)?", "string", "integer"), **_YEARS},
    "duration": _form(DURATION.pattern),
    "source_kind": _enum(SOURCE_KINDS),
    "bound": _enum(BOUNDS),
    "completion": _enum(COMPLETIONS),
    "assessed_completion": _enum(ASSESSED_COMPLETIONS),
    "qid": _form("Q[1-9][0-9]*"),
    "code2": _form("[A-Z]{2}"),
    "code3": _form("[A-Z]{3}"),
    "language": _LANGUAGE,
    "url": {**_form(kinds._URL), "maxLength": URL_LENGTH},
}


def kind_schema(name: str) -> dict:
    """The schema of one value of the kind ``name`` (a name in
    :data:`.kinds.KINDS`), described as the kind describes itself.

    >>> kind_schema("bound")["enum"], kind_schema("gyear")["description"]
    (['exact', 'at-least', 'at-most', 'about'], 'a year such as 2026')
    """
    kind = kinds.get(name)
    found = KIND_SCHEMAS.get(name, {"type": ["string", "number", "boolean"]})
    # errorMessage: the YAML language server's own keyword (others ignore it), to say what a wrong value
    # should be in the reader's words rather than show a pattern or a type
    return {**found, "description": kind.description, "errorMessage": f"must be {kind.description}"}


# ------------------------------------------------------------ the fields
def _language_map(spec: Field) -> dict:
    """A text field written as a mapping of language to text (format 4 on):
    at most one text for a field of one text (a ``stated_as``)."""
    return {"$ref": "#/definitions/" + ("one-language" if spec.one_text else "languages")}


def _language_maps() -> dict[str, dict]:
    """The definitions of a mapping of language to text: any number of
    languages, or one."""
    languages = {
        "type": "object",
        "minProperties": 1,
        "propertyNames": {"$ref": "#/definitions/language-tag"},
        "additionalProperties": dict(_TEXT),
        "description": "a mapping of language (a BCP 47 tag) to text, such as {en: Japan, ja: 日本}",
    }
    return {
        "language-tag": {**_LANGUAGE, "description": kinds.get("language").description},
        "languages": languages,
        "one-language": {**languages, "maxProperties": 1, "description": "one language (a BCP 47 tag) and its text"},
    }


def _one_choice(spec: Field) -> list[dict]:
    """The forms one value of the field may take: a value of its kind; for a
    field of many values, a list of them too; for a text, a mapping of
    language to text too."""
    one = {key: value for key, value in kind_schema(spec.kind).items() if key != "description"}
    forms = [one]
    if spec.many:
        forms.append({"type": "array", "minItems": 1, "items": one})
    if kinds.get(spec.kind).tagged:
        forms.append(_language_map(spec))
    return forms


def _what(spec: Field) -> str:
    """What a field's value is, in words, for its description ("" for a
    choice of words, which an editor lists)."""
    parts = []
    for choice in (spec, *spec.alternatives):
        kind = kinds.get(choice.kind)
        what = "" if "enum" in KIND_SCHEMAS.get(choice.kind, {}) else kind.description
        if choice.refs:
            what = f"the id of {' or '.join(choice.refs)} (or a sub type)"
        if choice.many:
            what += ", or a list of them"
        if kind.tagged:
            what += f", or (format {LANGUAGES_SINCE} on) a mapping of language to text"
        parts.append(what)
    return "; or ".join(part for part in parts if part)


def describe(spec: Field, *, in_entry: bool = True) -> str:
    """A field's description: its doc, what its value is, whether it is
    required (``in_entry``: a field of an entry, which an ``about:`` entry
    need not give), and the format version that brought it.

    >>> describe(fields_of("Visit")["visitor"])
    'who visits. The id of Person (or a sub type). Required (but in about: entries).'
    """
    what = "a mapping of " + ", ".join(part.name for part in spec.parts) if spec.parts else _what(spec)
    text = f"{spec.doc or spec.name}." + (f" {what[0].upper()}{what[1:]}." if what else "")
    if spec.required:
        text += " Required (but in about: entries)." if in_entry else " Required."
    if spec.since > 1:
        text += f" Since format {format_tag(spec.since)}."
    return text


def field_schema(spec: Field, *, in_entry: bool = True) -> dict:
    """The schema of a field's value, with its description (:func:`describe`):
    a mapping of its parts (a period), or any form of its own kind or its
    alternatives' (a ``per`` that is an interval or a unit)."""
    if spec.parts:
        return {
            "type": "object",
            "minProperties": 1,
            "properties": {part.name: field_schema(part) for part in spec.parts},
            "additionalProperties": False,
            "description": describe(spec),
        }
    forms = [form for choice in (spec, *spec.alternatives) for form in _one_choice(choice)]
    described = describe(spec, in_entry=in_entry)
    return {**forms[0], "description": described} if len(forms) == 1 else {"anyOf": forms, "description": described}


# ------------------------------------------------------------ the entities
def _quantity(type_name: str) -> tuple[list[str], dict[str, list[str]]]:
    """The fields of a quantity an entity of ``type_name`` holds: those
    required where it must state one (a target), and, where it states one,
    the others each of its fields needs (a quantity is stated in full)."""
    held = set(entry_fields(type_name))
    needed = [f.name for f in QUANTITY_FIELDS if f.required and f.name in held]
    given = [f.name for f in QUANTITY_FIELDS if f.name in held]
    dependencies = {name: [other for other in needed if other != name] for name in given}
    return (needed if quantity_required(type_name) else []), dependencies


def required_fields(type_name: str) -> list[str]:
    """The fields an entry of ``type_name`` with ``id:`` must give (as the
    reader's rules "required fields" and "a quantity in full" say).

    >>> required_fields("Visit")
    ['label', 'visitor', 'destination']
    """
    quantity = {f.name for f in QUANTITY_FIELDS}
    plain = [name for name, spec in fields_of(type_name).items() if spec.required and name not in quantity]
    return plain + _quantity(type_name)[0]


def _lineage(type_name: str) -> str:
    """A type and the types above it: ``Loan (a Financing, an Undertaking)``."""
    above = []
    while type_name in PARENT:
        type_name = PARENT[type_name]
        above.append(type_name)
    return f" (a kind of {', '.join(above)})" if above else ""


def _identity() -> dict[str, dict]:
    """The properties every entry has: its id or about, and its evidence."""
    ref = kind_schema("ref")
    return {
        "id": {**ref, "description": "the identifier of the entity this entry defines (once across all files)"},
        "about": {
            **ref,
            "description": f"the identifier of an entity another file defines, to add statements about it "
            f"(instead of id; since format {format_tag(2)})",
        },
        "evidence": {"$ref": "#/definitions/evidence"},
    }


def type_schema(type_name: str) -> dict:
    """One entity type: its fields (no others), ``id`` or ``about`` (not
    both), and the fields an entry with ``id`` must give."""
    since = TYPES_SINCE.get(type_name, 1)
    note = f" Since format {format_tag(since)}." if since > 1 else ""
    properties = {
        **_identity(),
        "type": {"const": type_name, "description": f"an entity of type {type_name}{_lineage(type_name)}.{note}"},
    }
    properties.update({name: field_schema(spec) for name, spec in entry_fields(type_name).items()})
    found: dict[str, Any] = {
        "title": type_name,
        "type": "object",
        "properties": properties,
        "required": ["type", "evidence"],
        "additionalProperties": False,
        "if": {"required": ["about"]},
        "then": {"not": {"required": ["id"]}},
        "else": {"required": ["id", *required_fields(type_name)]},
    }
    required, dependencies = _quantity(type_name)
    if dependencies:  # a quantity in full (where the type requires one, that says it but in about: entries)
        (found["then"] if required else found)["dependencies"] = dependencies
    return found


def usable_types() -> list[str]:
    """The types an entry may have: every type but the abstract ones."""
    return [name for name in schema.TYPES if name not in ABSTRACT]


def _entity() -> dict:
    """An entry of ``entities:``: one of the types, and then the schema of
    that type. An ``if`` on the type rather than a ``oneOf`` of the types,
    so that an editor reports what is wrong for the type the entry has,
    not for whichever type it takes to come closest."""
    return {
        "type": "object",
        "required": ["type"],
        "properties": {"type": {"enum": usable_types(), "description": "the entity's type"}},
        "allOf": [
            {
                "if": {"required": ["type"], "properties": {"type": {"const": name}}},
                "then": {"$ref": f"#/definitions/{name}"},
            }
            for name in usable_types()
        ],
    }


def _evidence() -> dict:
    """``evidence:``: the quotes of the source text an entry rests on."""
    offset = {"type": "integer", "minimum": 0, "maximum": 10**OFFSET_DIGITS - 1}
    quote = {
        "type": "object",
        "required": ["quote", "start", "end"],
        "additionalProperties": False,
        "properties": {
            "quote": {**_TEXT, "description": "the words of the source text, exactly as they stand there"},
            "start": {**offset, "description": "where the quote starts in the text, in code points from 0"},
            "end": {**offset, "description": "where it ends: text[start:end] is the quote (see jointvision fix)"},
            "language": {
                "allOf": [{"$ref": "#/definitions/language-tag"}],
                "description": f"the quote's language, where it is not the source's (since format "
                f"{format_tag(LANGUAGES_SINCE)})",
            },
        },
    }
    return {
        "type": "array",
        "minItems": 1,
        "items": quote,
        "description": "quotes of the source text the entry rests on: at least one",
    }


# ------------------------------------------------------------ the file
def _source() -> dict:
    """``source:``: the four fields every file gives, and the metadata."""
    base = {
        "id": {**kind_schema("ref"), "description": "the source's identifier (lower-case words and hyphens)"},
        "label": field_schema(SOURCE_LABEL, in_entry=False),
        "text": {
            "type": "string",
            "pattern": whole(r"[^/\\]+"),
            "not": {"enum": [".", ".."]},
            "description": "the file name of the source text, beside this file",
        },
        "sha256": {
            "type": "string",
            "pattern": whole("[0-9a-f]{64}"),
            "description": "the SHA-256 of the source text's bytes, in lower-case hexadecimal",
        },
    }
    metadata = {
        name: field_schema(Field(name, kind, doc=doc, since=2), in_entry=False)
        for name, (kind, doc) in SOURCE_METADATA.items()
    }
    return {
        "type": "object",
        "required": list(base),
        "additionalProperties": False,
        "properties": {**base, **metadata},
        "description": "the source document the facts are taken from",
    }


def fact_file_schema() -> dict:
    """The JSON Schema of a fact file (draft-07), as a JSON object."""
    definitions: dict[str, Any] = {name: type_schema(name) for name in usable_types()}
    definitions.update(entity=_entity(), evidence=_evidence(), **_language_maps())
    return {
        "$schema": DRAFT,
        "title": f"jointvision fact file ({schema.FORMAT})",
        "description": "The facts of one source document, each with quotes of its text as evidence "
        "(docs/source-format.md). Generated by `jointvision schema`.",
        "type": "object",
        "required": ["format", "source", "entities"],
        "additionalProperties": False,
        "properties": {
            "format": {"enum": list(schema.FORMATS), "description": f"the format version (latest: {schema.FORMAT})"},
            "source": _source(),
            "entities": {
                "type": "array",
                "items": {"$ref": "#/definitions/entity"},
                "description": "the entities the source states (id:), and statements about entities "
                "other files define (about:)",
            },
        },
        "definitions": definitions,
    }


def schema_json() -> str:
    """The schema as JSON text: keys sorted, two spaces of indent, ending
    in a line break, so that the same format gives the same bytes."""
    return json.dumps(fact_file_schema(), sort_keys=True, indent=2, ensure_ascii=False) + "\n"


# ------------------------------------------------------------ YAML as an editor reads it
#: The YAML 1.2 core schema's plain scalars that are not strings.
_NULL = re.compile(r"~|null|Null|NULL|")
_TRUTH = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?[0-9]+")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_OTHER_NUMBERS = {
    re.compile(r"0o[0-7]+"): lambda text: int(text[2:], 8),
    re.compile(r"0x[0-9a-fA-F]+"): lambda text: int(text[2:], 16),
    re.compile(r"[-+]?\.(?:inf|Inf|INF)"): lambda text: float(text.replace(".", "", 1)[:-3] + "inf"),
    re.compile(r"\.(?:nan|NaN|NAN)"): lambda text: float("nan"),
}


def plain_scalar(text: str) -> Any:
    """A plain scalar (not in quotes, not a block) as the YAML 1.2 core
    schema reads it: null, true or false, a number, else a string.

    >>> plain_scalar("2030"), plain_scalar("2030-03"), plain_scalar("+1"), plain_scalar("0o17"), plain_scalar("yes")
    (2030, '2030-03', 1, 15, 'yes')
    """
    if _NULL.fullmatch(text):
        return None
    if text in _TRUTH:
        return _TRUTH[text]
    if _INT.fullmatch(text):
        return int(text)
    if _FLOAT.fullmatch(text):
        return float(text)
    return next((read(text) for form, read in _OTHER_NUMBERS.items() if form.fullmatch(text)), text)


def _json(node: Any) -> Any:
    """A YAML node as JSON values (a mapping's keys as written)."""
    import yaml

    if isinstance(node, yaml.MappingNode):
        return {key.value: _json(value) for key, value in node.value}
    if isinstance(node, yaml.SequenceNode):
        return [_json(item) for item in node.value]
    return node.value if node.style not in (None, "") else plain_scalar(node.value)


def editor_view(raw: bytes, path: str = "<fact file>") -> Any:
    """A fact file's YAML as an editor's YAML language server reads it, to
    check against the schema: by the YAML 1.2 core schema, where ``2030``
    and ``2.5`` are numbers but ``2030-03-15``, ``yes`` and anything quoted
    are strings. The YAML is checked as the reader checks it first
    (well-formed, no aliases, no tags: a :class:`~jointvision.errors.SourceError`).

    >>> editor_view(b"due: 2030\\nstart: 2030-03-15\\nvalue: '5'\\nshare: 2.5\\nlabel: {en: yes}\\nnote:\\n")
    {'due': 2030, 'start': '2030-03-15', 'value': '5', 'share': 2.5, 'label': {'en': 'yes'}, 'note': None}
    """
    from pathlib import Path

    from .reader import compose_checked

    root = compose_checked(Path(path), raw)
    return None if root is None else _json(root)
