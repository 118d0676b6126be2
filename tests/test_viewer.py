"""The viewer page, GraphML/GEXF downloads and network analytics, checked
without a browser (tests/test_browser.py drives the page in Chromium)."""

from __future__ import annotations

import json
import re
import sys

import networkx as nx
import pytest
from markupsafe import escape
from rdflib import Literal
from rdflib.namespace import RDFS

from conftest import run_cli
from jointvision.outputs.analysis import UNDERTAKINGS, bridging_undertakings, centrality, components
from jointvision.outputs.layout import radial_layout
from jointvision.outputs.network import fact_network, to_gexf, to_graphml
from jointvision.outputs.viewer import json_for_html, viewer_html
from jointvision.rdf.namespaces import JVD

PAYLOADS = [
    "<img src=x onerror=alert(1)>",
    "</script><script>alert(2)</script>",
    "\"'><svg onload=alert(3)>",
    "a & b <!-- c",
    "\u2028line\u2029sep",
]


@pytest.fixture(scope="module")
def facts(article_graph):
    """The article's fact network: the tests below check what the article states."""
    return fact_network(article_graph)


@pytest.fixture(scope="module")
def page(article_graph, facts):
    return viewer_html(article_graph, facts)


def payload_of(page: str) -> dict:
    found = re.search(r'<script type="application/json" id="jv-data">(.*?)</script>', page, flags=re.S)
    return json.loads(found.group(1))


def test_fact_network_folds_evidence_quantities_and_periods(article_graph, facts, article):
    from rdflib.namespace import RDF

    from jointvision.outputs.network import STRUCTURAL

    entities = {s for s, o in article_graph.subject_objects(RDF.type) if o not in STRUCTURAL}
    assert facts.number_of_nodes() == len(entities) == len(article.entities)
    classes = {d["class"] for _, d in facts.nodes(data=True)}
    assert not classes & {"Evidence", "Source", "Quantity", "Period"}
    target = facts.nodes[str(JVD["private-investment-10-trillion"])]
    assert target["display"] == "JPY 10 trillion"
    assert ["numeric value", "10000000000000"] in [p[:2] for p in target["properties"]]
    assert target["evidence"][0][1:4] == [1526, 1689, article.text_name]
    assert target["evidence"][0][4] == article.label
    assert facts.has_edge(str(JVD["private-investment-10-trillion"]), str(JVD.jpy))  # unit, folded from quantity


def test_page_is_self_contained_and_forbids_every_request(page):
    assert not re.search(r"<(script|img|iframe|link)[^>]*\s(src|href)\s*=", page, flags=re.I)
    assert "@import" not in page and "url(http" not in page
    assert "default-src 'none'" in page and "connect-src 'none'" in page
    policy = re.search(r"script-src ([^;]*);", page).group(1)
    assert "unsafe-inline" not in policy and policy.count("'sha256-") == 2  # only our two scripts may run
    assert len(re.findall(r"^<script", page, flags=re.M)) == 3  # data, vis-network, the viewer


def test_page_carries_every_node_and_edge_with_positions(page, facts):
    data = payload_of(page)
    assert len(data["nodes"]) == facts.number_of_nodes()
    assert len(data["edges"]) == facts.number_of_edges()
    # whole numbers: vis-network reads positions with parseInt and would drop any decimals
    assert all(isinstance(n["x"], int) and isinstance(n["y"], int) for n in data["nodes"])
    assert data["options"]["physics"]["enabled"] is False
    assert data["directions"][0]["label"] == "Next Generation Economic Partnership"
    labels = {n["label"] for n in data["nodes"]}
    assert "JPY 10 trillion" in labels and "more than 500,000\npersonnel" in labels


@pytest.mark.parametrize("payload", PAYLOADS)
def test_strings_from_data_never_reach_the_page_as_markup(graph, payload):
    hostile = graph.__class__()
    for triple in graph:
        hostile.add(triple)
    for node in (JVD["joint-vision-for-the-next-decade"], JVD["make-in-india"]):
        hostile.remove((node, RDFS.label, None))
        hostile.add((node, RDFS.label, Literal(payload)))
    html = viewer_html(hostile)
    if "<" in payload:
        assert payload not in html
    assert f'<h1 id="jv-title">{escape(payload)}</h1>' in html  # the heading, escaped
    assert payload in {d["label"] for d in payload_of(html)["details"].values()}


