"""Whether commitments are being kept: ``status``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from . import data as where
from .group import echo_lines, main
from .options import data_option, format_option

#: The groupings of the compliance summaries (kept here, not imported from
#: ``rdf.status``, so that ``--help`` loads nothing more).
GROUPINGS = ("party", "direction", "event", "source")
#: The columns of the commitments' table, and of each summary's.
COMMITMENT_COLUMNS = (
    *("commitment", "figure", "latest", "latest_as_of", "latest_source"),
    *("elapsed_percent", "reached_percent", "status", "rule"),
)
SUMMARY_COLUMNS = (
    *("group", "commitments", "disputed", "achieved", "missed", "on_track", "behind", "not_yet_due"),
    *("no_information", "achieved_or_on_track_percent", "assessments", "average_score"),
)


def _share(value: Any) -> str:
    """A decimal as text, a share (a fraction) in per cent; "" where there is none."""
    if value is None:
        return ""
    from decimal import Decimal

    from ..rdf.status import per_cent
    from ..source.kinds import decimal_lexical

    return decimal_lexical(value if isinstance(value, Decimal) else per_cent(value))


def _said(report: Any) -> str:
    """What a report says: its amount as the source words it, its share, or its level."""
    if report.stated_as or report.amount is not None:
        return report.stated_as or _share(report.amount)
    if report.share is not None:
        return f"{_share(report.share)} %"
    level = (report.level or "").lower()
    return f"{level} (assessment)" if report.kind == "assessment" else level


def _latest(status: Any) -> tuple[str, str, str]:
    """The latest progress counted (else the latest completion levels): what
    each says, as of when, and its source; several (disputed) joined by " / "."""
    reports = status.latest
    sources = dict.fromkeys(r.source_label or r.source or "" for r in reports)
    return (
        " / ".join(_said(r) for r in reports),
        " / ".join(dict.fromkeys(r.as_of for r in reports if r.as_of)),
        " / ".join(sources),
    )


def commitment_rows(found: list) -> list[tuple[str, ...]]:
    """One row a commitment: its label, figure, latest progress, the shares
    of its time gone and of its figure reached, its status and rule."""
    rows: list[tuple[str, ...]] = []
    for status in sorted(found, key=lambda s: (s.commitment.label, s.commitment.node)):
        c = status.commitment
        rows.append(
            (c.label or c.node, c.stated_as, *_latest(status), _share(status.elapsed), _share(status.reached),
             status.label, f"jv:{status.rule}")
        )  # fmt: skip
    return rows


def summary_rows(groups: list) -> list[tuple[str, ...]]:
    """One row a group: its commitments by status, the share achieved or on
    track, and its assessments' average score."""
    from ..rdf.status import STATUSES

    return [
        (g.label, str(g.total), *(str(g.counts[s]) for s in STATUSES), _share(g.kept),
         str(g.assessments), _share(g.score))
        for g in groups
    ]  # fmt: skip


def _table(columns: tuple[str, ...], rows: list[tuple[str, ...]], fmt: str) -> str:
    """Rows in the command line's table or CSV (the results writers' own)."""
    from rdflib import Literal

    from ..sparql.engine import QueryResult
    from ..sparql.results import format_result

    result = QueryResult("SELECT", variables=list(columns), rows=[tuple(Literal(v) for v in r) for r in rows])
    return format_result(result, fmt)


def _json(as_of: Any, found: list, summaries: dict[str, list]) -> str:
    """The whole answer as one JSON document."""

    def number(text: str) -> float | None:
        return float(text) if text else None

    commitments = [
        {"id": s.commitment.node, **dict(zip(COMMITMENT_COLUMNS, row))}
        for s, row in zip(sorted(found, key=lambda s: (s.commitment.label, s.commitment.node)), commitment_rows(found))
    ]
    for item in commitments:
        for name in ("elapsed_percent", "reached_percent"):
            item[name] = number(item[name])
    groups = {
        by: [
            {"id": g.group or None, "label": g.label, "commitments": g.total, "counts": g.counts,
             "achieved_or_on_track_percent": float(g.kept), "assessments": g.assessments,
             "average_score": float(g.score) if g.score is not None else None}
            for g in found_groups
        ]
        for by, found_groups in summaries.items()
    }  # fmt: skip
    doc = {
        "as_of": as_of.isoformat() if as_of else None,
        "commitments": commitments,
        "summaries": [{"by": by, "groups": g} for by, g in groups.items()],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2)


@main.command()
@data_option
@click.option(
    "--as-of",
    "as_of",
    metavar="DATE",
    default=None,
    help="Judge as of this day (2032-05-15; a month or a year counts from its last day). "
    "Default: the date of the latest source.",
)
@click.option(
    "--by",
    "by",
    type=click.Choice(GROUPINGS),
    default=None,
    help="Summarise compliance by this only. Default: by party, direction and event.",
)
@format_option("Output format (csv: the tables one after another, a blank line between).", ("table", "csv", "json"))
def status(data: tuple[Path, ...], as_of: str | None, by: str | None, fmt: str) -> None:
    """Whether each commitment is being kept: every target, and every
    undertaking with a due date, a period, progress or an assessment, with its figure,
    latest progress, the share of its time gone and of its figure reached,
    and the status the rule table of docs/source-format.md gives (as of the
    latest source's date, or --as-of); then the share achieved or on track
    and the average G20 score of the assessments, per party, direction and
    event (or --by)."""
    from ..rdf.status import as_of_date, data_as_of, statuses, summaries

    day = as_of_date(as_of)  # a bad date is refused before any data is read
    dataset = where.dataset(data)
    day = day or data_as_of(dataset)
    found = statuses(dataset, day)
    groups = {g: summaries(dataset, day, g, found=found) for g in ([by] if by else GROUPINGS[:3])}
    if fmt == "json":
        click.echo(_json(day, found, groups))
        return
    parts = [_table(COMMITMENT_COLUMNS, commitment_rows(found), fmt)]
    parts += [_table(("by " + g, *SUMMARY_COLUMNS[1:]), summary_rows(rows), fmt) for g, rows in groups.items()]
    if fmt == "csv":
        click.echo("\r\n".join(parts), nl=False)
        return
    when = day.isoformat() if day else "no date (no source gives one; give --as-of)"
    echo_lines(f"status as of {when}\n\n" + "\n\n".join(parts) + "\n")
