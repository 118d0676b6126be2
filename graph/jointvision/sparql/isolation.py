"""Where queries are evaluated: the second wall behind :func:`sparql.check_query`.

Two small mechanisms, used by the library, the command line and the
server's query workers alike:

* **No network.** :func:`isolate_this_process` moves the calling process
  into a new, empty network namespace (Linux: ``unshare(CLONE_NEWNET)`` as
  root, ``CLONE_NEWUSER | CLONE_NEWNET`` otherwise, where the system allows
  unprivileged user namespaces). :func:`evaluate` forks a child for each
  query, isolates it and evaluates there, so even a query that slipped past
  the check could reach no host, not even loopback. Where the system does
  not allow it, evaluation stays in the process and :func:`walls` says so.
* **A deep stack.** The engine recurses once per level of a query's
  expression or pattern tree; on the 8 MB stack of a main thread about 2,600
  nested ``MINUS`` blocks overflow it (a segmentation fault, which no
  ``try`` catches). Evaluation runs on a thread with ``stack.STACK_BYTES`` of
  stack, which holds over 200,000 levels; the token cap of the check
  (``sparql.MAX_TOKENS``) admits at most 20,000. Should the engine still
  die, the forked child dies alone and the caller gets a :class:`QueryError`.
"""

from __future__ import annotations

import os
import re
import signal
import sys
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, NoReturn

from ..errors import QueryError
from ..libc import libc as _libc
from ..stack import on_deep_stack

if TYPE_CHECKING:
    from .canonical import CheckedQuery

_CLONE_NEWNET, _CLONE_NEWUSER = 0x40000000, 0x10000000
_PR_SET_PDEATHSIG = 1


def isolate_this_process(die_with_parent: bool = True) -> bool:
    """Cut the calling process off every network, loopback included (a new,
    empty network namespace). Must be called while the process has one
    thread (a user namespace requires it). With ``die_with_parent`` the
    process is also killed when its parent dies. False where the system does
    not allow it."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = _libc()
        if die_with_parent:
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        if libc.unshare(_CLONE_NEWNET) == 0:
            return True
        return libc.unshare(_CLONE_NEWUSER | _CLONE_NEWNET) == 0
    except (OSError, AttributeError):
        return False


@dataclass(frozen=True)
class Walls:
    """What stands between a query and the network, for ``jointvision
    doctor``, ``--version`` and the server's ``/version``."""

    guard: str
    isolated: bool
    isolation: str

    def lines(self) -> list[str]:
        """The two lines ``jointvision doctor`` and ``--version`` print."""
        return [
            f"query check: {self.guard}",
            f"query evaluation without network: {'yes' if self.isolated else 'no'} ({self.isolation})",
        ]


GUARD = "on: SERVICE, remote FROM and updates refused; the engine runs only a canonical rewrite of the checked query"


@lru_cache(maxsize=1)
def walls() -> Walls:
    """Probe once whether a forked child can be isolated from the network
    (unless this process's first query found out already)."""
    if not hasattr(os, "fork") or not sys.platform.startswith("linux"):
        return Walls(GUARD, False, f"not available on {sys.platform}: evaluation runs in the calling process")
    if _isolation_works is False:
        return Walls(
            GUARD,
            False,
            "this system refused a network namespace to this process's first query: evaluation runs in the "
            "calling process, behind the check alone",
        )
    pid = _fork()
    if pid == 0:  # pragma: no cover - the child
        code = 0 if isolate_this_process() else 1
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    if os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0:
        how = (
            "a new network namespace for each query (root)"
            if os.geteuid() == 0
            else "a new user and network namespace for each query"
        )
        return Walls(GUARD, True, how)
    return Walls(
        GUARD,
        False,
        "this system refuses new network namespaces (unprivileged user namespaces are "
        "off): evaluation runs in the calling process, behind the check alone",
    )


def _fork() -> int:
    import warnings

    with warnings.catch_warnings():  # Python 3.12+ warns about fork in a threaded process
        warnings.simplefilter("ignore", DeprecationWarning)
        return os.fork()


# --------------------------------------------------------------------------- evaluation


_POSITION = re.compile(r"error at (\d+):(\d+)")


def engine_error(checked: CheckedQuery, exc: Exception) -> QueryError:
    """A query error from the engine, with its position in the query as written.

    >>> from jointvision.sparql.guard import check_query
    >>> checked = check_query("SELECT ?s\\nWHERE { ?s ?p }")
    >>> str(engine_error(checked, SyntaxError("error at 1:11: expected an object")))
    'SPARQL syntax error at line 2, column 1: expected an object'
    """
    message = str(exc)
    found = _POSITION.search(message)
    if isinstance(exc, SyntaxError) and found:
        # the engine counts columns in UTF-8 bytes; the marks are in characters
        column = len(checked.text.encode("utf-8")[: int(found.group(2)) - 1].decode("utf-8", "ignore")) + 1
        where = checked.position(column)
        detail = message[found.end() :].lstrip(": ")
        if where is None:
            return QueryError(f"SPARQL syntax error: {detail}")
        return QueryError(f"SPARQL syntax error at line {where[0]}, column {where[1]}: {detail}")
    if isinstance(exc, SyntaxError):
        return QueryError(f"SPARQL syntax error: {message}")
    return QueryError(f"the query failed: {message}")


