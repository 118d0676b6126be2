"""What the server, the template process and the workers say to each other,
as typed values.

* Server -> worker: a :class:`QueryRequest` (a :class:`Job`, and whether
  to evaluate it at the lowest CPU priority); worker -> server: a
  :class:`Reply`, the :class:`Answer` and the :class:`Outcome` that says how
  the worker ended the query (answered, stopped at the memory limit, or a
  bug). Both travel pickled over the worker's own socket.
* Server <-> template (the control channel, a SOCK_SEQPACKET socket): one
  :class:`Control` per packet, a fixed header (:data:`HEADER`: kind, pid,
  value) with a worker's socket or pidfd passed beside it: fork a worker;
  the template is ready; a worker was forked (or could not be); a worker
  exited, with its wait status.
"""

from __future__ import annotations

import enum
import os
import signal
import struct
from dataclasses import dataclass


@dataclass(frozen=True)
class Job:
    """One query to answer, with everything that decides its answer (so a
    Job is also the answer cache's key)."""

    query: str
    result_types: tuple[str, ...]  # acceptable media types for solutions and booleans, best first
    graph_types: tuple[str, ...]  # acceptable media types for graphs, best first
    default_graphs: tuple[str, ...] | None = None  # protocol dataset (None: the query's own)
    named_graphs: tuple[str, ...] | None = None
    max_bytes: int = 10_000_000
    base_iri: str | None = None  # relative IRIs in the query resolve against it (the endpoint's URL)


@dataclass(frozen=True)
class Answer:
    """What the client gets: a status, a media type and the body."""

    status: int
    media_type: str
    body: bytes
    #: the same query always gets this answer (a success, with no NOW(), RAND()...)
    cacheable: bool = False


@dataclass(frozen=True)
class WorkerSettings:
    """What every worker is told once, when it is forked."""

    local_graphs: frozenset[str] = frozenset()
    long_after: float = 1.0
    max_memory: int = 1 << 30  # bytes a query may allocate in its worker


# --------------------------------------------------------------------------- server <-> worker


@dataclass(frozen=True)
class QueryRequest:
    """Server -> worker: answer this job; ``niced``: evaluate it at the
    lowest CPU priority (its client lately ran long queries; the check runs
    at the normal one, as it is bounded). A query that turns long is
    lowered by the server itself."""

    job: Job
    niced: bool = False


class Outcome(enum.Enum):
    """How a worker that stays alive ended a query."""

    ANSWERED = "answered"  # a result, or an error the query itself caused
    MEMORY_STOP = "memory stop"  # the engine reached the worker's memory limit and gave up
    INTERNAL_ERROR = "internal error"  # a bug in jointvision: it cost one answer, not the worker


@dataclass(frozen=True)
class Reply:
    """Worker -> server: the answer, and how the query ended."""

    answer: Answer
    outcome: Outcome = Outcome.ANSWERED

    @property
    def memory_stop(self) -> bool:
        """The query was stopped at the memory limit (the worker said so)."""
        return self.outcome is Outcome.MEMORY_STOP


# --------------------------------------------------------------------------- server <-> template


class Kind(enum.Enum):
    """The kinds of control messages, by their one-byte tag."""

    FORK = b"F"  # server -> template: fork a worker on the socket passed beside
    READY = b"R"  # template -> server: loaded; value: 1 if cut off the network
    FORKED = b"P"  # template -> server: a worker's pid (its pidfd beside); pid -1: the fork failed
    EXITED = b"X"  # template -> server: a worker ended; value: its wait status


#: The fixed header of every control message: kind, pid, value.
HEADER = struct.Struct("=cii")


@dataclass(frozen=True)
class Control:
    """One message on the control channel between server and template."""

    kind: Kind
    pid: int = 0
    value: int = 0

    def encode(self) -> bytes:
        """The message as its fixed header."""
        return HEADER.pack(self.kind.value, self.pid, self.value)

    @classmethod
    def decode(cls, data: bytes) -> Control:
        """A message from its header (ValueError for anything else)."""
        if len(data) != HEADER.size:
            raise ValueError(f"a control message is {HEADER.size} bytes, not {len(data)}")
        tag, pid, value = HEADER.unpack(data)
        return cls(Kind(tag), pid, value)

    @classmethod
    def fork(cls) -> Control:
        """Fork a worker (its socket travels beside)."""
        return cls(Kind.FORK)

    @classmethod
    def ready(cls, isolated: bool) -> Control:
        """The template has loaded the data, cut off the network or not."""
        return cls(Kind.READY, 0, int(isolated))

    @classmethod
    def forked(cls, pid: int) -> Control:
        """A worker was forked: its pid."""
        return cls(Kind.FORKED, pid)

    @classmethod
    def fork_failed(cls) -> Control:
        """No worker could be forked (out of processes or memory)."""
        return cls(Kind.FORKED, -1)

    @classmethod
    def exited(cls, pid: int, status: int) -> Control:
        """A worker ended with this wait status."""
        return cls(Kind.EXITED, pid, status)

    @property
    def isolated(self) -> bool:
        """(READY) the workers run without network access."""
        return bool(self.value)

    @property
    def failed(self) -> bool:
        """(FORKED) the fork failed."""
        return self.pid < 0

    @property
    def aborted(self) -> bool:
        """(EXITED) the worker was aborted (SIGABRT): how the engine ends
        when it cannot allocate, past the worker's memory limit."""
        return os.WIFSIGNALED(self.value) and os.WTERMSIG(self.value) == signal.SIGABRT
