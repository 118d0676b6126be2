"""Looking things up while writing fact files: ``find`` (an entity by its
names) and ``schema`` (the JSON Schema of the format, for editors)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from . import data as where
from .group import EXIT_VIOLATIONS, echo_lines, main
from .options import data_option, format_option

#: The columns of ``find``'s table.
FIND_COLUMNS = ("id", "type", "label", "match", "sources")


def _row(match) -> tuple[str, ...]:
    """One match as a row of ``find``'s table: how it matches, and by which
    name where that is not its label."""
    how = match.rank
    if match.name.text != match.label:
        language = f" ({match.name.language})" if match.name.language else ""
        how += f": {match.name.text}{language}"
    return (match.id, match.type, match.label, how, ", ".join(match.sources))


def _table(rows: list[tuple[str, ...]], footer: str) -> str:
    """Rows in columns aligned by the columns each cell takes on a terminal,
    every character that could act on it shown escaped."""
    from ..terminal import display_width, pad, shown

    cells = [FIND_COLUMNS, *([shown(cell) for cell in row] for row in rows)]
    widths = [max(display_width(row[i]) for row in cells) for i in range(len(FIND_COLUMNS))]
    lines = ["  ".join(pad(cell, width) for cell, width in zip(row, widths)).rstrip() for row in cells]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join([*lines, footer]) + "\n"


@main.command("find")
@click.argument("words", nargs=-1, required=True)
@data_option
@format_option("Output format (json: for editors and scripts).", ("table", "json"))
@click.option(
    "--type",
    "type_name",
    metavar="TYPE",
    default=None,
    help="Only entities of this type or its sub types (Event: summits and visits too).",
)
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    default=10,
    show_default=True,
    help="The most matches to list (0: all).",
)
@click.pass_context
def find_command(
    ctx: click.Context, words: tuple[str, ...], data: tuple[Path, ...], fmt: str, type_name: str | None, limit: int
) -> None:
    """List the entities whose labels (in any language), alternative labels
    or abbreviations match WORDS, best first: exact, then those that start
    with the words, then those that hold each of them, then those that hold
    some or come close (a typo). Case, width (ＪＩＣＡ), dashes, quotes and
    ・ do not count. Each with its id, type, label and the sources that
    state it. Exit 1 if none matches (as grep does)."""
    from ..source.find import find

    text = " ".join(words)
    found = find(where.sources(data)[0], text, type_name=type_name)
    shown = found[:limit] if limit else found
    if fmt == "json":
        from ..terminal import escaped_in_written

        click.echo(escaped_in_written(json.dumps([m.as_json() for m in shown], ensure_ascii=False, indent=2)))
    elif shown:
        more = f" of {len(found)}; --limit 0 for all" if len(shown) < len(found) else ""
        echo_lines(_table([_row(m) for m in shown], f"({len(shown)} match{'es' if len(shown) != 1 else ''}{more})"))
    if not found:
        from ..terminal import one_line

        among = f" of type {type_name} (or a sub type)" if type_name else ""
        click.echo(f"no entity{among} matches {one_line(text)!r}", err=True)
        ctx.exit(EXIT_VIOLATIONS)


@main.command("schema")
def schema_command() -> None:
    """Print the JSON Schema (draft-07) of the fact-file format, made from
    the format's own table of types and fields: for an editor's YAML
    support (VS Code's YAML extension: docs/editors.md) to complete field
    names, show what each holds and flag a misspelt field or a value of the
    wrong form as you type. Save it to a file:
    jointvision schema > fact-file.schema.json"""
    from ..source.jsonschema import schema_json

    click.echo(schema_json(), nl=False)
