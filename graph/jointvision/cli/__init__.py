"""The ``jointvision`` command: a thin layer over the library.

Exit codes (the same for every command):

* 0: done; for ``validate``, the graph conforms to the shapes
* 1: ``validate``: the graph has SHACL violations (each is printed);
  ``diff``: the datasets differ
* 2: bad input: a fact file, source text, query, option or RDF file is wrong;
  the message names file, line and field (or the query position), and no
  output file was created or changed
* 3: a remote endpoint or store (``query --endpoint``, ``push``) could not be reached or
  answered badly
"""

from __future__ import annotations

import contextlib
import logging
import sys
from pathlib import Path

import click

from .. import __version__
from ..errors import JointVisionError

#: Output formats of ``query`` (kept here, not imported from ``results``,
#: so that ``--help`` does not load rdflib).
RESULT_FORMATS = ("table", "csv", "tsv", "json")

EXIT_OK, EXIT_VIOLATIONS, EXIT_BAD_INPUT = 0, 1, 2
EXIT_DIFFERENT = 1  # diff: the datasets differ
EXIT_REMOTE = 3  # a remote endpoint could not be reached or answered badly

_DATA = click.option(
    "--data", "data", multiple=True, type=click.Path(path_type=Path),
    help="Fact file (*.yaml) or folder of them; repeatable. Default: the sources of the project this folder "
         "is in (jointvision-project.yaml), else the embedded example.",
)


#: Lines for standard error once the command has done its work (which data it
#: read, warnings): dropped when it fails, so that bad input gets one message.
_NOTES: list[str] = []


def _note(line: str) -> None:
    _NOTES.append(line)


def _flush_notes() -> None:
    for line in _NOTES:
        click.echo(line, err=True)
    _NOTES.clear()


def _fail(exc: JointVisionError, hint: str | None = None) -> None:
    """One line for the error (one per error, where fact files have several),
    a line saying what else to do where there is a way round it, and the
    exit status: 3 for a remote failure, 2 for any other bad input."""
    from ..errors import RemoteError, SourceErrors, one_line

    _NOTES.clear()
    for line in exc.lines() if isinstance(exc, SourceErrors) else [one_line(str(exc))]:
        click.echo(f"error: {line}", err=True)
    for line in ([hint] if hint else []) + list(getattr(exc, "hints", ())):
        click.echo(f"hint: {one_line(line)}", err=True)
    sys.exit(EXIT_REMOTE if isinstance(exc, RemoteError) else EXIT_BAD_INPUT)


def _echo_lines(text: str) -> None:
    """Print text made for people from data (labels, quotes), each line with
    its control characters escaped (see :mod:`jointvision.terminal`)."""
    from ..terminal import shown

    click.echo("\n".join(shown(line) for line in text.split("\n")), nl=not text.endswith("\n"))


@contextlib.contextmanager
def _progress_bar(label: str, total: int):
    """The listener of ``progress.step`` on a terminal: click's bar on
    standard error, cleared when the step ends."""
    with click.progressbar(length=total, label=label.ljust(22), file=sys.stderr, show_pos=True,
                           show_eta=True) as bar:
        yield bar.update


class _EscapedLog(logging.Handler):
    """A logging handler for the libraries' warnings (rdflib warns about odd
    IRIs, quoting them): each is one ``warning:`` line on standard error,
    with control characters escaped, so no data reaches the terminal raw."""

    def emit(self, record: logging.LogRecord) -> None:
        from ..errors import one_line

        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a library's malformed log call: its format string, then
            message = str(record.msg)
        click.echo(f"warning: {one_line(message, 500)}", err=True)


_LOG = _EscapedLog(logging.WARNING)


class _Group(click.Group):
    """The command group, with click's usage errors (an unknown option, a
    bad value) as one line, "error: ...", exit 2, like every other bad input."""

    def invoke(self, ctx):
        from ..progress import reporting

        root = logging.getLogger()
        if _LOG not in root.handlers:  # a library's warnings, one escaped line each (never raw data)
            root.addHandler(_LOG)
        # progress bars of long steps on a terminal; none in a log, a pipe or a test
        with reporting(_progress_bar if sys.stderr.isatty() else None):
            return super().invoke(ctx)

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        from ..errors import one_line

        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
            _flush_notes()
            return result
        except SystemExit as exc:
            if exc.code in (None, EXIT_OK, EXIT_VIOLATIONS):
                _flush_notes()
            raise
        except click.exceptions.UsageError as exc:
            _NOTES.clear()
            hint = f" (see {exc.ctx.command_path} --help)" if exc.ctx is not None else ""
            click.echo(f"error: {one_line(exc.format_message())}{hint}", err=True)
            sys.exit(EXIT_BAD_INPUT)
        except click.exceptions.ClickException as exc:
            _NOTES.clear()
            click.echo(f"error: {one_line(exc.format_message())}", err=True)
            sys.exit(exc.exit_code)
        except click.exceptions.Abort:  # Ctrl+C
            click.echo("stopped", err=True)
            sys.exit(130)


