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

Queries run in worker processes (``pool``) with a time limit; request and
result sizes are bounded; error bodies are short plain text.

This module wires the application: the routes (the downloads and pages
from the outputs registry), the lifespan, the middleware and the error
handlers. The views are in ``views``, the protocol in ``protocol``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

from starlette.applications import Starlette
from starlette.datastructures import State
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from ..outputs.registry import DOWNLOAD, OUTPUTS, PAGE
from .errors import HTTPError, error_response, handle_http_error
from .limits import Limits
from .views import DESCRIPTIONS_KEPT, DOWNLOADS, Endpoint

if TYPE_CHECKING:
    from .statistics import Recorded, Sizes

__all__ = ["DESCRIPTIONS_KEPT", "DOWNLOADS", "Endpoint", "HeaderLimit", "Limits", "create_app"]

#: Every method, so that the views answer the ones they refuse themselves (405 with a reason).
METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"]
READ = ["GET", "HEAD"]
#: Paths of views matched by the downloads' route only for a method they do not take.
_VIEWS_BY_NAME = {"health", "version", "query", "ontology", "void.ttl"}


def create_app(
    data: Any, named_graphs: Mapping[str, Any] | None = None, limits: Limits | None = None, workers: int | None = None
) -> HeaderLimit:
    """The ASGI application for a built dataset (or one graph), and optional
    extra named graphs (IRI -> rdflib Graph, outside the union). Workers
    start with the app and stop with it (forked when queries need them)."""
    endpoint, recorded = _endpoint(data, named_graphs or {}, limits or Limits(), workers)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await endpoint.start()
        try:
            yield
        finally:
            endpoint.stop()

    # Cross-origin reads are allowed (the data is public and read-only; no
    # credentials are involved), so query pages on other sites can use it.
    cors = Middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_methods=["GET", "HEAD", "POST"],
        allow_headers=["Accept", "Content-Type"],
        expose_headers=["Content-Disposition"],
        max_age=600,
    )
    app = Starlette(
        routes=_routes(endpoint),
        lifespan=lifespan,
        middleware=[cors],
        exception_handlers={
            HTTPError: handle_http_error,
            Exception: _internal_error,
            404: _not_found,
            405: _not_allowed,
        },
    )
    app.state.endpoint = endpoint
    app.state.recorded = recorded  # the statistics recorded beside the store, if any (for `serve`'s first line)
    return HeaderLimit(app, endpoint.limits.max_header_bytes, app.state)


def _endpoint(
    data: Any, named_graphs: Mapping[str, Any], limits: Limits, workers: int | None
) -> tuple[Endpoint, Recorded | None]:
    """The endpoint of a dataset and extra named graphs: its downloads (each
    made when first asked for: the server is up at once), the data for the
    workers, the sizes (recorded beside a kept store, else counted when
    first asked for: nothing is counted at startup) and the VoID
    description (the query page is made when first asked for too)."""
    import pyoxigraph as ox

    from ..outputs.exports import Downloads
    from ..rdf.dataset import as_dataset
    from .statistics import read_record

    dataset = as_dataset(data)
    files = Downloads(dataset)
    # the default graph is the union of the sources and the ontology, as for `jointvision query`
    extra: list[ox.Quad] = []
    if named_graphs:  # rdflib graphs, read from --graph files: rdflib is loaded already
        from ..rdf.terms import to_ox

        extra = [
            ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.NamedNode(name))
            for name, graph in named_graphs.items()
            for s, p, o in graph
        ]
    # workers open an on-disk store themselves (read-only, shared by all); else they get its N-Quads
    nquads: bytes | str = (
        dataset.path
        if dataset.path and not extra
        else dataset.dump() + (ox.serialize(extra, format=ox.RdfFormat.N_QUADS) or b"")
    )
    recorded = read_record(dataset.path)
    return Endpoint(
        files,
        nquads,
        _sizes(dataset, named_graphs, recorded),
        limits,
        workers,
        describe=_describer(dataset, files, recorded),
        union_default=not named_graphs,
    ), recorded


def _sizes(dataset: Any, named_graphs: Mapping[str, Any], recorded: Recorded | None) -> Sizes:
    """Triples per graph: the dataset's as recorded, or counted when first
    asked for; the extra graphs' as they are (in memory)."""
    from .statistics import Sizes

    extra = {name: len(graph) for name, graph in named_graphs.items()}
    if recorded is not None:
        return Sizes.known({**recorded.sizes, **extra})
    return Sizes(["", *dataset.graph_names(), *extra], lambda: {**dataset.sizes(), **extra})


