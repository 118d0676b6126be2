"""Talking to remote stores: asking a SPARQL endpoint the same questions
(`jointvision query NAME --endpoint URL`), and the one HTTP client that
`push` shares with it.

The query is checked as a local one is (no SERVICE, no update; FROM is the
remote store's business) and the engine-neutral rewrite the check produced
is what is sent, as a SPARQL 1.1 Protocol form POST. The answer is read from the
W3C formats (SPARQL JSON results; N-Triples for a graph) into the same
:class:`~jointvision.sparql.engine.QueryResult` a local query gives, so every
output format works the same. Nothing is sent unless the user gave the URL.
Credentials come from the environment or ``~/.netrc`` (or ``$NETRC``),
never from the command line, and are never printed, nor is anything derived
from them. Every failure is one :class:`~jointvision.errors.RemoteError`
(exit status 3).

An answer is bounded in every way a hostile or broken server could make it
costly: each request has one overall deadline (a server that sends one byte
at a time is cut off when it passes, not only one that falls silent), an
answer is read up to a number of bytes, and parsed by pyoxigraph's streaming
reader of the W3C formats (no recursion however deep the JSON nests, values
of the wrong type refused) up to a number of values (rows times variables, or
three per triple), so that memory stays bounded whatever the answer's shape.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import http.client
import re
import socket
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import JointVisionError, RemoteError, one_line

if TYPE_CHECKING:
    from .engine import QueryResult

#: Largest answer read from a remote endpoint, in bytes.
MAX_ANSWER_BYTES = 256 * 1024 * 1024
#: Most values read from one answer: rows times variables (at least one per
#: row), three per triple of a graph.
MAX_CELLS = 10_000_000
#: Seconds one request to an endpoint may take, from the connection to the
#: answer's last byte.
TIMEOUT = 60.0


@dataclass(frozen=True)
class AnswerLimits:
    """The bounds of one remote answer, and the options that raise them
    (named in the message when an answer passes one)."""

    timeout: float = TIMEOUT
    max_bytes: int = MAX_ANSWER_BYTES
    max_cells: int = MAX_CELLS
    timeout_option: str = "--timeout"
    bytes_option: str = "--max-answer-mb"
    cells_option: str = "--max-cells"

    def __post_init__(self) -> None:
        check_seconds(self.timeout, self.timeout_option)
        for value, option in ((self.max_bytes, self.bytes_option), (self.max_cells, self.cells_option)):
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise JointVisionError(f"{option} must be a whole number of at least 1, got {value!r}")


#: The longest a request may be given (a day): past it no clock can wait, and
#: a deadline that large would say nothing.
MAX_TIMEOUT = 86_400.0


def check_seconds(value: object, what: str) -> float:
    """``value`` as seconds to wait, if it is a finite number from 0.01 to
    :data:`MAX_TIMEOUT`; else a bad-input error naming ``what``."""
    import math

    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not math.isfinite(value)
        or not 0.01 <= value <= MAX_TIMEOUT
    ):
        raise JointVisionError(f"{what} must be a number of seconds from 0.01 to {MAX_TIMEOUT:g}, got {value!r}")
    return float(value)


#: Environment variables that hold a login for remote stores and endpoints
#: (they win over ``~/.netrc``).
USER_VARIABLE = "JOINTVISION_REMOTE_USER"
PASSWORD_VARIABLE = "JOINTVISION_REMOTE_PASSWORD"


def credentials(url: str) -> tuple[str, str] | None:
    """The login for ``url``: from ``$JOINTVISION_REMOTE_USER`` and
    ``$JOINTVISION_REMOTE_PASSWORD`` if both are set, else from ``~/.netrc``
    (or ``$NETRC``) for the URL's host, else none."""
    import netrc
    import os
    from urllib.parse import urlsplit

    user, password = os.environ.get(USER_VARIABLE), os.environ.get(PASSWORD_VARIABLE)
    if user and password is not None:
        return user, password
    host = urlsplit(url).hostname or ""
    try:
        found = netrc.netrc(os.environ.get("NETRC")).authenticators(host)
    except (FileNotFoundError, netrc.NetrcParseError, OSError):
        return None
    return (found[0] or "", found[2] or "") if found else None


