"""The template process (the zygote): it loads the dataset once, cuts itself
off the network, and forks every worker; and :class:`Zygote`, the server's
side of it.

A worker forked from the template costs a few milliseconds and shares the
template's memory until it writes, so replacing killed workers is cheap and
memory does not multiply. Server and template talk over one SOCK_SEQPACKET
socket in :class:`~.messages.Control` messages; a new worker's socket goes
to the template, and the worker's pidfd comes back, beside them.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
from collections import deque
from collections.abc import Callable
from typing import Any

from .handle import WorkerHandle
from .messages import HEADER, Control, Kind, WorkerSettings


class TemplateGone(RuntimeError):
    """The template process died; the pool starts another."""


# --------------------------------------------------------------------------- in the template


def template_main(control: socket.socket, nquads: bytes | str, settings: WorkerSettings) -> None:  # pragma: no cover
    """The template process: isolate, load, then fork a worker per request
    and report every worker's exit."""
    import select

    from ...sparql.isolation import isolate_this_process

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server decides when it ends
    isolated = isolate_this_process()  # first, while this process has one thread
    store = _load(nquads)
    del nquads
    wake_read, wake_write = os.pipe()
    os.set_blocking(wake_write, False)
    signal.set_wakeup_fd(wake_write)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    control.send(Control.ready(isolated).encode())
    while True:
        ready, _, _ = select.select([control.fileno(), wake_read], [], [])
        if wake_read in ready:
            os.read(wake_read, 4096)
            _report_exits(control)
        if control.fileno() in ready:
            try:
                message, fds, _, _ = socket.recv_fds(control, HEADER.size, 1)
            except OSError:
                os._exit(0)
            if not message:  # the server is gone
                os._exit(0)
            _fork_worker(control, fds[0], store, settings, (wake_read, wake_write))


def _load(nquads: bytes | str) -> Any:  # pragma: no cover - in the template
    """The store every worker queries: an on-disk store opened read-only (a
    path: every worker reads the same files), or the N-Quads loaded in memory.
    The engine's modules are imported here, once, so that no worker imports
    anything."""
    import pyoxigraph as ox

    from ...sparql import engine  # noqa: F401
    from .. import negotiation  # noqa: F401

    if isinstance(nquads, str):
        return ox.Store.read_only(nquads)
    store = ox.Store()
    store.bulk_load(nquads, format=ox.RdfFormat.N_QUADS)
    return store


def _report_exits(control: socket.socket) -> None:  # pragma: no cover - in the template
    """Reap every worker that has ended and tell the server how."""
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        control.send(Control.exited(pid, status).encode())


def _fork_worker(
    control: socket.socket, fd: int, store: Any, settings: WorkerSettings, wake: tuple[int, int]
) -> None:  # pragma: no cover - in the template
    """Fork a worker on the socket ``fd`` and send the server its pid, with
    its pidfd where the system has them."""
    from .worker import worker_loop

    try:
        pid = os.fork()
    except OSError:  # out of processes or memory: say so, and go on serving
        os.close(fd)
        control.send(Control.fork_failed().encode())
        return
    if pid == 0:
        signal.set_wakeup_fd(-1)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        control.close()
        for end in wake:
            os.close(end)
        try:
            worker_loop(socket.socket(fileno=fd), store, settings)
        finally:
            os._exit(0)
    os.close(fd)
    try:
        pidfd = os.pidfd_open(pid)
        socket.send_fds(control, [Control.forked(pid).encode()], [pidfd])
        os.close(pidfd)
    except (AttributeError, OSError):
        control.send(Control.forked(pid).encode())


# --------------------------------------------------------------------------- in the server


