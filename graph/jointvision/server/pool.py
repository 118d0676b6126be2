"""Running SPARQL queries in worker processes: a time limit, a memory limit
and a fair share of the machine that are really enforced.

pyoxigraph evaluates a query in native code that Python cannot interrupt,
so every query runs in a worker process, and a query past its time limit is
stopped by killing its worker. The mechanisms, each small and named:

* **A template process** (:class:`Zygote`) loads the dataset once, cuts
  itself off the network, and forks every worker. A worker so costs a few
  milliseconds to start and shares the template's memory until it writes,
  so replacing killed workers is cheap and memory does not multiply.
* **Checking in the worker.** The worker runs ``sparql.check_query`` and
  the canonical rewrite, then evaluates on a deep stack
  (``isolation.on_deep_stack``): the server's event loop never tokenizes a
  query, so a flood of large queries does not slow anyone's answers.
* **A memory limit per worker** (``RLIMIT_DATA``, ``max_memory`` bytes above
  what the worker holds when it starts): a query that needs more makes the
  engine abort, only its worker dies, and the client gets 503 with a message.
* **Two lanes.** A query that has run for ``long_after`` seconds (1 s) is
  *long*: its thread drops to the lowest CPU priority (nice 19), and the
  pool adds a worker so that ``size`` workers stay free for everyone else;
  a query that has waited ``grow_after`` (0.25 s) for a worker gets one
  added too (up to ``max_workers`` in all). Runaway queries thus take the
  idle CPU, not the short queries' workers or CPU.
* **Per-client fairness.** A free worker goes to the waiting query of the
  client that runs the fewest queries. A client whose query lately turned
  long or ran out its time is *heavy* for ten seconds: its queries run at
  the lowest priority from the start, wait behind everyone else's, and all
  heavy clients together hold at most ``max_workers - size`` workers, so
  the base number always stays for the others. The long lane holds at most
  ``max_workers - size`` queries, one client at most half of them: a query
  that turns long beyond that is stopped. One client address may run at
  most ``per_client`` queries at once and keep a bounded number waiting.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import struct
from collections import deque
from dataclasses import dataclass

from ..errors import QueryError

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
#: Niceness of a query thread once the query is long (the lowest priority).
LONG_NICENESS = 19


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
    #: the same query always gets this answer (a success, with no NOW(), RAND()...)
    cacheable: bool = False


@dataclass(frozen=True)
class WorkerSettings:
    local_graphs: frozenset[str] = frozenset()
    long_after: float = 1.0
    max_memory: int = 1 << 30  # bytes a query may allocate in its worker


def one_line(message: str, limit: int = 2_000) -> str:
    """A message as one line of printable text (an error body is one line):
    line breaks and control characters become spaces, runs of spaces one."""
    text = " ".join("".join(c if c.isprintable() else " " for c in message).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


class QueryTimeout(QueryError):
    """The query ran longer than the time limit and was stopped."""


class PoolBusy(QueryError):
    """No worker came free in time, or too many queries are waiting."""


class WorkerCrash(QueryError):
    """The engine died while answering."""


class MemoryExceeded(QueryError):
    """The query needed more memory than a worker may use."""


# --------------------------------------------------------------------------- in the worker


def _answer(store, job: Job, settings: WorkerSettings, niced: bool = False) -> Answer:
    """Check, rewrite and evaluate one job; every outcome is an Answer.
    ``niced``: at the lowest CPU priority from the start (its client already
    runs a long query), else from ``long_after``."""
    from ..stack import on_deep_stack
    from ..sparql.engine import check_query

    def fail(status: int, message: str) -> Answer:
        return Answer(status, "text/plain; charset=utf-8", one_line(message).encode("utf-8"))

    dataset_given = job.default_graphs is not None or job.named_graphs is not None
    try:
        checked = check_query(job.query, settings.local_graphs, dataset_given=dataset_given)
    except QueryError as exc:  # UnsafeQueryError included
        return fail(400, str(exc))

    def lower_priority(thread) -> None:
        try:
            os.setpriority(os.PRIO_PROCESS, thread.native_id, LONG_NICENESS)
        except (OSError, AttributeError):  # pragma: no cover - not Linux
            pass

    try:
        answer = on_deep_stack(_evaluate, store, checked, job,
                               slow=(0.0 if niced else settings.long_after, lower_priority))
    except MemoryError:
        return fail(503, "the query needed more memory than this endpoint allows a query, and was stopped")
    return Answer(answer.status, answer.media_type, answer.body,
                  cacheable=answer.status == 200 and not checked.volatile)


def _merged(store, defaults: list[str], named: list[str]):
    """A store holding the RDF merge of the ``defaults`` graphs (as one graph
    of a reserved name) and the ``named`` graphs, for one query."""
    import pyoxigraph as ox

    merged = ox.Store()
    target = ox.NamedNode("urn:x-jointvision:merged-default-graph")
    # extend, not bulk_extend: the bulk loader starts threads whose allocator arenas count against the
    # worker's memory limit
    merged.extend(ox.Quad(q.subject, q.predicate, q.object, target)
                       for g in defaults for q in store.quads_for_pattern(None, None, None, ox.NamedNode(g)))
    merged.extend(q for g in named for q in store.quads_for_pattern(None, None, None, ox.NamedNode(g)))
    return merged


def _evaluate(store, checked, job: Job) -> Answer:
    import pyoxigraph as ox

    from ..sparql.engine import engine_error

    def fail(status: int, message: str) -> Answer:
        return Answer(status, "text/plain; charset=utf-8", one_line(message).encode("utf-8"))

    try:
        options: dict = {"base_iri": job.base_iri}
        if job.default_graphs is not None or job.named_graphs is not None:
            defaults = list(dict.fromkeys(job.default_graphs or ()))  # a graph named twice counts once
            named = list(dict.fromkeys(job.named_graphs or ()))
            if len(defaults) > 1:
                # SPARQL merges the default graphs, each statement once; the engine would repeat the
                # statements they share, so the merge is made here, in a store of this query's own
                store = _merged(store, defaults, named)
                defaults = ["urn:x-jointvision:merged-default-graph"]
            options["default_graph"] = [ox.NamedNode(g) for g in defaults]
            options["named_graphs"] = [ox.NamedNode(g) for g in named]
        answer = store.query(checked.text, **options)
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
    except _TooLarge:
        return fail(413, f"the result is over this endpoint's limit of {job.max_bytes:,} bytes: narrow the query "
                         "or add LIMIT")
    except SyntaxError as exc:
        return fail(400, str(engine_error(checked, exc)))
    except MemoryError:
        raise
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


def _data_bytes() -> int:
    """This process's data segment (private writable memory) now, from /proc."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmData:"):
                    return int(line.split()[1]) * 1024
    except OSError:  # pragma: no cover - not Linux
        pass
    return 0


