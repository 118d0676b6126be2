"""Making the graph: ``build``, ``validate`` and ``init``."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import click

from ..outputs.registry import GROUPS, Context
from . import data as where
from .group import EXIT_VIOLATIONS, CommandError, main, note
from .options import data_option


@main.command()
@data_option
@click.option(
    "--out",
    "out",
    type=click.Path(path_type=Path),
    default=None,
    help="Folder to write the downloads into (created if missing). Default: the project's exports "
    "folder, else ./exports.",
)
@click.option(
    "--outputs",
    "outputs",
    default=",".join(GROUPS),
    show_default=True,
    metavar="LIST",
    help="Which downloads to write, comma-separated: rdf (TriG, N-Quads, Turtle, JSON-LD, N-Triples, "
    "ontology, shapes; always), map (the HTML map and the commitments page), network (GraphML, GEXF), "
    "report (the compliance report). The map and the network are the slow ones on large graphs.",
)
@click.option(
    "--as-of",
    "as_of",
    default=None,
    metavar="DATE",
    help="Derive each commitment's status as of this day (2032-05-15; a month or year counts from its last "
    "day). Default: the date of the latest source in the data.",
)
def build(data: tuple[Path, ...], out: Path | None, outputs: str, as_of: str | None) -> None:
    """Build the dataset and write TriG, N-Quads, Turtle, JSON-LD, N-Triples,
    the map, the commitments page, GraphML, GEXF, the compliance report,
    the ontology and the shapes."""
    from ..memory import cyclic_gc_paused
    from ..rdf.status import as_of_date

    day = as_of_date(as_of)  # a bad date is refused before any data is read

    chosen = sorted({name.strip() for name in outputs.split(",") if name.strip()} | {"rdf"})
    if any(name not in GROUPS for name in chosen):
        raise click.BadParameter(f"expected some of {', '.join(GROUPS)}, got {outputs[:80]!r}", param_hint="--outputs")
    # a build makes a few long-lived objects per statement and almost no cycles: the collector,
    # woken once reading ends, would scan them all, then again as they age, and free nothing
    with cyclic_gc_paused():
        _build(data, out, chosen, day)


def _build(data: tuple[Path, ...], out: Path | None, chosen: list[str], day: date | None) -> None:
    """The build command's work, once its options are checked."""
    from ..outputs.exports import write_exports
    from ..rdf.build import statements_from_sources
    from ..rdf.status import add_statuses
    from ..source.loader import build_info

    sources, project, warnings = where.sources(data)
    if out is None:
        out = project.exports if project is not None and not data else Path("exports")
    dataset = statements_from_sources(sources)
    info, keeping = build_info(sources), where.keeping(sources)
    del sources  # the fact files' entries (a gigabyte at a million triples) go before the downloads are made
    # the kept store answers the other commands, which judge as of the data's own date; it is
    # written on a thread of its own, begun before the statuses are derived and ended while the
    # downloads are made
    keeping_now = where.keep_meanwhile(dataset, keeping, project, warnings) if day is None else None
    try:
        statuses = add_statuses(dataset, day)
    except BaseException:
        if keeping_now is not None:
            keeping_now.abandon()
        raise
    if keeping_now is not None:
        keeping_now.add(statuses)
    del statuses  # held by the save until it has loaded them
    notes: list[str] = []
    context = Context(dataset, notes)  # what the downloads count is recorded beside the store too
    try:
        files = write_exports(context, out, chosen)
    except OSError as exc:
        raise CommandError(
            [f"cannot write {exc.filename or out}: {exc.strerror or exc}; nothing was written"]
        ) from None
    for line in notes:
        note(f"note: {line}")
    if keeping_now is not None:
        keeping_now.done(context)
    graphs = len(dataset.source_graphs())
    click.echo(
        f"built {context.triples} triples in {graphs} source graph{'s' if graphs != 1 else ''} from "
        f"{len(info.files)} fact file(s): {info.entities} entries citing {info.passages} passages of their "
        f"sources ({info.quotes} citations)"
    )
    for name in sorted(files):
        click.echo(f"  {out / name}  ({len(files[name]):,} bytes)")


def _is_rdf_file(path: Path) -> bool:
    # a file that is not a fact file is RDF (os.path.isdir says False, not raises, on a bad name)
    return not os.path.isdir(path) and path.suffix.lower() not in {".yaml", ".yml"}


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.pass_context
def validate(ctx: click.Context, paths: tuple[Path, ...]) -> None:
    """Check data against the SHACL shapes (with the ontology's axioms).

    PATHS are fact files or folders (built together, as with build --data)
    and RDF files (.ttl, .nt, .jsonld, .rdf, .trig, .nq), merged into one
    graph. Default: the project's sources, else the embedded example.
    Exit 0 conforms, 1 violations, 2 bad input.
    """
    from ..rdf.validate import load_rdf, validate_graph

    facts = tuple(p for p in paths if not _is_rdf_file(p))
    graph = where.graph(facts) if facts or not paths else None
    for path in paths:
        if _is_rdf_file(path):
            extra = load_rdf(path)
            note(f"data: {path} ({len(extra)} triples)")
            graph = extra if graph is None else graph + extra
    assert graph is not None  # the project's data, when no path is given
    report = validate_graph(graph)
    for warning in report.warnings:
        note(f"warning: {warning.focus} {warning.path}: {warning.message}")
    if report.conforms:
        noted = f"; {len(report.warnings)} warning(s), where sources disagree" if report.warnings else ""
        click.echo(f"conforms: {len(graph)} triples, no violations{noted}")
        return
    click.echo(f"does not conform: {len(report.violations)} violation(s)")
    for violation in report.violations:
        click.echo(
            f"- focus: {violation.focus}\n  path: {violation.path or '(node)'}\n"
            f"  {violation.severity}: {violation.message}"
        )
    ctx.exit(EXIT_VIOLATIONS)


@main.command()
@click.argument("folder", type=click.Path(path_type=Path))
def init(folder: Path) -> None:
    """Create a project folder: jointvision-project.yaml and sources/,
    seeded with the embedded article as an example. Commands run inside it
    use its sources; build writes into its exports/."""
    from ..source.project import init_project

    try:
        project = init_project(folder)
    except OSError as exc:
        raise CommandError([f"cannot create {exc.filename or folder}: {exc.strerror or exc}"]) from None
    click.echo(
        f"created the project {project.root}: sources in {project.sources[0]}, downloads into "
        f"{project.exports}\nnext: cd {folder} && jointvision build"
    )