def _describer(dataset: Any, files: Mapping[str, bytes], recorded: Recorded | None) -> Callable[[str], bytes]:
    """The VoID description for a base URL; the dataset's statistics are
    the recorded ones, or counted at the first description and kept (a Host
    header of its own does not make the server count again)."""
    counted: list[Any] = []

    def describe(base: str) -> bytes:
        from ..outputs.void import download_sizes, statistics, void_turtle
        from .statistics import void_statistics

        if not counted:
            counted.append(statistics(dataset) if recorded is None else void_statistics(recorded.void))
        return void_turtle(counted[0], download_sizes(files, [n for n in files if n != "README.md"]), base)

    return describe


def _routes(endpoint: Endpoint) -> list[Route]:
    """The routes: the protocol, the pages and descriptions, the downloads by
    name last."""
    pages = [
        Route(path, _page_of(endpoint, output.name), methods=READ)
        for output in OUTPUTS.values()
        if output.served == PAGE
        for path in output.routes
    ]
    return [
        Route("/sparql", endpoint.sparql, methods=METHODS),
        Route("/sparql/", endpoint.sparql, methods=METHODS),
        *pages,
        Route("/query", _query_view(endpoint), methods=READ),
        Route("/health", endpoint.health, methods=READ),
        Route("/version", endpoint.version, methods=READ),
        Route("/data", endpoint.download, methods=METHODS),
        Route("/ontology", endpoint.ontology, methods=READ),
        Route("/.well-known/void", endpoint.void, methods=READ),
        Route("/void.ttl", endpoint.void, methods=READ),
        Route("/{name:str}", _download_or_404(endpoint), methods=METHODS),  # last: the downloads by name
    ]


def _page_of(endpoint: Endpoint, name: str) -> Callable[[Request], Response]:
    """The view of a download that is a page (the map, the commitments)."""
    return lambda request: endpoint.page(endpoint.files[name])


def _download_or_404(endpoint: Endpoint) -> Callable[[Request], Response]:
    """The view of ``/{name}``: a download the registry offers at its name."""
    allowed = {o.name for o in OUTPUTS.values() if o.served == DOWNLOAD}

    def view(request: Request) -> Response:
        name = request.path_params["name"]
        if name in _VIEWS_BY_NAME:
            raise HTTPError(405, f"{request.method} is not allowed on /{name}", {"Allow": "GET, HEAD"})
        if name not in allowed:
            raise HTTPError(404, f"not found: /{name}")
        return endpoint.download(request)

    return view


class HeaderLimit:
    """ASGI middleware: 431 for requests whose headers are too large."""

    def __init__(self, app: ASGIApp, limit: int, state: State):
        self.app = app
        self.limit = limit
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and sum(len(k) + len(v) for k, v in scope["headers"]) > self.limit:
            response = error_response(431, f"the request headers are over {self.limit:,} bytes")
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


async def _internal_error(request: Request, exc: Exception) -> Response:
    return error_response(500, "internal error: the request could not be answered")


async def _not_found(request: Request, exc: Exception) -> Response:
    return error_response(404, f"not found: {request.url.path}")


async def _not_allowed(request: Request, exc: Exception) -> Response:
    return error_response(405, f"{request.method} is not allowed on {request.url.path}")


def _query_view(endpoint: Endpoint) -> Callable[[Request], Response]:
    """The view of ``/query``: the query page, made at its first request (in
    the thread pool, off the event loop) rather than at startup, where its
    template engine alone costs a tenth of a second."""
    made: list[bytes] = []

    def view(request: Request) -> Response:
        if not made:
            made.append(endpoint.query_page or _query_page())
        return endpoint.page(made[0])

    return view


def _query_page() -> bytes:
    """The query page, with the named queries as examples."""
    from ..outputs.pages import csp_hash, inline, json_for_html, render
    from ..sparql.named import named_queries

    examples = [
        {"name": q.name, "title": q.title, "question": q.question, "text": q.text} for q in named_queries().values()
    ]
    script = inline("query.js")
    return render(
        "query.html",
        examples_json=json_for_html(examples),
        app_js=script,
        script_hash=f"'sha256-{csp_hash(script)}'",
        css=inline("viewer.css", "style"),
    ).encode("utf-8")