class Zygote:
    """The template process, seen from the server: fork requests, exit
    reports, and whether it is still alive."""

    def __init__(self, nquads: bytes | str, settings: WorkerSettings):
        import multiprocessing

        self._control, child = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        context = multiprocessing.get_context("spawn")  # a fresh interpreter: no copy of the server's threads
        self.process = context.Process(target=template_main, args=(child, nquads, settings), daemon=True)
        self.process.start()
        child.close()
        ready = Control.decode(self._control.recv(HEADER.size))
        if ready.kind is not Kind.READY:  # pragma: no cover
            raise RuntimeError("the query template process failed to start")
        self.isolated = ready.isolated
        self.alive = True
        self._control.setblocking(False)
        self._forks: deque[asyncio.Future[tuple[int, int | None]]] = deque()
        self._exits: dict[int, asyncio.Future[Control]] = {}  # only for the workers still watched
        self._loop: asyncio.AbstractEventLoop | None = None
        self.on_death: Callable[[], None] | None = None  # called once, on the loop, when the template dies

    @property
    def loop(self) -> asyncio.AbstractEventLoop:
        """The event loop the template's messages are read on."""
        if self._loop is None:
            raise RuntimeError("the template is not attached to an event loop")
        return self._loop

    def attach(self, loop: asyncio.AbstractEventLoop) -> None:
        """Read the template's messages on ``loop`` from now on."""
        self._loop = loop
        loop.add_reader(self._control.fileno(), self._readable)

    def _readable(self) -> None:
        while True:
            try:
                data, fds, _, _ = socket.recv_fds(self._control, HEADER.size, 1)
            except (BlockingIOError, InterruptedError):
                return
            except OSError:
                data, fds = b"", []
            if not data:  # the template died
                self._died()
                return
            message = Control.decode(data)
            if message.kind is Kind.FORKED:
                self._forked(message, fds[0] if fds else None)
            elif message.kind is Kind.EXITED:
                future = self._exits.get(message.pid)
                if future is not None and not future.done():
                    future.set_result(message)

    def _forked(self, message: Control, pidfd: int | None) -> None:
        future = self._forks.popleft()
        if message.failed:
            future.set_exception(RuntimeError("the template could not fork a worker"))
        elif not future.done():
            self._exits[message.pid] = self.loop.create_future()
            future.set_result((message.pid, pidfd))
        elif pidfd is not None:
            os.close(pidfd)

    def _died(self) -> None:
        if not self.alive:
            return
        self.alive = False
        with contextlib.suppress(ValueError, OSError):
            self.loop.remove_reader(self._control.fileno())
        while self._forks:
            self._forks.popleft().set_exception(TemplateGone("the query template process is gone"))
        if self.on_death is not None:
            self.on_death()

    async def fork(self) -> WorkerHandle:
        """A new worker, forked from the template (TemplateGone if it died)."""
        from multiprocessing.connection import Connection

        if not self.alive:
            raise TemplateGone("the query template process is gone")
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        future = self.loop.create_future()
        self._forks.append(future)
        try:
            socket.send_fds(self._control, [Control.fork().encode()], [theirs.fileno()])
        except OSError:
            self._forks.remove(future)
            ours.close()
            self._died()
            raise TemplateGone("the query template process is gone") from None
        finally:
            theirs.close()
        pid, pidfd = await future
        return WorkerHandle(Connection(ours.detach()), pid, pidfd)

    async def exit_of(self, pid: int, wait: float) -> Control | None:
        """How worker ``pid`` ended (its EXITED message), if known within ``wait`` s."""
        future = self._exits.get(pid)
        if future is None:
            return None
        try:
            return await asyncio.wait_for(asyncio.shield(future), wait)
        except asyncio.TimeoutError:
            return None

    def forget(self, pid: int) -> None:
        """Stop watching worker ``pid``'s exit."""
        future = self._exits.pop(pid, None)
        if future is not None and not future.done():
            future.cancel()

    def close(self) -> None:
        """Stop the template (its workers die with it)."""
        self.alive = False
        if self._loop is not None:
            with contextlib.suppress(ValueError, OSError):
                self._loop.remove_reader(self._control.fileno())
        self._control.close()
        self.process.kill()
        self.process.join(5)
