"""Build once, open many: whole `jointvision` processes on synthetic fact
files, against pyoxigraph used directly on the same store.

    python benchmarks/bench_store.py [--entities 2000,20000] [--repeat 3]

For each size it writes an invented fact file (one country and N
activities, each with its quote of a generated text) into a temporary
folder and times, as separate processes, medians of --repeat runs:

* ``build --outputs rdf`` (fact files to every RDF download and the store);
* ``query targets`` opening the kept store, and with ``JOINTVISION_CACHE=off``
  (built from YAML on every call, as before the store);
* pyoxigraph alone: a process that opens the same store read-only and runs
  the same query text, the floor for any tool on this engine.

Run by hand; nothing here is part of the test suite.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def write_facts(folder: Path, entities: int) -> None:
    """An invented source: one country and ``entities`` activities."""
    folder.mkdir(parents=True, exist_ok=True)
    sentences = [f"Activity number {i} is carried out under the joint programme." for i in range(entities)]
    text = " ".join(sentences)
    (folder / "bench.txt").write_text(text, encoding="utf-8")
    lines = [
        "# Invented benchmark data, not facts of any source.",
        "format: jointvision-source/2",
        "source:",
        "  id: bench-source",
        "  label: Invented benchmark source",
        "  text: bench.txt",
        f"  sha256: {hashlib.sha256(text.encode()).hexdigest()}",
        "entities:",
        "  - id: land-a",
        "    type: Country",
        "    label: Land A",
        "    evidence:",
        f'      - quote: "{sentences[0][:15]}"',
        "        start: 0",
        "        end: 15",
    ]
    position = 0
    for i, sentence in enumerate(sentences):
        lines += [
            f"  - id: activity-{i}",
            "    type: Activity",
            f"    label: Activity {i}",
            "    country: land-a",
            "    evidence:",
            f'      - quote: "{sentence}"',
            f"        start: {position}",
            f"        end: {position + len(sentence)}",
        ]
        position += len(sentence) + 1
    (folder / "bench.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def command() -> list[str]:
    exe = Path(sys.executable).with_name("jointvision")
    return [str(exe)] if exe.is_file() else [sys.executable, "-m", "jointvision"]


def frozen_copy(folder: Path, graph: Path | None = None) -> tuple[list[str], dict[str, str]]:
    """The command and environment that run a copy of the package (of the
    checkout's ``graph/``, or of ``graph``) made now in ``folder``, its
    bytecode compiled beside it: on a shared machine, edits to the checkout
    while a benchmark runs then neither change what is measured nor make
    every command build its store again (a kept store is bound to the code's
    digest), and no module of it is compiled again in every process where
    ``PYTHONDONTWRITEBYTECODE`` is set (see :func:`environment`)."""
    import shutil

    source = (graph or HERE.parent / "graph").resolve()
    shutil.copytree(
        source / "jointvision", folder / "graph" / "jointvision", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copytree(source.parent / "ontology", folder / "ontology")
    env = {"PYTHONPATH": str(folder / "graph")}
    import subprocess

    # compiled now, not by the first command measured
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(folder / "graph")], env=environment(env), check=True)
    return [sys.executable, "-m", "jointvision"], env


def environment(extra: dict[str, str]) -> dict[str, str]:
    """This process's environment with ``extra``, bytecode writing allowed."""
    env = {**os.environ, **extra}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def timed(args: list[str], env: dict, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(args, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


DIRECT = """
import sys, pyoxigraph as ox
store = ox.Store.read_only(sys.argv[1])
list(store.query(open(sys.argv[2], encoding="utf-8").read()))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entities", default="2000,20000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sys.path.insert(0, str(HERE.parent / "graph"))
    from jointvision.sparql.named import named_query

    print(
        f"{'entities':>9} {'triples':>9} {'build':>8} {'query':>8} {'no store':>9} {'pyoxigraph':>11} "
        f"{'query/direct':>13} {'no store/direct':>16}   (seconds, medians of {args.repeat})"
    )
    for entities in (int(n) for n in args.entities.split(",")):
        with tempfile.TemporaryDirectory(prefix="jv-bench-store-") as tmp:
            tmp = Path(tmp)
            write_facts(tmp / "facts", entities)
            env = {**os.environ, "JOINTVISION_CACHE": str(tmp / "cache")}
            build = timed(
                command() + ["build", "--data", str(tmp / "facts"), "--out", str(tmp / "out"), "--outputs", "rdf"],
                env,
                1,
            )
            query = timed(command() + ["query", "targets", "--data", str(tmp / "facts")], env, args.repeat)
            fresh = timed(
                command() + ["query", "targets", "--data", str(tmp / "facts")],
                {**env, "JOINTVISION_CACHE": "off"},
                args.repeat,
            )
            (store,) = [p for p in (tmp / "cache").glob("*/store-*") if p.is_dir()]
            text = tmp / "targets.rq"
            text.write_text(named_query("targets").text, encoding="utf-8")
            direct = timed([sys.executable, "-c", DIRECT, str(store), str(text)], env, args.repeat)
            triples = sum(1 for line in (tmp / "out" / "jointvision.nt").open("rb"))
            print(
                f"{entities:>9,} {triples:>9,} {build:>8.2f} {query:>8.2f} {fresh:>9.2f} {direct:>11.2f} "
                f"{query / direct:>12.1f}x {fresh / direct:>15.1f}x"
            )


if __name__ == "__main__":
    main()