def _where(data: tuple[Path, ...]):
    """The paths a command reads (--data, else the project's sources, else
    None for the embedded example) and the project, if any."""
    from ..source.project import find_project

    project = None if data else find_project()
    return list(data) or (list(project.sources) if project else None), project


def _sources(data: tuple[Path, ...]):
    """Read the fact files a command works on: those given with --data, else
    the project's, else the embedded example; say which on standard error,
    with a warning for each likely duplicate entity."""
    from ..source.loader import load_sources, possible_duplicates
    from ..source.project import describe_data

    paths, project = _where(data)
    sources = load_sources(paths)
    _note(describe_data(list(data) or None, [src.path for src in sources], project))
    warnings = possible_duplicates(sources)
    for warning in warnings:
        _note(f"warning: {warning}")
    return sources, project, warnings


def _keep(dataset, sources, project, warnings: list[str]) -> None:
    """Keep a freshly built dataset as the on-disk store of its fact files."""
    from ..rdf.cache import cache_root, save

    inputs = [(s.path, s.file_sha256) for s in sources] + [(s.path.parent / s.text_name, s.sha256) for s in sources]
    problem = save(dataset, [s.path for s in sources], inputs, warnings,
                   cache_root(project.root if project else None))
    if problem:
        _note(f"note: {problem}")


def _dataset(data: tuple[Path, ...]):
    """The dataset a command works on: the store kept by the last build of
    the same, unchanged fact files if there is one (opened read-only), else
    built from them now (and kept for the next command)."""
    from ..rdf.cache import cache_root, open_cached
    from ..source.loader import find_source_files
    from ..source.project import describe_data

    paths, project = _where(data)
    files = find_source_files(paths)
    cached = open_cached(files, cache_root(project.root if project else None))
    if cached is not None:
        _note(describe_data(list(data) or None, list(cached.files), project))
        for warning in cached.warnings:
            _note(f"warning: {warning}")
        return cached.dataset
    from ..rdf.build import dataset_from_sources  # only now: it brings rdflib, which an opened store does not need

    sources, project, warnings = _sources(data)
    dataset = dataset_from_sources(sources)
    _keep(dataset, sources, project, warnings)
    return dataset


def _graph(data: tuple[Path, ...]):
    return _dataset(data).to_rdflib()


def _version_lines() -> list[str]:
    import platform

    import pyoxigraph
    import rdflib

    from ..sparql.isolation import walls

    return [f"jointvision {__version__} (Python {platform.python_version()}, pyoxigraph {pyoxigraph.__version__}, "
            f"rdflib {rdflib.__version__})", *walls().lines()]


def _print_version(ctx: click.Context, _param, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo("\n".join(_version_lines()))
        ctx.exit(EXIT_OK)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_print_version,
              help="Show the version and which safety walls hold on this system, and exit.")
def main() -> None:
    """Knowledge graph of the India - Japan Joint Vision for the Next Decade.

    Exit codes: 0 done (validate: conforms; diff: the same), 1 SHACL
    violations (validate) or differences (diff), 2 bad input (nothing
    written).
    """


@main.command()
@_DATA
@click.option("--out", "out", type=click.Path(path_type=Path), default=None,
              help="Folder to write the downloads into (created if missing). Default: the project's exports "
                   "folder, else ./exports.")
@click.option("--outputs", "outputs", default="rdf,map,network", show_default=True, metavar="LIST",
              help="Which downloads to write, comma-separated: rdf (TriG, N-Quads, Turtle, JSON-LD, N-Triples, "
                   "ontology, shapes; always), map (the HTML map), network (GraphML, GEXF). The map and the "
                   "network are the slow ones on large graphs.")
def build(data: tuple[Path, ...], out: Path | None, outputs: str) -> None:
    """Build the dataset and write TriG, N-Quads, Turtle, JSON-LD, N-Triples,
    the map, GraphML, GEXF, the ontology and the shapes."""
    from ..source.loader import build_info
    from ..rdf.build import dataset_from_sources
    from ..outputs.exports import write_exports

    chosen = sorted({name.strip() for name in outputs.split(",") if name.strip()} | {"rdf"})
    from ..outputs.registry import GROUPS

    if any(name not in GROUPS for name in chosen):
        raise click.BadParameter(f"expected some of {', '.join(GROUPS)}, got {outputs[:80]!r}",
                                 param_hint="--outputs")
    try:
        sources, project, warnings = _sources(data)
        if out is None:
            out = project.exports if project is not None and not data else Path("exports")
        graph = dataset_from_sources(sources)
        notes: list[str] = []
        files = write_exports(graph, out, chosen, notes)
        for note in notes:
            _note(f"note: {note}")
        _keep(graph, sources, project, warnings)
    except JointVisionError as exc:
        _fail(exc)
    except OSError as exc:
        click.echo(f"error: cannot write {exc.filename or out}: {exc.strerror or exc}; nothing was written",
                   err=True)
        sys.exit(EXIT_BAD_INPUT)
    info = build_info(sources)
    graphs = len(graph.source_graphs())
    click.echo(f"built {len(graph)} triples in {graphs} source graph{'s' if graphs != 1 else ''} from "
               f"{len(info.files)} fact file(s): {info.entities} entries citing {info.passages} passages of their "
               f"sources ({info.quotes} citations)")
    for name in sorted(files):
        click.echo(f"  {out / name}  ({len(files[name]):,} bytes)")


