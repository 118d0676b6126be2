"""What tracking costs a build: statuses derived or not, at a given size.

    python benchmarks/bench_tracking.py [--triples 100000] [--repeat 3]

Writes the invented fact file of ``bench_scale.py`` (a joint statement with
targets that have amounts and periods), plus an invented progress report
(format version 3, published a date after the statement) with a progress
entry toward every second target, at its own as-of date; then builds the
dataset from the checked fact files in this process, as ``jointvision
build`` does, twice per round: with the statuses derived (the build as it
is) and with the derivation left out (``add_statuses`` made a no-op), and
prints the median times and their ratio; then the same for the whole
``jointvision build`` command, with only the RDF downloads and with every
output (the report too: without statuses it reads them as none). The
issue's goal: at most 1.10.

It also prints the statuses found, so that the yardstick is seen to do the
work (every target has one; the two halves have different ones). Run by
hand; nothing here is part of the test suite.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_scale import PER_ENTITY, write_facts  # noqa: E402


def write_progress(folder: Path) -> int:
    """An invented progress report toward every second target of bench.yaml; the entries written."""
    targets = re.findall(r"^- id: (target-\d+)$", (folder / "bench.yaml").read_text(encoding="utf-8"), re.M)
    sentences, entries = [], []
    for n, target in enumerate(targets[::2]):
        sentence = f"By the end of 2031, 1,000,000 crowns had gone to {target}."
        start = sum(len(s) + 1 for s in sentences)
        sentences.append(sentence)
        entries += [
            f"- id: {target}-progress",
            "  type: Progress",
            f"  label: Progress toward {target}",
            f"  toward: {target}",
            f"  as_of: 2031-{n % 12 + 1:02d}",
            "  value: 1000000",
            "  unit: crown",
            "  bound: exact",
            "  stated_as: 1,000,000 crowns",
            "  evidence:",
            f'  - quote: "{sentence}"',
            f"    start: {start}",
            f"    end: {start + len(sentence)}",
        ]
    text = " ".join(sentences)
    (folder / "progress.txt").write_text(text, encoding="utf-8")
    head = [
        "# Invented benchmark data, not facts of any source.",
        "format: jointvision-source/3",
        "source:",
        "  id: bench-progress",
        "  label: Invented progress report",
        "  text: progress.txt",
        f"  sha256: {hashlib.sha256(text.encode()).hexdigest()}",
        "  kind: fact-sheet",
        "  published: '2032-02-01'",
        "entities:",
    ]
    (folder / "progress.yaml").write_text("\n".join(head + entries) + "\n", encoding="utf-8")
    return len(targets[::2])


def timed(sources, derive: bool) -> tuple[float, int]:
    """Seconds to build the dataset of ``sources``, and its quads."""
    from jointvision.rdf import build as build_module
    from jointvision.rdf import status

    kept = status.add_statuses
    if not derive:
        status.add_statuses = lambda dataset, as_of=None: b""  # type: ignore[assignment]
    try:
        began = time.perf_counter()
        dataset = build_module.dataset_from_sources(sources)
        return time.perf_counter() - began, len(dataset.store)
    finally:
        status.add_statuses = kept


RUN = "import sys; from jointvision.cli import main; sys.argv[0] = 'jointvision'; main()"
NO_STATUSES = "from jointvision.rdf import status; status.add_statuses = lambda dataset, as_of=None: b''; " + RUN


def command(folder: Path, out: Path, outputs: str, derive: bool) -> float:
    """Seconds of one ``jointvision build`` process (statuses derived, or that step left out)."""
    head = [sys.executable, "-c", RUN if derive else NO_STATUSES]
    began = time.perf_counter()
    subprocess.run([*head, "build", "--data", str(folder), "--out", str(out), "--outputs", outputs], check=True,
                   capture_output=True)  # fmt: skip
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from jointvision.rdf.build import dataset_from_sources
    from jointvision.rdf.status import statuses
    from jointvision.source.loader import load_sources

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_facts(folder, args.triples // PER_ENTITY)
        reports = write_progress(folder)
        sources = load_sources(folder)
        built = dataset_from_sources(sources)
        found = Counter(s.status for s in statuses(built))
        print(f"{len(built.store):,} quads; {reports:,} progress entries; statuses: {dict(sorted(found.items()))}")
        with_, without = [], []
        for _ in range(args.repeat):
            seconds, quads_with = timed(sources, True)
            with_.append(seconds)
            seconds, quads_without = timed(sources, False)
            without.append(seconds)
        a, b = statistics.median(with_), statistics.median(without)
        print(f"build with statuses:    {a:7.2f} s ({quads_with:,} quads)")
        print(f"build without statuses: {b:7.2f} s ({quads_without:,} quads)")
        print(f"ratio: {a / b:.3f} (goal: at most 1.10)")
        for outputs in ("rdf", "rdf,map,network,report"):
            times = {True: [], False: []}
            for _ in range(args.repeat):
                for derive in (True, False):
                    times[derive].append(command(folder, folder / "out", outputs, derive))
            a, b = statistics.median(times[True]), statistics.median(times[False])
            print(
                f"jointvision build --outputs {outputs}: {a:.2f} s with statuses, {b:.2f} s without; ratio {a / b:.3f}"
            )


if __name__ == "__main__":
    main()
