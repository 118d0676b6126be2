"""`jointvision serve` as clients meet it: formats, downloads, and safety
(read-only, nothing fetched, limits, clean errors). Real SPARQL client
libraries (SPARQLWrapper's whole matrix, rdflib's SPARQLStore) are in
test_clients.py."""

from __future__ import annotations

import socket
import threading
import time

import httpx
import pyoxigraph as ox
import pytest
from rdflib import Graph

from conftest import EXTRA_GRAPH, SERVER_MAX_RESULT, SERVER_TIMEOUT_S, SERVER_WORKERS

HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
TARGETS = "SELECT ?t WHERE { ?t a jv:Target } ORDER BY ?t"
LEAKS = ("Traceback", 'File "', "site-packages", "/work/", "jointvision/")


def post_query(base, query, accept=None, **params):
    headers = {"Content-Type": "application/sparql-query"}
    if accept:
        headers["Accept"] = accept
    return httpx.post(f"{base}/sparql", params=params, content=query.encode(), headers=headers, timeout=30)


def settled(base) -> dict:
    """/version once the pool is back to its full size with nothing running
    (a worker killed by an earlier test is replaced in the background)."""
    for _ in range(300):
        version = httpx.get(base + "/version").json()
        if version["workers"] >= SERVER_WORKERS and version["queries_running"] == 0:
            return version
        time.sleep(0.05)
    raise AssertionError(f"the query pool did not recover: {version}")


def assert_clean_error(response, status_class=4):
    assert response.status_code // 100 == status_class, (response.status_code, response.text)
    assert not any(leak in response.text for leak in LEAKS), response.text


@pytest.mark.parametrize(
    "accept, media",
    [
        (None, "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml"),
    ],
)
def test_select_results_by_accept(live_server, accept, media):
    response = post_query(live_server, TARGETS, accept)
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media
    assert "private-investment-10-trillion" in response.text


@pytest.mark.parametrize(
    "accept, media, fmt",
    [
        (None, "text/turtle", "turtle"),
        ("application/n-triples", "application/n-triples", "nt"),
        ("application/ld+json", "application/ld+json", "json-ld"),
        ("application/rdf+xml", "application/rdf+xml", "xml"),
    ],
)
def test_construct_and_describe_by_accept(live_server, accept, media, fmt):
    for query in ("CONSTRUCT WHERE { ?t a jv:Target ; rdfs:label ?l }", "DESCRIBE jvd:japan"):
        response = post_query(live_server, query, accept)
        assert response.status_code == 200 and response.headers["content-type"].split(";")[0] == media
        assert len(Graph().parse(data=response.content, format=fmt)) > 0


def targets_of(graph) -> set:
    from rdflib.namespace import RDF

    from jointvision.rdf.namespaces import JV

    return set(graph.subjects(RDF.type, JV.Target))


def test_get_and_form_post_and_ask(live_server, graph):
    get = httpx.get(f"{live_server}/sparql", params={"query": "ASK { jvd:india a jv:Country }"})
    assert get.json() == {"head": {}, "boolean": True}
    form = httpx.post(f"{live_server}/sparql", data={"query": TARGETS})
    assert len(form.json()["results"]["bindings"]) == len(targets_of(graph))
    assert post_query(live_server, "SELECT * WHERE { ?s ?p }").status_code == 400


@pytest.mark.parametrize("name", sorted(__import__("jointvision.sparql.named", fromlist=["x"]).named_queries()))
def test_named_queries_answer_as_on_the_command_line(live_server, engine, name):
    from jointvision.sparql.named import named_query

    text = named_query(name).text
    over_http = post_query(live_server, text).json()["results"]["bindings"]
    local = engine.query(text)
    assert len(over_http) == len(local.rows)
    assert all(row.keys() <= set(local.variables) for row in over_http)


def test_unacceptable_format_is_406(live_server):
    response = post_query(live_server, TARGETS, "image/png")
    assert response.status_code == 406 and "accepted" in response.text


