"""How long ``jointvision query`` takes to start, against pyoxigraph asking
the same store.

    python benchmarks/bench_startup.py [--repeat 5] [--against OTHER/graph] [--in-project]

In a temporary folder outside any project, so the embedded data is read
(with ``--in-project``, in a project made by ``jointvision init``, whose
file is read once and then noted in the cache), on a copy of the package
made at the start (``bench_store.frozen_copy``: its bytecode compiled, as an
installed package has it), with ``JOINTVISION_CACHE`` in that folder, it
runs ``jointvision query`` three times (the first builds and keeps the
store, the second checks it and notes it verified), then times whole
processes, medians of ``--repeat``, the copies of ``--against`` and this
checkout in turn:

* ``python -c pass`` and ``python -c "import pyoxigraph"``: the floors;
* a process that opens the kept store read-only with pyoxigraph and asks
  the same query text: the yardstick;
* ``jointvision query QUERY`` (for ``ASK {}`` and a small ``SELECT``), with
  its ratio to the yardstick in wall and in CPU time (user + system, which
  other jobs on a shared machine shake less).

It also runs the ASK once under ``python -X importtime`` and lists the
heaviest imports, whether ``yaml`` and ``rdflib`` were imported, and the
time of a first ``check_query`` in a fresh process (the guard's regexes are
compiled once per process). Run by hand; nothing here is part of the test
suite.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_store import command, environment, frozen_copy  # noqa: E402

DIRECT = """
import sys, pyoxigraph as ox
store = ox.Store.read_only(sys.argv[1])
answer = store.query(sys.argv[2])
print(bool(answer) if isinstance(answer, ox.QueryBoolean) else sum(1 for _ in answer))
"""

FIRST_CHECK = """
import time
started = time.perf_counter()
from jointvision.sparql.guard import check_query
imported = time.perf_counter()
check_query("SELECT ?s WHERE { ?s a jv:Target ; rdfs:label 'x' } LIMIT 3")
checked = time.perf_counter()
check_query("ASK { ?s ?p ?o }")
ms = [(b - a) * 1000 for a, b in ((started, imported), (imported, checked), (checked, time.perf_counter()))]
print(" ".join(f"{m:.1f}" for m in ms))
"""

SELECT = "SELECT ?s WHERE { ?s a <https://w3id.org/jointvision/ontology#StrategicDirection> } LIMIT 3"
WATCHED = ("yaml", "rdflib", "click", "wcwidth", "jointvision.sparql.tokens", "jointvision.source.reader")


def once(args: list[str], env: dict, cwd: Path) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system, from ``wait4``: less
    shaken by other jobs on a shared machine) of one whole process."""
    started = time.perf_counter()
    process = subprocess.Popen(args, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(args)}")
    return wall, usage.ru_utime + usage.ru_stime


def timed(runs: list[tuple[list[str], dict]], cwd: Path, repeat: int) -> list[tuple[float, float]]:
    """Median wall and CPU seconds of each command, the commands run in turn
    ``repeat`` times (interleaved, so that a busy moment of the machine
    falls on all of them alike)."""
    seen: list[list[tuple[float, float]]] = [[] for _ in runs]
    for _ in range(repeat):
        for i, (args, env) in enumerate(runs):
            seen[i].append(once(args, env, cwd))
    return [(statistics.median(w for w, _ in s), statistics.median(c for _, c in s)) for s in seen]


def import_times(env: dict, cwd: Path, query: str) -> dict[str, int]:
    """Cumulative microseconds of each module imported by one ``query`` run."""
    args = [sys.executable, "-X", "importtime", "-m", "jointvision", "query", query]
    done = subprocess.run(args, env=env, cwd=cwd, check=True, capture_output=True, text=True)
    found: dict[str, int] = {}
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            _self, cumulative, name = (part.strip() for part in line[len("import time:") :].split("|"))
            if cumulative.isdigit():
                found[name] = int(cumulative)
    return found


