"""The commitments page: every target and undertaking as each source states
it, in a table and on a timeline (``commitments.html``).

One row per commitment and source: a target or an undertaking (program,
initiative, activity, financing) with what that source says of it, the
value and unit in the source's words and as a number, the period, the
flow, its directions and countries, and the quotes with their offsets. The
table sorts and filters in the page, and downloads as CSV (a ``data:`` link:
the page fetches nothing). The timeline draws each target with a period on
a year axis, and the lineage between targets (``jv:buildsOn``) as arrows.

Beside each row stands the status the build derives for its commitment
(:mod:`jointvision.outputs.report` gathers them: the rule, why, the reports
it rests on and their quotes), with a bar of the share of the target reached
and a mark for the share of its time gone; each progress report is a point
on the timeline at its date; above the table, the compliance by summit,
party and direction. A commitment with no due date, period, progress or
assessment has no status: its rows say "not tracked".

Like the map, it is one file that works offline; every text from the data
is escaped by Jinja or set with ``textContent``. On any window it reads: the
timeline's labels wrap whole (each row as tall as its label), a flow reads
"India → Japan" and never breaks inside its arrow, a quote shows the
source's ``**emphasis**`` as emphasis (the data and the CSV keep it as the
source has it), and what is wider than the window (the timeline, the
tables) scrolls inside a region of its own.
"""

from __future__ import annotations

import calendar
import csv
import io
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import quote as url_quote

from ..rdf.dataset import Dataset
from ..rdf.iris import GRAPHS, RDFS_LABEL, VOCAB
from ..rdf.status import STATUSES, day_range
from ..rdf.typed import select
from ..terminal import display_width
from .pages import Shown, choices, dataset_languages, dataset_values, forms, pick
from .report import (
    NO_INFORMATION_NOTE,
    SUMMARY_GROUPINGS,
    Compliance,
    compliance,
    status_legend,
    summary_rows,
)

#: What a row holds, in the order of the table and the CSV.
COLUMNS = (
    "kind",
    "commitment",
    "status",
    "reached (%)",
    "time gone (%)",
    "stated as",
    "number",
    "unit",
    "bound",
    "per",
    "period",
    "flow",
    "directions",
    "countries",
    "source",
    "published",
    "quote",
    "start",
    "end",
)
_KINDS = ("Target", "Program", "Initiative", "Activity", "Financing", "Loan")
#: The page holds at most this many rows (targets first); past it, it says
#: how many it leaves out, and the table stays usable in a browser.
ROW_LIMIT = 5_000
#: The status of a commitment the build derives none for.
NOT_TRACKED = "not tracked"
NOT_TRACKED_NOTE = (
    "The data give it no due date, period, progress or assessment: there is nothing to judge it by, "
    "so no status is derived."
)


def _rows(dataset: Dataset, query: str) -> list[dict[str, str]]:
    prefixes = f"PREFIX jv: <{VOCAB}>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    result = select(dataset.store, prefixes + query)
    names = [v.value for v in result.variables]
    return [{name: solution[name].value for name in names if solution[name] is not None} for solution in result]


@dataclass
class _Facts:
    """Everything the rows are made of, each looked up once over the whole
    dataset; the per-graph tables are keyed by (commitment, source graph)."""

    label: dict[str, str]  # node -> its label in English (pages.pick)
    kind: dict[str, str]  # commitment -> its kind's name ("Target", "Program", ...)
    sources: dict[str, dict[str, str]]  # source graph -> its label and publication date
    code: dict[str, str]  # currency unit -> its ISO 4217 code
    builds: dict[str, set[str]]  # target -> the targets it builds on
    anchor_year: dict[str, str]  # event -> the year it starts
    evidence: dict[tuple[str, str], list[dict]] = field(default_factory=dict)
    quantity: dict[tuple[str, str], list[dict]] = field(default_factory=dict)
    period: dict[tuple[str, str], list[dict]] = field(default_factory=dict)
    flows: dict[tuple[str, str], list[dict]] = field(default_factory=dict)
    directions: dict[tuple[str, str], list[dict]] = field(default_factory=dict)
    names: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # node -> its labels, every language's


