"""Asking the graph: ``query``, ``conflicts``, ``sources``, ``stats`` and
``diff``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from . import data as where
from .group import EXIT_VIOLATIONS, echo_lines, main
from .options import Seconds, data_option, format_option


def _query_text(query: str | None, query_file: Path | None) -> str:
    """The SPARQL text a user gave: a named query's, the text itself, or a file's."""
    from ..sparql.named import query_text

    if query_file is not None:
        if query is not None:
            raise click.UsageError("give a query or --file, not both")
        from ..files import InputFileError, read_input

        try:
            return read_input(query_file, max_bytes=1_000_000).decode("utf-8")
        except InputFileError as exc:
            raise click.BadParameter(f"cannot read {query_file}: {exc}", param_hint="--file") from None
        except UnicodeDecodeError:
            raise click.BadParameter(f"cannot read {query_file}: it is not UTF-8 text", param_hint="--file") from None
    if query is None:
        raise click.UsageError("give a named query (see --list), SPARQL text, or --file FILE")
    return query_text(query)  # a single word is the name of a named query


def _print_result(result: Any, fmt: str) -> None:
    if isinstance(result, bool):
        out = boolean_text(result, fmt)
    else:
        from ..sparql.results import format_result

        out = format_result(result, fmt)
    click.echo(out, nl=not out.endswith("\n"))


def boolean_text(answer: bool, fmt: str) -> str:
    """An ASK's answer in ``fmt``, as ``sparql.results.format_result``
    writes it (a test holds the two the same), without importing the result
    writers (and rdflib, which they import for the terms of other answers)."""
    if fmt == "table":
        return "yes" if answer else "no"
    if fmt == "json":
        import json

        return json.dumps({"head": {}, "boolean": answer}, indent=2) + "\n"
    return "true\n" if answer else "false\n"


def _local_answer(text: str, data: tuple[Path, ...]) -> Any:
    """The answer of the local data, checked and evaluated on the store as
    :class:`~jointvision.sparql.engine.QueryEngine` does: an ASK's bool, a
    SELECT's rows in pyoxigraph's terms (written without converting them);
    for CONSTRUCT and DESCRIBE, the engine's answer."""
    from ..sparql.isolation import evaluate
    from ..sparql.named import checked as check_query  # a shipped query's verdict ships with it

    cached = where.kept(data)
    if cached is not None:
        store, graphs = cached.store, cached.graphs
    else:
        built = where.built(data)
        store, graphs = built.store, frozenset(built.graph_names())
    checked = check_query(text, graphs)
    if checked.form == "ASK":
        return evaluate(store, checked)
    if checked.form == "SELECT":  # written from pyoxigraph's own terms: no rdflib on this path
        from ..sparql.results import from_solutions

        return from_solutions(evaluate(store, checked))
    from ..sparql.engine import QueryEngine

    return QueryEngine(cached.dataset if cached is not None else built).query(text)


