"""``jointvision serve`` against ``oxigraph serve-read-only`` on the same store.

    python benchmarks/bench_serve.py [--triples 100000] [--rounds 3] [--connections 8] [--seconds 5] [--graph DIR]
                                     [--ceiling-path DIR]

It writes an invented fact file of about --triples triples (``bench_scale``),
builds it with a frozen copy of the checkout (``bench_store.frozen_copy``),
whose build records the store's statistics beside it (for a copy whose
build does not, as before stop 32, the benchmark records them itself with
``jointvision.server.statistics.record_statistics`` and says so). Then, for --rounds rounds, the two servers in turn
(interleaved), each on the same kept store:

* **first answer**: seconds from starting the process until a light query
  is answered (``jointvision serve`` also without the recorded statistics,
  which it must not count at startup either);
* **idle memory**: the resident memory of the server and all its processes
  (their sum, and their proportional share, which counts shared pages once),
  one second after the first answer and again once idle workers are retired;
* **light queries**: requests per second and the 99th percentile latency of
  lookups of one entity by IRI, rotating over 200 of them, from a fixed
  client (``wrk`` where installed, else an asyncio client of this script)
  with --connections keep-alive connections for --seconds, the answer cache
  off; the answers of both servers are checked to be equal first;
* **protections** (``jointvision serve`` only): the same load while a
  hostile query (a cross product) runs over and over from another client:
  it must be stopped at the time limit (503) while light queries keep their
  pace;
* **the stack's ceiling**: the same light load on the HTTP stack
  ``serve`` is built on with no query behind it (uvicorn, Starlette and
  jointvision's own connection-guarding h11 protocol, the route answering
  one fixed SPARQL JSON body): the most requests per second any design of
  ``serve`` on that stack could answer on this machine; and, where
  ``--ceiling-path`` names a folder with httptools and uvloop installed
  (``pip install --target DIR httptools uvloop``), the same with uvicorn's
  fastest parser and loop instead of h11 and asyncio's;
* **a bare server's ceiling** (with ``--ceiling-path`` too): the least any
  Python server answering the queries itself must do (``BARE``: httptools,
  uvloop, pyoxigraph on the store in the process, no routing, guard or
  limits), in one process and in one per CPU sharing the port, its answers
  checked equal to oxigraph's first: how near to oxigraph any Python design
  could come.

Medians of the rounds, and the ratios to oxigraph with the goals of issue
26. ``--graph`` measures another copy of the package (the ``graph`` folder
of an older checkout, say ``git archive HEAD graph ontology``), for a before
and after; one without recorded statistics or a sleeping template is
measured as it is. Run by hand; nothing here is part of the test suite.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_scale import PER_ENTITY, write_facts  # noqa: E402
from bench_store import environment, frozen_copy  # noqa: E402

JSON = "application/sparql-results+json"
HOSTILE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
TIMEOUT_S = 5.0  # jointvision serve's --timeout, its default
WORKERS_IDLE_S = 5.0  # an idle query worker stops after this
TEMPLATE_IDLE_S = 10.0  # serve --idle-template-after, here (default 300 s)
RECORD = """
import sys
from pathlib import Path
from jointvision.rdf.cache import open_cached
from jointvision.server.statistics import record_statistics
root, facts = Path(sys.argv[1]), [Path(sys.argv[2])]
cached = open_cached(facts, root)
record_statistics(cached.dataset, cached.files, root)
"""

#: The HTTP stack of ``serve`` with no engine behind it: argv port, answer file, and "h11" (jointvision's
#: guarded protocol, as serve runs it) or "fast" (httptools and uvloop).
CEILING = """
import sys
import uvicorn
from starlette.applications import Starlette
from starlette.responses import Response
from starlette.routing import Route

body = open(sys.argv[2], "rb").read()


async def sparql(request):
    if not request.query_params.get("query"):
        return Response(status_code=400)
    return Response(body, media_type="application/sparql-results+json")


options = {}
if sys.argv[3] == "h11":
    from jointvision.server.connections import ConnectionLimits, protocol_for

    options = {"http": protocol_for(ConnectionLimits()), "h11_max_incomplete_event_size": 1_048_576}
else:
    options = {"http": "httptools", "loop": "uvloop"}
app = Starlette(routes=[Route("/sparql", sparql)])
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning", access_log=False,
            lifespan="off", server_header=False, limit_concurrency=None, **options)
