"""How a query can fail in the pool, each with the status the endpoint
answers it with (and whether the client should retry shortly)."""

from __future__ import annotations

from ...errors import QueryError


class PoolError(QueryError):
    """A query the pool could not answer; the endpoint says why."""

    #: the HTTP status of the answer
    status = 503
    #: the client may try again in a second (``Retry-After: 1``)
    retry_soon = False


class QueryTimeout(PoolError):
    """The query ran longer than the time limit and was stopped."""


class PoolBusy(PoolError):
    """No worker came free in time, or too many queries are waiting."""

    retry_soon = True


class WorkerCrash(PoolError):
    """The engine died while answering."""

    status = 500


class MemoryExceeded(PoolError):
    """The query needed more memory than a worker may use."""


class LongLaneFull(PoolError):
    """The query turned long while the long lane, or its client's share of
    it, was full: it was stopped."""

    retry_soon = True