def check_url(url: str, what: str) -> str:
    """``url`` if it is an absolute http(s) URL with no login and no
    fragment in it, else a bad-input error naming ``what`` (the option or
    argument)."""
    from urllib.parse import urlsplit

    from ..errors import JointVisionError

    try:
        parts = urlsplit(url or "")
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError:
        raise JointVisionError(f"{what} is not a valid URL: {str(url)[:80]!r}") from None
    if parts.scheme not in {"http", "https"} or not parts.hostname or any(c.isspace() for c in url):
        raise JointVisionError(f"{what} must be an http or https URL, got {str(url)[:80]!r}")
    if parts.username is not None or parts.password is not None:
        raise JointVisionError(
            f"{what} must not hold a login: put it in ${USER_VARIABLE} and ${PASSWORD_VARIABLE}, or ~/.netrc"
        )
    if parts.fragment or url.endswith("#"):
        raise JointVisionError(f"{what} must not have a #fragment, got {str(url)[:80]!r}")
    if not url.isascii() or not url.isprintable():
        raise JointVisionError(
            f"{what} must be written in printable ASCII (percent-encode other characters in "
            f"the path, punycode in the host name), got {str(url)[:80]!r}"
        )
    return url


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer, not followed: a POST would become a GET
    without its query, and a PUT would not be sent again."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        raise urllib.error.HTTPError(
            req.full_url, code, f"{msg} (redirected to {newurl[:200]}: give that URL)", headers, fp
        )


class _DigestOnce(urllib.request.HTTPDigestAuthHandler):
    """Digest, answered once: a refused login is an error at once, not five
    more uploads of the same body. Logins are hashed as UTF-8 (RFC 7616),
    where urllib's own handler takes ASCII only and, on any other character,
    fails with a message that shows it and its place in the password."""

    def http_error_401(self, req, fp, code, msg, headers):
        if req.get_header("Authorization"):
            raise urllib.error.HTTPError(req.full_url, code, "the login was refused", headers, fp)
        return super().http_error_401(req, fp, code, msg, headers)

    def get_algorithm_impls(self, algorithm):
        import hashlib

        if algorithm not in {"MD5", "SHA", "SHA-256"}:
            return super().get_algorithm_impls(algorithm)  # says which it does not speak
        make = {"MD5": hashlib.md5, "SHA": hashlib.sha1, "SHA-256": hashlib.sha256}[algorithm]

        def hash_(text: str) -> str:
            return make(text.encode("utf-8")).hexdigest()

        return hash_, lambda secret, data: hash_(f"{secret}:{data}")


# ------------------------------------------------------------ one deadline for a whole request
_DEADLINE: contextvars.ContextVar[_Deadline | None] = contextvars.ContextVar("jointvision_deadline", default=None)


