"""How every cost grows with the graph, against pyoxigraph used directly.

    python benchmarks/bench_scale.py [--triples 10000,100000,1000000] [--skip queries,serve,push]

For each size it writes an invented fact file shaped like the article's (a
joint statement of two countries with eight directions; programs,
initiatives, activities, goals and targets with amounts, periods and flows
spread over the directions, each quoting its own sentence of a generated
text, so that every named query has answers that grow with the graph) and
measures, each as whole processes run in turn,
with wall time and peak memory (the process's own ru_maxrss; for the build,
also CPU time, user and system, of every thread):

* build: ``jointvision build --outputs rdf`` (fact files to TriG, N-Quads,
  Turtle, JSON-LD, N-Triples and the store kept on disk; it also writes the
  ontology, the shapes, their page, a VoID description and a README) against
  pyoxigraph doing the same work from the build's N-Quads, in memory as
  the build works: bulk load of every named graph, N-Quads and TriG (with
  the build's prefixes) of the dataset, then the union of the sources'
  graphs as the default graph and Turtle, N-Triples and JSON-LD of it, then
  the union of every graph as the default graph, and all of it written to
  an on-disk store, kept as the build keeps its own. It neither sorts nor
  compacts (its JSON-LD is expanded, about twice the build's size). Its
  files and store are checked against the build's: the same number of
  statements in each, sizes of the same order;
* query: every named query, ``jointvision query NAME`` on the kept store
  against a process that opens the same store read-only with pyoxigraph and
  runs the same query text; the answer's row count beside it;
* serve: seconds from start until ``/health`` answers and until a first
  query is answered, and the memory of the server with its workers (the
  sum of their resident sets) against one process holding the store open
  read-only after a query;
* push: ``jointvision push`` to a local ``oxigraph serve`` (in memory)
  against one ``PUT`` of the N-Quads file to the same server with curl.

Ratios are printed with the goals of the scale issue. Run by hand; nothing
here is part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_store import environment, frozen_copy  # noqa: E402

PER_ENTITY = 12  # triples per invented entity, about


def write_facts(folder: Path, entities: int) -> None:
    """An invented joint statement and ``entities`` facts under it."""
    import hashlib
    import random

    rng = random.Random(entities)
    folder.mkdir(parents=True, exist_ok=True)
    sentences: list[str] = []
    items: list[list[str]] = []

    def fact(lines: list[str], sentence: str) -> None:
        start = sum(len(x) + 1 for x in sentences)
        sentences.append(sentence)
        items.append(
            lines
            + ["  evidence:", f'  - quote: "{sentence}"', f"    start: {start}", f"    end: {start + len(sentence)}"]
        )

    directions = [f"direction-{i}" for i in range(1, 9)]
    fact(["- id: land-a", "  type: Country", "  label: Land A"], "Land A is one party.")
    fact(["- id: land-b", "  type: Country", "  label: Land B"], "Land B is the other party.")
    fact(["- id: crown", "  type: Currency", "  label: Crown", "  iso4217: XCR"], "Amounts are in crowns.")
    fact(
        [
            "- id: bench-statement",
            "  type: JointStatement",
            "  label: Invented Joint Statement",
            "  title: An Invented Joint Statement in Eight Directions",
            "  parties:",
            "  - land-a",
            "  - land-b",
            "  directions:",
        ]
        + [f"  - {d}" for d in directions],
        "The two lands adopt an invented joint statement with eight directions.",
    )
    for i, d in enumerate(directions, 1):
        fact(
            [f"- id: {d}", "  type: StrategicDirection", f"  label: Direction {i}", f"  position: {i}"],
            f"Direction {i} is one of the eight.",
        )
    programs: list[str] = []
    for n in range(entities):
        kind = rng.choice(["Program", "Initiative", "Activity", "Activity", "Activity", "Goal", "Target", "Target"])
        homes = [rng.choice(directions)] + ([rng.choice(directions)] if rng.random() < 0.1 else [])
        homes = sorted(set(homes))
        lines = [f"- id: {kind.lower()}-{n}", f"  type: {kind}", f"  label: {kind} number {n}", "  directions:"]
        lines += [f"  - {h}" for h in homes]
        if kind in {"Program", "Activity"}:
            lines += ["  involves:", "  - land-a", "  - land-b"]
        if kind == "Activity" and programs and rng.random() < 0.5:
            lines += ["  contributes_to:", f"  - {rng.choice(programs[-50:])}"]
        if kind == "Goal":
            lines += [f"  country: {rng.choice(['land-a', 'land-b'])}"]
        sentence = f"{kind} number {n} is part of the invented statement."
        if kind == "Target":
            value, first = rng.randrange(1, 900) * 1_000_000, rng.randrange(2030, 2040)
            lines += [
                f"  value: {value}",
                "  unit: crown",
                "  bound: exact",
                f"  stated_as: {value:,} crowns",
                "  period:",
                f"    start_year: {first}",
                f"    end_year: {first + rng.randrange(1, 6)}",
                "  flow_from: land-a",
                "  flow_to: land-b",
            ]
            sentence = f"Target number {n} is {value:,} crowns from Land A to Land B."
        fact(lines, sentence)
        if kind == "Program":
            programs.append(f"program-{n}")
    text = " ".join(sentences)
    (folder / "bench.txt").write_text(text, encoding="utf-8")
    head = [
        "# Invented benchmark data, not facts of any source.",
        "format: jointvision-source/2",
        "source:",
        "  id: bench-source",
        "  label: Invented benchmark source",
        "  text: bench.txt",
        f"  sha256: {hashlib.sha256(text.encode()).hexdigest()}",
        "entities:",
    ]
    (folder / "bench.yaml").write_text(
        "\n".join(head + [line for item in items for line in item]) + "\n", encoding="utf-8"
    )


BASELINE_BUILD = """
import json, sys, pyoxigraph as ox
nquads, location, out, prefixes = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
store = ox.Store()  # the work in memory (on disk, each dump and update takes two to five times as long)
store.bulk_load(path=nquads, format=ox.RdfFormat.N_QUADS)  # every named graph: sources', derived, ontology's
store.dump(out + "/b.nq", format=ox.RdfFormat.N_QUADS)  # the dataset: all the store holds yet
store.dump(out + "/b.trig", format=ox.RdfFormat.TRIG, prefixes=prefixes["trig"])
# the merged graph of the single-graph downloads: the union of the sources' graphs, as the default graph
sources = f"FILTER(STRSTARTS(STR(?g), '{prefixes['graphs']}'))"
store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } " + sources + " }")
for fmt, name in ((ox.RdfFormat.TURTLE, "b.ttl"), (ox.RdfFormat.N_TRIPLES, "b.nt"), (ox.RdfFormat.JSON_LD, "b.jsonld")):
    store.dump(out + "/" + name, format=fmt, from_graph=ox.DefaultGraph(), prefixes=prefixes["ttl"])
