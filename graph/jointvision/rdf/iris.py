"""The project's namespaces and fixed IRIs as plain strings.

Kept apart from :mod:`.namespaces` (which builds rdflib terms from them) so
that a command which only reads, checks or answers a query never imports
rdflib: the guard, the result writers and the server need the strings alone.
The IRI helpers (:func:`compact_iri`, :func:`iri_problem`) are here too.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

#: Namespace of the ontology's classes and properties.
VOCAB = "https://w3id.org/jointvision/ontology#"
#: Namespace of every instance (entity, quantity, period, evidence, source).
DATA = "https://w3id.org/jointvision/id/"
#: Namespace of the named graphs: one per source (see ``source_graph_iri``).
GRAPHS = "https://w3id.org/jointvision/graph/"
#: Namespace of the graphs the builder derives from the sources (not from
#: any one source): outside ``GRAPHS``, so that no source id can take their
#: names.
DERIVED = "https://w3id.org/jointvision/derived/"
#: The graph the derived statuses of commitments are kept in.
STATUS_GRAPH = DERIVED + "status"
#: The ontology IRI itself (also the name of the graph that holds it).
ONTOLOGY = "https://w3id.org/jointvision/ontology"
#: Namespace of Wikidata's entities, which ``same_as`` links reach.
WIKIDATA = "http://www.wikidata.org/entity/"
#: Where the project is published: the downloads, ``sparql``, ``ontology``
#: and ``.well-known/void`` lie under it, as ``serve`` lays them out (the
#: w3id.org redirect of docs/publishing.md sends each to the server).
PUBLIC_BASE = "https://w3id.org/jointvision/"
#: The dataset as a whole, as its VoID and DCAT description names it.
DATASET_IRI = "https://w3id.org/jointvision/dataset"
#: rdf:type, rdfs:label, and the datatype of a plain string literal.
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

#: Prefixes offered to every serializer and query; a serializer declares only
#: those its output uses. Sorted by prefix so that output is stable.
PREFIXES: dict[str, str] = {
    "dcterms": "http://purl.org/dc/terms/",
    "jv": VOCAB,
    "jvd": DATA,
    "jvg": GRAPHS,
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "wd": WIKIDATA,
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


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