"""

#: The least any Python server answering these queries itself must do: httptools parsing, uvloop, each query
#: run on the store in the process and written by pyoxigraph's JSON writer, and nothing else (no routing, no
#: guard, no limit of time, memory or connections). argv port and store; every copy started listens on the
#: same port (SO_REUSEPORT), so the kernel spreads the connections over them.
BARE = """
import asyncio
import sys
import urllib.parse

import httptools
import uvloop
from pyoxigraph import QueryResultsFormat, Store

store = Store.read_only(sys.argv[2])
HEAD = b"HTTP/1.1 200 OK\\r\\nContent-Type: application/sparql-results+json\\r\\nContent-Length: %d\\r\\n\\r\\n"


class Protocol(asyncio.Protocol):
    def connection_made(self, transport):
        self.transport, self.parser, self.url = transport, httptools.HttpRequestParser(self), b""

    def data_received(self, data):
        self.parser.feed_data(data)

    def on_url(self, url):
        self.url += url

    def on_message_complete(self):
        query = urllib.parse.parse_qs(httptools.parse_url(self.url).query.decode())["query"][0]
        self.url = b""
        body = store.query(query, use_default_graph_as_union=True).serialize(format=QueryResultsFormat.JSON)
        self.transport.write(HEAD % len(body) + body)


async def main():
    server = await asyncio.get_running_loop().create_server(Protocol, "127.0.0.1", int(sys.argv[1]), reuse_port=True)
    await server.serve_forever()