def _lookups(dataset: Dataset) -> _Facts:
    """The dataset-wide tables: labels, kinds, sources, currency codes,
    lineage and anchor years."""
    kinds = " ".join(f"jv:{k}" for k in _KINDS)
    kind_query = f"SELECT ?s (MIN(STR(?t)) AS ?k) WHERE {{ VALUES ?t {{ {kinds} }} ?s a ?t }} GROUP BY ?s"
    sources_query = (
        "SELECT ?g ?src (MIN(STR(?date)) AS ?published) (LCASE(MIN(STR(?said))) AS ?language) WHERE { "
        "GRAPH ?g { ?src jv:namedGraph ?g OPTIONAL { ?src jv:published ?date } OPTIONAL { ?src jv:language ?said } } "
        "} GROUP BY ?g ?src"
    )
    code_query = "SELECT ?u (MIN(STR(?code)) AS ?c) WHERE { ?u jv:iso4217Code ?code } GROUP BY ?u"
    anchor_query = (
        "SELECT ?e (MIN(SUBSTR(STR(?d), 1, 4)) AS ?y) WHERE { "
        "{ ?e jv:startDate ?d } UNION { ?e jv:year ?d } } GROUP BY ?e"
    )
    builds: dict[str, set[str]] = {}
    for r in _rows(dataset, "SELECT ?s ?o WHERE { ?s jv:buildsOn ?o }"):
        builds.setdefault(r["s"], set()).add(r["o"])
    names = dataset_values(dataset, (RDFS_LABEL,))
    sources: dict[str, dict[str, str]] = {}
    for r in sorted(_rows(dataset, sources_query), key=lambda r: r["src"]):
        sources.setdefault(r["g"], {**r, "label": (pick(names.get(r["src"], [])) or ("", ""))[0]})
    return _Facts(
        label={node: found[0] for node, values in names.items() if (found := pick(values))},
        kind={r["s"]: r["k"][len(VOCAB) :] for r in _rows(dataset, kind_query)},
        sources=sources,
        code={r["u"]: r["c"] for r in _rows(dataset, code_query)},
        builds=builds,
        anchor_year={r["e"]: r["y"] for r in _rows(dataset, anchor_query)},
        names=names,
    )


def _facts(dataset: Dataset) -> _Facts:
    """The dataset-wide tables, and what each source graph says of each
    commitment: quotes, quantity, period, flows and directions."""
    facts = _lookups(dataset)

    def per_graph(query: str) -> dict[tuple[str, str], list[dict]]:
        found: dict[tuple[str, str], list[dict]] = {}
        for r in _rows(dataset, query):
            if r["s"] in facts.kind and r["g"].startswith(GRAPHS):
                found.setdefault((r["s"], r["g"]), []).append(r)
        return found

    facts.evidence = per_graph(
        "SELECT ?g ?s ?q ?a ?b (LCASE(LANG(?q)) AS ?ql) WHERE { GRAPH ?g { ?s jv:evidence ?e . "
        "?e jv:quote ?q ; jv:start ?a ; jv:end ?b } }"
    )
    # the units' and bounds' names are looked up in Python: joined in the query, they cost seconds per 100k triples
    facts.quantity = per_graph(
        "SELECT ?g ?s ?v ?u ?bk ?stated ?sl ?per WHERE { GRAPH ?g { ?s jv:quantity ?q . "
        "?q jv:numericValue ?v OPTIONAL { ?q jv:unit ?u } OPTIONAL { ?q jv:bound ?bk } "
        "OPTIONAL { ?q jv:statedAs ?stated BIND (LCASE(LANG(?stated)) AS ?sl) } OPTIONAL { ?q jv:per ?per } } } "
        "ORDER BY ?g ?s ?q ?sl STR(?stated)"
    )
    facts.period = per_graph(
        "SELECT ?g ?s ?sy ?ey ?dur ?anchor WHERE { GRAPH ?g { ?s jv:period ?p "
        "OPTIONAL { ?p jv:startYear ?sy } OPTIONAL { ?p jv:endYear ?ey } "
        "OPTIONAL { ?p jv:duration ?dur } OPTIONAL { ?p jv:anchoredTo ?anchor } } }"
    )
    facts.flows = per_graph(
        "SELECT ?g ?s ?rel ?c WHERE { VALUES ?rel { jv:flowFrom jv:flowTo jv:flowBetween jv:country } "
        "GRAPH ?g { ?s ?rel ?c } }"
    )
    facts.directions = per_graph("SELECT ?g ?s ?d WHERE { GRAPH ?g { ?s jv:underDirection ?d } }")
    return facts