class _Deadline:
    """The moment a request must be over by. Every socket the request opens
    is shut down when it passes, which wakes a read that is waiting on a
    server that sends its answer one byte at a time (a timeout per read
    never would)."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> _Deadline:
        self._token = _DEADLINE.set(self)
        self._timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self._timer.cancel()
        _DEADLINE.reset(self._token)

    def watch(self, sock: socket.socket | None) -> None:
        if sock is None:
            return
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                self._shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                self._shut(sock)

    @staticmethod
    def _shut(sock: socket.socket) -> None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


class _WatchedHTTP(http.client.HTTPConnection):
    def connect(self) -> None:
        super().connect()
        deadline = _DEADLINE.get()
        if deadline is not None:
            deadline.watch(self.sock)


class _WatchedHTTPS(http.client.HTTPSConnection):
    def connect(self) -> None:
        super().connect()
        deadline = _DEADLINE.get()
        if deadline is not None:
            deadline.watch(self.sock)


class _HTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req):
        return self.do_open(_WatchedHTTP, req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req):
        return self.do_open(_WatchedHTTPS, req, context=self._context)


_OPENERS: dict[tuple, urllib.request.OpenerDirector] = {}


def opener(url: str) -> urllib.request.OpenerDirector:
    """A urllib opener for ``url``'s host that answers a Basic or Digest
    challenge with the login of :func:`credentials` (a login is sent only
    when the server asks, and only to that host), follows no redirect,
    ignores environment proxies (the URL the user gave is the one asked),
    and puts every connection under the deadline of the request it serves.
    One per host and login, kept for the process."""
    from urllib.parse import urlsplit

    login = credentials(url)
    parts = urlsplit(url)
    key = (parts.scheme, parts.hostname, parts.port, login)
    if key not in _OPENERS:
        handlers: list = [urllib.request.ProxyHandler({}), _NoRedirect(), _HTTPHandler(), _HTTPSHandler()]
        if login:
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            passwords.add_password(None, f"{parts.scheme}://{parts.netloc}/", login[0], login[1])
            handlers += [urllib.request.HTTPBasicAuthHandler(passwords), _DigestOnce(passwords)]
        _OPENERS[key] = urllib.request.build_opener(*handlers)
    return _OPENERS[key]


def send(
    request: urllib.request.Request,
    *,
    timeout: float,
    limit: int = MAX_ANSWER_BYTES,
    what: str | None = None,
    limits: AnswerLimits | None = None,
    login_first: bool = False,
) -> tuple[int, bytes]:
    """Send ``request`` and return the status and body, at most ``limit``
    bytes, all within ``timeout`` seconds from the connection to the last
    byte. Every way it can fail (refused, out of time, an error status, an
    answer too long) is one :class:`~jointvision.errors.RemoteError` whose
    message starts with ``what`` (default: the URL), says why, and names the
    option of ``limits`` that raises a limit it passed. With
    ``login_first``, when a login is at hand, the server is asked which one
    it wants before the request goes (:func:`_login_first`)."""
    what = what or request.full_url
    check_seconds(timeout, "the timeout")
    limits = limits or AnswerLimits(timeout=timeout, max_bytes=limit)
    request.add_header("User-Agent", "jointvision")
    with _Deadline(timeout) as deadline:  # over everything below: reading an error's text is bounded too
        try:
            if login_first:
                _login_first(request, timeout)
            status, chunks, size = _exchange(request, timeout, limit)
            if deadline.expired:  # the connection was cut: what was read may be short
                raise _late(what, timeout, limits)
        except urllib.error.HTTPError as exc:
            raise _error_status(exc, request, what, deadline, limits) from None
        except UnicodeError:  # never shown: its text quotes a character, and where it stands (of a login, maybe)
            raise _unsendable(what) from None
        except ValueError as exc:  # urllib's auth handlers, on a login scheme they do not speak
            raise RemoteError(
                one_line(f"{what}: the store asks for a login jointvision cannot give ({_scheme_of(exc)})")
            ) from None
        except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
            raise _unreachable(exc, what, deadline, timeout, limits) from None
    if size > limit:
        raise RemoteError(
            one_line(
                f"{what}: answered more than {limit:,} bytes: refused (raise the limit with {limits.bytes_option})"
            )
        )
    return status, b"".join(chunks)


def _login_first(request: urllib.request.Request, timeout: float) -> None:
    """Put the login on ``request`` before it goes, if the server asks for
    one: a ``HEAD`` of the same URL (no login sent) fetches its challenge,
    and a Basic or Digest answer to it is added to the request. A large body
    then goes once, with its login, to a server that would cut the
    connection on a body sent without one (Virtuoso does) instead of reading
    it to answer 401. Nothing happens without a login at hand, or when the
    server asks for none (or does not answer ``HEAD``); a login is still
    sent only to a server that asked for it."""
    from urllib.parse import urlsplit

    login = credentials(request.full_url)
    if login is None:
        return
    scheme, _, fields = _challenge(request.full_url, timeout).strip().partition(" ")
    if scheme.lower() == "basic":
        import base64

        token = base64.b64encode(f"{login[0]}:{login[1]}".encode()).decode("ascii")
        request.add_unredirected_header("Authorization", f"Basic {token}")
    elif scheme.lower() == "digest":
        parts = urlsplit(request.full_url)
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, f"{parts.scheme}://{parts.netloc}/", login[0], login[1])
        chal = urllib.request.parse_keqv_list(list(filter(None, urllib.request.parse_http_list(fields))))
        answer = _DigestOnce(passwords).get_authorization(request, chal)
        if answer:
            request.add_unredirected_header("Authorization", f"Digest {answer}")


def _challenge(url: str, timeout: float) -> str:
    """The ``WWW-Authenticate`` header of a 401 answer to a ``HEAD`` of
    ``url``; empty if the server answers otherwise. Failing to reach it is a
    ``URLError``: nothing of the request it stands before was sent."""
    probe = urllib.request.Request(url, method="HEAD", headers={"User-Agent": "jointvision"})
    try:
        with _bare_opener().open(probe, timeout=timeout):
            return ""
    except urllib.error.HTTPError as exc:
        exc.close()
        return exc.headers.get("WWW-Authenticate", "") if exc.code == 401 else ""
    except urllib.error.URLError:
        raise
    except (OSError, http.client.HTTPException) as exc:
        raise urllib.error.URLError(exc) from None


@functools.cache
def _bare_opener() -> urllib.request.OpenerDirector:
    """An opener as :func:`opener` makes, but answering no login challenge."""
    return urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect(), _HTTPHandler(), _HTTPSHandler())


def _unsendable(what: str) -> RemoteError:
    """The error for a request urllib could not encode: the offending
    character is not named, since it may be part of a login."""
    return RemoteError(
        one_line(
            f"{what}: the request could not be sent: it holds a character HTTP cannot "
            "carry there (not shown, since it may be part of a login)"
        )
    )


def _unreachable(
    exc: urllib.error.URLError | OSError | http.client.HTTPException,
    what: str,
    deadline: _Deadline,
    timeout: float,
    limits: AnswerLimits,
) -> RemoteError:
    """The error for a request that failed on the way: out of time if the
    deadline passed, else the reason. urllib wraps what fails while
    connecting and sending as URLError: the request was not delivered whole;
    a failure after (while the answer is awaited) leaves its outcome unknown."""
    delivered = False if isinstance(exc, urllib.error.URLError) else None
    if deadline.expired:
        return _late(what, timeout, limits, delivered)
    reason = getattr(exc, "reason", None) or exc
    return RemoteError(one_line(f"{what}: could not be reached: {reason}"), delivered=delivered)


def _exchange(request: urllib.request.Request, timeout: float, limit: int) -> tuple[int, list[bytes], int]:
    """Send the request; the status, the body's chunks as read, and their
    size (reading stops past ``limit`` bytes)."""
    with opener(request.full_url).open(request, timeout=timeout) as response:
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = response.read(min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return response.status, chunks, size


def _error_status(
    exc: urllib.error.HTTPError, request: urllib.request.Request, what: str, deadline: _Deadline, limits: AnswerLimits
) -> RemoteError:
    """The error for an answer with an error status: the status, a hint
    where a login was asked for and none found, and the first line of the
    answer's text (read within the deadline, and not at all once it passed)."""
    if deadline.expired:
        return _late(what, deadline.seconds, limits)
    try:
        detail = exc.read(2_000).decode("utf-8", "replace").strip().splitlines()
    except (OSError, http.client.HTTPException, ValueError, AttributeError):
        detail = []
    if deadline.expired:
        detail = []
    hint = (
        " (no login was found: set $JOINTVISION_REMOTE_USER and $JOINTVISION_REMOTE_PASSWORD, or ~/.netrc)"
        if exc.code == 401 and not credentials(request.full_url)
        else ""
    )
    told = _redacted(f"{exc.code} {exc.reason}" + (f": {detail[0][:300]}" if detail else ""), request)
    return RemoteError(one_line(f"{what}: answered {told}{hint}"), exc.code)


