"""Talking to remote stores: asking a SPARQL endpoint the same questions
(`jointvision query NAME --endpoint URL`), and the one HTTP client that
`push` shares with it.

The query is checked as a local one is (no SERVICE, no update; FROM is the
remote store's business) and the engine-neutral rewrite the check produced
is what is sent, as a SPARQL 1.1 Protocol form POST. The answer is read from the
W3C formats (SPARQL JSON results; N-Triples for a graph) into the same
:class:`~jointvision.rdf.sparql.QueryResult` a local query gives, so every
output format works the same. Nothing is sent unless the user gave the URL.
Credentials come from the environment or ``~/.netrc`` (or ``$NETRC``),
never from the command line, and are never printed. Every failure is one
:class:`~jointvision.errors.RemoteError` (exit status 3).
"""

from __future__ import annotations

import http.client
import json
import urllib.error
import urllib.request

from ..errors import RemoteError, one_line

#: Largest answer read from a remote endpoint.
MAX_ANSWER_BYTES = 256 * 1024 * 1024


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
        raise JointVisionError(f"{what} must not hold a login: put it in ${USER_VARIABLE} and "
                               f"${PASSWORD_VARIABLE}, or ~/.netrc")
    if parts.fragment or url.endswith("#"):
        raise JointVisionError(f"{what} must not have a #fragment, got {str(url)[:80]!r}")
    return url


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer, not followed: a POST would become a GET
    without its query, and a PUT would not be sent again."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        raise urllib.error.HTTPError(req.full_url, code, f"{msg} (redirected to {newurl[:200]}: give that URL)",
                                     headers, fp)


class _DigestOnce(urllib.request.HTTPDigestAuthHandler):
    """Digest, answered once: a refused login is an error at once, not five
    more uploads of the same body."""

    def http_error_401(self, req, fp, code, msg, headers):
        if req.get_header("Authorization"):
            raise urllib.error.HTTPError(req.full_url, code, "the login was refused", headers, fp)
        return super().http_error_401(req, fp, code, msg, headers)


_OPENERS: dict[tuple, urllib.request.OpenerDirector] = {}


def opener(url: str) -> urllib.request.OpenerDirector:
    """A urllib opener for ``url``'s host that answers a Basic or Digest
    challenge with the login of :func:`credentials` (a login is sent only
    when the server asks, and only to that host), follows no redirect and
    ignores environment proxies (the URL the user gave is the one asked).
    One per host and login, kept for the process."""
    from urllib.parse import urlsplit

    login = credentials(url)
    parts = urlsplit(url)
    key = (parts.scheme, parts.hostname, parts.port, login)
    if key not in _OPENERS:
        handlers: list = [urllib.request.ProxyHandler({}), _NoRedirect()]
        if login:
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            passwords.add_password(None, f"{parts.scheme}://{parts.netloc}/", login[0], login[1])
            handlers += [urllib.request.HTTPBasicAuthHandler(passwords), _DigestOnce(passwords)]
        _OPENERS[key] = urllib.request.build_opener(*handlers)
    return _OPENERS[key]


def send(request: urllib.request.Request, *, timeout: float, limit: int = MAX_ANSWER_BYTES,
         what: str | None = None) -> tuple[int, bytes]:
    """Send ``request`` and return the status and body, at most ``limit``
    bytes. Every way it can fail (refused, timed out, an error status, an
    answer too long) is one :class:`~jointvision.errors.RemoteError` whose
    message starts with ``what`` (default: the URL) and says why."""
    what = what or request.full_url
    request.add_header("User-Agent", "jointvision")
    try:
        with opener(request.full_url).open(request, timeout=timeout) as response:
            body = response.read(limit + 1)
            status = response.status
    except urllib.error.HTTPError as exc:
        try:
            detail = exc.read(2_000).decode("utf-8", "replace").strip().splitlines()
        except (OSError, http.client.HTTPException, ValueError, AttributeError):
            detail = []
        hint = " (no login was found: set $JOINTVISION_REMOTE_USER and $JOINTVISION_REMOTE_PASSWORD, or ~/.netrc)" \
            if exc.code == 401 and not credentials(request.full_url) else ""
        raise RemoteError(one_line(f"{what}: answered {exc.code} {exc.reason}{hint}"
                                   + (f": {detail[0][:300]}" if detail else "")), exc.code) from None
    except ValueError as exc:  # urllib's auth handlers, on a login scheme they do not speak
        raise RemoteError(one_line(f"{what}: the store asks for a login jointvision cannot give ({exc})")) from None
    except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise RemoteError(one_line(f"{what}: could not be reached: {reason}")) from None
    if len(body) > limit:
        raise RemoteError(f"{what}: answered more than {limit:,} bytes: refused")
    return status, body


def remote_query(url: str, text: str, timeout: float = 60.0):
    """Run ``text`` (checked first) on the endpoint at ``url``."""
    from .sparql import QueryResult, check_query

    check_url(url, "--endpoint")
    checked = check_query(text, dataset_given=True)  # SERVICE and updates refused; FROM is the remote's own
    graph = checked.form in {"CONSTRUCT", "DESCRIBE"}
    accept = "application/n-triples" if graph else "application/sparql-results+json"
    from urllib.parse import urlencode

    # a form POST: every store takes it (Virtuoso 7.2 never answers a POST of application/sparql-query)
    request = urllib.request.Request(url, data=urlencode({"query": checked.text}).encode("ascii"), method="POST",
                                     headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": accept})
    _status, body = send(request, timeout=timeout, what=url)
    if graph:
        import pyoxigraph as ox

        from .terms import from_ox

        try:
            triples = [(from_ox(t.subject), from_ox(t.predicate), from_ox(t.object))
                       for t in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)]
        except (SyntaxError, ValueError, TypeError) as exc:
            raise RemoteError(f"{url} answered a graph that is not N-Triples: {exc}") from None
        return QueryResult(checked.form, triples=triples)
    from .results import from_json

    try:
        return from_json(json.loads(body), checked.form)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise RemoteError(f"{url} answered something that is not SPARQL JSON results ({exc})") from None