@pytest.mark.parametrize(
    "accept, media",
    [
        ("*/*;q=abc", "application/sparql-results+json"),  # a malformed weight is ignored
        ("text/csv;q=nan, application/sparql-results+xml;q=0.5", "text/csv"),
        ("text/csv;q=0, */*;q=0.1", "application/sparql-results+json"),
    ],
)
def test_accept_weights(live_server, accept, media):
    response = post_query(live_server, TARGETS, accept)
    assert response.status_code == 200 and response.headers["content-type"].startswith(media)


def test_service_description_on_plain_get(live_server):
    response = httpx.get(f"{live_server}/sparql")
    assert response.headers["content-type"].startswith("text/turtle")
    sd = Graph().parse(data=response.text, format="turtle")
    assert len(sd) > 10 and "SPARQL11Query" in response.text
    assert f"sd:name <{EXTRA_GRAPH}>" in response.text  # named graphs listed


@pytest.mark.parametrize(
    "path, media, name",
    [
        ("/jointvision.ttl", "text/turtle", "jointvision.ttl"),
        ("/jointvision.jsonld", "application/ld+json", "jointvision.jsonld"),
        ("/jointvision.nt", "application/n-triples", "jointvision.nt"),
        ("/ontology.ttl", "text/turtle", "ontology.ttl"),
    ],
)
def test_downloads_by_path(live_server, graph, path, media, name):
    response = httpx.get(live_server + path)
    assert response.status_code == 200 and response.headers["content-type"].split(";")[0] == media
    assert response.headers["content-disposition"] == f'attachment; filename="{name}"'
    if name.startswith("jointvision"):
        assert len(
            Graph().parse(
                data=response.content, format={"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}[name.split(".")[1]]
            )
        ) == len(graph)


@pytest.mark.parametrize(
    "accept, name",
    [
        (None, "jointvision.ttl"),
        ("application/ld+json", "jointvision.jsonld"),
        ("application/n-triples", "jointvision.nt"),
    ],
)
def test_download_by_content_negotiation(live_server, accept, name):
    response = httpx.get(f"{live_server}/data", headers={"Accept": accept} if accept else {})
    assert f'filename="{name}"' in response.headers["content-disposition"]


def test_pages_health_and_version(live_server, dataset):
    home = httpx.get(live_server + "/")
    assert home.status_code == 200 and 'id="jv-network"' in home.text
    page = httpx.get(live_server + "/query")
    assert page.status_code == 200 and "investment-growth" in page.text and "connect-src 'self'" in page.text
    assert httpx.get(live_server + "/health").json() == {"status": "ok", "workers": SERVER_WORKERS}
    version = httpx.get(live_server + "/version").json()
    assert version["jointvision"] and version["engine"].startswith("pyoxigraph")
    sizes = dataset.sizes()
    assert version["triples"] == sizes[""]  # the default graph: every source's statements and the ontology
    counted = post_query(live_server, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").json()
    assert version["triples"] == int(counted["results"]["bindings"][0]["n"]["value"])  # what a query sees
    assert {g: version["named_graphs"][g] for g in dataset.graph_names()} == {
        g: sizes[g] for g in dataset.graph_names()
    }
    assert version["queries_running"] == 0 and version["worker_restarts"] >= 0


# ------------------------------------------------------------------ safety


@pytest.mark.parametrize(
    "method, path, kwargs",
    [
        ("POST", "/sparql", {"data": {"update": "CLEAR ALL"}}),
        (
            "POST",
            "/sparql",
            {
                "content": b"INSERT DATA { <http://a> <http://b> <http://c> }",
                "headers": {"Content-Type": "application/sparql-update"},
            },
        ),
        ("POST", "/sparql", {"content": b"DROP ALL", "headers": {"Content-Type": "application/sparql-query"}}),
        ("GET", "/sparql?update=CLEAR%20ALL", {}),
        (
            "PUT",
            "/data",
            {"content": b"<http://a> <http://b> <http://c> .", "headers": {"Content-Type": "text/turtle"}},
        ),
        (
            "POST",
            "/data",
            {"content": b"<http://a> <http://b> <http://c> .", "headers": {"Content-Type": "text/turtle"}},
        ),
        ("DELETE", "/data", {}),
        ("DELETE", "/jointvision.ttl", {}),
        ("PUT", "/sparql", {"content": b"x"}),
    ],
)
def test_every_update_is_refused_and_nothing_changes(live_server, method, path, kwargs):
    before = post_query(live_server, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").json()
    response = httpx.request(method, live_server + path, **kwargs)
    assert_clean_error(response)
    assert response.text.strip()
    assert post_query(live_server, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").json() == before


def test_nothing_is_fetched_for_service_from_or_file_iris(live_server, tmp_path, canary):
    secret = tmp_path / "secret.nt"
    secret.write_text('<http://s> <http://p> "TOP SECRET" .\n')
    url, hits = canary
    queries = [
        f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}",
        f"PREFIX t: <{url}#> SELECT * WHERE {{ ?x a t:.SERVICE <{url}> {{ ?s ?p ?o }} }}",
        # \u escapes are read before anything else: "<x\u0041#>" is an IRI, not the start of a comment
        f"SELECT * {{ BIND(<x\\u0041#> AS ?z) SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * {{ BIND(<x\\u0041'> AS ?z) SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * {{ SERVI\\u0043E <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }}",
        f"SELECT * FROM NAMED <{url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        f"SELECT * FROM <{secret.as_uri()}> WHERE {{ ?s ?p ?o }}",
    ]
    for query in queries:
        response = post_query(live_server, query)
        assert response.status_code == 400 and "refused" in response.text, query
        assert "LEAK" not in response.text and "TOP SECRET" not in response.text
    # a protocol dataset naming a graph the store lacks selects an empty graph: no fetch either
    response = post_query(live_server, "SELECT * WHERE { ?s ?p ?o }", **{"default-graph-uri": url})
    assert response.status_code == 200 and response.json()["results"]["bindings"] == []
    response = post_query(live_server, "SELECT * WHERE { ?s ?p ?o }", **{"default-graph-uri": secret.as_uri()})
    assert "TOP SECRET" not in response.text
    assert hits == []


def test_from_may_name_a_local_graph(live_server):
    response = post_query(live_server, f"SELECT (COUNT(*) AS ?n) FROM <{EXTRA_GRAPH}> WHERE {{ ?s ?p ?o }}")
    assert response.status_code == 200 and int(response.json()["results"]["bindings"][0]["n"]["value"]) == 2


def test_a_runaway_query_is_stopped_without_blocking_others(live_server):
    outcome = {}

    def heavy():
        started = time.monotonic()
        outcome["response"] = post_query(live_server, HEAVY)
        outcome["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=heavy)
    thread.start()
    time.sleep(0.3)
    light = post_query(live_server, TARGETS)
    assert light.status_code == 200 and thread.is_alive()  # answered while the heavy one still runs
    thread.join(SERVER_TIMEOUT_S + 30)
    response = outcome["response"]
    assert response.status_code == 503 and "limit" in response.text
    assert response.content.startswith(b"the query ran longer")  # an error status before any result byte
    assert outcome["seconds"] >= SERVER_TIMEOUT_S
    assert post_query(live_server, TARGETS).status_code == 200  # the pool recovered
    assert httpx.get(live_server + "/version").json()["worker_restarts"] >= 1  # the stuck worker was replaced


def test_runaway_queries_on_every_worker_do_not_stall_short_ones(live_server):
    """As many runaway queries as there are workers (three): once they are
    long, the pool adds workers for short queries, and a short query is
    answered while they still run."""
    before = settled(live_server)
    threads = [threading.Thread(target=post_query, args=(live_server, HEAVY)) for _ in range(SERVER_WORKERS)]
    for thread in threads:
        thread.start()
    time.sleep(1.3)  # past the one second after which a query is long
    started = time.monotonic()
    light = post_query(live_server, TARGETS + " # not cached")
    answered_in = time.monotonic() - started
    still_running = all(thread.is_alive() for thread in threads)
    for thread in threads:
        thread.join(SERVER_TIMEOUT_S + 30)
    assert light.status_code == 200
    assert still_running, f"the short query took {answered_in:.2f} s: it waited for the runaway ones to be stopped"
    assert httpx.get(live_server + "/version").json()["queries_long"] >= before["queries_long"] + SERVER_WORKERS


def test_result_and_request_size_limits(live_server):
    big = post_query(live_server, "CONSTRUCT WHERE { ?s ?p ?o }", "application/n-triples")
    assert big.status_code == 413 and f"{SERVER_MAX_RESULT:,}" in big.text
    huge = httpx.post(
        f"{live_server}/sparql", content=b"#" * 2_000_000, headers={"Content-Type": "application/sparql-query"}
    )
    assert_clean_error(huge)
    assert huge.status_code == 413


def raw(live_server, payload: bytes) -> bytes:
    host, port = live_server.rsplit("/", 1)[-1].split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(payload)
        chunks = []
        try:
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
        except TimeoutError:
            pass
    return b"".join(chunks)


@pytest.mark.parametrize(
    "payload",
    [
        b"GARBAGE\r\n\r\n",
        b"GET /sparql HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 40_000 + b"\r\n\r\n",
        b"GET /sparql HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 300_000 + b"\r\n\r\n",
        b"GET /sparql?query=%FF%FE HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        b"GET /sparql?query=ASK%7B%20BIND(%22%FF%22%20AS%20?x)%20%7D HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: 4\r\n"
        b"Connection: close\r\n\r\n\xff\xfe\xfd\xfc",
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        b"Content-Length: 9\r\nConnection: close\r\n\r\nquery=%FF",
        b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\nAccept: ;;;,,q=x\r\nConnection: close\r\n\r\n",
    ],
)
def test_malformed_requests_get_4xx_never_500(live_server, payload):
    answer = raw(live_server, payload)
    status = int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/1.1 ") else 0
    assert 400 <= status < 500 or (status == 200 and b"Accept" in payload), answer[:200]
    assert not any(leak.encode() in answer for leak in LEAKS)


def test_repeated_queries_are_answered_from_the_cache(live_server, graph):
    from rdflib.namespace import RDF

    from jointvision.rdf.namespaces import JV

    query = "SELECT ?d WHERE { ?d a jv:StrategicDirection } ORDER BY ?d # cache probe"
    before = httpx.get(live_server + "/version").json()["cache"]["hits"]
    first, second = post_query(live_server, query), post_query(live_server, query)
    directions = set(graph.subjects(RDF.type, JV.StrategicDirection))
    assert first.content == second.content and len(first.json()["results"]["bindings"]) == len(directions)
    assert httpx.get(live_server + "/version").json()["cache"]["hits"] == before + 1
    csv = post_query(live_server, query, "text/csv")  # another format is another answer
    assert csv.headers["content-type"].startswith("text/csv")


def test_workers_have_no_network_when_the_system_allows(live_server):
    import os

    isolated = httpx.get(live_server + "/version").json()["workers_isolated_from_network"]
    if os.geteuid() == 0:  # as root (CI) the workers always get an empty network namespace
        assert isolated is True


def test_an_isolated_process_cannot_reach_loopback():
    import subprocess
    import sys

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    port = listener.getsockname()[1]
    code = (
        f"import socket, sys; from jointvision.sparql.isolation import isolate_this_process\n"
        f"ok = isolate_this_process()\n"
        f"try:\n    socket.create_connection(('127.0.0.1', {port}), timeout=2); print('reached')\n"
        f"except OSError:\n    print('cut off' if ok else 'not isolated')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30)
    listener.close()
    import os

    if os.geteuid() == 0:
        assert result.stdout.strip() == "cut off", result.stderr
    else:
        assert result.stdout.strip() in {"cut off", "reached"}


@pytest.mark.parametrize(
    "params, query, message",
    [
        ({}, "SELECT * WHERE " + "{" * 200 + "}" * 200, "nests more than"),
        ({}, 'SELECT * WHERE { ?s ?p "never closed }', "never closed"),
        ({}, "SELECT * WHERE { ?s ?p ?o } \\ ", "backslash"),
    ],
)
def test_pathological_queries_get_400(live_server, params, query, message):
    response = post_query(live_server, query, **params)
    assert response.status_code == 400 and message in response.text
    assert httpx.get(live_server + "/health").json()["workers"] == 3


@pytest.mark.parametrize("value", ["not an iri", "", "relative/graph", "http://x/%0A bad"])
def test_a_protocol_graph_that_is_not_an_iri_selects_nothing(live_server, value):
    response = post_query(live_server, "ASK { ?s ?p ?o }", **{"default-graph-uri": value})
    assert response.status_code == 200 and response.json()["boolean"] is False


def test_head_volatile_queries_and_json_alias(live_server):
    assert httpx.head(f"{live_server}/sparql", params={"query": "ASK {}"}).status_code == 200
    first = post_query(live_server, "SELECT (STRUUID() AS ?u) WHERE {}").json()
    second = post_query(live_server, "SELECT (STRUUID() AS ?u) WHERE {}").json()
    assert first != second  # never served from the cache
    alias = post_query(live_server, "ASK {}", "application/json")
    assert alias.status_code == 200 and alias.json() == {"head": {}, "boolean": True}


def test_a_client_that_leaves_frees_its_worker(live_server):
    """A client that hangs up mid-query must not hold a worker until the time
    limit: the query is abandoned, not timed out."""
    before = settled(live_server)
    host, port = live_server.rsplit("/", 1)[-1].split(":")
    body = HEAVY.encode()
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(
            b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
            b"Content-Length: %d\r\n\r\n%s" % (len(body), body)
        )
        for _ in range(100):  # until the server has handed the query to a worker
            if httpx.get(live_server + "/version").json()["queries_running"] >= 1:
                break
            time.sleep(0.01)
        else:
            pytest.fail("the heavy query never started")
    for _ in range(int(SERVER_TIMEOUT_S * 100) + 500):
        after = httpx.get(live_server + "/version").json()
        if after["queries_running"] == 0:
            break
        time.sleep(0.01)
    assert after["queries_running"] == 0
    assert after["queries_abandoned"] == before["queries_abandoned"] + 1
    assert after["timeouts"] == before["timeouts"]  # stopped on hang-up, not by the time limit
    assert post_query(live_server, TARGETS).status_code == 200


def test_other_sites_may_query_across_origins(live_server):
    """A query page on another site (a YASGUI-like editor) may read: the
    preflight is answered and results carry Access-Control-Allow-Origin."""
    origin = {"Origin": "https://yasgui.example.org"}
    preflight = httpx.options(
        f"{live_server}/sparql",
        headers={**origin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"},
    )
    assert preflight.status_code == 200
    assert "POST" in preflight.headers["access-control-allow-methods"]
    answer = httpx.post(
        f"{live_server}/sparql",
        content=TARGETS.encode(),
        headers={**origin, "Content-Type": "application/sparql-query"},
    )
    assert answer.status_code == 200 and answer.headers["access-control-allow-origin"] == "*"
    download = httpx.get(f"{live_server}/jointvision.ttl", headers=origin)
    assert download.headers["access-control-allow-origin"] == "*"
    assert "content-disposition" in download.headers["access-control-expose-headers"].lower()
    # still read-only across origins: a cross-origin update is refused like any other
    update = httpx.post(f"{live_server}/sparql", data={"update": "CLEAR ALL"}, headers=origin)
    assert update.status_code // 100 == 4


@pytest.mark.parametrize("path", ["/health", "/version", "/query"])
def test_pages_refuse_other_methods_with_405(live_server, path):
    response = httpx.post(live_server + path, content=b"x")
    assert response.status_code == 405 and "GET" in response.headers["allow"]
    assert_clean_error(response)


# ------------------------------------------------------------------ abuse: memory, fairness, cost of checking

#: Doubles a string thirty times: 16 GB if nothing stops it.
DOUBLING = (
    'SELECT (STRLEN(?s30) AS ?n) { BIND("aaaaaaaaaaaaaaaa" AS ?s0) '
    + " ".join(f"BIND(CONCAT(?s{i}, ?s{i}) AS ?s{i + 1})" for i in range(30))
    + " }"
)


def test_a_query_past_the_memory_limit_gets_503_and_its_worker_is_replaced(live_server):
    from conftest import SERVER_MAX_MEMORY_MB

    before = settled(live_server)
    response = post_query(live_server, DOUBLING)
    assert response.status_code == 503 and "memory" in response.text, response.text
    assert f"{SERVER_MAX_MEMORY_MB:,} MB" in response.text
    assert_clean_error(response, 5)
    after = settled(live_server)
    assert after["memory_stops"] == before["memory_stops"] + 1
    assert post_query(live_server, TARGETS).status_code == 200


def test_volatility_is_read_from_tokens_so_a_comment_cannot_get_rand_cached(live_server):
    query = "SELECT (RAND #\n () AS ?r) (STRUUID\t() AS ?u) WHERE {}"
    first, second = post_query(live_server, query).json(), post_query(live_server, query).json()
    assert first != second


def test_six_runaway_clients_do_not_take_the_light_queries_workers(live_server):
    """Six clients of one address keep runaway queries running (twice the
    pool's size): once long, they run at the lowest CPU priority on workers
    added for them, up to the address's share of the long lane (the others
    are stopped with 503), and a light query is answered at once."""
    before = settled(live_server)
    outcomes = []
    threads = [
        threading.Thread(target=lambda i=i: outcomes.append(post_query(live_server, HEAVY + f" # {i}")))
        for i in range(6)
    ]
    for thread in threads:
        thread.start()
    for _ in range(100):  # until the runaway queries are past the second after which they are long
        version = httpx.get(live_server + "/version").json()
        if version["long_running"] + version["long_refused"] - before["long_refused"] >= 6:
            break
        time.sleep(0.02)
    share = version["limits"]["max_workers"] - SERVER_WORKERS
    light = post_query(live_server, TARGETS + " # fresh, not from the cache")
    for thread in threads:
        thread.join(SERVER_TIMEOUT_S + 30)
    assert light.status_code == 200
    assert 1 <= version["long_running"] <= max(1, share // 2) and version["workers"] >= SERVER_WORKERS + 1
    assert sorted({r.status_code for r in outcomes}) == [503]
    refused = [r for r in outcomes if "long queries" in r.text]
    assert len(refused) == 6 - version["long_running"]
    assert settled(live_server)["workers"] == SERVER_WORKERS  # back to its size once they are stopped


def test_large_refused_queries_are_checked_in_the_workers_not_on_the_server_loop(live_server):
    """Queries of 99 KB that the check refuses (too many tokens) cost the
    workers, while the server keeps answering everything else."""
    big = "SELECT * WHERE { " + "?s ?p ?o . " * 9_000 + "}"
    assert len(big) < 100_000
    results = []
    threads = [threading.Thread(target=lambda: results.append(post_query(live_server, big))) for _ in range(8)]
    for thread in threads:
        thread.start()
    health = httpx.get(live_server + "/health", timeout=10)
    light = post_query(live_server, TARGETS + " # during the flood")
    for thread in threads:
        thread.join(30)
    assert health.status_code == 200 and light.status_code == 200
    assert len(results) == 8 and all(r.status_code == 400 and "tokens" in r.text for r in results)


# ------------------------------------------------------------ named graphs


def test_graph_says_which_source_states_what(live_server, dataset):
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s a jv:Source } } ORDER BY ?g"
    found = [b["g"]["value"] for b in post_query(live_server, query).json()["results"]["bindings"]]
    assert found == dataset.source_graphs()
    from conftest import ARTICLE_GRAPH

    query = f"SELECT (COUNT(*) AS ?n) FROM NAMED <{ARTICLE_GRAPH}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    count = post_query(live_server, query).json()["results"]["bindings"][0]["n"]["value"]
    assert int(count) == dataset.sizes()[ARTICLE_GRAPH]


def test_named_graph_uri_selects_the_graphs_of_the_protocol_dataset(live_server, dataset):
    from conftest import ARTICLE_GRAPH
    from jointvision.rdf.namespaces import ONTOLOGY_IRI

    query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    response = httpx.get(f"{live_server}/sparql", params={"query": query, "named-graph-uri": str(ONTOLOGY_IRI)})
    rows = {b["g"]["value"]: int(b["n"]["value"]) for b in response.json()["results"]["bindings"]}
    assert rows == {str(ONTOLOGY_IRI): dataset.sizes()[str(ONTOLOGY_IRI)]}
    assert ARTICLE_GRAPH not in rows


def test_service_description_lists_every_graph(live_server, dataset):
    description = Graph().parse(data=httpx.get(f"{live_server}/sparql").text, format="turtle")
    from rdflib import Namespace

    sd = Namespace("http://www.w3.org/ns/sparql-service-description#")
    names = {str(n) for n in description.objects(None, sd.name)}
    assert set(dataset.graph_names()) <= names


@pytest.mark.parametrize(
    "accept, fmt", [("application/trig", ox.RdfFormat.TRIG), ("application/n-quads", ox.RdfFormat.N_QUADS)]
)
def test_data_negotiates_the_dataset_formats(live_server, dataset, accept, fmt):
    response = httpx.get(f"{live_server}/data", headers={"Accept": accept})
    assert response.status_code == 200 and response.headers["content-type"].startswith(accept)
    quads = set(ox.parse(response.content, format=fmt))
    assert quads == set(dataset.quads())


def test_several_default_graph_uris_are_merged_each_statement_once(live_server, dataset):
    """SPARQL's RDF merge: a graph named twice, or two graphs, count each statement once."""
    from conftest import ARTICLE_GRAPH

    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    twice = httpx.get(
        f"{live_server}/sparql",
        params=[("query", query), ("default-graph-uri", ARTICLE_GRAPH), ("default-graph-uri", ARTICLE_GRAPH)],
    )
    assert int(twice.json()["results"]["bindings"][0]["n"]["value"]) == dataset.sizes()[ARTICLE_GRAPH]
    every = [("default-graph-uri", g) for g in dataset.graph_names()]
    merged = httpx.get(f"{live_server}/sparql", params=[("query", query + " # all"), *every])
    assert int(merged.json()["results"]["bindings"][0]["n"]["value"]) == dataset.sizes()[""]


# ------------------------------------------------------------ query --endpoint


@pytest.mark.parametrize("name", ["targets", "directions", "summit", "conflicts"])
def test_named_queries_give_the_same_answer_from_a_remote_endpoint(live_server, name):
    """`query NAME --endpoint URL` against a jointvision server holding the
    default data answers as the local query does, in the same formats."""
    from conftest import run_cli

    remote = run_cli("query", name, "--endpoint", f"{live_server}/sparql", "--format", "csv")
    local = run_cli("query", name, "--format", "csv")
    assert remote.returncode == 0, remote.stderr
    assert remote.stdout == local.stdout
    ask = run_cli("query", "ASK { jvd:india a jv:Country }", "--endpoint", f"{live_server}/sparql", "--format", "json")
    import json

    assert json.loads(ask.stdout) == {"head": {}, "boolean": True}


@pytest.mark.parametrize(
    "args, code, message",
    [
        (["--endpoint", "http://127.0.0.1:9/sparql"], 3, "could not be reached"),
        (["--endpoint", "ftp://example.org/sparql"], 2, "http or https URL"),
    ],
)
def test_a_remote_endpoint_that_fails_is_exit_3_and_a_bad_url_exit_2(args, code, message):
    from conftest import run_cli

    result = run_cli("query", "targets", *args)
    assert result.returncode == code and message in result.stderr and result.stderr.count("\n") == 1


def test_a_remote_error_answer_is_exit_3(live_server):
    from conftest import run_cli

    result = run_cli("query", "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "--endpoint", f"{live_server}/nowhere")
    assert result.returncode == 3 and "404" in result.stderr


def test_service_is_refused_before_anything_is_sent(live_server):
    from conftest import run_cli

    result = run_cli(
        "query", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", "--endpoint", f"{live_server}/sparql"
    )
    assert result.returncode == 2 and "SERVICE" in result.stderr
