"""``jointvision serve``: a read-only SPARQL 1.1 endpoint with downloads, the
map and a query page, safe by default.

* ``/sparql``: the SPARQL 1.1 Protocol for queries (GET ``?query=``, POST
  form, POST ``application/sparql-query``), results by content negotiation;
  a service description on a plain GET. Every update is refused (the data
  never changes) and so is anything that would reach beyond the local
  dataset: SERVICE, and FROM / FROM NAMED of a graph the store does not hold.
  ``default-graph-uri`` / ``named-graph-uri`` select graphs of the local
  dataset only (one it does not hold is empty; nothing is fetched).
* ``/data`` (negotiated) and ``/jointvision.ttl|.jsonld|.nt``,
  ``/ontology.ttl``, ``/shapes.ttl``: downloads.
* ``/ontology``: the ontology, negotiated: its documentation page for
  browsers (``/ontology.html``), Turtle, JSON-LD, N-Triples or RDF/XML for
  RDF clients; the ontology's IRI, redirected here, serves both.
* ``/.well-known/void`` (and ``/void.ttl``): the dataset's VoID and DCAT
  description, with this server's addresses for the downloads and endpoint.
* ``/``: the map; ``/query``: a query page with the named queries.
* ``/health``, ``/version``: for whoever runs it behind a proxy.

Queries run in worker processes (``querypool``) with a time limit; request
and result sizes are bounded; error bodies are short plain text.
"""

from __future__ import annotations

import asyncio
import os
import re
import threading
from collections.abc import Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from .. import __version__
from ..errors import QueryError
from ..sparql.isolation import GUARD
from .pool import (GRAPH_TYPES, RESULT_TYPES, Job, LongLaneFull, MemoryExceeded, PoolBusy, QueryPool,
                        QueryTimeout, WorkerCrash, one_line)

#: Media types of the graph downloads, by format name.
def _downloads() -> dict[str, tuple[str, str]]:
    """Format name -> (download file, media type), from the format registry:
    the merged graph as Turtle (the default), JSON-LD and N-Triples, the
    dataset of named graphs as TriG and N-Quads."""
    from ..outputs.registry import GRAPH_STEM
    from ..rdf.formats import formats

    return {f.name: (f"{GRAPH_STEM}.{f.extension}", f.media_type) for f in formats(written=True)}


DOWNLOADS = _downloads()
UPDATE_TYPES = {"application/sparql-update"}
#: How many VoID descriptions the server keeps: one per address (base URL) it is reached by.
DESCRIPTIONS_KEPT = 8


@dataclass(frozen=True)
class Limits:
    timeout: float = 5.0  # seconds a query may run
    max_request_bytes: int = 1_000_000  # request body
    max_header_bytes: int = 16_384  # all request headers together
    cache_bytes: int = 64_000_000  # answers kept for repeated queries (the data never changes); 0: no cache
    max_query_chars: int = 100_000
    max_result_bytes: int = 10_000_000
    max_memory: int = 1_000_000_000  # bytes one query may allocate in its worker
    long_after: float = 1.0  # seconds after which a query is long: lowest CPU priority, a worker added
    max_workers: int | None = None  # at most (default: 4 x workers)
    per_client: int | None = None  # queries one client address may run at once (default: max_workers - workers)
    max_sending_bytes: int = 256_000_000  # answers being sent at once; a large answer beyond waits (503)
    send_timeout: float = 30.0  # seconds a client may take to read each part of an answer


def _error(status: int, message: str, headers: dict | None = None) -> PlainTextResponse:
    """An error answer: one line of printable text (whatever the message
    quotes from the request), never a trace or a path."""
    return PlainTextResponse(one_line(message) + "\n", status_code=status, headers=headers)


#: Media types clients often send for the SPARQL ones.
_ALIASES = {"application/json": "application/sparql-results+json", "application/xml": "application/sparql-results+xml",
            "text/xml": "application/sparql-results+xml"}


