"""`jointvision push` against curl sending exactly the same requests.

    python benchmarks/bench_push.py [--triples 100000] [--repeat 3] [--graph OTHER/graph]

It writes an invented fact file of about ``--triples`` triples (the shape
``bench_scale.py`` makes), builds it with ``jointvision build --outputs rdf``
(which keeps the on-disk store that ``push`` opens), and dumps each graph
``push`` sends as N-Triples into files for the yardstick: the merged default
graph first, then every named graph in push's order. Then, interleaved,
``--repeat`` times each, against a fresh ``oxigraph serve`` on loopback with
a new database folder:

* push: ``jointvision push URL --data FACTS`` (one PUT per graph, N-Triples,
  no gzip on loopback);
* curl: one ``curl`` process PUTting the same files to the same graph URLs
  with the same media type (``-T``, streamed from disk).

After every run the server is asked how many triples each graph holds, and
the run counts only if every count equals the dataset's. It prints the
medians of wall time, the ratio (goal: push within 1.3x of curl), and each
process's peak resident memory (its own ``ru_maxrss``), beside the size of
the largest graph sent and beside a floor: a process that opens the same
store read-only and has pyoxigraph write every graph push sends into a
file. The engine's own buffers grow with the store; push's memory
above that floor must stay the same at every size. Each process is timed
from start to exit, interpreter start and opening the store included; the
yardstick's files are written beforehand, untimed, while push writes its
graphs (the engine's dump, into temporary files) within its time.

Run by hand; nothing here is part of the test suite.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_scale import PER_ENTITY, free_port, run_measured, wait_for, write_facts  # noqa: E402
from bench_store import environment, frozen_copy  # noqa: E402

COUNTS = "SELECT ?g (COUNT(*) AS ?n) WHERE { { GRAPH ?g { ?s ?p ?o } } UNION { ?s ?p ?o } } GROUP BY ?g"


def oxigraph_program() -> str:
    found = shutil.which("oxigraph", path=os.path.dirname(sys.executable)) or shutil.which("oxigraph")
    if not found:
        raise SystemExit("no oxigraph program: pip install oxigraph")
    return found


def kept_store(tmp: Path) -> Path:
    (store,) = [p for p in (tmp / "cache").glob("*/store-*") if p.is_dir()]
    return store


def yardstick_files(store_path: Path, folder: Path) -> tuple[list[tuple[str | None, Path]], dict[str, int]]:
    """Each graph push sends, in its order, dumped as N-Triples into
    ``folder``: (graph IRI or None for the default graph, file); and the
    triples per graph ("" for the default graph), counted by the engine."""
    import pyoxigraph as ox

    store = ox.Store.read_only(str(store_path))
    names = sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))
    folder.mkdir()
    plan: list[tuple[str | None, Path]] = []
    for index, name in enumerate([None, *names]):
        path = folder / f"{index:02d}.nt"
        graph = ox.DefaultGraph() if name is None else ox.NamedNode(name)
        store.dump(str(path), format=ox.RdfFormat.N_TRIPLES, from_graph=graph)
        plan.append((name, path))
    sizes = {(row["g"].value if row["g"] is not None else ""): int(row["n"].value) for row in store.query(COUNTS)}
    return plan, sizes


FLOOR = """
import sys, resource, pyoxigraph as ox
store = ox.Store.read_only(sys.argv[1])
len(store)  # as push counts what it sends
for name in [None, *sorted(g.value for g in store.named_graphs())]:
    graph = ox.DefaultGraph() if name is None else ox.NamedNode(name)
    store.dump(sys.argv[2], format=ox.RdfFormat.N_TRIPLES, from_graph=graph)  # each over the last
