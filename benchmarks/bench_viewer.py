"""How fast the interactive map is made and becomes usable (run by hand).

For the default graph and for synthetic graphs (default 10,000 facts), it
reports: the time to build the fact network and render the page in Python,
the HTML size, and in headless Chromium (Debian's, driven by Playwright) the
time from navigation to the first drawn frame with every node placed, which
is when the map answers clicks, filters and search.

    python benchmarks/bench_viewer.py [--sizes 1000,10000] [--repeat 3] [--chromium /usr/bin/chromium]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from jointvision.outputs.network import fact_network
from jointvision.outputs.viewer import viewer_html
from jointvision.rdf.build import build_graph
from jointvision.rdf.synthetic import synthetic_graph

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def measure(name, graph, browser, repeat, folder: Path) -> str:
    start = time.perf_counter()
    facts = fact_network(graph)
    middle = time.perf_counter()
    html = viewer_html(graph, facts)
    end = time.perf_counter()
    path = folder / f"{name}.html"
    path.write_text(html, encoding="utf-8")
    ready = []
    for _ in range(repeat):
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
        page.goto(path.as_uri())
        page.wait_for_function("window.jvViewer && window.jvViewer.ready", timeout=120_000)
        ready.append(page.evaluate("jvViewer.readyAt") / 1000)  # ms since navigation start
        page.close()
    return (
        f"{name:<10} {facts.number_of_nodes():>7} {facts.number_of_edges():>7} {middle - start:>8.2f} "
        f"{end - middle:>8.2f} {len(html.encode()) / 1e6:>8.2f} {statistics.median(ready):>10.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    print(f"{'graph':<10} {'nodes':>7} {'edges':>7} {'network':>8} {'render':>8} {'MB':>8} {'ready (s)':>10}")
    with sync_playwright() as p, tempfile.TemporaryDirectory() as tmp:
        browser = p.chromium.launch(executable_path=args.chromium, args=ARGS)
        print(measure("default", build_graph(), browser, args.repeat, Path(tmp)))
        for size in (int(s) for s in args.sizes.split(",")):
            print(measure(f"synth-{size}", synthetic_graph(size), browser, args.repeat, Path(tmp)))
        browser.close()
    print(
        "network, render: seconds in Python; ready: median seconds from navigation to the first frame drawn "
        "with every node placed (physics off, positions precomputed)"
    )


if __name__ == "__main__":
    main()
