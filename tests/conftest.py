"""Shared fixtures: the built default dataset and its merged graph, the
article's own graph and text, paths, and a helper to run the installed
``jointvision`` command.

The data folder may hold sources beside the article: a test about the
article's facts reads ``article_graph`` / ``article_engine`` (the article's
named graph), never the merged graph, and counts are derived from the data,
never written down."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from jointvision.rdf.build import build_dataset
from jointvision.rdf.namespaces import source_graph_iri
from jointvision.resources import DEFAULT_DATA
from jointvision.source.loader import load_sources

ROOT = Path(__file__).resolve().parent.parent
# The stores that builds keep (rdf.cache) go to a folder of this test session, never the user's cache;
# every `jointvision` process the tests start inherits it.
os.environ.setdefault("JOINTVISION_CACHE", __import__("tempfile").mkdtemp(prefix="jointvision-test-cache-"))
EXPORTS = ROOT / "exports"
FACT_FILE = DEFAULT_DATA / "india-japan-joint-vision-2025.yaml"
SEED = ROOT.parent / "shared" / "seed" / "000_3fa4436c9cea37c8.txt"
#: The article the embedded data is built from: its source id and named graph.
ARTICLE_ID = "india-japan-joint-vision-2025-article"
#: Whether the embedded data is the article alone: what the docs' walk-throughs show (counts, drafts) is
#: what they print on it; with more sources beside it, the graph knows more, and they may print more.
ARTICLE_ONLY = sorted(p.name for p in DEFAULT_DATA.glob("*.y*ml")) == [FACT_FILE.name]
ARTICLE_GRAPH = str(source_graph_iri(ARTICLE_ID))
#: Two invented sources about invented facts, for multi-source behaviour.
TWO_SOURCES = ROOT / "tests" / "data" / "two-sources"


@pytest.fixture(scope="session")
def dataset():
    """The dataset of the embedded default data: every source in the data
    folder, the article and any other (do not mutate)."""
    return build_dataset()


@pytest.fixture(scope="session")
def graph(dataset):
    """The merged graph of every source of the default data (do not mutate)."""
    return dataset.to_rdflib()


@pytest.fixture(scope="session")
def article_dataset():
    """The dataset of the article's fact file alone (what a map of it shows)."""
    return build_dataset(FACT_FILE)


@pytest.fixture(scope="session")
def article_graph(dataset):
    """The article's named graph: what the article states, nothing else."""
    return dataset.to_rdflib(ARTICLE_GRAPH)


@pytest.fixture(scope="session")
def sources():
    return load_sources()


@pytest.fixture(scope="session")
def article(sources):
    """The article's fact file, read and checked."""
    return next(s for s in sources if s.source_id == ARTICLE_ID)


@pytest.fixture(scope="session")
def source_text(article) -> str:
    return article.text


@pytest.fixture(scope="session")
def engine(dataset):
    """SPARQL over the whole default dataset (the union by default)."""
    from jointvision.sparql.engine import QueryEngine

    return QueryEngine(dataset)


@pytest.fixture(scope="session")
def article_engine(article_graph):
    """SPARQL over the article's graph and the ontology only."""
    from jointvision.sparql.engine import QueryEngine

    return QueryEngine(article_graph)