"""


def graph_url(base: str, graph: str | None) -> str:
    return f"{base}/store?" + ("default" if graph is None else "graph=" + urllib.parse.quote(graph, safe=""))


def curl_command(base: str, plan: list[tuple[str | None, Path]]) -> list[str]:
    """One curl process that PUTs every file to its graph, in order, on one
    connection (no ``Expect: 100-continue`` wait), failing on an error status."""
    args = ["curl", "-sS", "--fail", "-H", "Content-Type: application/n-triples", "-H", "Expect:"]
    for graph, path in plan:
        args += ["-T", str(path), graph_url(base, graph)]
    return args


def held(base: str) -> dict[str, int]:
    """Triples per graph the server holds ("" for its default graph)."""
    import json

    request = urllib.request.Request(
        f"{base}/query",
        data=urllib.parse.urlencode({"query": COUNTS}).encode(),
        headers={"Accept": "application/sparql-results+json", "Content-Type": "application/x-www-form-urlencoded"},
    )
    with urllib.request.build_opener(urllib.request.ProxyHandler({})).open(request, timeout=600) as response:
        rows = json.loads(response.read())["results"]["bindings"]
    return {row.get("g", {}).get("value", ""): int(row["n"]["value"]) for row in rows}


def one_run(args: list[str], env: dict, tmp: Path, sizes: dict[str, int]) -> tuple[float, float]:
    """Wall seconds and peak memory (MB) of ``args`` (``{base}`` replaced by
    the server's URL) against a fresh server; exits if the server does not
    then hold every graph whole."""
    port = free_port()
    folder = tmp / f"server-{port}"
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [oxigraph_program(), "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(f"{base}/query?query=ASK%7B%7D", 60)
        wall, rss, _ = run_measured([a.replace("{base}", base) for a in args], env)
        found = held(base)
        if found != sizes:
            wrong = {g: (found.get(g), n) for g, n in sizes.items() if found.get(g) != n}
            raise SystemExit(f"the server does not hold what was sent ({' '.join(args[:3])}...): {wrong}")
    finally:
        server.terminate()
        server.wait(60)
        shutil.rmtree(folder, ignore_errors=True)
    return wall, rss


def prepare(tmp: Path, target: int, jointvision: list[str], env: dict) -> tuple[Path, list, dict[str, int]]:
    facts = tmp / "facts"
    write_facts(facts, max(target // PER_ENTITY, 10))
    started = time.perf_counter()
    run_measured(jointvision + ["build", "--data", str(facts), "--out", str(tmp / "out"), "--outputs", "rdf"], env)
    print(f"built in {time.perf_counter() - started:.1f} s", flush=True)
    plan, sizes = yardstick_files(kept_store(tmp), tmp / "yardstick")
    return facts, plan, sizes


def bench(target: int, repeat: int, tmp: Path, jointvision: list[str], env: dict) -> None:
    facts, plan, sizes = prepare(tmp, target, jointvision, env)
    sent = sum(sizes.values())
    largest = max(p.stat().st_size for _, p in plan)
    print(
        f"\n## {sizes.get('', 0):,} triples in the default graph, {len(plan)} PUTs, {sent:,} triples sent "
        f"({sum(p.stat().st_size for _, p in plan) / 1e6:.1f} MB of N-Triples; largest graph {largest / 1e6:.1f} MB)\n"
    )
    runs: dict[str, list[tuple[float, float]]] = {"push": [], "curl": []}
    commands = {
        "push": jointvision + ["push", "{base}/store", "--data", str(facts), "--timeout", "3600"],
        "curl": curl_command("{base}", plan),
    }
    for index in range(repeat):
        for how in ("curl", "push") if index % 2 == 0 else ("push", "curl"):
            runs[how].append(one_run(commands[how], env, tmp, sizes))
            wall, rss = runs[how][-1]
            print(f"  {how:<4} run {index + 1}: {wall:6.2f} s, {rss:6.0f} MB peak, every graph whole", flush=True)
    push, curl = (statistics.median(w for w, _ in runs[h]) for h in ("push", "curl"))
    push_mb, curl_mb = (max(m for _, m in runs[h]) for h in ("push", "curl"))
    floor = run_measured([sys.executable, "-c", FLOOR, str(kept_store(tmp)), str(tmp / "floor.nt")])[1]
    verdict = "ok" if push <= 1.3 * curl else "OVER"
    print(
        f"\npush {push:.2f} s | curl {curl:.2f} s | {push / curl:.2f}x (goal <= 1.3x: {verdict}) | "
        f"peak memory push {push_mb:.0f} MB, curl {curl_mb:.0f} MB, floor {floor:.0f} MB (pyoxigraph reading "
        f"every graph): push {push_mb - floor:+.0f} MB over it; largest graph {largest / 1e6:.0f} MB "
        f"(medians of {repeat}; memory the largest of the runs)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", default="100000", help="comma-separated sizes")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--graph",
        type=Path,
        default=None,
        help="the graph/ folder of another checkout to measure (default: this one's)",
    )
    args = parser.parse_args()
    if not shutil.which("curl"):
        raise SystemExit("no curl")
    oxigraph_program()
    print(
        f"# bench_push, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} CPUs, "
        f"python {sys.version.split()[0]}, jointvision as copied at the start"
    )
    with tempfile.TemporaryDirectory(prefix="jv-bench-push-code-") as code:
        jointvision, frozen = frozen_copy(Path(code), args.graph)
        for size in (int(s) for s in args.triples.split(",")):
            with tempfile.TemporaryDirectory(prefix="jv-bench-push-") as tmp:
                env = environment({**frozen, "JOINTVISION_CACHE": str(Path(tmp) / "cache")})
                bench(size, args.repeat, Path(tmp), jointvision, env)


if __name__ == "__main__":
    main()