def _accepted(header: str | None, offered: list[str], default: str) -> list[str]:
    """The offered media types the Accept header admits, best first (RFC 9110:
    q-values, ``type/*`` and ``*/*``); the default when there is no header."""
    if not header or not header.strip():
        return [default] + [t for t in offered if t != default]
    ranked: list[tuple[float, int, str]] = []
    for order, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media, quality = fields[0].lower(), 1.0
        media = _ALIASES.get(media, media)
        for param in fields[1:]:
            if param.startswith("q="):
                try:
                    quality = min(max(float(param[2:]), 0.0), 1.0)
                except ValueError:  # a malformed weight is ignored, as if absent
                    quality = 1.0
                if quality != quality:  # NaN
                    quality = 1.0
        if not media:
            continue
        for candidate in offered:
            major = candidate.split("/")[0]
            if media in {candidate, "*/*", f"{major}/*"} and quality > 0:
                bonus = 0 if media == candidate else (1 if media.endswith("/*") and media != "*/*" else 2)
                ranked.append((-quality, bonus * 1000 + order, candidate if media != "*/*" else candidate))
    # for wildcards keep the server's order of preference (default first)
    preference = {t: i for i, t in enumerate([default] + [t for t in offered if t != default])}
    ranked.sort(key=lambda r: (r[0], r[1], preference[r[2]]))
    seen: list[str] = []
    for _, _, media in ranked:
        if media not in seen:
            seen.append(media)
    return seen


