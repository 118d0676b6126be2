"""Real SPARQL client libraries, with their defaults, against a real
`jointvision serve`: SPARQLWrapper's whole matrix (query form x return
format x method) and rdflib's SPARQLStore.

Every combination either answers, in a format the client reads (``convert()``
works, without the client warning that it got another format than it asked
for), with what the same query gives in-process; or, only where the client
asks for a format its query form cannot be written in (a Turtle table, a CSV
graph), gets a clean 406 that lists what is offered. Nothing leaves loopback:
the server is on 127.0.0.1 and the tests bypass any proxy."""

from __future__ import annotations

import csv
import io
import urllib.error
import warnings
from urllib.parse import urlsplit
from xml.dom.minidom import Document

import pytest
from rdflib import Graph
from SPARQLWrapper import (
    CSV,
    GET,
    JSON,
    JSONLD,
    N3,
    POST,
    POSTDIRECTLY,
    RDFXML,
    TSV,
    TURTLE,
    URLENCODED,
    XML,
    SPARQLWrapper,
)

from jointvision.rdf.namespaces import DATA, VOCAB
from jointvision.server.negotiation import GRAPH_TYPES, RESULT_TYPES
from test_endpoint import LEAKS

PREFIXES = f"PREFIX jv: <{VOCAB}>\nPREFIX jvd: <{DATA}>\n"  # as a client writes them (the server predeclares them)
QUERIES = {
    "SELECT": PREFIXES + "SELECT ?t WHERE { ?t a jv:Target }",
    "ASK": PREFIXES + "ASK { jvd:india a jv:Country }",
    "CONSTRUCT": PREFIXES + "CONSTRUCT WHERE { ?t a jv:Target ; rdfs:label ?l }",
    "DESCRIBE": PREFIXES + "DESCRIBE jvd:japan",
}
GRAPH_FORMS = {"CONSTRUCT", "DESCRIBE"}
DEFAULT = "default"  # no setReturnFormat: SPARQLWrapper's own default (XML)
RETURN_FORMATS = [JSON, XML, CSV, TSV, TURTLE, N3, RDFXML, JSONLD, DEFAULT]
#: (HTTP method, request method): a GET, a form POST, and a POST of the query itself.
TRANSPORTS = [(GET, URLENCODED), (POST, URLENCODED), (POST, POSTDIRECTLY)]
#: The media type each answer comes in: by kind of answer (results or graph) and return format.
MEDIA = {
    ("results", JSON): "application/sparql-results+json",
    ("results", XML): "application/sparql-results+xml",
    ("results", DEFAULT): "application/sparql-results+xml",
    ("results", CSV): "text/csv",
    ("results", TSV): "text/tab-separated-values",
    ("graph", JSON): "application/ld+json",
    ("graph", JSONLD): "application/ld+json",
    ("graph", XML): "application/rdf+xml",
    ("graph", DEFAULT): "application/rdf+xml",
    ("graph", RDFXML): "application/rdf+xml",
    ("graph", TURTLE): "text/turtle",
    ("graph", N3): "text/turtle",
}
MATRIX = [
    pytest.param(form, fmt, method, request_method, id=f"{form}-{fmt}-{method}-{request_method}")
    for form in QUERIES
    for fmt in RETURN_FORMATS
    for method, request_method in TRANSPORTS
]


def kind(form: str) -> str:
    return "graph" if form in GRAPH_FORMS else "results"


@pytest.fixture(autouse=True)
def loopback_only(live_server, monkeypatch):
    """No proxy for any request of these tests: the clients use urllib, which
    honours the proxy variables."""
    assert urlsplit(live_server).hostname == "127.0.0.1"
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


@pytest.fixture(scope="module")
def expected(engine) -> dict[str, int | bool]:
    """What each query gives in-process: the number of rows or triples, or the boolean."""
    answers: dict[str, int | bool] = {}
    for form, query in QUERIES.items():
        result = engine.query(query)
        if form == "ASK":
            answers[form] = bool(result.boolean)
        else:
            answers[form] = len(set(result.triples)) if form in GRAPH_FORMS else len(result.rows)
    assert answers["ASK"] is True and all(answers[f] for f in QUERIES)  # the data holds what is asked for
    return answers


