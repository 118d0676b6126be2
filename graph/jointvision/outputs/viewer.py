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
import unicodedata
from pathlib import Path
from typing import NamedTuple

import networkx as nx
from rdflib import Literal, URIRef
from rdflib.namespace import RDFS, SKOS

from ..rdf.namespaces import JV
from ..rdf.status import STATUS_LABELS, STATUSES
from .layout import radial_layout, spread_labels
from .pages import (  # noqa: F401 (TEMPLATES re-exported)
    DEFAULT_LANGUAGE,
    TEMPLATES,
    choices,
    csp_hash,
    inline,
    json_for_html,
    literal_language,
    offered,
    pick,
    render,
    safe_in_element,
    suits,
)
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
    "Statement": Style("#57534e", "star", "ring", 14, 18),
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


#: The font of the labels on the map: Arial as before for Latin text, then faces with Japanese and
#: Devanagari glyphs where the system has them (nothing is fetched).
FONT_FACE = (
    'arial, "Noto Sans CJK JP", "Noto Sans JP", "Hiragino Sans", "Noto Sans Devanagari", "Lohit Devanagari", '
    "system-ui, sans-serif"
)
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


def columns(text: str) -> int:
    """How many columns ``text`` takes: a wide or full-width character (CJK)
    two, a combining mark or format character none, any other one.

    >>> columns("Japan"), columns("日本"), columns("नरेन्द्र")
    (5, 4, 5)
    """
    return sum(_char_columns(c) for c in text)


def _char_columns(char: str) -> int:
    if unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


#: Characters a line may not start with (Japanese and Chinese punctuation, the prolonged sound mark):
#: they stay with the character before them.
_NO_LINE_START = set("、。，．・ー」』）】〕〉》！？：；")


def _tokens(text: str) -> list[str]:
    """``text`` cut where a line may break: at spaces (kept as tokens of
    their own), and before each wide character (CJK is written without
    spaces); combining marks and closing punctuation stay with what comes
    before them."""
    tokens: list[str] = []
    for char in text:
        joins = bool(tokens) and not tokens[-1].isspace()
        if char.isspace():
            if not tokens or joins:
                tokens.append(" ")
        elif joins and (_char_columns(char) == 0 or char in _NO_LINE_START or _narrow_after_narrow(tokens[-1], char)):
            tokens[-1] += char
        else:
            tokens.append(char)
    return tokens


def _narrow_after_narrow(token: str, char: str) -> bool:
    """Whether ``char`` continues the word ``token`` ends with (neither wide: no break between them)."""
    return _char_columns(char) < 2 and _char_columns(token[-1]) < 2


