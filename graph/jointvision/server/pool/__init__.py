"""Running SPARQL queries in worker processes: a time limit, a memory limit
and a fair share of the machine that are really enforced.

pyoxigraph evaluates a query in native code that Python cannot interrupt
(it has no timeout or cancellation of its own), so every query runs in a
worker process, and a query past its time limit is stopped by killing its
worker. The mechanisms, each small and named:

* **A template process** (:class:`~.template.Zygote`) loads the dataset
  once, cuts itself off the network, and forks every worker. A worker so
  costs a few milliseconds to start and shares the template's memory until
  it writes, so workers are forked **on demand** (when a query finds none
  idle) and stop after ``idle_for`` seconds (5) without a query: an idle
  server holds its template alone, and after ``template_idle_for`` seconds
  without a query (``serve --idle-template-after``, 300 by default) not even
  that; the next query starts it again (a few tenths of a second). ``serve``
  starts the template while it is still opening the data, so that its
  interpreter and imports cost the first answer nothing.
* **Checking in the worker.** The worker runs ``sparql.check_query`` and
  the canonical rewrite, then evaluates, all on the one thread with a deep
  stack (``stack.on_deep_stack``) that it makes when it starts: the
  server's event loop never tokenizes a query, so a flood of large queries
  does not slow anyone's answers, and a light query pays for no new thread
  (that alone cost about a millisecond, several times its work).
* **A memory limit per worker** (``RLIMIT_DATA``, ``max_memory`` bytes above
  what the worker holds when it starts): a query that needs more makes the
  engine give up (the worker replies with a typed memory stop) or abort
  (only its worker dies); either way the client gets 503 with a message.
* **Two lanes.** A query that has run for ``long_after`` seconds (1 s) is
  *long*: the server drops its worker's threads to the lowest CPU priority
  (nice 19), and the pool may add a worker so that ``size`` stay for
  everyone else; a query that has waited ``grow_after`` (0.25 s) for a
  worker gets one added too (up to ``max_workers`` in all). Runaway queries thus take the
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

The modules, each one concept: ``messages`` (the typed values the processes
exchange), ``worker`` (a worker's loop and the evaluation of one query),
``template`` (the template process and the server's side of it), ``handle``
(the server's handle on one worker), ``clients`` (per-client counts and
strikes), ``scheduler`` (:class:`QueryPool`, the fair scheduler) and
``errors`` (how a query can fail here, with its HTTP status).
"""

from __future__ import annotations

from .errors import LongLaneFull, MemoryExceeded, PoolBusy, PoolError, QueryTimeout, WorkerCrash
from .messages import Answer, Job, Outcome, Reply, WorkerSettings
from .scheduler import TEMPLATE_IDLE_FOR, PoolStats, QueryPool
from .template import TemplateGone, Zygote

__all__ = [
    "TEMPLATE_IDLE_FOR",
    "Answer",
    "Job",
    "LongLaneFull",
    "MemoryExceeded",
    "Outcome",
    "PoolBusy",
    "PoolError",
    "PoolStats",
    "QueryPool",
    "QueryTimeout",
    "Reply",
    "TemplateGone",
    "WorkerCrash",
    "WorkerSettings",
    "Zygote",
]