def commitments(dataset: Dataset, found: Compliance | None = None) -> tuple[list[dict], list[dict]]:
    """The rows (one per commitment and source, in a stable order, each with
    its commitment's status) and the timeline's targets (with their years,
    what they build on and their progress reports; after them, any
    undertaking with progress reported). ``found``: the statuses, gathered
    already."""
    facts = _facts(dataset)
    views = (found or compliance(dataset)).by_id()
    out: list[dict] = []
    timeline: dict[str, dict] = {}
    for (subject, graph), quotes in sorted(
        facts.evidence.items(), key=lambda kv: (facts.label.get(kv[0][0], ""), kv[0])
    ):
        row, years = _row(facts, subject, graph, quotes)
        out.append(row)
        if facts.kind[subject] == "Target":
            entry = timeline.setdefault(
                subject,
                {
                    "id": subject,
                    "label": facts.label.get(subject, subject),
                    "stated": row["stated as"],
                    "stated_lang": row.get("stated_lang", ""),
                    "spans": [],
                    "builds_on": sorted(facts.builds.get(subject, ())),
                },
            )
            if years:
                entry["spans"].append({"from": years[0], "to": years[1], "derived": years[2], "source": row["source"]})
    _with_status(out, views)
    targets = sorted(
        timeline.values(), key=lambda t: (min((s["from"] for s in t["spans"]), default=10**6), t["label"], t["id"])
    )
    return out, _with_progress(targets, out, views)


def _with_status(rows: list[dict], views: dict[str, dict]) -> None:
    """Each row given its commitment's status (its words), the shares it
    rests on, and its place in the rule table (for sorting; untracked last)."""
    for row in rows:
        view = views.get(row["id"])
        row["status"] = view["status_label"] if view else NOT_TRACKED
        row["reached (%)"] = view["reached"] if view else ""
        row["time gone (%)"] = view["elapsed"] if view else ""
        row["status_rank"] = STATUSES.index(view["status"]) if view else len(STATUSES)


def _with_progress(targets: list[dict], rows: list[dict], views: dict[str, dict]) -> list[dict]:
    """The timeline's targets, each with its progress reports as points; and
    after them, by label, every undertaking with progress reported."""
    entries = [{**t, "progress": _points(views.get(t["id"]))} for t in targets]
    have = {t["id"] for t in targets}
    extra: dict[str, dict] = {}
    for row in rows:
        points = _points(views.get(row["id"]))
        if points and row["id"] not in have and row["id"] not in extra:
            extra[row["id"]] = {
                "id": row["id"],
                "label": row["commitment"],
                "stated": row["stated as"],
                "stated_lang": row.get("stated_lang", ""),
                "spans": [],
                "builds_on": [],
                "progress": points,
            }
    return entries + sorted(extra.values(), key=lambda e: (e["label"], e["id"]))


def _points(view: dict | None) -> list[dict]:
    """A commitment's progress reports that have a date: where each falls on
    the year axis, and what it says."""
    points = []
    for report in view["progress"] if view else []:
        at = year_of(report["as_of"])
        if at is not None:
            late = "" if report["counted"] else ", after the as-of date: not counted"
            points.append({"at": at, "text": f"{report['said']} as of {report['as_of']} ({report['source']}{late})"})
    return points


def year_of(text: str) -> float | None:
    """Where a year, month or day falls on a year axis: the middle of the
    time it names, so that "by the end of 2031" (2031-12) sits late in 2031.

    >>> year_of("2031"), year_of("2031-12"), year_of("late")
    (2031.499, 2031.956, None)
    """
    found = day_range(text) if text else None
    if found is None:
        return None
    middle = found[0] + (found[1] - found[0]) / 2
    days = 366 if calendar.isleap(middle.year) else 365
    return round(middle.year + (middle.timetuple().tm_yday - 1) / days, 3)