class Endpoint:
    """The application state: the dataset's downloads, the query pool, limits."""

    def __init__(self, files: Mapping[str, bytes], nquads: bytes, sizes: dict[str, int], limits: Limits,
                 workers: int | None = None, query_page: bytes = b"", describe=None, union_default: bool = True):
        self.files = files
        self.describe = describe  # base URL -> the VoID description (Turtle) with the server's addresses
        self.union_default = union_default  # the default graph is the union of every named graph
        self._descriptions: dict[str, bytes] = {}  # base URL -> description, at most DESCRIPTIONS_KEPT
        self._descriptions_lock = threading.Lock()
        self.sizes = sizes  # triples per graph; "" is the default graph
        self.local_graphs = frozenset(name for name in sizes if name)
        self.limits = limits
        self.query_page = query_page
        self._nquads = nquads
        self._workers = workers
        self.pool: QueryPool | None = None
        self.cache = AnswerCache(limits.cache_bytes)
        self.sending = 0  # bytes of answers being sent right now

    async def start(self) -> None:
        limits = self.limits
        if isinstance(self._nquads, str):
            self._nquads = self._snapshot = _snapshot(self._nquads)
        self.pool = QueryPool(self._nquads, workers=self._workers, timeout=limits.timeout,
                              local_graphs=self.local_graphs, long_after=limits.long_after,
                              max_memory=limits.max_memory, max_workers=limits.max_workers,
                              per_client=limits.per_client)
        self._nquads = b""  # the pool holds the data now
        await self.pool.start()

    def stop(self) -> None:
        if self.pool is not None:
            self.pool.close()
        if getattr(self, "_snapshot", None):
            import shutil

            shutil.rmtree(os.path.dirname(self._snapshot), ignore_errors=True)

    # ------------------------------------------------------------- protocol
    async def sparql(self, request: Request) -> Response:
        if request.method not in {"GET", "HEAD", "POST"}:
            return _error(405, f"{request.method} is not allowed here: query with GET or POST; this endpoint is "
                          "read-only and has no Graph Store", {"Allow": "GET, HEAD, POST"})
        if len(request.url.query) > self.limits.max_query_chars:
            return _error(414, f"the request URL is over {self.limits.max_query_chars:,} characters: POST the query")
        try:
            params = parse_qsl(request.url.query, keep_blank_values=True, errors="strict")
        except UnicodeDecodeError:
            return _error(400, "the URL holds percent-encoded bytes that are not UTF-8")
        body_params: list[tuple[str, str]] = []
        direct_query: str | None = None
        if request.method == "POST":
            raw = await self._body(request)
            if isinstance(raw, Response):
                return raw
            media, charset = _content_type(request.headers.get("content-type"))
            if charset not in {None, "utf-8", "utf8"}:
                return _error(415, f"charset={charset} is not supported: send the request in UTF-8")
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                return _error(400, "the request body is not valid UTF-8")
            if media == "application/x-www-form-urlencoded":
                try:
                    body_params = parse_qsl(text, keep_blank_values=True, errors="strict")
                except UnicodeDecodeError:
                    return _error(400, "the form holds percent-encoded bytes that are not UTF-8")
            elif media == "application/sparql-query":
                direct_query = text
            elif media in UPDATE_TYPES:
                return _error(403, "updates are refused: this endpoint is read-only")
            elif media is None:
                return _error(415, "a POST needs a Content-Type: application/x-www-form-urlencoded or "
                              "application/sparql-query")
            else:
                return _error(415, f"Content-Type {media} is not accepted: use application/x-www-form-urlencoded "
                              "or application/sparql-query")
        names = [k for k, _ in params + body_params]
        if "update" in names or "using-graph-uri" in names or "using-named-graph-uri" in names:
            return _error(403, "updates are refused: this endpoint is read-only")
        queries = [v for k, v in params + body_params if k == "query"]
        if direct_query is not None:
            if queries:
                return _error(400, "give the query once: in the body or as the query parameter, not both")
            queries = [direct_query]
        if len(queries) > 1:
            return _error(400, "more than one query was given: send exactly one")
        if not queries:
            if request.method in {"GET", "HEAD"} and not params:
                return self.service_description(request)
            return _error(400, "no query: give one as ?query=..., in a form, or as an application/sparql-query "
                          "body")
        query = queries[0]
        if len(query) > self.limits.max_query_chars:
            return _error(413, f"the query is over {self.limits.max_query_chars:,} characters")
        all_params = params + body_params
        defaults = tuple(v for k, v in all_params if k == "default-graph-uri")
        named = tuple(v for k, v in all_params if k == "named-graph-uri")
        protocol_dataset = bool(defaults or named)
        # a graph IRI that is not absolute names no graph the server holds: it selects nothing
        defaults = tuple(g for g in defaults if _ABSOLUTE_IRI.match(g) and not _NOT_IRI.search(g))
        named = tuple(g for g in named if _ABSOLUTE_IRI.match(g) and not _NOT_IRI.search(g))
        # the query itself is checked in the worker (sparql.check_query): never on this event loop
        accept = request.headers.get("accept")
        fmt = dict(all_params).get("format") or dict(all_params).get("output")
        if fmt:  # a convenience some clients use instead of Accept
            accept = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                      "csv": "text/csv", "tsv": "text/tab-separated-values", "turtle": "text/turtle",
                      "ttl": "text/turtle", "nt": "application/n-triples", "jsonld": "application/ld+json",
                      "rdfxml": "application/rdf+xml"}.get(fmt.lower(), accept)
        result_types = tuple(_accepted(accept, list(RESULT_TYPES), "application/sparql-results+json"))
        graph_types = tuple(_accepted(accept, list(GRAPH_TYPES), "text/turtle"))
        if not graph_types and not result_types:
            return _error(406, "no acceptable format; accepted: " + ", ".join([*RESULT_TYPES, *GRAPH_TYPES]))
        job = Job(
            query=query,
            result_types=result_types,
            graph_types=graph_types,
            default_graphs=defaults if protocol_dataset else None,
            named_graphs=named if protocol_dataset else None,
            max_bytes=self.limits.max_result_bytes,
            base_iri=str(request.url.replace(query="", fragment="")),
        )
        answer = self.cache.get(job)
        try:
            if answer is None:
                client = request.client.host if request.client else ""
                answer = await _unless_client_leaves(request, self.pool.run(job, client))
                if answer is None:  # nobody is left to answer; the worker was freed
                    return _error(400, "the client went away before the answer was ready")
                if answer.cacheable:
                    self.cache.put(job, answer)
        except (QueryTimeout, PoolBusy, MemoryExceeded, LongLaneFull) as exc:
            return _error(503, str(exc), {"Retry-After": "1"} if isinstance(exc, (PoolBusy, LongLaneFull)) else None)
        except WorkerCrash as exc:
            return _error(500, str(exc))
        except QueryError as exc:
            return _error(503, str(exc))
        if self.sending + len(answer.body) > self.limits.max_sending_bytes and len(answer.body) > 1_000_000:
            return _error(503, "the server is busy sending other large answers: try again shortly",
                          {"Retry-After": "1"})
        return _Sent(self, answer.body, status_code=answer.status, media_type=answer.media_type,
                     headers={"Vary": "Accept"})

    async def _body(self, request: Request) -> bytes | Response:
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > self.limits.max_request_bytes:
            return _error(413, f"the request body is over {self.limits.max_request_bytes:,} bytes")
        chunks, size = [], 0
        try:
            async for chunk in request.stream():
                size += len(chunk)
                if size > self.limits.max_request_bytes:
                    return _error(413, f"the request body is over {self.limits.max_request_bytes:,} bytes")
                chunks.append(chunk)
        except ClientDisconnect:
            return _error(400, "the client went away before the request body was complete")
        return b"".join(chunks)

    def service_description(self, request: Request) -> Response:
        endpoint = str(request.url.replace(query="", fragment=""))
        formats = "\n".join(f"    sd:resultFormat <{iri}> ;" for iri in (
            "http://www.w3.org/ns/formats/SPARQL_Results_JSON", "http://www.w3.org/ns/formats/SPARQL_Results_XML",
            "http://www.w3.org/ns/formats/SPARQL_Results_CSV", "http://www.w3.org/ns/formats/SPARQL_Results_TSV",
            "http://www.w3.org/ns/formats/Turtle", "http://www.w3.org/ns/formats/N-Triples",
            "http://www.w3.org/ns/formats/JSON-LD", "http://www.w3.org/ns/formats/RDF_XML"))
        named = "".join(f"\n    sd:namedGraph [ a sd:NamedGraph ; sd:name <{g}> ; sd:graph [ a sd:Graph ; "
                        f"void:triples {int(self.sizes[g])} ] ] ;" for g in sorted(self.local_graphs))
        from ..rdf.namespaces import DATASET_IRI

        void = _iri_text(str(request.base_url) + ".well-known/void")
        feature = "\n    sd:feature sd:UnionDefaultGraph ;" if self.union_default else ""
        text = f"""@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix void: <http://rdfs.org/ns/void#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

<{_iri_text(endpoint)}> a sd:Service ;
    sd:endpoint <{_iri_text(endpoint)}> ;
    sd:supportedLanguage sd:SPARQL11Query ;{feature}
    sd:defaultEntailmentRegime <http://www.w3.org/ns/entailment/Simple> ;
{formats}
    dcterms:description "jointvision read-only SPARQL endpoint: no updates, no SERVICE, no remote datasets; answers use no inference (simple entailment)" ;
    rdfs:seeAlso <{void}> ;
    sd:defaultDataset <{DATASET_IRI}> .

<{DATASET_IRI}> a sd:Dataset , void:Dataset ;
    rdfs:seeAlso <{void}> ;
    sd:defaultGraph [ a sd:Graph ; void:triples {int(self.sizes.get("", 0))} ] ;{named}
    void:sparqlEndpoint <{_iri_text(endpoint)}> .
"""
        media = (_accepted(request.headers.get("accept"), ["text/turtle", "application/n-triples",
                                                            "application/ld+json", "application/rdf+xml"],
                           "text/turtle") or ["text/turtle"])[0]
        if media != "text/turtle":
            import pyoxigraph as ox

            triples = ox.parse(text.encode(), format=ox.RdfFormat.TURTLE)
            body = ox.serialize(triples, format=getattr(ox.RdfFormat, GRAPH_TYPES[media]))
            return Response(body, media_type=media, headers={"Vary": "Accept"})
        return Response(text.encode(), media_type="text/turtle; charset=utf-8", headers={"Vary": "Accept"})

    # ------------------------------------------------------------ descriptions
    def ontology(self, request: Request) -> Response:
        """The ontology IRI's answer: the page for browsers, RDF for RDF clients."""
        offered = ["text/html", "text/turtle", "application/ld+json", "application/n-triples", "application/rdf+xml"]
        choice = _accepted(request.headers.get("accept"), offered, "text/html")
        if not choice:
            return _error(406, "acceptable formats: " + ", ".join(offered))
        headers = {"Vary": "Accept"}
        if choice[0] == "text/html":
            return Response(self.files["ontology.html"], media_type="text/html; charset=utf-8",
                            headers={**headers, "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"})
        return _rdf_response(self.files["ontology.ttl"], choice[0], headers)

    def void(self, request: Request) -> Response:
        """The dataset's VoID and DCAT description, with this server's addresses."""
        offered = ["text/turtle", "application/ld+json", "application/n-triples", "application/rdf+xml"]
        choice = _accepted(request.headers.get("accept"), offered, "text/turtle")
        if not choice:
            return _error(406, "acceptable formats: " + ", ".join(offered))
        base = str(request.base_url)
        with self._descriptions_lock:  # requests run in a thread pool
            made = self._descriptions.get(base)
            if made is None:
                try:
                    made = self.describe(base)
                except ValueError:  # a Host header that makes no IRI: the public addresses instead
                    from ..rdf.namespaces import PUBLIC_BASE

                    made = self.describe(PUBLIC_BASE)
                if len(self._descriptions) >= DESCRIPTIONS_KEPT:  # one per address the server is reached by
                    self._descriptions.pop(next(iter(self._descriptions)))
                self._descriptions[base] = made
        return _rdf_response(made, choice[0], {"Vary": "Accept"})

    # ------------------------------------------------------------ downloads
    def download(self, request: Request) -> Response:
        if request.method != "GET" and request.method != "HEAD":
            return _error(405, "the data is read-only: there is no Graph Store to write to",
                          {"Allow": "GET, HEAD"})
        name = request.path_params.get("name")
        if name is None:  # /data: content negotiation
            offered = {media: file for file, media in DOWNLOADS.values()}
            choice = _accepted(request.headers.get("accept"), list(offered), "text/turtle")
            if not choice:
                return _error(406, "acceptable formats: " + ", ".join(offered))
            name = offered[choice[0]]
        if name not in self.files:
            return _error(404, f"no such download: {name}")
        from ..outputs.registry import media_type

        media = media_type(name)
        if media.startswith("text/"):
            media += "; charset=utf-8"
        return Response(self.files[name], media_type=media,
                        headers={"Content-Disposition": f'attachment; filename="{name}"', "Vary": "Accept"})

    def page(self, body: bytes) -> Response:
        return Response(body, media_type="text/html; charset=utf-8",
                        headers={"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"})

    async def health(self, request: Request) -> Response:
        live = self.pool.live if self.pool is not None else 0
        healthy = self.pool is not None and self.pool.healthy
        status = "ok" if healthy else ("starting" if self.pool is None else
                                       "no query workers" if not live else "restarting the query template")
        return JSONResponse({"status": status, "workers": live}, status_code=200 if healthy else 503)

    async def version(self, request: Request) -> Response:
        import pyoxigraph

        stats = self.pool.stats if self.pool else None
        return JSONResponse({
            "jointvision": __version__, "engine": f"pyoxigraph {pyoxigraph.__version__}",
            "triples": self.sizes[""],
            "store": "on disk, opened read-only by every worker" if getattr(self, "_snapshot", None) else "in memory",
            "named_graphs": {g: n for g, n in sorted(self.sizes.items()) if g},
            "limits": {"timeout_s": self.limits.timeout, "max_request_bytes": self.limits.max_request_bytes,
                       "max_result_bytes": self.limits.max_result_bytes, "max_memory_bytes": self.limits.max_memory,
                       "long_after_s": self.limits.long_after,
                       "max_workers": self.pool.max_workers if self.pool else None,
                       "per_client": self.pool.per_client if self.pool else None},
            "queries": stats.queries if stats else 0, "timeouts": stats.timeouts if stats else 0,
            "worker_restarts": stats.restarts if stats else 0, "queries_running": stats.busy if stats else 0,
            "queries_abandoned": stats.abandoned if stats else 0,
            "queries_long": stats.long_queries if stats else 0,
            "long_refused": stats.long_refused if stats else 0,
            "template_restarts": stats.template_restarts if stats else 0,
            "long_running": self.pool.long_running if self.pool else 0,
            "memory_stops": stats.memory_stops if stats else 0,
            "per_client_waits": stats.per_client_waits if stats else 0,
            "cache": {"entries": len(self.cache), "hits": self.cache.hits, "bytes": self.cache.size},
            "workers": self.pool.live if self.pool else 0,
            "workers_isolated_from_network": bool(self.pool and self.pool.isolated),
            "query_check": GUARD,
        })


