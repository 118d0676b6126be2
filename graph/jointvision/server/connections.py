"""Connection limits of ``jointvision serve``, enforced where Uvicorn reads
HTTP: a protocol class of our own (a subclass of Uvicorn's h11 protocol,
given to ``uvicorn.run(http=...)``).

Uvicorn's ``limit_concurrency`` counts open connections, idle ones
included, and answers 503 to everyone past it: 260 sockets that never
finish their headers shut the server for all. Instead:

* **A share per address.** One client address (an IPv6 client: its /64)
  holds at most ``per_client`` open connections; a new one beyond is closed
  at once, before anything is read. Other addresses are not affected.
* **A deadline for the request head.** A connection must deliver a whole
  request head within ``header_timeout`` seconds of opening, and again
  within as long of each answer on a kept-alive connection (Uvicorn's own
  keep-alive timeout stops at the first byte, so a head sent one byte at a
  time is otherwise never timed out); past it, 408 if part of a head came,
  and the connection is closed. A body must then arrive within as long
  again, plus a second per 64 kB.
* **Room for new connections.** At most ``max_connections`` are open; at
  that number a new one closes the connection that has waited longest for a
  request (idle: no request in progress), and is refused only if every
  connection is in the middle of a request. So idle sockets, from however
  many addresses, cannot keep a client with a request out.
* **Requests in progress** are bounded separately (``max_requests``: 503
  with ``Retry-After`` beyond), as ``limit_concurrency`` bounded them.
"""

from __future__ import annotations

import asyncio
import ipaddress
from dataclasses import dataclass, replace
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

#: Bytes per second a request body is allowed on top of the head's deadline.
BODY_BYTES_PER_SECOND = 65_536
#: The largest body the body deadline allows for (the endpoint's largest request; a chunked body counts as this).
MAX_BODY_BYTES = 1_000_000
#: File descriptors kept for everything but client connections (worker pipes, the store, listeners).
RESERVED_FILES = 256