def measured(form: str, converted: object, fmt: str = DEFAULT) -> int | bool:
    """The rows or triples of a converted answer, or its boolean."""
    if form in GRAPH_FORMS:
        if isinstance(converted, Graph):  # RDF/XML and JSON-LD are parsed by the client
            return len(converted)
        assert isinstance(converted, bytes)  # Turtle is handed back as bytes
        return len(Graph().parse(data=converted, format="turtle"))
    if isinstance(converted, dict):  # SPARQL JSON results
        return bool(converted["boolean"]) if form == "ASK" else len(converted["results"]["bindings"])
    if isinstance(converted, Document):  # SPARQL XML results
        if form == "ASK":
            return converted.getElementsByTagName("boolean")[0].firstChild.data == "true"
        return len(converted.getElementsByTagName("result"))
    assert isinstance(converted, bytes)  # CSV, TSV
    text = converted.decode("utf-8")
    if form == "ASK":
        return text.strip() == "true"
    return len(list(csv.reader(io.StringIO(text), delimiter="\t" if fmt == TSV else ","))) - 1  # the header


def supported(form: str, fmt: str) -> bool:
    """Whether SPARQLWrapper asks for a format this query form can be written in."""
    return (kind(form), fmt) in MEDIA


def client(live_server: str, form: str, fmt: str, method: str, request_method: str) -> SPARQLWrapper:
    sparql = SPARQLWrapper(f"{live_server}/sparql")
    sparql.setQuery(QUERIES[form])
    if fmt != DEFAULT:
        sparql.setReturnFormat(fmt)
    sparql.setMethod(method)
    sparql.setRequestMethod(request_method)
    sparql.setTimeout(30)
    return sparql


def sent(sparql: SPARQLWrapper):
    """The client's query; its note that it sends ``Accept: */*`` for a
    format it has no media type for (a Turtle table) is not the server's."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Sending Accept header", RuntimeWarning)
        return sparql.query()


def assert_refused_cleanly(sparql: SPARQLWrapper, form: str) -> None:
    """406, with a message that lists what the form is offered in and leaks nothing."""
    with pytest.raises(urllib.error.HTTPError) as refused:
        sent(sparql)
    message = refused.value.read().decode("utf-8")
    assert refused.value.code == 406, message
    assert all(media in message for media in (GRAPH_TYPES if form in GRAPH_FORMS else RESULT_TYPES)), message
    assert not any(leak in message for leak in LEAKS), message


@pytest.mark.parametrize("form, fmt, method, request_method", MATRIX)
def test_sparqlwrapper_matrix(live_server, expected, form, fmt, method, request_method):
    sparql = client(live_server, form, fmt, method, request_method)
    if not supported(form, fmt):
        assert_refused_cleanly(sparql, form)
        return
    result = sent(sparql)
    assert result.info()["content-type"].split(";")[0] == MEDIA[kind(form), fmt]
    with warnings.catch_warnings(record=True) as caught:  # the client warns when it gets what it did not ask for
        warnings.simplefilter("always", RuntimeWarning)
        converted = result.convert()
    assert not [w for w in caught if issubclass(w.category, RuntimeWarning)], [str(w.message) for w in caught]
    assert measured(form, converted, fmt) == expected[form]


def test_sparqlwrapper_plain_defaults_on_every_form(live_server, expected):
    """The issue as measured: a SPARQLWrapper with nothing set but the query."""
    for form, query in QUERIES.items():
        sparql = SPARQLWrapper(f"{live_server}/sparql")
        sparql.setQuery(query)
        assert measured(form, sparql.query().convert()) == expected[form], form


@pytest.mark.parametrize("method", ["GET", "POST", "POST_FORM"])
@pytest.mark.parametrize("return_format", ["xml", "json"])
def test_rdflib_sparqlstore(live_server, expected, method, return_format):
    from rdflib.namespace import RDF
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    from jointvision.rdf.namespaces import JV

    store = SPARQLStore(f"{live_server}/sparql", returnFormat=return_format, method=method)
    graph = Graph(store)
    assert len(list(graph.query(QUERIES["SELECT"]))) == expected["SELECT"]
    assert graph.query(QUERIES["ASK"]).askAnswer is expected["ASK"]
    assert len(list(graph.triples((None, RDF.type, JV.Target)))) == expected["SELECT"]
    if return_format == "xml":  # rdflib accepts RDF/XML for a graph only when it asks for XML
        constructed = graph.query(QUERIES["CONSTRUCT"]).graph
        assert constructed is not None and len(constructed) == expected["CONSTRUCT"]
