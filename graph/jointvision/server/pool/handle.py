"""The server's handle on one worker process: its connection, its pid(fd),
what the pool knows of the query it runs, and one exchange with it."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
from multiprocessing.connection import Connection

from .messages import QueryRequest, Reply


class WorkerHandle:
    """One worker, seen from the server."""

    def __init__(self, conn: Connection, pid: int, pidfd: int | None):
        self.conn = conn
        self.pid = pid
        self.pidfd = pidfd
        self.client: str | None = None
        self.started: float | None = None  # loop time of the running query; None when idle
        self.long = False
        self.refused: str | None = None  # why the pool stopped its query (the long lane was full)
        self.dead = False

    async def ask(self, loop: asyncio.AbstractEventLoop, request: QueryRequest, deadline: float) -> Reply:
        """Send a request and await the worker's reply, until ``deadline``
        (loop time; at least 50 ms from now). Raises asyncio.TimeoutError past
        it, EOFError or OSError if the worker died (or was stopped), and
        CancelledError if the caller gives up; the worker is then the
        caller's to kill."""
        done: asyncio.Future[Reply] = loop.create_future()
        fd = self.conn.fileno()

        def readable() -> None:
            loop.remove_reader(fd)
            if not done.done():
                try:
                    done.set_result(self.conn.recv())
                except (EOFError, OSError) as exc:
                    done.set_exception(exc)

        def expire() -> None:
            if not done.done():
                done.set_exception(asyncio.TimeoutError())

        timer = loop.call_at(max(deadline, loop.time() + 0.05), expire)
        try:
            loop.add_reader(fd, readable)
            self.conn.send(request)
            return await done
        except (asyncio.TimeoutError, EOFError, OSError, asyncio.CancelledError):
            with contextlib.suppress(ValueError, OSError):
                loop.remove_reader(fd)
            raise
        finally:
            timer.cancel()

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
        """Kill the process and close the connection (once)."""
        if self.dead:
            return
        self.dead = True
        try:
            self.stop()
        finally:
            if self.pidfd is not None:
                os.close(self.pidfd)
            self.conn.close()
