"""Serving and showing the graph: ``serve``, ``view`` and ``doctor``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from . import data as where
from .group import CommandError, flush_notes, main, note, version_lines
from .options import Seconds, data_option

if TYPE_CHECKING:
    from ..rdf.dataset import Dataset
    from ..server.connections import ConnectionLimits


@main.command()
def doctor() -> None:
    """Say what this installation can do: versions, and which walls stand
    between a query and the network (the check; evaluation in a process
    without network, where the system allows it)."""
    from ..sparql.isolation import walls

    for line in version_lines():
        click.echo(line)
    click.echo(
        "server query workers without network: "
        + (
            "yes (forked from a template process in an empty network namespace)"
            if walls().isolated
            else "no (the check alone)"
        )
    )


@main.command()
@data_option
@click.option(
    "--html",
    "html_file",
    type=click.Path(path_type=Path),
    default=None,
    help="The map to open; written first if it is missing or --data is given. Default: "
    "jointvision.html in the project's exports (else ./exports) if it exists, else a file in "
    "the temporary folder.",
)
def view(data: tuple[Path, ...], html_file: Path | None) -> None:
    """Open the interactive map in the default web browser."""
    import tempfile
    import webbrowser

    from ..files import write_atomic
    from ..source.project import find_project

    project = None if data else find_project()
    exported = (project.exports if project is not None else Path("exports")) / "jointvision.html"
    if html_file is None and not data and exported.is_file():
        html_file, write = exported, False
    elif html_file is None:  # outside a project: a fresh map in a private new temporary folder, not ./exports
        html_file, write = Path(tempfile.mkdtemp(prefix="jointvision-")) / "jointvision.html", True
    else:
        write = bool(data) or not html_file.is_file()
        if write and not html_file.parent.is_dir():
            raise CommandError([f"--html: the folder {html_file.parent} does not exist"])
    if write:
        from ..outputs.viewer import viewer_html

        page = viewer_html(where.dataset(data))  # the dataset: statuses and disagreements as the build makes them
        try:
            write_atomic(html_file, page.encode("utf-8"))
        except OSError as exc:
            raise CommandError([f"cannot write {exc.filename or html_file}: {exc.strerror or exc}"]) from None
    url = html_file.resolve().as_uri()
    click.echo(f"opening {url}")
    if not webbrowser.open(url):
        click.echo("no web browser found: open the file above yourself", err=True)


def _check_can_listen(host: str, port: int) -> None:
    """Exit 2 with a message if the address cannot be listened on (a port
    in use, a host that is not this machine's), before anything is started."""
    import errno
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        family, kind, proto, _, address = infos[0]
        with socket.socket(family, kind, proto) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server will
            sock.bind(address)
    except OSError as exc:
        raise CommandError(
            [
                f"cannot listen on {host}:{port}: {exc.strerror or exc}"
                + (
                    " (another server is using it: choose another --port)"
                    if getattr(exc, "errno", None) == errno.EADDRINUSE
                    else ""
                )
            ]
        ) from None


def _graph_option(item: str) -> tuple[str, str]:
    """IRI=FILE, where the IRI itself may hold "=" (a query string): the
    split is at the last "=" whose right side names an existing file, else
    at the first. The IRI must be absolute and well-formed."""
    iri, file = "", ""
    for cut in reversed([i for i, char in enumerate(item) if char == "="]):
        try:
            if Path(item[cut + 1 :]).exists():
                iri, file = item[:cut], item[cut + 1 :]
                break
        except (OSError, ValueError):
            continue
    else:
        iri, _, file = item.partition("=")
    if not iri or not file:
        raise click.BadParameter(f"expected IRI=FILE, got {item[:80]!r}", param_hint="--graph")
    from ..rdf.iris import iri_problem

    if iri_problem(iri):
        raise click.BadParameter(
            f"{iri[:80]!r} is not an absolute IRI (such as http://example.org/graph)", param_hint="--graph"
        )
    return iri, file


@main.command()
@data_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback by default).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option(
    "--graph",
    "graphs",
    multiple=True,
    metavar="IRI=FILE",
    help="Also serve an RDF file as the named graph IRI (repeatable); FROM may name it.",
)
@click.option(
    "--timeout",
    default=5.0,
    show_default=True,
    type=Seconds(0.1, 3600),
    help="Seconds a query may run before it is stopped (503).",
)
@click.option(
    "--workers",
    default=None,
    type=click.IntRange(1, 64),
    help="Query worker processes (default: CPU count + 1, at least 2).",
)
@click.option(
    "--max-result-bytes",
    default=10_000_000,
    show_default=True,
    type=click.IntRange(1000),
    help="Largest result a query may return (413 beyond).",
)
@click.option(
    "--cache-mb",
    default=64,
    show_default=True,
    type=click.IntRange(0),
    help="Memory for answers to repeated queries (the data never changes while serving); 0: none.",
)
@click.option(
    "--max-memory",
    "max_memory_mb",
    default=1000,
    show_default=True,
    type=click.IntRange(16),
    help="MB of memory one query may use in its worker (503 beyond; the worker is replaced).",
)
@click.option(
    "--header-timeout",
    default=10.0,
    show_default=True,
    type=Seconds(0.1, 3600),
    help="Seconds a client has to send a request's headers, from connecting or from the previous "
    "answer (then closed, with 408 if some came); its body must follow within as long again, "
    "plus 1 s per 64 kB.",
)
@click.option(
    "--max-connections",
    default=1024,
    show_default=True,
    type=click.IntRange(16, 1_000_000),
    help="Open client connections at most; at the limit a new one closes the connection idle the "
    "longest (refused only if all are in a request).",
)
@click.option(
    "--max-connections-per-client",
    "per_client",
    default=None,
    type=click.IntRange(0),
    help="Connections one client address (IPv6: one /64) may hold open; one more is closed at once. "
    "Default: a sixteenth of --max-connections, at least 8. 0: no cap (behind a reverse proxy "
    "on this host, which all clients then share: let the proxy cap each client).",
)
@click.option(
    "--idle-template-after",
    "idle_template_after",
    default=300.0,
    show_default=True,
    type=Seconds(0, 86_400),
    help="Seconds without a query after which the query template process stops, to free its memory "
    "(the next query starts it again, in a few tenths of a second); 0: never. Idle query workers "
    "stop after 5 s; an idle server then holds this process alone.",
)
def serve(
    data: tuple[Path, ...],
    host: str,
    port: int,
    graphs: tuple[str, ...],
    timeout: float,
    workers: int | None,
    max_result_bytes: int,
    cache_mb: int,
    max_memory_mb: int,
    header_timeout: float,
    max_connections: int,
    per_client: int | None,
    idle_template_after: float,
) -> None:
    """Serve a read-only SPARQL 1.1 endpoint, downloads, the map and a query page.

    /sparql (SPARQL 1.1 Protocol), /data and /jointvision.ttl|.jsonld|.nt,
    / (the map), /query (query page), /health, /version. Updates, SERVICE and
    remote datasets are refused; nothing is ever fetched.
    """
    _check_can_listen(host, port)
    from ..server.pool import scheduler
    from ..server.pool.template import prestart

    scheduler.TEMPLATE_IDLE_FOR = idle_template_after
    prestart()  # the query template's interpreter starts while the server's modules load and the data opens
    _check_serve_extra()
    named = _named_graphs(graphs)
    graph = where.dataset(data)
    connections = _connection_limits(max_connections, per_client, header_timeout)
    flush_notes()
    app = _app(
        graph,
        named,
        workers,
        timeout=timeout,
        max_result_bytes=max_result_bytes,
        cache_mb=cache_mb,
        max_memory_mb=max_memory_mb,
    )
    click.echo(
        f"serving {_what(graph, app.state.recorded)} on http://{host}:{port}/ (SPARQL at /sparql, map at /, "
        f"queries at /query); Ctrl+C stops",
        err=True,
    )
    _run(app, host, port, connections)


