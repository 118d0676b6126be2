"""`jointvision push` to real triple stores, and the named queries asked
there with `query --endpoint`: Oxigraph and Virtuoso, each on its
out-of-the-box settings (tests/stores.py; .ci/run starts both)."""

from __future__ import annotations

from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

import stores
from answers import NUMERIC, YEARS_MONTHS, assert_same_answers
from conftest import FACT_FILE, ROOT, TWO_SOURCES
from jointvision.cli import main
from jointvision.errors import RemoteError
from jointvision.outputs.push import check_push, push_dataset
from jointvision.rdf.build import build_dataset
from jointvision.rdf.namespaces import DERIVED, GRAPHS, JV
from jointvision.sparql.engine import QueryEngine, check_query
from jointvision.sparql.named import named_queries
from jointvision.sparql.remote import remote_query

QUERIES = sorted(named_queries())


def cli(*args: str, env: dict | None = None):
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def push_args(store: stores.Store, *extra: str) -> list[str]:
    return ["push", store.gsp, "--default-graph", store.default_graph, *extra]


def store_triples(store: stores.Store, graph: str | None) -> set[ox.Triple]:
    return {q.triple for q in ox.parse(stores.graph_triples(store, graph), format=ox.RdfFormat.N_TRIPLES)}


def local_triples(ds, graph: str | None) -> set[ox.Triple]:
    name = ox.DefaultGraph() if graph is None else ox.NamedNode(graph)
    return {q.triple for q in ds.store.quads_for_pattern(None, None, None, name)}


_DURATION = "http://www.w3.org/2001/XMLSchema#duration"


def by_value(triples: set[ox.Triple], store_name: str) -> set[tuple]:
    """Triples with their objects as values: numbers by number (Virtuoso
    gives some decimals back as integers) and, on Virtuoso, durations as the
    month counts it stores them as (its documented bug)."""
    out = set()
    for t in triples:
        o = t.object
        if isinstance(o, ox.Literal) and NUMERIC.match(o.datatype.value):
            key = ("number", Decimal(o.value).normalize())
        elif isinstance(o, ox.Literal) and o.datatype.value == _DURATION and store_name == "virtuoso":
            found = YEARS_MONTHS.fullmatch(o.value)
            key = (
                "months",
                str(12 * int(found.group(1) or 0) + int(found.group(2) or 0)) if found and o.value[1:] else o.value,
            )
        else:
            key = ("term", str(o))
        out.add((str(t.subject), str(t.predicate), key))
    return out


def assert_holds(store: stores.Store, ds, graph: str | None) -> None:
    held, pushed = store_triples(store, graph), local_triples(ds, graph)
    assert len(held) == len(pushed)
    assert by_value(held, store.name) == by_value(pushed, store.name)


@pytest.fixture(scope="module")
def two_dataset():
    return build_dataset(TWO_SOURCES)


@pytest.fixture(scope="module")
def tracking_dataset():
    """The invented tracking fixture, with its derived statuses."""
    return build_dataset(ROOT / "tests" / "data" / "tracking")


@pytest.fixture
def pick(dataset, two_dataset, tracking_dataset):
    def dataset_of(name: str):
        if name == "beside-the-article":  # the article with two invented sources, one disagreeing on a figure
            return build_dataset([FACT_FILE, ROOT / "tests" / "data" / "beside-the-article"])
        return {"article": dataset, "two-sources": two_dataset, "tracking": tracking_dataset}[name]

    return dataset_of