def _is_rdf_file(path: Path) -> bool:
    import os

    # a file that is not a fact file is RDF (os.path.isdir says False, not raises, on a bad name)
    return not os.path.isdir(path) and path.suffix.lower() not in {".yaml", ".yml"}


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def validate(paths: tuple[Path, ...]) -> None:
    """Check data against the SHACL shapes (with the ontology's axioms).

    PATHS are fact files or folders (built together, as with build --data)
    and RDF files (.ttl, .nt, .jsonld, .rdf, .trig, .nq), merged into one
    graph. Default: the project's sources, else the embedded example.
    Exit 0 conforms, 1 violations, 2 bad input.
    """
    from ..rdf.validate import load_rdf, validate_graph

    try:
        facts = tuple(p for p in paths if not _is_rdf_file(p))
        graph = None
        if facts or not paths:
            graph = _graph(facts)
        for path in paths:
            if _is_rdf_file(path):
                extra = load_rdf(path)
                _note(f"data: {path} ({len(extra)} triples)")
                if graph is None:
                    graph = extra
                else:
                    graph += extra
        report = validate_graph(graph)
    except JointVisionError as exc:
        _fail(exc)
    for warning in report.warnings:
        _note(f"warning: {warning.focus} {warning.path}: {warning.message}")
    if report.conforms:
        noted = f"; {len(report.warnings)} warning(s), where sources disagree" if report.warnings else ""
        click.echo(f"conforms: {len(graph)} triples, no violations{noted}")
        sys.exit(EXIT_OK)
    click.echo(f"does not conform: {len(report.violations)} violation(s)")
    for violation in report.violations:
        click.echo(f"- focus: {violation.focus}\n  path: {violation.path or '(node)'}\n"
                   f"  {violation.severity}: {violation.message}")
    sys.exit(EXIT_VIOLATIONS)


@main.command()
@click.argument("query", required=False)
@click.option("-f", "--file", "query_file", type=click.Path(path_type=Path), help="Read the query from a file.")
@click.option("--format", "fmt", type=click.Choice(RESULT_FORMATS), default="table", show_default=True,
              help="Output format: SPARQL 1.1 results formats for csv/tsv/json (CONSTRUCT and DESCRIBE "
                   "give N-Triples for all three).")
@click.option("--list", "list_queries", is_flag=True, help="List the named queries and exit.")
@click.option("--endpoint", "endpoint", default=None, metavar="URL",
              help="Ask this remote SPARQL endpoint instead of the local data (the query is checked the same "
                   "way; credentials from ~/.netrc). Exit 3 if it cannot be reached or answers badly.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=60.0, show_default=True,
              help="With --endpoint: seconds the whole request may take, from connecting to the answer's last "
                   "byte (exit 3 beyond).")
@click.option("--max-cells", "max_cells", type=click.IntRange(min=1), default=10_000_000, show_default=True,
              help="With --endpoint: the most values an answer may hold (rows times variables; three per "
                   "triple), so that memory stays bounded (exit 3 beyond).")
@click.option("--max-answer-mb", "max_answer_mb", type=click.IntRange(min=1), default=256, show_default=True,
              help="With --endpoint: the most MB an answer may have (exit 3 beyond).")
