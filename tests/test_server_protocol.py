"""The server's pure parts, without a server: the SPARQL Protocol reader,
content negotiation, the service description, the errors' one answer, and
the typed messages between the server, the template and the workers."""

from __future__ import annotations

import subprocess
import sys

import pytest

from jointvision.server.errors import HTTPError, error_response, one_line
from jointvision.server.negotiation import GRAPH_TYPES, RESULT_TYPES, accepted, requested
from jointvision.server.protocol import ProtocolError, SparqlRequest, read_request

JSON, XML, CSV, TSV = RESULT_TYPES
TTL, NT, JSONLD, RDFXML = GRAPH_TYPES
FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
LIMIT = 100  # max_query_chars in this table


def read(method="GET", url="", content_type=None, body=None, accept=None) -> SparqlRequest | None:
    return read_request(method, url, content_type, body, accept, max_query_chars=LIMIT)


# (method, query string, Content-Type, body, Accept) -> (status, words of the message)
REFUSED = [
    (("PUT", "", None, None, None), 405, "PUT is not allowed here: query with GET or POST"),
    (("DELETE", "query=ASK{}", None, None, None), 405, "read-only and has no Graph Store"),
    (("GET", "query=" + "x" * 101, None, None, None), 414, "the request URL is over 100 characters: POST the query"),
    (("GET", "query=%FF", None, None, None), 400, "the URL holds percent-encoded bytes that are not UTF-8"),
    (("POST", "", f"{DIRECT}; charset=latin1", b"ASK {}", None), 415, "charset=latin1 is not supported"),
    (("POST", "", DIRECT, b"ASK {} \xff", None), 400, "the request body is not valid UTF-8"),
    (("POST", "", FORM, b"query=%FF", None), 400, "the form holds percent-encoded bytes that are not UTF-8"),
    (("POST", "", "application/sparql-update", b"CLEAR ALL", None), 403, "updates are refused"),
    (("POST", "", None, b"ASK {}", None), 415, f"a POST needs a Content-Type: {FORM} or {DIRECT}"),
    (("POST", "", "  ", b"ASK {}", None), 415, "a POST needs a Content-Type"),
    (("POST", "", "Text/Plain; charset=UTF-8", b"ASK {}", None), 415, "Content-Type text/plain is not accepted"),
    (("GET", "update=CLEAR%20ALL", None, None, None), 403, "updates are refused: this endpoint is read-only"),
    (("POST", "", FORM, b"using-graph-uri=http://a", None), 403, "read-only"),
    (("POST", "", FORM, b"using-named-graph-uri=http://a&query=ASK{}", None), 403, "read-only"),
    (("POST", "query=ASK{}", DIRECT, b"ASK {}", None), 400, "give the query once"),
    (("GET", "query=ASK{}&query=ASK{}", None, None, None), 400, "more than one query was given"),
    (("POST", "query=ASK{}", FORM, b"query=ASK{}", None), 400, "more than one query was given"),
    (("GET", "x=1", None, None, None), 400, "no query: give one as ?query=..."),
    (("POST", "", FORM, b"", None), 400, "no query"),
    (("HEAD", "format=json", None, None, None), 400, "no query"),
    (("POST", "", DIRECT, b"#" * 101, None), 413, "the query is over 100 characters"),
    (("GET", "query=ASK{}", None, None, "image/png"), 406, "no acceptable format; accepted: " + JSON),
    (("GET", "query=ASK{}", None, None, "text/csv;q=0"), 406, "accepted: " + ", ".join([*RESULT_TYPES, *GRAPH_TYPES])),
]


@pytest.mark.parametrize("request_, status, message", REFUSED, ids=[f"{s}-{m[:30]}" for _, s, m in REFUSED])
def test_a_refused_request_raises_its_status_and_message(request_, status, message):
    with pytest.raises(ProtocolError) as refused:
        read(*request_)
    assert refused.value.status == status and message in refused.value.message
    if status == 405:
        assert refused.value.headers == {"Allow": "GET, HEAD, POST"}


