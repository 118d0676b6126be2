"""The server's handle on one worker process: its connection, its pid(fd),
what the pool knows of the query it runs, and one exchange with it."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
from multiprocessing.connection import Connection

from .messages import QueryRequest, Reply

#: Niceness of a worker's threads once its query is long (the lowest priority).
LONG_NICENESS = 19


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
        self.niced = False  # its query runs at the lowest CPU priority (restored, or the worker retired, after)
        self.idle_since = 0.0  # loop time it last came free

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

    def lower_priority(self) -> None:
        """Move every thread of the worker to the lowest CPU priority (its
        query is long, or its client lately ran long ones). The main thread
        first: a thread it starts meanwhile inherits the niceness, one that
        already runs is in the listing taken after. The pool retires the
        worker after its query unless it can raise the priority again
        (:meth:`restore_priority`)."""
        self.niced = True
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, self.pid, LONG_NICENESS)
            for task in os.listdir(f"/proc/{self.pid}/task"):
                with contextlib.suppress(OSError, ValueError):
                    os.setpriority(os.PRIO_PROCESS, int(task), LONG_NICENESS)

    def restore_priority(self) -> bool:
        """Give the worker's threads their normal priority back, where this
        process may (as root, or within ``RLIMIT_NICE``); False if not."""
        try:
            for task in os.listdir(f"/proc/{self.pid}/task"):
                os.setpriority(os.PRIO_PROCESS, int(task), 0)
        except (OSError, ValueError):
            return False
        self.niced = False
        return True

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
