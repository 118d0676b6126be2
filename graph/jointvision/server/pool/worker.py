"""Inside a worker process: the loop that answers :class:`QueryRequest`\\ s,
and the evaluation of one query.

A worker checks the query (``sparql.check_query`` and its canonical
rewrite: never on the server's event loop), evaluates it, and writes the
result in the negotiated format, bounded in bytes as it is written. Its
whole loop runs on one thread with a deep stack (``stack.on_deep_stack``),
made once when the worker starts: a query pays for no new thread (a thread
with a deep stack, and the engine's per-thread state, cost about a
millisecond each time, several times the work of a light query). For a
client that lately ran long queries it evaluates at the lowest CPU
priority (after the check, which is bounded); the server lowers a worker
whose query turns long itself, and after either restores the priority or
retires the worker. It runs under a memory limit
(``RLIMIT_DATA``): a query that reaches it ends with
:attr:`Outcome.MEMORY_STOP` (the engine raised MemoryError) or kills the
worker (the engine aborted), and the server tells the client either way.

Only the standard library is imported here at module level: the template
process imports this module before it cuts itself off the network, which
needs a process of one thread.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import threading
from typing import Any

from ..errors import one_line
from .messages import Answer, Job, Outcome, QueryRequest, Reply, WorkerSettings

#: Niceness of a query's evaluation for a client that lately ran long queries (the lowest priority).
LOWEST_PRIORITY = 19
#: The reserved name of the merged default graph of a protocol dataset.
MERGED_DEFAULT_GRAPH = "urn:x-jointvision:merged-default-graph"
#: What the client reads when the engine reached the memory limit and gave up.
MEMORY_MESSAGE = "the query needed more memory than this endpoint allows a query, and was stopped"
INTERNAL_ERROR = b"internal error: the query could not be answered"


def failure(status: int, message: str) -> Answer:
    """An error answer of the worker: one line of plain text."""
    return Answer(status, "text/plain; charset=utf-8", one_line(message).encode("utf-8"))


def answer_job(store: Any, job: Job, settings: WorkerSettings, niced: bool = False) -> Reply:
    """Check, rewrite and evaluate one job (on the caller's thread, which
    must have a deep stack); every outcome is a Reply. ``niced``: evaluate
    at the lowest CPU priority (the server restores it, or retires the
    worker)."""
    from ...errors import QueryError
    from ...sparql.guard import check_query
    from ...sparql.syntax_errors import explain

    dataset_given = job.default_graphs is not None or job.named_graphs is not None
    try:
        checked = check_query(job.query, settings.local_graphs, dataset_given=dataset_given)
    except QueryError as exc:  # UnsafeQueryError included
        return Reply(failure(400, explain(str(exc), job.query)))
    if niced:
        with contextlib.suppress(OSError, AttributeError):  # not Linux
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), LOWEST_PRIORITY)
    try:
        answer = evaluate(store, checked, job)
    except MemoryError:
        return Reply(failure(503, MEMORY_MESSAGE), Outcome.MEMORY_STOP)
    return Reply(
        Answer(answer.status, answer.media_type, answer.body, cacheable=answer.status == 200 and not checked.volatile)
    )


class _Unacceptable(Exception):
    """The client accepts no format for this kind of answer (406)."""


class _TooLarge(Exception):
    """The result is over the job's ``max_bytes`` (413)."""


def evaluate(store: Any, checked: Any, job: Job) -> Answer:
    """The answer to a checked query, in the first acceptable format; a
    MemoryError goes up (the caller says so), anything else the engine raises
    is a 400 with its message."""
    from ...sparql.syntax_errors import explain

    try:
        store, options = _dataset(store, job)
        media, body = _serialized(store.query(checked.text, **options), job)
    except _Unacceptable as exc:
        return failure(406, str(exc))
    except _TooLarge:
        return failure(
            413, f"the result is over this endpoint's limit of {job.max_bytes:,} bytes: narrow the query or add LIMIT"
        )
    except SyntaxError as exc:
        from ...sparql.isolation import engine_error

        return failure(400, explain(str(engine_error(checked, exc)), job.query))
    except MemoryError:
        raise
    except Exception as exc:  # whatever the engine raises, the client gets a message, not a crash
        return failure(400, f"the query could not be evaluated: {exc}")
    charset = "; charset=utf-8" if media not in {"application/sparql-results+xml", "application/rdf+xml"} else ""
    return Answer(200, media + charset, body)