PARSED = [
    (("GET", "", None, None, None), None),  # the service description
    (("HEAD", "", None, None, None), None),
    (
        ("GET", "query=ASK%7B%7D", None, None, None),
        SparqlRequest("ASK{}", None, None, tuple(RESULT_TYPES), tuple(GRAPH_TYPES)),
    ),
    (("POST", "", DIRECT, b"ASK {}", "text/csv"), SparqlRequest("ASK {}", None, None, (CSV,), ())),
    (("POST", "", f'{DIRECT}; charset="UTF-8"', b"ASK {}", TTL), SparqlRequest("ASK {}", None, None, (), (TTL,))),
    (
        ("POST", "", FORM, b"query=ASK+%7B%7D&format=xml", "text/csv"),  # the parameter before Accept, read by form
        SparqlRequest("ASK {}", None, None, (XML,), (RDFXML,)),
    ),
    (
        ("GET", "query=ASK{}&format=json&output=json", None, None, None),
        SparqlRequest("ASK{}", None, None, (JSON,), (JSONLD,)),
    ),
    (("GET", "query=ASK{}&format=csv", None, None, TTL), SparqlRequest("ASK{}", None, None, (CSV,), ())),
    (("GET", "query=ASK{}&output=TTL", None, None, None), SparqlRequest("ASK{}", None, None, (), (TTL,))),
    (
        ("GET", "query=ASK{}&format=bogus", None, None, "text/tab-separated-values"),
        SparqlRequest("ASK{}", None, None, (TSV,), ()),
    ),
    (("GET", "query=ASK{}", None, None, "application/json"), SparqlRequest("ASK{}", None, None, (JSON,), ())),
    (
        (
            "GET",
            "query=ASK{}&default-graph-uri=http://g/1&default-graph-uri=not+an+iri&named-graph-uri=",
            None,
            None,
            "application/*",
        ),
        SparqlRequest("ASK{}", ("http://g/1",), (), (JSON, XML), (NT, JSONLD, RDFXML)),
    ),
    (
        ("POST", "named-graph-uri=http://g/2", FORM, b"query=ASK{}&default-graph-uri=http://x/%250A", "text/*"),
        SparqlRequest("ASK{}", ("http://x/%0A",), ("http://g/2",), (CSV, TSV), (TTL,)),
    ),
    (
        ("GET", "query=ASK{}&default-graph-uri=http://x/%0A", None, None, JSON),
        SparqlRequest("ASK{}", (), (), (JSON,), ()),
    ),
    (
        ("GET", "query=ASK{}", "text/plain", b"ignored", None),  # a GET's body is not read
        SparqlRequest("ASK{}", None, None, tuple(RESULT_TYPES), tuple(GRAPH_TYPES)),
    ),
]


@pytest.mark.parametrize("request_, parsed", PARSED)
def test_a_request_is_read_into_a_typed_request(request_, parsed):
    assert read(*request_) == parsed


@pytest.mark.parametrize(
    "header, offered, default, expected",
    [
        (None, RESULT_TYPES, JSON, RESULT_TYPES),
        ("  ", GRAPH_TYPES, TTL, GRAPH_TYPES),
        ("text/csv;q=0.5, application/sparql-results+xml", RESULT_TYPES, JSON, [XML, CSV]),
        ("*/*;q=abc", RESULT_TYPES, JSON, RESULT_TYPES),  # a malformed weight counts as 1
        ("text/csv;q=nan, application/sparql-results+xml;q=0.5", RESULT_TYPES, JSON, [CSV, XML]),
        ("text/csv;q=0, */*;q=0.1", RESULT_TYPES, JSON, [JSON, XML, CSV, TSV]),  # as before: */* still admits it
        ("text/*, text/csv", RESULT_TYPES, JSON, [CSV, TSV]),  # the exact range before the wildcard
        ("application/xml, text/xml;q=0.2", RESULT_TYPES, JSON, [XML]),  # aliases
        ("application/*", GRAPH_TYPES, TTL, [NT, JSONLD, RDFXML]),
        ("image/png, ,;", RESULT_TYPES, JSON, []),
        ("text/turtle;q=2", GRAPH_TYPES, TTL, [TTL]),  # clamped to 1
    ],
)
def test_accept_is_read_as_rfc_9110_says(header, offered, default, expected):
    assert accepted(header, offered, default) == expected


@pytest.mark.parametrize(
    "values, results, graphs",
    [
        # a word names a results format for SELECT and ASK and a graph format for CONSTRUCT and DESCRIBE
        (["xml"], [XML], [RDFXML]),
        (["JSON"], [JSON], [JSONLD]),
        (["csv"], [CSV], []),
        (["tsv", "text/tab-separated-values"], [TSV], []),  # SPARQLWrapper repeats the word as a media type
        (["turtle"], [], [TTL]),
        (["ttl"], [], [TTL]),
        (["n3"], [], [TTL]),
        (["nt"], [], [NT]),
        (["ntriples"], [], [NT]),
        (["N-Triples"], [], [NT]),
        (["jsonld"], [], [JSONLD]),
        (["json-ld", "application/ld+json,application/x-json+ld"], [], [JSONLD]),
        (["rdf+xml", ""], [], [RDFXML]),  # SPARQLWrapper's RDFXML for a SELECT: Accept */* left out, so empty
        (["rdfxml"], [], [RDFXML]),
        (["rdf"], [], [RDFXML]),
        (["srj"], [JSON], []),
        # full media types
        (["application/sparql-results+xml"], [XML], []),
        (["text/csv; charset=utf-8"], [CSV], []),
        (["application/rdf+xml"], [], [RDFXML]),
        (["application/json"], [JSON], [JSONLD]),
        (["text/xml"], [XML], [RDFXML]),
        (["text/turtle", "csv"], [CSV], [TTL]),  # several values: each names what it names
    ],
)
def test_the_format_parameter_is_read_by_query_form(values, results, graphs):
    assert requested(values) == (results, graphs)


