"""The template process (the zygote): it loads the dataset once, cuts itself
off the network, and forks every worker; and :class:`Zygote`, the server's
side of it.

A worker forked from the template costs a few milliseconds and shares the
template's memory until it writes, so workers are forked when queries need
them, replacing killed workers is cheap, and memory does not multiply. The
template is a fresh interpreter (no copy of the server's threads) that
imports only what a worker needs: started with ``python -c`` (not
multiprocessing, whose spawn would also start a resource tracker and import
the server's main module), its data and settings pickled on its standard
input. Server and template talk over one SOCK_SEQPACKET socket in
:class:`~.messages.Control` messages; a new worker's socket goes to the
template, and the worker's pidfd comes back, beside them.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
from collections import deque
from collections.abc import Callable
from typing import Any

from .handle import WorkerHandle
from .messages import HEADER, Control, Kind, WorkerSettings


class TemplateGone(RuntimeError):
    """The template process died; the pool starts another."""


# --------------------------------------------------------------------------- in the template


def boot(control_fd: int) -> None:  # pragma: no cover - the template process
    """The template process's entry (``python -c``, see :class:`Zygote`):
    it imports what a worker runs at once (while the server is still
    starting, when it was started by :func:`prestart`), then waits for the
    data and the settings, pickled on standard input; the control socket is
    the descriptor ``control_fd``."""
    import pickle
    import sys

    _preload()
    try:
        nquads, settings = pickle.load(sys.stdin.buffer)
    except (EOFError, pickle.UnpicklingError):  # the server stopped before it needed a template
        os._exit(0)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    template_main(socket.socket(fileno=control_fd), nquads, settings)


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


def _preload() -> None:  # pragma: no cover - in the template
    """Import the modules a worker runs, once, so that no worker imports
    anything (but the engine's error messages, on a syntax error)."""
    import pyoxigraph  # noqa: F401

    from ...sparql import guard, syntax_errors  # noqa: F401
    from .. import negotiation  # noqa: F401
    from . import worker  # noqa: F401


def _load(nquads: bytes | str) -> Any:  # pragma: no cover - in the template
    """The store every worker queries: an on-disk store opened read-only (a
    path: every worker reads the same files), or the N-Quads loaded in memory."""
    import pyoxigraph as ox

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
        waiting = _PRESTARTED.pop() if _PRESTARTED else None
        if waiting is not None and waiting[0].poll() is not None:  # it died waiting
            waiting[1].close()
            waiting = None
        self.process, self._control = waiting or _start_template()
        _hand_over(self.process, nquads, settings)
        data = self._control.recv(HEADER.size)
        if not data:  # it died loading the data
            self._control.close()
            self.process.kill()
            self.process.wait()
            raise RuntimeError("the query template process failed to start")
        ready = Control.decode(data)
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
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(5)


#: A template started ahead by :func:`prestart`, for the next :class:`Zygote` to take.
_PRESTARTED: list[tuple[subprocess.Popen, socket.socket]] = []


def prestart() -> None:
    """Start a template now, so that its interpreter and imports (a few
    tenths of a second) overlap the server's own start; the next
    :class:`Zygote` takes it. One at most waits; it ends with this process."""
    if not _PRESTARTED:
        _PRESTARTED.append(_start_template())


def _start_template() -> tuple[subprocess.Popen, socket.socket]:
    """A fresh interpreter running :func:`boot`, and the server's end of
    its control socket; it waits for its data on its standard input."""
    import sys
    from pathlib import Path

    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    package_root = str(Path(__file__).resolve().parents[3])  # where this package is imported from
    path = os.environ.get("PYTHONPATH")
    env = {**os.environ, "PYTHONPATH": package_root + (os.pathsep + path if path else "")}
    try:
        process = subprocess.Popen(
            [sys.executable, "-c", f"from {__name__} import boot; boot({theirs.fileno()})"],
            stdin=subprocess.PIPE,
            pass_fds=(theirs.fileno(),),
            env=env,
        )
    except BaseException:
        ours.close()
        raise
    finally:
        theirs.close()
    return process, ours


def _hand_over(process: subprocess.Popen, nquads: bytes | str, settings: WorkerSettings) -> None:
    """Give a template its data and settings (pickled, on its standard input)."""
    import pickle

    assert process.stdin is not None
    with contextlib.suppress(OSError), process.stdin:  # it died: the caller sees the control socket close
        process.stdin.write(pickle.dumps((nquads, settings), protocol=pickle.HIGHEST_PROTOCOL))