def _limit_memory(max_memory: int) -> None:
    """Let this process allocate at most ``max_memory`` bytes more than it
    holds now, plus one evaluation stack (``RLIMIT_DATA``)."""
    import resource

    from ..stack import STACK_BYTES

    limit = _data_bytes() + STACK_BYTES + max_memory
    try:
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    except (ValueError, OSError):  # pragma: no cover - a lower hard limit is already set
        pass


def _worker_loop(sock: socket.socket, store, settings: WorkerSettings) -> None:  # pragma: no cover - a child
    from multiprocessing.connection import Connection

    from ..files import libc as _libc

    try:
        _libc().prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG: die with the template
    except (OSError, AttributeError):
        pass
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)  # an engine that aborts prints its backtrace: not into the server's log
    os.close(devnull)
    _limit_memory(settings.max_memory)
    conn = Connection(sock.detach())
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        job, niced = job if isinstance(job, tuple) else (job, False)
        try:
            answer = _answer(store, job, settings, niced)
        except Exception:  # noqa: BLE001 - a bug must cost one answer, not the worker
            answer = Answer(500, "text/plain; charset=utf-8", b"internal error: the query could not be answered")
        conn.send(answer)


_MESSAGE = struct.Struct("=cii")  # kind, pid, status


def _zygote_main(control: socket.socket, nquads: bytes | str, settings: WorkerSettings) -> None:  # pragma: no cover
    """The template process: isolate, load, then fork a worker per request
    and report every worker's exit."""
    import select

    from ..sparql.isolation import isolate_this_process

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server decides when it ends
    isolated = isolate_this_process()
    import pyoxigraph as ox

    from ..sparql import engine  # noqa: F401 - imported once here, so that no worker imports anything

    if isinstance(nquads, str):  # the path of an on-disk store: every worker reads the same files
        store = ox.Store.read_only(nquads)
    else:
        store = ox.Store()
        store.bulk_load(nquads, format=ox.RdfFormat.N_QUADS)
    del nquads
    wake_read, wake_write = os.pipe()
    os.set_blocking(wake_write, False)
    signal.set_wakeup_fd(wake_write)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    control.send(_MESSAGE.pack(b"R", int(isolated), 0))
    while True:
        ready, _, _ = select.select([control, wake_read], [], [])
        if wake_read in ready:
            os.read(wake_read, 4096)
            while True:
                try:
                    pid, status = os.waitpid(-1, os.WNOHANG)
                except ChildProcessError:
                    break
                if pid == 0:
                    break
                control.send(_MESSAGE.pack(b"X", pid, status))
        if control in ready:
            try:
                message, fds, _, _ = socket.recv_fds(control, 16, 1)
            except OSError:
                os._exit(0)
            if not message:  # the server is gone
                os._exit(0)
            try:
                pid = os.fork()
            except OSError:  # out of processes or memory: say so, and go on serving
                os.close(fds[0])
                control.send(_MESSAGE.pack(b"P", -1, 0))
                continue
            if pid == 0:
                signal.set_wakeup_fd(-1)
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                control.close()
                os.close(wake_read)
                os.close(wake_write)
                try:
                    _worker_loop(socket.socket(fileno=fds[0]), store, settings)
                finally:
                    os._exit(0)
            os.close(fds[0])
            try:
                pidfd = os.pidfd_open(pid)
                socket.send_fds(control, [_MESSAGE.pack(b"P", pid, 0)], [pidfd])
                os.close(pidfd)
            except (AttributeError, OSError):
                control.send(_MESSAGE.pack(b"P", pid, 0))