@pytest.mark.parametrize("values", [[], [""], ["nonsense"], ["*/*"], ["image/png"], [" , "]])
def test_a_format_parameter_naming_no_format_leaves_the_choice_to_accept(values):
    assert requested(values) is None


@pytest.mark.parametrize(
    "url, accept, result_types, graph_types",
    [
        ("format=json", "text/csv", (JSON,), (JSONLD,)),  # the parameter wins over Accept
        ("output=turtle", None, (), (TTL,)),  # both names
        ("format=xml&output=xml&results=xml", "application/rdf+xml", (XML,), (RDFXML,)),  # SPARQLWrapper's default
        ("format=bogus", "application/rdf+xml", (), (RDFXML,)),  # unknown: Accept decides
        ("format=", None, tuple(RESULT_TYPES), tuple(GRAPH_TYPES)),
    ],
)
def test_the_format_parameter_decides_before_accept(url, accept, result_types, graph_types):
    parsed = read("GET", "query=ASK{}&" + url, None, None, accept)
    assert parsed is not None and (parsed.result_types, parsed.graph_types) == (result_types, graph_types)


def test_an_error_is_one_line_of_plain_text():
    response = error_response(405, "PUT\nis not\x00allowed \x1b[2J", {"Allow": "GET"})
    # one line, every character that is not printable shown as its escape (as on the command line)
    assert response.status_code == 405 and response.body == b"PUT\\nis not\\x00allowed \\x1b[2J\n"
    assert response.headers["allow"] == "GET" and response.headers["content-type"].startswith("text/plain")
    assert one_line("x" * 3000).endswith("...") and len(one_line("x" * 3000)) == 2000
    assert isinstance(ProtocolError(400, "x"), HTTPError)