def report_imports(env: dict, cwd: Path, query: str) -> None:
    """The heaviest imports of one run, and the watched ones."""
    found = import_times(env, cwd, query)
    top = sorted(((us, name) for name, us in found.items() if "." not in name), reverse=True)[:8]
    print(f"\nimports of `jointvision query {query!r}` (-X importtime, cumulative ms, top level):")
    print("  " + ", ".join(f"{name} {us / 1000:.0f}" for us, name in top))
    for name in WATCHED:
        shown = f"{found[name] / 1000:.1f} ms" if name in found else "not imported"
        print(f"  {name:<28} {shown}")


def row(label: str, figures: tuple[float, float], against: tuple[float, float] | None = None) -> None:
    """One line: wall and CPU ms, and the ratios to ``against``."""
    line = f"{label:<44} {figures[0] * 1000:7.0f} {figures[1] * 1000:7.0f}"
    if against:
        line += f"   {figures[0] / against[0]:5.1f}x {figures[1] / against[1]:5.1f}x pyoxigraph"
    print(line)


@dataclass
class Setup:
    """One copy of jointvision to time: its label, command, environment."""

    label: str
    command: list[str]
    env: dict


def prepared(cwd: Path, tmp: Path, label: str, graph: Path | None) -> Setup:
    """A frozen copy with its own cache: the store built and kept, checked
    once (and a project file read and noted), from ``cwd``."""
    folder = tmp / label
    command, frozen = frozen_copy(folder / "code", graph)
    setup = Setup(label, command, environment({**frozen, "JOINTVISION_CACHE": str(folder / "cache")}))
    for query in ("ASK {}", "ASK {}", SELECT):
        subprocess.run(setup.command + ["query", query], env=setup.env, cwd=cwd, check=True, capture_output=True)
    subprocess.run([sys.executable, "-c", FIRST_CHECK], env=setup.env, cwd=cwd, check=True, capture_output=True)
    return setup


def report_guard(setup: Setup, cwd: Path) -> None:
    check = subprocess.run([sys.executable, "-c", FIRST_CHECK], env=setup.env, cwd=cwd, capture_output=True, text=True)
    imported, first, second = check.stdout.split() if check.returncode == 0 else ("?", "?", "?")
    print(f"guard in a fresh process: import {imported} ms, first check {first} ms, next check {second} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--against",
        type=Path,
        default=None,
        help="also time the jointvision package of this folder (another checkout's graph/, beside its "
        "ontology/), in turn with this checkout's",
    )
    parser.add_argument(
        "--in-project", action="store_true", help="run in a project (`jointvision init`) rather than outside any"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jv-bench-startup-") as tmp:
        cwd = Path(tmp) / "elsewhere"  # in no project: the embedded data
        if args.in_project:
            subprocess.run(command() + ["init", str(cwd)], check=True, capture_output=True)
        else:
            cwd.mkdir()
        setups = [prepared(cwd, Path(tmp), "this", None)]
        if args.against is not None:
            setups.append(prepared(cwd, Path(tmp), "against", args.against))
        (store,) = [p for p in (Path(tmp) / "this" / "cache").glob("*/store-*") if p.is_dir()]
        print(
            f"# bench_startup, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} CPUs, "
            f"python {sys.version.split()[0]}, medians of {args.repeat}, "
            f"{'in a project' if args.in_project else 'outside any project'}\n"
        )
        print(f"{'':<44} {'wall ms':>7} {'cpu ms':>7}")
        env = setups[0].env
        floors = timed(
            [([sys.executable, "-c", "pass"], env), ([sys.executable, "-c", "import pyoxigraph"], env)],
            cwd,
            args.repeat,
        )
        row("python -c pass", floors[0])
        row("python -c 'import pyoxigraph'", floors[1])
        for query in ("ASK {}", SELECT):
            runs = [([sys.executable, "-c", DIRECT, str(store), query], env)]
            runs += [(s.command + ["query", query], s.env) for s in setups]
            direct, *mine = timed(runs, cwd, args.repeat)
            row("pyoxigraph: open the store, " + query[:12], direct)
            for setup, figures in zip(setups, mine, strict=True):
                row(f"jointvision query {query[:10]!r} ({setup.label})", figures, direct)
        for setup in setups:
            print(f"\n## {setup.label}")
            report_imports(setup.env, cwd, "ASK {}")
            report_guard(setup, cwd)


if __name__ == "__main__":
    main()
