"""Whole-process wall times of the ``jointvision`` command on the default graph.

Run by hand, not by the test suite; it reports, it never gates (exit 0, or 2 on
a usage error). Each command is run once to warm the file cache, then timed
``--repeat`` times as a fresh process, interpreter start included:

    python benchmarks/bench_cli.py [--repeat N] [--queries a,b] [--json out.json]

Goals (issue): ``build`` <= 1.5 s, ``query <named query>`` <= 0.5 s. Every
``build`` and ``query`` run is also checked once under ``python -X importtime``
for heavy modules it must not import.
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GOALS_S = {"build": 1.5, "query": 0.5}
DEFAULT_QUERIES = ["targets", "investment-growth", "skilled-personnel-share", "directions"]
HEAVY = ["networkx", "pyvis", "pyshacl", "rich"]
#: Heavy modules a command may import because it uses them: build writes the
#: map (pyvis) and the GraphML/GEXF downloads (networkx). Query uses none.
ALLOWED = {"build": ("networkx", "pyvis")}
TIMEOUT_S = 300


def find_cli() -> list[str]:
    """The console script next to this interpreter, else ``python -m jointvision``."""
    bindir = Path(sys.executable).parent
    for name in ("jointvision", "jointvision.exe"):
        if (bindir / name).is_file():
            return [str(bindir / name)]
    return [sys.executable, "-m", "jointvision"]


def run(cmd: list[str], cwd: str) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, timeout=TIMEOUT_S)
    return time.perf_counter() - start, proc


def time_command(cmd: list[str], repeat: int, cwd: str) -> dict:
    """1 warm-up, then ``repeat`` timed runs; min/median/p90 in ms, or an error."""
    try:
        _, proc = run(cmd, cwd)
        if proc.returncode != 0:
            tail = proc.stderr.strip().splitlines()[-1:] or [""]
            return {"error": f"exit {proc.returncode}: {tail[0]}"}
        times = sorted(run(cmd, cwd)[0] * 1000 for _ in range(repeat))
    except (OSError, subprocess.TimeoutExpired) as exc:
        return {"error": str(exc)}
    p90 = times[max(0, math.ceil(0.9 * len(times)) - 1)]  # nearest rank
    return {"min_ms": times[0], "median_ms": statistics.median(times), "p90_ms": p90, "runs": len(times)}


def heavy_imports(args: list[str], cwd: str) -> list[str] | None:
    """Heavy top-level packages imported by ``python -X importtime -m jointvision ARGS``."""
    try:
        proc = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "jointvision", *args],
            cwd=cwd,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            timeout=TIMEOUT_S,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if proc.returncode != 0:
        return None
    top = {
        line.rsplit("|", 1)[1].strip().split(".")[0]
        for line in proc.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }
    return [name for name in HEAVY if name in top]


def named_queries(cli: list[str], cwd: str) -> list[str] | None:
    try:
        proc = subprocess.run([*cli, "query", "--list"], cwd=cwd, capture_output=True, text=True, timeout=TIMEOUT_S)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if proc.returncode != 0:
        return None
    return [line.split()[0] for line in proc.stdout.splitlines() if line.strip()]


def fmt(value: float | None, spec: str = ".0f", suffix: str = "") -> str:
    return "-" if value is None else f"{value:{spec}}{suffix}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=10, help="timed runs per command (default 10)")
    parser.add_argument(
        "--queries", default=",".join(DEFAULT_QUERIES), help="comma-separated named queries (default: %(default)s)"
    )
    parser.add_argument("--json", dest="json_path", type=Path, help="also write the results as JSON here")
    opts = parser.parse_args(argv)
    if opts.repeat < 1:
        parser.error("--repeat must be at least 1")
    queries = [q.strip() for q in opts.queries.split(",") if q.strip()]
    if not queries:
        parser.error("--queries names no query")

    cli = find_cli()
    with tempfile.TemporaryDirectory(prefix="jv-bench-") as tmp:
        known = named_queries(cli, tmp)
        unknown = [q for q in queries if known is not None and q not in known]
        if unknown:
            parser.error(
                f"unknown named quer{'y' if len(unknown) == 1 else 'ies'}: {', '.join(unknown)} "
                f"(see `jointvision query --list`)"
            )
        py = [sys.executable]
        cases = [  # (label, kind, command, args for the importtime check or None)
            ("python -c pass", "floor", [*py, "-c", "pass"], None),
            ("python -c 'import rdflib'", "floor", [*py, "-c", "import rdflib"], None),
            (
                "jointvision build",
                "build",
                [*cli, "build", "--out", str(Path(tmp, "out"))],
                ["build", "--out", str(Path(tmp, "out-importtime"))],
            ),
            *((f"jointvision query {q}", "query", [*cli, "query", q], ["query", q]) for q in queries),
            ("jointvision stats", "other", [*cli, "stats"], None),
            ("jointvision --help", "other", [*cli, "--help"], None),
        ]
        results = []
        for label, kind, cmd, import_args in cases:
            print(f"timing {label} ...", file=sys.stderr, flush=True)
            row = {"command": label, "kind": kind, "argv": cmd, **time_command(cmd, opts.repeat, tmp)}
            if import_args is not None:
                row["heavy_imports"] = heavy_imports(import_args, tmp)
            results.append(row)

    floor = results[0].get("median_ms")
    for row in results:
        goal = GOALS_S.get(row["kind"])
        med = row.get("median_ms")
        row["goal_ms"] = goal * 1000 if goal else None
        row["goal_ratio"] = med / row["goal_ms"] if goal and med is not None else None
        row["status"] = None if row["goal_ratio"] is None else ("PASS" if row["goal_ratio"] <= 1 else "OVER")
        row["floor_ratio"] = med / floor if med is not None and floor else None

    header = (
        f"{'command':<44} {'min':>6} {'median':>7} {'p90':>6} {'goal':>6} {'med/goal':>8} {'':4} "
        f"{'x floor':>7}  heavy imports"
    )
    print(header)
    print("-" * len(header))
    for row in results:
        if "error" in row:
            print(f"{row['command']:<44} ERROR {row['error']}")
            continue
        heavy = row.get("heavy_imports", "")
        heavy = "?" if heavy is None else (", ".join(heavy) or "none") if isinstance(heavy, list) else ""
        unexpected = [m for m in row.get("heavy_imports") or [] if m not in ALLOWED.get(row["kind"], ())]
        if row["kind"] in GOALS_S and unexpected:
            heavy += f"  ({', '.join(unexpected)} should not be)"
        print(
            f"{row['command']:<44} {fmt(row['min_ms']):>6} {fmt(row['median_ms']):>7} {fmt(row['p90_ms']):>6} "
            f"{fmt(row['goal_ms']):>6} {fmt(row['goal_ratio'], '.2f'):>8} {row['status'] or '':4} "
            f"{fmt(row['floor_ratio'], '.1f', 'x'):>7}  {heavy}"
        )
    print(
        f"\nms of wall time per whole process; {opts.repeat} timed runs after 1 warm-up; "
        f"x floor = median / median of `python -c pass`; heavy = {', '.join(HEAVY)}"
    )
    print(
        f"python {platform.python_version()} on {platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} CPUs; jointvision = {' '.join(cli)}"
    )

    if opts.json_path:
        report = {
            "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "repeat": opts.repeat,
            "cli": cli,
            "heavy_modules": HEAVY,
            "results": results,
        }
        opts.json_path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