def test_the_pure_modules_and_the_pool_do_not_import_starlette():
    code = (
        "import sys; import jointvision.server.protocol, jointvision.server.negotiation, "
        "jointvision.server.description, jointvision.server.pool; print('starlette' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "False", result.stderr


# ------------------------------------------------------------ the service description


def old_description(endpoint: str, void: str, sizes: dict[str, int], union_default: bool) -> str:
    """The service description as the server wrote it before it was built as RDF."""
    from jointvision.rdf.namespaces import DATASET_IRI
    from jointvision.server.description import iri_text

    formats = "\n".join(
        f"    sd:resultFormat <{iri}> ;"
        for iri in (
            "http://www.w3.org/ns/formats/SPARQL_Results_JSON",
            "http://www.w3.org/ns/formats/SPARQL_Results_XML",
            "http://www.w3.org/ns/formats/SPARQL_Results_CSV",
            "http://www.w3.org/ns/formats/SPARQL_Results_TSV",
            "http://www.w3.org/ns/formats/Turtle",
            "http://www.w3.org/ns/formats/N-Triples",
            "http://www.w3.org/ns/formats/JSON-LD",
            "http://www.w3.org/ns/formats/RDF_XML",
        )
    )
    named = "".join(
        f"\n    sd:namedGraph [ a sd:NamedGraph ; sd:name <{g}> ; sd:graph [ a sd:Graph ; "
        f"void:triples {int(sizes[g])} ] ] ;"
        for g in sorted(g for g in sizes if g)
    )
    void = iri_text(void)
    feature = "\n    sd:feature sd:UnionDefaultGraph ;" if union_default else ""
    description = (
        "jointvision read-only SPARQL endpoint: no updates, no SERVICE, no remote datasets; answers use "
        "no inference (simple entailment)"
    )
    return f"""@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix void: <http://rdfs.org/ns/void#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

<{iri_text(endpoint)}> a sd:Service ;
    sd:endpoint <{iri_text(endpoint)}> ;
    sd:supportedLanguage sd:SPARQL11Query ;{feature}
    sd:defaultEntailmentRegime <http://www.w3.org/ns/entailment/Simple> ;
{formats}
    dcterms:description "{description}" ;
    rdfs:seeAlso <{void}> ;
    sd:defaultDataset <{DATASET_IRI}> .

<{DATASET_IRI}> a sd:Dataset , void:Dataset ;
    rdfs:seeAlso <{void}> ;
    sd:defaultGraph [ a sd:Graph ; void:triples {int(sizes.get("", 0))} ] ;{named}
    void:sparqlEndpoint <{iri_text(endpoint)}> .
"""


@pytest.mark.parametrize(
    "endpoint, sizes, union_default",
    [
        ("http://127.0.0.1:8000/sparql", {"": 10}, True),
        ("http://example.org/sparql/", {"": 875, "http://g/b": 3, "http://g/a": 40, "urn:x:c": 0}, False),
        ("http://ex ample.org/a{b}/sparql", {"": 1, "http://g/1": 1}, True),  # escaped, as the Host header may need
    ],
)
def test_the_service_description_is_the_same_graph_as_before(endpoint, sizes, union_default):
    from rdflib import Graph
    from rdflib.compare import isomorphic

    from jointvision.rdf.namespaces import DATASET_IRI
    from jointvision.server.description import service_description_turtle

    void = endpoint.rsplit("/sparql", 1)[0] + "/.well-known/void"
    new = service_description_turtle(endpoint, void, DATASET_IRI, sizes, union_default)
    assert new == service_description_turtle(endpoint, void, DATASET_IRI, sizes, union_default)  # stable
    assert isomorphic(
        Graph().parse(data=new, format="turtle"),
        Graph().parse(data=old_description(endpoint, void, sizes, union_default), format="turtle"),
    )


# ------------------------------------------------------------ the messages between processes


def test_control_messages_are_typed_with_a_fixed_header():
    import os
    import signal

    from jointvision.server.pool.messages import HEADER, Control, Kind

    for message in (
        Control.fork(),
        Control.ready(True),
        Control.forked(1234),
        Control.fork_failed(),
        Control.exited(99, 0),
    ):
        encoded = message.encode()
        assert len(encoded) == HEADER.size and Control.decode(encoded) == message
    assert Control.ready(True).isolated and not Control.ready(False).isolated
    assert Control.fork_failed().failed and not Control.forked(7).failed
    assert Control.decode(b"X" + bytes(8)).kind is Kind.EXITED
    with pytest.raises(ValueError):
        Control.decode(b"Z" + bytes(8))
    with pytest.raises(ValueError):
        Control.decode(b"F")
    aborting = subprocess.Popen(["sh", "-c", "kill -ABRT $$"])
    pid, status = os.waitpid(aborting.pid, 0)  # the raw wait status, as the template reports it
    assert os.WTERMSIG(status) == signal.SIGABRT
    assert Control.exited(pid, status).aborted and not Control.exited(pid, 0).aborted


def test_a_worker_says_when_a_query_reached_the_memory_limit(monkeypatch):
    """The memory stop is a kind of reply, not words in the answer."""
    import pyoxigraph as ox

    from jointvision.server.pool import worker
    from jointvision.server.pool.messages import Job, Outcome, WorkerSettings

    store = ox.Store()
    job = Job("ASK { ?s ?p ?o }", (JSON,), (TTL,))
    reply = worker.answer_job(store, job, WorkerSettings())
    assert reply.outcome is Outcome.ANSWERED and not reply.memory_stop and reply.answer.status == 200
    assert reply.answer.cacheable

    def exhausted(*args):
        raise MemoryError

    monkeypatch.setattr(worker, "evaluate", exhausted)
    reply = worker.answer_job(store, job, WorkerSettings())
    assert reply.memory_stop and reply.answer.status == 503 and not reply.answer.cacheable
    refused = worker.answer_job(
        store, Job("SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }", (JSON,), ()), WorkerSettings()
    )
    assert refused.outcome is Outcome.ANSWERED and refused.answer.status == 400


@pytest.mark.parametrize(
    "query, result_types, graph_types, status, media",
    [
        ("ASK {}", (XML,), (), 200, XML),
        ("SELECT * WHERE { ?s ?p ?o }", (CSV,), (TTL,), 200, CSV + "; charset=utf-8"),
        ("CONSTRUCT WHERE { ?s ?p ?o }", (JSON,), (RDFXML, TTL), 200, RDFXML),
        ("CONSTRUCT WHERE { ?s ?p ?o }", (JSON,), (), 406, "text/plain; charset=utf-8"),
        ("ASK {}", (), (TTL,), 406, "text/plain; charset=utf-8"),
    ],
)
def test_a_worker_answers_in_the_first_acceptable_format(query, result_types, graph_types, status, media):
    import pyoxigraph as ox

    from jointvision.server.pool import worker
    from jointvision.server.pool.messages import Job, WorkerSettings

    reply = worker.answer_job(ox.Store(), Job(query, result_types, graph_types), WorkerSettings())
    assert (reply.answer.status, reply.answer.media_type) == (status, media)
