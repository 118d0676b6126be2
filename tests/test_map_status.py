"""Issue 22 on the map: each target's and undertaking's status, drawn as a
badge on it (a letter on a small box: not colour alone), explained in the
legend and said in words in its details.

The first tests read the page's embedded data without a browser; the rest
drive the page in Chromium with tests/test_browser.py's machinery (the same
rule: skipped locally without a browser, a failure in CI).
"""

from __future__ import annotations

import json
import re
from collections import Counter

import pyoxigraph as ox
import pytest
from rdflib import Graph

from conftest import ROOT
from jointvision.outputs.exports import export_files
from jointvision.outputs.network import fact_network
from jointvision.outputs.report import BADGES, compliance
from jointvision.outputs.viewer import STATUS_COLORS, UNDRAWN, contrast, viewer_html
from jointvision.rdf.build import build_dataset
from jointvision.rdf.dataset import as_dataset
from jointvision.rdf.namespaces import STATUS_GRAPH
from jointvision.rdf.status import STATUS_LABELS, STATUSES, statuses

# importing test_browser applies its rule (in CI a missing browser is a failure); its `browser` fixture is used here
from test_browser import ARTIFACTS, Session, _axe_source, _missing, browser  # noqa: F401

TRACKING = ROOT / "tests" / "data" / "tracking"
PAYLOADS = ['<img src=x onerror="window.__xss=1">', "</script><script>window.__xss=2</script>", "a & b <!-- c"]
#: The progress report's title, which the why of the statuses that rest on its figures quotes.
REPORT_TITLE = "Progress report on the Northland-Southland Joint Statement (test fixture)"
needs_browser = pytest.mark.skipif(bool(_missing), reason=_missing or "")


def payload_of(page: str | bytes) -> dict:
    text = page.decode("utf-8") if isinstance(page, bytes) else page
    found = re.search(r'<script type="application/json" id="jv-data">(.*?)</script>', text, flags=re.S)
    assert found
    return json.loads(found.group(1))


@pytest.fixture(scope="module")
def tracking():
    """The invented fixture with a commitment in every status (do not mutate)."""
    return build_dataset(TRACKING)


@pytest.fixture(scope="module")
def tracking_page(tracking) -> bytes:
    """The fixture's map, as ``jointvision build`` writes it."""
    return export_files(tracking, ["map"])["jointvision.html"]


def hostile_tracking(payload: str):
    """The fixture with the progress report's title (quoted in the why of
    the statuses it gives figures for) replaced by ``payload``."""
    data = build_dataset(TRACKING)
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    # the title in the fixture's language (a source's label carries its language tag), replaced in that language
    for quad in list(data.store.quads_for_pattern(None, label, ox.Literal(REPORT_TITLE, language="en"), None)):
        data.store.remove(quad)
        data.store.add(ox.Quad(quad.subject, quad.predicate, ox.Literal(payload, language="en"), quad.graph_name))
    return data


# ------------------------------------------------------------ the embedded data
def _expected(dataset) -> dict[str, str]:
    """Each commitment's status, from the rules, as of the build's date (the latest source's)."""
    return {s.commitment.node: s.status for s in statuses(dataset)}


def _check_statuses(page: bytes, dataset) -> dict:
    data = payload_of(page)
    expected = _expected(dataset)
    views = compliance(dataset).by_id()
    carried = {n["id"]: n["status"] for n in data["nodes"] if "status" in n}
    assert carried == expected
    for node in data["nodes"]:
        if node["id"] not in expected:
            assert "badge" not in node and "status" not in data["details"][node["id"]]
            continue
        view, said = views[node["id"]], data["details"][node["id"]]["status"]
        assert node["badge"] == BADGES[node["status"]] and node["badgeColor"] == STATUS_COLORS[node["status"]]
        assert said["label"] == STATUS_LABELS[node["status"]] == view["status_label"]
        assert (said["why"], said["rule"], said["as_of"]) == (view["why"], view["rule_words"], view["as_of"])
        assert said["why"] and said["rule"]
    counts = Counter(expected.values())
    assert data["statuses"]["legend"] == [
        {"status": s, "badge": BADGES[s], "label": STATUS_LABELS[s], "color": STATUS_COLORS[s], "count": counts[s]}
        for s in STATUSES
        if counts[s]
    ]
    return data


def test_the_fixture_map_carries_every_commitments_status(tracking, tracking_page):
    data = _check_statuses(tracking_page, tracking)
    assert {n["status"] for n in data["nodes"] if "status" in n} == set(STATUSES)  # the fixture has every one
    assert data["statuses"]["asOf"] == "2032-05-15"


def test_the_article_map_carries_its_statuses(article_dataset):
    page = export_files(article_dataset, ["map"])["jointvision.html"]
    data = _check_statuses(page, article_dataset)
    assert [s["status"] for s in data["statuses"]["legend"]] == ["NoInformation"]  # nothing is reported in it
    assert data["statuses"]["asOf"] == ""  # the article gives no date