@_DATA
def query(query: str | None, query_file: Path | None, fmt: str, list_queries: bool, endpoint: str | None,
          timeout: float, max_cells: int, max_answer_mb: int, data: tuple[Path, ...]) -> None:
    """Run a SPARQL query: a named query, or SPARQL text, or -f FILE.

    The prefixes jv, jvd, jvg, rdf, rdfs, xsd, owl, skos, dcterms and wd are
    predeclared. GRAPH, FROM and FROM NAMED may name the dataset's own graphs (a
    named graph per source, and the ontology's); SERVICE, any other FROM and
    updates are refused: nothing is fetched.
    """
    import re

    from ..sparql.named import named_queries, named_query

    queries = named_queries()
    if list_queries:
        width = max(len(n) for n in queries)
        for name, named in queries.items():
            click.echo(f"{name.ljust(width)}  {named.question}")
        return
    try:
        if query_file is not None:
            if query is not None:
                raise click.UsageError("give a query or --file, not both")
            from ..files import InputFileError, read_input

            try:
                text = read_input(query_file, max_bytes=1_000_000).decode("utf-8")
            except InputFileError as exc:
                raise click.BadParameter(f"cannot read {query_file}: {exc}", param_hint="--file") from None
            except UnicodeDecodeError:
                raise click.BadParameter(f"cannot read {query_file}: it is not UTF-8 text",
                                         param_hint="--file") from None
        elif query is None:
            raise click.UsageError("give a named query (see --list), SPARQL text, or --file FILE")
        elif re.fullmatch(r"[\w.-]+", query):  # a single word: the name of a named query
            text = named_query(query).text
        else:
            text = query
        from ..sparql.results import format_result
        from ..sparql.engine import QueryEngine

        if endpoint is not None:
            if data:
                raise click.UsageError("give --endpoint or --data, not both")
            from ..sparql.remote import AnswerLimits, remote_query

            result = remote_query(endpoint, text, limits=AnswerLimits(
                timeout=timeout, max_bytes=max_answer_mb * 1024 * 1024, max_cells=max_cells))
        else:
            result = QueryEngine(_dataset(data)).query(text)
    except JointVisionError as exc:
        _fail(exc)
    out = format_result(result, fmt)
    click.echo(out, nl=not out.endswith("\n"))


def _run_named(data: tuple[Path, ...], name: str):
    from ..sparql.named import named_query
    from ..sparql.engine import QueryEngine

    return QueryEngine(_dataset(data)).query(named_query(name).text)


@main.command()
@_DATA
@click.option("--format", "fmt", type=click.Choice(RESULT_FORMATS), default="table", show_default=True,
              help="Output format.")
def conflicts(data: tuple[Path, ...], fmt: str) -> None:
    """List the facts two sources state differently, with both values and
    both quotes (the named query `conflicts`). Both values stay in the
    graph, each in its source's named graph."""
    from ..sparql.results import format_result

    try:
        result = _run_named(data, "conflicts")
    except JointVisionError as exc:
        _fail(exc)
    if fmt == "table" and not result.rows:
        click.echo("no conflicts: where sources state the same field, they agree")
        return
    out = format_result(result, fmt)
    click.echo(out, nl=not out.endswith("\n"))


@main.command()
@_DATA
@click.option("--format", "fmt", type=click.Choice(RESULT_FORMATS), default="table", show_default=True,
              help="Output format.")
def sources(data: tuple[Path, ...], fmt: str) -> None:
    """List the sources in the order they were published (undated ones
    last), with their kind, publisher, language, the event they report on,
    their named graph, and how many facts and quotes rest on each."""
    from ..sparql.results import format_result

    try:
        result = _run_named(data, "sources")
    except JointVisionError as exc:
        _fail(exc)
    out = format_result(result, fmt)
    click.echo(out, nl=not out.endswith("\n"))


@main.command()
@click.argument("url")
@_DATA
@click.option("--graph-prefix", metavar="IRI", default=None,
              help="Name the graphs IRI+ID (each source) and IRI+ontology in the store, instead of "
                   "https://w3id.org/jointvision/graph/ID and the ontology's IRI.")
@click.option("--default-graph", "default_graph", type=click.Choice(["put", "skip"]), default="put",
              show_default=True,
              help="put: also PUT the merged default graph (Oxigraph, Fuseki). skip: leave the store's own, "
                   "for stores whose default graph is the union of their graphs (Virtuoso, GraphDB).")
@click.option("--compress", type=click.Choice(["auto", "gzip", "none"]), default="auto", show_default=True,
              help="gzip the graphs sent; auto: unless the store is on this machine. A store that refuses "
                   "gzip gets the rest uncompressed.")
@click.option("--check", "check_endpoint", metavar="QUERY_URL", default=None,
              help="Afterwards, ask the store's SPARQL endpoint whether it holds every graph whole and "
                   "whether its default graph gives the local answers; exit 1 if not, saying which setting "
                   "it needs.")
@click.option("--atomic", "atomic", metavar="UPDATE_URL", default=None,
              help="Send every graph to a staging graph first, then move them all into place with one request "
                   "to the store's SPARQL Update endpoint (Oxigraph: http://HOST:7878/update), so that a store "
                   "running an update request as one transaction holds all the new graphs or none.")
@click.option("--dry-run", is_flag=True, help="Say what would be sent, and send nothing.")
@click.option("--timeout", type=click.FloatRange(min=1), default=600.0, show_default=True,
              help="Seconds each request may take, from connecting to the store's last byte of answer (exit 3 "
                   "beyond).")