@pytest.fixture(scope="session")
def two_sources():
    """The dataset of the two invented test sources."""
    return build_dataset(TWO_SOURCES)


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A writable copy of the default fact file and its source text."""
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copyfile(FACT_FILE, folder / FACT_FILE.name)  # the article only, whatever else the data folder holds
    shutil.copyfile(FACT_FILE.with_suffix(".txt"), folder / FACT_FILE.with_suffix(".txt").name)
    return folder / FACT_FILE.name


def jointvision_command() -> list[str]:
    """The installed console script, or ``python -m jointvision`` beside it."""
    exe = shutil.which("jointvision", path=os.path.dirname(sys.executable)) or shutil.which("jointvision")
    return [exe] if exe else [sys.executable, "-m", "jointvision"]


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run ``jointvision ARGS`` as a user would, in a separate process."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run(
        jointvision_command() + list(args),
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


W3C = ROOT.parent / "shared" / "w3c" / "sparql11-protocol"
#: The named graphs the W3C protocol tests expect the endpoint to hold.
W3C_GRAPHS = {f"http://kasei.us/2009/09/sparql/data/data{i}.rdf": W3C / f"data{i}.nt" for i in (1, 2, 3)}
SERVER_TIMEOUT_S = 2.0
SERVER_MAX_RESULT = 100_000
SERVER_WORKERS = 3
SERVER_MAX_MEMORY_MB = 200


#: A small named graph the test server always holds, whether or not the W3C data is there.
EXTRA_GRAPH = "http://example.org/jointvision-tests/extra"
EXTRA_GRAPH_FILE = ROOT / "tests" / "data" / "extra-graph.nt"


def need_shared(path: Path, what: str) -> None:
    """Skip a test that needs data from ``../shared/`` when it is not beside
    this checkout; in CI (``CI`` set), where it must be, fail instead."""
    if path.exists():
        return
    message = f"{what} is not beside this checkout ({path})"
    if os.environ.get("CI"):
        pytest.fail(message + ": in CI it must be", pytrace=False)
    pytest.skip(message)


def need_tool(command: str, package: str) -> str:
    """The path of a command the test needs; skipped locally without it,
    failed in CI, where ``.ci/run`` installs the Debian package."""
    found = shutil.which(command)
    if found:
        return found
    message = f"{command} is not installed (Debian package {package})"
    if os.environ.get("CI"):
        pytest.fail(message + ": in CI it must be", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def live_server():
    """A real `jointvision serve` on a free loopback port, holding the default
    data, a small named graph, and the W3C test graphs when they are beside
    this checkout; its base URL."""
    import socket
    import time
    import urllib.request

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    args = [
        "serve",
        "--port",
        str(port),
        "--timeout",
        str(SERVER_TIMEOUT_S),
        "--workers",
        str(SERVER_WORKERS),
        "--max-result-bytes",
        str(SERVER_MAX_RESULT),
        "--max-memory",
        str(SERVER_MAX_MEMORY_MB),
    ]
    args += ["--graph", f"{EXTRA_GRAPH}={EXTRA_GRAPH_FILE}"]
    for iri, path in W3C_GRAPHS.items():
        if path.is_file():
            args += ["--graph", f"{iri}={path}"]
    process = subprocess.Popen(jointvision_command() + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                with urllib.request.urlopen(f"{base}/health", timeout=1) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.1)
            if process.poll() is not None:
                raise RuntimeError(f"the server exited: {process.stderr.read().decode()}")
        else:
            raise RuntimeError("the server did not start within 30 s")
        yield base
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture
def canary():
    """A local HTTP server that records every request it gets and answers
    with tempting data: (its URL, the list of paths it was asked for)."""
    import http.server
    import threading

    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            body = b'{"head":{"vars":["s"]},"results":{"bindings":[{"s":{"type":"literal","value":"LEAK"}}]}}'
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.end_headers()
            self.wfile.write(body)

        do_POST = do_GET

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/sparql", hits
    finally:
        server.shutdown()


# ------------------------------------------------------------ real triple stores (tests/stores.py)
def _need_program(found: str | None, what: str) -> str:
    if found:
        return found
    message = f"{what} is not installed"
    if os.environ.get("CI"):
        pytest.fail(message + ": in CI it must be (.ci/run installs and starts it)", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def oxigraph_server():
    """An Oxigraph server with its out-of-the-box settings: the one .ci/run
    started ($JOINTVISION_TEST_OXIGRAPH), else one for this session."""
    import stores

    if os.environ.get("JOINTVISION_TEST_OXIGRAPH"):
        yield stores.oxigraph_at(os.environ["JOINTVISION_TEST_OXIGRAPH"].rstrip("/"))
        return
    store, process = stores.start_oxigraph(_need_program(stores.oxigraph_program(), "oxigraph (pip install oxigraph)"))
    try:
        yield store
    finally:
        stores.stop(process)


@pytest.fixture(scope="session")
def virtuoso_server():
    """A Virtuoso Open Source server with a new database: the one .ci/run
    started ($JOINTVISION_TEST_VIRTUOSO), else one for this session."""
    import stores

    if os.environ.get("JOINTVISION_TEST_VIRTUOSO"):
        yield stores.virtuoso_at(os.environ["JOINTVISION_TEST_VIRTUOSO"].rstrip("/"))
        return
    program = _need_program(
        shutil.which("virtuoso-t") if stores.VIRTUOSO_INI.is_file() else None, "virtuoso-t (Debian virtuoso-opensource)"
    )
    store, process, folder = stores.start_virtuoso(program)
    try:
        yield store
    finally:
        stores.stop(process)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(params=["oxigraph", "virtuoso"])
def triple_store(request):
    """Each real store in turn, emptied of anything a test pushed before."""
    import stores

    store = request.getfixturevalue(f"{request.param}_server")
    stores.clear(store)
    yield store
    stores.clear(store)
