"""Load on `jointvision serve` over loopback (run by hand, never against
another host).

Starts the server, then for a bounded time drives it with concurrent
clients posting a mix of the named competency queries, and reports
requests/s, p50/p99 latency and errors, in rounds:

* light only: the named queries (answered from the cache after the first);
* with heavy: the same, while one more client keeps sending a runaway query
  (stopped by the time limit each time);
* fairness: fewer light clients whose every query is new (a comment makes
  it miss the cache, so it runs), while six clients keep sending runaway
  queries (or twelve, spread over ``--runaway-addresses`` loopback
  addresses); the light queries' p99 must stay under 1 s;
* memory: light clients as in fairness, while two clients keep sending a
  query that doubles a string thirty times (16 GB if nothing stops it):
  each must get 503 at the memory limit, and the server's processes must
  stay within a bounded size (peak resident memory reported).
* idle: one address (127.0.0.2) tries to hold ``--idle-sockets`` (1,000)
  connections that each send half a request head and nothing more,
  reopening any the server closes a second later, while light clients from
  other addresses (127.0.0.3 and up) each open a new connection for every
  fresh query; their p99 must stay under 1 s, with no errors.

    python benchmarks/bench_server.py [--clients 50] [--seconds 10] [--workers N] [--rounds a,b]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import resource
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

from jointvision.sparql.named import named_queries

HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
DOUBLING = (
    'SELECT (STRLEN(?s30) AS ?n) { BIND("aaaaaaaaaaaaaaaa" AS ?s0) '
    + " ".join(f"BIND(CONCAT(?s{i}, ?s{i}) AS ?s{i + 1})" for i in range(30))
    + " }"
)
LIGHT = [
    "targets",
    "investment-growth",
    "skilled-personnel-share",
    "directions",
    "japan-targets",
    "target-evidence",
    "cross-direction-initiatives",
    "summit",
]


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
    return (
        f"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/sparql-query\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode() + body


async def client(
    port: int,
    requests: list,
    deadline: float,
    latencies: list,
    errors: list,
    index: int,
    fresh: bool = False,
    source: str = "127.0.0.1",
    reconnect: bool = False,
):
    """One light client; with ``fresh``, every query text is new (a numbered
    comment), so none is answered from the cache; ``source``: the address it
    connects from; with ``reconnect``, a new connection for every request
    (its time counted in the latency)."""
    connect = lambda: asyncio.open_connection("127.0.0.1", port, local_addr=(source, 0))
    reader, writer = await connect()
    try:
        i = index
        while time.monotonic() < deadline:
            request = requests[i % len(requests)]
            if fresh:
                request = request_bytes(port, f"{request}\n# {index}-{i}")
            i += 1
            started = time.perf_counter()
            try:
                if reconnect and i > index + 1:
                    writer.close()
                    reader, writer = await connect()
                status = await post(reader, writer, request)
            except (OSError, asyncio.IncompleteReadError) as exc:
                errors.append(type(exc).__name__)
                writer.close()
                reader, writer = await connect()
                continue
            if status != 200:
                errors.append(status)
                continue
            latencies.append(time.perf_counter() - started)
    finally:
        writer.close()


async def heavy_client(port: int, deadline: float, outcomes: list, query: str = HEAVY, source: str = "127.0.0.1"):
    """Repeats one query; ``source``: the loopback address it connects from
    (127.0.0.2 and up stand for other machines)."""
    request = request_bytes(port, query)
    reader, writer = await asyncio.open_connection("127.0.0.1", port, local_addr=(source, 0))
    try:
        while time.monotonic() < deadline:
            outcomes.append(await post(reader, writer, request))
    finally:
        writer.close()


PARTIAL_HEAD = b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"


async def idle_socket(port: int, deadline: float, counts: dict, source: str = "127.0.0.2", retry: float = 1.0):
    """One socket that sends half a request head and nothing more; when the
    server closes it (at once past the address's share, or at the head's
    deadline), opened again ``retry`` seconds later."""
    while time.monotonic() < deadline:
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port, local_addr=(source, 0))
        except OSError:
            counts["failed"] += 1
            await asyncio.sleep(retry)
            continue
        counts["opened"] += 1
        counts["open"] += 1
        try:
            writer.write(PARTIAL_HEAD)
            await asyncio.wait_for(reader.read(), max(deadline - time.monotonic(), 0.01))  # until closed
            counts["closed"] += 1
        except (OSError, asyncio.TimeoutError):
            if time.monotonic() < deadline:
                counts["closed"] += 1
        finally:
            counts["open"] -= 1
            writer.close()
        await asyncio.sleep(min(retry, max(deadline - time.monotonic(), 0)))


async def _sample_open(counts: dict, deadline: float, samples: list) -> None:
    """How many of the idle sockets are open, every 0.1 s."""
    while time.monotonic() < deadline:
        samples.append(counts["open"])
        await asyncio.sleep(0.1)


def _tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants, from /proc."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii") as stat:
                    parents[int(entry)] = int(stat.read().rsplit(")", 1)[1].split()[1])
            except OSError:
                pass
    family, grew = {pid}, True
    while grew:
        grew = False
        for child, parent in parents.items():
            if parent in family and child not in family:
                family.add(child)
                grew = True
    total = 0
    for member in family:
        try:
            with open(f"/proc/{member}/status", encoding="ascii") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
        except OSError:
            pass
    return total


async def _sample_rss(pid: int, deadline: float, peak: list) -> None:
    while time.monotonic() < deadline:
        peak[0] = max(peak[0], _tree_rss(pid))
        await asyncio.sleep(0.05)


async def round_(port: int, clients: int, seconds: float, kind: str, server_pid: int, addresses: int = 1) -> str:
    """One round: ``light``, ``heavy`` (one runaway client), ``fairness``
    (six runaway clients, fresh light queries), ``memory`` (two clients
    of the doubling query, fresh light queries) or the light side of
    ``idle`` (fresh light queries from addresses other than the idle
    sockets', a new connection each; see ``idle_round``)."""
    queries = named_queries()
    fresh = kind in {"fairness", "memory", "idle"}
    texts = [queries[name].text for name in LIGHT]
    requests = texts if fresh else [request_bytes(port, text) for text in texts]
    latencies: list[float] = []
    errors: list = []
    others: list[int] = []
    peak = [0]
    deadline = time.monotonic() + seconds
    started = time.monotonic()
    tasks = [
        client(
            port,
            requests,
            deadline,
            latencies,
            errors,
            i,
            fresh,
            f"127.0.0.{3 + i % 250}" if kind == "idle" else "127.0.0.1",
            reconnect=kind == "idle",
        )
        for i in range(clients)
    ]
    if kind == "heavy":
        tasks.append(heavy_client(port, deadline, others))
    elif kind == "fairness":
        count = 6 if addresses == 1 else 12
        tasks += [
            heavy_client(
                port,
                deadline,
                others,
                f"{HEAVY} # runaway {i}",
                f"127.0.0.{2 + i % addresses}" if addresses > 1 else "127.0.0.1",
            )
            for i in range(count)
        ]
    elif kind == "memory":
        tasks += [heavy_client(port, deadline, others, f"{DOUBLING} # hog {i}") for i in range(2)]
        tasks.append(_sample_rss(server_pid, deadline, peak))
    await asyncio.gather(*tasks)
    elapsed = time.monotonic() - started
    latencies.sort()
    p50 = statistics.median(latencies) * 1000 if latencies else float("nan")
    p99 = latencies[max(int(len(latencies) * 0.99) - 1, 0)] * 1000 if latencies else float("nan")
    line = (
        f"{kind:<11} {clients:>7} {len(latencies):>8} "
        f"{len(latencies) / elapsed:>8.0f} {p50:>8.1f} {p99:>8.1f} {len(errors):>7}"
    )
    if errors:
        line += "   errors: " + ", ".join(f"{error} x{errors.count(error)}" for error in sorted(set(errors), key=str))
    if kind in {"heavy", "fairness"}:
        line += f"   runaway: {len(others)} sent, statuses {sorted(set(others))}"
    if kind == "memory":
        line += (
            f"   doubling: {len(others)} sent, statuses {sorted(set(others))}; "
            f"peak RSS of server + workers {peak[0] / 1e6:,.0f} MB"
        )
    return line


def idle_round(port: int, clients: int, seconds: float, server_pid: int, sockets: int) -> str:
    """The idle round: the idle sockets are held by a process of their own
    (as an attacker's would be, so that their thousand coroutines do not
    delay the light clients' event loop), opened first, then the light
    clients run."""
    import multiprocessing

    ours, theirs = multiprocessing.get_context("fork").Pipe()
    hog = multiprocessing.get_context("fork").Process(target=_hold_idle, args=(port, sockets, theirs), daemon=True)
    hog.start()
    ours.recv()  # all opened (or 5 s passed)
    try:
        line = asyncio.run(round_(port, clients, seconds, "idle", server_pid))
    finally:
        ours.send("stop")
    counts, held = ours.recv()
    hog.join(10)
    return line + (
        f"   idle sockets of 127.0.0.2: {sockets:,} tried, {counts['opened']:,} opened, "
        f"{counts['closed']:,} closed by the server; open at once: median "
        f"{statistics.median(held) if held else 0:.0f}, max {max(held, default=0)}"
        + (f"; {counts['failed']:,} connects failed" if counts["failed"] else "")
    )


def _hold_idle(port: int, sockets: int, pipe) -> None:
    """In the idle round's own process: hold the idle sockets until told to
    stop; send back what happened to them."""
    counts = {"opened": 0, "open": 0, "closed": 0, "failed": 0}
    held: list[int] = []

    async def hold() -> None:
        until = time.monotonic() + 3600
        task = asyncio.gather(
            *[idle_socket(port, until, counts) for _ in range(sockets)], _sample_open(counts, until, held)
        )
        ramp = time.monotonic() + 5
        while counts["opened"] < sockets and time.monotonic() < ramp:
            await asyncio.sleep(0.05)
        held.clear()
        pipe.send("ready")
        while not pipe.poll():
            await asyncio.sleep(0.1)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    asyncio.run(hold())
    pipe.send((counts, held))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--timeout", type=float, default=5.0, help="the server's query time limit (its default)")
    parser.add_argument("--no-cache", action="store_true", help="serve with --cache-mb 0: every query runs")
    parser.add_argument(
        "--rounds",
        default="light,heavy,fairness,memory,idle",
        help="comma-separated: light, heavy, fairness, memory, idle",
    )
    parser.add_argument("--fair-clients", type=int, default=10, help="light clients in the fairness and memory rounds")
    parser.add_argument(
        "--runaway-addresses",
        type=int,
        default=1,
        help="fairness round: spread the runaway clients over this many loopback addresses "
        "(127.0.0.2 and up); with more than one, twelve runaway clients",
    )
    parser.add_argument(
        "--idle-sockets", type=int, default=1000, help="idle round: connections one address tries to hold open"
    )
    args = parser.parse_args()
    rounds = [r for r in args.rounds.split(",") if r]
    if not set(rounds) <= {"light", "heavy", "fairness", "memory", "idle"}:
        parser.error("--rounds: light, heavy, fairness, memory, idle")
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)  # the idle sockets and the clients' need
    wanted = args.idle_sockets + args.clients + 256
    if soft != resource.RLIM_INFINITY and soft < wanted:
        resource.setrlimit(
            resource.RLIMIT_NOFILE, (wanted if hard == resource.RLIM_INFINITY else min(wanted, hard), hard)
        )
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
        asyncio.run(round_(port, args.clients, min(args.seconds, 2.0), "light", server.pid))  # warm-up, not reported
        print(f"{'round':<11} {'clients':>7} {'requests':>8} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
        for kind in rounds:
            clients = args.fair_clients if kind in {"fairness", "memory", "idle"} else args.clients
            if kind == "idle":
                print(idle_round(port, clients, args.seconds, server.pid, args.idle_sockets), flush=True)
                continue
            print(
                asyncio.run(round_(port, clients, args.seconds, kind, server.pid, args.runaway_addresses)), flush=True
            )
    finally:
        server.terminate()
        server.wait(10)
    print(
        f"answer cache {'off' if args.no_cache else 'on'}; "
        f"loopback, {os.cpu_count()} CPUs; the load generator shares the machine with the server; "
        f"light = {len(LIGHT)} named queries in turn; runaway = a 4-way cross product stopped at {args.timeout:g} s; "
        "fairness, memory and idle rounds send every light query fresh (not cached)"
    )


if __name__ == "__main__":
    main()
