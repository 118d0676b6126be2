"""Writing fact files: ``new-source``, ``draft``, ``cite``, ``suggest`` and ``fix``."""

from __future__ import annotations

from pathlib import Path

import click

from . import data as where
from .group import EXIT_VIOLATIONS, CommandError, main
from .options import data_option


def new_file_options(command):
    """The options of a new fact file: its id and label, and the source's
    metadata (new-source and draft take the same)."""
    for option in reversed(
        (
            click.option(
                "--id", "source_id", required=True, help="The source's identifier (lower-case words and hyphens)."
            ),
            click.option("--label", required=True, help="The source's title, as a reader would cite it."),
            click.option(
                "--kind",
                default=None,
                help="primary-document, joint-statement, press-release, fact-sheet, speech or news-article.",
            ),
            click.option("--date", "published", default=None, metavar="YYYY-MM-DD", help="When it was published."),
            click.option("--publisher", default=None, help="Who published it."),
            click.option("--language", default=None, help="Its language, a BCP 47 tag such as en, ja or hi."),
        )
    ):
        command = option(command)
    return command


@main.command("new-source")
@click.argument("text_file", metavar="TEXT", type=click.Path(path_type=Path))
@new_file_options
def new_source_command(text_file: Path, source_id: str, label: str, **metadata: str | None) -> None:
    """Write the skeleton of a fact file for the source text TEXT, with its
    digest and metadata filled in and no entities yet: beside the text, or,
    in a project, into its sources folder (with a copy of the text). It
    never overwrites a file."""
    from ..source.project import find_project, new_source

    written = new_source(text_file, source_id, label, project=find_project(), **metadata)
    click.echo(f"wrote {written}: add entities, then `jointvision cite` and `jointvision fix` for the offsets")


@main.command()
@click.argument("text_file", metavar="TEXT", type=click.Path(path_type=Path))
@new_file_options
@data_option
def draft(text_file: Path, source_id: str, label: str, data: tuple[Path, ...], **metadata: str | None) -> None:
    """Write a draft fact file for the source text TEXT that builds as it
    is: everything `suggest` finds, in the order of the text, as entries
    with their quotes and offsets: mentions of the graph's entities as
    about: entries, figures as targets with the graph's units, dates and
    periods on events and targets. Each guess to confirm is marked with a
    `# check:` comment. It goes where new-source puts a skeleton and never
    overwrites a file."""
    from ..source.draft import draft_source

    read, project, _ = where.sources(data)
    done = draft_source(text_file, source_id, label, sources=read, project=project or None, **metadata)
    click.echo(
        f"wrote {done.fact_file}: {done.entries} entries, {done.checks} marked `# check:`"
        + (f", {done.dropped} left as comments (the build would refuse them)" if done.dropped else "")
    )
    click.echo("next: correct what each `# check:` says, then `jointvision build` and `jointvision validate`")


@main.command()
@click.argument("text_file", metavar="TEXT", type=click.Path(path_type=Path))
@click.argument("quote")
@click.option("--yaml", "as_yaml", is_flag=True, help="Print ready evidence entries for a fact file.")
@click.pass_context
def cite(ctx: click.Context, text_file: Path, quote: str, as_yaml: bool) -> None:
    """Find QUOTE in the source text TEXT: every place it stands, with its
    start and end in code points (the offsets a fact file gives). Where it
    does not stand as written, the nearest passages, with how they differ
    (curly or straight quotes, dashes, spaces and line breaks, ** emphasis;
    other changes marked [-quoted-]{+in the text+}), and exit 1.
    """
    from ..source.cite import evidence_yaml, nearest, occurrences
    from ..terminal import shown

    text = where.read_text(text_file)
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
            before = text[max(0, start - 30) : start].replace("\n", " ")
            after = text[end : end + 30].replace("\n", " ")
            click.echo(f"start: {start}, end: {end}  ...{shown(before)}[{shown(text[start:end])}]{shown(after)}...")
        return
    passages = nearest(text, quote)
    click.echo(f"the quote does not stand in {shown(str(text_file))} as written", err=True)
    if not passages:
        click.echo("nothing in the text comes close", err=True)
    for passage in passages:
        click.echo(
            f"nearest: start: {passage.start}, end: {passage.end} (score {passage.score:g}; "
            f"{', '.join(passage.differences) or 'no visible difference'})"
        )
        click.echo(f"  text:    {shown(repr(passage.text))}")
        click.echo(f"  changes: {shown(passage.marked)}")
        if as_yaml:
            click.echo(evidence_yaml(passage.text, passage.start, passage.end), nl=False)
    ctx.exit(EXIT_VIOLATIONS)


@main.command()
@click.argument("text_file", metavar="TEXT", type=click.Path(path_type=Path))
@data_option
@click.option(
    "--mentions/--no-mentions",
    default=True,
    show_default=True,
    help="Also list mentions of the entities the fact files already hold.",
)
@click.option(
    "--language",
    metavar="TAG",
    default=None,
    help="The text's language (BCP 47: ja, hi, en): whose patterns to read it with. Default: the language "
    "of its fact file, else the scripts it is written in.",
)
def suggest(text_file: Path, data: tuple[Path, ...], mentions: bool, language: str | None) -> None:
    """List candidate facts in the source text TEXT, as YAML stubs with
    their quotes and offsets: amounts with currency and parsed value (lakh
    and crore, 万, 億 and 兆 included), counts with unit, bound and rate,
    periods, years due, ordinals and dates, in English, Japanese or Hindi
    (digits of any script), and mentions of entities the graph already
    holds (countries, people, organisations, programs, ...), by their labels
    in any language. Nothing is written: keep what is right in a fact
    file."""
    import re

    from ..errors import JointVisionError
    from ..source.suggest import stubs_yaml
    from ..source.suggest import suggest as find

    if language is not None and not re.fullmatch(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*", language):
        raise click.BadParameter(f"{language!r} is not a BCP 47 language tag such as ja or hi", param_hint="--language")
    text = where.read_text(text_file)
    try:
        sources = where.sources(data)[0] if mentions else None
    except JointVisionError as exc:
        raise CommandError.of(
            exc, "mentions need the fact files to read; fix them, or run suggest --no-mentions for the figures alone"
        ) from None
    click.echo(stubs_yaml(find(text, sources, language)), nl=False)


@main.command()
@click.argument("fact_files", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="FACTFILE...")
@click.option("--dry-run", is_flag=True, help="Say what would change, and change nothing.")
@click.pass_context
def fix(ctx: click.Context, fact_files: tuple[Path, ...], dry_run: bool) -> None:
    """Fill in or correct the start and end of every quote that stands once
    in its source text. Only those numbers change (comments, order, quoting
    and layout stay); a quote that stands several times or nowhere is listed
    and left alone (exit 1). A file build would refuse is refused (exit 2)
    with build's message, and every file is checked before any is written.
    Each file is replaced atomically, keeping its permissions; a symbolic
    link is written through; a file with other hard links is refused.
    """
    from ..source.fix import plan_fixes, write_fix

    plans = plan_fixes(list(fact_files), writing=not dry_run)
    left = False
    verb = "would fix" if dry_run else "fixed"
    for plan in plans:
        if not dry_run:
            write_fix(plan)
        report = plan.report
        click.echo(
            f"{plan.path}: {verb} {len(report.fixed)}, {report.right} right already, {len(report.left)} left alone"
        )
        for change in report.fixed:
            click.echo(f"  {change}")
        for why in report.left:
            click.echo(f"  left alone: {why}")
        left = left or bool(report.left)
    if left:
        ctx.exit(EXIT_VIOLATIONS)
