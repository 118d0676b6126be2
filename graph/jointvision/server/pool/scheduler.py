"""The fair scheduler: :class:`QueryPool` starts the template, queues each
query until the policy of :class:`~.lanes.Lanes` gives it a worker (forked
on demand), runs it there under the time limit, and says how it ended
(replacing the worker when it did not end well)."""

from __future__ import annotations

import asyncio
import os

from .errors import LongLaneFull, MemoryExceeded, PoolBusy, QueryTimeout, WorkerCrash
from .handle import WorkerHandle
from .lanes import Lanes, PoolStats, Waiter
from .messages import Answer, Job, QueryRequest, WorkerSettings
from .template import Zygote

__all__ = ["TEMPLATE_IDLE_FOR", "PoolStats", "QueryPool"]

#: Seconds without a query after which a pool stops its template (0: never), unless told otherwise;
#: ``serve --idle-template-after`` sets it.
TEMPLATE_IDLE_FOR = 300.0


class QueryPool(Lanes):
    """Worker processes forked from one template, in two lanes (see the
    package's docstring): ``size`` workers for short queries, and up to
    ``max_workers - size`` more for long ones; a free worker goes to the
    waiting query whose client runs the fewest queries. Workers are forked
    when queries need them and retired after ``idle_for`` seconds idle, but
    ``warm`` of them (none by default: an idle server is its template); the
    template itself is stopped after ``template_idle_for`` seconds without
    a query (default :data:`TEMPLATE_IDLE_FOR`; 0: never), and the next
    query starts it again."""

    def __init__(
        self,
        nquads: bytes | str,
        workers: int | None = None,
        timeout: float = 5.0,
        local_graphs: frozenset[str] = frozenset(),
        long_after: float = 1.0,
        max_memory: int = 1 << 30,
        max_workers: int | None = None,
        per_client: int | None = None,
        grow_after: float = 0.25,
        warm: int = 0,
        idle_for: float = 5.0,
        template_idle_for: float | None = None,
    ):
        size = workers or max(2, (os.cpu_count() or 1) + 1)
        self._nquads = nquads  # kept to start the template again should it die
        self._settings = WorkerSettings(frozenset(local_graphs), long_after, max_memory)
        super().__init__(
            Zygote(nquads, self._settings), size, max(max_workers or 4 * size, size + 1), per_client, grow_after
        )
        self.warm = min(warm, self.size)
        self.idle_for = idle_for
        idle = TEMPLATE_IDLE_FOR if template_idle_for is None else template_idle_for
        self.template_idle_for = idle or None
        self.timeout = timeout
        self.long_after = long_after
        self.max_memory = max_memory
        self.max_waiting = 64 * self.size
        self.max_waiting_per_client = max(8, self.max_waiting // 4)
        #: whether the workers run without network access (see isolation.isolate_this_process)
        self.isolated = self._zygote.isolated
        self._arrivals = 0
        self._replacing = False  # a template is being started (after a death, or to wake)

    async def start(self) -> None:
        """Fork the ``warm`` workers; the pool then runs on this loop."""
        self._loop = asyncio.get_running_loop()
        self._zygote.attach(self._loop)
        self._zygote.on_death = self._template_died
        self._last_query = self._loop.time()
        for _ in range(self.warm):
            self._workers.append(await self._zygote.fork())
            self._free(self._workers[-1])
        if not self._workers:
            self._doze_later()

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
        self._replacing = True
        self.loop.create_task(self._replace_template())

    def _wake(self) -> None:
        """A query came while the template slept: start one (a few tenths of
        a second, within the query's time)."""
        if not self._replacing and not self._closed:
            self._replacing = True
            self.loop.create_task(self._replace_template())

    async def _replace_template(self) -> None:
        try:
            zygote = await self.loop.run_in_executor(None, Zygote, self._nquads, self._settings)
        except Exception:  # try again shortly
            await asyncio.sleep(1.0)
            self.loop.create_task(self._replace_template())
            return
        self._replacing = False
        if self._closed:
            zygote.close()
            return
        old, self._zygote, self._asleep = self._zygote, zygote, False
        zygote.attach(self.loop)
        zygote.on_death = self._template_died
        old.close()
        self._grow()
        if not self._workers and not self._starting:
            self._doze_later()

    # ---------------------------------------------------------------- running

    def _take_idle(self, client: str) -> WorkerHandle | None:
        """An idle worker for ``client`` at once, if nobody waits and its
        client may have one now."""
        if (
            self._idle
            and self._clients.count(client) < self.per_client
            and not self._waiting
            and (not self._heavy(client) or self._heavy_busy() < self.max_long)
        ):
            worker = self._idle.pop()
            self._assign(worker, client)
            return worker
        return None

    def _queue(self, client: str) -> Waiter:
        """A place in the queue for ``client`` (PoolBusy if the queue, or the
        client's part of it, is full)."""
        if len(self._waiting) >= self.max_waiting:
            raise PoolBusy(f"{len(self._waiting)} queries are already waiting: try again shortly")
        if sum(1 for w in self._waiting if w.client == client) >= self.max_waiting_per_client:
            raise PoolBusy(f"this client already has {self.max_waiting_per_client} queries waiting: try again shortly")
        if self._clients.count(client) >= self.per_client:
            self.stats.per_client_waits += 1
        self._arrivals += 1
        waiter = Waiter(client, self.loop.create_future(), self._arrivals)
        self._waiting.append(waiter)
        return waiter

    async def _acquire(self, client: str, deadline: float) -> WorkerHandle:
        worker = self._take_idle(client)
        if worker is not None:
            return worker
        waiter = self._queue(client)
        self._dispatch()
        self._grow()

        def give_up() -> None:
            if not waiter.future.done():
                waiter.future.set_exception(
                    PoolBusy(f"no query worker came free within {self.timeout:g} s: try again shortly")
                )

        def overdue() -> None:
            if not waiter.future.done():
                waiter.overdue = True
                self._grow()

        timers = [self.loop.call_at(deadline, give_up), self.loop.call_later(self.grow_after, overdue)]
        try:
            # awaited directly, not through wait_for: on Python 3.10 and 3.11 wait_for may return a
            # result that arrived as the task was cancelled, and the cancellation would be lost
            return await waiter.future
        except asyncio.CancelledError:
            if waiter.future.done() and not waiter.future.cancelled() and waiter.future.exception() is None:
                worker = waiter.future.result()  # handed over just as the wait ended: give it back
                self._unassign(worker)
                self._free(worker)
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
        loop = self.loop
        self._last_query = loop.time()
        deadline = self._last_query + self.timeout  # the time limit counts from arrival: waiting uses it up too
        worker = await self._acquire(client, deadline)
        # a client that lately ran long queries has its others evaluated at the lowest priority
        request = QueryRequest(job, niced=self._heavy(client))
        worker.niced = worker.niced or request.niced
        long_timer = loop.call_later(self.long_after, self._mark_long, worker, worker.started)
        self.stats.busy += 1
        self.stats.queries += 1
        try:
            reply = await worker.ask(loop, request, deadline)
        except (asyncio.TimeoutError, EOFError, OSError, asyncio.CancelledError) as exc:
            raise await self._lose(worker, exc) from None
        finally:
            long_timer.cancel()
            self.stats.busy -= 1
        # a long query may have left its worker large; a lowered priority may not be raised again: a fresh one
        spent = worker.long or (worker.niced and not worker.restore_priority())
        self._unassign(worker)
        if spent:
            self._retire(worker)
            self._grow()
        else:
            self._free(worker)
        self._dispatch()
        if reply.memory_stop:
            self.stats.memory_stops += 1
        return reply.answer

    async def _lose(self, worker: WorkerHandle, exc: BaseException) -> BaseException:
        """The query did not end well: kill its worker, replace it, and
        return what the caller should raise."""
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
        if not self._workers:
            self._doze_later()
        exited = await self._zygote.exit_of(worker.pid, 1.0) if crashed else None
        self._zygote.forget(worker.pid)
        if isinstance(exc, asyncio.CancelledError):  # the caller gave up (the client went away)
            self.stats.abandoned += 1
            return exc
        if isinstance(exc, asyncio.TimeoutError):
            self.stats.timeouts += 1
            return QueryTimeout(
                f"the query ran longer than this endpoint's limit of {self.timeout:g} s and was stopped"
            )
        if refused is not None:
            return LongLaneFull(
                f"the query ran over {self.long_after:g} s while {refused}: it was stopped; try again later"
            )
        if exited is not None and exited.aborted:
            self.stats.memory_stops += 1
            return MemoryExceeded(
                f"the query needed more than this endpoint's limit of "
                f"{self.max_memory // 1_000_000:,} MB of memory, and was stopped"
            )
        return WorkerCrash("the query engine stopped while answering this query; the worker has been replaced")

    def close(self) -> None:
        """Kill every worker and the template; waiting queries get PoolBusy."""
        self._closed = True
        for timer in (self._sweep, self._nap):
            if timer is not None:
                timer.cancel()
        self._sweep = self._nap = None
        for worker in self._workers:
            worker.kill()
        self._workers.clear()
        self._idle.clear()
        for waiter in self._waiting:
            if not waiter.future.done():
                waiter.future.set_exception(PoolBusy("the server is stopping"))
        self._zygote.close()