# --------------------------------------------------------------------------- in the server


class _Worker:
    """The server's handle on one worker: its connection and pid(fd)."""

    def __init__(self, conn, pid: int, pidfd: int | None):
        self.conn = conn
        self.pid = pid
        self.pidfd = pidfd
        self.client: str | None = None
        self.started: float | None = None  # loop time of the running query; None when idle
        self.long = False
        self.refused: str | None = None  # why the pool stopped its query (the long lane was full)
        self.dead = False

    def stop(self) -> None:
        """Kill the process, keeping the connection: whoever waits on it
        sees it close."""
        try:
            if self.pidfd is not None:
                signal.pidfd_send_signal(self.pidfd, signal.SIGKILL)
            else:
                os.kill(self.pid, signal.SIGKILL)
        except (OSError, AttributeError):
            pass

    def kill(self) -> None:
        if self.dead:
            return
        self.dead = True
        try:
            self.stop()
        finally:
            if self.pidfd is not None:
                os.close(self.pidfd)
            self.conn.close()


class TemplateGone(RuntimeError):
    """The template process died; the pool starts another."""


class Zygote:
    """The template process, seen from the server: fork requests, exit
    reports, and whether it is still alive."""

    def __init__(self, nquads: bytes | str, settings: WorkerSettings):
        import multiprocessing

        self._control, child = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        context = multiprocessing.get_context("spawn")  # a fresh interpreter: no copy of the server's threads
        self.process = context.Process(target=_zygote_main, args=(child, nquads, settings), daemon=True)
        self.process.start()
        child.close()
        kind, isolated, _ = _MESSAGE.unpack(self._control.recv(_MESSAGE.size))
        if kind != b"R":  # pragma: no cover
            raise RuntimeError("the query template process failed to start")
        self.isolated = bool(isolated)
        self.alive = True
        self._control.setblocking(False)
        self._forks: deque[asyncio.Future] = deque()
        self._exits: dict[int, asyncio.Future] = {}  # only for the workers still watched
        self._loop: asyncio.AbstractEventLoop | None = None
        self.on_death = None  # called once, on the loop, when the template dies

    def attach(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        loop.add_reader(self._control.fileno(), self._readable)

    def _readable(self) -> None:
        while True:
            try:
                message, fds, _, _ = socket.recv_fds(self._control, _MESSAGE.size, 1)
            except (BlockingIOError, InterruptedError):
                return
            except OSError:
                message, fds = b"", []
            if not message:  # the template died
                self._died()
                return
            kind, pid, status = _MESSAGE.unpack(message)
            if kind == b"P":
                future = self._forks.popleft()
                if pid < 0:
                    future.set_exception(RuntimeError("the template could not fork a worker"))
                elif not future.done():
                    self._exits[pid] = self._loop.create_future()
                    future.set_result((pid, fds[0] if fds else None))
                elif fds:
                    os.close(fds[0])
            elif kind == b"X":
                future = self._exits.get(pid)
                if future is not None and not future.done():
                    future.set_result(status)

    def _died(self) -> None:
        if not self.alive:
            return
        self.alive = False
        try:
            self._loop.remove_reader(self._control.fileno())
        except (ValueError, OSError):
            pass
        while self._forks:
            self._forks.popleft().set_exception(TemplateGone("the query template process is gone"))
        if self.on_death is not None:
            self.on_death()

    async def fork(self) -> _Worker:
        from multiprocessing.connection import Connection

        if not self.alive:
            raise TemplateGone("the query template process is gone")
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        future = self._loop.create_future()
        self._forks.append(future)
        try:
            socket.send_fds(self._control, [b"F"], [theirs.fileno()])
        except OSError:
            self._forks.remove(future)
            ours.close()
            self._died()
            raise TemplateGone("the query template process is gone") from None
        finally:
            theirs.close()
        pid, pidfd = await future
        return _Worker(Connection(ours.detach()), pid, pidfd)

    async def exit_status(self, pid: int, wait: float) -> int | None:
        """How worker ``pid`` ended (a waitpid status), if known within ``wait`` s."""
        future = self._exits.get(pid)
        if future is None:
            return None
        try:
            return await asyncio.wait_for(asyncio.shield(future), wait)
        except asyncio.TimeoutError:
            return None

    def forget(self, pid: int) -> None:
        future = self._exits.pop(pid, None)
        if future is not None and not future.done():
            future.cancel()

    def close(self) -> None:
        self.alive = False
        if self._loop is not None:
            try:
                self._loop.remove_reader(self._control.fileno())
            except (ValueError, OSError):
                pass
        self._control.close()
        self.process.kill()
        self.process.join(5)


@dataclass
class PoolStats:
    """Counters for ``/version``."""

    queries: int = 0
    timeouts: int = 0
    restarts: int = 0  # workers killed (time limit, crash, memory, abandoned query) and replaced
    abandoned: int = 0  # queries stopped because their client went away
    long_queries: int = 0  # queries that ran past long_after and moved to the low-priority lane
    long_refused: int = 0  # queries stopped when they turned long: the long lane (or the client's share) was full
    memory_stops: int = 0  # queries stopped at the memory limit
    busy: int = 0  # queries running right now
    per_client_waits: int = 0  # times a query waited because its client already ran per_client queries
    template_restarts: int = 0  # times the template process died and was started again


class LongLaneFull(QueryError):
    """The query turned long while the long lane, or its client's share of
    it, was full: it was stopped."""


@dataclass
class _Waiter:
    client: str
    future: asyncio.Future
    order: int
    overdue: bool = False  # waited longer than grow_after: the pool adds a worker for it


class QueryPool:
    """Worker processes forked from one template, in two lanes (see the
    module's docstring): ``size`` workers for short queries, and up to
    ``max_workers - size`` more for long ones; a free worker goes to the
    waiting query whose client runs the fewest queries."""

    def __init__(self, nquads: bytes | str, workers: int | None = None, timeout: float = 5.0,
                 local_graphs: frozenset[str] = frozenset(), long_after: float = 1.0,
                 max_memory: int = 1 << 30, max_workers: int | None = None, per_client: int | None = None,
                 grow_after: float = 0.25):
        self.timeout = timeout
        self.long_after = long_after
        self.grow_after = grow_after
        self.size = workers or max(2, (os.cpu_count() or 1) + 1)
        self.max_workers = max(max_workers or 4 * self.size, self.size + 1)
        self.max_long = self.max_workers - self.size
        self.long_per_client = max(1, self.max_long // 2)
        self.per_client = per_client or self.max_long
        self.max_memory = max_memory
        self.max_waiting = 64 * self.size
        self.max_waiting_per_client = max(8, self.max_waiting // 4)
        self._nquads = nquads  # kept to start the template again should it die
        self._settings = WorkerSettings(frozenset(local_graphs), long_after, max_memory)
        self._zygote = Zygote(nquads, self._settings)
        #: whether the workers run without network access (see isolation.isolate_this_process)
        self.isolated = self._zygote.isolated
        self._workers: list[_Worker] = []
        self._idle: deque[_Worker] = deque()
        self._waiting: list[_Waiter] = []
        self._arrivals = 0
        self._running: dict[str, int] = {}  # client address -> queries running
        self._heavy_until: dict[str, float] = {}  # client address -> loop time its queries are judged sooner until
        self._starting = 0
        self._closed = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self.stats = PoolStats()

    #: Seconds a client stays "heavy" after one of its queries turned long,
    #: was stopped for it, or ran out its time.
    HEAVY_FOR = 10.0

    @property
    def live(self) -> int:
        return len(self._workers)

    @property
    def healthy(self) -> bool:
        return self._zygote.alive and bool(self._workers)

    @property
    def waiting(self) -> int:
        return len(self._waiting)

    @property
    def long_running(self) -> int:
        return sum(1 for w in self._workers if w.long)

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._zygote.attach(self._loop)
        self._zygote.on_death = self._template_died
        for _ in range(self.size):
            self._workers.append(await self._zygote.fork())
            self._idle.append(self._workers[-1])

    def _template_died(self) -> None:
        """The template process is gone (killed from outside, or the machine
        ran out of memory): start another in the background. Its workers die
        with it (they are bound to it by PR_SET_PDEATHSIG), so the idle ones
        are dropped at once, before a query can be sent to one that is
        dying; a query already running on one ends as a crash."""
        if self._closed:
            return
        self.stats.template_restarts += 1
        for worker in list(self._idle):
            self._retire(worker)

        def start() -> Zygote:
            return Zygote(self._nquads, self._settings)

        async def replace() -> None:
            try:
                zygote = await self._loop.run_in_executor(None, start)
            except Exception:  # noqa: BLE001 - try again shortly
                await asyncio.sleep(1.0)
                self._loop.create_task(replace())
                return
            if self._closed:
                zygote.close()
                return
            old, self._zygote = self._zygote, zygote
            zygote.attach(self._loop)
            zygote.on_death = self._template_died
            old.close()
            self._grow()

        self._loop.create_task(replace())

    # ---------------------------------------------------------------- capacity

    def _busy(self) -> int:
        return sum(1 for w in self._workers if w.started is not None)

    def _wanted(self) -> int:
        """How many workers the pool should have: ``size`` plus one per long
        query (so ``size`` stay for short ones), or one per running query
        plus one per query that has waited over ``grow_after`` and that a
        worker could serve, whichever is more; at most ``max_workers``."""
        overdue = sum(1 for w in self._waiting if w.overdue and self._eligible(w))
        return min(self.max_workers, max(self.size + self.long_running, self._busy() + overdue))

    def _eligible(self, waiter: _Waiter) -> bool:
        """Whether a worker may go to this waiting query now: its client runs
        fewer than ``per_client``, and a heavy client (see :meth:`_heavy`)
        only while heavy clients hold fewer than ``max_workers - size``
        workers, so the base number always stays for everyone else."""
        if waiter.future.done() or self._running.get(waiter.client, 0) >= self.per_client:
            return False
        return not self._heavy(waiter.client) or self._heavy_busy() < self.max_long

    def _heavy_busy(self) -> int:
        return sum(1 for w in self._workers if w.started is not None and self._heavy(w.client))

    def _grow(self) -> None:
        """Start workers until the pool has what it wants (each in a few ms)."""
        if not self._zygote.alive:
            return
        while not self._closed and len(self._workers) + self._starting < self._wanted():
            self._starting += 1
            self._loop.create_task(self._add_worker())

    async def _add_worker(self) -> None:
        try:
            worker = await self._zygote.fork()
        except Exception:  # noqa: BLE001 - no worker now; the template's restart grows the pool again
            return
        finally:
            self._starting -= 1
        if self._closed:
            worker.kill()
            return
        self._workers.append(worker)
        self._idle.append(worker)
        self._dispatch()

    def _dispatch(self) -> None:
        """Hand idle workers to waiting queries: first to the query whose
        client runs the fewest queries now (then the earliest), never to a
        client already running ``per_client``; then retire idle workers the
        pool no longer wants."""
        self._waiting = [w for w in self._waiting if not w.future.done()]
        while self._idle:
            eligible = [w for w in self._waiting if self._eligible(w)]
            if not eligible:
                break
            waiter = min(eligible, key=lambda w: (self._heavy(w.client), self._running.get(w.client, 0), w.order))
            self._waiting.remove(waiter)
            worker = self._idle.popleft()
            self._assign(worker, waiter.client)
            waiter.future.set_result(worker)
        while self._idle and len(self._workers) > self._wanted():
            self._retire(self._idle.pop())

    def _assign(self, worker: _Worker, client: str) -> None:
        worker.client = client
        worker.started = self._loop.time()
        worker.long = False
        self._running[client] = self._running.get(client, 0) + 1

    def _unassign(self, worker: _Worker) -> None:
        if worker.client is not None:
            left = self._running.get(worker.client, 1) - 1
            if left:
                self._running[worker.client] = left
            else:
                self._running.pop(worker.client, None)
        worker.client = None
        worker.started = None
        worker.long = False

    def _retire(self, worker: _Worker) -> None:
        if worker in self._workers:
            self._workers.remove(worker)
        if worker in self._idle:
            self._idle.remove(worker)
        worker.kill()
        self._zygote.forget(worker.pid)

    def _long_of(self, client: str) -> int:
        return sum(1 for w in self._workers if w.long and w.client == client)

    def _heavy(self, client: str) -> bool:
        """Whether a client has lately run long queries: its queries then run
        at the lowest priority from the start, turn long sooner, and wait
        behind everyone else's."""
        return self._heavy_until.get(client, 0.0) > self._loop.time() or self._long_of(client) > 0

    def _strike(self, client: str | None) -> None:
        if client is None:
            return
        now = self._loop.time()
        if len(self._heavy_until) > 10_000:  # many addresses: forget the ones whose time is up
            self._heavy_until = {c: t for c, t in self._heavy_until.items() if t > now}
        self._heavy_until[client] = now + self.HEAVY_FOR

    def _mark_long(self, worker: _Worker, started: float) -> None:
        """The query has run long enough to be long (its worker lowered its
        thread's priority itself): add a worker for the short queries, or,
        if the long lane or the client's share of it is full, stop it."""
        if worker.started != started or worker.dead:
            return
        self._strike(worker.client)
        if self.long_running >= self.max_long or self._long_of(worker.client) >= self.long_per_client:
            self.stats.long_refused += 1
            worker.refused = ("this endpoint is already running as many long queries as it can"
                              if self.long_running >= self.max_long else
                              f"this client already runs {self.long_per_client} long queries, its share")
            worker.stop()  # run() sees the connection close and reports it
            return
        worker.long = True
        self.stats.long_queries += 1
        self._grow()

    # ---------------------------------------------------------------- running

    async def _acquire(self, client: str, deadline: float) -> _Worker:
        if self._idle and self._running.get(client, 0) < self.per_client and not self._waiting and \
                (not self._heavy(client) or self._heavy_busy() < self.max_long):
            worker = self._idle.popleft()
            self._assign(worker, client)
            return worker
        if len(self._waiting) >= self.max_waiting:
            raise PoolBusy(f"{len(self._waiting)} queries are already waiting: try again shortly")
        if sum(1 for w in self._waiting if w.client == client) >= self.max_waiting_per_client:
            raise PoolBusy(f"this client already has {self.max_waiting_per_client} queries waiting: "
                           "try again shortly")
        if self._running.get(client, 0) >= self.per_client:
            self.stats.per_client_waits += 1
        self._arrivals += 1
        waiter = _Waiter(client, self._loop.create_future(), self._arrivals)
        self._waiting.append(waiter)
        self._dispatch()
        self._grow()

        def give_up() -> None:
            if not waiter.future.done():
                waiter.future.set_exception(PoolBusy(f"no query worker came free within {self.timeout:g} s: "
                                                     "try again shortly"))

        def overdue() -> None:
            if not waiter.future.done():
                waiter.overdue = True
                self._grow()

        timers = [self._loop.call_at(deadline, give_up), self._loop.call_later(self.grow_after, overdue)]
        try:
            # awaited directly, not through wait_for: on Python 3.10 and 3.11 wait_for may return a
            # result that arrived as the task was cancelled, and the cancellation would be lost
            return await waiter.future
        except asyncio.CancelledError:
            if waiter.future.done() and not waiter.future.cancelled() and waiter.future.exception() is None:
                worker = waiter.future.result()  # handed over just as the wait ended: give it back
                self._unassign(worker)
                self._idle.append(worker)
                self._dispatch()
            raise
        finally:
            for timer in timers:
                timer.cancel()
            if waiter in self._waiting:
                self._waiting.remove(waiter)

    async def run(self, job: Job, client: str = "") -> Answer:
        """Run a job on a worker; raise QueryTimeout past ``timeout`` seconds
        from arrival (the worker is killed and replaced), LongLaneFull,
        MemoryExceeded, WorkerCrash or PoolBusy."""
        loop = self._loop
        deadline = loop.time() + self.timeout  # the time limit counts from arrival: waiting uses it up too
        worker = await self._acquire(client, deadline)
        # a client that lately ran long queries has its others run at the lowest priority
        heavy = self._heavy(client)
        long_timer = loop.call_later(self.long_after, self._mark_long, worker, worker.started)
        done = loop.create_future()
        fd = worker.conn.fileno()

        def readable() -> None:
            loop.remove_reader(fd)
            if not done.done():
                try:
                    done.set_result(worker.conn.recv())
                except (EOFError, OSError) as exc:
                    done.set_exception(exc)

        def expire() -> None:
            if not done.done():
                done.set_exception(asyncio.TimeoutError())

        self.stats.busy += 1
        self.stats.queries += 1
        timer = loop.call_at(max(deadline, loop.time() + 0.05), expire)
        try:
            loop.add_reader(fd, readable)
            worker.conn.send((job, heavy))
            answer = await done
        except (asyncio.TimeoutError, EOFError, OSError, asyncio.CancelledError) as exc:
            try:
                loop.remove_reader(fd)
            except (ValueError, OSError):
                pass
            await self._lose(worker, exc)
        finally:
            timer.cancel()
            long_timer.cancel()
            self.stats.busy -= 1
        was_long = worker.long
        self._unassign(worker)
        if was_long:  # a long query may have left its worker large: the pool forks a fresh one
            self._retire(worker)
            self._grow()
        else:
            self._idle.append(worker)
        self._dispatch()
        if answer.status == 503 and b"memory" in answer.body:
            self.stats.memory_stops += 1
        return answer

    async def _lose(self, worker: _Worker, exc: BaseException) -> None:
        """The query did not end well: kill its worker, replace it, and raise
        what the caller should say."""
        crashed = isinstance(exc, (EOFError, OSError)) and worker.refused is None
        refused = worker.refused
        if isinstance(exc, asyncio.TimeoutError):
            self._strike(worker.client)
        self._unassign(worker)
        if worker in self._workers:
            self._workers.remove(worker)
        self.stats.restarts += 1
        worker.kill()
        self._grow()
        self._dispatch()
        status = await self._zygote.exit_status(worker.pid, 1.0) if crashed else None
        self._zygote.forget(worker.pid)
        if isinstance(exc, asyncio.CancelledError):  # the caller gave up (the client went away)
            self.stats.abandoned += 1
            raise exc
        if isinstance(exc, asyncio.TimeoutError):
            self.stats.timeouts += 1
            raise QueryTimeout(f"the query ran longer than this endpoint's limit of {self.timeout:g} s and "
                               "was stopped") from None
        if refused is not None:
            raise LongLaneFull(f"the query ran over {self.long_after:g} s while {refused}: it was stopped; "
                               "try again later") from None
        if status is not None and os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGABRT:
            self.stats.memory_stops += 1
            raise MemoryExceeded(f"the query needed more than this endpoint's limit of "
                                 f"{self.max_memory // 1_000_000:,} MB of memory, and was stopped") from None
        raise WorkerCrash("the query engine stopped while answering this query; the worker has been "
                          "replaced") from None

    def close(self) -> None:
        self._closed = True
        for worker in self._workers:
            worker.kill()
        self._workers.clear()
        self._idle.clear()
        for waiter in self._waiting:
            if not waiter.future.done():
                waiter.future.set_exception(PoolBusy("the server is stopping"))
        self._zygote.close()