# ------------------------------------------------------------ without a store
@pytest.mark.parametrize("data", ["article", "two-sources", "tracking"])
def test_named_queries_give_the_same_answers_when_the_default_graph_repeats_statements(data, pick):
    """A store whose default graph is the union of its graphs (Virtuoso;
    Oxigraph with --union-default-graph) repeats a statement once per graph
    that holds it, and again if the merged default graph was pushed too.
    Every named query gives the same answers there as on the set union."""
    ds = pick(data)
    bag = ox.Store()
    bag.bulk_extend(list(ds.store))  # the named graphs and the default graph: each statement at least twice
    engine = QueryEngine(ds)
    for name, named in named_queries().items():
        local = engine.query(named.text)
        answer = bag.query(check_query(named.text, dataset_given=True).text, use_default_graph_as_union=True)
        rows = [tuple(None if s[v] is None else str(s[v]) for v in answer.variables) for s in answer]
        assert rows == [tuple(None if t is None else ox_text(t) for t in row) for row in local.rows], name


def ox_text(term) -> str:
    from jointvision.rdf.terms import to_ox

    return str(to_ox(term))


def test_a_dry_run_sends_nothing_and_says_what_would_go(dataset):
    report = push_dataset(dataset, "http://127.0.0.1:9/store", dry_run=True)  # port 9: nothing listens
    sizes = dataset.sizes()
    assert [g.graph for g in report.graphs] == [None] + dataset.graph_names()
    assert [g.triples for g in report.graphs] == [sizes[""]] + [sizes[g] for g in dataset.graph_names()]
    assert all(g.status is None for g in report.graphs)
    result = cli("push", "http://127.0.0.1:9/store", "--dry-run", "--default-graph", "skip")
    assert result.exit_code == 0, result.output
    assert "would push" in result.output and "default graph" not in result.output


@pytest.mark.parametrize(
    "url, graph, expected",
    [
        ("http://h/store", None, "http://h/store?default"),
        (
            "http://h/store",
            "https://w3id.org/jointvision/graph/a",
            "http://h/store?graph=https%3A%2F%2Fw3id.org%2Fjointvision%2Fgraph%2Fa",
        ),
        ("http://h/store?repo=x", "urn:a&b#c d", "http://h/store?repo=x&graph=urn%3Aa%26b%23c%20d"),
        ("http://h:8890/sparql-graph-crud-auth", None, "http://h:8890/sparql-graph-crud-auth?default"),
    ],
)
def test_each_graph_has_its_graph_store_url(url, graph, expected):
    from jointvision.outputs.push import _target

    assert _target(url, graph) == expected


@pytest.mark.parametrize(
    "args, message",
    [
        (["push", "ftp://example.org/store"], "must be an http or https URL"),
        (["push", "http://dba:secret@127.0.0.1:9/store"], "must not hold a login"),
        (["push", "http://127.0.0.1:9/store#part"], "must not have a #fragment"),
        (["push", "http://[::1/store"], "is not a valid URL"),
        (["push", "http://127.0.0.1:9/store", "--graph-prefix", "urn:a#b#"], "--graph-prefix must be an absolute IRI"),
        (["query", "targets", "--endpoint", "http://u:p@127.0.0.1:9/sparql"], "must not hold a login"),
        (
            ["push", "http://127.0.0.1:9/store", "--graph-prefix", "not an iri"],
            "--graph-prefix must be an absolute IRI",
        ),
        (["push", "http://127.0.0.1:9/store", "--check", "file:///etc/passwd"], "--check must be an http or https URL"),
    ],
)
def test_bad_push_arguments_are_exit_2(args, message):
    result = cli(*args)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "secret" not in result.output and "Traceback" not in result.output


def test_an_unreachable_store_is_exit_3_naming_the_graph():
    result = cli("push", "http://127.0.0.1:9/store")
    assert result.exit_code == 3, result.output
    assert "pushing the default graph" in result.output and "could not be reached" in result.output


# ------------------------------------------------------------ against each store
@pytest.mark.slow
@pytest.mark.parametrize("data", ["article", "two-sources", "tracking", "beside-the-article"])
def test_after_a_push_every_named_query_answers_as_it_does_locally(triple_store, data, pick):
    ds = pick(data)
    default = triple_store.default_graph
    with pytest.MonkeyPatch.context() as env:
        for key, val in stores.login_env(triple_store).items():
            env.setenv(key, val)
        report = push_dataset(ds, triple_store.gsp, default_graph=default)
        check = check_push(ds, triple_store.query)
    assert check.ok, check.problems
    assert {g.graph for g in report.graphs} == set(ds.graph_names()) | ({None} if default == "put" else set())
    engine = QueryEngine(ds)
    for name in QUERIES:
        text = named_queries()[name].text
        assert_same_answers(engine.query(text), remote_query(triple_store.query, text), triple_store.name)


