"""Asking a remote SPARQL endpoint the same questions: `jointvision query
NAME --endpoint URL`.

The query is checked as a local one is (no SERVICE, no update; FROM is the
remote store's business) and the engine-neutral rewrite the check produced
is what is sent, as a SPARQL 1.1 Protocol POST. The answer is read from the
W3C formats (SPARQL JSON results; N-Triples for a graph) into the same
:class:`~jointvision.rdf.sparql.QueryResult` a local query gives, so every
output format works the same. Nothing is sent unless the user gave the URL.
Credentials come from ``~/.netrc`` (or ``$NETRC``), never from the command
line, and are never printed.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request

from ..errors import QueryError, RemoteError

#: Largest answer read from a remote endpoint.
MAX_ANSWER_BYTES = 256 * 1024 * 1024


def _credentials(url: str) -> tuple[str, str] | None:
    import netrc
    from urllib.parse import urlsplit

    host = urlsplit(url).hostname or ""
    try:
        found = netrc.netrc().authenticators(host)
    except (FileNotFoundError, netrc.NetrcParseError, OSError):
        return None
    return (found[0], found[2]) if found else None


def _term(binding: dict):
    from rdflib import BNode, Literal, URIRef

    kind, value = binding.get("type"), binding.get("value", "")
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if kind in {"literal", "typed-literal"}:
        if binding.get("xml:lang"):
            return Literal(value, lang=binding["xml:lang"])
        datatype = binding.get("datatype")
        return Literal(value, datatype=URIRef(datatype) if datatype else None, normalize=False)
    raise RemoteError(f"the endpoint answered a term of unknown type {str(kind)[:40]!r}")


def remote_query(url: str, text: str, timeout: float = 60.0):
    """Run ``text`` (checked first) on the endpoint at ``url``."""
    import base64

    from .sparql import QueryResult, check_query

    if not re.match(r"https?://[^\s/]+", url or ""):
        raise QueryError(f"--endpoint must be an http or https URL, got {url[:80]!r}")
    checked = check_query(text, dataset_given=True)  # SERVICE and updates refused; FROM is the remote's own
    graph = checked.form in {"CONSTRUCT", "DESCRIBE"}
    accept = "application/n-triples" if graph else "application/sparql-results+json"
    request = urllib.request.Request(url, data=checked.text.encode("utf-8"), method="POST", headers={
        "Content-Type": "application/sparql-query; charset=utf-8", "Accept": accept,
        "User-Agent": "jointvision"})
    login = _credentials(url)
    if login:
        token = base64.b64encode(f"{login[0]}:{login[1]}".encode()).decode("ascii")
        request.add_header("Authorization", f"Basic {token}")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - the user's own URL
            body = response.read(MAX_ANSWER_BYTES + 1)
    except urllib.error.HTTPError as exc:
        detail = exc.read(500).decode("utf-8", "replace").strip().splitlines()
        raise RemoteError(f"{url} answered {exc.code} {exc.reason}" + (f": {detail[0][:300]}" if detail else "")) \
            from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise RemoteError(f"{url} could not be reached: {reason}") from None
    if len(body) > MAX_ANSWER_BYTES:
        raise RemoteError(f"{url} answered more than {MAX_ANSWER_BYTES:,} bytes: refused")
    if graph:
        import pyoxigraph as ox

        from .terms import from_ox

        try:
            triples = [(from_ox(t.subject), from_ox(t.predicate), from_ox(t.object))
                       for t in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)]
        except (SyntaxError, ValueError, TypeError) as exc:
            raise RemoteError(f"{url} answered a graph that is not N-Triples: {exc}") from None
        return QueryResult(checked.form, triples=triples)
    try:
        doc = json.loads(body)
        if "boolean" in doc:
            return QueryResult(checked.form, boolean=bool(doc["boolean"]))
        variables = list(doc["head"]["vars"])
        rows = [tuple(_term(b[v]) if v in b else None for v in variables) for b in doc["results"]["bindings"]]
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise RemoteError(f"{url} answered something that is not SPARQL JSON results ({exc})") from None
    return QueryResult(checked.form, variables=variables, rows=rows)
