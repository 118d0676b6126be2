"""The workers of a pool and the policy that shares them: how many the pool
may have (``size``, plus one per long query, plus one per query that waited
too long), how many it starts (workers are forked on demand, a few
milliseconds each, and retired after ``idle_for`` seconds without a query),
which waiting query gets a free worker (its client runs the fewest queries;
heavy clients last and bounded), and when a query is long (its client is
struck heavy, and the long lane, or the client's share of it, may be full:
the query is stopped)."""

from __future__ import annotations

import asyncio
from collections import deque
from dataclasses import dataclass

from .clients import Clients
from .handle import WorkerHandle
from .template import Zygote


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


@dataclass
class Waiter:
    """A query waiting for a worker: its client, the future the worker is
    handed over by, and its place in the order of arrival."""

    client: str
    future: asyncio.Future[WorkerHandle]
    order: int
    overdue: bool = False  # waited longer than grow_after: the pool adds a worker for it


class Lanes:
    """The workers, the queries waiting for one, and the capacity policy;
    :class:`~.scheduler.QueryPool` runs queries on them."""

    #: Seconds a client stays "heavy" after one of its queries turned long,
    #: was stopped for it, or ran out its time.
    HEAVY_FOR = 10.0

    def __init__(self, zygote: Zygote, size: int, max_workers: int, per_client: int | None, grow_after: float):
        self.size = size
        #: workers kept started while idle (the others are forked when a query needs one)
        self.warm = 0
        #: seconds an idle worker beyond ``warm`` is kept for the next query
        self.idle_for = 5.0
        #: seconds without a query after which the template too is stopped (started again by the next
        #: query, in a few tenths of a second); None: never
        self.template_idle_for: float | None = None
        self.max_workers = max_workers
        self.max_long = self.max_workers - self.size
        self.long_per_client = max(1, self.max_long // 2)
        self.per_client = per_client or self.max_long
        self.grow_after = grow_after
        self._zygote = zygote
        self._workers: list[WorkerHandle] = []
        self._idle: deque[WorkerHandle] = deque()
        self._waiting: list[Waiter] = []
        self._clients = Clients()
        self._starting = 0
        self._closed = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self._sweep: asyncio.TimerHandle | None = None  # retires the workers idle for idle_for
        self._nap: asyncio.TimerHandle | None = None  # stops the template after template_idle_for without queries
        self._asleep = False  # the template was stopped for want of queries (not dead): the next query starts one
        self._last_query = 0.0  # loop time the last query arrived
        self.stats = PoolStats()

    @property
    def live(self) -> int:
        """Workers that can take a query at once: those started, and while
        the template lives those it forks on demand (in milliseconds), up to
        ``size`` plus one per long query."""
        if self._closed or not (self._zygote.alive or self._asleep):
            return len(self._workers)
        return max(len(self._workers), min(self.max_workers, self.size + self.long_running))

    @property
    def running(self) -> int:
        """Worker processes started now (busy or idle)."""
        return len(self._workers)

    @property
    def healthy(self) -> bool:
        """The template lives (workers are forked from it on demand), or
        sleeps (the next query starts it), or failing that a worker lives."""
        return not self._closed and (self._zygote.alive or self._asleep or bool(self._workers))

    @property
    def waiting(self) -> int:
        """Queries waiting for a worker."""
        return len(self._waiting)

    @property
    def long_running(self) -> int:
        """Long queries running now."""
        return sum(1 for w in self._workers if w.long)

    @property
    def loop(self) -> asyncio.AbstractEventLoop:
        """The event loop the pool runs on (from ``start``)."""
        if self._loop is None:
            raise RuntimeError("the query pool has not started")
        return self._loop

    # ---------------------------------------------------------------- capacity

    def _busy(self) -> int:
        return sum(1 for w in self._workers if w.started is not None)

    def _capacity(self) -> int:
        """How many workers the pool may have: ``size`` plus one per long
        query (so ``size`` stay for short ones), or one per running query
        plus one per query that has waited over ``grow_after`` and that a
        worker could serve, whichever is more; at most ``max_workers``."""
        overdue = sum(1 for w in self._waiting if w.overdue and self._eligible(w))
        return min(self.max_workers, max(self.size + self.long_running, self._busy() + overdue))

    def _wanted(self) -> int:
        """How many workers the pool should have started: one per running
        query and per waiting query a worker may go to now (and ``warm``),
        within :meth:`_capacity`."""
        ready = sum(1 for w in self._waiting if self._eligible(w))
        return min(self._capacity(), max(self.warm, self._busy() + ready))

    def _eligible(self, waiter: Waiter) -> bool:
        """Whether a worker may go to this waiting query now: its client runs
        fewer than ``per_client``, and a heavy client (see :meth:`_heavy`)
        only while heavy clients hold fewer than ``max_workers - size``
        workers, so the base number always stays for everyone else."""
        if waiter.future.done() or self._clients.count(waiter.client) >= self.per_client:
            return False
        return not self._heavy(waiter.client) or self._heavy_busy() < self.max_long

    def _heavy_busy(self) -> int:
        return sum(1 for w in self._workers if w.started is not None and w.client is not None and self._heavy(w.client))

    def _grow(self) -> None:
        """Start workers until the pool has what it wants (each in a few ms);
        wake the template first if it sleeps."""
        if not self._zygote.alive:
            if self._asleep and self._wanted():
                self._wake()
            return
        while not self._closed and len(self._workers) + self._starting < self._wanted():
            self._starting += 1
            self.loop.create_task(self._add_worker())

    async def _add_worker(self) -> None:
        try:
            worker = await self._zygote.fork()
        except Exception:  # no worker now; the template's restart grows the pool again
            return
        finally:
            self._starting -= 1
        if self._closed:
            worker.kill()
            return
        self._workers.append(worker)
        self._free(worker)
        self._dispatch()

    def _free(self, worker: WorkerHandle) -> None:
        """A worker is idle: the next query takes it (the most recently
        freed first, so that the others age out), or it is retired once it
        has been idle for ``idle_for`` seconds."""
        worker.idle_since = self.loop.time()
        self._idle.append(worker)
        if self._sweep is None and not self._closed:
            self._sweep = self.loop.call_at(worker.idle_since + self.idle_for, self._retire_idle)

    def _retire_idle(self) -> None:
        """Retire the workers idle for ``idle_for`` seconds, but ``warm``;
        look again when the next one will have been."""
        self._sweep = None
        now = self.loop.time()
        while self._idle and len(self._workers) > self.warm and self._idle[0].idle_since + self.idle_for <= now:
            self._retire(self._idle[0])
        if self._idle and not self._closed:
            oldest = self._idle[0].idle_since + self.idle_for
            self._sweep = self.loop.call_at(max(oldest, now + self.idle_for / 10), self._retire_idle)

    def _dispatch(self) -> None:
        """Hand idle workers to waiting queries: first to the query whose
        client runs the fewest queries now (then the earliest), never to a
        client already running ``per_client``; then retire idle workers
        beyond what the pool may have."""
        self._waiting = [w for w in self._waiting if not w.future.done()]
        while self._idle:
            eligible = [w for w in self._waiting if self._eligible(w)]
            if not eligible:
                break
            waiter = min(eligible, key=lambda w: (self._heavy(w.client), self._clients.count(w.client), w.order))
            self._waiting.remove(waiter)
            worker = self._idle.pop()
            self._assign(worker, waiter.client)
            waiter.future.set_result(worker)
        while self._idle and len(self._workers) > self._capacity():
            self._retire(self._idle[0])

    def _assign(self, worker: WorkerHandle, client: str) -> None:
        worker.client = client
        worker.started = self.loop.time()
        worker.long = False
        self._clients.started(client)

    def _unassign(self, worker: WorkerHandle) -> None:
        if worker.client is not None:
            self._clients.ended(worker.client)
        worker.client = None
        worker.started = None
        worker.long = False

    def _retire(self, worker: WorkerHandle) -> None:
        if worker in self._workers:
            self._workers.remove(worker)
        if worker in self._idle:
            self._idle.remove(worker)
        worker.kill()
        self._zygote.forget(worker.pid)
        if not self._workers:
            self._doze_later()

    # ---------------------------------------------------------------- the template's sleep

    def _wake(self) -> None:
        """Start the template again (:class:`~.scheduler.QueryPool` knows how)."""

    def _doze_later(self) -> None:
        """Look again, ``template_idle_for`` after the last query, whether
        the template may sleep."""
        if self.template_idle_for is None or self._nap is not None or self._closed:
            return
        self._nap = self.loop.call_at(self._last_query + self.template_idle_for, self._doze)

    def _doze(self) -> None:
        """Stop the template if no query came for ``template_idle_for``
        seconds and no worker lives; its memory is the server's largest
        part but one."""
        self._nap = None
        if self._closed or self._asleep or not self._zygote.alive or self._workers or self._waiting:
            return
        if self._starting or self.loop.time() < self._last_query + (self.template_idle_for or 0.0):
            self._doze_later()
            return
        self._zygote.on_death = None
        self._zygote.close()
        self._asleep = True

    # ---------------------------------------------------------------- the lanes

    def _long_of(self, client: str | None) -> int:
        return sum(1 for w in self._workers if w.long and w.client == client)

    def _heavy(self, client: str) -> bool:
        """Whether a client has lately run long queries: its queries then run
        at the lowest priority from the start, turn long sooner, and wait
        behind everyone else's."""
        return self._clients.struck(client, self.loop.time()) or self._long_of(client) > 0

    def _strike(self, client: str | None) -> None:
        if client is not None:
            self._clients.strike(client, self.loop.time(), self.HEAVY_FOR)

    def _mark_long(self, worker: WorkerHandle, started: float | None) -> None:
        """The query has run long enough to be long (its worker lowered its
        thread's priority itself): add a worker for the short queries, or,
        if the long lane or the client's share of it is full, stop it."""
        if worker.started != started or worker.dead:
            return
        self._strike(worker.client)
        if self.long_running >= self.max_long or self._long_of(worker.client) >= self.long_per_client:
            self.stats.long_refused += 1
            worker.refused = (
                "this endpoint is already running as many long queries as it can"
                if self.long_running >= self.max_long
                else f"this client already runs {self.long_per_client} long queries, its share"
            )
            worker.stop()  # run() sees the connection close and reports it
            return
        worker.long = True
        worker.lower_priority()
        self.stats.long_queries += 1
        self._grow()
