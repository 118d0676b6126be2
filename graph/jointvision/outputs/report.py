"""The compliance report (``report.html``), and what the commitments page
and the map show of the statuses the build derives.

The statuses come from :mod:`jointvision.rdf.status`, taken as of the date
the build took them as of (``jv:statusAsOf`` in the status graph: the
latest source's date, or the date ``build --as-of`` asked for), so that the
pages say what the downloads say. :func:`compliance` gathers them once per
page with what people read beside them: the rule's words (the ontology's
``rdfs:comment`` of each ``jv:StatusRule``), the quotes of each commitment
and of each report, and the summaries by summit, party and direction.

The report groups the commitments by the summit (else the document) that
made them, then by direction; each with its status and why, every progress
report with its date and source, the assessments, and the quotes with their
offsets. One file that loads nothing and runs no script, every text from the
data escaped by Jinja, printable to A4; the same data give the same bytes.

>>> percent(None), percent(Fraction(3, 5))
('', '60')
>>> words("NotStarted")
'not started'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from ..rdf.dataset import Dataset
from ..rdf.iris import RDFS_LABEL, VOCAB
from ..rdf.status import (
    STATUS_GRAPH,
    STATUS_LABELS,
    STATUSES,
    Report,
    Status,
    Summary,
    data_as_of,
    day_range,
    per_cent,
    preferred_order,
    statuses,
    summaries,
)
from ..rdf.typed import select
from ..source.kinds import decimal_lexical
from .pages import Shown, choices, dataset_languages, dataset_values, literal_language, pick

#: The summaries the pages show, with their headings: by the summit that made
#: the commitments, by party, by direction.
SUMMARY_GROUPINGS: tuple[tuple[str, str], ...] = (("event", "summit"), ("party", "party"), ("direction", "direction"))
#: A letter for each status: the map's badge, and beside the status in the
#: pages, so that a status never reads by colour alone.
BADGES: dict[str, str] = {
    "Disputed": "D",
    "Achieved": "A",
    "Missed": "M",
    "OnTrack": "T",
    "Behind": "B",
    "NotYetDue": "N",
    "NoInformation": "?",
}
#: What "no information" means, said plainly: not a failure.
NO_INFORMATION_NOTE = (
    "No progress report or assessment in the data says anything about it yet: "
    "this is not a failure, only that nothing can be judged."
)
_PREFIXES = f"PREFIX jv: <{VOCAB}>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"


def percent(share: Fraction | Decimal | None) -> str:
    """A share (1 the whole) in per cent as text, "" where there is none."""
    if share is None:
        return ""
    return decimal_lexical(share if isinstance(share, Decimal) else per_cent(share))


def words(local: str | None) -> str:
    """A local name as words (``NotStarted``: not started)."""
    return re.sub(r"(?<!^)([A-Z])", r" \1", local or "").lower()


def _rows(dataset: Dataset, query: str) -> list[dict[str, str]]:
    answer = select(dataset.store, _PREFIXES + query)
    names = [v.value for v in answer.variables]
    return [{n: s[n].value for n in names if s[n] is not None} for s in answer]


# ------------------------------------------------------------ the as-of date
def _latest_sources(dataset: Dataset, day: date) -> list[str]:
    """The labels of the sources whose date (its last day) is ``day``."""
    found = _rows(
        dataset,
        "SELECT ?s ?l ?p WHERE { ?s jv:published ?p OPTIONAL { ?s rdfs:label ?l } } "
        f"ORDER BY ?s {preferred_order('l')}",
    )
    first: dict[str, str] = {}  # each source by its preferred label (English, else untagged, else the least tag)
    for r in found:
        if (day_range(r["p"]) or (None, None))[1] == day:
            first.setdefault(r["s"], r.get("l", ""))
    return sorted(set(first.values()) - {""})


def as_of(dataset: Dataset) -> tuple[date | None, str]:
    """The date the build took the statuses as of, and how it was chosen."""
    derived = _rows(
        dataset,
        f"SELECT ?d WHERE {{ GRAPH <{STATUS_GRAPH}> {{ ?s a jv:DerivedStatus OPTIONAL {{ ?s jv:statusAsOf ?d }} }} }}"
        " ORDER BY DESC(STR(?d)) LIMIT 1",
    )
    latest = data_as_of(dataset)
    day = (date.fromisoformat(derived[0]["d"][:10]) if "d" in derived[0] else None) if derived else latest
    if day is None:
        return None, (
            "No source in the data gives a date, and none was asked for: statuses are judged without one, "
            "so only achieved, disputed and no information can be judged."
        )
    if day == latest:
        named = "; ".join(_latest_sources(dataset, day))
        return day, f"the date of the latest source in the data ({named}), so that the same data give the same report"
    return day, "the date asked for when the data were built (jointvision build --as-of)"


# ------------------------------------------------------------ what people read beside a status
def rule_words(dataset: Dataset) -> dict[str, str]:
    """Each status rule's words (the ontology's comment), by its local name."""
    found = _rows(dataset, "SELECT ?r (MIN(STR(?c)) AS ?w) WHERE { ?r a jv:StatusRule ; rdfs:comment ?c } GROUP BY ?r")
    return {r["r"][len(VOCAB) :]: r["w"] for r in found if r["r"].startswith(VOCAB) and "w" in r}


def quotes(
    dataset: Dataset, nodes: list[str], names: dict[str, list[tuple[str, str]]] | None = None
) -> dict[str, list[dict[str, Any]]]:
    """The evidence of each node: quote, offsets, file, source (its title in
    English where it has several: ``names``, the labels of
    :func:`~jointvision.outputs.pages.dataset_values`) and the quote's
    language (its own, else its source's), by offset."""
    if not nodes:
        return {}
    names = names if names is not None else dataset_values(dataset, (RDFS_LABEL,))
    values = " ".join(f"<{n}>" for n in sorted(set(nodes)))
    answer = select(
        dataset.store,
        _PREFIXES + f"SELECT DISTINCT ?s ?q ?a ?b ?src ?f ?said WHERE {{ VALUES ?s {{ {values} }} ?s jv:evidence ?e . "
        "?e jv:quote ?q ; jv:start ?a ; jv:end ?b "
        "OPTIONAL { ?e jv:inSource ?src OPTIONAL { ?src jv:fileName ?f } OPTIONAL { ?src jv:language ?said } } }",
    )
    out: dict[str, dict[tuple, dict[str, Any]]] = {}
    for r in answer:
        source = r["src"].value if r["src"] is not None else ""
        entry = {
            "quote": r["q"].value,
            "start": int(r["a"].value),
            "end": int(r["b"].value),
            "file": r["f"].value if r["f"] is not None else "",
            "source": (pick(names.get(source, [])) or ("", ""))[0],
            "lang": literal_language(r["q"]) or (r["said"].value.lower() if r["said"] is not None else ""),
        }
        out.setdefault(r["s"].value, {}).setdefault((entry["quote"], entry["start"], entry["end"]), entry)
    return {
        node: sorted(entries.values(), key=lambda e: (e["source"], e["start"], e["end"], e["quote"], e["file"]))
        for node, entries in out.items()
    }


def stated_values(dataset: Dataset) -> dict[str, list[tuple[str, str]]]:
    """How each node's quantity is worded by the sources (``jv:statedAs``), in
    every language they give: (text, tag) pairs, by tag, then text."""
    found: dict[str, set[tuple[str, str]]] = {}
    for row in select(dataset.store, _PREFIXES + "SELECT ?s ?n WHERE { ?s jv:quantity/jv:statedAs ?n }"):
        found.setdefault(row["s"].value, set()).add((row["n"].value, literal_language(row["n"])))
    return {node: sorted(pairs, key=lambda v: (v[1], v[0])) for node, pairs in found.items()}


def said(report: Report) -> str:
    """What a report says: its amount as the source words it, its share, or its level."""
    if report.stated_as:
        return report.stated_as
    if report.amount is not None:
        return decimal_lexical(report.amount)
    if report.share is not None:
        return f"{decimal_lexical(report.share)} % of the target"
    return f"completion: {words(report.level)}" if report.level else "nothing measurable"


def _counted(status: Status, report: Report) -> bool:
    """Whether a report counts as of the status's date (dated on or before it)."""
    return status.as_of is None or (report.date is not None and report.date <= status.as_of)


def _name(names: dict[str, list[tuple[str, str]]], node: str | None, default: str) -> str:
    """A node's label in English (:func:`~jointvision.outputs.pages.pick`), else ``default``."""
    found = pick(names.get(node or "", []))
    return found[0] if found else default


def _report_view(
    status: Status, report: Report, found: dict[str, list[dict]], names: dict[str, list[tuple[str, str]]]
) -> dict[str, Any]:
    party = status.commitment.groups.get("party", {})
    return {
        "id": report.node,
        "kind": report.kind,
        "as_of": report.as_of,
        "said": said(report),
        "source": _name(names, report.source, report.source_label or report.source or ""),
        "counted": _counted(status, report),
        "used": report in status.used,
        "completion": words(report.level),
        "party": _name(names, report.party, party.get(report.party or "", "") or (report.party or "")),
        "party_id": report.party or "",
        "score": decimal_lexical(report.score) if report.score is not None else "",
        "quotes": found.get(report.node, []),
    }


def why(status: Status) -> str:
    """Why the status, in a sentence: what it rests on and the shares compared."""
    c, day = status.commitment, status.as_of.isoformat() if status.as_of else ""
    if status.status == "NotYetDue" and c.window:
        return f"Its time begins on {c.window[0].isoformat()}, after {day}, and nothing is reported."
    if status.status == "NoInformation":
        reported = [r for r in c.reports if _counted(status, r)]
        return (
            f"Nothing is reported about it{' up to ' + day if day else ''}." if not reported
            else "It has no period, due date or figure to measure the reports against."
        )  # fmt: skip
    parts = [f"{said(r)} as of {r.as_of or 'an unknown date'} ({r.source_label or r.source})" for r in status.used]
    if status.reached is not None:
        parts.append(f"{percent(status.reached)} % of the target reached")
    if status.elapsed is not None and c.window:
        when = "by the report's date" if status.status in ("OnTrack", "Behind") else f"by {day or 'now'}"
        parts.append(f"{percent(status.elapsed)} % of its time ({_window(c.window)}) gone {when}")
    if status.status == "Missed" and c.deadline:
        parts.append(f"due {c.deadline.isoformat()}, before {day or 'now'}")
    text = "; ".join(parts)
    return text[:1].upper() + text[1:] + "." if text else ""


def _window(window: tuple[date, date]) -> str:
    return f"{window[0].isoformat()} to {window[1].isoformat()}"


def commitment_view(
    status: Status,
    rules: dict[str, str],
    found: dict[str, list[dict]],
    names: dict[str, list[tuple[str, str]]] | None = None,
) -> dict[str, Any]:
    """One commitment's status as the pages show it (JSON-safe: text and
    numbers); ``names``: the labels of every node, each in every language the
    data give (:func:`~jointvision.outputs.pages.dataset_values`), of which
    the view takes the English one (the ids of the groups are there too, for
    pages that show them in another)."""
    c, names = status.commitment, names or {}
    reports = sorted(c.reports, key=lambda r: (r.date or date.min, r.as_of, r.node))
    parties, directions = _named(c.groups, "party", names), _named(c.groups, "direction", names)
    made_by = _made_by(c.groups, names)
    return {
        "id": c.node,
        "label": _name(names, c.node, c.label or c.node),
        "status": status.status,
        "status_label": status.label,
        "badge": BADGES[status.status],
        "rule": status.rule,
        "rule_words": rules.get(status.rule, ""),
        "as_of": status.as_of.isoformat() if status.as_of else "",
        "reached": percent(status.reached),
        "elapsed": percent(status.elapsed),
        "figure": c.stated_as or (decimal_lexical(c.value) if c.value is not None else ""),
        "deadline": c.deadline.isoformat() if c.deadline else "",
        "window": _window(c.window) if c.window else "",
        "why": why(status),
        "parties": [name for name, _ in parties],
        "party_ids": [iri for _, iri in parties],
        "directions": [name for name, _ in directions],
        "direction_ids": [iri for _, iri in directions],
        "made_by": made_by[0],
        "made_by_id": made_by[1],
        "progress": [_report_view(status, r, found, names) for r in reports if r.kind == "progress"],
        "assessments": [_report_view(status, r, found, names) for r in reports if r.kind == "assessment"],
        "quotes": found.get(c.node, []),
    }


def _named(
    groups: dict[str, dict[str, str]], grouping: str, names: dict[str, list[tuple[str, str]]]
) -> list[tuple[str, str]]:
    """The groups of one grouping of a commitment: (English label, IRI), by label."""
    return sorted((_name(names, iri, label or iri), iri) for iri, label in groups.get(grouping, {}).items())


def _made_by(groups: dict[str, dict[str, str]], names: dict[str, list[tuple[str, str]]]) -> tuple[str, str]:
    """The summit (else the document) that made a commitment: its first by
    label, and its IRI; ("", "") for none."""
    for grouping in ("event", "source"):
        found = _named(groups, grouping, names)
        if found:
            return found[0]
    return "", ""


# ------------------------------------------------------------ everything at once
@dataclass
class Compliance:
    """The statuses of a dataset as the pages show them."""

    as_of: date | None
    how: str  # how the as-of date was chosen
    commitments: list[dict[str, Any]]  # commitment_view of each, by label
    summaries: list[tuple[str, list[Summary]]]  # (grouping, its groups), in SUMMARY_GROUPINGS' order
    rules: dict[str, str]  # the rules' words by local name
    names: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # every node's labels, each language's
    figures: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # each commitment's figure, as stated

    @property
    def all_no_information(self) -> bool:
        """Whether nothing can be judged of any commitment (nothing reported)."""
        return bool(self.commitments) and all(c["status"] == "NoInformation" for c in self.commitments)

    def by_id(self) -> dict[str, dict[str, Any]]:
        return {c["id"]: c for c in self.commitments}


def compliance(dataset: Dataset) -> Compliance:
    """The statuses of every commitment, as of the build's date, with their
    rules' words, quotes and reports, and the summaries by summit, party and
    direction."""
    day, how = as_of(dataset)
    found = statuses(dataset, day)
    rules = rule_words(dataset)
    names = dataset_values(dataset, (RDFS_LABEL,))
    figures = stated_values(dataset)
    nodes = [s.commitment.node for s in found] + [r.node for s in found for r in s.commitment.reports]
    evidence = quotes(dataset, nodes, names)
    views = [commitment_view(s, rules, evidence, names) for s in found]
    for view in views:  # the figure as the English source words it, where sources word it in several languages
        view["figure"] = (pick(figures.get(view["id"], [])) or (view["figure"], ""))[0]
    views.sort(key=lambda v: (v["label"], v["id"]))
    grouped = [(by, summaries(dataset, day, by, found=found)) for by, _ in SUMMARY_GROUPINGS]
    return Compliance(day, how, views, grouped, rules, names, figures)


def summary_rows(
    groups: list[Summary], names: dict[str, list[tuple[str, str]]] | None = None, languages: list[str] | None = None
) -> list[dict[str, Any]]:
    """A summary's rows: the group (its label in each of ``languages``, from
    ``names``, where given), its count per status, the share kept, the average score."""
    return [
        {
            "label": Shown(names.get(g.group, []), languages or [], g.label)
            if names is not None and g.group
            else g.label,
            "total": g.total,
            "counts": [g.counts[s] for s in STATUSES],
            "kept": percent(g.kept),
            "assessments": g.assessments,
            "score": decimal_lexical(g.score) if g.score is not None else "",
        }
        for g in groups
    ]


def status_legend(rules: dict[str, str]) -> list[dict[str, str]]:
    """Every status with its letter, label and rule's words, in the rule table's order."""
    return [
        {"status": s, "badge": BADGES[s], "label": STATUS_LABELS[s], "rule": rules.get(s + "Rule", "")}
        for s in STATUSES
    ]


# ------------------------------------------------------------ the report
def shown_view(view: dict[str, Any], found: Compliance, languages: list[str]) -> dict[str, Any]:
    """A commitment's view (:func:`commitment_view`) for a static page: its
    label, parties and directions each a :class:`~jointvision.outputs.pages.Shown`
    (its label in each of ``languages``)."""

    names, figures = found.names, found.figures

    def shown(iri: str, default: str) -> Shown:
        return Shown(names.get(iri, []), languages, default)

    return {
        **view,
        "label": shown(view["id"], view["label"]),
        "figure": Shown(figures.get(view["id"], []), languages, view["figure"]),
        "parties": [shown(i, n) for n, i in zip(view["parties"], view["party_ids"])],
        "directions": [shown(i, n) for n, i in zip(view["directions"], view["direction_ids"])],
    }


def _sections(found: Compliance, languages: list[str]) -> list:
    """The commitments grouped by the summit or document that made them, then
    by direction (the first by label; "no direction" last), each title in
    each of ``languages``."""
    names = found.names
    made: dict[str, dict[str, list[dict[str, Any]]]] = {}
    titles: dict[str, Shown] = {"": Shown([], [], "Not linked to a summit or document")}
    dirs: dict[str, Shown] = {"": Shown([], [], "No strategic direction")}
    for view in found.commitments:
        direction = view["direction_ids"][0] if view["direction_ids"] else ""
        if direction:
            dirs[direction] = Shown(names.get(direction, []), languages, view["directions"][0])
        titles.setdefault(view["made_by_id"], Shown(names.get(view["made_by_id"], []), languages, view["made_by"]))
        made.setdefault(view["made_by_id"], {}).setdefault(direction, []).append(shown_view(view, found, languages))
    return [
        {
            "title": titles[maker],
            "directions": [
                {"title": dirs[d], "commitments": made[maker][d]}
                for d in sorted(made[maker], key=lambda d: (d == "", dirs[d].text, d))
            ],
        }
        for maker in sorted(made, key=lambda m: (m == "", titles[m].text, m))
    ]


def report_html(dataset: Dataset, title: str = "jointvision", found: Compliance | None = None) -> str:
    """The compliance report of a built dataset, its labels in each language
    of the data (English first: :func:`~jointvision.outputs.pages.offered`);
    ``found``: its :func:`compliance`, if already made."""
    from .pages import inline, render

    found = found or compliance(dataset)
    headings = dict(SUMMARY_GROUPINGS)
    languages = dataset_languages(dataset)
    return render(
        "report.html",
        title=title,
        languages=choices(languages),
        as_of=found.as_of.isoformat() if found.as_of else "",
        how=found.how,
        legend=status_legend(found.rules),
        summaries=[(headings[by], summary_rows(groups, found.names, languages)) for by, groups in found.summaries],
        sections=_sections(found, languages),
        total=len(found.commitments),
        all_no_information=found.all_no_information,
        no_information_note=NO_INFORMATION_NOTE,
        style=inline("report.css", "style"),
    )


def make(context) -> bytes:
    """The compliance report of a build, titled as its map is."""
    from .viewer import map_sources, map_title

    title = map_title(context.graph, map_sources(context.graph))[0]
    return report_html(context.dataset, title, context.compliance).encode("utf-8")