def push(url: str, data: tuple[Path, ...], graph_prefix: str | None, default_graph: str, compress: str,
         check_endpoint: str | None, atomic: str | None, dry_run: bool, timeout: float) -> None:
    """Upload the dataset to a triple store over the SPARQL 1.1 Graph Store
    HTTP Protocol: one PUT per named graph (each source's, the ontology's),
    which replaces what the store held under that name, so running it twice
    leaves the same store.

    URL is the store's Graph Store endpoint: http://HOST:7878/store for
    Oxigraph, http://HOST:8890/sparql-graph-crud-auth for Virtuoso (with
    --default-graph skip). A login comes from $JOINTVISION_REMOTE_USER and
    $JOINTVISION_REMOTE_PASSWORD, or ~/.netrc; it is never printed. A failed
    request names the graph and the store's answer, and exits 3.
    """
    from ..outputs.push import check_push, push_dataset
    from ..sparql.remote import check_url

    try:
        check_url(url, "the store URL")
        if check_endpoint is not None:
            check_url(check_endpoint, "--check")  # before anything is sent
        if atomic is not None:
            check_url(atomic, "--atomic")
        dataset = _dataset(data)
        sizes = dataset.sizes()
        total = (sizes[""] if default_graph == "put" else 0) + sum(v for k, v in sizes.items() if k)
        from ..progress import step

        with step("pushing triples", total) as progress:
            report = push_dataset(dataset, url, graph_prefix=graph_prefix, default_graph=default_graph,
                                  compress=compress, dry_run=dry_run, timeout=timeout, progress=progress,
                                  atomic=atomic)
        verb = "would PUT" if dry_run else "PUT"
        for g in report.graphs:
            name = "default graph" if g.graph is None else f"<{g.graph}>"
            took = "" if dry_run else f" in {g.seconds:.2f} s ({g.status})"
            via = f" (through <{g.staging}>)" if g.staging else ""
            click.echo(f"{verb} {name}{via}: {g.triples:,} triples, {g.bytes:,} bytes{' gzip' if g.gzip else ''}"
                       f"{took}")
        moved = f", moved into place in one update request to {atomic}" if atomic and not dry_run else ""
        click.echo(f"{'would push' if dry_run else 'pushed'} {len(report.graphs)} graphs, "
                   f"{report.triples:,} triples, to {url}{moved}")
        if check_endpoint is None or dry_run:
            return
        check = check_push(dataset, check_endpoint, graph_prefix=graph_prefix, timeout=timeout)
    except JointVisionError as exc:
        _fail(exc)
    for note in check.notes:
        click.echo(f"note: {note}", err=True)
    for problem in check.problems:
        click.echo(f"problem: {problem}", err=True)
    if not check.ok:
        sys.exit(EXIT_VIOLATIONS)
    click.echo(f"checked at {check_endpoint}: every graph whole, and the default graph holds the dataset's "
               f"{check.default[1]:,} statements")


def _read_text(path: Path) -> str:
    """A source text given on the command line, or one "error:" line and exit 2."""
    from ..files import InputFileError, read_input

    try:
        return read_input(path).decode("utf-8")
    except InputFileError as exc:
        click.echo(f"error: {path}: cannot be read: {exc}", err=True)
    except UnicodeDecodeError as exc:
        click.echo(f"error: {path}: not UTF-8 text (byte {exc.start})", err=True)
    sys.exit(EXIT_BAD_INPUT)


@main.command()
@click.argument("text_file", metavar="TEXT", type=click.Path(path_type=Path))
@click.argument("quote")
@click.option("--yaml", "as_yaml", is_flag=True, help="Print ready evidence entries for a fact file.")
def cite(text_file: Path, quote: str, as_yaml: bool) -> None:
    """Find QUOTE in the source text TEXT: every place it stands, with its
    start and end in code points (the offsets a fact file gives). Where it
    does not stand as written, the nearest passages, with how they differ
    (curly or straight quotes, dashes, spaces and line breaks, ** emphasis;
    other changes marked [-quoted-]{+in the text+}), and exit 1.
    """
    from ..source.cite import evidence_yaml, nearest, occurrences
    from ..terminal import shown

    text = _read_text(text_file)
    if not quote.strip():
        raise click.BadParameter("the quote is empty", param_hint="QUOTE")
    found = occurrences(text, quote)
    if found:
        if as_yaml:
            if len(found) > 1:
                click.echo(f"# the quote stands {len(found)} times: keep the entry of the place you mean")
            for start, end in found:
                click.echo(evidence_yaml(quote, start, end), nl=False)
            return
        for start, end in found:
            before = text[max(0, start - 30):start].replace("\n", " ")
            after = text[end:end + 30].replace("\n", " ")
            click.echo(f"start: {start}, end: {end}  ...{shown(before)}[{shown(text[start:end])}]{shown(after)}...")
        return
    passages = nearest(text, quote)
    click.echo(f"the quote does not stand in {shown(str(text_file))} as written", err=True)
    if not passages:
        click.echo("nothing in the text comes close", err=True)
    for passage in passages:
        click.echo(f"nearest: start: {passage.start}, end: {passage.end} (score {passage.score:g}; "
                   f"{', '.join(passage.differences) or 'no visible difference'})")
        click.echo(f"  text:    {shown(repr(passage.text))}")
        click.echo(f"  changes: {shown(passage.marked)}")
        if as_yaml:
            click.echo(evidence_yaml(passage.text, passage.start, passage.end), nl=False)
    sys.exit(EXIT_VIOLATIONS)


