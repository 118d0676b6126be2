"""The SPARQL service description (``GET /sparql`` without a query), built
as RDF: pyoxigraph triples in a fixed order, with blank nodes of fixed
names, so the same inputs always give the same document.

It says what the endpoint is (SPARQL 1.1 Query, simple entailment, the
result formats it answers in, read-only), and describes the default dataset:
the default graph's size, each named graph's name and size, and where the
VoID description is.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import cast

import pyoxigraph as ox

SD = "http://www.w3.org/ns/sparql-service-description#"
DCTERMS = "http://purl.org/dc/terms/"
VOID = "http://rdfs.org/ns/void#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
#: The prefixes the Turtle is written with.
PREFIXES = {"sd": SD, "dcterms": DCTERMS, "void": VOID, "rdfs": RDFS}
#: The W3C format IRIs of the answers the endpoint gives: SPARQL results, then graphs.
RESULT_FORMATS = tuple(
    f"http://www.w3.org/ns/formats/{name}"
    for name in (
        "SPARQL_Results_JSON",
        "SPARQL_Results_XML",
        "SPARQL_Results_CSV",
        "SPARQL_Results_TSV",
        "Turtle",
        "N-Triples",
        "JSON-LD",
        "RDF_XML",
    )
)
SIMPLE_ENTAILMENT = "http://www.w3.org/ns/entailment/Simple"
DESCRIPTION = (
    "jointvision read-only SPARQL endpoint: no updates, no SERVICE, no remote datasets; answers use no "
    "inference (simple entailment)"
)


def iri_text(text: str) -> str:
    """A URL as IRI text: characters an IRI may not hold percent-encoded, and
    a ``%`` that starts no escape written ``%25``."""
    text = re.sub(r"%(?![0-9A-Fa-f]{2})", "%25", text)
    return re.sub(r'[<>"{}|^`\\\x00-\x20]', lambda m: f"%{ord(m.group()):02X}", text)


def _sd(name: str) -> ox.NamedNode:
    return ox.NamedNode(SD + name)


def _void(name: str) -> ox.NamedNode:
    return ox.NamedNode(VOID + name)


def _graph(node: ox.BlankNode, triples: int) -> list[ox.Triple]:
    """A graph of the dataset: an ``sd:Graph`` with its size."""
    return [ox.Triple(node, RDF_TYPE, _sd("Graph")), ox.Triple(node, _void("triples"), ox.Literal(triples))]


def _service(endpoint: ox.NamedNode, void: ox.NamedNode, dataset: ox.NamedNode, union_default: bool) -> list[ox.Triple]:
    """What the service is: its language, entailment, formats and dataset."""
    features = [_sd("UnionDefaultGraph")] if union_default else []
    return [
        ox.Triple(endpoint, RDF_TYPE, _sd("Service")),
        ox.Triple(endpoint, _sd("endpoint"), endpoint),
        ox.Triple(endpoint, _sd("supportedLanguage"), _sd("SPARQL11Query")),
        *(ox.Triple(endpoint, _sd("feature"), feature) for feature in features),
        ox.Triple(endpoint, _sd("defaultEntailmentRegime"), ox.NamedNode(SIMPLE_ENTAILMENT)),
        *(ox.Triple(endpoint, _sd("resultFormat"), ox.NamedNode(iri)) for iri in RESULT_FORMATS),
        ox.Triple(endpoint, ox.NamedNode(DCTERMS + "description"), ox.Literal(DESCRIPTION)),
        ox.Triple(endpoint, ox.NamedNode(RDFS + "seeAlso"), void),
        ox.Triple(endpoint, _sd("defaultDataset"), dataset),
    ]


def _dataset(
    endpoint: ox.NamedNode, void: ox.NamedNode, dataset: ox.NamedNode, sizes: Mapping[str, int]
) -> list[ox.Triple]:
    """The default dataset: its default graph and every named graph, by
    name; the dataset's own statements first, then its graphs'."""
    default = ox.BlankNode("default")
    names = sorted(g for g in sizes if g)
    links = [(ox.BlankNode(f"named{n}"), ox.BlankNode(f"graph{n}")) for n in range(1, len(names) + 1)]
    triples = [
        ox.Triple(dataset, RDF_TYPE, _sd("Dataset")),
        ox.Triple(dataset, RDF_TYPE, _void("Dataset")),
        ox.Triple(dataset, ox.NamedNode(RDFS + "seeAlso"), void),
        ox.Triple(dataset, _sd("defaultGraph"), default),
        *(ox.Triple(dataset, _sd("namedGraph"), named) for named, _ in links),
        ox.Triple(dataset, _void("sparqlEndpoint"), endpoint),
        *_graph(default, int(sizes.get("", 0))),
    ]
    for name, (named, graph) in zip(names, links):
        triples += [
            ox.Triple(named, RDF_TYPE, _sd("NamedGraph")),
            ox.Triple(named, _sd("name"), ox.NamedNode(name)),
            ox.Triple(named, _sd("graph"), graph),
            *_graph(graph, int(sizes[name])),
        ]
    return triples


def service_description(
    endpoint: str, void: str, dataset: str, sizes: Mapping[str, int], union_default: bool
) -> list[ox.Triple]:
    """The description's triples, in order: the service at ``endpoint``
    (its URL), the VoID description at ``void``, the dataset ``dataset`` of
    these ``sizes`` (triples per graph; ``""`` the default graph). A
    ValueError if ``endpoint`` or ``void`` makes no IRI."""
    service, description, data = ox.NamedNode(iri_text(endpoint)), ox.NamedNode(iri_text(void)), ox.NamedNode(dataset)
    return _service(service, description, data, union_default) + _dataset(service, description, data, sizes)


def service_description_turtle(
    endpoint: str, void: str, dataset: str, sizes: Mapping[str, int], union_default: bool
) -> bytes:
    """The description as Turtle, with the usual prefixes."""
    return cast(
        bytes,
        ox.serialize(
            service_description(endpoint, void, dataset, sizes, union_default),
            format=ox.RdfFormat.TURTLE,
            prefixes=PREFIXES,
        ),
    )
