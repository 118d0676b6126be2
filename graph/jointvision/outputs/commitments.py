"""The commitments page: every target and undertaking as each source states
it, in a table and on a timeline (``commitments.html``).

One row per commitment and source: a target or an undertaking (program,
initiative, activity, financing) with what that source says of it, the
value and unit in the source's words and as a number, the period, the
flow, its directions and countries, and the quotes with their offsets. The
table sorts and filters in the page, and downloads as CSV (a ``data:`` link:
the page fetches nothing). The timeline draws each target with a period on
a year axis, and the lineage between targets (``jv:buildsOn``) as arrows.

Like the map, it is one file that works offline; every text from the data
is escaped by Jinja or set with ``textContent``.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any
from urllib.parse import quote as url_quote

from ..rdf.dataset import Dataset
from ..rdf.namespaces import GRAPHS, VOCAB
from ..rdf.terms import select

RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
#: What a row holds, in the order of the table and the CSV.
COLUMNS = (
    "kind",
    "commitment",
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


def _rows(dataset: Dataset, query: str) -> list[dict[str, str]]:
    prefixes = f"PREFIX jv: <{VOCAB}>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    result = select(dataset.store, prefixes + query)
    names = [v.value for v in result.variables]
    return [{name: solution[name].value for name in names if solution[name] is not None} for solution in result]


def commitments(dataset: Dataset) -> tuple[list[dict], list[dict]]:
    """The rows (one per commitment and source, in a stable order) and the
    timeline's targets (those with years, with what they build on)."""
    kinds = " ".join(f"jv:{k}" for k in _KINDS)
    label = {
        r["s"]: r["l"]
        for r in _rows(dataset, "SELECT ?s (MIN(STR(?label)) AS ?l) WHERE { ?s rdfs:label ?label } GROUP BY ?s")
    }
    kind = {
        r["s"]: r["k"][len(VOCAB) :]
        for r in _rows(
            dataset, f"SELECT ?s (MIN(STR(?t)) AS ?k) WHERE {{ VALUES ?t {{ {kinds} }} ?s a ?t }} GROUP BY ?s"
        )
    }
    sources = {
        r["g"]: r
        for r in _rows(
            dataset,
            "SELECT ?g ?label ?published WHERE { GRAPH ?g { ?src jv:namedGraph ?g ; "
            "rdfs:label ?label OPTIONAL { ?src jv:published ?published } } }",
        )
    }

    def per_graph(query: str) -> dict[tuple[str, str], list[dict]]:
        found: dict[tuple[str, str], list[dict]] = {}
        for r in _rows(dataset, query):
            if r["s"] in kind and r["g"].startswith(GRAPHS):
                found.setdefault((r["s"], r["g"]), []).append(r)
        return found

    evidence = per_graph(
        "SELECT ?g ?s ?q ?a ?b WHERE { GRAPH ?g { ?s jv:evidence ?e . ?e jv:quote ?q ; jv:start ?a ; jv:end ?b } }"
    )
    # the units' and bounds' names are looked up in Python: joined in the query, they cost seconds per 100k triples
    quantity = per_graph(
        "SELECT ?g ?s ?v ?u ?bk ?stated ?per WHERE { GRAPH ?g { ?s jv:quantity ?q . "
        "?q jv:numericValue ?v OPTIONAL { ?q jv:unit ?u } OPTIONAL { ?q jv:bound ?bk } "
        "OPTIONAL { ?q jv:statedAs ?stated } OPTIONAL { ?q jv:per ?per } } }"
    )
    code = {
        r["u"]: r["c"]
        for r in _rows(dataset, "SELECT ?u (MIN(STR(?code)) AS ?c) WHERE { ?u jv:iso4217Code ?code } GROUP BY ?u")
    }
    period = per_graph(
        "SELECT ?g ?s ?sy ?ey ?dur ?anchor WHERE { GRAPH ?g { ?s jv:period ?p "
        "OPTIONAL { ?p jv:startYear ?sy } OPTIONAL { ?p jv:endYear ?ey } "
        "OPTIONAL { ?p jv:duration ?dur } OPTIONAL { ?p jv:anchoredTo ?anchor } } }"
    )
    flows = per_graph(
        "SELECT ?g ?s ?rel ?c WHERE { VALUES ?rel { jv:flowFrom jv:flowTo jv:flowBetween jv:country } "
        "GRAPH ?g { ?s ?rel ?c } }"
    )
    directions = per_graph("SELECT ?g ?s ?d WHERE { GRAPH ?g { ?s jv:underDirection ?d } }")
    builds: dict[str, set[str]] = {}
    for r in _rows(dataset, "SELECT ?s ?o WHERE { ?s jv:buildsOn ?o }"):
        builds.setdefault(r["s"], set()).add(r["o"])
    anchor_year = {
        r["e"]: r["y"]
        for r in _rows(
            dataset,
            "SELECT ?e (MIN(SUBSTR(STR(?d), 1, 4)) AS ?y) WHERE { "
            "{ ?e jv:startDate ?d } UNION { ?e jv:year ?d } } GROUP BY ?e",
        )
    }

    out: list[dict] = []
    timeline: dict[str, dict] = {}
    for (subject, graph), quotes in sorted(evidence.items(), key=lambda kv: (label.get(kv[0][0], ""), kv[0])):
        row: dict[str, Any] = {c: "" for c in COLUMNS}
        row.update(
            {
                "id": subject,
                "kind": kind[subject],
                "commitment": label.get(subject, subject),
                "source": sources.get(graph, {}).get("label", graph),
                "published": sources.get(graph, {}).get("published", ""),
            }
        )
        for q in quantity.get((subject, graph), [])[:1]:
            unit = q.get("u", "")
            row.update(
                {
                    "stated as": q.get("stated", ""),
                    "number": q.get("v", ""),
                    "unit": code.get(unit) or label.get(unit, ""),
                    "bound": label.get(q.get("bk", ""), ""),
                    "per": q.get("per", ""),
                }
            )
        years = None
        for p in period.get((subject, graph), [])[:1]:
            if p.get("sy") and p.get("ey"):
                row["period"] = f"{p['sy']}-{p['ey']}"
                years = (int(p["sy"]), int(p["ey"]), False)
            elif p.get("dur"):
                row["period"] = p["dur"]
                start = anchor_year.get(p.get("anchor", ""))
                found = re.fullmatch(r"P(\d+)Y", p["dur"])
                if start and found:
                    row["period"] += f" from {start}"
                    years = (int(start), int(start) + int(found.group(1)), True)
        by_rel: dict[str, list[str]] = {}
        for f in flows.get((subject, graph), []):
            by_rel.setdefault(f["rel"][len(VOCAB) :], []).append(label.get(f["c"], f["c"]))
        if by_rel.get("flowFrom") or by_rel.get("flowTo"):
            row["flow"] = (
                f"{', '.join(sorted(by_rel.get('flowFrom', [])))} -> {', '.join(sorted(by_rel.get('flowTo', [])))}"
            )
        elif by_rel.get("flowBetween"):
            row["flow"] = " <-> ".join(sorted(by_rel["flowBetween"]))
        row["countries"] = "; ".join(sorted({c for cs in by_rel.values() for c in cs}))
        row["directions"] = "; ".join(sorted({label.get(d["d"], d["d"]) for d in directions.get((subject, graph), [])}))
        first = min(quotes, key=lambda q: int(q["a"]))
        row.update({"quote": first["q"], "start": first["a"], "end": first["b"]})
        row["quotes"] = [[q["q"], int(q["a"]), int(q["b"])] for q in sorted(quotes, key=lambda q: int(q["a"]))]
        out.append(row)
        if kind[subject] == "Target":
            entry = timeline.setdefault(
                subject,
                {
                    "id": subject,
                    "label": label.get(subject, subject),
                    "stated": row["stated as"],
                    "spans": [],
                    "builds_on": sorted(builds.get(subject, ())),
                },
            )
            if years:
                entry["spans"].append({"from": years[0], "to": years[1], "derived": years[2], "source": row["source"]})
    return out, sorted(
        timeline.values(), key=lambda t: (min((s["from"] for s in t["spans"]), default=10**6), t["label"], t["id"])
    )


