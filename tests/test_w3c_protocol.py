"""The W3C SPARQL 1.1 Protocol tests, read from the manifest in
../shared/w3c/sparql11-protocol/, run against a live `jointvision serve`.

Query tests must pass as written. This endpoint is read-only, so for every
update test the update request must be refused (4xx) and the data must be
unchanged afterwards; the manifest's follow-up queries, which check the
update's effect, do not apply.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import httpx
import pytest
from rdflib import RDF, RDFS, Graph, Namespace
from rdflib.collection import Collection

from conftest import W3C, W3C_GRAPHS, need_shared

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
MANIFEST = W3C / "manifest.ttl"
FORMATS = {
    "boolean": {"application/sparql-results+json", "application/sparql-results+xml"},
    "tabular": {
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "text/csv",
        "text/tab-separated-values",
    },
    "RDF": {"application/rdf+xml", "text/turtle", "application/n-triples", "application/ld+json"},
}
COUNT_ALL = "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"


def load_tests() -> list[tuple[str, dict]]:
    if not MANIFEST.is_file():
        return []
    g = Graph().parse(MANIFEST, publicID="http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest.ttl")
    manifest = next(g.subjects(RDF.type, MF.Manifest))
    tests = []
    for entry in Collection(g, g.value(manifest, MF.entries)):
        action = g.value(entry, MF.action)
        requests = []
        for r in Collection(g, g.value(action, HT.requests)):
            body = g.value(r, HT.body)
            headers = g.value(r, HT.headers)
            response = g.value(r, HT.resp)
            requests.append(
                {
                    "method": str(g.value(r, HT.methodName)),
                    "path": str(g.value(r, HT.absolutePath)),
                    "headers": [
                        (str(g.value(h, HT.fieldName)), str(g.value(h, HT.fieldValue)))
                        for h in (Collection(g, headers) if headers is not None else [])
                    ],
                    "body": None if body is None else str(g.value(body, CNT.chars)),
                    "encoding": None if body is None else str(g.value(body, CNT.characterEncoding) or "UTF-8"),
                    "status": {str(s).rsplit("#", 1)[-1] for s in g.objects(response, MF.expectedStatus)},
                    "format": None
                    if g.value(response, MF.expectedFormat) is None
                    else str(g.value(response, MF.expectedFormat)),
                    "boolean": None
                    if g.value(response, MF.expectedBoolean) is None
                    else g.value(response, MF.expectedBoolean).toPython(),
                }
            )
        graphs = {str(g.value(d, RDFS.label)) for d in g.objects(entry, UT.graphData)}
        tests.append(
            (
                str(entry).rsplit("#", 1)[-1],
                {"name": str(g.value(entry, MF.name)), "requests": requests, "graphs": graphs},
            )
        )
    return tests


TESTS = load_tests()


def send(base: str, request: dict) -> httpx.Response:
    body = None if request["body"] is None else request["body"].encode(request["encoding"].lower())
    return httpx.request(
        request["method"], base + request["path"], headers=request["headers"], content=body, timeout=30
    )


def boolean_of(response: httpx.Response) -> bool:
    media = response.headers["content-type"].split(";")[0]
    if media == "application/sparql-results+json":
        return json.loads(response.text)["boolean"]
    root = ET.fromstring(response.content)
    return root.find("{http://www.w3.org/2005/sparql-results#}boolean").text == "true"


def count_all(base: str) -> int:
    response = httpx.post(f"{base}/sparql", content=COUNT_ALL, headers={"Content-Type": "application/sparql-query"})
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def test_the_manifest_is_read_whole():
    need_shared(MANIFEST, "the W3C SPARQL 1.1 Protocol manifest")
    assert len(TESTS) == 34
    assert sum(1 for name, _ in TESTS if name.startswith("update_")) == 7


@pytest.mark.parametrize("name, test", TESTS, ids=[name for name, _ in TESTS])
def test_w3c_protocol(live_server, name, test):
    for path in W3C_GRAPHS.values():
        need_shared(path, "the W3C protocol test data")
    assert test["graphs"] <= set(W3C_GRAPHS), "the server holds the graphs this test needs"
    if name.startswith("update_"):
        before = count_all(live_server)
        response = send(live_server, test["requests"][0])
        assert 400 <= response.status_code < 500, (response.status_code, response.text)
        assert "read-only" in response.text
        assert count_all(live_server) == before
        return
    for request in test["requests"]:
        response = send(live_server, request)
        klass = f"StatusCode{response.status_code // 100}xx"
        assert klass in request["status"], (request["method"], request["path"], response.status_code, response.text)
        if request["format"]:
            assert response.headers["content-type"].split(";")[0] in FORMATS[request["format"]]
        if request["boolean"] is not None:
            assert boolean_of(response) is request["boolean"]
        if klass == "StatusCode4xx":
            assert response.text.strip() and "Traceback" not in response.text