def test_a_map_without_statuses_has_no_badge_and_no_status_legend():
    """A graph with no target or undertaking (invented, a test fixture): no
    badge, no status in the details, and none in the legend."""
    from rdflib import Literal
    from rdflib.namespace import RDF, RDFS

    from jointvision.rdf.namespaces import JV, JVD

    plain = Graph()
    for name, cls in (("invented-statement", JV.JointStatement), ("invented-country", JV.Country)):
        plain.add((JVD[name], RDF.type, cls))
        plain.add((JVD[name], RDFS.label, Literal(f"{name} (test fixture)")))
    data = payload_of(viewer_html(plain))
    assert len(data["nodes"]) == 2 and not any("badge" in n or "status" in n for n in data["nodes"])
    assert not any("status" in d for d in data["details"].values())
    assert data["statuses"] == {"asOf": "", "legend": []}


def test_derived_statuses_are_badges_not_nodes(tracking):
    """A graph holding the status graph's statements (an export read back,
    say) draws no jv:DerivedStatus node: each is the badge on its commitment."""
    merged = Graph()
    for part in (tracking.to_rdflib(), tracking.to_rdflib(STATUS_GRAPH)):
        for triple in part:
            merged.add(triple)
    facts = fact_network(merged)
    derived = {n for n, cls in facts.nodes(data="class") if cls in UNDRAWN}
    assert len(derived) == len(_expected(tracking))
    data = payload_of(viewer_html(merged, facts))
    ids = {n["id"] for n in data["nodes"]}
    assert ids == set(facts.nodes) - derived and not ids & derived
    assert not {e["from"] for e in data["edges"]} & derived and not {e["to"] for e in data["edges"]} & derived
    assert "DerivedStatus" not in {c["name"] for c in data["classes"]}
    # one graph has lost which source says what (the named graphs): its statuses are those of the graph as it is
    carried = {n["id"]: n["status"] for n in data["nodes"] if "status" in n}
    assert carried == _expected(as_dataset(merged)) and carried.keys() == _expected(tracking).keys()


def test_the_map_of_the_same_data_is_the_same_bytes(tracking_page):
    assert export_files(build_dataset(TRACKING), ["map"])["jointvision.html"] == tracking_page


@pytest.mark.parametrize("payload", PAYLOADS)
def test_text_in_a_status_never_reaches_the_page_as_markup(payload):
    html = viewer_html(hostile_tracking(payload))
    if "<" in payload:
        assert payload not in html
    whys = [d["status"]["why"] for d in payload_of(html)["details"].values() if "status" in d]
    assert any(payload in why for why in whys)


def test_every_badge_reads_and_stands_out():
    """The white letter 4.5:1 on each badge's colour (WCAG 1.4.3) and the
    badge 3:1 on the white map (1.4.11); one letter per status; the colours
    the compliance report gives its badges."""
    css = (ROOT / "graph" / "jointvision" / "outputs" / "templates" / "status.css").read_text(encoding="utf-8")
    assert set(STATUS_COLORS) == set(STATUSES) == set(BADGES)
    assert len(set(BADGES.values())) == len(BADGES)
    for status, color in STATUS_COLORS.items():
        assert contrast("#ffffff", color) >= 4.5, status
        assert re.search(rf"\.badge-{status}\s*\{{\s*background:\s*{color}\s*;", css), status


# ------------------------------------------------------------ in a browser
@pytest.fixture(scope="module")
def status_map(browser, tracking_page, tmp_path_factory):  # noqa: F811 (the fixture of test_browser)
    path = tmp_path_factory.mktemp("status-map") / "jointvision.html"
    path.write_bytes(tracking_page)
    session = Session(browser, path)
    yield session
    session.close()


#: Each badge drawn now, read back from the canvas: the share of its box in
#: its colour and the share in the white of its letter and edge.
BADGE_PIXELS = """() => {
  const canvas = document.querySelector('#jv-network canvas'), ratio = canvas.width / canvas.clientWidth;
  const ctx = canvas.getContext('2d');
  return jvViewer.badges.map(b => {
    const want = [1, 3, 5].map(i => parseInt(b.color.slice(i, i + 2), 16)), h = b.side / 2 - 1.5;
    const d = ctx.getImageData(Math.round((b.x - h) * ratio), Math.round((b.y - h) * ratio),
                               Math.round(2 * h * ratio), Math.round(2 * h * ratio)).data;
    let fill = 0, white = 0, all = 0;
    for (let i = 0; i < d.length; i += 4, all++) {
      if (Math.abs(d[i] - want[0]) + Math.abs(d[i + 1] - want[1]) + Math.abs(d[i + 2] - want[2]) < 30) fill++;
      else if (d[i] > 235 && d[i + 1] > 235 && d[i + 2] > 235) white++;
    }
    return {id: b.id, badge: b.badge, fill: fill / all, white: white / all, side: b.side};
  });
}"""


