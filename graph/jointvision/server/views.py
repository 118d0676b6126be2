"""The endpoint's state and its thin views.

:class:`Endpoint` holds what the views share (the downloads, the query
pool, the answer cache, the limits) and starts and stops the pool. Each
view reads the request through ``protocol`` and ``negotiation``, asks the
pool or the downloads, and answers; every refusal is an
:class:`~.errors.HTTPError` raised for the application's one handler.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from .. import __version__
from ..errors import QueryError
from ..outputs.registry import GRAPH_STEM, media_type
from ..rdf.formats import formats
from ..rdf.iris import DATASET_IRI, PUBLIC_BASE
from ..sparql.isolation import GUARD
from . import protocol
from .cache import AnswerCache
from .description import service_description_turtle
from .errors import HTTPError
from .limits import Limits
from .negotiation import DESCRIPTION_TYPES, GRAPH_TYPES, TURTLE, accepted, reserialised
from .pool import Answer, Job, PoolError, PoolStats, QueryPool
from .snapshot import remove_snapshot, snapshot
from .transfer import CountedResponse, Sending, read_body, unless_client_leaves

#: The graph downloads by format name: (file, media type), from the format registry: the merged graph as
#: Turtle (the default), JSON-LD and N-Triples, the dataset of named graphs as TriG and N-Quads.
DOWNLOADS = {f.name: (f"{GRAPH_STEM}.{f.extension}", f.media_type) for f in formats(written=True)}
#: How many VoID descriptions the server keeps: one per address (base URL) it is reached by.
DESCRIPTIONS_KEPT = 8
#: The headers of every page.
PAGE_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}
VARY = {"Vary": "Accept"}


def negotiated(request: Request, offered: list[str], default: str) -> str:
    """The offered media type the request's Accept header prefers (406 if none)."""
    choice = accepted(request.headers.get("accept"), offered, default)
    if not choice:
        raise HTTPError(406, "acceptable formats: " + ", ".join(offered))
    return choice[0]


def rdf_response(turtle: bytes, media: str) -> Response:
    """A Turtle document as the negotiated RDF format."""
    if media == TURTLE:
        return Response(turtle, media_type="text/turtle; charset=utf-8", headers=VARY)
    return Response(reserialised(turtle, media), media_type=media, headers=VARY)


