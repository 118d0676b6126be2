"""`jointvision suggest` on hostile and ordinary text: seconds per shape
and size, to show every cost grows linearly with the text.

    python benchmarks/bench_suggest.py [--sizes 1M,10M] [--shapes digits,prose] [--timeout 600] [--yaml]
                                       [--module path/to/suggest.py] [--json out.json]

Each shape is an invented text (no facts of any source) repeated to the
size asked, in characters: the embedded article, the invented Japanese and
Hindi fixture texts of tests/data/languages (a figure every few words), and
hostile shapes in each script. Each (shape, size) runs in a child process,
cut off after --timeout seconds (shown as ">N"), and is timed around
``suggest(text, sources)`` with the embedded graph's fact files, so
mentions are looked for too; with --yaml, also ``stubs_yaml`` on the
result (what the command prints: PyYAML's emitter, about 0.3 ms for each
stub unlike any before it). ``x size`` is each time over the
smallest size's, beside the sizes' ratio: linear code keeps them alike.
--module times another copy of suggest.py (say, the one before a change).

Run by hand; nothing here is part of the test suite.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ARTICLE = HERE.parent / "graph" / "jointvision" / "data" / "sources" / "india-japan-joint-vision-2025.txt"
LANGUAGES = HERE.parent / "tests" / "data" / "languages"
#: The shapes that repeat a whole text: the article, and the Japanese and Hindi fixtures.
TEXTS = {
    "prose": ARTICLE,
    "long-line": ARTICLE,
    "prose-ja": LANGUAGES / "northland-communique-ja.txt",
    "prose-hi": LANGUAGES / "southland-report-hi.txt",
}

#: Each shape: a start and a unit repeated to the size asked (the two prose shapes repeat the article).
SHAPES = {
    "prose": ("", None),  # the embedded article
    "long-line": ("", None),  # the article with every line break a space: one line
    "digits": ("", "1"),
    "number-words": ("", "one "),
    "word-hyphens": ("", "one-"),
    "comma-groups": ("1", ",111"),
    "lakh-groups": ("1", ",00"),
    "fractions": ("1.", "1"),
    "count-shaped": ("", "more than 500,000 personnel from Land A to Land B each year; "),
    "letters": ("", "a"),
    "spaces": ("5", " "),
    "hyphens": ("5 a", "-"),
    "spaced-digits": ("", "1 "),
    "more-than": ("", "more than "),
    "dates": ("", "29-30 August 2025 and March 3 to 4, 2031, "),
    "ordinals": ("", "the 15th Annual Summit of "),
    "ordinal-of": ("1st A ", "of "),  # a name that never ends
    "years": ("", "2022-2026 by 2030 between 2028 and 2032 "),
    "durations": ("", "over the next twenty-five years a five-year plan "),
    "amounts": ("", "JPY 10 trillion and Rs 1,500 crore and 5 trillion yen "),
    "mentions": ("", "India and Japan, "),
    "prose-ja": ("", None),  # the invented Japanese communique
    "prose-hi": ("", None),  # the invented Hindi report
    "kanji-numerals": ("", "一"),
    "myriads": ("", "1万"),
    "full-width": ("", "１"),
    "ja-counts": ("", "5万人以上の"),
    "ja-dates": ("", "2025年8月29日～30日、"),
    "half-width-kana": ("", "ｶﾞ"),
    "dev-digits": ("", "५ "),
    "hi-scales": ("", "5 लाख "),
    "hi-bounds": ("", "कम से "),
    "hi-vowel-signs": ("", "ाँ"),
    "mentions-ja": ("", "インドと日本、India and Japan。"),
}


def text_of(shape: str, size: int) -> str:
    start, unit = SHAPES[shape]
    if unit is None:
        unit = TEXTS[shape].read_text(encoding="utf-8")
        unit = " ".join(unit.split()) + " " if shape == "long-line" else unit + "\n"
    return (start + unit * (size // len(unit) + 1))[:size]


def load(module: str | None):
    if module is None:
        from jointvision.source import suggest

        return suggest
    spec = importlib.util.spec_from_file_location("jointvision.source._bench_suggest", module)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


def child(shape: str, size: int, module: str | None, with_yaml: bool) -> None:
    from jointvision.source.loader import load_sources

    mod = load(module)
    sources = load_sources()
    text = text_of(shape, size)
    start = time.perf_counter()
    found = mod.suggest(text, sources)
    seconds = time.perf_counter() - start
    start = time.perf_counter()
    if with_yaml:
        mod.stubs_yaml(found)
    print(
        json.dumps(
            {"seconds": seconds, "yaml": time.perf_counter() - start if with_yaml else None, "candidates": len(found)}
        )
    )


def size_of(word: str) -> int:
    scale = {"K": 1_000, "M": 1_000_000}.get(word[-1:].upper(), 1)
    return int(float(word[:-1] if scale > 1 else word) * scale)


def run(shape: str, size: int, args: argparse.Namespace) -> dict:
    """One (shape, size) in a child process: its seconds, or its timeout or error."""
    command = [sys.executable, __file__, "--child", shape, str(size)]
    if args.module:
        command += ["--module", args.module]
    if args.yaml:
        command.append("--yaml")
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=args.timeout,
            check=False,
            env={**os.environ, "PYTHONPATH": str(HERE.parent / "graph")},
        )
        row = json.loads(done.stdout) if done.returncode == 0 else {"error": done.stderr.strip()[-200:]}
    except subprocess.TimeoutExpired:
        row = {"timeout": args.timeout}
    row.update(shape=shape, size=size)
    return row


def show(row: dict, first: dict | None, timeout: float) -> None:
    """Print one row: its times, and how they grew over the smallest size's (``first``)."""
    shape, size = row["shape"], row["size"]
    if "seconds" in row and first is not None:
        ratio = f"{row['seconds'] / max(first['seconds'], 1e-6):8.1f}x"
        yaml_seconds = "-" if row["yaml"] is None else format(row["yaml"], ".2f")
        print(
            f"{shape:<16}{size:>11,}{row['seconds']:>11.2f}{row['seconds'] / size * 1e6:>8.2f}"
            f"{yaml_seconds:>9}{row['candidates']:>12,}{size / first['size']:>8.1f}x{ratio}",
            flush=True,
        )
    elif "timeout" in row:
        print(f"{shape:<16}{size:>11,}{'>' + format(timeout, 'g'):>11}", flush=True)
    else:
        print(f"{shape:<16}{size:>11,}  failed: {row['error']}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1M,10M", help="characters, comma-separated: 10K, 1M, ...")
    parser.add_argument("--shapes", default=",".join(SHAPES), help="comma-separated, of: " + ", ".join(SHAPES))
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds before a run is cut off")
    parser.add_argument("--module", default=None, help="time this copy of suggest.py instead")
    parser.add_argument("--yaml", action="store_true", help="also time stubs_yaml on the candidates")
    parser.add_argument("--json", default=None, help="also write the numbers here")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], size_of(args.child[1]), args.module, args.yaml)
        return
    try:
        sizes = [size_of(s) for s in args.sizes.split(",")]
    except ValueError:
        parser.error(f"--sizes: {args.sizes!r} is not a list of sizes such as 1M,10M")
    shapes = args.shapes.split(",")
    unknown = [s for s in shapes if s not in SHAPES]
    if unknown or any(s <= 0 for s in sizes):
        parser.error(f"unknown shape {unknown[0]!r}" if unknown else "sizes must be positive")
    results = []
    print(
        f"{'shape':<16}{'size':>11}{'suggest s':>11}{'s/MB':>8}{'yaml s':>9}{'candidates':>12}"
        f"{'x size':>9}{'x time':>9}"
    )
    print("-" * 85)
    for shape in shapes:
        first = None
        for size in sizes:
            row = run(shape, size, args)
            results.append(row)
            first = first or (row if "seconds" in row else None)
            show(row, first, args.timeout)
    print(
        f"\nseconds of suggest() with the embedded graph's fact files (mentions included); yaml = stubs_yaml "
        f"(--yaml);\n"
        f"x size / x time: over the smallest size; python {platform.python_version()} on "
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs"
        + (f"; module {args.module}" if args.module else "")
    )
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
