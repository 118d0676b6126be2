"""Real triple stores for the push and remote-query tests: an Oxigraph
server and a Virtuoso Open Source server on loopback.

``.ci/run`` starts both (each with a database folder of its own) and names
them in ``$JOINTVISION_TEST_OXIGRAPH`` and ``$JOINTVISION_TEST_VIRTUOSO``;
without those, :func:`start_oxigraph` and :func:`start_virtuoso` start one
for the test session (in memory, or in a temporary folder), when the
programs are installed (``pip install oxigraph``; Debian
``virtuoso-opensource``).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

VIRTUOSO_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
#: The login of a new Virtuoso database.
VIRTUOSO_LOGIN = ("dba", "dba")


@dataclass
class Store:
    name: str
    base: str  # http://127.0.0.1:PORT
    gsp: str  # the Graph Store Protocol endpoint
    query: str  # the SPARQL query endpoint
    login: tuple[str, str] | None = None
    default_graph: str = "put"  # what `push --default-graph` this store needs


def oxigraph_at(base: str) -> Store:
    return Store("oxigraph", base, f"{base}/store", f"{base}/query")


def virtuoso_at(base: str) -> Store:
    return Store("virtuoso", base, f"{base}/sparql-graph-crud-auth", f"{base}/sparql", VIRTUOSO_LOGIN, "skip")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(url: str, process: subprocess.Popen, seconds: float, log: Path | None = None) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            detail = log.read_text(errors="replace")[-2000:] if log and log.exists() else ""
            raise RuntimeError(f"the store exited with status {process.returncode}: {detail}")
        try:
            with urllib.request.build_opener(urllib.request.ProxyHandler({})).open(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (OSError, urllib.error.URLError):
            time.sleep(0.2)
    raise RuntimeError(f"no answer from {url} within {seconds:.0f} s")


def oxigraph_program() -> str | None:
    """``oxigraph`` beside this Python (the PyPI package's binary), or on PATH."""
    return shutil.which("oxigraph", path=os.path.dirname(sys.executable)) or shutil.which("oxigraph")


def start_oxigraph(program: str) -> tuple[Store, subprocess.Popen]:
    """An in-memory ``oxigraph serve`` on a free loopback port, with its
    out-of-the-box settings."""
    port = free_port()
    process = subprocess.Popen(
        [program, "serve", "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    store = oxigraph_at(f"http://127.0.0.1:{port}")
    _wait(f"{store.query}?query=ASK%7B%7D", process, 30)
    return store, process


def start_virtuoso(program: str) -> tuple[Store, subprocess.Popen, Path]:
    """Virtuoso with a new database in a temporary folder, listening on
    free loopback ports (its SQL port and its HTTP port)."""
    folder = Path(tempfile.mkdtemp(prefix="jointvision-virtuoso-"))
    sql, http = free_port(), free_port()
    ini = VIRTUOSO_INI.read_text()
    ini = ini.replace("/var/lib/virtuoso-opensource-7/db/", f"{folder}/")
    ini = re.sub(r"(?m)^ServerPort\s*=\s*1111\s*$", f"ServerPort = 127.0.0.1:{sql}", ini)
    ini = re.sub(r"(?m)^ServerPort\s*=\s*8890\s*$", f"ServerPort = 127.0.0.1:{http}", ini)
    (folder / "virtuoso.ini").write_text(ini)
    log = folder / "virtuoso.log"
    process = subprocess.Popen(
        [program, "-f", "-c", str(folder / "virtuoso.ini")],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    store = virtuoso_at(f"http://127.0.0.1:{http}")
    _wait(f"{store.query}?query=ASK%7B%7D", process, 90, log)
    return store, process, folder


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(5)


# ------------------------------------------------------------ talking to them directly
def _request(
    store: Store, url: str, method: str = "GET", data: bytes | None = None, headers: dict | None = None
) -> bytes:
    handlers = []
    if store.login:
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, store.base, *store.login)
        handlers.append(urllib.request.HTTPDigestAuthHandler(passwords))
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), *handlers)
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    with opener.open(request, timeout=120) as response:
        return response.read()


def select(store: Store, text: str) -> list[dict]:
    """The bindings of a SELECT, as the store's SPARQL JSON gives them."""
    import json

    body = _request(
        store,
        store.query,
        "POST",
        urllib.parse.urlencode({"query": text}).encode(),
        {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"},
    )
    return json.loads(body)["results"]["bindings"]


#: Where the graphs the tests push are named (jointvision's own, and --graph-prefix in tests).
TEST_GRAPHS = ("https://w3id.org/jointvision/", "urn:jointvision-test:")


def graphs(store: Store) -> set[str]:
    """The named graphs the tests may have pushed that hold a triple (not
    the store's own: Virtuoso keeps several)."""
    found = {b["g"]["value"] for b in select(store, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")}
    return {g for g in found if g.startswith(TEST_GRAPHS)}


def graph_triples(store: Store, graph: str | None) -> bytes:
    """One graph as the store gives it over the Graph Store Protocol
    (N-Triples); ``None`` for the default graph."""
    where = "default" if graph is None else "graph=" + urllib.parse.quote(graph, safe="")
    return _request(store, f"{store.gsp}?{where}", headers={"Accept": "application/n-triples"})


def clear(store: Store) -> None:
    """Remove everything the tests may have put in the store."""
    if store.name == "oxigraph":
        _request(store, f"{store.base}/update", "POST", b"CLEAR ALL", {"Content-Type": "application/sparql-update"})
        return
    for graph in graphs(store):
        _request(store, f"{store.gsp}?graph={urllib.parse.quote(graph, safe='')}", "DELETE")


def login_env(store: Store) -> dict[str, str]:
    """The environment that gives ``push`` the store's login."""
    if not store.login:
        return {}
    return {"JOINTVISION_REMOTE_USER": store.login[0], "JOINTVISION_REMOTE_PASSWORD": store.login[1]}


__all__ = [
    "Store",
    "clear",
    "graph_triples",
    "graphs",
    "login_env",
    "oxigraph_at",
    "select",
    "start_oxigraph",
    "start_virtuoso",
    "stop",
    "virtuoso_at",
]