class Endpoint:
    """The application state: the dataset's downloads, the query pool, limits; and the views."""

    def __init__(
        self,
        files: Mapping[str, bytes],
        nquads: bytes | str,
        sizes: dict[str, int],
        limits: Limits,
        workers: int | None = None,
        query_page: bytes = b"",
        describe: Callable[[str], bytes] | None = None,
        union_default: bool = True,
    ):
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
        self._snapshot: str | None = None  # the private copy of an on-disk store, while serving
        self._workers = workers
        self.pool: QueryPool | None = None
        self.cache = AnswerCache(limits.cache_bytes)
        self.sending = Sending(limits.max_sending_bytes, limits.send_timeout)

    async def start(self) -> None:
        """Start the query pool (on a snapshot of an on-disk store)."""
        limits = self.limits
        if isinstance(self._nquads, str):
            self._nquads = self._snapshot = snapshot(self._nquads)
        self.pool = QueryPool(
            self._nquads,
            workers=self._workers,
            timeout=limits.timeout,
            local_graphs=self.local_graphs,
            long_after=limits.long_after,
            max_memory=limits.max_memory,
            max_workers=limits.max_workers,
            per_client=limits.per_client,
        )
        self._nquads = b""  # the pool holds the data now
        await self.pool.start()

    def stop(self) -> None:
        """Stop the pool and remove the snapshot."""
        if self.pool is not None:
            self.pool.close()
        if self._snapshot:
            remove_snapshot(self._snapshot)

    # ------------------------------------------------------------- protocol
    async def sparql(self, request: Request) -> Response:
        """``/sparql``: a query's answer, or the service description."""
        limits = self.limits
        protocol.check_method(request.method)
        url = protocol.url_parameters(request.url.query, limits.max_query_chars)
        body = await read_body(request, limits.max_request_bytes) if request.method == "POST" else None
        asked = protocol.parse(
            request.method,
            url,
            request.headers.get("content-type"),
            body,
            request.headers.get("accept"),
            max_query_chars=limits.max_query_chars,
        )
        if asked is None:
            return self.service_description(request)
        job = Job(
            query=asked.query,
            result_types=asked.result_types,
            graph_types=asked.graph_types,
            default_graphs=asked.default_graphs,
            named_graphs=asked.named_graphs,
            max_bytes=limits.max_result_bytes,
            base_iri=str(request.url.replace(query="", fragment="")),
        )
        answer = await self._answer(request, job)
        self.sending.check(len(answer.body))
        return CountedResponse(
            self.sending, answer.body, status_code=answer.status, media_type=answer.media_type, headers=VARY
        )

    async def _answer(self, request: Request, job: Job) -> Answer:
        """The answer to a job: from the cache, else from a worker (kept if
        it may be); the pool's refusals as HTTP errors."""
        answer = self.cache.get(job)
        if answer is not None:
            return answer
        if self.pool is None:
            raise RuntimeError("the query pool has not started")
        try:
            answer = await unless_client_leaves(
                request, self.pool.run(job, request.client.host if request.client else "")
            )
        except PoolError as exc:
            raise HTTPError(exc.status, str(exc), {"Retry-After": "1"} if exc.retry_soon else None) from None
        except QueryError as exc:
            raise HTTPError(503, str(exc)) from None
        if answer is None:  # nobody is left to answer; the worker was freed
            raise HTTPError(400, "the client went away before the answer was ready")
        if answer.cacheable:
            self.cache.put(job, answer)
        return answer

    def service_description(self, request: Request) -> Response:
        """The SPARQL service description, negotiated (Turtle by default)."""
        endpoint, void = str(request.url.replace(query="", fragment="")), str(request.base_url) + ".well-known/void"
        try:
            turtle = service_description_turtle(endpoint, void, DATASET_IRI, self.sizes, self.union_default)
        except ValueError:  # a Host header that makes no IRI: the public addresses instead
            turtle = service_description_turtle(
                PUBLIC_BASE + "sparql", PUBLIC_BASE + ".well-known/void", DATASET_IRI, self.sizes, self.union_default
            )
        media = (accepted(request.headers.get("accept"), GRAPH_TYPES, TURTLE) or [TURTLE])[0]
        return rdf_response(turtle, media)

    # ------------------------------------------------------------ descriptions
    def ontology(self, request: Request) -> Response:
        """The ontology IRI's answer: the page for browsers, RDF for RDF clients."""
        media = negotiated(request, ["text/html", *DESCRIPTION_TYPES], "text/html")
        if media == "text/html":
            return Response(
                self.files["ontology.html"], media_type="text/html; charset=utf-8", headers={**VARY, **PAGE_HEADERS}
            )
        return rdf_response(self.files["ontology.ttl"], media)

    def void(self, request: Request) -> Response:
        """The dataset's VoID and DCAT description, with this server's addresses."""
        media = negotiated(request, DESCRIPTION_TYPES, TURTLE)
        return rdf_response(self.description_for(str(request.base_url)), media)

    def description_for(self, base: str) -> bytes:
        """The VoID description for the address ``base``, made once per
        address (at most DESCRIPTIONS_KEPT kept)."""
        if self.describe is None:
            raise RuntimeError("this endpoint has no description")
        with self._descriptions_lock:  # requests run in a thread pool
            made = self._descriptions.get(base)
            if made is None:
                try:
                    made = self.describe(base)
                except ValueError:  # a Host header that makes no IRI: the public addresses instead
                    made = self.describe(PUBLIC_BASE)
                if len(self._descriptions) >= DESCRIPTIONS_KEPT:  # one per address the server is reached by
                    self._descriptions.pop(next(iter(self._descriptions)))
                self._descriptions[base] = made
        return made

    # ------------------------------------------------------------ downloads
    def download(self, request: Request) -> Response:
        """A download by name, or ``/data`` by content negotiation."""
        if request.method not in {"GET", "HEAD"}:
            raise HTTPError(405, "the data is read-only: there is no Graph Store to write to", {"Allow": "GET, HEAD"})
        name = request.path_params.get("name")
        if name is None:  # /data: content negotiation
            offered = {media: file for file, media in DOWNLOADS.values()}
            name = offered[negotiated(request, list(offered), TURTLE)]
        if name not in self.files:
            raise HTTPError(404, f"no such download: {name}")
        media = media_type(name)
        if media.startswith("text/"):
            media += "; charset=utf-8"
        return Response(
            self.files[name],
            media_type=media,
            headers={"Content-Disposition": f'attachment; filename="{name}"', **VARY},
        )

    def page(self, body: bytes) -> Response:
        """A page to read (the map, the query page)."""
        return Response(body, media_type="text/html; charset=utf-8", headers=PAGE_HEADERS)

    # ------------------------------------------------------------ for operators
    async def health(self, request: Request) -> Response:
        """``/health``: 200 while queries can be answered, else 503 and why."""
        live = self.pool.live if self.pool is not None else 0
        healthy = self.pool is not None and self.pool.healthy
        status = (
            "ok"
            if healthy
            else (
                "starting" if self.pool is None else "no query workers" if not live else "restarting the query template"
            )
        )
        return JSONResponse({"status": status, "workers": live}, status_code=200 if healthy else 503)

    async def version(self, request: Request) -> Response:
        """``/version``: the versions, the data's size, the limits and the counters."""
        return JSONResponse(self.version_info())

    def version_info(self) -> dict[str, Any]:
        """What ``/version`` says."""
        import pyoxigraph

        pool, limits, cache = self.pool, self.limits, self.cache
        stats = pool.stats if pool else PoolStats()
        return {
            "jointvision": __version__,
            "engine": f"pyoxigraph {pyoxigraph.__version__}",
            "triples": self.sizes[""],
            "store": "on disk, opened read-only by every worker" if self._snapshot else "in memory",
            "named_graphs": {g: n for g, n in sorted(self.sizes.items()) if g},
            "limits": {
                "timeout_s": limits.timeout,
                "max_request_bytes": limits.max_request_bytes,
                "max_result_bytes": limits.max_result_bytes,
                "max_memory_bytes": limits.max_memory,
                "long_after_s": limits.long_after,
                "max_workers": pool.max_workers if pool else None,
                "per_client": pool.per_client if pool else None,
            },
            "queries": stats.queries,
            "timeouts": stats.timeouts,
            "worker_restarts": stats.restarts,
            "queries_running": stats.busy,
            "queries_abandoned": stats.abandoned,
            "queries_long": stats.long_queries,
            "long_refused": stats.long_refused,
            "template_restarts": stats.template_restarts,
            "long_running": pool.long_running if pool else 0,
            "memory_stops": stats.memory_stops,
            "per_client_waits": stats.per_client_waits,
            "cache": {"entries": len(cache), "hits": cache.hits, "bytes": cache.size},
            "workers": pool.live if pool else 0,
            "workers_isolated_from_network": bool(pool and pool.isolated),
            "query_check": GUARD,
        }