@pytest.mark.slow
def test_the_store_holds_each_graph_whole_and_a_second_push_changes_nothing(triple_store, two_dataset):
    env = stores.login_env(triple_store)
    first = cli(*push_args(triple_store), "--data", str(TWO_SOURCES), env=env)
    assert first.exit_code == 0, first.output
    held = {g: store_triples(triple_store, g) for g in two_dataset.graph_names()}
    for name in two_dataset.graph_names():
        assert_holds(triple_store, two_dataset, name)
    if triple_store.default_graph == "put":
        assert_holds(triple_store, two_dataset, None)
    second = cli(*push_args(triple_store), "--data", str(TWO_SOURCES), env=env)
    assert second.exit_code == 0, second.output
    assert {g: store_triples(triple_store, g) for g in two_dataset.graph_names()} == held
    assert stores.graphs(triple_store) == set(two_dataset.graph_names())


@pytest.mark.slow
def test_graph_prefix_renames_the_graphs_and_the_links_to_them(triple_store, two_dataset):
    prefix = "urn:jointvision-test:graph:"
    result = cli(
        *push_args(triple_store, "--graph-prefix", prefix, "--check", triple_store.query),
        "--data",
        str(TWO_SOURCES),
        env=stores.login_env(triple_store),
    )
    assert result.exit_code == 0, result.output
    derived = {prefix + "derived/" + g[len(DERIVED) :] for g in two_dataset.graph_names() if g.startswith(DERIVED)}
    assert derived, "the statuses' graph is pushed with the sources"
    expected = {prefix + g[len(GRAPHS) :] for g in two_dataset.source_graphs()} | {prefix + "ontology"} | derived
    assert stores.graphs(triple_store) == expected
    # the sources query reads each source's graph from jv:namedGraph: it names the graphs as the store does
    answer = remote_query(triple_store.query, named_queries()["sources"].text)
    column = answer.variables.index("graph")
    assert {str(row[column]) for row in answer.rows} == {prefix + g[len(GRAPHS) :] for g in two_dataset.source_graphs()}
    # and the conflicts, found across the renamed graphs, are the local ones
    local = QueryEngine(two_dataset).query(named_queries()["conflicts"].text)
    remote = remote_query(triple_store.query, named_queries()["conflicts"].text)
    assert len(remote.rows) == len(local.rows) > 0


@pytest.mark.slow
def test_gzip_is_used_where_the_store_takes_it_and_dropped_where_not(triple_store, dataset):
    with pytest.MonkeyPatch.context() as env:
        for key, val in stores.login_env(triple_store).items():
            env.setenv(key, val)
        report = push_dataset(dataset, triple_store.gsp, default_graph=triple_store.default_graph, compress="gzip")
    compressed = [g.gzip for g in report.graphs]
    if triple_store.name == "oxigraph":
        assert all(compressed) and not any(g.gzip_refused for g in report.graphs)
        assert_holds(triple_store, dataset, None)
    else:  # Virtuoso 7.2 answers 500 to a gzip body: the graph is sent again plain, and the rest plain
        assert not any(compressed)
        assert [g.gzip_refused for g in report.graphs] == [True] + [False] * (len(report.graphs) - 1)
    for name in dataset.graph_names():
        assert_holds(triple_store, dataset, name)


