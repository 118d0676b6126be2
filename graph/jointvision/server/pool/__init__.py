"""Running SPARQL queries in worker processes: a time limit, a memory limit
and a fair share of the machine that are really enforced.

pyoxigraph evaluates a query in native code that Python cannot interrupt,
so every query runs in a worker process, and a query past its time limit is
stopped by killing its worker. The mechanisms, each small and named:

* **A template process** (:class:`~.template.Zygote`) loads the dataset
  once, cuts itself off the network, and forks every worker. A worker so costs a few
  milliseconds to start and shares the template's memory until it writes,
  so replacing killed workers is cheap and memory does not multiply.
* **Checking in the worker.** The worker runs ``sparql.check_query`` and
  the canonical rewrite, then evaluates on a deep stack
  (``stack.on_deep_stack``): the server's event loop never tokenizes a
  query, so a flood of large queries does not slow anyone's answers.
* **A memory limit per worker** (``RLIMIT_DATA``, ``max_memory`` bytes above
  what the worker holds when it starts): a query that needs more makes the
  engine give up (the worker replies with a typed memory stop) or abort
  (only its worker dies); either way the client gets 503 with a message.
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
from .scheduler import PoolStats, QueryPool
from .template import TemplateGone, Zygote

__all__ = [
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
