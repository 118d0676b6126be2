"""Reading a SPARQL 1.1 Protocol query request from plain values.

Pure functions of the method, the URL's query string, the Content-Type,
the body's bytes and the Accept header (no Starlette, no I/O): a request is
read into a :class:`SparqlRequest` (the query, the protocol dataset, the
acceptable media types), ``None`` when it asks for the service description
(a plain GET), or refused with a :class:`ProtocolError` that carries its
status. The view reads the body in between :func:`url_parameters` and
:func:`parse`, so that a bad method or URL is answered before any body is
read; :func:`read_request` does all of it at once.

>>> read_request("GET", "query=ASK%7B%7D", None, None, None, max_query_chars=100).query
'ASK{}'
>>> read_request("GET", "", None, None, None, max_query_chars=100) is None
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl

from .errors import HTTPError
from .negotiation import FORMAT_PARAMETERS, GRAPH_TYPES, RESULT_TYPES, accepted, requested

#: The methods a query may come by.
METHODS = ("GET", "HEAD", "POST")
FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE_TYPES = frozenset({"application/sparql-update"})
#: Parameters of the SPARQL Update protocol: any of them makes a request an update.
UPDATE_PARAMETERS = frozenset({"update", "using-graph-uri", "using-named-graph-uri"})
READ_ONLY = "updates are refused: this endpoint is read-only"

_ABSOLUTE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_NOT_IRI = re.compile(r'[<>"{}|^`\\\x00-\x20]')

Parameters = list[tuple[str, str]]


class ProtocolError(HTTPError):
    """A request the SPARQL Protocol refuses, with its status and message."""


@dataclass(frozen=True)
class SparqlRequest:
    """A query request, read: the query, the protocol dataset (None: the
    query's own) and the acceptable media types, best first."""

    query: str
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    result_types: tuple[str, ...] = ()  # for solutions and booleans
    graph_types: tuple[str, ...] = ()  # for graphs


def check_method(method: str) -> None:
    """405 for a method no query comes by."""
    if method not in METHODS:
        raise ProtocolError(
            405,
            f"{method} is not allowed here: query with GET or POST; this endpoint is read-only and has no Graph Store",
            {"Allow": "GET, HEAD, POST"},
        )


def url_parameters(query_string: str, max_query_chars: int) -> Parameters:
    """The URL's parameters (414 for a URL too long, 400 for bytes that are
    not UTF-8)."""
    if len(query_string) > max_query_chars:
        raise ProtocolError(414, f"the request URL is over {max_query_chars:,} characters: POST the query")
    try:
        return parse_qsl(query_string, keep_blank_values=True, errors="strict")
    except UnicodeDecodeError:
        raise ProtocolError(400, "the URL holds percent-encoded bytes that are not UTF-8") from None


def check_body_size(size: int, limit: int) -> None:
    """413 for a body (declared or read so far) over ``limit`` bytes."""
    if size > limit:
        raise ProtocolError(413, f"the request body is over {limit:,} bytes")


def content_type(header: str | None) -> tuple[str | None, str | None]:
    """The media type (lower case) and charset of a Content-Type header."""
    if not header or not header.strip():
        return None, None
    parts = [p.strip() for p in header.split(";")]
    charset = next(
        (p.split("=", 1)[1].strip().strip('"').lower() for p in parts[1:] if p.lower().startswith("charset=")), None
    )
    return parts[0].lower(), charset


def body_parameters(header: str | None, body: bytes) -> tuple[Parameters, str | None]:
    """A POST body: its form parameters, or the query it is (``application/
    sparql-query``); 415 for another type or charset, 400 for bytes that are
    not UTF-8, 403 for an update."""
    media, charset = content_type(header)
    if charset not in {None, "utf-8", "utf8"}:
        raise ProtocolError(415, f"charset={charset} is not supported: send the request in UTF-8")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise ProtocolError(400, "the request body is not valid UTF-8") from None
    if media == FORM:
        try:
            return parse_qsl(text, keep_blank_values=True, errors="strict"), None
        except UnicodeDecodeError:
            raise ProtocolError(400, "the form holds percent-encoded bytes that are not UTF-8") from None
    if media == DIRECT:
        return [], text
    if media in UPDATE_TYPES:
        raise ProtocolError(403, READ_ONLY)
    if media is None:
        raise ProtocolError(415, f"a POST needs a Content-Type: {FORM} or {DIRECT}")
    raise ProtocolError(415, f"Content-Type {media} is not accepted: use {FORM} or {DIRECT}")


def _the_query(method: str, url: Parameters, form: Parameters, direct: str | None) -> str | None:
    """The one query of the request; None for the service description (a
    GET or HEAD without parameters); 400 for none or several."""
    queries = [v for k, v in url + form if k == "query"]
    if direct is not None:
        if queries:
            raise ProtocolError(400, "give the query once: in the body or as the query parameter, not both")
        queries = [direct]
    if len(queries) > 1:
        raise ProtocolError(400, "more than one query was given: send exactly one")
    if queries:
        return queries[0]
    if method in {"GET", "HEAD"} and not url:
        return None
    raise ProtocolError(400, f"no query: give one as ?query=..., in a form, or as an {DIRECT} body")


def _graphs(parameters: Parameters, name: str) -> tuple[str, ...]:
    """The graph IRIs of a parameter; a value that is not an absolute IRI
    names no graph the server holds, so it selects nothing."""
    return tuple(v for k, v in parameters if k == name and _ABSOLUTE_IRI.match(v) and not _NOT_IRI.search(v))


def _media_types(parameters: Parameters, accept: str | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The acceptable result and graph media types: those the ``format`` /
    ``output`` parameters name, read by query form (a form they name nothing
    for gets 406 when it is answered), else the Accept header's (406 if it
    admits neither)."""
    named = requested(v for k, v in parameters if k in FORMAT_PARAMETERS)
    if named is not None:
        return tuple(named[0]), tuple(named[1])
    result_types = tuple(accepted(accept, RESULT_TYPES, RESULT_TYPES[0]))
    graph_types = tuple(accepted(accept, GRAPH_TYPES, GRAPH_TYPES[0]))
    if not graph_types and not result_types:
        raise ProtocolError(406, "no acceptable format; accepted: " + ", ".join([*RESULT_TYPES, *GRAPH_TYPES]))
    return result_types, graph_types


def parse(
    method: str,
    url: Parameters,
    content_type_header: str | None,
    body: bytes | None,
    accept: str | None,
    *,
    max_query_chars: int,
) -> SparqlRequest | None:
    """A request whose method passed :func:`check_method` and whose URL
    parameters are read (``url``); ``body``: the POST's bytes (ignored for
    GET and HEAD). None: the service description is asked for."""
    form, direct = body_parameters(content_type_header, body or b"") if method == "POST" else ([], None)
    parameters = url + form
    if UPDATE_PARAMETERS.intersection(k for k, _ in parameters):
        raise ProtocolError(403, READ_ONLY)
    query = _the_query(method, url, form, direct)
    if query is None:
        return None
    if len(query) > max_query_chars:
        raise ProtocolError(413, f"the query is over {max_query_chars:,} characters")
    given = any(k in {"default-graph-uri", "named-graph-uri"} for k, _ in parameters)
    result_types, graph_types = _media_types(parameters, accept)
    return SparqlRequest(
        query,
        default_graphs=_graphs(parameters, "default-graph-uri") if given else None,
        named_graphs=_graphs(parameters, "named-graph-uri") if given else None,
        result_types=result_types,
        graph_types=graph_types,
    )


def read_request(
    method: str,
    query_string: str,
    content_type_header: str | None,
    body: bytes | None,
    accept: str | None,
    *,
    max_query_chars: int,
) -> SparqlRequest | None:
    """A whole request from plain values (see :func:`parse`); the body's
    size is the caller's to bound (:func:`check_body_size`)."""
    check_method(method)
    return parse(
        method,
        url_parameters(query_string, max_query_chars),
        content_type_header,
        body,
        accept,
        max_query_chars=max_query_chars,
    )