def _redacted(text: str, request: urllib.request.Request) -> str:
    """``text`` from a server's answer, with every form of the login it was
    sent taken out: the password as it is and percent-encoded, a Basic
    login's base64, and every part of the Authorization header sent (a
    Digest response, its nonces), since a server may echo them back."""
    import base64
    from urllib.parse import quote

    secrets: set[str] = set()
    login = credentials(request.full_url)
    if login:
        user, password = login
        secrets |= {password, quote(password, safe=""), base64.b64encode(f"{user}:{password}".encode()).decode("ascii")}
    sent = request.get_header("Authorization") or request.unredirected_hdrs.get("Authorization", "")
    if sent:
        secrets.add(sent)
        secrets |= {part for part in re.split(r'[\s,="]+', sent) if len(part) >= 8}
    for secret in sorted((s for s in secrets if len(s) >= 3), key=len, reverse=True):
        text = text.replace(secret, "[login removed]")
    return text


def _late(what: str, timeout: float, limits: AnswerLimits, delivered: bool | None = None) -> RemoteError:
    return RemoteError(
        one_line(f"{what}: no whole answer within {timeout:g} s: stopped (allow longer with {limits.timeout_option})"),
        delivered=delivered,
    )


def _scheme_of(exc: ValueError) -> str:
    """The one part of an auth handler's complaint that may be shown: which
    scheme it does not speak (the rest of the text is not ours to show)."""
    import re

    found = re.search(r"scheme: '?([A-Za-z0-9_-]{1,40})", str(exc))
    return f"it asks for {found.group(1)}" if found else "an unknown scheme"


