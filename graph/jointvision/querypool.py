"""Running SPARQL queries in worker processes, with a time limit that is
really enforced.

pyoxigraph evaluates a query in native code that Python cannot interrupt,
so each query runs in one of a few worker processes, each holding its own
copy of the store. When a query outlives the time limit, its worker is
killed (the only way to stop it) and a fresh one takes its place in the
background; the other workers go on serving, so one runaway query cannot
block everyone else. Should runaway queries hold every worker at once, a
reserve worker, started ahead, steps in for the short ones. Results are
serialized in the worker, in the format the client asked for, and the whole
body is ready before any byte is sent: a failure always gets a clean status.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
from dataclasses import dataclass

from .errors import QueryError
from .namespaces import PREFIXES

#: Result formats by media type, for solutions/booleans and for graphs.
RESULT_TYPES = {
    "application/sparql-results+json": "JSON",
    "application/sparql-results+xml": "XML",
    "text/csv": "CSV",
    "text/tab-separated-values": "TSV",
}
GRAPH_TYPES = {
    "text/turtle": "TURTLE",
    "application/n-triples": "N_TRIPLES",
    "application/ld+json": "JSON_LD",
    "application/rdf+xml": "RDF_XML",
}


@dataclass(frozen=True)
class Job:
    query: str
    result_types: tuple[str, ...]  # acceptable media types for solutions and booleans, best first
    graph_types: tuple[str, ...]  # acceptable media types for graphs, best first
    default_graphs: tuple[str, ...] | None = None  # protocol dataset (None: the query's own)
    named_graphs: tuple[str, ...] | None = None
    max_bytes: int = 10_000_000
    base_iri: str | None = None  # relative IRIs in the query resolve against it (the endpoint's URL)


@dataclass(frozen=True)
class Answer:
    status: int
    media_type: str
    body: bytes


class QueryTimeout(QueryError):
    """The query ran longer than the time limit and was stopped."""


class PoolBusy(QueryError):
    """No worker came free in time, or too many queries are waiting."""


class WorkerCrash(QueryError):
    """The engine died while answering (a native crash, such as a stack
    overflow on a pathological query)."""


def _run(store, job: Job) -> Answer:
    import pyoxigraph as ox

    def fail(status: int, message: str) -> Answer:
        return Answer(status, "text/plain; charset=utf-8", message.encode("utf-8"))

    try:
        dataset = {}
        if job.default_graphs is not None or job.named_graphs is not None:
            dataset = {"default_graph": [ox.NamedNode(g) for g in job.default_graphs or ()],
                       "named_graphs": [ox.NamedNode(g) for g in job.named_graphs or ()]}
        answer = store.query(job.query, prefixes=PREFIXES, base_iri=job.base_iri, **dataset)
        if isinstance(answer, ox.QueryTriples):
            media = next(iter(job.graph_types), None)
            if media is None:
                return fail(406, "no acceptable format for a graph; accepted: " + ", ".join(GRAPH_TYPES))
            body = _bounded(answer, getattr(ox.RdfFormat, GRAPH_TYPES[media]), job.max_bytes)
        else:
            media = next(iter(job.result_types), None)
            if media is None:
                return fail(406, "no acceptable format for query results; accepted: " + ", ".join(RESULT_TYPES))
            body = _bounded(answer, getattr(ox.QueryResultsFormat, RESULT_TYPES[media]), job.max_bytes)
    except SyntaxError as exc:
        return fail(400, f"SPARQL syntax error: {exc}")
    except _TooLarge:
        return fail(413, f"the result is over this endpoint's limit of {job.max_bytes:,} bytes: narrow the query "
                         "or add LIMIT")
    except Exception as exc:  # noqa: BLE001 - whatever the engine raises, the client gets a message, not a crash
        return fail(400, f"the query could not be evaluated: {exc}")
    charset = "; charset=utf-8" if media not in {"application/sparql-results+xml", "application/rdf+xml"} else ""
    return Answer(200, media + charset, body)


class _TooLarge(Exception):
    pass


class _Limited:
    """A binary sink that refuses to grow past ``limit`` bytes, so a huge
    result is abandoned while it is written, not after."""

    def __init__(self, limit: int):
        self.limit = limit
        self.parts: list[bytes] = []
        self.size = 0

    def write(self, data) -> int:
        self.size += len(data)
        if self.size > self.limit:
            raise _TooLarge()
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass


def _bounded(answer, fmt, limit: int) -> bytes:
    sink = _Limited(limit)
    try:
        answer.serialize(sink, format=fmt)
    except Exception:
        if sink.size > limit:
            raise _TooLarge() from None
        raise
    return b"".join(sink.parts)


def _isolate() -> bool:
    """Cut this process off the network (Linux: a new, empty network
    namespace), so that not even a query that slipped past the checks could
    reach another host. Best effort: False where the system does not allow it."""
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(1, 9)  # PR_SET_PDEATHSIG, SIGKILL: die with the server, even if it is killed
        clone_newnet, clone_newuser = 0x40000000, 0x10000000
        return libc.unshare(clone_newnet) == 0 or libc.unshare(clone_newuser | clone_newnet) == 0
    except (OSError, AttributeError):
        return False


def _worker_main(conn, nquads: bytes) -> None:  # pragma: no cover - runs in a child process
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when a worker ends
    isolated = _isolate()
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_load(nquads, format=ox.RdfFormat.N_QUADS)
    conn.send(("ready", isolated))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(_run(store, job))


class _Worker:
    def __init__(self, context, nquads: bytes):
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(child, nquads), daemon=True)
        self.process.start()
        child.close()
        message = self.conn.recv()
        if not (isinstance(message, tuple) and message[0] == "ready"):  # pragma: no cover
            raise RuntimeError("a query worker failed to start")
        self.isolated = bool(message[1])
        #: loop time at which the running query was handed over; None when idle
        self.busy_since: float | None = None

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.process.close()
        self.conn.close()


@dataclass
class PoolStats:
    """Counters for ``/version``."""

    queries: int = 0
    timeouts: int = 0
    restarts: int = 0  # workers killed (time limit, crash, abandoned query) and replaced
    abandoned: int = 0  # queries stopped because their client went away
    reserve_calls: int = 0  # times every worker was held by a long query and the reserve stepped in
    busy: int = 0  # queries running right now


class QueryPool:
    """A fixed number of worker processes, each with the whole dataset, and
    one started reserve.

    When a query waits and every worker has been on its current query for
    longer than ``long_after`` seconds (a few runaway queries hold them all),
    the reserve joins the pool, so short queries keep being answered, and a
    new reserve is started in the background; the pool grows so to at most
    twice its size. Workers beyond the base size go back to reserve, or
    end, as soon as nobody is waiting.
    """

    def __init__(self, nquads: bytes, workers: int | None = None, timeout: float = 5.0,
                 long_after: float | None = None):
        self.timeout = timeout
        self.long_after = long_after if long_after is not None else min(1.0, timeout / 4)
        self._nquads = nquads
        self._context = multiprocessing.get_context("spawn")  # no copy of the server's threads or loop
        self.size = workers or max(2, (os.cpu_count() or 1) + 1)
        self.max_size = 2 * self.size
        self._workers = [_Worker(self._context, nquads) for _ in range(self.size)]
        self._reserve: list[_Worker] = [_Worker(self._context, nquads)]
        self._starting = 0  # workers being started in the background
        self._idle: asyncio.Queue | None = None
        self._closed = False
        self.waiting = 0
        self.max_waiting = 64 * self.size
        self.stats = PoolStats()
        #: whether the workers run without network access (see _isolate)
        self.isolated = all(w.isolated for w in self._workers + self._reserve)

    @property
    def live(self) -> int:
        return len(self._workers)

    async def _queue(self) -> asyncio.Queue:
        if self._idle is None:
            self._idle = asyncio.Queue()
            for worker in self._workers:
                self._idle.put_nowait(worker)
        return self._idle

    def _all_held_by_long_queries(self, now: float) -> bool:
        return all(w.busy_since is not None and now - w.busy_since >= self.long_after for w in self._workers)

    def _call_reserve(self, loop, idle: asyncio.Queue) -> None:
        """Every worker is held by a long query: let the reserve in, and
        start the next reserve in the background."""
        if not self._reserve or len(self._workers) >= self.max_size:
            return
        worker = self._reserve.pop()
        self._workers.append(worker)
        idle.put_nowait(worker)
        self.stats.reserve_calls += 1
        if len(self._workers) + self._starting < self.max_size:
            self._starting += 1
            loop.run_in_executor(None, self._start, loop, idle, True)

    async def run(self, job: Job) -> Answer:
        """Run a job on the next free worker; raise QueryTimeout after
        ``timeout`` seconds (the worker is killed and replaced)."""
        idle = await self._queue()
        if self.waiting >= self.max_waiting:
            raise PoolBusy(f"{self.waiting} queries are already waiting: try again shortly")
        loop = asyncio.get_running_loop()
        started = loop.time()
        self.waiting += 1
        try:  # the time limit counts from arrival: waiting for a worker uses it up too
            while True:
                left = self.timeout - (loop.time() - started)
                if left <= 0:
                    raise PoolBusy(f"no query worker came free within {self.timeout:g} s: try again shortly")
                try:
                    worker = await asyncio.wait_for(idle.get(), min(left, self.long_after))
                    break
                except asyncio.TimeoutError:
                    if self._all_held_by_long_queries(loop.time()):
                        self._call_reserve(loop, idle)
        finally:
            self.waiting -= 1
        remaining = max(self.timeout - (loop.time() - started), 0.05)
        done = loop.create_future()
        fd = worker.conn.fileno()

        def readable() -> None:
            loop.remove_reader(fd)
            if not done.done():
                try:
                    done.set_result(worker.conn.recv())
                except (EOFError, OSError) as exc:
                    done.set_exception(exc)

        self.stats.busy += 1
        self.stats.queries += 1
        worker.busy_since = loop.time()
        try:
            loop.add_reader(fd, readable)
            worker.conn.send(job)
            answer = await asyncio.wait_for(done, remaining)
        except (asyncio.TimeoutError, EOFError, OSError, asyncio.CancelledError) as exc:
            loop.remove_reader(fd)
            worker.kill()
            self._workers.remove(worker)
            self.stats.restarts += 1
            if len(self._workers) + self._starting < self.size:
                self._starting += 1
                loop.run_in_executor(None, self._start, loop, idle, False)
            if isinstance(exc, asyncio.CancelledError):  # the caller gave up (the client went away)
                self.stats.abandoned += 1
                raise
            if isinstance(exc, asyncio.TimeoutError):
                self.stats.timeouts += 1
                raise QueryTimeout(f"the query ran longer than this endpoint's limit of {self.timeout:g} s and "
                                   "was stopped") from None
            raise WorkerCrash("the query engine stopped while answering this query (it may be too complex); "
                              "the worker has been replaced") from None
        finally:
            self.stats.busy -= 1
            worker.busy_since = None
        if len(self._workers) > self.size and not self.waiting:  # the rush is over: shrink back
            self._workers.remove(worker)
            if self._reserve:
                worker.kill()
            else:
                self._reserve.append(worker)
        else:
            idle.put_nowait(worker)
        return answer

    def _start(self, loop, idle: asyncio.Queue, as_reserve: bool) -> None:
        """Start a worker (in a thread: it takes a few tenths of a second) and
        hand it to the pool, or keep it as the reserve."""
        import sys
        import time

        delay = 0.5
        while not self._closed:
            try:
                worker = _Worker(self._context, self._nquads)
            except Exception as exc:  # noqa: BLE001 - out of processes or files: wait and try again
                print(f"jointvision: a query worker could not be started ({exc}); retrying in {delay:g} s",
                      file=sys.stderr)
                time.sleep(delay)
                delay = min(delay * 2, 30)
                continue
            if self._closed:
                worker.kill()
                return
            loop.call_soon_threadsafe(self._arrive, worker, idle, as_reserve)
            return

    def _arrive(self, worker: _Worker, idle: asyncio.Queue, as_reserve: bool) -> None:
        """On the event loop: a started worker joins the pool or the reserve."""
        self._starting -= 1
        if self._closed:
            worker.kill()
        elif as_reserve and not self._reserve:
            self._reserve.append(worker)
        else:
            self._workers.append(worker)
            idle.put_nowait(worker)

    def close(self) -> None:
        self._closed = True
        for worker in self._workers + self._reserve:
            worker.kill()
        self._workers.clear()
        self._reserve.clear()
