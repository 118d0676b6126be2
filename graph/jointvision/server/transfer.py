"""Moving bytes to and from clients, bounded: the request body read up to a
limit, a query abandoned when its client hangs up, and answers counted
while they are being sent (so slow readers cannot pile them up)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable
from typing import Any, TypeVar

from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.types import Message, Receive, Scope, Send

from .errors import HTTPError
from .protocol import check_body_size

T = TypeVar("T")
#: An answer this large waits (503) while others fill the sending budget; smaller ones always go.
LARGE_ANSWER = 1_000_000


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, at most ``limit`` bytes (413 beyond, by the declared
    length or as it comes); 400 if the client leaves before it is complete."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit():
        check_body_size(int(declared), limit)
    chunks, size = [], 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            check_body_size(size, limit)
            chunks.append(chunk)
    except ClientDisconnect:
        raise HTTPError(400, "the client went away before the request body was complete") from None
    return b"".join(chunks)


async def _client_left(request: Request) -> None:
    """Return once the client has closed its connection. Called after the
    request body has been read, so the only message left to come is the
    disconnect."""
    while (await request.receive())["type"] != "http.disconnect":
        pass


async def unless_client_leaves(request: Request, work: Awaitable[T]) -> T | None:
    """Await ``work``, unless the client disconnects first: then cancel it
    (which kills the worker running the query, so a client that gives up
    does not hold a worker until the time limit) and return None."""
    task = asyncio.ensure_future(work)
    watch = asyncio.ensure_future(_client_left(request))
    try:
        await asyncio.wait({task, watch}, return_when=asyncio.FIRST_COMPLETED)
    except BaseException:  # the handler itself is cancelled (server shutting down)
        task.cancel()
        raise
    finally:
        watch.cancel()
    if task.done():
        return task.result()
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    return None


class Sending:
    """The bytes of answers being sent right now, and the bounds on them:
    ``max_bytes`` in all (a large answer beyond waits), ``timeout`` seconds
    for a client to take each part of an answer."""

    def __init__(self, max_bytes: int, timeout: float):
        self.max_bytes = max_bytes
        self.timeout = timeout
        self.bytes = 0

    def check(self, size: int) -> None:
        """503 for a large answer while others fill the budget."""
        if self.bytes + size > self.max_bytes and size > LARGE_ANSWER:
            raise HTTPError(
                503, "the server is busy sending other large answers: try again shortly", {"Retry-After": "1"}
            )


class CountedResponse(Response):
    """A response that counts its bytes as being sent until the client has
    taken them (``Sending``), and that gives up on a client that does not
    read for ``Sending.timeout`` seconds (the connection is closed)."""

    def __init__(self, sending: Sending, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._sending = sending

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        sending, size = self._sending, len(self.body)
        sending.bytes += size

        async def bounded(message: Message) -> None:
            await asyncio.wait_for(send(message), sending.timeout)

        try:
            await super().__call__(scope, receive, bounded)
        finally:
            sending.bytes -= size