def run_query(store, checked, **options):
    """Evaluate on the engine, in this process and thread: a bool, or the
    (lazy) solutions or triples. Engine errors become :class:`QueryError`."""
    import pyoxigraph as ox

    try:
        answer = store.query(checked.text, **options)
        return bool(answer) if isinstance(answer, (bool, ox.QueryBoolean)) else answer
    except (SyntaxError, OSError, ValueError, RuntimeError, TypeError) as exc:
        raise engine_error(checked, exc) from None
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # a panic of the engine (pyo3's PanicException)
        raise QueryError(f"the query engine failed on this query: {exc}") from None


def _encoded(store, checked, options) -> bytes:
    """The answer as bytes: B + 0/1, S + SPARQL results JSON, T + N-Triples."""
    import pyoxigraph as ox

    answer = run_query(store, checked, **options)
    try:  # the answer is computed as it is written
        if isinstance(answer, bool):
            return b"B1" if answer else b"B0"
        if isinstance(answer, ox.QuerySolutions):
            return b"S" + (answer.serialize(format=ox.QueryResultsFormat.JSON) or b"")
        return b"T" + (answer.serialize(format=ox.RdfFormat.N_TRIPLES) or b"")
    except (SyntaxError, OSError, ValueError, RuntimeError, TypeError) as exc:
        raise QueryError(f"the query failed: {exc}") from None
    except (KeyboardInterrupt, SystemExit, MemoryError):
        raise
    except BaseException as exc:  # a panic of the engine (pyo3's PanicException)
        raise QueryError(f"the query engine failed on this query: {exc}") from None


def _decoded(data: bytes):
    import pyoxigraph as ox

    kind, body = data[:1], data[1:]
    if kind == b"B":
        return body == b"1"
    if kind == b"S":
        return ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
    return ox.parse(body, format=ox.RdfFormat.N_TRIPLES)


#: Whether a forked child could be cut off the network here, learnt from this process's first
#: query (no separate probe on the way to an answer; :func:`walls` probes for those who ask).
_isolation_works: bool | None = None


def _known_isolation() -> bool | None:
    """Whether a forked child can be isolated here, as far as is known yet:
    from this process's queries, else from :func:`walls` if it has probed."""
    if not hasattr(os, "fork") or not sys.platform.startswith("linux"):
        return False
    if _isolation_works is None and walls.cache_info().currsize:
        return walls().isolated  # walls said so first: a refused child is then an error, not a fallback
    return _isolation_works


def evaluate(store, checked, **options):
    """Evaluate a checked query (``sparql.CheckedQuery``) on a pyoxigraph
    store: in a forked child without network where the system allows it
    (the first query's child finds out, as :func:`walls` would), else here;
    always on a deep stack. Returns a bool, or solutions or triples to
    iterate; raises :class:`QueryError`."""
    global _isolation_works
    known = _known_isolation()
    if known is not False:
        read_end, write_end = os.pipe()
        try:
            pid = _fork()
        except OSError as exc:  # no process to be had (a limit on processes, no memory)
            os.close(read_end)
            os.close(write_end)
            raise QueryError(
                f"the query could not be evaluated: no process to isolate it in ({exc.strerror})"
            ) from None
        if pid == 0:  # pragma: no cover - the child: never returns
            _child(store, checked, options, read_end, write_end)
        os.close(write_end)
        data, status = _read_from_child(pid, read_end)
        refused = os.WIFEXITED(status) and os.WEXITSTATUS(status) == 3
        if not refused or known:  # refused where it worked before: no wall, so no query (_payload says so)
            _isolation_works = True
            return _decoded(_payload(data, status))
        _isolation_works = False  # the system refuses network namespaces: evaluated here, as walls() says
    # the answer is read to the end on the deep stack too (evaluation is lazy, and pyoxigraph's
    # solutions may not change threads), then handed over as bytes, as from a child
    return _decoded(on_deep_stack(_encoded, store, checked, options))


def _child(store, checked, options, read_end: int, write_end: int) -> NoReturn:  # pragma: no cover - the child
    """In the forked child: isolate, evaluate, write the encoded answer (or
    ``E`` and the error) to the pipe, and exit (3: no isolation)."""
    code = 1
    try:
        os.close(read_end)
        if not isolate_this_process():
            os._exit(3)
        try:
            payload = on_deep_stack(_encoded, store, checked, options)
        except QueryError as exc:
            payload = b"E" + str(exc).encode("utf-8", "replace")
        except MemoryError:
            payload = b"E" + b"the query needed more memory than there is"
        view = memoryview(payload)
        while view:
            view = view[os.write(write_end, view) :]
        code = 0
    except BaseException:  # nothing of the parent's may run here
        code = 1
    finally:
        os._exit(code)


def _read_from_child(pid: int, read_end: int) -> tuple[bytes, int]:
    """Everything the child writes, and its exit status once it is done."""
    chunks = []
    try:
        while True:
            chunk = os.read(read_end, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(read_end)
        _, status = os.waitpid(pid, 0)
    return b"".join(chunks), status


def _payload(data: bytes, status: int) -> bytes:
    """The encoded answer the child wrote; a :class:`QueryError` for one that
    died, could not be isolated, or failed."""
    if os.WIFSIGNALED(status):
        name = signal.Signals(os.WTERMSIG(status)).name
        raise QueryError(f"the query engine stopped on this query ({name}): it is probably too complex; simplify it")
    code = os.WEXITSTATUS(status)
    if code == 3:  # the namespace was refused after all: no wall, so no query
        raise QueryError("the query could not be isolated from the network, so it was not run")
    if code != 0 or not data:
        raise QueryError("the query engine failed on this query")
    if data[:1] == b"E":
        raise QueryError(data[1:].decode("utf-8", "replace"))
    return data