def to_csv(rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([row[c] for c in COLUMNS])
    return buffer.getvalue()


def _timeline_svg(targets: list[dict]) -> dict:
    """What the template draws: a year axis, a bar per target and source
    that states a period in years, a mark in the last column for a target
    with none, and an arrow from each earlier target to the one that builds
    on it."""
    if not targets:
        return {"bars": [], "ticks": [], "arrows": [], "width": 0, "height": 0, "undated_x": 0}
    years = [y for t in targets for s in t["spans"] for y in (s["from"], s["to"])]
    first, last = (min(years), max(years)) if years else (0, 1)
    left, undated, row_h, top = 260, 200, 34, 30
    width = 1000
    span = max(last - first, 1)
    undated_x = width - 90

    def x(year: int) -> float:  # the axis ends before the column of undated targets
        return round(left + (width - left - undated) * (year - first) / span, 1)

    bars: list[dict] = []
    where: dict[str, tuple[float, float, float]] = {}
    y = top
    for t in targets:
        for s in t["spans"] or [None]:
            if s is None:
                bars.append(
                    {
                        "x": undated_x,
                        "w": 12,
                        "y": y,
                        "label": t["label"],
                        "stated": t["stated"],
                        "years": "no period stated",
                        "derived": False,
                        "undated": True,
                        "source": "",
                    }
                )
                where.setdefault(t["id"], (undated_x, undated_x + 12, y))
            else:
                bars.append(
                    {
                        "x": x(s["from"]),
                        "w": max(x(s["to"]) - x(s["from"]), 4),
                        "y": y,
                        "label": t["label"],
                        "stated": t["stated"],
                        "years": f"{s['from']}-{s['to']}",
                        "derived": s["derived"],
                        "undated": False,
                        "source": s["source"],
                    }
                )
                where.setdefault(t["id"], (x(s["from"]), x(s["to"]), y))
            y += row_h
    arrows = []
    for t in targets:
        for earlier in t["builds_on"]:
            if earlier in where and t["id"] in where:
                _, end, y0 = where[earlier]
                start, _, y1 = where[t["id"]]
                arrows.append({"x1": end, "y1": y0 + 10, "x2": start, "y2": y1 + 10})
    ticks = [{"x": x(year), "year": year} for year in range(first, last + 1)] if years else []
    return {"bars": bars, "ticks": ticks, "arrows": arrows, "width": width, "height": y + 30, "undated_x": undated_x}


def commitments_html(dataset: Dataset, title: str = "jointvision") -> str:
    """The page, for a built dataset."""
    from .pages import csp_hash, inline, json_for_html, render

    rows, targets = commitments(dataset)
    total = len(rows)
    if total > ROW_LIMIT:  # the targets first, then the undertakings, each in the table's order
        rows = sorted(rows, key=lambda r: r["kind"] != "Target")[:ROW_LIMIT]
        targets = targets[:ROW_LIMIT]
    script = inline("commitments.js")
    payload = {"columns": list(COLUMNS), "rows": rows}
    return render(
        "commitments.html",
        title=title,
        rows=rows,
        columns=COLUMNS,
        timeline=_timeline_svg(targets),
        data_json=json_for_html(payload),
        csv_href="data:text/csv;charset=utf-8," + url_quote(to_csv(rows), safe=""),
        script=script,
        script_hash=f"'sha256-{csp_hash(script)}'",
        counts={
            "targets": sum(r["kind"] == "Target" for r in rows),
            "rows": len(rows),
            "total": total,
            "commitments": len({r["id"] for r in rows}),
        },
    )


def make(context) -> bytes:
    """The commitments page of a build, titled as its map is."""
    from .viewer import map_sources, map_title

    title = map_title(context.graph, map_sources(context.graph))[0]
    return commitments_html(context.dataset, title).encode("utf-8")
