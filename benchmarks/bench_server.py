"""Load on `jointvision serve` over loopback (run by hand, never against
another host).

Starts the server, then for a bounded time drives it with concurrent
clients posting a mix of the named competency queries, and reports
requests/s, p50/p99 latency and errors. A second round runs the same load
while one more client keeps sending a deliberately heavy query (stopped by
the time limit each time), to show light queries keep their latency.

    python benchmarks/bench_server.py [--clients 50] [--seconds 10] [--workers N]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

from jointvision.queries import named_queries

HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
LIGHT = ["targets", "investment-growth", "skilled-personnel-share", "directions", "japan-targets",
         "target-evidence", "cross-direction-initiatives", "summit"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def post(reader, writer, request: bytes) -> int:
    """One request on a kept-alive connection; its status code. Written on
    raw streams because an HTTP client library in Python costs about a
    millisecond of CPU per request, and the load generator shares the two
    cores with the server: with httpx it saturated a core by itself and its
    own event loop delays showed up as the server's latency."""
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    await reader.readexactly(length)
    return status


def request_bytes(port: int, query: str) -> bytes:
    body = query.encode()
    return (f"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/sparql-query\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode() + body


async def client(port: int, requests: list[bytes], deadline: float, latencies: list, errors: list, index: int):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        i = index
        while time.monotonic() < deadline:
            request = requests[i % len(requests)]
            i += 1
            started = time.perf_counter()
            try:
                status = await post(reader, writer, request)
            except (OSError, asyncio.IncompleteReadError) as exc:
                errors.append(type(exc).__name__)
                writer.close()
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
                continue
            if status != 200:
                errors.append(status)
                continue
            latencies.append(time.perf_counter() - started)
    finally:
        writer.close()


async def heavy_client(port: int, deadline: float, outcomes: list):
    request = request_bytes(port, HEAVY)
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while time.monotonic() < deadline:
            outcomes.append(await post(reader, writer, request))
    finally:
        writer.close()


async def round_(port: int, clients: int, seconds: float, heavy: bool) -> str:
    queries = named_queries()
    requests = [request_bytes(port, queries[name].text) for name in LIGHT]
    latencies: list[float] = []
    errors: list = []
    heavy_outcomes: list[int] = []
    deadline = time.monotonic() + seconds
    started = time.monotonic()
    tasks = [client(port, requests, deadline, latencies, errors, i) for i in range(clients)]
    if heavy:
        tasks.append(heavy_client(port, deadline, heavy_outcomes))
    await asyncio.gather(*tasks)
    elapsed = time.monotonic() - started
    latencies.sort()
    p50 = statistics.median(latencies) * 1000
    p99 = latencies[int(len(latencies) * 0.99) - 1] * 1000
    line = (f"{'with heavy' if heavy else 'light only':<11} {clients:>7} {len(latencies):>8} "
            f"{len(latencies) / elapsed:>8.0f} {p50:>8.1f} {p99:>8.1f} {len(errors):>7}")
    if heavy:
        line += f"   heavy: {len(heavy_outcomes)} sent, statuses {sorted(set(heavy_outcomes))}"
    return line


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--timeout", type=float, default=2.0, help="the server's query time limit")
    parser.add_argument("--no-cache", action="store_true", help="serve with --cache-mb 0: every query runs")
    args = parser.parse_args()
    port = free_port()
    exe = Path(sys.executable).parent / "jointvision"
    command = [str(exe)] if exe.exists() else [sys.executable, "-m", "jointvision"]
    command += ["serve", "--port", str(port), "--timeout", str(args.timeout)]
    if args.workers:
        command += ["--workers", str(args.workers)]
    if args.no_cache:
        command += ["--cache-mb", "0"]
    server = subprocess.Popen(command, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        asyncio.run(round_(port, args.clients, min(args.seconds, 2.0), heavy=False))  # warm-up, not reported
        print(f"{'round':<11} {'clients':>7} {'requests':>8} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
        print(asyncio.run(round_(port, args.clients, args.seconds, heavy=False)))
        print(asyncio.run(round_(port, args.clients, args.seconds, heavy=True)))
    finally:
        server.terminate()
        server.wait(10)
    print(f"answer cache {'off' if args.no_cache else 'on'}; "
          f"loopback, {os.cpu_count()} CPUs; the load generator shares the machine with the server; "
          f"light = {len(LIGHT)} named queries in turn; heavy = a 4-way cross product stopped at {args.timeout:g} s")


if __name__ == "__main__":
    main()