@main.command()
@click.argument("fact_files", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="FACTFILE...")
@click.option("--dry-run", is_flag=True, help="Say what would change, and change nothing.")
def fix(fact_files: tuple[Path, ...], dry_run: bool) -> None:
    """Fill in or correct the start and end of every quote that stands once
    in its source text. Only those numbers change (comments, order, quoting
    and layout stay); a quote that stands several times or nowhere is listed
    and left alone (exit 1). A file build would refuse is refused (exit 2)
    with build's message, and every file is checked before any is written.
    Each file is replaced atomically, keeping its permissions; a symbolic
    link is written through; a file with other hard links is refused.
    """
    import os

    from ..errors import SourceError, SourceErrors
    from ..source.fix import plan_fix, write_fix

    plans, errors, seen = [], [], set()
    for path in fact_files:
        try:
            real = os.path.realpath(path)
        except (OSError, ValueError):  # a NUL in the name: the reader says so
            real = str(path)
        if real in seen:
            continue  # the same file twice (or through a link): fixed once
        seen.add(real)
        try:
            plans.append(plan_fix(path, writing=not dry_run))
        except SourceError as exc:
            errors.append(exc)
    if errors:
        _fail(SourceErrors(errors))
    left = False
    verb = "would fix" if dry_run else "fixed"
    try:
        for plan in plans:
            if not dry_run:
                write_fix(plan)
            report = plan.report
            click.echo(f"{plan.path}: {verb} {len(report.fixed)}, {report.right} right already, "
                       f"{len(report.left)} left alone")
            for change in report.fixed:
                click.echo(f"  {change}")
            for why in report.left:
                click.echo(f"  left alone: {why}")
            left = left or bool(report.left)
    except JointVisionError as exc:
        _fail(exc)
    if left:
        sys.exit(EXIT_VIOLATIONS)


@main.command("new-source")
@click.argument("text_file", metavar="TEXT", type=click.Path(path_type=Path))
@click.option("--id", "source_id", required=True, help="The source's identifier (lower-case words and hyphens).")
@click.option("--label", required=True, help="The source's title, as a reader would cite it.")
@click.option("--kind", default=None, help="primary-document, joint-statement, press-release, fact-sheet, speech "
                                            "or news-article.")
@click.option("--date", "published", default=None, metavar="YYYY-MM-DD", help="When it was published.")
@click.option("--publisher", default=None, help="Who published it.")
@click.option("--language", default=None, help="Its language, a BCP 47 tag such as en.")
def new_source_command(text_file: Path, source_id: str, label: str, kind: str | None, published: str | None,
                       publisher: str | None, language: str | None) -> None:
    """Write the skeleton of a fact file for the source text TEXT, with its
    digest and metadata filled in and no entities yet: beside the text, or,
    in a project, into its sources folder (with a copy of the text). It
    never overwrites a file."""
    from ..source.project import find_project, new_source

    try:
        written = new_source(text_file, source_id, label, kind=kind, published=published, publisher=publisher,
                             language=language, project=find_project())
    except JointVisionError as exc:
        _fail(exc)
    click.echo(f"wrote {written}: add entities, then `jointvision cite` and `jointvision fix` for the offsets")


@main.command()
@click.argument("text_file", metavar="TEXT", type=click.Path(path_type=Path))
@_DATA
@click.option("--mentions/--no-mentions", default=True, show_default=True,
              help="Also list mentions of the entities the fact files already hold.")
def suggest(text_file: Path, data: tuple[Path, ...], mentions: bool) -> None:
    """List candidate facts in the source text TEXT, as YAML stubs with
    their quotes and offsets: amounts with currency and parsed value (lakh
    and crore included), counts with unit, bound and rate, periods, years
    due, ordinals and dates, and mentions of entities the graph already holds (countries, people,
    organisations, programs, ...). Nothing is written: keep what is right
    in a fact file."""
    from ..source.suggest import stubs_yaml
    from ..source.suggest import suggest as find

    text = _read_text(text_file)
    try:
        sources = _sources(data)[0] if mentions else None
    except JointVisionError as exc:
        _fail(exc, "mentions need the fact files to read; fix them, or run suggest --no-mentions for the figures alone")
    click.echo(stubs_yaml(find(text, sources)), nl=False)


@main.command()
@click.argument("a", type=click.Path(path_type=Path))
@click.argument("b", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["table", "nq"]), default="table", show_default=True,
              help="table: per graph and entity, - only in A, + only in B; nq: N-Quads under comment headers.")