# ------------------------------------------------------------ store settings and failures
@pytest.mark.slow
def test_check_says_which_setting_a_store_whose_default_graph_is_its_own_needs(oxigraph_server, dataset):
    """Oxigraph out of the box: its default graph is a graph of its own, so
    a push without it leaves queries without GRAPH seeing nothing."""
    stores.clear(oxigraph_server)
    result = cli("push", oxigraph_server.gsp, "--default-graph", "skip", "--check", oxigraph_server.query)
    assert result.exit_code == 1, result.output
    assert "--union-default-graph" in result.output and "--default-graph put" in result.output
    fixed = cli("push", oxigraph_server.gsp, "--check", oxigraph_server.query)
    assert fixed.exit_code == 0, fixed.output
    stores.clear(oxigraph_server)


@pytest.mark.slow
def test_a_store_that_refuses_the_default_graph_fails_first_and_nothing_changes(virtuoso_server):
    """Virtuoso answers 500 to a PUT of its default graph: push says which
    graph failed and why, exits 3, and has sent no other graph."""
    stores.clear(virtuoso_server)
    result = cli("push", virtuoso_server.gsp, "--default-graph", "put", env=stores.login_env(virtuoso_server))
    assert result.exit_code == 3, result.output
    assert "pushing the default graph" in result.output and "answered 500" in result.output
    assert stores.graphs(virtuoso_server) == set()


@pytest.mark.slow
def test_a_wrong_or_missing_login_is_exit_3_and_never_printed(virtuoso_server):
    stores.clear(virtuoso_server)
    secret = "not-the-password-4f9c"
    wrong = cli(
        "push",
        virtuoso_server.gsp,
        "--default-graph",
        "skip",
        env={"JOINTVISION_REMOTE_USER": "dba", "JOINTVISION_REMOTE_PASSWORD": secret},
    )
    assert wrong.exit_code == 3 and "401" in wrong.output
    assert secret not in wrong.output
    missing = cli(
        "push",
        virtuoso_server.gsp,
        "--default-graph",
        "skip",
        env={"JOINTVISION_REMOTE_USER": None, "JOINTVISION_REMOTE_PASSWORD": None, "NETRC": "/nonexistent"},
    )
    assert missing.exit_code == 3 and "no login was found" in missing.output
    assert stores.graphs(virtuoso_server) == set()


@pytest.mark.slow
def test_a_login_from_netrc_is_used(virtuoso_server, tmp_path, dataset):
    stores.clear(virtuoso_server)
    netrc = tmp_path / "netrc"
    netrc.write_text(f"machine 127.0.0.1 login {virtuoso_server.login[0]} password {virtuoso_server.login[1]}\n")
    netrc.chmod(0o600)
    result = cli(
        "push",
        virtuoso_server.gsp,
        "--default-graph",
        "skip",
        env={"JOINTVISION_REMOTE_USER": None, "JOINTVISION_REMOTE_PASSWORD": None, "NETRC": str(netrc)},
    )
    assert result.exit_code == 0, result.output
    assert stores.graphs(virtuoso_server) == set(dataset.graph_names())
    stores.clear(virtuoso_server)


@pytest.mark.slow
def test_query_endpoint_on_a_store_prints_what_a_local_query_prints(triple_store, dataset):
    """The CLI end to end: the same table from the store as from the local data."""
    pushed = cli(*push_args(triple_store), env=stores.login_env(triple_store))
    assert pushed.exit_code == 0, pushed.output
    for name in ("directions", "sources", "conflicts"):
        local = cli("query", name, "--format", "csv")
        remote = cli("query", name, "--endpoint", triple_store.query, "--format", "csv")
        assert remote.exit_code == 0, remote.output
        assert remote.stdout == local.stdout


@pytest.mark.slow
def test_progress_counts_every_triple_once_even_when_a_graph_is_sent_again(triple_store, dataset):
    told: list[int] = []
    with pytest.MonkeyPatch.context() as env:
        for key, val in stores.login_env(triple_store).items():
            env.setenv(key, val)
        report = push_dataset(
            dataset, triple_store.gsp, default_graph=triple_store.default_graph, compress="gzip", progress=told.append
        )
    assert sum(told) == report.triples