@needs_browser
def test_a_badge_is_drawn_on_each_commitment(status_map, tracking):
    page = status_map.page
    page.click("#jv-reset")
    page.evaluate("jvViewer.network.redraw()")
    drawn = page.evaluate(BADGE_PIXELS)
    expected = {node: BADGES[status] for node, status in _expected(tracking).items()}
    assert {b["id"]: b["badge"] for b in drawn} == expected
    for badge in drawn:
        assert badge["side"] >= 16, badge
        assert badge["fill"] > 0.45 and 0.04 < badge["white"] < 0.5, badge  # the box, and a letter on it
    # filtered out, its badge goes too
    page.uncheck('input[data-class="Initiative"]')
    try:
        page.evaluate("jvViewer.network.redraw()")
        shown = {b["id"] for b in page.evaluate("jvViewer.badges")}
        assert shown == {n for n in expected if not n.endswith("/joint-secretariat")}
    finally:
        page.click("#jv-reset")
    assert status_map.errors == [] and status_map.blocked == [] and status_map.failed == []


@needs_browser
def test_the_legend_lists_the_statuses_with_their_letters(status_map, tracking):
    counts = Counter(_expected(tracking).values())
    rows = status_map.page.eval_on_selector_all(
        "#jv-statuses li", "ls => ls.map(l => [l.dataset.status, ...[...l.children].map(c => c.textContent)])"
    )
    assert rows == [[s, BADGES[s], STATUS_LABELS[s], str(counts[s])] for s in STATUSES]
    note = status_map.page.inner_text("#jv-status-note")
    assert "status as of 2032-05-15" in note and "letter" in note


@needs_browser
def test_clicking_a_target_shows_its_status_and_why(status_map, tracking):
    views = compliance(tracking).by_id()
    page = status_map.page
    for name in ("port-investment", "new-consulates"):
        node = f"https://w3id.org/jointvision/id/{name}"
        view = views[node]
        page.click("#jv-reset")
        status_map.click_node(node)
        panel = page.locator("#jv-details")
        panel.wait_for(state="visible")
        assert panel.get_attribute("data-node") == node
        status = page.inner_text("#jv-detail-body .jv-status")
        assert view["badge"] in status and view["status_label"] in status and "as of 2032-05-15" in status
        text = page.inner_text("#jv-detail-body")
        assert f"Why: {view['why']}" in text and f"Rule: {view['rule_words']}" in text
    assert "Progress report" in views["https://w3id.org/jointvision/id/port-investment"]["why"]
    page.keyboard.press("Escape")
    assert status_map.errors == [] and status_map.blocked == [] and status_map.failed == []


@needs_browser
def test_the_status_is_reached_from_the_keyboard(status_map):
    page = status_map.page
    page.click("#jv-reset")
    page.focus("#jv-search")
    page.keyboard.type("5,000 nurses")
    page.keyboard.press("Enter")
    assert page.inner_text("#jv-detail-label").startswith("5,000 nurses")
    assert "missed" in page.inner_text("#jv-detail-body .jv-status")
    page.keyboard.press("Escape")
    assert page.is_hidden("#jv-details")


@needs_browser
def test_the_status_map_is_axe_clean(browser, tracking_page, tmp_path):  # noqa: F811
    """axe-core on the fixture's map with a target's details open (its CSP
    bypassed for that script only in this test)."""
    axe = _axe_source()
    path = tmp_path / "jointvision.html"
    path.write_bytes(tracking_page)
    session = Session(browser, path, bypass_csp=True)
    try:
        session.page.evaluate("jvViewer.go('https://w3id.org/jointvision/id/student-exchange')")
        session.page.add_script_tag(content=axe)
        found = session.page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
            ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' '))}))"
        )
    finally:
        session.close()
    assert [v for v in found if v["impact"] in ("serious", "critical")] == []


@needs_browser
@pytest.mark.parametrize("payload", PAYLOADS[:2])
def test_hostile_text_in_a_status_stays_inert(browser, tmp_path, payload):  # noqa: F811
    path = tmp_path / "hostile.html"
    path.write_text(viewer_html(hostile_tracking(payload)), encoding="utf-8")
    session = Session(browser, path)
    try:
        page = session.page
        page.evaluate("jvViewer.go('https://w3id.org/jointvision/id/port-investment')")
        assert payload in page.inner_text("#jv-detail-body")
        assert page.evaluate("window.__xss") is None
        assert page.evaluate("document.querySelectorAll('#jv-details img, #jv-details script').length") == 0
        assert session.dialogs == [] and session.errors == [] and session.blocked == []
    finally:
        session.close()


@needs_browser
def test_screenshot_of_a_targets_status(status_map):
    """For people: the fixture's map with a target's status open (docs/map-status.png is one of these)."""
    page = status_map.page
    page.click("#jv-reset")
    status_map.click_node("https://w3id.org/jointvision/id/student-exchange")
    # the whole map beside the open panel, with room for the labels at its edges
    page.evaluate(
        "const n = jvViewer.network; n.fit({animation: false});"
        "n.moveTo({scale: n.getScale() * 0.9, animation: false}); jvViewer.plan()"
    )
    page.locator("#jv-details").wait_for(state="visible")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / "map-status.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 20_000