def test_json_for_html_escapes_markup_characters():
    text = json_for_html({"a": "</script><b>&"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"a": "</script><b>&"}


def test_layout_is_deterministic_and_spreads_nodes(facts):
    first, second = radial_layout(facts), radial_layout(facts.copy())
    assert first == second
    assert len(set(first.values())) == len(first)  # no two nodes on one spot
    assert first[str(JVD["joint-vision-for-the-next-decade"])] == (0.0, 0.0)
    directions = sorted(
        (n for n, d in facts.nodes(data=True) if d["class"] == "StrategicDirection"),
        key=lambda n: facts.nodes[n]["position"],
    )
    radii = {round((first[d][0] ** 2 + first[d][1] ** 2) ** 0.5) for d in directions}
    assert len(radii) == 1  # on one ring, in the source's order clockwise from the top
    assert first[directions[0]][0] == pytest.approx(0, abs=0.1) and first[directions[0]][1] < 0


def test_graphml_and_gexf_hold_the_fact_network(facts, tmp_path):
    for name, data, read in (
        ("g.graphml", to_graphml(facts), nx.read_graphml),
        ("g.gexf", to_gexf(facts), nx.read_gexf),
    ):
        path = tmp_path / name
        path.write_bytes(data)
        back = read(path)
        assert back.number_of_nodes() == facts.number_of_nodes(), name
        assert back.number_of_edges() == facts.number_of_edges(), name
    ids = re.findall(r'<edge [^>]*id="([^"]+)"', to_graphml(facts).decode("utf-8"))
    assert len(ids) == len(set(ids)) == facts.number_of_edges()
    gexf = to_gexf(facts).decode("utf-8")
    assert "lastmodifieddate" not in gexf and "<creator>jointvision</creator>" in gexf
    assert "JPY 10 trillion" in gexf


def test_centrality_bridges_and_components(facts):
    top = centrality(facts, UNDERTAKINGS, top=3)
    assert top[0].label == "Joint health research"
    assert all(r.cls in UNDERTAKINGS for r in top)
    bridges = bridging_undertakings(facts)
    assert bridges[0].label == "Make in India" and bridges[0].own
    assert bridges[0].directions == ("Next Generation Economic Partnership", "Next Generation Mobility")
    assert [len(c) for c in components(facts)] == [facts.number_of_nodes()]  # the article's facts all connect


def test_stats_network_command(facts):
    from conftest import FACT_FILE

    result = run_cli("stats", "--network", "--data", str(FACT_FILE))
    assert result.returncode == 0
    assert "most central programs, initiatives and activities" in result.stdout
    assert (
        "Make in India (Initiative): Next Generation Economic Partnership + Next Generation Mobility" in result.stdout
    )
    assert f"connected components: 1 (sizes {facts.number_of_nodes()})" in result.stdout


def test_view_outside_a_project_writes_to_the_temporary_folder(tmp_path):
    record = tmp_path / "opened.txt"
    browser = tmp_path / "browser.py"
    browser.write_text(f"import sys, pathlib; pathlib.Path({str(record)!r}).write_text(sys.argv[1])\n")
    (tmp_path / "tmp").mkdir()
    result = run_cli(
        "view", cwd=tmp_path, env={"BROWSER": f"{sys.executable} {browser} %s", "TMPDIR": str(tmp_path / "tmp")}
    )
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "exports").exists()
    [made] = list((tmp_path / "tmp").glob("jointvision-*/jointvision.html"))  # a private new folder
    assert made.parent.stat().st_mode & 0o077 == 0  # nobody else may read or replace it
    assert record.read_text() == made.resolve().as_uri()


def test_view_into_a_missing_folder_is_bad_input(tmp_path):
    result = run_cli("view", "--html", str(tmp_path / "no" / "such" / "map.html"))
    assert result.returncode == 2 and "does not exist" in result.stderr
    assert not (tmp_path / "no").exists()