@pytest.mark.slow
def test_an_atomic_push_moves_every_graph_into_place_and_leaves_no_staging_graph(oxigraph_server, two_dataset):
    stores.clear(oxigraph_server)
    result = cli(
        "push",
        oxigraph_server.gsp,
        "--data",
        str(TWO_SOURCES),
        "--atomic",
        oxigraph_server.base + "/update",
        "--check",
        oxigraph_server.query,
    )
    assert result.exit_code == 0, result.output
    assert "moved into place in one update request" in result.output
    assert stores.graphs(oxigraph_server) == set(two_dataset.graph_names())
    for name in [None, *two_dataset.graph_names()]:
        assert_holds(oxigraph_server, two_dataset, name)
    stores.clear(oxigraph_server)


# ------------------------------------------------------------ how the graphs go: streamed from files, with their length
class Recording(BaseHTTPRequestHandler):
    """A Graph Store on loopback that answers by ``server.plan(handler)``
    (default: read the body, keep it, answer 201) and notes every request."""

    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # quiet
        pass

    def do_HEAD(self):
        self.server.plan(self)

    def do_PUT(self):
        self.server.plan(self)

    def do_POST(self):
        self.server.plan(self)

    def read_body(self, keep: bool = True) -> bytes | int:
        """The body (or, not kept, its size and newlines), read in chunks."""
        left, kept, lines = int(self.headers.get("Content-Length") or 0), [], 0
        size = left
        while left:
            chunk = self.rfile.read(min(left, 1 << 16))
            if not chunk:
                break
            left -= len(chunk)
            lines += chunk.count(b"\n")
            if keep:
                kept.append(chunk)
        return b"".join(kept) if keep else (size, lines)

    def answer(self, status: int, headers: dict | None = None) -> None:
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", "0")
        self.end_headers()


def keep_every_body(handler: Recording) -> None:
    body = handler.read_body() if handler.command != "HEAD" else b""
    handler.server.requests.append((handler.command, handler.path, dict(handler.headers), body))
    handler.answer(201 if handler.command == "PUT" else 200)


@pytest.fixture
def recording():
    import threading

    server = ThreadingHTTPServer(("127.0.0.1", 0), Recording)
    server.daemon_threads = True
    server.requests = []
    server.plan = keep_every_body
    threading.Thread(target=server.serve_forever, daemon=True).start()
    server.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def spool_folder(tmp_path, monkeypatch):
    """The temporary folder push writes its graphs into, watched."""
    import tempfile

    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def left_in(folder, seconds: float = 10.0) -> list:
    """What is still in ``folder`` once a graph being written is done."""
    import time

    deadline = time.monotonic() + seconds
    while list(folder.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.05)
    return list(folder.iterdir())


def graph_of(path: str) -> str | None:
    query = parse_qs(urlsplit(path).query, keep_blank_values=True)
    return None if "default" in query else query["graph"][0]


def test_each_graph_goes_whole_with_its_length_and_leaves_no_file(recording, spool_folder, two_dataset):
    report = push_dataset(two_dataset, recording.url + "/store")
    puts = [r for r in recording.requests if r[0] == "PUT"]
    assert [graph_of(path) for _, path, _, _ in puts] == [None, *two_dataset.graph_names()]
    for (_, path, headers, body), pushed in zip(puts, report.graphs, strict=True):
        assert int(headers["Content-Length"]) == len(body) == pushed.bytes  # never chunked: Virtuoso drops those
        assert "Transfer-Encoding" not in headers and headers["Content-Type"] == "application/n-triples"
        sent = {q.triple for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)}
        assert sent == local_triples(two_dataset, graph_of(path)) and pushed.triples == len(sent)
    assert not any(r[0] == "HEAD" for r in recording.requests)  # no login at hand: nothing asked first
    assert left_in(spool_folder) == []