async def _client_left(request: Request) -> None:
    """Return once the client has closed its connection. Called after the
    request body has been read, so the only message left to come is the
    disconnect."""
    while (await request.receive())["type"] != "http.disconnect":
        pass


async def _unless_client_leaves(request: Request, work):
    """Await ``work``, unless the client disconnects first: then cancel it
    (which kills the worker running the query, so a client that gives up
    does not hold a worker until the time limit) and return None."""
    task = asyncio.ensure_future(work)
    watch = asyncio.ensure_future(_client_left(request))
    try:
        await asyncio.wait({task, watch}, return_when=asyncio.FIRST_COMPLETED)
    except BaseException:  # the handler itself is cancelled (server shutting down)
        task.cancel()
        raise
    finally:
        watch.cancel()
    if task.done():
        return task.result()
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        pass
    return None


_ABSOLUTE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_NOT_IRI = re.compile(r'[<>"{}|^`\\\x00-\x20]')


class _Sent(Response):
    """A response that counts its bytes as being sent until the client has
    taken them, so that slow readers cannot pile up answers without bound
    (``Limits.max_sending_bytes``), and that gives up on a client that does
    not read for ``Limits.send_timeout`` seconds (the connection is closed)."""

    def __init__(self, endpoint: "Endpoint", *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._endpoint = endpoint

    async def __call__(self, scope, receive, send) -> None:
        endpoint, size = self._endpoint, len(self.body)
        endpoint.sending += size
        timeout = endpoint.limits.send_timeout

        async def bounded(message) -> None:
            await asyncio.wait_for(send(message), timeout)

        try:
            await super().__call__(scope, receive, bounded)
        finally:
            endpoint.sending -= size


class AnswerCache:
    """Answers to repeated queries, least recently used first out, bounded in
    bytes. Sound because the served data never changes while the server
    runs; only successful answers are kept."""

    def __init__(self, max_bytes: int):
        from collections import OrderedDict

        self.max_bytes = max_bytes
        self.size = 0
        self.hits = 0
        self._entries: OrderedDict = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, job: Job):
        answer = self._entries.get(job)
        if answer is not None:
            self._entries.move_to_end(job)
            self.hits += 1
        return answer

    @staticmethod
    def _cost(job: Job, answer) -> int:
        """Bytes an entry holds: the answer and the whole key."""
        return (len(answer.body) + len(job.query) + len(job.base_iri or "") + 256
                + sum(len(g) for g in (job.default_graphs or ()) + (job.named_graphs or ())))

    def put(self, job: Job, answer) -> None:
        cost = self._cost(job, answer)
        if answer.status != 200 or cost > self.max_bytes // 8:
            return
        self._entries[job] = answer
        self.size += cost
        while self.size > self.max_bytes:
            old_job, old = self._entries.popitem(last=False)
            self.size -= self._cost(old_job, old)