def _dataset(store: Any, job: Job) -> tuple[Any, dict[str, Any]]:
    """The store to query and the engine's options: the base IRI, and the
    protocol dataset if the request gave one."""
    import pyoxigraph as ox

    options: dict[str, Any] = {"base_iri": job.base_iri}
    if job.default_graphs is None and job.named_graphs is None:
        return store, options
    defaults = list(dict.fromkeys(job.default_graphs or ()))  # a graph named twice counts once
    named = list(dict.fromkeys(job.named_graphs or ()))
    if len(defaults) > 1:
        # SPARQL merges the default graphs, each statement once; the engine would repeat the
        # statements they share, so the merge is made here, in a store of this query's own
        store = _merged(store, defaults, named)
        defaults = [MERGED_DEFAULT_GRAPH]
    options["default_graph"] = [ox.NamedNode(g) for g in defaults]
    options["named_graphs"] = [ox.NamedNode(g) for g in named]
    return store, options


def _merged(store: Any, defaults: list[str], named: list[str]) -> Any:
    """A store holding the RDF merge of the ``defaults`` graphs (as one graph
    of a reserved name) and the ``named`` graphs, for one query."""
    import pyoxigraph as ox

    merged = ox.Store()
    target = ox.NamedNode(MERGED_DEFAULT_GRAPH)
    # extend, not bulk_extend: the bulk loader starts threads whose allocator arenas count against the
    # worker's memory limit
    merged.extend(
        ox.Quad(q.subject, q.predicate, q.object, target)
        for g in defaults
        for q in store.quads_for_pattern(None, None, None, ox.NamedNode(g))
    )
    merged.extend(q for g in named for q in store.quads_for_pattern(None, None, None, ox.NamedNode(g)))
    return merged


def _serialized(result: Any, job: Job) -> tuple[str, bytes]:
    """The media type and bytes of a result: a graph in the first of the
    job's graph types, solutions or a boolean in the first of its result
    types."""
    import pyoxigraph as ox

    from ..negotiation import GRAPH_TYPES, RESULT_TYPES, graph_engine, results_engine

    if isinstance(result, ox.QueryTriples):
        media = next(iter(job.graph_types), None)
        if media is None:
            raise _Unacceptable("no acceptable format for a graph; accepted: " + ", ".join(GRAPH_TYPES))
        return media, _bounded(result, graph_engine(media), job.max_bytes)
    media = next(iter(job.result_types), None)
    if media is None:
        raise _Unacceptable("no acceptable format for query results; accepted: " + ", ".join(RESULT_TYPES))
    return media, _bounded(result, results_engine(media), job.max_bytes)


class _Limited:
    """A binary sink that refuses to grow past ``limit`` bytes, so a huge
    result is abandoned while it is written, not after."""

    def __init__(self, limit: int):
        self.limit = limit
        self.parts: list[bytes] = []
        self.size = 0

    def write(self, data: bytes) -> int:
        """Keep ``data``, or raise _TooLarge past the limit."""
        self.size += len(data)
        if self.size > self.limit:
            raise _TooLarge()
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        """Nothing to flush: the parts are kept in memory."""


def _bounded(result: Any, fmt: Any, limit: int) -> bytes:
    """A result written in ``fmt``, at most ``limit`` bytes (else _TooLarge)."""
    sink = _Limited(limit)
    try:
        result.serialize(sink, format=fmt)
    except Exception:
        if sink.size > limit:
            raise _TooLarge() from None
        raise
    return b"".join(sink.parts)


# --------------------------------------------------------------------------- the process


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


def limit_memory(max_memory: int) -> None:
    """Let this process allocate at most ``max_memory`` bytes more than it
    holds now, plus one evaluation stack (``RLIMIT_DATA``)."""
    import resource

    from ...stack import STACK_BYTES

    limit = _data_bytes() + STACK_BYTES + max_memory
    with contextlib.suppress(ValueError, OSError):  # a lower hard limit is already set
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))


def worker_loop(sock: socket.socket, store: Any, settings: WorkerSettings) -> None:  # pragma: no cover - a child
    """A worker's life: bound to its template, quiet, under its memory limit,
    answering requests on ``sock`` until the server closes it, all on one
    thread with a deep stack."""
    from multiprocessing.connection import Connection

    from ...libc import libc
    from ...stack import on_deep_stack

    with contextlib.suppress(OSError, AttributeError):
        libc().prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG: die with the template
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)  # an engine that aborts prints its backtrace: not into the server's log
    os.close(devnull)
    limit_memory(settings.max_memory)
    on_deep_stack(answer_requests, Connection(sock.detach()), store, settings)


def answer_requests(conn: Any, store: Any, settings: WorkerSettings) -> None:
    """Answer each request that comes on ``conn`` until it closes."""
    while True:
        try:
            request: QueryRequest = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply = answer_job(store, request.job, settings, request.niced)
        except Exception:  # a bug must cost one answer, not the worker
            reply = Reply(Answer(500, "text/plain; charset=utf-8", INTERNAL_ERROR), Outcome.INTERNAL_ERROR)
        try:
            conn.send(reply)
        except OSError:
            return