uvloop.run(main())
"""


# --------------------------------------------------------------------------- processes


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def tree_memory_mb(pid: int) -> tuple[float, float]:
    """Resident memory of a process and all its descendants (sum of RSS, and
    sum of PSS: shared pages counted once), MB."""
    import psutil

    rss = pss = 0
    root = psutil.Process(pid)
    for process in [root, *root.children(recursive=True)]:
        try:
            rss += process.memory_info().rss
            pss += process.memory_full_info().pss
        except psutil.Error:
            continue
    return rss / 1e6, pss / 1e6


def processes(pid: int) -> int:
    import psutil

    return 1 + len(psutil.Process(pid).children(recursive=True))


def ask(url: str, query: str, timeout: float = 60, source: str = "127.0.0.1") -> tuple[int, bytes]:
    """One GET of ``url?query=`` from the address ``source``: the status and the body."""
    import http.client

    split = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(
        split.hostname or "127.0.0.1", split.port, timeout=timeout, source_address=(source, 0)
    )
    try:
        connection.request("GET", f"{split.path}?{urllib.parse.urlencode({'query': query})}", headers={"Accept": JSON})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def first_answer(process: subprocess.Popen, url: str, query: str, started: float) -> float:
    """Seconds from ``started`` until ``query`` is answered (200)."""
    while time.perf_counter() - started < 600:
        if process.poll() is not None:
            raise SystemExit(f"the server exited ({process.returncode})")
        try:
            if ask(url, query, timeout=30)[0] == 200:
                return time.perf_counter() - started
        except OSError:
            time.sleep(0.005)
    raise SystemExit("no answer within 600 s")


class Server:
    """One server process: its command, its query URL, and the process once started."""

    def __init__(self, name: str, args: list[str], port: int, path: str, env: dict | None = None):
        self.name, self.args, self.port, self.env = name, args, port, env
        self.url = f"http://127.0.0.1:{port}{path}"
        self.process: subprocess.Popen | None = None

    def start(self, query: str) -> float:
        """Start it; seconds until ``query`` is answered."""
        started = time.perf_counter()
        self.process = subprocess.Popen(self.args, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return first_answer(self.process, self.url, query, started)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
            self.process = None


# --------------------------------------------------------------------------- load


WRK_SCRIPT = """
local paths = {%s}
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n %% #paths) + 1], {["Accept"] = "%s"})
end
"""


def paths_of(url: str, queries: list[str]) -> list[str]:
    path = urllib.parse.urlsplit(url).path
    return [f"{path}?{urllib.parse.urlencode({'query': q})}" for q in queries]


def load(url: str, queries: list[str], connections: int, seconds: float, tmp: Path) -> tuple[float, float]:
    """Requests per second and the 99th percentile latency (ms) of the light
    queries, ``connections`` at a time for ``seconds``."""
    wrk = shutil.which("wrk")
    if wrk is None:
        return asyncio.run(_python_load(url, queries, connections, seconds))
    script = tmp / "light.lua"
    script.write_text(WRK_SCRIPT % (", ".join(json.dumps(p) for p in paths_of(url, queries)), JSON))
    base = url[: url.index("/", len("http://"))]
    out = subprocess.run(
        [wrk, "-t1", f"-c{connections}", f"-d{seconds:g}s", "--latency", "-s", str(script), base],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    value, unit = re.search(r"99%\s+([\d.]+)(us|ms|s)", out).groups()  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise SystemExit(f"{url}: {errors.group(1)} light queries failed")
    return rate, float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


async def _python_load(url: str, queries: list[str], connections: int, seconds: float) -> tuple[float, float]:
    """The fallback client: keep-alive HTTP/1.1 over asyncio streams."""
    split = urllib.parse.urlsplit(url)
    requests = [
        f"GET {p} HTTP/1.1\r\nHost: {split.netloc}\r\nAccept: {JSON}\r\n\r\n".encode() for p in paths_of(url, queries)
    ]
    latencies: list[float] = []
    end = time.perf_counter() + seconds

    async def one(start: int) -> None:
        reader, writer = await asyncio.open_connection(split.hostname, split.port)
        n = start
        while time.perf_counter() < end:
            began = time.perf_counter()
            writer.write(requests[n % len(requests)])
            head = await reader.readuntil(b"\r\n\r\n")
            if not head.startswith(b"HTTP/1.1 200"):
                raise SystemExit(f"{url}: a light query failed: {head[:40]!r}")
            length = int(re.search(rb"(?i)content-length:\s*(\d+)", head).group(1))  # type: ignore[union-attr]
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - began)
            n += connections
        writer.close()

    await asyncio.gather(*(one(i) for i in range(connections)))
    latencies.sort()
    return len(latencies) / seconds, 1000 * latencies[int(0.99 * (len(latencies) - 1))]


def hostile_loop(url: str, until: float, outcomes: list[tuple[int, float]]) -> None:
    """Run the hostile query again and again until ``until`` (its status and
    seconds each time), from another client address than the light queries'
    (one that runs long queries is held back, its other queries with it)."""
    while time.perf_counter() < until:
        began = time.perf_counter()
        try:
            status = ask(url, HOSTILE + f" # {began}", timeout=TIMEOUT_S + 30, source="127.0.0.2")[0]
        except OSError:
            status = 0
        outcomes.append((status, time.perf_counter() - began))


# --------------------------------------------------------------------------- one round


def answers(url: str, queries: list[str]) -> list[set]:
    """The solutions of each query (as sets of bindings)."""

    def solutions(query: str) -> set:
        status, body = ask(url, query)
        if status != 200:
            raise SystemExit(f"{url}: {status} for {query}: {body[:200]!r}")
        rows = json.loads(body)["results"]["bindings"]
        return {tuple(sorted((k, v["type"], v["value"]) for k, v in row.items())) for row in rows}

    return [solutions(q) for q in queries]


def measure(server: Server, queries: list[str], args, tmp: Path, ours: bool) -> dict:
    """One server: first answer, memory 1 s later, light load, then memory
    once idle; for jointvision also once its template sleeps, and the first
    answer after that."""
    result = {"first": server.start(queries[0])}
    assert server.process is not None
    pid = server.process.pid
    time.sleep(1.0)
    result["memory"], result["processes"] = tree_memory_mb(pid), processes(pid)
    result["rate"], result["p99"] = load(server.url, queries, args.connections, args.seconds, tmp)
    time.sleep(WORKERS_IDLE_S + 1 if ours else 1.0)
    result["idle"], result["idle processes"] = tree_memory_mb(pid), processes(pid)
    result["asleep"], result["asleep processes"], result["woken"] = result["idle"], result["idle processes"], 0.0
    if ours:
        time.sleep(TEMPLATE_IDLE_S - WORKERS_IDLE_S)
        result["asleep"], result["asleep processes"] = tree_memory_mb(pid), processes(pid)
        began = time.perf_counter()
        ask(server.url, queries[1])
        result["woken"] = time.perf_counter() - began
    return result


def protections(server: Server, queries: list[str], args, tmp: Path) -> dict:
    """Light load while a hostile query runs again and again."""
    outcomes: list[tuple[int, float]] = []
    until = time.perf_counter() + args.seconds + TIMEOUT_S
    hostile = threading.Thread(target=hostile_loop, args=(server.url, until, outcomes))
    hostile.start()
    time.sleep(1.5)  # past the second after which it is long
    rate, p99 = load(server.url, queries, args.connections, args.seconds, tmp)
    hostile.join()
    stopped = [seconds for status, seconds in outcomes if status == 503]
    return {"rate": rate, "p99": p99, "hostile": (len(outcomes), len(stopped), max(stopped, default=0.0))}


def ceilings(queries: list[str], args, tmp: Path, env: dict, answer: bytes, store: Path) -> dict:
    """The light load on the HTTP stack alone (see ``CEILING``): h11 as
    serve runs it, and httptools with uvloop where ``--ceiling-path`` has them;
    with those, also on ``BARE`` in one process and in one per CPU."""
    body = tmp / "answer.json"
    body.write_bytes(answer)
    out = {}
    variants = [("h11", env)]
    if args.ceiling_path is not None:
        variants.append(("fast", {**env, "PYTHONPATH": f"{env['PYTHONPATH']}{os.pathsep}{args.ceiling_path}"}))
    for variant, variant_env in variants:
        port = free_port()
        server = Server(variant, [sys.executable, "-c", CEILING, str(port), str(body), variant], port, "/sparql")
        server.env = variant_env
        try:
            server.start(queries[0])
            out[variant] = load(server.url, queries, args.connections, args.seconds, tmp)
        finally:
            server.stop()
    if args.ceiling_path is not None:
        fast_env = variants[-1][1]
        for copies in sorted({1, os.cpu_count() or 1}):
            out[f"bare {copies}"] = bare_ceiling(queries, args, tmp, fast_env, store, copies)
    return out


def bare_ceiling(queries: list[str], args, tmp: Path, env: dict, store: Path, copies: int) -> tuple[float, float]:
    """The light load on ``copies`` copies of ``BARE`` sharing one port, once
    the answers are checked equal to oxigraph's."""
    port = free_port()
    command = [sys.executable, "-c", BARE, str(port), str(store)]
    server = Server("bare", command, port, "/sparql", env)
    others: list[subprocess.Popen] = []
    try:
        server.start(queries[0])
        others = [
            subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for _ in range(copies - 1)
        ]
        time.sleep(1.0)  # the others open the store and listen
        if answers(server.url, queries) != args.expected:
            raise SystemExit("the bare server's answers differ from oxigraph's")
        return load(server.url, queries, args.connections, args.seconds, tmp)
    finally:
        server.stop()
        for other in others:
            other.terminate()
            other.wait(30)