store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")  # the kept store's default graph: all graphs' union
kept = ox.Store(location)  # kept on disk, as the build keeps its store
kept.bulk_extend(store)
kept.flush()
"""

#: The five downloads, as the build names them and the yardstick names its own.
DOWNLOADS = (("trig", "TRIG"), ("nq", "N_QUADS"), ("ttl", "TURTLE"), ("jsonld", "JSON_LD"), ("nt", "N_TRIPLES"))


def prefixes_of(path: Path) -> dict[str, str]:
    """The ``@prefix`` lines that open a Turtle or TriG file."""
    import re

    found = {}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            match = re.match(r"@prefix ([^:]*): <([^>]*)> \.", line)
            if match is None:
                break
            found[match.group(1)] = match.group(2)
    return found


def statements(path: Path, fmt: str) -> int:
    """How many triples or quads a file holds, as pyoxigraph reads it."""
    import pyoxigraph as ox

    return sum(1 for _ in ox.parse(path=str(path), format=getattr(ox.RdfFormat, fmt)))


def check_yardstick(out: Path, base: Path, kept: Path) -> bool:
    """Say, for each download and the kept store, whether the yardstick made
    the same statements as the build (and how their sizes compare)."""
    import pyoxigraph as ox

    same = True
    parts = []
    for ext, fmt in DOWNLOADS:
        mine, theirs = out / f"jointvision.{ext}", base / f"b.{ext}"
        counts = statements(mine, fmt), statements(theirs, fmt)
        sizes = mine.stat().st_size, theirs.stat().st_size
        same &= counts[0] == counts[1] and sizes[1] > 0 and 0.2 < sizes[0] / sizes[1] < 5
        parts.append(
            f"{ext} {counts[1]:,}{'' if counts[0] == counts[1] else f' (build {counts[0]:,})'} "
            f"in {sizes[1] / 1e6:.1f} MB (build {sizes[0] / 1e6:.1f})"
        )
    quads = len(ox.Store.read_only(str(kept))), len(ox.Store.read_only(str(base / "s")))
    same &= quads[0] == quads[1]
    parts.append(f"store {quads[1]:,} quads{'' if quads[0] == quads[1] else f' (build {quads[0]:,})'}")
    verdict = "same statements as the build's, sizes of the same order" if same else "DIFFERS from the build's"
    print(f"yardstick checked: {verdict}: " + "; ".join(parts))
    return same


# the same work as `jointvision query NAME --format csv`: the checked text run, the answer written as SPARQL CSV
DIRECT_QUERY = """
import sys, pyoxigraph as ox
store = ox.Store.read_only(sys.argv[1])
answer = store.query(open(sys.argv[2], encoding="utf-8").read())
sys.stdout.buffer.write(answer.serialize(format=ox.QueryResultsFormat.CSV))
"""

HOLD_STORE = """
import sys, pyoxigraph as ox
store = ox.Store.read_only(sys.argv[1])
list(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"))
print(open("/proc/self/status").read().split("VmRSS:")[1].split()[0])
"""


def run(args: list[str], env: dict | None = None) -> tuple[float, float, str]:
    """Wall seconds and standard output of one process (no memory figure: 0)."""
    started = time.perf_counter()
    process = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = process.communicate()
    wall = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"failed ({process.returncode}): {' '.join(args)}\n{err.decode()[-2000:]}")
    return wall, 0.0, out.decode()


def run_measured(args: list[str], env: dict | None = None) -> tuple[float, float, str, float]:
    """Like :func:`run`, with the process's own peak memory and its CPU time,
    user and system, of all its threads (wait4): a build that overlaps work
    on two cores shows it here."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(args, env=env, stdout=out, stderr=err)
        _pid, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        if process.returncode != 0:
            raise SystemExit(f"failed ({process.returncode}): {' '.join(args)}\n{err.read().decode()[-2000:]}")
        return wall, usage.ru_maxrss / 1024, out.read().decode(), usage.ru_utime + usage.ru_stime


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, seconds: float, data: bytes | None = None) -> float:
    started = time.perf_counter()
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    while time.perf_counter() - started < seconds:
        try:
            request = urllib.request.Request(url, data=data)
            if data:
                request.add_header("Content-Type", "application/x-www-form-urlencoded")
                request.add_header("Accept", "application/sparql-results+json")
            with opener.open(request, timeout=60) as response:
                response.read()
                return time.perf_counter() - started
        except OSError:
            time.sleep(0.05)
    return float("nan")


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, MB."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(status.split("VmRSS:")[1].split()[0])
            for task in Path(f"/proc/{current}/task").iterdir():
                children = (task / "children").read_text().split()
                todo += [int(c) for c in children]
        except (OSError, IndexError, ValueError):
            continue
    return total / 1024


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}x" if b else "-"


