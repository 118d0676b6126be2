"""SHACL validation of a graph against ``ontology/shapes.ttl`` with pySHACL.

The ontology is passed as pySHACL's ontology graph, so ``sh:class`` follows
``rdfs:subClassOf`` (a Program is an Undertaking).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDF

from .errors import ValidationInputError
from .namespaces import SH
from .resources import ontology_path, shapes_path

#: Parsers by file suffix, for graphs given to ``validate``.
RDF_SUFFIXES = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".json": "json-ld", ".rdf": "xml",
                ".owl": "xml"}


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str
    message: str
    severity: str
    shape: str

    def __str__(self) -> str:
        path = f" {self.path}" if self.path else ""
        return f"{self.severity}: {self.focus}{path}: {self.message}"


@dataclass(frozen=True)
class Report:
    conforms: bool
    violations: tuple[Violation, ...]


def load_rdf(path: Path) -> Graph:
    """Parse an RDF file (by suffix), raising ValidationInputError on failure.

    JSON-LD documents must carry their context inline: a remote ``@context``
    is refused rather than fetched.
    """
    path = Path(path)
    fmt = RDF_SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise ValidationInputError(f"{path}: unknown RDF file type {path.suffix!r}; expected one of "
                                   f"{', '.join(sorted(RDF_SUFFIXES))} (or a fact file / folder)")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ValidationInputError(f"{path}: cannot read the file: {exc.strerror or exc}") from None
    if fmt == "json-ld":
        _refuse_remote_context(path, data)
    graph = Graph()
    try:
        graph.parse(data=data, format=fmt, publicID=path.resolve().as_uri())
    except Exception as exc:  # rdflib raises many types for syntax errors
        raise ValidationInputError(f"{path}: not valid {fmt}: {exc}") from None
    return graph


def _refuse_remote_context(path: Path, data: bytes) -> None:
    import json

    try:
        doc = json.loads(data)
    except ValueError as exc:
        raise ValidationInputError(f"{path}:{exc.lineno}: not valid JSON: {exc.msg}") from None

    def walk(node):
        if isinstance(node, dict):
            ctx = node.get("@context")
            for item in ctx if isinstance(ctx, list) else [ctx]:
                if isinstance(item, str):
                    raise ValidationInputError(f"{path}: remote @context {item!r} refused: jointvision never "
                                               "fetches a context; inline it")
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(doc)


def validate_graph(graph: Graph) -> Report:
    import pyshacl

    shapes = Graph().parse(shapes_path(), format="turtle")
    ontology = Graph().parse(ontology_path(), format="turtle")
    conforms, results, _ = pyshacl.validate(graph, shacl_graph=shapes, ont_graph=ontology, inference="none",
                                            allow_warnings=False, advanced=True)
    found = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        def one(pred):
            value = results.value(result, pred)
            return "" if value is None else str(value)

        found.append(Violation(
            focus=one(SH.focusNode), path=one(SH.resultPath), message=one(SH.resultMessage),
            severity=one(SH.resultSeverity).rsplit("#", 1)[-1], shape=one(SH.sourceShape),
        ))
    return Report(bool(conforms), tuple(sorted(found, key=lambda v: (v.focus, v.path, v.message))))