def round_of(servers: dict[str, Server], queries: list[str], args, tmp: Path, record: Path, store: Path) -> dict:
    out = {}
    out["ceiling"] = ceilings(queries, args, tmp, servers["jointvision"].env or {}, args.answer, store)
    for name in ("jointvision", "oxigraph"):
        server = servers[name]
        try:
            out[name] = measure(server, queries, args, tmp, name == "jointvision")
            if name == "jointvision":
                out["protected"] = protections(server, queries, args, tmp)
        finally:
            server.stop()
    if not record.exists():
        out["unrecorded first"] = out["jointvision"]["first"]
        return out
    hidden = record.with_name(record.name + ".hidden")
    record.rename(hidden)  # as a store kept by a build that recorded nothing
    try:
        out["unrecorded first"] = servers["jointvision"].start(queries[0])
    finally:
        servers["jointvision"].stop()
        hidden.rename(record)
    return out


# --------------------------------------------------------------------------- setup and report


def kept_store(cache: Path) -> Path:
    (store,) = [p for p in cache.glob("*/store-*") if p.is_dir()]
    return store


def prepare(tmp: Path, triples: int, command: list[str], env: dict) -> tuple[Path, Path, str]:
    """Facts, a build, the statistics recorded: the fact file, the store, the record's path."""
    facts = tmp / "facts"
    write_facts(facts, max(triples // PER_ENTITY, 10))
    started = time.perf_counter()
    subprocess.run(
        command + ["build", "--data", str(facts), "--out", str(tmp / "out"), "--outputs", "rdf"],
        env=env,
        check=True,
        capture_output=True,
    )
    built = time.perf_counter() - started
    store = kept_store(tmp / "cache")
    record = store.with_name(store.name + ".statistics.json")
    how = "by the build"
    if not (Path(env["PYTHONPATH"]) / "jointvision" / "server" / "statistics.py").exists():
        return facts, store, "nowhere (this copy of the package does not record them)"
    if not record.exists():
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-c", RECORD, str(tmp / "cache"), str(facts / "bench.yaml")], env=env, check=True
        )
        took = time.perf_counter() - started
        how = f"by record_statistics after the build ({took:.1f} s; the build took {built:.1f} s)"
    return facts, store, how


def light_queries(url: str) -> list[str]:
    """200 lookups of one entity by IRI (activities of the invented data)."""
    status, body = ask(url, "SELECT ?s WHERE { ?s a <https://w3id.org/jointvision/ontology#Activity> } LIMIT 200")
    if status != 200:
        raise SystemExit(f"{url}: {status}")
    iris = [row["s"]["value"] for row in json.loads(body)["results"]["bindings"]]
    return [f"SELECT ?p ?o WHERE {{ <{iri}> ?p ?o }}" for iri in iris]


def servers_for(facts: Path, store: Path, command: list[str], env: dict, sleeps: bool) -> dict[str, Server]:
    oxigraph = shutil.which("oxigraph", path=os.path.dirname(sys.executable)) or shutil.which("oxigraph")
    if oxigraph is None:
        raise SystemExit("no oxigraph binary: pip install oxigraph")
    ours, theirs = free_port(), free_port()
    return {
        "jointvision": Server(
            "jointvision",
            command
            + ["serve", "--data", str(facts), "--port", str(ours), "--cache-mb", "0"]
            + (["--idle-template-after", f"{TEMPLATE_IDLE_S:g}"] if sleeps else []),
            ours,
            "/sparql",
            env,
        ),
        "oxigraph": Server(
            "oxigraph",
            [oxigraph, "serve-read-only", "--location", str(store), "--bind", f"127.0.0.1:{theirs}"],
            theirs,
            "/query",
        ),
    }


def median(rounds: list[dict], *keys) -> float:
    values = []
    for result in rounds:
        value = result
        for key in keys:
            value = value[key]
        values.append(value)
    return statistics.median(values)


def report(rounds: list[dict], how: str, args, client: str) -> None:
    jv, ox = (lambda *k: median(rounds, "jointvision", *k)), (lambda *k: median(rounds, "oxigraph", *k))
    first, theirs_first = jv("first"), ox("first")
    idle, theirs_idle = jv("idle", 0), ox("idle", 0)
    rate, theirs_rate = jv("rate"), ox("rate")
    print(f"\nstatistics recorded {how}; client: {client}, {args.connections} connections, {args.seconds:g} s")
    print(f"medians of {len(rounds)} rounds, the servers interleaved\n")
    print(f"{'':44} {'jointvision':>12} {'oxigraph':>10} {'ratio':>7}  goal")
    print(f"{'first answer (s)':44} {first:12.3f} {theirs_first:10.3f} {first / theirs_first:6.1f}x  < 0.5 s")
    print(f"{'  the same, without the recorded statistics':44} {median(rounds, 'unrecorded first'):12.3f}")
    asleep = jv("asleep", 0)
    print(
        f"{'idle memory, RSS of all processes (MB)':44} {asleep:12.0f} {theirs_idle:10.0f} "
        f"{asleep / theirs_idle:6.1f}x  <= 3x  ({rounds[-1]['jointvision']['asleep processes']} process(es), "
        f"after {TEMPLATE_IDLE_S:g} s without a query)"
    )
    print(
        f"{'  PSS (shared pages once)':44} {jv('asleep', 1):12.0f} {ox('idle', 1):10.0f} "
        f"{jv('asleep', 1) / ox('idle', 1):6.1f}x"
    )
    print(f"{'  the first answer after that (s)':44} {jv('woken'):12.3f} {'':10} {'':7}  (the template starts again)")
    print(
        f"{'  workers stopped, template up: RSS':44} {idle:12.0f} {theirs_idle:10.0f} "
        f"{idle / theirs_idle:6.1f}x  ({rounds[-1]['jointvision']['idle processes']} processes)"
    )
    pss, theirs_pss = jv("idle", 1), ox("idle", 1)
    print(f"{'    PSS':44} {pss:12.0f} {theirs_pss:10.0f} {pss / theirs_pss:6.1f}x")
    print(
        f"{'  1 s after the first answer, RSS':44} {jv('memory', 0):12.0f} {ox('memory', 0):10.0f} "
        f"{jv('memory', 0) / ox('memory', 0):6.1f}x  ({rounds[-1]['jointvision']['processes']} processes)"
    )
    print(
        f"{'light queries, cache off (req/s)':44} {rate:12.0f} {theirs_rate:10.0f} {rate / theirs_rate:6.2f}x  >= 0.5x"
    )
    print(f"{'  p99 (ms)':44} {jv('p99'):12.1f} {ox('p99'):10.1f} {'':7}  < 5 ms")
    runs, stopped, longest = rounds[-1]["protected"]["hostile"]
    print(
        f"{'  while a hostile query runs (req/s, p99 ms)':44} {median(rounds, 'protected', 'rate'):12.0f} "
        f"{median(rounds, 'protected', 'p99'):10.1f}  hostile: {runs} runs, {stopped} stopped (503), "
        f"the longest after {longest:.1f} s (limit {TIMEOUT_S:g} s)"
    )
    variants = [("h11", "the stack alone, no query (h11, as serve runs it)")]
    variants.append(("fast", "the stack alone, no query (httptools + uvloop)"))
    for copies in sorted({1, os.cpu_count() or 1}):
        variants.append((f"bare {copies}", f"a bare server answering, {copies} process{'es' if copies > 1 else ''}"))
    for variant, words in variants:
        if variant in rounds[-1]["ceiling"]:
            ceiling = median(rounds, "ceiling", variant, 0)
            print(
                f"{'  ' + words:44} {ceiling:12.0f} {theirs_rate:10.0f} "
                f"{ceiling / theirs_rate:6.2f}x  (p99 {median(rounds, 'ceiling', variant, 1):.1f} ms)"
            )
    for i, result in enumerate(rounds, 1):
        line = ", ".join(
            f"{name} {result[name]['first']:.2f} s {result[name]['asleep'][0]:.0f} MB {result[name]['rate']:.0f} "
            f"req/s p99 {result[name]['p99']:.1f} ms"
            for name in ("jointvision", "oxigraph")
        )
        print(f"  round {i}: {line}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--graph", type=Path, default=None, help="the graph folder of the package to measure")
    parser.add_argument(
        "--ceiling-path",
        type=Path,
        default=None,
        help="a folder with httptools and uvloop (pip install --target DIR httptools uvloop): the stack's "
        "ceiling is also measured with them",
    )
    args = parser.parse_args()
    client = "wrk" if shutil.which("wrk") else "this script's asyncio client"
    print(
        f"# bench_serve, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} CPUs, "
        f"python {sys.version.split()[0]}, jointvision as copied at the start"
    )
    with tempfile.TemporaryDirectory(prefix="jv-bench-serve-") as name:
        tmp = Path(name)
        command, frozen = frozen_copy(tmp / "code", args.graph)
        env = environment({**frozen, "JOINTVISION_CACHE": str(tmp / "cache")})
        facts, store, how = prepare(tmp, args.triples, command, env)
        triples = sum(1 for _ in (tmp / "out" / "jointvision.nt").open("rb"))
        print(f"\n## {triples:,} triples ({json.loads((store.parent / 'manifest.json').read_text())['quads']:,} quads)")
        code = Path(frozen["PYTHONPATH"]) / "jointvision"
        servers = servers_for(
            facts, store, command, env, "idle-template-after" in (code / "cli" / "serve.py").read_text()
        )
        record = store.with_name(store.name + ".statistics.json")
        try:
            servers["oxigraph"].start("ASK {}")
            queries = light_queries(servers["oxigraph"].url)
            servers["jointvision"].start(queries[0])
            args.expected = answers(servers["oxigraph"].url, queries)
            equal = answers(servers["jointvision"].url, queries) == args.expected
            args.answer = ask(servers["oxigraph"].url, queries[0])[1]  # the ceiling's fixed answer
        finally:
            for server in servers.values():
                server.stop()
        print(f"the answers of both servers to the {len(queries)} light queries: {'equal' if equal else 'NOT EQUAL'}")
        rounds = [round_of(servers, queries, args, tmp, record, store) for _ in range(args.rounds)]
        report(rounds, how, args, client)


if __name__ == "__main__":
    main()