def diff(a: Path, b: Path, fmt: str) -> None:
    """Compare two datasets statement by statement.

    A and B may each be a folder of downloads (from build), a TriG or
    N-Quads file, or fact files (a file or folder, built first). Exit 0 the
    same, 1 different, 2 bad input, as diff(1).
    """
    from ..rdf.diff import diff_datasets, format_nquads, format_table, load_dataset

    try:
        left, a_name = load_dataset(a)
        right, b_name = load_dataset(b)
    except JointVisionError as exc:
        _fail(exc)
    result = diff_datasets(left, right)
    if fmt == "nq":
        from ..terminal import escaped_in_written

        sys.stdout.buffer.write(escaped_in_written(format_nquads(result, a_name, b_name).decode("utf-8"))
                                .encode("utf-8"))
        sys.stdout.flush()
    else:
        _echo_lines(format_table(result, a_name, b_name))
    sys.exit(EXIT_OK if result.same else EXIT_DIFFERENT)


@main.command()
@click.argument("folder", type=click.Path(path_type=Path))
def init(folder: Path) -> None:
    """Create a project folder: jointvision-project.yaml and sources/,
    seeded with the embedded article as an example. Commands run inside it
    use its sources; build writes into its exports/."""
    from ..source.project import init_project

    try:
        project = init_project(folder)
    except JointVisionError as exc:
        _fail(exc)
    except OSError as exc:
        click.echo(f"error: cannot create {exc.filename or folder}: {exc.strerror or exc}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    click.echo(f"created the project {project.root}: sources in {project.sources[0]}, downloads into "
               f"{project.exports}\nnext: cd {folder} && jointvision build")


@main.command()
def doctor() -> None:
    """Say what this installation can do: versions, and which walls stand
    between a query and the network (the check; evaluation in a process
    without network, where the system allows it)."""
    from ..sparql.isolation import walls

    for line in _version_lines():
        click.echo(line)
    click.echo("server query workers without network: " + (
        "yes (forked from a template process in an empty network namespace)" if walls().isolated
        else "no (the check alone)"))


@main.command()
@_DATA
@click.option("--network", "network", is_flag=True,
              help="Also: most central programs and organisations, undertakings bridging directions, components.")
def stats(data: tuple[Path, ...], network: bool) -> None:
    """Counts per class and per strategic direction."""
    from ..outputs.stats import compute_stats, format_stats

    try:
        graph = _graph(data)
    except JointVisionError as exc:
        _fail(exc)
    _echo_lines(format_stats(compute_stats(graph)) + "\n")
    if network:
        from ..outputs.analysis import network_report
        from ..outputs.network import fact_network

        click.echo("")
        _echo_lines(network_report(fact_network(graph)) + "\n")


@main.command()
@_DATA
@click.option("--html", "html_file", type=click.Path(path_type=Path), default=None,
              help="The map to open; written first if it is missing or --data is given. Default: "
                   "jointvision.html in the project's exports (else ./exports) if it exists, else a file in "
                   "the temporary folder.")
def view(data: tuple[Path, ...], html_file: Path | None) -> None:
    """Open the interactive map in the default web browser."""
    import tempfile
    import webbrowser

    from ..files import write_atomic

    from ..source.project import find_project

    try:
        project = None if data else find_project()
    except JointVisionError as exc:
        _fail(exc)
    exported = (project.exports if project is not None else Path("exports")) / "jointvision.html"
    if html_file is None and not data and exported.is_file():
        html_file, write = exported, False
    elif html_file is None:  # outside a project: a fresh map in a private new temporary folder, not ./exports
        html_file, write = Path(tempfile.mkdtemp(prefix="jointvision-")) / "jointvision.html", True
    else:
        write = bool(data) or not html_file.is_file()
        if write and not html_file.parent.is_dir():
            click.echo(f"error: --html: the folder {html_file.parent} does not exist", err=True)
            sys.exit(EXIT_BAD_INPUT)
    if write:
        from ..outputs.viewer import viewer_html

        try:
            page = viewer_html(_graph(data))
        except JointVisionError as exc:
            _fail(exc)
        try:
            write_atomic(html_file, page.encode("utf-8"))
        except OSError as exc:
            click.echo(f"error: cannot write {exc.filename or html_file}: {exc.strerror or exc}", err=True)
            sys.exit(EXIT_BAD_INPUT)
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
        click.echo(f"error: cannot listen on {host}:{port}: {exc.strerror or exc}"
                   + (" (another server is using it: choose another --port)"
                      if getattr(exc, "errno", None) == errno.EADDRINUSE else ""), err=True)
        sys.exit(EXIT_BAD_INPUT)


