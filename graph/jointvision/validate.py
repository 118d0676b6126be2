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

#: RDF syntaxes by file suffix, for graphs given to ``validate``.
RDF_SUFFIXES = {".ttl": "TURTLE", ".nt": "N_TRIPLES", ".nq": "N_QUADS", ".trig": "TRIG",
                ".jsonld": "JSON_LD", ".json": "JSON_LD", ".rdf": "RDF_XML", ".owl": "RDF_XML", ".xml": "RDF_XML"}


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str
    message: str
    severity: str

    def __str__(self) -> str:
        path = f" {self.path}" if self.path else ""
        return f"{self.severity}: {self.focus}{path}: {self.message}"


@dataclass(frozen=True)
class Report:
    conforms: bool
    violations: tuple[Violation, ...]


def load_rdf(path: Path) -> Graph:
    """Parse an RDF file (syntax by suffix) with pyoxigraph's strict parsers.

    Nothing is fetched: a JSON-LD remote ``@context`` or ``@import`` is
    refused, not loaded, and RDF/XML entities are not resolved. Quads are read
    into one graph. Raises :class:`ValidationInputError` with the parser's
    line and column on a syntax error.
    """
    import pyoxigraph as ox

    from .terms import from_ox

    path = Path(path)
    syntax = RDF_SUFFIXES.get(path.suffix.lower())
    if syntax is None:
        raise ValidationInputError(f"{path}: unknown RDF file type {path.suffix!r}; expected one of "
                                   f"{', '.join(sorted(RDF_SUFFIXES))} (or a fact file / folder)")
    if not path.is_file():
        raise ValidationInputError(f"{path}: no such file")
    graph = Graph()
    try:
        for quad in ox.parse(path=str(path), format=getattr(ox.RdfFormat, syntax)):
            graph.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
    except (SyntaxError, ValueError, OSError, TypeError, RecursionError) as exc:
        if "LoadDocumentCallback" in str(exc) or "@import" in str(exc):
            raise ValidationInputError(f"{path}: a remote @context or @import is refused: jointvision never "
                                       f"fetches a context; put it inline ({exc})") from None
        raise ValidationInputError(f"{path}: not valid {syntax.replace('_', '-').lower()}: {exc}") from None
    return graph


def validate_graph(graph: Graph) -> Report:
    import pyshacl

    shapes = Graph().parse(shapes_path(), format="turtle")
    ontology = Graph().parse(ontology_path(), format="turtle")
    conforms, results, _ = pyshacl.validate(graph, shacl_graph=shapes, ont_graph=ontology, inference="none",
                                            allow_warnings=False, advanced=True)
    def one(result, pred) -> str:
        value = results.value(result, pred)
        return "" if value is None else str(value)

    found = [
        Violation(focus=one(r, SH.focusNode), path=one(r, SH.resultPath), message=one(r, SH.resultMessage),
                  severity=one(r, SH.resultSeverity).rsplit("#", 1)[-1])
        for r in results.subjects(RDF.type, SH.ValidationResult)
    ]
    return Report(bool(conforms), tuple(sorted(found, key=lambda v: (v.focus, v.path, v.message))))