def _wrap_columns(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` columns (:func:`columns`),
    broken at spaces and between wide characters; a word wider than a line
    is cut."""
    lines: list[str] = []
    line = ""
    for token in _tokens(text):
        if token.isspace():
            line += " " if line else ""
            continue
        if line and columns(line + token) > width:
            lines.append(line.rstrip())
            line = ""
        while columns(token) > width:  # a word wider than a line: cut where it reaches the width
            room = max(i for i in range(1, len(token) + 1) if i == 1 or columns(token[:i]) <= width)
            lines.append(token[:room])
            token = token[room:]
        line += token
    return [*lines, line.rstrip()] if line.strip() else lines


def _wrap(text: str, width: int = 26, lines: int = 3) -> str:
    # only `lines` lines are ever shown: cut first (textwrap is quadratic on a huge text), then wrap; text in
    # one column a character as before, by textwrap; any other (CJK, Devanagari) by columns
    text = text[: width * (lines + 1)]
    if columns(text) == len(text):
        parts = textwrap.wrap(text, width=width) or [text]
    else:
        parts = _wrap_columns(text, width) or [text]
    if len(parts) > lines:
        parts = parts[:lines]
        last = parts[-1]
        while columns(last) > width - 1:
            last = last[:-1]
        parts[-1] = last.rstrip() + "…"
    return "\n".join(parts)


# ------------------------------------------------------------ languages
class MapLanguages:
    """What the map reads of the data's languages, in one pass over the
    graph: every label, alternative label and abbreviation of each node and
    the figures its quantities are stated as, each with its language tag
    ("" for none); which language each literal of a node is in; and each
    quote's language (its own, else its source's). The map offers the
    languages of the data (:func:`~jointvision.outputs.pages.offered`) and
    shows each node by :func:`~jointvision.outputs.pages.pick`."""

    def __init__(self, graph) -> None:
        """Read ``graph`` (rdflib)."""
        self.labels: dict[str, list[tuple[str, str]]] = {}
        self.alt: dict[str, list[tuple[str, str]]] = {}
        self.stated: dict[str, list[tuple[str, str]]] = {}
        self.tagged: dict[str, dict[str, set[str]]] = {}  # node -> a literal's text -> its languages
        self.quotes: dict[tuple[str, int, int], str] = {}
        self._terms: dict[str, list[Literal]] = {}  # node -> its labels, as the graph holds them
        tags: set[str | None] = set()
        by_quantity: dict[str, list[tuple[str, str]]] = {}
        for s, p, o in graph:
            if isinstance(o, Literal):
                tags.add(self._read(str(s), p, o, by_quantity))
        for s, q in sorted(graph.subject_objects(JV.quantity)):
            self.stated.setdefault(str(s), []).extend(by_quantity.get(str(q), []))
        for values in (self.labels, self.alt, self.stated):  # in a fixed order: the graph's own is not
            for node, found in values.items():
                values[node] = sorted(set(found), key=lambda v: (v[1], v[0]))
        for terms in self._terms.values():
            terms.sort(key=lambda t: (literal_language(t), str(t)))
        #: the quantity and period nodes folded into each node
        self.parts: dict[str, list[str]] = {}
        for link in (JV.quantity, JV.period):
            for s, part in sorted(graph.subject_objects(link)):
                self.parts.setdefault(str(s), []).append(str(part))
        #: the languages the map offers (none: the data have fewer than two)
        self.languages = offered(t for t in tags if t is not None)
        #: the map's title and subtitle in each of them (set by :func:`viewer_html`)
        self.titles: dict[str, tuple[str, str]] = {}
        self.graph = graph
        self._read_quotes(graph)

    def _read(self, node: str, predicate, literal: Literal, by_quantity: dict) -> str | None:
        """Note one literal of ``node``; its language (for a label, "" where it has none; else None)."""
        lang, text = literal_language(literal), str(literal)
        if lang:
            self.tagged.setdefault(node, {}).setdefault(text, set()).add(lang)
        if predicate == RDFS.label:
            self.labels.setdefault(node, []).append((text, lang))
            self._terms.setdefault(node, []).append(literal)
        elif predicate in (SKOS.altLabel, JV.abbreviation):
            self.alt.setdefault(node, []).append((text, lang))
        elif predicate == JV.statedAs:
            by_quantity.setdefault(node, []).append((text, lang))
        return lang if lang or predicate == RDFS.label else None

    def _read_quotes(self, graph) -> None:
        """Each quote's language, by its text and offsets: its own, else the one its source declares."""
        declared = {str(s): str(o).lower() for s, o in graph.subject_objects(JV.language)}
        for evidence, quote in graph.subject_objects(JV.quote):
            start, end = graph.value(evidence, JV.start), graph.value(evidence, JV.end)
            if start is None or end is None:
                continue
            said = declared.get(str(graph.value(evidence, JV.inSource)), "")
            self.quotes[(str(quote), int(start), int(end))] = literal_language(quote) or said

    def label(self, node: str, chosen: str = DEFAULT_LANGUAGE) -> tuple[str, str] | None:
        """A node's label for a reader of ``chosen``: (text, language)."""
        return pick(self.labels.get(node, []), chosen)

    def display(self, node: str, chosen: str = DEFAULT_LANGUAGE) -> tuple[str, str] | None:
        """What the map writes on a node for a reader of ``chosen``: a figure
        as a source words it in that language, else its label in that
        language, else the figure in English (or untagged, or any), else its label."""
        figure, label = pick(self.stated.get(node, []), chosen), self.label(node, chosen)
        for found in (figure, label):
            if found is not None and suits(found[1], chosen):
                return found
        return figure or label

    def names(self, node: str) -> list[tuple[str, str]]:
        """Every name of a node that search finds it by: its labels, alternative
        labels and abbreviations, and its figures, in every language."""
        found = [*self.labels.get(node, []), *self.alt.get(node, []), *self.stated.get(node, [])]
        return list(dict.fromkeys(found))

    def literal_language(self, nodes: list[str], text: str) -> str:
        """The language of the literal ``text`` of one of ``nodes``, where it is in exactly one."""
        found = set().union(*(self.tagged.get(n, {}).get(text, set()) for n in nodes))
        return next(iter(found)) if len(found) == 1 else ""

    def english(self, graph):
        """``graph`` with only the English label (:func:`pick`) of each node
        that has several, for the fact network (which reads one label a
        node); ``graph`` itself where none has several."""
        extra = [
            (URIRef(node), RDFS.label, term)
            for node, terms in self._terms.items()
            if len(terms) > 1
            for term in terms
            if (str(term), literal_language(term)) != self.label(node)
        ]
        if not extra:
            return graph
        from rdflib import Graph

        shown = Graph(bind_namespaces="none")
        shown += graph
        for triple in extra:
            shown.remove(triple)
        return shown


def _vis_library() -> tuple[str, str]:
    """vis-network's script and stylesheet, as shipped inside pyvis."""
    import pyvis

    lib = Path(pyvis.__file__).resolve().parent / "lib" / "vis-9.1.2"
    script = (lib / "vis-network.min.js").read_text(encoding="utf-8")
    style = (lib / "vis-network.css").read_text(encoding="utf-8")
    return safe_in_element(script, "script"), safe_in_element(style, "style")


def _label_width(font: int) -> int:
    """How many columns a label of this font size wraps at."""
    return 20 if font >= 30 else 26


def _label_of(data: dict, font: int) -> str:
    return _wrap(data.get("display") or data.get("label", ""), _label_width(font))


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
        width = max(columns(line) for line in lines) * 0.6 * style.font + (20 if boxed else 0)
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
        "nodes": {
            "borderWidth": 1,
            "font": {"face": FONT_FACE},
            "scaling": {"label": {"drawThreshold": MIN_LABEL_PX + 1, "maxVisible": 40}},
        },
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
    languages: MapLanguages | None = None,
    disagree: dict[str, list[list[str]]] | None = None,
) -> str:
    """The whole viewer page for a fact network (see ``network.fact_network``);
    ``statuses``: each commitment's status by node (:func:`map_statuses`),
    drawn as a badge on it and said in its details; ``languages``: the
    labels of the data in each language (:class:`MapLanguages`), each node
    shown in the language the reader chooses; ``disagree``: the fields
    sources disagree on, by node (:func:`disagreements`)."""
    net = drawn(net)
    if languages is not None:
        net = _localised(net, languages)
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
        "fontFace": FONT_FACE,
    }
    payload["statuses"] = _attach_statuses(nodes, payload["details"], statuses or {})
    for node, rows in (disagree or {}).items():
        if node in payload["details"]:
            payload["details"][node]["disagree"] = rows
    if languages is not None:
        _attach_languages(nodes, payload, languages)
    return _page(payload, title, subtitle, payload.get("languages", []))


def _page(payload: dict, title: str, subtitle: str, languages: list[dict]) -> str:
    """The page around the map's data, with vis-network and the viewer's script inlined."""
    vis_js, vis_css = _vis_library()
    app_js = inline("languages.js") + inline("viewer.js")
    return render(
        "viewer.html",
        title=title,
        subtitle=subtitle,
        languages=languages,
        data_json=json_for_html(payload),
        vis_js=vis_js,
        vis_css=vis_css,
        app_js=app_js,
        app_css=inline("viewer.css", "style"),
        # only these two scripts may run: anything injected into the page would not
        script_hashes=" ".join(f"'sha256-{csp_hash(text)}'" for text in (vis_js, app_js)),
    )


def _localised(net: nx.MultiDiGraph, languages: MapLanguages) -> nx.MultiDiGraph:
    """The network with each node's label and figure those a reader of English
    sees (:meth:`MapLanguages.label`, :meth:`MapLanguages.display`): a copy
    where any differs, else ``net`` itself."""
    changes: dict[str, dict[str, str]] = {}
    for node, data in net.nodes(data=True):
        label, display = languages.label(node), languages.display(node)
        found = {}
        if label is not None and label[0] != data.get("label"):
            found["label"] = label[0]
        if display is not None and display[0] != (data.get("display") or data.get("label")):
            found["display"] = display[0]
        if found:
            changes[node] = found
    if not changes:
        return net
    net = net.copy()
    for node, found in changes.items():
        net.nodes[node].update(found)
    return net


def _attach_languages(nodes: list[dict], payload: dict, languages: MapLanguages) -> None:
    """Give the page the languages it offers and their titles, each node its
    label in each (``labels``, wrapped as it is drawn) and its details the
    label in each, the label's language, every other name (labels in other
    languages, alternative labels, abbreviations: what search finds), the
    language of each property and quote, and the ids of its directions and
    of the nodes its properties name (shown by their names in the chosen language)."""
    offered_here = languages.languages
    payload["languages"] = choices(offered_here)
    payload["titles"] = {tag: list(found) for tag, found in languages.titles.items()}
    _source_languages(payload["sources"], languages)
    details = payload["details"]
    for node in nodes:
        d, at = details[node["id"]], node["id"]
        label = languages.label(at)
        d["labelLang"] = label[1] if label is not None else ""
        _names(d, at, languages)
        _property_languages(d, at, languages, details)
        d["evidence"] = [[*q, languages.quotes.get((q[0], q[1], q[2]), "")] for q in d["evidence"]]
        if offered_here:
            width = _label_width(node["font"]["size"])
            shown = {tag: languages.display(at, tag) for tag in offered_here}
            node["labels"] = {tag: _wrap(found[0], width) for tag, found in shown.items() if found is not None}
            d["labels"] = {tag: list(found) for tag in offered_here if (found := languages.label(at, tag))}


def _names(d: dict, node: str, languages: MapLanguages) -> None:
    """A node's names beyond its label, where it has any: every label with
    its language, the alternative labels and abbreviations, and the texts
    search finds it by (``keys``)."""
    labels, alt = languages.labels.get(node, []), languages.alt.get(node, [])
    if len(labels) > 1 or alt:
        d["names"] = [list(v) for v in labels]
        d["alt"] = [list(v) for v in alt]
    keys = [text for text in dict.fromkeys(t for t, _ in languages.names(node)) if text != d["label"]]
    if keys:
        d["keys"] = keys


def _property_languages(d: dict, node: str, languages: MapLanguages, details: dict) -> None:
    """Each property of a node's details with the language of its value (a
    literal's, else ""), and, for a value that names a node of the map (a
    unit, an anchor), that node's id: [name, value, sources, language, id]."""
    parts = [node, *languages.parts.get(node, [])]
    named: dict[str, str] = {}
    for part in parts:
        for term in languages.graph.objects(URIRef(part)):
            found = languages.label(str(term)) if isinstance(term, URIRef) and str(term) in details else None
            if found is not None:
                named.setdefault(found[0], str(term))
    rows = []
    for p in d["properties"]:
        lang = languages.literal_language(parts, p[1])
        rows.append([*p, lang, named[p[1]]] if not lang and p[1] in named else [*p, lang])
    d["properties"] = rows


def _source_languages(sources: list[dict], languages: MapLanguages) -> None:
    """Each source of the map with its title in each language offered, and the title's language."""
    for source in sources:
        values = languages.labels.get(source.get("node", ""), [])
        found = pick(values)
        source["lang"] = found[1] if found else ""
        if languages.languages and values:
            source["labels"] = {tag: list(pick(values, tag) or ("", "")) for tag in languages.languages}


def _details(net: nx.MultiDiGraph) -> dict[str, dict]:
    """What the detail panel shows of each node (its status is added by :func:`_attach_statuses`)."""
    keys = ("label", "class", "class_label", "iri", "directions", "direction_ids", "properties", "evidence")
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


def map_statuses(data, found=None) -> dict[str, dict]:
    """The status of each commitment as the map shows it, by node IRI: the
    status, its words, badge letter and colour, the rule's words, why, and
    the date it is taken as of; as the compliance report has them
    (``report.compliance``; ``found``: that, if already made). ``data``: a
    Dataset, or an rdflib graph."""
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
        for c in (found or compliance(as_dataset(data))).commitments
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
    """The sources of a graph for the map: named graph, title (in English,
    where it has several: :func:`~jointvision.outputs.pages.pick`), date and
    kind, in the order they were published (undated ones last)."""
    from rdflib.namespace import RDF

    found = []
    for source in graph.subjects(RDF.type, JV.Source):
        named = graph.value(source, JV.namedGraph)
        published = graph.value(source, JV.published)
        kind = graph.value(source, JV.sourceKind)
        title = pick([(str(o), literal_language(o)) for o in sorted(graph.objects(source, RDFS.label))])
        found.append(
            {
                "id": str(named if named is not None else source),
                "node": str(source),
                "label": title[0] if title is not None else "None",
                "published": str(published) if published is not None else "",
                "kind": str(kind).rsplit("#", 1)[-1] if kind is not None else "",
            }
        )
    return sorted(found, key=lambda s: (s["published"] == "", s["published"], s["label"], s["id"]))


def map_title(graph, sources: list[dict], lang: str = DEFAULT_LANGUAGE) -> tuple[str, str]:
    """Title and subtitle of the map, from the data: the joint statements
    (else the other documents) it holds, and the sources it is built from;
    each named in the language ``lang`` (:func:`~jointvision.outputs.pages.pick`)."""
    from rdflib.namespace import RDF

    def labels(cls) -> list[str]:
        found = set()
        for subject in graph.subjects(RDF.type, cls):
            chosen = pick([(str(o), literal_language(o)) for o in sorted(graph.objects(subject, RDFS.label))], lang)
            if chosen is not None:
                found.add(chosen[0])
        return sorted(found)

    def title_of(source: dict) -> str:
        return source.get("labels", {}).get(lang, [source["label"]])[0] or source["label"]

    named = (
        labels(JV.JointStatement) or labels(JV.Agreement) + labels(JV.MemorandumOfCooperation) or labels(JV.Document)
    )
    title = "; ".join(named[:2]) + (f" and {len(named) - 2} more" if len(named) > 2 else "") if named else "jointvision"
    shown = [title_of(s) + (f" ({s['published']})" if s["published"] else "") for s in sources[:5]]
    more = f"; and {len(sources) - 5} more" if len(sources) > 5 else ""
    noun = "source" if len(sources) == 1 else f"{len(sources)} sources"
    subtitle = f"Built from {noun}: " + "; ".join(shown) + more if sources else ""
    return title, subtitle


def disagreements(data) -> dict[str, list[list[str]]]:
    """The fields two sources state differently, by entity: [field, value1,
    source1, value2, source2] for each, as the named query ``conflicts`` (and
    so ``jointvision conflicts``) lists them: the rule that says what a
    conflict is lives in that query alone. ``data``: a Dataset (an rdflib
    graph has no sources' graphs, so nothing to disagree)."""
    from ..rdf.dataset import Dataset
    from ..sparql.engine import QueryEngine

    if not isinstance(data, Dataset) or not data.source_graphs():
        return {}
    result = QueryEngine(data).query("conflicts")
    column = {name: i for i, name in enumerate(result.variables)}
    found: dict[str, list[list[str]]] = {}
    for row in result.rows:

        def text(name: str, row: tuple = row) -> str:
            value = row[column[name]]
            return "" if value is None else str(value)

        entry = [text("field"), text("value1"), text("source1"), text("value2"), text("source2")]
        rows = found.setdefault(text("entity"), [])
        if entry not in rows:  # one row per label of the entity: the same disagreement
            rows.append(entry)
    return found


def viewer_html(
    graph,
    facts: nx.MultiDiGraph | None = None,
    provenance: dict | None = None,
    statuses: dict[str, dict] | None = None,
    disagree: dict[str, list[list[str]]] | None = None,
) -> str:
    """The viewer page for an RDF graph of jointvision facts (``facts``: its
    fact network, if already computed; ``provenance``: which source graphs
    state each triple, from ``Dataset.provenance()``, for the source filter;
    ``statuses``: :func:`map_statuses` of its dataset, else made from ``graph``;
    ``disagree``: :func:`disagreements` of its dataset, else made from it).
    A :class:`~jointvision.rdf.dataset.Dataset` may be given as ``graph``.
    Labels are shown in the language the reader chooses (English first)."""
    from ..rdf.dataset import Dataset
    from .network import fact_network, summary_network

    statuses = statuses if statuses is not None else map_statuses(graph)
    disagree = disagree if disagree is not None else disagreements(graph)
    if isinstance(graph, Dataset):
        provenance = graph.provenance() if provenance is None else provenance
        graph = graph.to_rdflib()
    languages = MapLanguages(graph)
    shown = languages.english(graph)
    facts = facts if facts is not None and shown is graph else fact_network(shown, provenance)
    sources = map_sources(graph)
    _source_languages(sources, languages)
    title, subtitle = map_title(graph, sources)
    facts, summary = summary_network(drawn(facts))
    note = f" | This is {summary}." if summary else ""
    for tag in languages.languages:
        found = map_title(graph, sources, tag)
        languages.titles[tag] = (found[0], found[1] + note if found[1] else note[3:])
    subtitle = f"{subtitle}{note}" if subtitle else note[3:]
    return render_html(
        facts,
        title=title,
        subtitle=subtitle,
        sources=sources,
        statuses=statuses,
        languages=languages,
        disagree=disagree,
    )


def make(context) -> bytes:
    """The map of a build (its :class:`~jointvision.outputs.registry.Context`),
    noting when it is a summary of a network too large to draw whole."""
    from .network import summary_network

    summary = summary_network(drawn(context.facts))[1]
    if summary:
        context.notes.append(f"the map is {summary}")
    statuses = map_statuses(context.dataset, context.compliance)
    disagree = disagreements(context.dataset)
    return viewer_html(context.graph, context.facts, context.provenance, statuses, disagree).encode("utf-8")