def test_view_opens_the_map_in_the_browser(tmp_path):
    record = tmp_path / "opened.txt"
    browser = tmp_path / "browser.py"
    browser.write_text(f"import sys, pathlib; pathlib.Path({str(record)!r}).write_text(sys.argv[1])\n")
    html = tmp_path / "map.html"
    result = run_cli("view", "--html", str(html), env={"BROWSER": f"{sys.executable} {browser} %s"})
    assert result.returncode == 0, result.stderr
    assert html.is_file() and record.read_text() == html.resolve().as_uri()


# ------------------------------------------------------------ large graphs: a summary map
def test_a_large_graph_gets_a_summary_map_that_keeps_the_frame_and_every_direction():
    from jointvision.outputs.network import SUMMARY_CLASSES, SUMMARY_FRAME, summary_network
    from jointvision.rdf.synthetic import synthetic_graph

    net = fact_network(synthetic_graph(1_500))
    limit = 120
    summary, note = summary_network(net, limit)
    assert summary.number_of_nodes() == limit
    frame = {n for n, a in net.nodes(data=True) if a["class"] in SUMMARY_FRAME or a["anchor"]}
    assert frame <= set(summary.nodes)
    assert {a["class"] for n, a in summary.nodes(data=True) if n not in frame} <= set(SUMMARY_CLASSES)
    directions = {n for n, a in net.nodes(data=True) if a["class"] == "StrategicDirection"}
    shown_under = {a["direction_ids"][0] for n, a in summary.nodes(data=True) if n not in frame and a["direction_ids"]}
    assert shown_under == directions  # taken in turn from each direction
    assert f"{limit:,} of {net.number_of_nodes():,} facts" in note
    assert all(summary.has_edge(u, v, k) for u, v, k in net.subgraph(summary.nodes).edges(keys=True))
    same, nothing = summary_network(net, net.number_of_nodes())
    assert same is net and nothing == ""


def test_build_writes_the_summary_map_past_the_limit_and_says_so(monkeypatch):
    import jointvision.outputs.network as network
    from jointvision.outputs.exports import export_files
    from jointvision.rdf.dataset import Dataset
    from jointvision.rdf.synthetic import synthetic_graph

    dataset = Dataset.from_graph(synthetic_graph(600))
    full = export_files(dataset, ["rdf", "map"])
    monkeypatch.setattr(network, "MAP_NODE_LIMIT", 80)
    notes: list[str] = []
    files = export_files(dataset, ["rdf", "map", "network"], notes)
    page = payload_of(files["jointvision.html"].decode())
    assert len(page["nodes"]) == 80
    assert "summary map: 80 of" in page["subtitle"]
    assert notes and "summary map" in notes[0]
    # the other downloads hold every fact, whatever the map shows
    assert files["jointvision.ttl"] == full["jointvision.ttl"]
    assert nx.read_graphml(__import__("io").BytesIO(files["jointvision.graphml"])).number_of_nodes() > 80


# ------------------------------------------------------------ glyphs and contrast
def _map_classes() -> set[str]:
    """The ontology's classes the map can draw: all but the structural ones
    folded into other nodes, the classes of the ontology's own individuals
    (bound and source kinds), which are never map nodes, and those the map
    shows otherwise (a derived status: a badge on its commitment)."""
    from rdflib import Graph
    from rdflib.namespace import OWL, RDF

    from jointvision.outputs.network import STRUCTURAL
    from jointvision.outputs.viewer import UNDRAWN
    from jointvision.rdf.namespaces import JV
    from jointvision.resources import ontology_path

    ontology = Graph().parse(ontology_path(), format="turtle")
    kinds = {o for s, o in ontology.subject_objects(RDF.type) if o != OWL.Class and str(o).startswith(str(JV))}
    return {
        str(c).rsplit("#", 1)[-1]
        for c in ontology.subjects(RDF.type, OWL.Class)
        if str(c).startswith(str(JV)) and c not in STRUCTURAL and c not in kinds
    } - UNDRAWN


def test_every_class_is_told_apart_by_shape_and_mark_without_colour():
    from jointvision.outputs.viewer import DEFAULT_STYLE, STYLES

    glyphs = [(s.shape, s.mark) for s in [*STYLES.values(), DEFAULT_STYLE]]
    assert len(set(glyphs)) == len(glyphs), [g for g in glyphs if glyphs.count(g) > 1]
    # superclasses the data never uses alone (Unit, Undertaking) may fall back to the default; no leaf does
    from rdflib import Graph
    from rdflib.namespace import RDFS

    from jointvision.resources import ontology_path

    ontology = Graph().parse(ontology_path(), format="turtle")
    parents = {str(o).rsplit("#", 1)[-1] for o in ontology.objects(None, RDFS.subClassOf)}
    assert (_map_classes() - parents) - set(STYLES) == set()