def _rdf_response(turtle: bytes, media: str, headers: dict) -> Response:
    """A Turtle document as the negotiated RDF format."""
    if media == "text/turtle":
        return Response(turtle, media_type="text/turtle; charset=utf-8", headers=headers)
    import pyoxigraph as ox

    triples = ox.parse(turtle, format=ox.RdfFormat.TURTLE)
    return Response(ox.serialize(triples, format=getattr(ox.RdfFormat, GRAPH_TYPES[media])), media_type=media,
                    headers=headers)


def _iri_text(text: str) -> str:
    text = re.sub(r"%(?![0-9A-Fa-f]{2})", "%25", text)
    return re.sub(r'[<>"{}|^`\\\x00-\x20]', lambda m: f"%{ord(m.group()):02X}", text)


def _content_type(header: str | None) -> tuple[str | None, str | None]:
    if not header or not header.strip():
        return None, None
    parts = [p.strip() for p in header.split(";")]
    charset = next((p.split("=", 1)[1].strip().strip('"').lower() for p in parts[1:]
                    if p.lower().startswith("charset=")), None)
    return parts[0].lower(), charset


def _remove_orphan_snapshots() -> None:
    """Remove the snapshots of servers that are gone (killed with -9, the
    machine stopped): this user's ``jointvision-serve-*`` folders whose owner
    process no longer runs."""
    import shutil
    import tempfile

    base = tempfile.gettempdir()
    try:
        names = [n for n in os.listdir(base) if n.startswith("jointvision-serve-")]
    except OSError:
        return
    for name in names:
        folder = os.path.join(base, name)
        try:
            if os.stat(folder).st_uid != os.getuid():
                continue
            with open(os.path.join(folder, "owner"), encoding="ascii") as owner:
                pid = int(owner.read().strip())
            os.kill(pid, 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except (OSError, ValueError):
            continue  # not ours to judge (no owner file yet, or another user's)


def _snapshot(store: str) -> str:
    """A private copy of an on-disk store for the server's lifetime, made of
    hard links where the file system allows (a store's data files never
    change once written), so that a build replacing the store meanwhile
    cannot pull files from under the workers."""
    import shutil
    import tempfile

    _remove_orphan_snapshots()
    folder = tempfile.mkdtemp(prefix="jointvision-serve-")
    with open(os.path.join(folder, "owner"), "w", encoding="ascii") as owner:
        owner.write(str(os.getpid()))
    target = os.path.join(folder, "store")
    os.mkdir(target)
    for name in os.listdir(store):
        source = os.path.join(store, name)
        if not os.path.isfile(source):
            continue
        try:
            os.link(source, os.path.join(target, name))
        except OSError:
            shutil.copyfile(source, os.path.join(target, name))
    return target


def create_app(data, named_graphs: dict[str, object] | None = None, limits: Limits | None = None,
               workers: int | None = None) -> Starlette:
    """The ASGI application for a built dataset (or one graph), and optional
    extra named graphs (IRI -> rdflib Graph, outside the union). Workers
    start with the app and stop with it."""
    import pyoxigraph as ox

    from ..outputs.exports import Downloads
    from ..rdf.dataset import as_dataset
    from ..sparql.named import named_queries
    from ..rdf.terms import to_ox

    dataset = as_dataset(data)
    files = Downloads(dataset)  # each made when first asked for: the server is up at once
    # the default graph is the union of the sources and the ontology, as for `jointvision query`
    extra = [ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.NamedNode(name))
             for name, graph in (named_graphs or {}).items() for s, p, o in graph]
    # workers open an on-disk store themselves (read-only, shared by all); else they get its N-Quads
    nquads = dataset.path if dataset.path and not extra else \
        dataset.dump() + ox.serialize(extra, format=ox.RdfFormat.N_QUADS)
    examples = [{"name": q.name, "title": q.title, "question": q.question, "text": q.text}
                for q in named_queries().values()]
    sizes = {**dataset.sizes(), **{name: len(graph) for name, graph in (named_graphs or {}).items()}}

    counted = []  # the dataset's statistics, counted at the first description and kept (a Host header of its
    # own does not make the server count again)

    def describe(base: str) -> bytes:
        from ..outputs.void import statistics, void_turtle

        if not counted:
            counted.append(statistics(dataset))
        return void_turtle(counted[0], {name: None for name in files if name != "README.md"}, base)

    endpoint = Endpoint(files, nquads, sizes, limits or Limits(), workers, query_page=_query_page(examples),
                        describe=describe, union_default=not named_graphs)

    @asynccontextmanager
    async def lifespan(app):
        await endpoint.start()
        try:
            yield
        finally:
            endpoint.stop()

    from ..outputs.registry import OUTPUTS, PAGE

    methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"]
    pages = [Route(path, _page_of(endpoint, files, output.name), methods=["GET", "HEAD"])
             for output in OUTPUTS.values() if output.served == PAGE for path in output.routes]
    routes = [
        Route("/sparql", endpoint.sparql, methods=methods),
        Route("/sparql/", endpoint.sparql, methods=methods),
        *pages,
        Route("/query", lambda request: endpoint.page(endpoint.query_page), methods=["GET", "HEAD"]),
        Route("/health", endpoint.health, methods=["GET", "HEAD"]),
        Route("/version", endpoint.version, methods=["GET", "HEAD"]),
        Route("/data", endpoint.download, methods=methods),
        Route("/ontology", endpoint.ontology, methods=["GET", "HEAD"]),
        Route("/.well-known/void", endpoint.void, methods=["GET", "HEAD"]),
        Route("/void.ttl", endpoint.void, methods=["GET", "HEAD"]),
        Route("/{name:str}", _download_or_404(endpoint), methods=methods),  # last: the downloads by name
    ]
    # Cross-origin reads are allowed (the data is public and read-only; no
    # credentials are involved), so query pages on other sites can use it.
    cors = Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "HEAD", "POST"],
                      allow_headers=["Accept", "Content-Type"], expose_headers=["Content-Disposition"],
                      max_age=600)
    app = Starlette(routes=routes, lifespan=lifespan, middleware=[cors],
                    exception_handlers={Exception: _internal_error, 404: _not_found, 405: _not_allowed})
    app.state.endpoint = endpoint
    return _HeaderLimit(app, endpoint.limits.max_header_bytes)