def _what(graph: Dataset, recorded) -> str:
    """What is served, for the first line: the triples as the build
    recorded them beside a kept store, or counted for data built now (in
    memory: small, or it would have taken long to build); a kept store of
    an older build is not counted (that takes seconds on a large one)."""
    if recorded is not None:
        return f"{recorded.triples} triples ({recorded.sizes['']} in the default graph, with the ontology)"
    if graph.path is None:
        return f"{len(graph)} triples ({graph.sizes()['']} in the default graph, with the ontology)"
    return "the kept store (its size is counted when first asked for)"


def _check_serve_extra() -> None:
    """Exit 2 with how to install the 'serve' extra if what serving needs
    (uvicorn, Starlette) is missing: checked before any data is read."""
    try:
        import uvicorn  # noqa: F401

        from ..server import app, connections  # noqa: F401
    except ImportError as exc:
        raise CommandError(
            [f"serving needs the 'serve' extra ({exc.name} is missing): pip install 'jointvision[serve]'"]
        ) from None


def _named_graphs(graphs: tuple[str, ...]) -> dict:
    """The RDF files of ``--graph IRI=FILE``, read, by IRI."""
    if not graphs:
        return {}
    from ..rdf.validate import load_rdf  # rdflib: imported only when a graph is given

    named = {}
    for item in graphs:
        iri, file = _graph_option(item)
        named[iri] = load_rdf(Path(file))
    return named


def _connection_limits(max_connections: int, per_client: int | None, header_timeout: float) -> ConnectionLimits:
    """The bounds on client connections, lowered (with a note saying so)
    where the process may not open that many files."""
    from ..server.connections import ConnectionLimits

    connections, lowered = ConnectionLimits(
        max_connections=max_connections, per_client=per_client, header_timeout=header_timeout
    ).within_open_files()
    if lowered:
        note(lowered)
    return connections


def _app(
    graph: Dataset,
    named: dict,
    workers: int | None,
    *,
    timeout: float,
    max_result_bytes: int,
    cache_mb: int,
    max_memory_mb: int,
):
    """The endpoint's application over the dataset and the named graphs,
    with its query limits (``cache_mb`` and ``max_memory_mb`` in MB)."""
    from ..server.app import Limits, create_app

    limits = Limits(
        timeout=timeout,
        max_result_bytes=max_result_bytes,
        cache_bytes=cache_mb * 1_000_000,
        max_memory=max_memory_mb * 1_000_000,
    )
    return create_app(graph, named, limits, workers)


def _run(app, host: str, port: int, connections: ConnectionLimits) -> None:
    """Serve ``app`` on host:port until stopped (Ctrl+C)."""
    import uvicorn

    from ..server.connections import protocol_for

    # h11 may buffer up to 1 MB of headers, so that the app answers 431 (not a reset) past its own 16 KB limit.
    # Connections are bounded by our protocol (per address, head deadline, idle ones make room), not by
    # limit_concurrency, which counts idle connections too and then answers 503 to everyone.
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
        timeout_keep_alive=5,
        http=protocol_for(connections),
        limit_concurrency=None,
        server_header=False,
        h11_max_incomplete_event_size=1_048_576,
    )