def test_a_country_outside_the_statement_keeps_the_country_glyph():
    from jointvision.outputs.viewer import OTHER_COUNTRY_STYLE, STYLES

    assert (OTHER_COUNTRY_STYLE.shape, OTHER_COUNTRY_STYLE.mark) == (STYLES["Country"].shape, STYLES["Country"].mark)


@pytest.mark.parametrize("fill, expected", [("#ffffff", 1.0), ("#000000", 21.0), ("#777777", 4.48)])
def test_contrast_is_the_wcag_ratio(fill, expected):
    from jointvision.outputs.viewer import contrast

    assert contrast(fill, "#ffffff") == pytest.approx(expected, abs=0.01)


def test_every_mark_meets_wcag_non_text_contrast():
    """Each fill stands 3:1 against the white map, and each inner mark 3:1 against its fill (WCAG 1.4.11)."""
    from jointvision.outputs.viewer import DEFAULT_STYLE, OTHER_COUNTRY_STYLE, STYLES, contrast, mark_color

    for name, style in [*STYLES.items(), ("default", DEFAULT_STYLE), ("other country", OTHER_COUNTRY_STYLE)]:
        assert contrast(style.color, "#ffffff") >= 3, name
        if style.mark:
            assert contrast(mark_color(style.color), style.color) >= 3, name


def test_nodes_and_legend_carry_their_glyph(page, facts):
    from jointvision.outputs.viewer import mark_color, style_of

    data = payload_of(page)
    for node in data["nodes"]:
        style = style_of(facts.nodes[node["id"]])
        assert (node["shape"], node["mark"], node["markColor"]) == (style.shape, style.mark, mark_color(style.color))
    shown = {d["class"] for _, d in facts.nodes(data=True)}
    assert {c["name"] for c in data["classes"]} == shown
    assert all(c["shape"] and "mark" in c and c["markColor"] for c in data["classes"])


#: Two key nodes with labels below them: (width, height, offset below the centre, rank). Invented geometry.
TWO_KEYS = {"a": (160.0, 120.0, 30.0, 0), "b": (160.0, 40.0, 30.0, 1)}
TWO_KEYS_AT = {"a": (0.0, 0.0), "b": (200.0, 0.0)}
#: One key node whose label's four nearest ways out (left, right, below; above is its own shape, and
#: the ways round that) each hold another mark.
DEAD_END = {"k": (160.0, 40.0, 30.0, 0)}
DEAD_END_MARKS = {
    "m": (0.0, 50.0),
    "l": (-107.0, 50.0),
    "r": (107.0, 50.0),
    "d": (0.0, 97.0),
    "u1": (-43.0, 3.0),
    "u2": (43.0, 3.0),
    "u3": (0.0, -43.0),
}


@pytest.mark.parametrize(
    "boxes, at, marks",
    [
        (TWO_KEYS, TWO_KEYS_AT, {"m": (0.0, 60.0)}),  # under the label of the first key
        (TWO_KEYS, TWO_KEYS_AT, {"m": (0.0, 60.0), "n": (0.0, 140.0)}),  # the way out leads under a label...
        (TWO_KEYS, TWO_KEYS_AT, {"m": (200.0, 0.0)}),  # on a key node's own shape
        (TWO_KEYS, TWO_KEYS_AT, {"m": (0.0, 60.0), "o": (-120.0, 60.0), "p": (120.0, 60.0)}),  # ...or onto marks
        (DEAD_END, {"k": (0.0, 0.0)}, DEAD_END_MARKS),  # every nearest way out taken
    ],
    ids=["under-a-label", "into-the-next-label", "on-a-key-shape", "onto-marks", "dead-end"],
)
def test_marks_step_out_of_labels_key_shapes_and_each_other(boxes, at, marks):
    from jointvision.outputs.layout import spread_labels

    positions = {**at, **marks}
    radius = {n: 10.0 for n in marks}
    sizes = {**radius, **{k: 28.0 for k in boxes}}
    out = spread_labels(positions, boxes, marks=sizes)
    margin = 12.0  # half of spread_labels' default margin
    for node in marks:
        x, y = out[node]
        r = radius[node] + 4
        for key, (width, height, below, _) in boxes.items():
            kx, ky = out[key]
            label = (
                kx - width / 2 - margin,
                ky + below - margin,
                kx + width / 2 + margin,
                ky + below + height + margin,
            )
            assert not (label[0] - r < x < label[2] + r and label[1] - r < y < label[3] + r), (node, key)
            assert abs(x - kx) >= 28 + r or abs(y - ky) >= 28 + r, (node, key)
        for other in marks:
            if other != node:
                assert (out[other][0] - x) ** 2 + (out[other][1] - y) ** 2 >= (10 + r) ** 2, (node, other)
    assert spread_labels(positions, boxes, marks=sizes) == out


