"""The interactive relationship map: one self-contained HTML file.

pyvis holds the network (nodes, edges, vis-network options) and ships the
vis-network library this file inlines; the page itself comes from the
project's own template (``templates/viewer.html``), because pyvis 0.3.2's
template loads Bootstrap from a CDN and inserts strings unescaped. Here:

* nothing is fetched: vis-network is inlined and a Content-Security-Policy
  forbids every request;
* every string from the data reaches the page as JSON inside a
  ``<script type="application/json">`` element (with ``<``, ``>``, ``&``
  escaped) and is put in the page with ``textContent``, never as HTML; the
  title and subtitle (labels of the documents and sources) are also written
  into the page's head and header by the template, HTML-escaped by Jinja;
* positions are computed in Python (``layout.radial_layout``) and physics is
  off, so the map opens laid out, the same way every time, at any size;
* each target's and undertaking's status (achieved, on track, ...: the
  rules of :mod:`jointvision.rdf.status`, as the compliance report has them)
  is a badge on it, its letter on a small box, explained in the legend and
  said in words in its details; the ``jv:DerivedStatus`` nodes that hold
  them in the data are not drawn (:data:`UNDRAWN`);
* nodes and edges are handed to pyvis as whole lists (its ``add_node`` and
  ``add_edge`` are quadratic), and the network is directed, so parallel and
  reverse edges all survive.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import NamedTuple

import networkx as nx

from ..rdf.status import STATUS_LABELS, STATUSES
from .layout import radial_layout, spread_labels
from .pages import TEMPLATES, csp_hash, inline, json_for_html, render, safe_in_element  # noqa: F401 (re-exported)
from .report import BADGES


class Style(NamedTuple):
    """How the map draws one class: fill colour, vis-network shape, the inner
    mark viewer.js draws over that shape ("" for none), size and font size."""

    color: str
    shape: str
    mark: str
    size: int
    font: int


#: The style of each class. No two classes share a shape and a mark, so a
#: reader tells them apart without colour (WCAG 1.4.1); every fill has at
#: least 3:1 contrast with the white map (WCAG 1.4.11), and so has each inner
#: mark with its fill (:func:`mark_color`). tests/test_viewer.py checks both.
#: Shapes group kinds: dots are places and people, squares bodies, diamonds
#: numbers and money, triangles aims, triangles down events, hexagons
#: directions and what is done under them, stars partnerships and texts.
STYLES: dict[str, Style] = {
    "JointStatement": Style("#111827", "box", "", 44, 52),
    "Country": Style("#d97706", "dot", "", 40, 52),
    "City": Style("#64748b", "dot", "dot", 12, 16),
    "Person": Style("#db2777", "dot", "plus", 22, 26),
    "Office": Style("#ec4899", "dot", "bar", 12, 16),
    "Tenure": Style("#be185d", "dot", "ring", 10, 14),
    "Government": Style("#78350f", "square", "", 18, 22),
    "Ministry": Style("#92400e", "square", "bar", 16, 16),
    "Organisation": Style("#a16207", "square", "dot", 16, 16),
    "ActorGroup": Style("#b45309", "square", "plus", 14, 16),
    "Target": Style("#dc2626", "diamond", "", 26, 46),
    "Financing": Style("#b91c1c", "diamond", "dot", 18, 20),
    "Loan": Style("#991b1b", "diamond", "bar", 18, 20),
    "Currency": Style("#6b7280", "diamond", "plus", 10, 16),
    "CountUnit": Style("#6b7280", "diamond", "ring", 10, 16),
    "Goal": Style("#16a34a", "triangle", "", 16, 16),
    "ResearchArea": Style("#65a30d", "triangle", "dot", 12, 16),
    "Progress": Style("#15803d", "triangle", "bar", 12, 16),
    "Assessment": Style("#166534", "triangle", "plus", 12, 16),
    "Summit": Style("#0d9488", "triangleDown", "", 24, 26),
    "Visit": Style("#0f766e", "triangleDown", "dot", 20, 22),
    "Event": Style("#0d9488", "triangleDown", "bar", 20, 22),
    "StrategicDirection": Style("#7c3aed", "hexagon", "", 34, 48),
    "Program": Style("#2563eb", "hexagon", "dot", 22, 20),
    "Initiative": Style("#0891b2", "hexagon", "bar", 22, 20),
    "Activity": Style("#3b82f6", "hexagon", "plus", 14, 16),
    "Partnership": Style("#b98900", "star", "", 26, 28),
    "Document": Style("#374151", "star", "dot", 18, 20),
    "Agreement": Style("#1f2937", "star", "bar", 22, 24),
    "MemorandumOfCooperation": Style("#4b5563", "star", "plus", 18, 20),
}
#: Classes the map never draws as nodes. A derived status is not a fact of a
#: source but what the build concludes of a commitment: the map shows it as a
#: badge on that commitment (:data:`STATUS_COLORS`), and in its details.
UNDRAWN = frozenset({"DerivedStatus"})
#: The fill of each status's badge (its letter, ``report.BADGES``, in white),
#: the colours the compliance report gives its badges: the letter stands
#: 4.5:1 against the fill and the fill 3:1 against the map; the letter, not
#: the colour, tells the statuses apart (WCAG 1.4.1).
STATUS_COLORS: dict[str, str] = {
    "Disputed": "#6d28d9",
    "Achieved": "#166534",
    "Missed": "#b91c1c",
    "OnTrack": "#1d4ed8",
    "Behind": "#9a3412",
    "NotYetDue": "#374151",
    "NoInformation": "#4b5563",
}
#: Any other class (a subclass added to the ontology later).
DEFAULT_STYLE = Style("#475569", "square", "ring", 12, 18)
#: A country that is not a party to the statement (China, where the next
#: summit is held): the country's glyph, smaller and lighter, like a place.
OTHER_COUNTRY_STYLE = Style("#be7c04", "dot", "", 16, 22)
#: Shapes that hold their label inside (all others draw it below).
BOX_SHAPES = {"box", "ellipse", "database", "text", "circle"}
#: The two colours an inner mark may take: the one that contrasts more with the fill.
MARK_COLORS = ("#ffffff", "#111827")


def _luminance(color: str) -> float:
    """WCAG 2 relative luminance of ``#rrggbb``."""
    channels = [int(color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def mark_color(fill: str) -> str:
    """The colour of an inner mark drawn on ``fill``."""
    return max(MARK_COLORS, key=lambda c: contrast(c, fill))


def style_of(data: dict) -> Style:
    """The style of one node of the fact network."""
    if data.get("class") == "Country" and not data.get("anchor"):
        return OTHER_COUNTRY_STYLE
    return STYLES.get(data.get("class", ""), DEFAULT_STYLE)


#: The smallest label the map draws, in CSS pixels at the current zoom.
MIN_LABEL_PX = 11
#: The classes labelled at the first view, most important first (their rank);
#: the layout moves them apart so that their labels do not overlap.
KEY_RANK = {"JointStatement": 0, "Country": 1, "StrategicDirection": 2, "Target": 3}
#: Above this many of them, only the frame (statement, parties, directions) is spread.
KEY_LIMIT = 80
#: Above this many edges, relation labels are drawn only in the detail panel
#: (drawing thousands of edge labels makes panning sluggish).
EDGE_LABEL_LIMIT = 2000


def _wrap(text: str, width: int = 26, lines: int = 3) -> str:
    # only `lines` lines are ever shown: cut first (textwrap is quadratic on a huge text), then wrap
    text = text[: width * (lines + 1)]
    parts = textwrap.wrap(text, width=width) or [text]
    if len(parts) > lines:
        parts = parts[:lines]
        parts[-1] = parts[-1][: width - 1].rstrip() + "…"
    return "\n".join(parts)


def _vis_library() -> tuple[str, str]:
    """vis-network's script and stylesheet, as shipped inside pyvis."""
    import pyvis

    lib = Path(pyvis.__file__).resolve().parent / "lib" / "vis-9.1.2"
    script = (lib / "vis-network.min.js").read_text(encoding="utf-8")
    style = (lib / "vis-network.css").read_text(encoding="utf-8")
    return safe_in_element(script, "script"), safe_in_element(style, "style")


def _label_of(data: dict, font: int) -> str:
    return _wrap(data.get("display") or data.get("label", ""), 20 if font >= 30 else 26)


def _spread(net: nx.MultiDiGraph, positions: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    """The layout with the labels of the key classes (:data:`KEY_RANK`) moved
    clear of each other, from an estimate of each label's box in canvas
    units (a generous one: Arial's average glyph is narrower than 0.6 em)."""
    boxes = {}
    for node, data in net.nodes(data=True):
        cls = data.get("class", "")
        if cls not in KEY_RANK or (cls == "Country" and not data.get("anchor")):
            continue
        style = STYLES[cls]
        boxed = style.shape in BOX_SHAPES
        lines = _label_of(data, style.font).split("\n")
        width = max(len(line) for line in lines) * 0.6 * style.font + (20 if boxed else 0)
        height = len(lines) * 1.2 * style.font + (20 if boxed else 0)
        boxes[node] = (width, height, 0.0 if boxed else style.size + 2.0, KEY_RANK[cls])
    if len(boxes) > KEY_LIMIT:
        boxes = {n: b for n, b in boxes.items() if b[3] < KEY_RANK["Target"]}
    marks = {n: float(style_of(d).size) for n, d in net.nodes(data=True)}
    return spread_labels(positions, boxes, marks=marks)


def build_pyvis(net: nx.MultiDiGraph, positions: dict[str, tuple[float, float]] | None = None):
    """A pyvis Network of the fact network, laid out, styled by class."""
    from pyvis.network import Network

    positions = positions if positions is not None else _spread(net, radial_layout(net, spacing=56.0))
    show_edge_labels = net.number_of_edges() <= EDGE_LABEL_LIMIT
    vis = Network(directed=True, height="100%", width="100%", cdn_resources="remote")
    nodes = [_vis_node(node, data, positions[node]) for node, data in net.nodes(data=True)]
    edges = []
    for i, (source, target, data) in enumerate(net.edges(data=True)):
        edge = {"id": f"e{i}", "from": source, "to": target, "rel": data.get("label", "")}
        if show_edge_labels:
            edge["label"] = data.get("label", "")
        edges.append(edge)
    vis.nodes = nodes  # whole lists: add_node/add_edge re-scan every node on each call
    vis.edges = edges
    vis.options = _vis_options(hide_edges_on_drag=net.number_of_edges() > EDGE_LABEL_LIMIT)
    return vis


def _vis_node(node: str, data: dict, position: tuple[float, float]) -> dict:
    """One node as vis-network draws it: its place, its class's style, its
    wrapped label, and what viewer.js needs (class, mark, directions)."""
    color, shape, mark, size, font = style_of(data)
    # whole numbers: vis-network reads positions with parseInt, which would cut the decimals off
    x, y = (round(v) for v in position)
    entry = {
        "id": node,
        "label": _label_of(data, font) or node,
        "x": x,
        "y": y,
        "shape": shape,
        "size": size,
        "cls": data.get("class", ""),
        "mark": mark,
        "markColor": mark_color(color),
        "dirs": list(data.get("direction_ids", [])),
        "anchor": bool(data.get("anchor")),
        "font": {
            "size": font,
            "color": "#ffffff" if shape in BOX_SHAPES else "#111827",
            "strokeWidth": 0 if shape in BOX_SHAPES else 3,
            "strokeColor": "#ffffff",
        },
        "color": {
            "background": color,
            "border": "#1f2937",
            "highlight": {"background": color, "border": "#000000"},
        },
    }
    if shape in BOX_SHAPES:
        entry["margin"] = 10
    return entry


def _vis_options(hide_edges_on_drag: bool) -> dict:
    """vis-network's options: no physics (the layout is computed here),
    keyboard and hover, label thresholds, and faint edges until focused."""
    return {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
        # keyboard bound to the map only: bound to the window it would eat "-", "+" and arrows typed in search
        "interaction": {
            "hover": True,
            "tooltipDelay": 3600000,
            "navigationButtons": False,
            "keyboard": {"enabled": True, "bindToWindow": False},
            "multiselect": False,
            "hideEdgesOnDrag": hide_edges_on_drag,
        },
        # no label is drawn below 11 CSS pixels (vis-network hides one under drawThreshold - 1); the viewer's
        # own plan (viewer.js) also keeps labels from overlapping, the most important first
        "nodes": {"borderWidth": 1, "scaling": {"label": {"drawThreshold": MIN_LABEL_PX + 1, "maxVisible": 40}}},
        # relations are faint until a node is hovered or selected; then its own stand out
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "smooth": False,
            "color": {
                "color": "rgba(100, 116, 139, 0.22)",
                "highlight": "#111827",
                "hover": "#1f2937",
                "inherit": False,
            },
            "hoverWidth": 2,
            "selectionWidth": 2,
            "scaling": {"label": {"drawThreshold": MIN_LABEL_PX + 1, "maxVisible": 30}},
            "font": {"size": 14, "color": "#374151", "strokeWidth": 3, "strokeColor": "#ffffff", "align": "middle"},
        },
    }


def render_html(
    net: nx.MultiDiGraph,
    title: str = "jointvision",
    subtitle: str = "",
    positions: dict[str, tuple[float, float]] | None = None,
    sources: list[dict] | None = None,
    statuses: dict[str, dict] | None = None,
) -> str:
    """The whole viewer page for a fact network (see ``network.fact_network``);
    ``statuses``: each commitment's status by node (:func:`map_statuses`),
    drawn as a badge on it and said in its details."""
    net = drawn(net)
    vis = build_pyvis(net, positions)
    nodes, edges, _heading, _height, _width, options = vis.get_network_data()
    sources = sources or []
    _attach_sources(net, nodes, edges, sources)
    payload = {
        "title": title,
        "subtitle": subtitle,
        "nodes": nodes,
        "edges": edges,
        "options": json.loads(options),
        "classes": _legend(net),
        "directions": _directions(net),
        "details": _details(net),
        "sources": sources,
        "edgeLabels": net.number_of_edges() <= EDGE_LABEL_LIMIT,
    }
    payload["statuses"] = _attach_statuses(nodes, payload["details"], statuses or {})
    vis_js, vis_css = _vis_library()
    app_js = inline("viewer.js")
    return render(
        "viewer.html",
        title=title,
        subtitle=subtitle,
        data_json=json_for_html(payload),
        vis_js=vis_js,
        vis_css=vis_css,
        app_js=app_js,
        app_css=inline("viewer.css", "style"),
        # only these two scripts may run: anything injected into the page would not
        script_hashes=" ".join(f"'sha256-{csp_hash(text)}'" for text in (vis_js, app_js)),
    )


def _details(net: nx.MultiDiGraph) -> dict[str, dict]:
    """What the detail panel shows of each node (its status is added by :func:`_attach_statuses`)."""
    keys = ("label", "class", "class_label", "iri", "directions", "properties", "evidence")
    return {node: {key: data.get(key) for key in keys} for node, data in net.nodes(data=True)}


def drawn(net: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The fact network without the nodes of :data:`UNDRAWN` classes (and
    their relations); ``net`` itself where it has none."""
    hidden = [n for n, cls in net.nodes(data="class") if cls in UNDRAWN]
    if not hidden:
        return net
    kept = net.copy()
    kept.remove_nodes_from(hidden)
    return kept


def map_statuses(data) -> dict[str, dict]:
    """The status of each commitment as the map shows it, by node IRI: the
    status, its words, badge letter and colour, the rule's words, why, and
    the date it is taken as of; as the compliance report has them
    (``report.compliance``). ``data``: a Dataset, or an rdflib graph."""
    from ..rdf.dataset import as_dataset
    from .report import compliance

    return {
        c["id"]: {
            "status": c["status"],
            "label": c["status_label"],
            "badge": c["badge"],
            "color": STATUS_COLORS[c["status"]],
            "rule": c["rule_words"],
            "why": c["why"],
            "as_of": c["as_of"],
        }
        for c in compliance(as_dataset(data)).commitments
    }


def _attach_statuses(nodes: list[dict], details: dict[str, dict], statuses: dict[str, dict]) -> dict:
    """Give each node on the map with a status its badge (``status``,
    ``badge``, ``badgeColor``) and its details the status in words; the
    legend of the statuses: the date they are taken as of, and every status
    on the map with its badge, words and how many nodes have it, in the rule table's order."""
    counts = dict.fromkeys(STATUS_COLORS, 0)
    for node in nodes:
        found = statuses.get(node["id"])
        if found:
            node.update(status=found["status"], badge=found["badge"], badgeColor=found["color"])
            details[node["id"]]["status"] = found
            counts[found["status"]] += 1
    as_of = next((statuses[n["id"]]["as_of"] for n in nodes if n["id"] in statuses), "")
    legend = [
        {"status": s, "badge": BADGES[s], "label": STATUS_LABELS[s], "color": STATUS_COLORS[s], "count": counts[s]}
        for s in STATUSES
        if counts[s]
    ]
    return {"asOf": as_of, "legend": legend}


def _attach_sources(net: nx.MultiDiGraph, nodes: list[dict], edges: list[dict], sources: list[dict]) -> None:
    """Give each node and relation the sources stating it (``src``), as
    indexes into ``sources``, so the page lists each source once."""
    index = {s["id"]: i for i, s in enumerate(sources)}
    attributes = dict(net.nodes(data="sources"))
    for node in nodes:
        node["src"] = [index[g] for g in attributes.get(node["id"]) or () if g in index]
    edge_sources = [data.get("sources") or () for _, _, data in net.edges(data=True)]
    for edge, found in zip(edges, edge_sources):
        edge["src"] = [index[g] for g in found if g in index]


def _legend(net: nx.MultiDiGraph) -> list[dict]:
    """The legend: each class on the map with its style and how many nodes
    it has, in the order of :data:`STYLES` (other classes last, by name)."""
    classes: dict[str, dict] = {}
    for _, data in net.nodes(data=True):
        cls = data.get("class", "")
        style = STYLES.get(cls, DEFAULT_STYLE)
        entry = classes.setdefault(
            cls,
            {
                "name": cls,
                "label": data.get("class_label", cls),
                "color": style.color,
                "shape": style.shape,
                "mark": style.mark,
                "markColor": mark_color(style.color),
                "count": 0,
            },
        )
        entry["count"] += 1
    order = {name: i for i, name in enumerate(STYLES)}
    return sorted(classes.values(), key=lambda c: (order.get(c["name"], len(order)), c["name"]))


def _directions(net: nx.MultiDiGraph) -> list[dict]:
    """The strategic directions, for the page's filter, in their order in the statement."""
    return sorted(
        (
            {"id": n, "label": d.get("label", n), "position": d.get("position", 0)}
            for n, d in net.nodes(data=True)
            if d.get("class") == "StrategicDirection"
        ),
        key=lambda d: (d["position"], d["id"]),
    )


def map_sources(graph) -> list[dict]:
    """The sources of a graph for the map: named graph, label, date and kind,
    in the order they were published (undated ones last)."""
    from rdflib.namespace import RDF, RDFS

    from ..rdf.namespaces import JV

    found = []
    for source in graph.subjects(RDF.type, JV.Source):
        named = graph.value(source, JV.namedGraph)
        published = graph.value(source, JV.published)
        kind = graph.value(source, JV.sourceKind)
        found.append(
            {
                "id": str(named if named is not None else source),
                "label": str(graph.value(source, RDFS.label)),
                "published": str(published) if published is not None else "",
                "kind": str(kind).rsplit("#", 1)[-1] if kind is not None else "",
            }
        )
    return sorted(found, key=lambda s: (s["published"] == "", s["published"], s["label"], s["id"]))


def map_title(graph, sources: list[dict]) -> tuple[str, str]:
    """Title and subtitle of the map, from the data: the joint statements
    (else the other documents) it holds, and the sources it is built from."""
    from rdflib.namespace import RDF, RDFS

    from ..rdf.namespaces import JV

    def labels(cls) -> list[str]:
        return sorted(
            {
                str(graph.value(s, RDFS.label))
                for s in graph.subjects(RDF.type, cls)
                if graph.value(s, RDFS.label) is not None
            }
        )

    named = (
        labels(JV.JointStatement) or labels(JV.Agreement) + labels(JV.MemorandumOfCooperation) or labels(JV.Document)
    )
    title = "; ".join(named[:2]) + (f" and {len(named) - 2} more" if len(named) > 2 else "") if named else "jointvision"
    shown = [s["label"] + (f" ({s['published']})" if s["published"] else "") for s in sources[:5]]
    more = f"; and {len(sources) - 5} more" if len(sources) > 5 else ""
    noun = "source" if len(sources) == 1 else f"{len(sources)} sources"
    subtitle = f"Built from {noun}: " + "; ".join(shown) + more if sources else ""
    return title, subtitle


def viewer_html(
    graph,
    facts: nx.MultiDiGraph | None = None,
    provenance: dict | None = None,
    statuses: dict[str, dict] | None = None,
) -> str:
    """The viewer page for an RDF graph of jointvision facts (``facts``: its
    fact network, if already computed; ``provenance``: which source graphs
    state each triple, from ``Dataset.provenance()``, for the source filter;
    ``statuses``: :func:`map_statuses` of its dataset, else made from ``graph``).
    A :class:`~jointvision.rdf.dataset.Dataset` may be given as ``graph``."""
    from ..rdf.dataset import Dataset
    from .network import fact_network, summary_network

    statuses = statuses if statuses is not None else map_statuses(graph)
    if isinstance(graph, Dataset):
        provenance = graph.provenance() if provenance is None else provenance
        graph = graph.to_rdflib()
    sources = map_sources(graph)
    title, subtitle = map_title(graph, sources)
    facts = facts if facts is not None else fact_network(graph, provenance)
    facts, summary = summary_network(drawn(facts))
    if summary:
        subtitle = f"{subtitle} | This is {summary}." if subtitle else f"This is {summary}."
    return render_html(facts, title=title, subtitle=subtitle, sources=sources, statuses=statuses)


def make(context) -> bytes:
    """The map of a build (its :class:`~jointvision.outputs.registry.Context`),
    noting when it is a summary of a network too large to draw whole."""
    from .network import summary_network

    summary = summary_network(drawn(context.facts))[1]
    if summary:
        context.notes.append(f"the map is {summary}")
    statuses = map_statuses(context.dataset)
    return viewer_html(context.graph, context.facts, context.provenance, statuses).encode("utf-8")
