"""Sending the graph to a triple store: ``push``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from . import data as where
from .group import EXIT_VIOLATIONS, main
from .options import Seconds, data_option

if TYPE_CHECKING:
    from ..outputs.push import PushReport, StoreCheck


@main.command()
@click.argument("url")
@data_option
@click.option(
    "--graph-prefix",
    metavar="IRI",
    default=None,
    help="Name the graphs IRI+ID (each source) and IRI+ontology in the store, instead of "
    "https://w3id.org/jointvision/graph/ID and the ontology's IRI.",
)
@click.option(
    "--default-graph",
    "default_graph",
    type=click.Choice(["put", "skip"]),
    default="put",
    show_default=True,
    help="put: also PUT the merged default graph (Oxigraph, Fuseki). skip: leave the store's own, "
    "for stores whose default graph is the union of their graphs (Virtuoso, GraphDB).",
)
@click.option(
    "--compress",
    type=click.Choice(["auto", "gzip", "none"]),
    default="auto",
    show_default=True,
    help="gzip the graphs sent; auto: unless the store is on this machine. A store that refuses "
    "gzip gets the rest uncompressed.",
)
@click.option(
    "--check",
    "check_endpoint",
    metavar="QUERY_URL",
    default=None,
    help="Afterwards, ask the store's SPARQL endpoint whether it holds every graph whole and "
    "whether its default graph gives the local answers; exit 1 if not, saying which setting "
    "it needs.",
)
@click.option(
    "--atomic",
    "atomic",
    metavar="UPDATE_URL",
    default=None,
    help="Send every graph to a staging graph first, then move them all into place with one request "
    "to the store's SPARQL Update endpoint (Oxigraph: http://HOST:7878/update), so that a store "
    "running an update request as one transaction holds all the new graphs or none.",
)
@click.option("--dry-run", is_flag=True, help="Say what would be sent, and send nothing.")
@click.option(
    "--timeout",
    type=Seconds(1, 86_400),
    default=600.0,
    show_default=True,
    help="Seconds each request may take, from connecting to the store's last byte of answer (exit 3 beyond).",
)
@click.pass_context
def push(
    ctx: click.Context,
    url: str,
    data: tuple[Path, ...],
    graph_prefix: str | None,
    default_graph: str,
    compress: str,
    check_endpoint: str | None,
    atomic: str | None,
    dry_run: bool,
    timeout: float,
) -> None:
    """Upload the dataset to a triple store over the SPARQL 1.1 Graph Store
    HTTP Protocol: one PUT per named graph (each source's, the ontology's),
    which replaces what the store held under that name, so running it twice
    leaves the same store.

    URL is the store's Graph Store endpoint: http://HOST:7878/store for
    Oxigraph, http://HOST:8890/sparql-graph-crud-auth for Virtuoso (with
    --default-graph skip). A login comes from $JOINTVISION_REMOTE_USER and
    $JOINTVISION_REMOTE_PASSWORD, or ~/.netrc; it is never printed. A failed
    request names the graph and the store's answer, and exits 3.

    No graph is held in memory: each is written to a file in the temporary
    folder ($TMPDIR) and sent from there, which needs room for about two
    graphs as N-Triples.
    """
    from ..outputs.push import check_push, push_dataset

    _check_urls(url, check_endpoint, atomic)
    dataset = where.dataset(data)
    report = push_dataset(
        dataset,
        url,
        graph_prefix=graph_prefix,
        default_graph=default_graph,
        compress=compress,
        dry_run=dry_run,
        timeout=timeout,
        atomic=atomic,
    )
    _echo_report(report, url, dry_run=dry_run, atomic=atomic)
    if check_endpoint is None or dry_run:
        return
    check = check_push(dataset, check_endpoint, graph_prefix=graph_prefix, timeout=timeout)
    if not _echo_check(check, check_endpoint):
        ctx.exit(EXIT_VIOLATIONS)


def _check_urls(url: str, check_endpoint: str | None, atomic: str | None) -> None:
    """Refuse a malformed store, --check or --atomic URL, before anything is sent."""
    from ..sparql.remote import check_url

    check_url(url, "the store URL")
    if check_endpoint is not None:
        check_url(check_endpoint, "--check")  # before anything is sent
    if atomic is not None:
        check_url(atomic, "--atomic")


def _echo_report(report: PushReport, url: str, *, dry_run: bool, atomic: str | None) -> None:
    """Print one line per graph sent (or that would be), then the totals."""
    verb = "would PUT" if dry_run else "PUT"
    for g in report.graphs:
        name = "default graph" if g.graph is None else f"<{g.graph}>"
        took = "" if dry_run else f" in {g.seconds:.2f} s ({g.status})"
        via = f" (through <{g.staging}>)" if g.staging else ""
        click.echo(f"{verb} {name}{via}: {g.triples:,} triples, {g.bytes:,} bytes{' gzip' if g.gzip else ''}{took}")
    moved = f", moved into place in one update request to {atomic}" if atomic and not dry_run else ""
    click.echo(
        f"{'would push' if dry_run else 'pushed'} {len(report.graphs)} graphs, "
        f"{report.triples:,} triples, to {url}{moved}"
    )


def _echo_check(check: StoreCheck, check_endpoint: str) -> bool:
    """Print what the check of the store found: its notes and problems on
    standard error, and, if it holds everything, a line saying so; whether it does."""
    for line in check.notes:
        click.echo(f"note: {line}", err=True)
    for problem in check.problems:
        click.echo(f"problem: {problem}", err=True)
    if not check.ok:
        return False
    click.echo(
        f"checked at {check_endpoint}: every graph whole, and the default graph holds the dataset's "
        f"{check.default[1]:,} statements"
    )
    return True