def test_the_readme_table_of_glyphs_is_the_one_the_map_draws():
    """README's table (shape by row, mark by column, class labels in cells) says what STYLES holds."""
    from conftest import ROOT
    from jointvision.outputs.network import _ontology_labels
    from jointvision.outputs.viewer import DEFAULT_STYLE, STYLES

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table = text[text.index("| shape | no mark |") :].split("\n\n", 1)[0].strip().splitlines()
    marks = ["" if m.strip() == "no mark" else m.strip() for m in table[0].strip("|").split("|")[1:]]
    shapes = {
        "circle": "dot",
        "square": "square",
        "diamond": "diamond",
        "triangle": "triangle",
        "triangle down": "triangleDown",
        "hexagon": "hexagon",
        "star": "star",
    }
    by_label = {
        label.lower(): iri.rsplit("#", 1)[-1]
        for iri, label in _ontology_labels().items()
        if iri.rsplit("#", 1)[-1] in STYLES
    }
    seen = set()
    for row in table[2:]:
        cells = [c.strip() for c in row.strip().strip("|").split("|")]
        shape = shapes[cells[0].split(" (")[0]]
        for mark, cell in zip(marks, cells[1:]):
            if not cell or cell in _undrawn_labels():  # see the test below
                continue
            style = DEFAULT_STYLE if cell == "any other class" else STYLES[by_label[cell]]
            assert (style.shape, style.mark) == (shape, mark), cell
            seen.add(cell)
    assert {label for label, name in by_label.items() if name != "JointStatement"} <= seen


def _undrawn_labels() -> set[str]:
    from jointvision.outputs.network import _ontology_labels
    from jointvision.outputs.viewer import UNDRAWN

    return {label.lower() for iri, label in _ontology_labels().items() if iri.rsplit("#", 1)[-1] in UNDRAWN}


def _readme_glyph_cells() -> set[str]:
    from conftest import ROOT

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table = text[text.index("| shape | no mark |") :].split("\n\n", 1)[0].strip().splitlines()
    return {c.strip() for row in table[2:] for c in row.strip().strip("|").split("|")[1:] if c.strip()}


def test_the_readme_table_of_glyphs_names_no_class_the_map_does_not_draw():
    """A derived status is a badge on its commitment (tests/test_map_status.py), never a node: the glyph
    table must not give it a glyph."""
    assert _undrawn_labels() == {"derived status"}
    assert _readme_glyph_cells() & _undrawn_labels() == set()


def test_no_key_node_lies_under_another_key_label():
    """A target placed under a party's label (invented geometry) moves out from under it, and off the
    party's own shape: key labels and key shapes are kept apart, not only labels."""
    from jointvision.outputs.layout import spread_labels

    boxes = {"party": (200.0, 60.0, 42.0, 1), "target": (120.0, 30.0, 28.0, 3)}
    out = spread_labels({"party": (0.0, 0.0), "target": (10.0, 60.0)}, boxes)
    x, y = out["target"]
    px, py = out["party"]
    label = (px - 100, py + 42, px + 100, py + 102)
    assert not (label[0] - 26 < x < label[2] + 26 and label[1] - 26 < y < label[3] + 26)
    assert spread_labels({"party": (0.0, 0.0), "target": (10.0, 60.0)}, boxes) == out