class _HeaderLimit:
    """ASGI middleware: 431 for requests whose headers are too large."""

    def __init__(self, app, limit: int):
        self.app = app
        self.limit = limit
        self.state = app.state

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and sum(len(k) + len(v) for k, v in scope["headers"]) > self.limit:
            response = _error(431, f"the request headers are over {self.limit:,} bytes")
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


def _page_of(endpoint: Endpoint, files: Mapping[str, bytes], name: str):
    """The view of a download that is a page (the map, the commitments)."""
    return lambda request: endpoint.page(files[name])


def _download_or_404(endpoint: Endpoint):
    from ..outputs.registry import DOWNLOAD, OUTPUTS

    allowed = {o.name for o in OUTPUTS.values() if o.served == DOWNLOAD}

    def handler(request: Request) -> Response:
        name = request.path_params["name"]
        if name in {"health", "version", "query", "ontology", "void.ttl"}:  # matched here only for a method they do not take
            return _error(405, f"{request.method} is not allowed on /{name}", {"Allow": "GET, HEAD"})
        if name not in allowed:
            return _error(404, f"not found: /{name}")
        return endpoint.download(request)

    return handler


async def _internal_error(request: Request, exc: Exception) -> Response:
    return _error(500, "internal error: the request could not be answered")


async def _not_found(request: Request, exc: Exception) -> Response:
    return _error(404, f"not found: {request.url.path}")


async def _not_allowed(request: Request, exc: Exception) -> Response:
    return _error(405, f"{request.method} is not allowed on {request.url.path}")


def _query_page(examples: list[dict]) -> bytes:
    from ..outputs.pages import csp_hash, inline, json_for_html, render

    script = inline("query.js")
    return render("query.html", examples_json=json_for_html(examples), app_js=script,
                  script_hash=f"'sha256-{csp_hash(script)}'", css=inline("viewer.css", "style")).encode("utf-8")