@dataclass(frozen=True)
class ConnectionLimits:
    """The connection limits of one server (``serve``'s options)."""

    max_connections: int = 1024  # open client connections at most
    per_client: int | None = None  # open connections one address may hold (default: share()); 0: no cap
    header_timeout: float = 10.0  # seconds to send a request head (and its body, plus 1 s per 64 kB)
    max_requests: int = 256  # requests in progress at once (503 beyond)

    @property
    def share(self) -> int:
        """Connections one address may hold: ``per_client``, by default a
        sixteenth of all (at least 8); 0 means no cap."""
        if self.per_client is not None:
            return min(self.per_client, self.max_connections)
        return max(8, self.max_connections // 16)

    def within_open_files(self) -> tuple[ConnectionLimits, str | None]:
        """These limits with ``max_connections`` lowered to what the
        process may open, after raising its soft limit of open files as far
        as the hard one allows; and a note when it had to be lowered."""
        try:
            import resource
        except ImportError:  # not on Unix: nothing to raise or read
            return self, None
        wanted = self.max_connections + RESERVED_FILES
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        if soft != resource.RLIM_INFINITY and soft < wanted:
            target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
            try:
                resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
                soft = target
            except (ValueError, OSError):
                pass
        if soft == resource.RLIM_INFINITY or soft >= wanted:
            return self, None
        fitting = max(16, soft - RESERVED_FILES)
        per_client = None if self.per_client is None else min(self.per_client, fitting)
        return (
            replace(self, max_connections=fitting, per_client=per_client),
            f"note: at most {fitting:,} connections: this process may open {soft:,} files "
            f"(ulimit -n), not the {wanted:,} that --max-connections {self.max_connections:,} needs",
        )


def client_key(peer: Any) -> str:
    """The address a connection's share is counted by: the IP address; for
    IPv6 its /64 (one subscriber's network); an IPv4-mapped address as IPv4."""
    if not isinstance(peer, (tuple, list)) or not peer:
        return ""  # a Unix socket: one local peer
    host = str(peer[0])
    try:
        ip = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return host
    if ip.version == 6:
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


class Connections:
    """The open connections of one server: how many each address holds,
    and the idle ones, longest-waiting first."""

    def __init__(self, limits: ConnectionLimits):
        self.limits = limits
        self.open = 0
        self.by_address: dict[str, int] = {}
        self.idle: dict[GuardedH11Protocol, None] = {}  # insertion order: longest idle first
        self.refused = 0  # closed at once: the address held its share, or every connection was busy
        self.evicted = 0  # idle connections closed to make room for a new one
        self.timed_out = 0  # closed at the head or body deadline

    def admit(self, connection: GuardedH11Protocol) -> bool:
        """Count a new connection in, closing the longest idle one if every
        place is taken; False if its address holds its share, or no
        connection is idle."""
        share = self.limits.share
        if share and self.by_address.get(connection.address, 0) >= share:
            self.refused += 1
            return False
        if self.open >= self.limits.max_connections:
            victim = next(iter(self.idle), None)
            if victim is None:
                self.refused += 1
                return False
            self.evicted += 1
            victim.close_idle()
        self.open += 1
        self.by_address[connection.address] = self.by_address.get(connection.address, 0) + 1
        return True

    def release(self, connection: GuardedH11Protocol) -> None:
        """Count a closed connection out."""
        self.idle.pop(connection, None)
        self.open -= 1
        held = self.by_address[connection.address] - 1
        if held:
            self.by_address[connection.address] = held
        else:
            del self.by_address[connection.address]


_TIMEOUT_BODY = b"the request head did not arrive in time\n"
_REQUEST_TIMEOUT = (
    b"HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain; charset=utf-8\r\n"
    b"content-length: %d\r\nconnection: close\r\n\r\n%s" % (len(_TIMEOUT_BODY), _TIMEOUT_BODY)
)
_BUSY_BODY = b"the server is answering too many requests at once: try again shortly\n"


async def _busy(scope, receive, send) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": 503,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(_BUSY_BODY)).encode()),
                (b"retry-after", b"1"),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": _BUSY_BODY})


class GuardedH11Protocol(H11Protocol):
    """Uvicorn's h11 protocol, with the limits of a ``Connections`` table
    (``table``, set on the subclass ``protocol_for`` makes)."""

    table: Connections

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        app, tasks, most = self.app, self.tasks, self.table.limits.max_requests

        async def bounded(scope, receive, send):
            # this request's task is among the tasks already
            if scope["type"] == "http" and len(tasks) > most:
                await _busy(scope, receive, send)
            else:
                await app(scope, receive, send)

        self.app = bounded
        self.address = ""
        self._counted = False  # holds a place in the table
        self._made = False  # Uvicorn's connection_made ran
        self._idle = False
        self._head_begun = False  # bytes of a request head came while idle
        self._deadline: asyncio.TimerHandle | None = None
        self._timed_cycle = None  # the request whose body the deadline is running for

    # ---------------------------------------------------------- the table
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        """Admit the connection to the table, or close it at once."""
        self.address = client_key(transport.get_extra_info("peername"))
        if not self.table.admit(self):
            self.transport = transport
            transport.close()
            return
        self._counted = self._made = True
        super().connection_made(transport)
        self._settle()

    def connection_lost(self, exc: Exception | None) -> None:
        """Leave the table."""
        self._cancel_deadline()
        if self._counted:
            self._counted = False
            self.table.release(self)
        if self._made:
            super().connection_lost(exc)

    def close_idle(self) -> None:
        """Close this idle connection to make room for a new one."""
        self._cancel_deadline()
        if self._counted:
            self._counted = False
            self.table.release(self)
        self.transport.close()

    # ------------------------------------------------- states and deadlines
    def data_received(self, data: bytes) -> None:
        """Note that a request head has begun on an idle connection."""
        if not self._made:
            return
        if self._idle and data:
            self._head_begun = True
        super().data_received(data)

    def handle_events(self) -> None:
        """Uvicorn's, then follow the connection's state."""
        super().handle_events()
        self._settle()

    def on_response_complete(self) -> None:
        """Uvicorn's, then follow the connection's state."""
        super().on_response_complete()
        self._settle()

    def _settle(self) -> None:
        """Follow the connection's state: idle (waiting for a request head:
        evictable, head deadline running) or in a request (body deadline
        while the body is coming)."""
        if self.transport is None or self.transport.is_closing():
            return
        limits = self.table.limits
        if self.cycle is None or self.cycle.response_complete:
            if not self._idle:
                self._idle, self._head_begun, self._timed_cycle = True, False, None
                self.table.idle[self] = None
                self._set_deadline(limits.header_timeout, self._head_late)
            return
        if self._idle:
            self._idle = False
            self.table.idle.pop(self, None)
            self._cancel_deadline()
        if self.conn.their_state is h11.SEND_BODY:
            if self._timed_cycle is not self.cycle:
                self._timed_cycle = self.cycle
                length = next((value for name, value in self.headers if name == b"content-length"), b"")
                size = min(int(length), MAX_BODY_BYTES) if length.isdigit() else MAX_BODY_BYTES
                self._set_deadline(limits.header_timeout + size / BODY_BYTES_PER_SECOND, self._body_late)
        elif self._timed_cycle is not None:
            self._timed_cycle = None
            self._cancel_deadline()

    def _set_deadline(self, seconds: float, action) -> None:
        self._cancel_deadline()
        self._deadline = self.loop.call_later(seconds, action)

    def _cancel_deadline(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _head_late(self) -> None:
        self._deadline = None
        if self.transport.is_closing():
            return
        self.table.timed_out += 1
        if self._head_begun:
            self.transport.write(_REQUEST_TIMEOUT)
        self.transport.close()

    def _body_late(self) -> None:
        self._deadline = None
        if self.transport.is_closing():
            return
        self.table.timed_out += 1
        self.transport.close()  # the application sees the client leave


def protocol_for(limits: ConnectionLimits) -> type[GuardedH11Protocol]:
    """A protocol class for one server, with its own connection table."""
    return type("GuardedH11Protocol", (GuardedH11Protocol,), {"table": Connections(limits)})