def test_gzip_copies_hold_the_same_triples(recording, spool_folder, two_dataset):
    import gzip

    report = push_dataset(two_dataset, recording.url + "/store", compress="gzip")
    for (_, path, headers, body), pushed in zip(recording.requests, report.graphs, strict=True):
        assert headers["Content-Encoding"] == "gzip" and pushed.gzip and int(headers["Content-Length"]) == len(body)
        sent = {q.triple for q in ox.parse(gzip.decompress(body), format=ox.RdfFormat.N_TRIPLES)}
        assert sent == local_triples(two_dataset, graph_of(path))
    assert left_in(spool_folder) == []


def renamed_triples(ds, graph: str | None, renamed: dict[str, str]) -> set[ox.Triple]:
    """A graph's triples with the jv:namedGraph links renamed, as push sent them before it streamed."""
    link = ox.NamedNode(str(JV.namedGraph))
    out = set()
    for t in local_triples(ds, graph):
        if t.predicate == link and isinstance(t.object, ox.NamedNode) and t.object.value in renamed:
            t = ox.Triple(t.subject, t.predicate, ox.NamedNode(renamed[t.object.value]))
        out.add(t)
    return out


def test_graph_prefix_rewrites_the_links_to_graphs_and_nothing_else(recording, spool_folder, two_dataset):
    from jointvision.outputs.push import graph_names

    prefix = "urn:jointvision-test:graph:"
    renamed = graph_names(two_dataset, prefix)
    push_dataset(two_dataset, recording.url + "/store", graph_prefix=prefix)
    back = {new: old for old, new in renamed.items()}
    for _, path, _, body in recording.requests:
        target = graph_of(path)
        local = None if target is None else back[target]
        sent = {q.triple for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)}
        assert sent == renamed_triples(two_dataset, local, renamed)
    default = next(body for _, path, _, body in recording.requests if graph_of(path) is None)
    assert b"<urn:jointvision-test:graph:" in default and f"<{GRAPHS}".encode() not in default


def test_a_push_that_fails_leaves_no_file_behind(recording, spool_folder, two_dataset):
    def fail_second(handler):
        handler.read_body(keep=False)
        handler.server.requests.append(handler.command)
        handler.answer(201 if len(handler.server.requests) < 2 else 500)

    recording.plan = fail_second
    with pytest.raises(RemoteError, match="answered 500"):
        push_dataset(two_dataset, recording.url + "/store")
    assert left_in(spool_folder) == []


def test_a_temporary_folder_that_cannot_be_made_is_bad_input(monkeypatch, tmp_path):
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "missing"))
    result = cli("push", "http://127.0.0.1:9/store", "--data", str(TWO_SOURCES))
    assert result.exit_code == 2, result.output
    assert "TMPDIR" in result.output and "Traceback" not in result.output


def bulk_dataset(triples: int):
    """A dataset of one named graph of ``triples`` triples (about 100 bytes
    each as N-Triples) and its default graph, the same statements."""
    from jointvision.rdf.dataset import Dataset

    store = ox.Store()
    graph = ox.NamedNode(GRAPHS + "bulk")
    p = ox.NamedNode("https://w3id.org/jointvision/test#says")
    for g in (graph, ox.DefaultGraph()):
        store.bulk_extend(
            ox.Quad(
                ox.NamedNode(f"https://w3id.org/jointvision/id/bulk-{i}"), p, ox.Literal(f"statement {i:09d} " * 3), g
            )
            for i in range(triples)
        )
    return Dataset(store, iris_only=True)


def test_no_graph_is_held_in_memory(recording, spool_folder):
    """The graphs go from files in chunks: Python's peak allocation stays
    far below one graph's N-Triples (the engine writes them, not Python)."""
    import tracemalloc

    def count_only(handler):
        handler.server.requests.append(handler.read_body(keep=False))
        handler.answer(201)

    recording.plan = count_only
    ds = bulk_dataset(60_000)
    tracemalloc.start()
    try:
        report = push_dataset(ds, recording.url + "/store")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    largest = max(g.bytes for g in report.graphs)
    assert largest > 6_000_000 and [n for _, n in recording.requests] == [60_000, 60_000]
    assert peak < largest / 2, (peak, largest)