@main.command()
@click.argument("query", required=False)
@click.option("-f", "--file", "query_file", type=click.Path(path_type=Path), help="Read the query from a file.")
@format_option(
    "Output format: SPARQL 1.1 results formats for csv/tsv/json (CONSTRUCT and DESCRIBE give N-Triples for all three)."
)
@click.option("--list", "list_queries", is_flag=True, help="List the named queries and exit.")
@click.option(
    "--endpoint",
    "endpoint",
    default=None,
    metavar="URL",
    help="Ask this remote SPARQL endpoint instead of the local data (the query is checked the same "
    "way; credentials from ~/.netrc). Exit 3 if it cannot be reached or answers badly.",
)
@click.option(
    "--timeout",
    type=Seconds(0.1, 86_400),
    default=60.0,
    show_default=True,
    help="With --endpoint: seconds the whole request may take, from connecting to the answer's last "
    "byte (exit 3 beyond).",
)
@click.option(
    "--max-cells",
    "max_cells",
    type=click.IntRange(min=1),
    default=10_000_000,
    show_default=True,
    help="With --endpoint: the most values an answer may hold (rows times variables; three per "
    "triple), so that memory stays bounded (exit 3 beyond).",
)
@click.option(
    "--max-answer-mb",
    "max_answer_mb",
    type=click.IntRange(min=1),
    default=256,
    show_default=True,
    help="With --endpoint: the most MB an answer may have (exit 3 beyond).",
)
@data_option
def query(
    query: str | None,
    query_file: Path | None,
    fmt: str,
    list_queries: bool,
    endpoint: str | None,
    timeout: float,
    max_cells: int,
    max_answer_mb: int,
    data: tuple[Path, ...],
) -> None:
    """Run a SPARQL query: a named query, or SPARQL text, or -f FILE.

    The prefixes jv, jvd, jvg, rdf, rdfs, xsd, owl, skos, dcterms and wd are
    predeclared. GRAPH, FROM and FROM NAMED may name the dataset's own graphs (a
    named graph per source, and the ontology's); SERVICE, any other FROM and
    updates are refused: nothing is fetched.
    """
    from ..sparql.named import named_queries

    if list_queries:
        from ..terminal import display_width, pad

        queries = named_queries()
        width = max(display_width(n) for n in queries)
        for name, named in queries.items():
            click.echo(f"{pad(name, width)}  {named.question}")
        return
    text = _query_text(query, query_file)
    if endpoint is not None:
        if data:
            raise click.UsageError("give --endpoint or --data, not both")
        from ..sparql.remote import AnswerLimits, remote_query

        result = remote_query(
            endpoint,
            text,
            limits=AnswerLimits(timeout=timeout, max_bytes=max_answer_mb * 1024 * 1024, max_cells=max_cells),
        )
    else:
        result = _local_answer(text, data)
    _print_result(result, fmt)


def _run_named(data: tuple[Path, ...], name: str) -> Any:
    from ..sparql.engine import QueryEngine

    return QueryEngine(where.dataset(data)).query(name)


@main.command()
@data_option
@format_option()
def conflicts(data: tuple[Path, ...], fmt: str) -> None:
    """List the facts two sources state differently, with both values and
    both quotes (the named query `conflicts`). Both values stay in the
    graph, each in its source's named graph."""
    result = _run_named(data, "conflicts")
    if fmt == "table" and not result.rows:
        click.echo("no conflicts: where sources state the same field, they agree")
        return
    _print_result(result, fmt)


@main.command()
@data_option
@format_option()
def sources(data: tuple[Path, ...], fmt: str) -> None:
    """List the sources in the order they were published (undated ones
    last), with their kind, publisher, language, the event they report on,
    their named graph, and how many facts and quotes rest on each."""
    _print_result(_run_named(data, "sources"), fmt)


@main.command()
@data_option
@click.option(
    "--network",
    "network",
    is_flag=True,
    help="Also: most central programs and organisations, undertakings bridging directions, components.",
)
def stats(data: tuple[Path, ...], network: bool) -> None:
    """Counts per class and per strategic direction."""
    from ..outputs.stats import compute_stats, format_stats

    graph = where.graph(data)
    echo_lines(format_stats(compute_stats(graph)) + "\n")
    if network:
        from ..outputs.analysis import network_report
        from ..outputs.network import fact_network

        click.echo("")
        echo_lines(network_report(fact_network(graph)) + "\n")


@main.command()
@click.argument("a", type=click.Path(path_type=Path))
@click.argument("b", type=click.Path(path_type=Path))
@format_option(
    "table: per graph and entity, - only in A, + only in B; nq: N-Quads under comment headers.", choices=("table", "nq")
)
@click.pass_context
def diff(ctx: click.Context, a: Path, b: Path, fmt: str) -> None:
    """Compare two datasets statement by statement.

    A and B may each be a folder of downloads (from build), a TriG or
    N-Quads file, or fact files (a file or folder, built first). Exit 0 the
    same, 1 different, 2 bad input, as diff(1).
    """
    from ..rdf.diff import diff_datasets, format_nquads, format_table, load_dataset

    left, a_name = load_dataset(a)
    right, b_name = load_dataset(b)
    result = diff_datasets(left, right)
    if fmt == "nq":
        from ..terminal import escaped_in_written

        written = escaped_in_written(format_nquads(result, a_name, b_name).decode("utf-8"))
        sys.stdout.buffer.write(written.encode("utf-8"))
        sys.stdout.flush()
    else:
        echo_lines(format_table(result, a_name, b_name))
    if not result.same:
        ctx.exit(EXIT_VIOLATIONS)