def _row(
    facts: _Facts, subject: str, graph: str, quotes: list[dict]
) -> tuple[dict[str, Any], tuple[int, int, bool] | None]:
    """One row of the table: what the source graph ``graph`` says of the
    commitment ``subject``; and its period in years (from, to, whether
    derived from a duration and an anchor), if it has one."""
    label = facts.label
    row: dict[str, Any] = {c: "" for c in COLUMNS}
    row.update(
        {
            "id": subject,
            "kind": facts.kind[subject],
            "commitment": label.get(subject, subject),
            "source": facts.sources.get(graph, {}).get("label") or graph,
            "source_id": facts.sources.get(graph, {}).get("src", ""),
            "published": facts.sources.get(graph, {}).get("published", ""),
        }
    )
    for q in facts.quantity.get((subject, graph), [])[:1]:
        unit = q.get("u", "")
        row.update(
            {
                "stated as": q.get("stated", ""),
                "stated_lang": q.get("sl", ""),
                "number": q.get("v", ""),
                "unit": facts.code.get(unit) or label.get(unit, ""),
                "unit_id": "" if facts.code.get(unit) else unit,
                "bound": label.get(q.get("bk", ""), ""),
                "per": q.get("per", ""),
            }
        )
    row["period"], years = _period(facts.period.get((subject, graph), []), facts.anchor_year)
    row["flow"], row["countries"], row["flow_ids"] = _flow(facts.flows.get((subject, graph), []), label)
    directions = sorted({(label.get(d["d"], d["d"]), d["d"]) for d in facts.directions.get((subject, graph), [])})
    row["directions"] = "; ".join(name for name, _ in directions)
    row["direction_ids"] = [iri for _, iri in directions]
    first = min(quotes, key=lambda q: int(q["a"]))
    row.update({"quote": first["q"], "start": first["a"], "end": first["b"]})
    said = facts.sources.get(graph, {}).get("language", "")  # the source's language, for quotes without their own
    row["quotes"] = [
        [q["q"], int(q["a"]), int(q["b"]), q.get("ql") or said] for q in sorted(quotes, key=lambda q: int(q["a"]))
    ]
    return row, years


def _period(periods: list[dict], anchor_year: dict[str, str]) -> tuple[str, tuple[int, int, bool] | None]:
    """The period column of the first stated period, and its years: from
    start and end years, or from a duration in years after an anchor's
    year (derived); a duration without both has no years."""
    for p in periods[:1]:
        if p.get("sy") and p.get("ey"):
            return f"{p['sy']}-{p['ey']}", (int(p["sy"]), int(p["ey"]), False)
        if p.get("dur"):
            start = anchor_year.get(p.get("anchor", ""))
            found = re.fullmatch(r"P(\d+)Y", p["dur"])
            if start and found:
                return f"{p['dur']} from {start}", (int(start), int(start) + int(found.group(1)), True)
            return p["dur"], None
    return "", None


def _flow(flows: list[dict], label: dict[str, str]) -> tuple[str, str, dict[str, list[str]]]:
    """The flow column (from -> to, or between <-> between), the countries
    column (every country named, however related), and the countries of
    each side of the flow, by IRI (in the order of their labels)."""
    by_rel: dict[str, list[tuple[str, str]]] = {}
    for f in flows:
        by_rel.setdefault(f["rel"][len(VOCAB) :], []).append((label.get(f["c"], f["c"]), f["c"]))
    sides = {rel: sorted(found) for rel, found in by_rel.items()}
    ids: dict[str, list[str]] = {}
    flow = ""
    if sides.get("flowFrom") or sides.get("flowTo"):
        ids = {"from": [c for _, c in sides.get("flowFrom", [])], "to": [c for _, c in sides.get("flowTo", [])]}
        names = {side: ", ".join(n for n, _ in sides.get(side, [])) for side in ("flowFrom", "flowTo")}
        flow = f"{names['flowFrom']} -> {names['flowTo']}"
    elif sides.get("flowBetween"):
        ids = {"between": [c for _, c in sides["flowBetween"]]}
        flow = " <-> ".join(n for n, _ in sides["flowBetween"])
    return flow, "; ".join(sorted({n for found in sides.values() for n, _ in found})), ids


