"""SHACL validation of a graph against ``ontology/shapes.ttl`` with pySHACL.

The ontology is passed as pySHACL's ontology graph, so ``sh:class`` follows
``rdfs:subClassOf`` (a Program is an Undertaking).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDF

from ..errors import ValidationInputError
from ..resources import ontology_path, shapes_path
from .namespaces import SH
from .terms import turtle_graph


@dataclass(frozen=True)
class Violation:
    """One SHACL result: the node it is about (``focus``), the property
    (``path``, empty for the node itself), the shape's message and its
    severity (``Violation`` or ``Warning``).

    >>> print(Violation("jv:goal-1", "jv:label", "a label is required", "Violation"))
    Violation: jv:goal-1 jv:label: a label is required
    """

    focus: str
    path: str
    message: str
    severity: str

    def __str__(self) -> str:
        path = f" {self.path}" if self.path else ""
        return f"{self.severity}: {self.focus}{path}: {self.message}"


@dataclass(frozen=True)
class Report:
    """The outcome of :func:`validate_graph`: whether the graph conforms to
    the shapes, and the results that say why not (``violations``) or that
    only warn (``warnings``), sorted by node, property and message."""

    conforms: bool
    violations: tuple[Violation, ...]  # what makes the graph not conform
    #: sh:Warning results: a field several sources give different values of
    #: (see ``jointvision conflicts``); they do not make the graph fail
    warnings: tuple[Violation, ...] = ()


def read_rdf_quads(path: Path) -> list:
    """Parse an RDF file (syntax by suffix) with pyoxigraph's strict
    parsers into a list of pyoxigraph quads.

    Nothing is fetched: a JSON-LD remote ``@context`` or ``@import`` is
    refused, not loaded, and RDF/XML entities are not resolved. A document
    nested deeper than :data:`MAX_XML_DEPTH` / :data:`MAX_JSON_DEPTH` is
    refused before parsing, and parsing runs on a deep stack, so no input
    can crash the process. Raises :class:`ValidationInputError` with the
    parser's line and column on a syntax error.
    """
    from ..files import InputFileError, read_input
    from . import formats

    path = Path(path)
    _check_exists(path)
    fmt = formats.by_extension(path.suffix) if path.suffix else None
    if fmt is None:
        known = sorted({f".{f.extension}" for f in formats.formats()} | {".json", ".owl", ".xml"})
        raise ValidationInputError(
            f"{path}: unknown RDF file type {path.suffix!r}; expected one of "
            f"{', '.join(known)} (or a fact file / folder)"
        )
    try:
        data = read_input(path)
    except InputFileError as exc:
        raise ValidationInputError(f"{path}: cannot read the file: {exc}") from None
    problem = rdfxml_problem(data) if fmt is formats.RDFXML else json_problem(data) if fmt is formats.JSONLD else None
    if problem:
        raise ValidationInputError(f"{path}: {problem}")
    return _parse_quads(path, data, fmt)


def _check_exists(path: Path) -> None:
    """Refuse a path that names nothing; any other trouble with it is left
    for the reader to describe."""
    import os

    try:
        os.lstat(path)
        missing = False
    except FileNotFoundError:
        missing = True
    except (OSError, ValueError):
        missing = False  # read_input says what is wrong with the name
    if missing:
        raise ValidationInputError(f"{path}: no such file or folder")


def _parse_quads(path: Path, data: bytes, fmt) -> list:
    """The quads of ``data`` in the format ``fmt``, parsed on a deep stack;
    a syntax error, or a remote context a JSON-LD document asks for, is a
    :class:`ValidationInputError`."""
    import pyoxigraph as ox

    from ..stack import on_deep_stack

    try:
        return on_deep_stack(lambda: list(ox.parse(data, format=fmt.engine)))
    except (SyntaxError, ValueError, OSError, TypeError, RecursionError, MemoryError) as exc:
        if "LoadDocumentCallback" in str(exc) or "@import" in str(exc):
            raise ValidationInputError(
                f"{path}: a remote @context or @import is refused: jointvision never "
                f"fetches a context; put it inline ({exc})"
            ) from None
        raise ValidationInputError(f"{path}: not valid {fmt.label.lower()}: {exc}") from None


def load_rdf(path: Path) -> Graph:
    """An RDF file (see :func:`read_rdf_quads`) as one rdflib graph (quads
    read into one graph; the ontology's graph of a TriG or N-Quads download
    is left out: it is the ontology, not data)."""
    from .namespaces import ONTOLOGY_IRI
    from .terms import from_ox

    graph = Graph()
    try:
        for quad in read_rdf_quads(path):
            if getattr(quad.graph_name, "value", None) == str(ONTOLOGY_IRI):
                continue
            graph.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
    except TypeError as exc:  # an RDF 1.2 triple term
        raise ValidationInputError(f"{path}: holds a term jointvision cannot read: {exc}") from None
    return graph


#: Bounds on JSON read: nesting (each level costs the parser stack and memory).
MAX_JSON_DEPTH = 1_000
_JSON_TOKENS = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def json_problem(data: bytes) -> str | None:
    """Why a JSON document must not be parsed (arrays or objects nested
    deeper than :data:`MAX_JSON_DEPTH`), or None. One pass, strings skipped."""
    depth = 0
    for match in _JSON_TOKENS.finditer(data):
        token = match.group()
        if token in (b"[", b"{"):
            depth += 1
            if depth > MAX_JSON_DEPTH:
                line = data.count(b"\n", 0, match.start()) + 1
                return f"line {line}: arrays or objects nest more than {MAX_JSON_DEPTH:,} levels deep: refused"
        elif token in (b"]", b"}"):
            depth -= 1
    return None


#: Bounds on RDF/XML read: nesting (the parser's time grows with its square:
#: 100,000 levels took a minute) and text produced by entities.
MAX_XML_DEPTH = 1_000
MAX_ENTITY_EXPANSION = 16 * 1024 * 1024


def rdfxml_problem(data: bytes) -> str | None:
    """Why an RDF/XML document must not be parsed, or None: nesting deeper
    than :data:`MAX_XML_DEPTH`, a parameter or external entity, an entity
    that refers to another (the "billion laughs"), or entities that would
    expand past :data:`MAX_ENTITY_EXPANSION` bytes. Read with expat, which
    fetches nothing; line and column are given where it stops.

    >>> print(rdfxml_problem(b'<!DOCTYPE r [<!ENTITY a "x"><!ENTITY b "&a;&a;">]><r/>'))
    line 1, column 40: the entity &b; refers to another entity: refused (nested entities can expand to gigabytes)
    """
    from xml.parsers import expat

    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    guard = _XMLGuard(parser)
    parser.UseForeignDTD(False)
    try:
        parser.Parse(data, True)
    except _Refused as exc:
        return str(exc)
    except (LookupError, ValueError, UnicodeError) as exc:  # an encoding Python cannot read
        return f"not valid RDF/XML: its declared encoding cannot be read ({exc})"
    except expat.ExpatError as exc:
        reason = expat.ErrorString(exc.code)
        if "amplification" in reason:
            return (
                f"line {exc.lineno}, column {exc.offset + 1}: its entities would expand to many times the "
                "file's size: refused"
            )
        return f"not valid RDF/XML: line {exc.lineno}, column {exc.offset + 1}: {reason}"
    return _expansion_problem(data, guard.entities)


class _Refused(Exception):
    """Raised from an expat handler: the document is refused, for the reason
    its text gives."""


class _XMLGuard:
    """The expat handlers that refuse an RDF/XML document as it is read:
    elements nested too deep, parameter and external entities, an entity
    that refers to another, one used but not declared. ``entities`` holds
    the size in bytes of each internal entity declared."""

    def __init__(self, parser) -> None:
        self.parser = parser
        self.depth = 0
        self.entities: dict[str, int] = {}
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.EntityDeclHandler = self.entity
        parser.SkippedEntityHandler = self.reference

    def where(self) -> str:
        return f"line {self.parser.CurrentLineNumber}, column {self.parser.CurrentColumnNumber + 1}"

    def start(self, name, attributes) -> None:
        self.depth += 1
        if self.depth > MAX_XML_DEPTH:
            raise _Refused(f"{self.where()}: elements nest more than {MAX_XML_DEPTH:,} levels deep: refused")

    def end(self, name) -> None:
        self.depth -= 1

    def entity(self, name, is_parameter, value, base, system_id, public_id, notation) -> None:
        if is_parameter:
            raise _Refused(f"{self.where()}: the parameter entity %{name}; is refused: jointvision reads no DTD")
        if value is None:
            raise _Refused(
                f"{self.where()}: the external entity &{name}; is refused: jointvision never reads "
                "another file or address for an RDF file"
            )
        if "&" in value or "%" in value:
            raise _Refused(
                f"{self.where()}: the entity &{name}; refers to another entity: refused (nested entities "
                "can expand to gigabytes)"
            )
        self.entities[name] = len(value.encode("utf-8"))

    def reference(self, name, is_parameter) -> None:
        raise _Refused(f"{self.where()}: the entity &{name}; is not declared in the document")


def _expansion_problem(data: bytes, entities: dict[str, int]) -> str | None:
    """Why the document's entities would expand to too much text (each
    reference counted at its entity's size), or None."""
    if entities:
        expanded = 0
        text = data.decode("utf-8", "replace")
        for name, size in entities.items():
            expanded += text.count(f"&{name};") * size
        if expanded > MAX_ENTITY_EXPANSION:
            return (
                f"its entities would expand to {expanded:,} bytes, over the limit of {MAX_ENTITY_EXPANSION:,}: refused"
            )
    return None


def validate_graph(graph) -> Report:
    """Check the data (an rdflib graph, or a dataset's merged graph) against
    the SHACL shapes, with the ontology's subclass axioms."""
    import pyshacl

    from .dataset import Dataset

    if isinstance(graph, Dataset):
        graph = graph.to_rdflib()

    shapes, ontology = turtle_graph(shapes_path()), turtle_graph(ontology_path())
    conforms, results, _ = pyshacl.validate(
        graph, shacl_graph=shapes, ont_graph=ontology, inference="none", allow_warnings=True, advanced=True
    )

    def one(result, pred) -> str:
        value = results.value(result, pred)
        return "" if value is None else str(value)

    found = [
        Violation(
            focus=one(r, SH.focusNode),
            path=one(r, SH.resultPath),
            message=one(r, SH.resultMessage),
            severity=one(r, SH.resultSeverity).rsplit("#", 1)[-1],
        )
        for r in results.subjects(RDF.type, SH.ValidationResult)
    ]
    found.sort(key=lambda v: (v.focus, v.path, v.message))
    return Report(
        bool(conforms),
        tuple(v for v in found if v.severity == "Violation"),
        tuple(v for v in found if v.severity != "Violation"),
    )