def remote_query(url: str, text: str, timeout: float = TIMEOUT, limits: AnswerLimits | None = None) -> QueryResult:
    """Run ``text`` (checked first) on the endpoint at ``url``, within the
    bounds of ``limits`` (default: ``timeout`` and the module's limits)."""
    from urllib.parse import urlencode

    from .engine import check_query

    limits = limits or AnswerLimits(timeout=timeout)
    check_url(url, "--endpoint")
    checked = check_query(text, dataset_given=True)  # SERVICE and updates refused; FROM is the remote's own
    graph = checked.form in {"CONSTRUCT", "DESCRIBE"}
    accept = "application/n-triples" if graph else "application/sparql-results+json"
    # a form POST: every store takes it (Virtuoso 7.2 never answers a POST of application/sparql-query)
    request = urllib.request.Request(
        url,
        data=urlencode({"query": checked.text}).encode("ascii"),
        method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": accept},
    )
    _status, body = send(request, timeout=limits.timeout, limit=limits.max_bytes, what=url, limits=limits)
    return read_answer(body, checked.form, url, limits)


def read_answer(body: bytes, form: str, what: str, limits: AnswerLimits | None = None) -> QueryResult:
    """The :class:`~jointvision.sparql.engine.QueryResult` a remote answer holds:
    N-Triples for CONSTRUCT and DESCRIBE, SPARQL JSON results otherwise,
    read by pyoxigraph's streaming parsers and no further than
    ``limits.max_cells`` values. A malformed answer of any kind is one
    :class:`~jointvision.errors.RemoteError`."""
    limits = limits or AnswerLimits()
    try:
        if form in {"CONSTRUCT", "DESCRIBE"}:
            return _read_triples(body, form, what, limits)
        return _read_solutions(body, form, what, limits)
    except RemoteError:
        raise
    except (SyntaxError, ValueError, TypeError, UnicodeError) as exc:
        kind = "N-Triples" if form in {"CONSTRUCT", "DESCRIBE"} else "SPARQL JSON results"
        raise RemoteError(one_line(f"{what}: answered something that is not {kind}: {str(exc)[:200]}")) from None


def _too_many(what: str, limits: AnswerLimits, detail: str) -> RemoteError:
    return RemoteError(
        one_line(
            f"{what}: the answer holds more than {limits.max_cells:,} values ({detail}): "
            f"refused (ask for fewer with LIMIT, or raise the limit with {limits.cells_option})"
        )
    )


def _read_triples(body: bytes, form: str, what: str, limits: AnswerLimits) -> QueryResult:
    """The triples of an N-Triples answer, three values each."""
    import pyoxigraph as ox

    from ..rdf.terms import from_ox
    from .engine import QueryResult

    triples: list[tuple[Any, Any, Any]] = []
    for triple in ox.parse(body, format=ox.RdfFormat.N_TRIPLES):
        if 3 * (len(triples) + 1) > limits.max_cells:
            raise _too_many(what, limits, "three per triple")
        triples.append((from_ox(triple.subject), from_ox(triple.predicate), from_ox(triple.object)))
    return QueryResult(form, triples=triples)


def _read_solutions(body: bytes, form: str, what: str, limits: AnswerLimits) -> QueryResult:
    """The rows, or the boolean, of a SPARQL JSON results answer, which must
    be the kind ``form`` asks for."""
    import pyoxigraph as ox

    from ..rdf.terms import from_ox
    from .engine import QueryResult

    answer = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
    try:  # the engine's reader must be dropped on this thread, whatever happens (it is not sendable)
        if isinstance(answer, ox.QueryBoolean):
            if form != "ASK":
                raise RemoteError(one_line(f"{what}: answered yes or no to a {form} query"))
            return QueryResult("ASK", boolean=bool(answer))
        if form == "ASK":
            raise RemoteError(one_line(f"{what}: answered rows to an ASK query"))
        variables = [v.value for v in answer.variables]
        width = max(1, len(variables))
        if width > limits.max_cells:
            raise _too_many(what, limits, f"{len(variables):,} variables")
        rows: list[tuple[Any, ...]] = []
        for solution in answer:
            if width * (len(rows) + 1) > limits.max_cells:
                raise _too_many(what, limits, f"rows times {len(variables):,} variables")
            rows.append(tuple(from_ox(solution[i]) for i in range(len(variables))))
            del solution
        return QueryResult(form, variables=variables, rows=rows)
    finally:
        del answer
