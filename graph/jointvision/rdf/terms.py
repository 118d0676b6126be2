"""Converting RDF terms between rdflib (the library's graph model) and
pyoxigraph (the engine that writes and queries), and writing IRIs short.

One place for both directions, so a term means the same in every output.
"""

from __future__ import annotations

import logging
import re

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


class _QuietIllTyped(logging.Filter):
    """rdflib logs a whole traceback for each literal whose lexical form is
    not valid for its datatype ("99999-01-01"^^xsd:date); jointvision keeps
    such a literal as it is (``normalize=False``), so the log says nothing
    a user needs."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "Failed to convert Literal lexical form to value" not in record.getMessage()


logging.getLogger("rdflib.term").addFilter(_QuietIllTyped())


def to_ox(term):
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or XSD_STRING)))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    return ox.NamedNode(str(term))


def from_ox(term):
    """A pyoxigraph term as an rdflib term (``None`` stays ``None``); a
    literal typed xsd:string becomes a simple literal, as RDF 1.1 says."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value), normalize=False)
    raise TypeError(f"unsupported RDF term: {term!r}")  # RDF-star quoted triples


def compact_iri(iri: str, prefixes: dict[str, str]) -> str | None:
    """``prefix:local`` for the longest namespace of ``prefixes`` that ``iri``
    starts with, or ``None``. A local part starting with ``/`` is not
    shortened (it would read as a path)."""
    best = None
    for prefix, namespace in prefixes.items():
        fits = iri.startswith(namespace) and len(iri) > len(namespace) and not iri[len(namespace) :].startswith("/")
        if fits and (best is None or len(namespace) > len(prefixes[best])):
            best = prefix
    return None if best is None else f"{best}:{iri[len(prefixes[best]) :]}"


#: A scheme, which makes an IRI absolute (RFC 3987).
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
#: Characters no IRI may hold as they are (SPARQL's and N-Triples' IRIREF).
_NOT_IN_IRI = re.compile(r'[<>"{}|^`\\\x00-\x20]')


def has_scheme(text: str) -> bool:
    """Whether ``text`` starts with a scheme (``http:``, ``urn:``): an
    absolute IRI, not one resolved against a base."""
    return _SCHEME.match(text) is not None


def iri_problem(text: str) -> str | None:
    """Why ``text`` is not an absolute IRI that every tool of the project
    reads the same way, or None if it is: the one IRI check, made of the
    grammar's (a scheme; none of ``<>"{}|^`\\``, spaces or controls) and the
    engine's own (a second ``#``, a bad ``%`` escape, ...).

    >>> iri_problem("https://w3id.org/jointvision/graph/x") is None
    True
    >>> iri_problem("not an iri")
    'it is not an absolute IRI (it needs a scheme, such as https:)'
    """
    if not has_scheme(text):
        return "it is not an absolute IRI (it needs a scheme, such as https:)"
    bad = _NOT_IN_IRI.search(text)
    if bad:
        return f"it holds {bad.group()!r}, which no IRI may hold"
    try:
        ox.NamedNode(text)
    except ValueError as exc:
        return str(exc)
    return None


# ------------------------------------------------------------ pyoxigraph's answers, typed
def select(store: ox.Store, query: str, **options: object) -> ox.QuerySolutions:
    """The solutions of a SELECT the project itself wrote (never a user's:
    those go through the guard), typed as what they are."""
    found = store.query(query, **options)  # type: ignore[arg-type]
    if not isinstance(found, ox.QuerySolutions):  # pragma: no cover - a SELECT gives solutions
        raise TypeError("expected a SELECT query")
    return found


def dumped(store: ox.Store, fmt: ox.RdfFormat, **options: object) -> bytes:
    """The store (or the graph ``from_graph`` names) written in ``fmt``, as bytes."""
    data = store.dump(format=fmt, **options)  # type: ignore[arg-type]
    if data is None:  # pragma: no cover - without an output, dump returns the bytes
        raise TypeError("expected bytes from the engine")
    return data


def value_of(term: object) -> str:
    """The text of an IRI, blank node or literal (a triple term has none)."""
    if isinstance(term, (ox.NamedNode, ox.BlankNode, ox.Literal)):
        return term.value
    raise TypeError(f"a term with no text: {term!r}")
