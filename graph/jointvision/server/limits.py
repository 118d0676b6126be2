"""The bounds ``jointvision serve`` keeps: time, sizes, memory, workers."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """Every limit of the endpoint, with safe defaults (``serve``'s options set some)."""

    timeout: float = 5.0  # seconds a query may run
    max_request_bytes: int = 1_000_000  # request body
    max_header_bytes: int = 16_384  # all request headers together
    cache_bytes: int = 64_000_000  # answers kept for repeated queries (the data never changes); 0: no cache
    max_query_chars: int = 100_000
    max_result_bytes: int = 10_000_000
    max_memory: int = 1_000_000_000  # bytes one query may allocate in its worker
    long_after: float = 1.0  # seconds after which a query is long: lowest CPU priority, a worker added
    max_workers: int | None = None  # at most (default: 4 x workers)
    per_client: int | None = None  # queries one client address may run at once (default: max_workers - workers)
    max_sending_bytes: int = 256_000_000  # answers being sent at once; a large answer beyond waits (503)
    send_timeout: float = 30.0  # seconds a client may take to read each part of an answer