#: How to run jointvision (a frozen copy of the checkout, see ``bench_store.frozen_copy``), set by :func:`main`.
JOINTVISION: list[str] = []
FROZEN: dict[str, str] = {}


def command() -> list[str]:
    return list(JOINTVISION)


def kept_store(tmp: Path) -> Path:
    """The store the build kept (found again each time: a build replacing it removes the one it replaces)."""
    (store,) = [p for p in (tmp / "cache").glob("*/store-*") if p.is_dir()]
    return store


def bench_size(target: int, tmp: Path, skip: set[str], queries: list[str]) -> dict:
    """Every cost at one size, printed; the figures for the growth table."""
    facts = tmp / "facts"
    write_facts(facts, max(target // PER_ENTITY, 10))
    env = environment({**FROZEN, "JOINTVISION_CACHE": str(tmp / "cache")})
    result = bench_build(facts, tmp, env)
    result["queries"] = bench_queries(facts, tmp, env, queries) if "queries" not in skip else {}
    if "serve" not in skip:
        result["serve"] = bench_serve(facts, tmp, env)
    if "push" not in skip and shutil.which("curl"):
        result["push"] = bench_push(facts, tmp, env)
    return result


def bench_build(facts: Path, tmp: Path, env: dict) -> dict:
    """``build --outputs rdf`` against the yardstick, which is checked."""
    from jointvision.rdf.namespaces import GRAPHS

    out = tmp / "out"
    build = run_measured(command() + ["build", "--data", str(facts), "--out", str(out), "--outputs", "rdf"], env)
    triples = sum(1 for _ in (out / "jointvision.nt").open("rb"))
    (tmp / "base").mkdir()
    prefixes = {"trig": prefixes_of(out / "jointvision.trig"), "ttl": prefixes_of(out / "jointvision.ttl")}
    nquads, location, folder = str(out / "jointvision.nq"), str(tmp / "base" / "s"), str(tmp / "base")
    options = json.dumps({**prefixes, "graphs": GRAPHS})
    base = run_measured([sys.executable, "-c", BASELINE_BUILD, nquads, location, folder, options])
    print(f"\n## {triples:,} triples\n")
    print(
        f"build --outputs rdf   {build[0]:7.2f} s {build[1]:7.0f} MB | pyoxigraph load, union, 5 dumps, store "
        f"{base[0]:6.2f} s {base[1]:6.0f} MB | time {ratio(build[0], base[0])} (goal 1.5x, stretch 1.2x), "
        f"memory {ratio(build[1], base[1])} (goal 1.5x)"
    )
    cpu, base_cpu = build[3], base[3]
    print(f"CPU time (user + system, every thread): {cpu:.2f} s against {base_cpu:.2f} s, {ratio(cpu, base_cpu)}")
    same = check_yardstick(out, tmp / "base", kept_store(tmp))
    return {"triples": triples, "build": build[:2], "baseline build": base[:2], "yardstick ok": same}


def bench_queries(facts: Path, tmp: Path, env: dict, queries: list[str]) -> dict:
    """Each named query, against pyoxigraph running its checked text on the kept store."""
    from jointvision.sparql.engine import check_query
    from jointvision.sparql.named import named_query

    found = {}
    print(
        f"\n{'query':<28} {'jointvision':>11} {'pyoxigraph':>10} {'ratio':>7} {'rows':>8}  goal: <= 1.2x + 0.05 s"
        "  (both write SPARQL CSV; the two outputs compared byte for byte)"
    )
    for name in queries:
        text = tmp / f"{name}.rq"
        text.write_text(check_query(named_query(name).text).text, encoding="utf-8")
        mine, direct = [], []
        for _ in range(3):  # in turn, so that the machine's changes of speed fall on both alike
            mine.append(run(command() + ["query", name, "--data", str(facts), "--format", "csv"], env))
            direct.append(run([sys.executable, "-c", DIRECT_QUERY, str(kept_store(tmp)), str(text)]))
        ours, theirs = statistics.median(m[0] for m in mine), statistics.median(d[0] for d in direct)
        rows = direct[0][2].count("\r\n") - 1
        same = "same CSV" if mine[0][2] == direct[0][2] else "CSV DIFFERS"
        ok = "ok" if ours <= 1.2 * theirs + 0.05 else "OVER"
        found[name] = (ours, theirs, rows)
        print(f"{name:<28} {ours:>10.2f}s {theirs:>9.2f}s {ratio(ours, theirs):>7} {rows:>8,}  {ok}  {same}")
    return found


def bench_serve(facts: Path, tmp: Path, env: dict) -> tuple[float, float, float]:
    """Seconds until ``/health`` answers, and the server's memory against one process holding the store."""
    port = free_port()
    started = time.perf_counter()
    server = subprocess.Popen(
        command() + ["serve", "--data", str(facts), "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        health = wait_for(f"http://127.0.0.1:{port}/health", 600)
        first = wait_for(
            f"http://127.0.0.1:{port}/sparql",
            600,
            b"query=SELECT%20(COUNT(*)%20AS%20%3Fn)%20WHERE%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D",
        )
        time.sleep(1.0)
        memory = tree_rss_mb(server.pid)
    finally:
        server.terminate()
        server.wait(30)
    held = float(run([sys.executable, "-c", HOLD_STORE, str(kept_store(tmp))])[2].strip()) / 1024
    since = time.perf_counter() - started
    print(
        f"\nserve: /health after {health:.2f} s (goal < 5 s), a first query answered {first:.2f} s later; "
        f"server + workers {memory:.0f} MB against one read-only store {held:.0f} MB: "
        f"{ratio(memory, held)} (goal < 2x)  [{since:.0f} s in all]"
    )
    return health, memory, held


def bench_push(facts: Path, tmp: Path, env: dict) -> tuple[float, float] | None:
    """``push`` to a local ``oxigraph serve`` against curl's one PUT of the N-Quads."""
    from jointvision.outputs import push as _push  # noqa: F401 - fail early if the command is missing

    oxigraph = shutil.which("oxigraph", path=os.path.dirname(sys.executable)) or shutil.which("oxigraph")
    if not oxigraph:
        return None
    nquads = tmp / "out" / "jointvision.nq"
    times = {}
    for how in ("curl", "push"):
        port = free_port()
        server = subprocess.Popen(
            [oxigraph, "serve", "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            wait_for(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", 30)
            if how == "curl":
                curl = ["curl", "-sf", "-X", "PUT", "-H", "Content-Type: application/n-quads", "--data-binary"]
                times[how] = run([*curl, f"@{nquads}", f"http://127.0.0.1:{port}/store"])[0]
            else:
                push = ["push", f"http://127.0.0.1:{port}/store", "--data", str(facts)]
                times[how] = run(command() + push, env)[0]
        finally:
            server.terminate()
            server.wait(30)
    print(
        f"\npush to oxigraph serve {times['push']:.2f} s (every graph and the merged default graph) | "
        f"curl -X PUT of jointvision.nq {times['curl']:.2f} s (the named graphs only) | "
        f"{ratio(times['push'], times['curl'])} (goal 2x)"
    )
    return times["push"], times["curl"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", default="10000,100000,1000000")
    parser.add_argument("--skip", default="", help="comma-separated: queries, serve, push")
    parser.add_argument("--queries", default="", help="comma-separated named queries (default: all)")
    args = parser.parse_args()
    frozen = tempfile.TemporaryDirectory(prefix="jv-bench-scale-code-")
    JOINTVISION[:], found = frozen_copy(Path(frozen.name))
    FROZEN.update(found)
    sys.path.insert(0, found["PYTHONPATH"])
    from jointvision.sparql.named import named_queries

    queries = [q for q in args.queries.split(",") if q] or sorted(named_queries())
    skip = {s for s in args.skip.split(",") if s}
    print(
        f"# bench_scale, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} CPUs, "
        f"python {sys.version.split()[0]}, jointvision as copied at the start"
    )
    results = []
    with frozen:
        for size in (int(s) for s in args.triples.split(",")):
            with tempfile.TemporaryDirectory(prefix="jv-bench-scale-") as tmp:
                results.append(bench_size(size, Path(tmp), skip, queries))
    if len(results) > 1:
        print("\n## growth (each cost at the largest size over the smallest, against the triples' growth)\n")
        first, last = results[0], results[-1]
        grow = last["triples"] / first["triples"]
        print(
            f"triples x{grow:.0f}; build x{last['build'][0] / first['build'][0]:.0f}; "
            f"pyoxigraph build x{last['baseline build'][0] / first['baseline build'][0]:.0f}"
        )
        for name in (q for q in queries if q in first["queries"] and q in last["queries"]):
            a, b = first["queries"][name], last["queries"][name]
            print(
                f"  {name:<28} time x{b[0] / a[0]:.1f}, rows x{(b[2] or 1) / (a[2] or 1):.0f}, "
                f"pyoxigraph time x{b[1] / a[1]:.1f}"
            )


if __name__ == "__main__":
    main()