def to_csv(rows: list[dict]) -> str:
    """The table as CSV (RFC 4180 line ends), with the columns of the page,
    for the page's download link."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([row[c] for c in COLUMNS])
    return buffer.getvalue()


#: A label of the timeline: (the languages it is shown for, its language, its lines).
LabelLines = list[tuple[list[str], str, list[str]]]
#: The timeline's label column: how many columns of text a line holds (a wide character counts two), and
#: the height of a row of one line and of each further line, in pixels.
LABEL_COLUMNS, ROW_HEIGHT, LINE_HEIGHT = 36, 34, 15


def wrap(text: str, columns: int = LABEL_COLUMNS) -> list[str]:
    """``text`` in lines of at most ``columns`` columns (``terminal.display_width``:
    a Japanese character two), broken at spaces, and inside a word only where
    it is longer than a line (text without spaces, as Japanese is written).

    >>> wrap("JPY 10 trillion in private investment into India over the next decade", 36)
    ['JPY 10 trillion in private', 'investment into India over the next', 'decade']
    >>> wrap("次の10年間で日本から インドへの民間投資10兆円", 16)
    ['次の10年間で日本', 'から インドへの', '民間投資10兆円']
    """
    lines: list[str] = []
    line = ""
    for word in text.split():
        while display_width(word) > columns:  # a word longer than a line: cut it where the line is full
            room = columns - display_width(line) - (1 if line else 0)
            if line and room < display_width(word[0]):
                lines.append(line)
                line = ""
                continue
            cut = _fits(word, room if line else columns)
            lines.append(f"{line} {word[:cut]}" if line else word[:cut])
            line, word = "", word[cut:]
        joined = f"{line} {word}" if line else word
        if display_width(joined) <= columns:
            line = joined
        else:
            lines.append(line)
            line = word
    return [*lines, line] if line else lines or [""]


def _fits(word: str, columns: int) -> int:
    """How many characters of ``word`` fit in ``columns`` (at least one)."""
    cut = 1
    while cut < len(word) and display_width(word[: cut + 1]) <= columns:
        cut += 1
    return cut


def _plain_lines(target: dict) -> LabelLines:
    """A target's label on the timeline, without languages: its figure as
    stated, else its label, wrapped."""
    text = target["stated"] or target["label"]
    return [([], target.get("stated_lang", "") if target["stated"] else "", wrap(text))]


def _timeline_svg(
    targets: list[dict], as_of: str = "", label_lines: Callable[[dict], LabelLines] = _plain_lines
) -> dict:
    """What the template draws: a year axis, a bar per target and source
    that states a period in years, a mark in the last column for a target
    with none, an arrow from each earlier target to the one that builds on
    it, a point for each date progress is reported at, on the row of its
    commitment, and a line at the date the statuses are taken as of. Each
    row is as tall as its label, wrapped (``label_lines``), needs."""
    if not targets:
        return {"bars": [], "ticks": [], "arrows": [], "points": [], "now": None, "width": 0, "height": 0}
    axis = _axis(targets, as_of)
    first, last, now = axis or (0, 1, None)
    left, undated, top = 260, 200, 30
    width = 1000
    span = max(last - first, 1)
    undated_x = width - 90

    def x(year: float) -> float:  # the axis ends before the column of undated targets
        return round(left + (width - left - undated) * (year - first) / span, 1)

    bars: list[dict] = []
    where: dict[str, tuple[float, float, float]] = {}
    y = top
    for t in targets:
        lines = label_lines(t)
        height = ROW_HEIGHT + LINE_HEIGHT * (max(len(found) for _, _, found in lines) - 1)
        for s in t["spans"] or [None]:
            if s is None:
                bars.append({**_bar(t, None, undated_x, 12, y), "lines": lines})
                where.setdefault(t["id"], (undated_x, undated_x + 12, y))
            else:
                bars.append({**_bar(t, s, x(s["from"]), max(x(s["to"]) - x(s["from"]), 4), y), "lines": lines})
                where.setdefault(t["id"], (x(s["from"]), x(s["to"]), y))
            y += height
    return {
        "bars": bars,
        "ticks": [{"x": x(year), "year": year} for year in range(first, last + 1)] if axis else [],
        "arrows": _arrows(targets, where),
        "points": _progress_marks(targets, where, x),
        "now": {"x": x(now), "label": f"as of {as_of}"} if now is not None else None,
        "width": width,
        "height": y + 30,
        "undated_x": undated_x,
    }


def _axis(targets: list[dict], as_of: str) -> tuple[int, int, float | None] | None:
    """The first and last year of the axis (every period, progress report and
    the as-of date on it), and where the as-of date falls, if it is drawn
    (only beside periods or progress); None for no year at all."""
    years: list[float] = [y for t in targets for s in t["spans"] for y in (s["from"], s["to"])]
    years += [p["at"] for t in targets for p in t.get("progress", ())]
    now = year_of(as_of) if years else None
    if now is not None:
        years.append(now)
    if not years:
        return None
    return math.floor(min(years)), math.ceil(max(years)), now


def _progress_marks(targets: list[dict], where: dict[str, tuple[float, float, float]], x) -> list[dict]:
    """A diamond on a commitment's row for each date it has progress at (the
    reports of one date in one mark), with what they say."""
    marks = []
    for t in targets:
        at_dates: dict[float, list[str]] = {}
        for point in t.get("progress", ()):
            at_dates.setdefault(point["at"], []).append(point["text"])
        for at, texts in sorted(at_dates.items()):
            cx, cy = x(at), where[t["id"]][2] + 11
            shape = f"{cx},{round(cy - 7, 1)} {round(cx + 7, 1)},{cy} {cx},{round(cy + 7, 1)} {round(cx - 7, 1)},{cy}"
            marks.append({"id": t["id"], "shape": shape, "label": t["stated"] or t["label"], "text": "; ".join(texts)})
    return marks


def _bar(target: dict, span: dict | None, x: float, width: float, y: float) -> dict:
    """One bar of the timeline: a target's period as one source states it,
    or (``span`` None) the mark of a target with no period."""
    return {
        "x": x,
        "w": width,
        "y": y,
        "id": target["id"],
        "label": target["label"],
        "stated": target["stated"],
        "stated_lang": target.get("stated_lang", ""),
        "years": "no period stated" if span is None else f"{span['from']}-{span['to']}",
        "derived": False if span is None else span["derived"],
        "undated": span is None,
        "source": "" if span is None else span["source"],
    }


def _arrows(targets: list[dict], where: dict[str, tuple[float, float, float]]) -> list[dict]:
    """An arrow from the end of each earlier target's first bar to the start
    of the first bar of the target that builds on it."""
    arrows = []
    for t in targets:
        for earlier in t["builds_on"]:
            if earlier in where and t["id"] in where:
                _, end, y0 = where[earlier]
                start, _, y1 = where[t["id"]]
                arrows.append({"x1": end, "y1": y0 + 10, "x2": start, "y2": y1 + 10})
    return arrows


def commitments_html(dataset: Dataset, title: str = "jointvision", found: Compliance | None = None) -> str:
    """The page, for a built dataset: its labels in each language of the
    data (English first: :func:`~jointvision.outputs.pages.offered`);
    ``found``: its :func:`~.report.compliance`, if already made."""
    from .pages import csp_hash, inline, json_for_html, render

    found = found or compliance(dataset)
    rows, targets = commitments(dataset, found)
    total = len(rows)
    if total > ROW_LIMIT:  # the targets first, then the undertakings, each in the table's order
        rows = sorted(rows, key=lambda r: r["kind"] != "Target")[:ROW_LIMIT]
        targets = targets[:ROW_LIMIT]
    languages = dataset_languages(dataset)
    _for_the_script(rows, found.names, languages)
    script = inline("languages.js") + inline("commitments.js")
    payload = {"columns": list(COLUMNS), "rows": rows, "languages": languages}
    return render(
        "commitments.html",
        title=title,
        languages=choices(languages),
        name=lambda iri, default="": Shown(found.names.get(iri, []), languages, default or iri),
        rows=rows,
        columns=COLUMNS,
        timeline=_timeline_svg(
            targets, found.as_of.isoformat() if found.as_of else "", _label_lines(found.names, languages)
        ),
        data_json=json_for_html(payload),
        csv_href="data:text/csv;charset=utf-8," + url_quote(to_csv(rows), safe=""),
        script=script,
        script_hash=f"'sha256-{csp_hash(script)}'",
        style=inline("commitments.css", "style"),
        counts={
            "targets": sum(r["kind"] == "Target" for r in rows),
            "rows": len(rows),
            "total": total,
            "commitments": len({r["id"] for r in rows}),
        },
        **_status_values(found, rows, languages),
    )


def _label_lines(names: dict[str, list[tuple[str, str]]], languages: list[str]) -> Callable[[dict], LabelLines]:
    """A target's label on the timeline: its figure as stated, else its
    label in each language the page offers (each different one once, shown
    for the languages it serves), each wrapped."""

    def lines(target: dict) -> LabelLines:
        if target["stated"]:
            return _plain_lines(target)
        shown = Shown(names.get(target["id"], []), languages, target["label"])
        if not shown.forms:
            return [([], shown.lang if shown.lang != "en" else "", wrap(shown.text))]
        return [(tags, lang, wrap(text)) for tags, text, lang in shown.forms]

    return lines


def _for_the_script(rows: list[dict], names: dict[str, list[tuple[str, str]]], languages: list[str]) -> None:
    """Give each row what the page's script needs of the languages, where it
    offers several: the commitment's label in each (``names``, to sort by),
    and every label of the row in every language (``search``, for the text filter)."""
    if not languages:
        return
    for row in rows:
        row["names"] = {tag: text for tag, (text, _) in forms(names.get(row["id"], []), languages).items()}
        nodes = [
            row["id"],
            row.get("unit_id", ""),
            *row["direction_ids"],
            *(c for side in row["flow_ids"].values() for c in side),
        ]
        row["search"] = " ".join(dict.fromkeys(text for node in nodes for text, _ in names.get(node, [])))


def _status_values(found: Compliance, rows: list[dict], languages: list[str] | None = None) -> dict[str, Any]:
    """What the page shows of the statuses: the as-of date and how it was
    chosen, the summaries, the rule table, each commitment's status and bar
    (by id), and the status filter's choices (those the rows have, in the
    rule table's order, untracked last)."""
    headings = dict(SUMMARY_GROUPINGS)
    views = found.by_id()
    legend = status_legend(found.rules)
    present = {r["status"] for r in rows}
    options = [{"value": s["label"], "text": f"{s['label']} ({s['badge']})"} for s in legend if s["label"] in present]
    if NOT_TRACKED in present:
        options.append({"value": NOT_TRACKED, "text": NOT_TRACKED})
    return {
        "as_of": found.as_of.isoformat() if found.as_of else "",
        "how": found.how,
        "legend": legend,
        "summaries": [(headings[by], summary_rows(groups, found.names, languages)) for by, groups in found.summaries],
        "tracked": len(found.commitments),
        "all_no_information": found.all_no_information,
        "no_information_note": NO_INFORMATION_NOTE,
        "not_tracked_note": NOT_TRACKED_NOTE,
        "views": views,
        "bars": {node: status_bar(view) for node, view in views.items()},
        "status_options": options,
    }


def status_bar(view: dict) -> dict[str, str] | None:
    """A commitment's progress bar: how far to fill it (the share of the
    target reached, at most all of it), where to mark the share of its time
    gone, and the same in words; None where neither share is known.

    >>> status_bar({"reached": "150", "elapsed": "31.18"})["fill"]
    '100'
    >>> status_bar({"reached": "", "elapsed": "100"})["text"]
    'no share reported; 100 % of its time gone'
    """
    reached, elapsed = view["reached"], view["elapsed"]
    if not (reached or elapsed):
        return None
    words = [f"{reached} % of the target reached" if reached else "no share reported"]
    if elapsed:
        words.append(f"{elapsed} % of its time gone")
    return {
        "fill": str(min(Decimal(reached), Decimal(100))) if reached else "",
        "mark": str(min(Decimal(elapsed), Decimal(100))) if elapsed else "",
        "text": "; ".join(words),
    }


def make(context) -> bytes:
    """The commitments page of a build, titled as its map is."""
    from .viewer import map_sources, map_title

    title = map_title(context.graph, map_sources(context.graph))[0]
    return commitments_html(context.dataset, title, context.compliance).encode("utf-8")