def _graph_option(item: str) -> tuple[str, str]:
    """IRI=FILE, where the IRI itself may hold "=" (a query string): the
    split is at the last "=" whose right side names an existing file, else
    at the first. The IRI must be absolute and well-formed."""
    import re

    iri, file = "", ""
    for cut in reversed([i for i, char in enumerate(item) if char == "="]):
        try:
            if Path(item[cut + 1:]).exists():
                iri, file = item[:cut], item[cut + 1:]
                break
        except (OSError, ValueError):
            continue
    else:
        iri, _, file = item.partition("=")
    if not iri or not file:
        raise click.BadParameter(f"expected IRI=FILE, got {item[:80]!r}", param_hint="--graph")
    if not re.match(r"[A-Za-z][A-Za-z0-9+.\-]*:", iri) or re.search(r'[<>"{}|^`\\\x00-\x20]', iri):
        raise click.BadParameter(f"{iri[:80]!r} is not an absolute IRI (such as http://example.org/graph)",
                                 param_hint="--graph")
    return iri, file


@main.command()
@_DATA
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback by default).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option("--graph", "graphs", multiple=True, metavar="IRI=FILE",
              help="Also serve an RDF file as the named graph IRI (repeatable); FROM may name it.")
@click.option("--timeout", default=5.0, show_default=True, type=click.FloatRange(0.1, 3600),
              help="Seconds a query may run before it is stopped (503).")
@click.option("--workers", default=None, type=click.IntRange(1, 64),
              help="Query worker processes (default: CPU count + 1, at least 2).")
@click.option("--max-result-bytes", default=10_000_000, show_default=True, type=click.IntRange(1000),
              help="Largest result a query may return (413 beyond).")
@click.option("--cache-mb", default=64, show_default=True, type=click.IntRange(0),
              help="Memory for answers to repeated queries (the data never changes while serving); 0: none.")
@click.option("--max-memory", "max_memory_mb", default=1000, show_default=True, type=click.IntRange(16),
              help="MB of memory one query may use in its worker (503 beyond; the worker is replaced).")
@click.option("--header-timeout", default=10.0, show_default=True, type=click.FloatRange(0.1, 3600),
              help="Seconds a client has to send a request's headers, from connecting or from the previous "
                   "answer (then closed, with 408 if some came); its body must follow within as long again, "
                   "plus 1 s per 64 kB.")
@click.option("--max-connections", default=1024, show_default=True, type=click.IntRange(16, 1_000_000),
              help="Open client connections at most; at the limit a new one closes the connection idle the "
                   "longest (refused only if all are in a request).")
@click.option("--max-connections-per-client", "per_client", default=None, type=click.IntRange(0),
              help="Connections one client address (IPv6: one /64) may hold open; one more is closed at once. "
                   "Default: a sixteenth of --max-connections, at least 8. 0: no cap (behind a reverse proxy "
                   "on this host, which all clients then share: let the proxy cap each client).")
def serve(data: tuple[Path, ...], host: str, port: int, graphs: tuple[str, ...], timeout: float,
          workers: int | None, max_result_bytes: int, cache_mb: int, max_memory_mb: int, header_timeout: float,
          max_connections: int, per_client: int | None) -> None:
    """Serve a read-only SPARQL 1.1 endpoint, downloads, the map and a query page.

    /sparql (SPARQL 1.1 Protocol), /data and /jointvision.ttl|.jsonld|.nt,
    / (the map), /query (query page), /health, /version. Updates, SERVICE and
    remote datasets are refused; nothing is ever fetched.
    """
    try:
        import uvicorn

        from ..server.app import Limits, create_app
        from ..server.connections import ConnectionLimits, protocol_for
    except ImportError as exc:
        click.echo(f"error: serving needs the 'serve' extra ({exc.name} is missing): "
                   "pip install 'jointvision[serve]'", err=True)
        sys.exit(EXIT_BAD_INPUT)
    from ..rdf.validate import load_rdf

    try:
        graph = _dataset(data)
        named = {}
        for item in graphs:
            iri, file = _graph_option(item)
            named[iri] = load_rdf(Path(file))
    except JointVisionError as exc:
        _fail(exc)
    _check_can_listen(host, port)
    connections, note = ConnectionLimits(max_connections=max_connections, per_client=per_client,
                                         header_timeout=header_timeout).within_open_files()
    if note:
        _note(note)
    _flush_notes()
    limits = Limits(timeout=timeout, max_result_bytes=max_result_bytes, cache_bytes=cache_mb * 1_000_000,
                    max_memory=max_memory_mb * 1_000_000)
    app = create_app(graph, named, limits, workers)
    click.echo(f"serving {len(graph)} triples ({graph.sizes()['']} in the default graph, with the ontology) on "
               f"http://{host}:{port}/ (SPARQL at /sparql, map at /, "
               f"queries at /query); Ctrl+C stops", err=True)
    # h11 may buffer up to 1 MB of headers, so that the app answers 431 (not a reset) past its own 16 KB limit.
    # Connections are bounded by our protocol (per address, head deadline, idle ones make room), not by
    # limit_concurrency, which counts idle connections too and then answers 503 to everyone.
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False, timeout_keep_alive=5,
                http=protocol_for(connections), limit_concurrency=None, server_header=False,
                h11_max_incomplete_event_size=1_048_576)