# ------------------------------------------------------------ a store that wants a login before the body
def digest_ok(handler, user: str, password: str, nonce: str) -> bool:
    import hashlib
    import re

    auth = handler.headers.get("Authorization", "")
    fields = dict(re.findall(r'(\w+)="?([^",]*)"?', auth[7:])) if auth.startswith("Digest ") else {}
    if not fields:
        return False

    def h(text: str) -> str:
        return hashlib.md5(text.encode("utf-8")).hexdigest()

    ha1, ha2 = h(f"{user}:test:{password}"), h(f"{handler.command}:{fields['uri']}")
    return fields["response"] == h(f"{ha1}:{nonce}:{fields['nc']}:{fields['cnonce']}:{fields['qop']}:{ha2}")


def cuts_a_body_without_login(scheme: str, user: str, password: str):
    """A store that, like Virtuoso, answers a request without its login at
    once and closes the connection, reading none of the body."""
    import base64

    def plan(handler):
        handler.server.requests.append((handler.command, bool(handler.headers.get("Authorization"))))
        if scheme == "Basic":
            ok = handler.headers.get("Authorization") == "Basic " + base64.b64encode(
                f"{user}:{password}".encode()
            ).decode("ascii")
        else:
            ok = digest_ok(handler, user, password, "n0nce")
        if ok:
            handler.read_body(keep=False)
            return handler.answer(201)
        challenge = 'Basic realm="test"' if scheme == "Basic" else 'Digest realm="test", nonce="n0nce", qop="auth"'
        handler.close_connection = True
        handler.answer(401, {"WWW-Authenticate": challenge, "Connection": "close"})

    return plan


@pytest.mark.parametrize("scheme", ["Digest", "Basic"])
def test_a_store_that_cuts_a_body_without_its_login_is_asked_first(recording, spool_folder, scheme, monkeypatch):
    recording.plan = cuts_a_body_without_login(scheme, "curator", "pässwörd")
    monkeypatch.setenv("JOINTVISION_REMOTE_USER", "curator")
    monkeypatch.setenv("JOINTVISION_REMOTE_PASSWORD", "pässwörd")
    ds = bulk_dataset(40_000)  # 4 MB a graph: more than a socket takes in before the store reads
    report = push_dataset(ds, recording.url + "/store")
    assert [g.status for g in report.graphs] == [201, 201]
    # each graph: a HEAD without a login (challenged), then its body once, with the login
    assert recording.requests == [("HEAD", False), ("PUT", True)] * 2
    assert left_in(spool_folder) == []


def test_a_store_that_asks_for_no_login_gets_none(recording, spool_folder, two_dataset, monkeypatch):
    monkeypatch.setenv("JOINTVISION_REMOTE_USER", "curator")
    monkeypatch.setenv("JOINTVISION_REMOTE_PASSWORD", "secret")
    push_dataset(two_dataset, recording.url + "/store")
    assert all("Authorization" not in headers for _, _, headers, _ in recording.requests)
    assert [m for m, *_ in recording.requests] == ["HEAD", "PUT"] * (len(two_dataset.graph_names()) + 1)


@pytest.mark.slow
def test_a_graph_of_megabytes_reaches_virtuoso_whole(virtuoso_server):
    """Virtuoso cuts the connection on a body of a few MB sent before its
    Digest login: push asks for the challenge first."""
    stores.clear(virtuoso_server)
    ds = bulk_dataset(40_000)
    with pytest.MonkeyPatch.context() as env:
        for key, val in stores.login_env(virtuoso_server).items():
            env.setenv(key, val)
        report = push_dataset(ds, virtuoso_server.gsp, default_graph="skip", compress="none")
        check = check_push(ds, virtuoso_server.query)
    assert report.graphs[0].bytes > 3_000_000
    assert check.graphs == {GRAPHS + "bulk": (40_000, 40_000)}
    stores.clear(virtuoso_server)
