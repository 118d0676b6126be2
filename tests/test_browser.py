"""The map in a real browser: headless Chromium (Debian's package) driven by
Playwright, with every request that is not the page itself blocked.

Locally these tests skip when /usr/bin/chromium is missing; in CI (CI=true)
a missing browser is a failure, because `.ci/run` installs it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import ROOT
from jointvision.outputs.exports import export_files
from jointvision.outputs.network import fact_network
from jointvision.outputs.viewer import viewer_html

CHROMIUM = os.environ.get("JV_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(os.environ.get("JV_ARTIFACTS", ROOT / "test-artifacts"))
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def _have_browser() -> str | None:
    if not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
        return f"Chromium not found at {CHROMIUM} (Debian: apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install '.[test]')"
    return None


_missing = _have_browser()
if _missing and os.environ.get("CI"):
    raise RuntimeError(f"browser tests must run in CI: {_missing}")
pytestmark = pytest.mark.skipif(bool(_missing), reason=_missing or "")


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


class Session:
    """One page, with every outside request blocked and recorded, and every
    error on its console kept; for the map, once it is drawn."""

    def __init__(
        self,
        browser,
        path: Path,
        viewport: tuple[int, int] = (1440, 900),
        *,
        wait_for_map: bool = True,
        fragment: str = "",
        bypass_csp: bool = False,
    ):
        self.context = browser.new_context(
            viewport={"width": viewport[0], "height": viewport[1]}, bypass_csp=bypass_csp
        )
        self.page = self.context.new_page()
        self.blocked: list[str] = []
        self.failed: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.context.route("**/*", self._route)
        self.page.on("requestfailed", lambda r: self.failed.append(r.url))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.goto(path.resolve().as_uri() + fragment)
        if wait_for_map:
            self.page.wait_for_function("window.jvViewer && window.jvViewer.ready", timeout=120_000)

    def _route(self, route):
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def visible_ids(self) -> set[str]:
        return set(self.page.evaluate("jvViewer.nodeView.getIds()"))

    def click_node(self, node_id: str) -> None:
        point = self.page.evaluate(
            """(id) => { const n = jvViewer.network; n.focus(id, {scale: 1.5, animation: false});
                         const p = n.canvasToDOM(n.getPosition(id));
                         const r = document.getElementById('jv-network').getBoundingClientRect();
                         return [r.left + p.x, r.top + p.y]; }""",
            node_id,
        )
        self.page.mouse.click(point[0], point[1])

    def close(self):
        self.context.close()


@pytest.fixture(scope="module")
def default_page(browser, article_dataset, tmp_path_factory):
    """The article's map (the article's facts alone, whatever else the data folder holds)."""
    folder = tmp_path_factory.mktemp("map")
    path = folder / "jointvision.html"
    path.write_bytes(export_files(article_dataset)["jointvision.html"])
    session = Session(browser, path)
    yield session
    session.close()


def test_loads_offline_with_no_request_and_no_error(default_page):
    assert default_page.blocked == [] and default_page.failed == []
    assert default_page.errors == []


def test_shows_every_node_and_edge(default_page, article_dataset):
    facts = fact_network(article_dataset.to_rdflib())
    counts = default_page.page.evaluate("[jvViewer.nodeView.length, jvViewer.edgeView.length]")
    assert counts == [facts.number_of_nodes(), facts.number_of_edges()]
    n = facts.number_of_nodes()
    assert f"Showing {n} of {n} nodes" in default_page.page.inner_text("#jv-counts")


def test_direction_filter_shows_only_that_direction(default_page, article_dataset):
    facts = fact_network(article_dataset.to_rdflib())
    health = "https://w3id.org/jointvision/id/investing-in-next-gen-health"
    anchors = {n for n, d in facts.nodes(data=True) if d["anchor"]}  # the statement and its parties stay
    assert {
        "https://w3id.org/jointvision/id/joint-vision-for-the-next-decade",
        "https://w3id.org/jointvision/id/india",
        "https://w3id.org/jointvision/id/japan",
    } <= anchors
    expected = {health} | anchors | {n for n, d in facts.nodes(data=True) if health in d["direction_ids"]}
    page = default_page.page
    page.check(f'input[data-direction="{health}"]')
    try:
        assert default_page.visible_ids() == expected
        assert 10 < len(expected) < facts.number_of_nodes()
        edges = page.evaluate("jvViewer.edgeView.get()")
        assert all(e["from"] in expected and e["to"] in expected for e in edges)
    finally:
        page.click("#jv-reset")
    assert len(default_page.visible_ids()) == facts.number_of_nodes()


@pytest.fixture(scope="module")
def two_source_page(browser, two_sources, tmp_path_factory):
    path = tmp_path_factory.mktemp("two-sources") / "jointvision.html"
    path.write_bytes(export_files(two_sources)["jointvision.html"])
    session = Session(browser, path)
    yield session
    session.close()


def test_the_source_filter_hides_what_only_that_source_states(two_source_page, two_sources):
    """Unticking the report hides what only the report states; what both
    state stays, and so does the frame (the parties)."""
    page = two_source_page.page
    facts = fact_network(two_sources.to_rdflib(), two_sources.provenance())
    report = next(g for g in two_sources.source_graphs() if g.endswith("southland-gazette-report"))
    only_report = {n for n, d in facts.nodes(data=True) if d["sources"] == [report] and not d["anchor"]}
    assert "https://w3id.org/jointvision/id/fisheries-memorandum" in only_report
    assert two_source_page.errors == [] and two_source_page.blocked == []
    labels = page.inner_text("#jv-sources")
    assert "Southland Gazette report" in labels and "2031-03-05" in labels
    index = page.evaluate(
        f"jvViewer.nodes.get().length && JSON.parse(document.getElementById('jv-data')"
        f".textContent).sources.findIndex(s => s.id === {report!r})"
    )
    page.uncheck(f'input[data-source="{index}"]')
    try:
        visible = two_source_page.visible_ids()
        assert visible == set(facts.nodes) - only_report
        assert "https://w3id.org/jointvision/id/harbour-investment" in visible  # both sources state it
        edges = page.evaluate("jvViewer.edgeView.get()")
        assert all(e["from"] in visible and e["to"] in visible for e in edges)
    finally:
        page.click("#jv-reset")
    assert two_source_page.visible_ids() == set(facts.nodes)


def test_the_detail_panel_groups_evidence_by_source_and_shows_conflicts(two_source_page):
    page = two_source_page.page
    page.evaluate("jvViewer.show('https://w3id.org/jointvision/id/harbour-investment')")
    panel = page.inner_text("#jv-detail-body")
    assert "Joint Communique of the First Northland-Southland Summit (test fixture) (2031-03-03)" in panel
    assert "Southland Gazette report on the first summit (test fixture) (2031-03-05)" in panel
    conflicts = page.evaluate(
        "Array.from(document.querySelectorAll('#jv-detail-body tr.jv-conflict th')).map(th => th.textContent)"
    )
    assert "numeric value" in conflicts and "period: end year" in conflicts
    assert page.inner_text("#jv-title") == "Harbour Compact; Memorandum of cooperation on fisheries"
    assert "Built from 2 sources" in page.inner_text("#jv-subtitle")


def test_class_filter_and_legend(default_page):
    page = default_page.page
    assert "Target" in page.inner_text("#jv-classes")
    page.uncheck('input[data-class="Activity"]')
    try:
        classes = set(page.evaluate("jvViewer.nodeView.get().map(n => n.cls)"))
        assert "Activity" not in classes and "Target" in classes
    finally:
        page.click("#jv-reset")


def test_clicking_a_target_shows_its_evidence(default_page):
    default_page.click_node("https://w3id.org/jointvision/id/private-investment-10-trillion")
    panel = default_page.page.locator("#jv-details")
    panel.wait_for(state="visible")
    text = panel.inner_text()
    assert "JPY 10 trillion in private investment into India" in text
    assert "A new target of JPY 10 trillion in private investment has been set" in text
    assert "characters 1526\u20131689 of india-japan-joint-vision-2025.txt" in text
    assert "under direction" in text and "Next Generation Economic Partnership" in text


def test_typing_hyphens_in_search_reaches_the_box(default_page):
    """vis-network must not swallow "-" or arrows typed into the search box."""
    page = default_page.page
    page.click("#jv-search")
    page.keyboard.type("Next-Gen State-Prefecture Partnership")
    assert page.input_value("#jv-search") == "Next-Gen State-Prefecture Partnership"
    page.keyboard.press("Enter")
    assert page.locator("#jv-detail-label").inner_text() == "Next-Gen State-Prefecture Partnership"


def test_several_matches_are_offered_and_links_follow_ids(default_page):
    page = default_page.page
    page.fill("#jv-search", "india-japan")
    page.press("#jv-search", "Enter")
    status = page.locator("#jv-search-status")
    assert "nodes match; choose one" in status.inner_text()
    status.get_by_role("button", name="India-Japan Industrial Competitiveness Partnership (Program)").click()
    assert (
        page.locator("#jv-details").get_attribute("data-node")
        == "https://w3id.org/jointvision/id/india-japan-industrial-competitiveness-partnership"
    )
    page.locator("#jv-detail-body").get_by_role("button", name="Upgrade product quality in India", exact=False).click()
    assert (
        page.locator("#jv-details").get_attribute("data-node")
        == "https://w3id.org/jointvision/id/upgrade-product-quality-in-india"
    )
    page.keyboard.press("Escape")
    assert page.locator("#jv-details").is_hidden()


def test_search_finds_and_opens_a_node(default_page):
    page = default_page.page
    page.fill("#jv-search", "make in india")
    page.press("#jv-search", "Enter")
    assert page.locator("#jv-detail-label").inner_text() == "Make in India"
    assert page.evaluate("jvViewer.network.getSelectedNodes()") == ["https://w3id.org/jointvision/id/make-in-india"]
    page.fill("#jv-search", "no such thing")
    page.press("#jv-search", "Enter")
    assert "No node matches" in page.inner_text("#jv-search-status")


def test_screenshot_for_people(default_page):
    page = default_page.page
    page.click("#jv-reset")
    default_page.click_node("https://w3id.org/jointvision/id/public-and-private-investment-2022-2026")
    page.evaluate("jvViewer.network.fit({animation: false})")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / "viewer.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 20_000


def test_hostile_strings_stay_inert(browser, graph, tmp_path):
    from rdflib import Literal
    from rdflib.namespace import RDFS

    from jointvision.rdf.namespaces import JV, JVD

    hostile = graph.__class__()
    for triple in graph:
        hostile.add(triple)
    payloads = {
        JVD["joint-vision-for-the-next-decade"]: '<img src=x onerror="window.__xss=1;alert(1)">',
        JVD["make-in-india"]: "</script><script>window.__xss=2;alert(2)</script>",
        JVD["private-investment-10-trillion"]: '<b>bold</b> href="javascript:alert(3)"',
    }
    for node, text in payloads.items():
        hostile.remove((node, RDFS.label, None))
        hostile.add((node, RDFS.label, Literal(text)))
    quote = next(hostile.objects(JVD["private-investment-10-trillion"], JV.evidence))
    hostile.set((quote, JV.quote, Literal('<svg onload="window.__xss=4">')))
    source = next(hostile.objects(quote, JV.inSource))
    hostile.set((source, JV.fileName, Literal("<iframe src=javascript:window.__xss=5>")))
    hostile.set((JVD.india, JV.iso3166Code, Literal("<script>window.__xss=6</script>")))
    path = tmp_path / "hostile.html"
    path.write_text(viewer_html(hostile), encoding="utf-8")
    session = Session(browser, path)
    try:
        page = session.page
        session.click_node(str(JVD["private-investment-10-trillion"]))
        page.fill("#jv-search", payloads[JVD["make-in-india"]])
        page.press("#jv-search", "Enter")
        assert page.evaluate("window.__xss") is None
        assert session.dialogs == [] and session.errors == [] and session.blocked == []
        assert page.locator("#jv-title").inner_text() == payloads[JVD["joint-vision-for-the-next-decade"]]
        assert page.locator("#jv-detail-label").inner_text() == payloads[JVD["make-in-india"]]
        assert "<iframe src=javascript:window.__xss=5>" in page.locator("#jv-details").inner_text()
        session.click_node(str(JVD.india))
        assert "<script>window.__xss=6</script>" in page.locator("#jv-details").inner_text()
        assert page.evaluate("window.__xss") is None
        assert page.evaluate("document.querySelectorAll('img, svg, b, iframe').length") == 0
    finally:
        session.close()


@pytest.mark.slow
def test_ten_thousand_nodes_open_interactive(browser, tmp_path):
    from jointvision.rdf.synthetic import synthetic_graph

    graph = synthetic_graph(10_000)
    path = tmp_path / "big.html"
    path.write_text(viewer_html(graph), encoding="utf-8")
    session = Session(browser, path)
    try:
        assert session.page.evaluate("jvViewer.nodeView.length") == 10_000
        assert session.errors == [] and session.blocked == []
        session.page.check('input[data-direction="https://w3id.org/jointvision/id/direction-3"]')
        shown = session.page.evaluate("jvViewer.nodeView.length")
        assert 500 < shown < 3000
    finally:
        session.close()


def _endpoint_rows(live_server: str, name: str) -> list[dict]:
    """The rows the endpoint answers for a named query: what the page must show, whatever the data holds."""
    import httpx

    from jointvision.sparql.named import named_queries

    response = httpx.post(
        f"{live_server}/sparql",
        data={"query": named_queries()[name].text},
        headers={"Accept": "application/sparql-results+json"},
    )
    return response.json()["results"]["bindings"]


def test_query_page_runs_an_example_and_shows_rows(browser, live_server):
    growth, targets = _endpoint_rows(live_server, "investment-growth"), _endpoint_rows(live_server, "targets")
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    outside, errors = [], []
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(live_server)
            else (outside.append(route.request.url), route.abort())
        ),
    )
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(f"{live_server}/query")
        page.click('button[data-query="investment-growth"]')
        # the page opens on `sources`: wait for this query's own table, not the one already shown
        page.wait_for_function("() => document.querySelector('#jv-results th')?.textContent === 'target'")
        page.wait_for_selector("#jv-results table tr:nth-child(2)")
        headers = page.locator("#jv-results th").all_inner_texts()
        assert headers[:2] == ["target", "value"]
        assert page.locator("#jv-results td").first.inner_text() == growth[0]["target"]["value"]
        page.click('button[data-query="targets"]')
        page.locator("#jv-results tr").nth(len(targets)).wait_for()  # the header and a row per target
        assert f"{len(targets)} rows." in page.inner_text("#jv-status")
        assert errors == []
        page.fill("#jv-editor", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
        page.click("#jv-run")
        page.wait_for_selector("#jv-status.jv-bad")
        assert page.inner_text("#jv-status").startswith("Error 400") and "refused" in page.inner_text("#jv-status")
        assert outside == []
        assert all("status of 400" in e for e in errors)  # the browser logs the refused query's 400
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "query-page.png"))
    finally:
        context.close()


def test_the_query_page_opens_on_an_example_with_rows(browser, live_server):
    """Whatever the data, the page opens on the sources (every graph has
    them), run at once: never on an example that may answer nothing."""
    from jointvision.sparql.named import named_queries

    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        page.goto(f"{live_server}/query")
        page.wait_for_selector("#jv-results table tr:nth-child(2)")
        assert page.evaluate("jvQuery.opening") == "sources"
        assert page.get_attribute('button[data-query="sources"]', "aria-current") == "true"
        assert page.input_value("#jv-editor") == named_queries()["sources"].text
    finally:
        context.close()


#: Queries that do not parse: the query, the line of it the page shows with a caret under the place, and
#: the sentence the server says.
SYNTAX_ERRORS = [
    (
        "SELEC * WHERE { ?s ?p ?o }",
        "SELEC * WHERE { ?s ?p ?o }\n^",
        "line 1, column 1: unexpected 'SELEC' \u2014 expected a query form such as SELECT",
    ),
    ("SELECT *\nWHERE {\n  ?s ?p\n}", "}\n^", "line 4, column 1: unexpected '}' \u2014 expected an object after '?p'"),
    (
        "SELECT ?s WHERE {\n  ?s ?p ?o",
        "  ?s ?p ?o\n          ^",
        "line 2, column 11: the query ends here \u2014 expected '}' to close the '{' at line 1, column 17",
    ),
]


def test_a_syntax_error_says_where_and_what(browser, live_server):
    """The line and column, the line of the query with a caret under the
    place, and one plain sentence: never the engine's grammar."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        page.goto(f"{live_server}/query")
        page.wait_for_selector("#jv-results table")
        for query, pointed, sentence in SYNTAX_ERRORS:
            page.fill("#jv-editor", query)
            page.click("#jv-run")
            page.wait_for_function("() => document.getElementById('jv-status').textContent.indexOf('Running') !== 0")
            status = page.inner_text("#jv-status")
            assert status.startswith("Error 400: SPARQL syntax error at ") and status.endswith(sentence), status
            assert "expected one of" not in status and "\\u{" not in status and "[_]" not in status
            assert page.inner_text("#jv-error pre") == pointed
        page.click("#jv-error button")  # the place, in the editor: here the end of the last query
        assert page.evaluate("document.activeElement.id") == "jv-editor"
        selected = page.evaluate("(e => [e.selectionStart, e.selectionEnd])(document.getElementById('jv-editor'))")
        assert selected == [len(SYNTAX_ERRORS[-1][0])] * 2
    finally:
        context.close()


def test_the_ontology_page_reads_in_a_browser(browser, dataset, tmp_path):
    """ontology.html: every link inside the page lands on a term, a term's
    IRI fragment scrolls to it, nothing is fetched, no error; a screenshot
    for people (docs/ontology.png is one of these)."""
    from jointvision.outputs.ontology_doc import ontology_html

    path = tmp_path / "ontology.html"
    path.write_text(ontology_html(dataset), encoding="utf-8")
    session = Session(browser, path, (1280, 900), wait_for_map=False, fragment="#Country")
    page = session.page
    missing = page.evaluate("""() => [...document.querySelectorAll('a[href^="#"]')]
        .map(a => a.getAttribute('href').slice(1)).filter(id => !document.getElementById(id))""")
    assert missing == []
    assert page.evaluate("document.querySelector('article:target').id") == "Country"
    top = page.evaluate("document.getElementById('Country').getBoundingClientRect().top")
    assert -2 <= top < 100  # scrolled to it
    assert session.errors == [] and session.blocked == [] and session.failed == []
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.goto(path.resolve().as_uri() + "#Target")
    page.screenshot(path=str(ARTIFACTS / "ontology.png"))
    session.close()


# ------------------------------------------------------------ the first view reads
#: vis-network's own label boxes of the labels drawn now, in CSS pixels of the page.
DRAWN_LABELS = """() => {
  const net = jvViewer.network, scale = net.getScale(), out = [];
  const frame = document.getElementById('jv-network').getBoundingClientRect();
  for (const id of jvViewer.nodeView.getIds()) {
    const n = net.body.nodes[id];
    if (!n || !n.options.label || !n.options.label.trim() || !n.labelModule.visible()) continue;
    const s = n.labelModule.size;
    const a = net.canvasToDOM({x: s.left, y: s.top}), b = net.canvasToDOM({x: s.left + s.width, y: s.top + s.height});
    if (b.x < 0 || a.x > frame.width || b.y < 0 || a.y > frame.height) continue;  // off the map: not seen
    out.push({id, cls: n.options.cls, anchor: n.options.anchor, px: n.options.font.size * scale,
              box: [a.x, a.y, b.x, b.y]});
  }
  return out;
}"""
WINDOWS = [(1440, 900), (1280, 720)]


def first_view(browser, path: Path, width: int, height: int) -> tuple[list[dict], list[dict]]:
    """The labels drawn at the first view after load, and every node."""
    session = Session(browser, path, (width, height))
    page = session.page
    labels = page.evaluate(DRAWN_LABELS)
    nodes = page.evaluate("jvViewer.nodes.get().map(n => ({id: n.id, cls: n.cls, anchor: n.anchor}))")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    name = path.parent.name.rstrip("0123456789")  # the fixture's folder, without pytest's number
    page.screenshot(path=str(ARTIFACTS / f"map-{name}-{width}x{height}.png"))
    session.close()
    return labels, nodes


def overlapping(labels: list[dict]) -> list[tuple[str, str]]:
    pairs = []
    for i, a in enumerate(labels):
        for b in labels[i + 1 :]:
            (ax0, ay0, ax1, ay1), (bx0, by0, bx1, by1) = a["box"], b["box"]
            if ax0 < bx1 and bx0 < ax1 and ay0 < by1 and by0 < ay1:
                pairs.append((a["id"], b["id"]))
    return pairs


@pytest.fixture(scope="module")
def maps(tmp_path_factory, article_dataset, two_sources):
    """The map of the article, of the two-source fixture, and of a synthetic graph of about 2,000 nodes."""
    from jointvision.rdf.synthetic import synthetic_graph

    out = {}
    for name, data in (
        ("article", article_dataset),
        ("two-sources", two_sources),
        ("synthetic", synthetic_graph(2_000)),
    ):
        folder = tmp_path_factory.mktemp(name)
        path = folder / "jointvision.html"
        path.write_bytes(
            export_files(data, ["map"])["jointvision.html"]
            if name != "synthetic"
            else viewer_html(data).encode("utf-8")
        )
        out[name] = path
    return out


@pytest.mark.parametrize("width, height", WINDOWS)
@pytest.mark.parametrize("name", ["article", "two-sources"])
def test_the_first_view_reads(browser, maps, name, width, height):
    """Every drawn label at least 11 CSS pixels, no two overlapping, and the
    statement, its parties, every direction and every target labelled."""
    labels, nodes = first_view(browser, maps[name], width, height)
    assert labels and min(label["px"] for label in labels) >= 11
    assert overlapping(labels) == []
    must = {
        n["id"]
        for n in nodes
        if n["cls"] in ("JointStatement", "StrategicDirection", "Target") or (n["cls"] == "Country" and n["anchor"])
    }
    assert must and must <= {label["id"] for label in labels}, must - {label["id"] for label in labels}
    # lesser nodes are marks at first view
    assert len(labels) < len(nodes)


@pytest.mark.parametrize("width, height", WINDOWS)
def test_a_large_map_still_has_no_overlapping_label(browser, maps, width, height):
    """Zoomed out to 2,000 nodes, the frame keeps readable labels (its font
    grows), the rest waits for the zoom, and no two drawn labels overlap."""
    labels, nodes = first_view(browser, maps["synthetic"], width, height)
    assert len(nodes) >= 2_000
    assert overlapping(labels) == [] and all(label["px"] >= 11 for label in labels)
    frame = {n["id"] for n in nodes if n["cls"] in ("JointStatement", "StrategicDirection")}
    assert frame and frame <= {label["id"] for label in labels}


def test_a_click_on_a_direction_folds_what_hangs_off_it(default_page):
    page = default_page.page
    health = "https://w3id.org/jointvision/id/investing-in-next-gen-health"
    before = default_page.visible_ids()
    page.evaluate(f"jvViewer.toggle({health!r})")
    folded = default_page.visible_ids()
    members = page.evaluate(
        f"jvViewer.nodes.get().filter(n => !n.anchor && n.cls !== 'StrategicDirection' && "
        f"n.dirs.length && n.dirs.every(d => d === {health!r})).map(n => n.id)"
    )
    assert members and folded == before - set(members) and health in folded
    page.evaluate(f"jvViewer.toggle({health!r})")
    assert default_page.visible_ids() == before


COMMITMENT_KINDS = "jv:Target jv:Program jv:Initiative jv:Activity jv:Financing jv:Loan"


@pytest.mark.parametrize("name", ["article", "two-sources"])
def test_the_commitments_page_lists_every_target_and_undertaking(browser, article_dataset, two_sources, tmp_path, name):
    """As many rows as (commitment, source) pairs the graph holds, every
    target among them; the kind and source filters narrow them to what the
    graph says; sorting works from the keyboard; the CSV link holds them all;
    the timeline draws each target and one arrow per lineage the graph states."""
    from urllib.parse import unquote

    from jointvision.outputs.commitments import commitments_html

    data = article_dataset if name == "article" else two_sources
    path = tmp_path / "commitments.html"
    path.write_text(commitments_html(data, "test"), encoding="utf-8")
    prefix = "PREFIX jv: <https://w3id.org/jointvision/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
    pairs = {
        (r[0].value, r[1].value)
        for r in data.store.query(
            prefix + f"SELECT DISTINCT ?s ?label WHERE {{ VALUES ?t {{ {COMMITMENT_KINDS} }} ?s a ?t . "
            "GRAPH ?g { ?s jv:evidence ?e } GRAPH ?h { ?src jv:namedGraph ?g ; rdfs:label ?label } }"
        )
    }
    targets = {r[0].value for r in data.store.query(prefix + "SELECT DISTINCT ?s WHERE { ?s a jv:Target }")}
    lineage = {
        (r[0].value, r[1].value)
        for r in data.store.query(
            prefix + "SELECT DISTINCT ?a ?b WHERE { ?a jv:buildsOn ?b . ?a a jv:Target . ?b a jv:Target }"
        )
    }
    session = Session(browser, path, wait_for_map=False)
    page = session.page
    assert page.locator("#rows tr").count() == len(pairs)
    assert page.locator("td.kind-Target").count() == len({p for p in pairs if p[0] in targets})
    page.select_option('select[data-filter="kind"]', "Target")
    assert page.evaluate("jvCommitments.shown") == page.locator("#rows tr:not([hidden])").count()
    assert page.evaluate("jvCommitments.shown") == len({p for p in pairs if p[0] in targets})
    page.select_option('select[data-filter="kind"]', "")
    # one source at a time: its own rows, and together all of them
    labels = sorted({label for _, label in pairs})
    options = page.eval_on_selector_all('select[data-filter="source"] option', "os => os.map(o => o.value)")
    assert options == ["", *labels]
    for label in labels:
        page.select_option('select[data-filter="source"]', label)
        assert page.evaluate("jvCommitments.shown") == sum(1 for _, shown in pairs if shown == label)
    page.select_option('select[data-filter="source"]', "")
    assert page.evaluate("jvCommitments.shown") == len(pairs)
    # sorting from the keyboard: focus the button, press Enter
    page.focus('button[data-sort="number"]')
    page.keyboard.press("Enter")
    assert page.get_attribute('button[data-sort="number"] >> xpath=..', "aria-sort") == "ascending"
    csv_text = unquote(page.get_attribute("a[download]", "href").split(",", 1)[1])
    assert csv_text.count("\r\n") == len(pairs) + 1
    assert page.locator("#timeline .target").count() >= len(targets)
    assert page.locator("#timeline path.lineage").count() == len(lineage)
    assert session.errors == [] and session.blocked == [] and session.failed == []
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"commitments-{name}.png"), full_page=False)
    session.close()


# ------------------------------------------------------------ accessibility
def _axe_source() -> str:
    """axe-core (npm), as `.ci/run` installs it ($JV_AXE); locally a missing copy skips."""
    found = os.environ.get("JV_AXE")
    if found and Path(found).is_file():
        return Path(found).read_text(encoding="utf-8")
    message = "axe-core is not installed (npm install axe-core; set JV_AXE to its axe.min.js)"
    if os.environ.get("CI"):
        pytest.fail(message + ": in CI it must be", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="module")
def article_pages(article_dataset, tmp_path_factory) -> Path:
    """The article's downloads, written once for the tests that open several of its pages."""
    folder = tmp_path_factory.mktemp("pages")
    for name, data in export_files(article_dataset).items():
        (folder / name).write_bytes(data)
    return folder


@pytest.mark.parametrize("page_name", ["jointvision.html", "commitments.html", "ontology.html"])
def test_axe_finds_no_serious_or_critical_violation(browser, article_pages, page_name):
    """axe-core, inlined into the page (its CSP bypassed for that script only
    in this test), on the map, the commitments page and the ontology page."""
    axe = _axe_source()
    session = Session(browser, article_pages / page_name, wait_for_map=page_name == "jointvision.html", bypass_csp=True)
    session.page.add_script_tag(content=axe)
    found = session.page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' '))}))"
    )
    session.close()
    assert [v for v in found if v["impact"] in ("serious", "critical")] == []


def test_the_map_and_its_panels_work_from_the_keyboard(default_page):
    """Tab reaches the search box, Enter finds a node and opens its panel,
    Escape closes it; the focused control shows a visible outline."""
    page = default_page.page
    page.click("#jv-reset")
    page.focus("#jv-search")
    page.keyboard.type("JPY 10 trillion")
    page.keyboard.press("Enter")
    assert not page.is_hidden("#jv-details")
    assert page.inner_text("#jv-detail-label") == "JPY 10 trillion in private investment into India"
    page.keyboard.press("Escape")
    assert page.is_hidden("#jv-details")
    page.focus("#jv-reset")
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", "")
    page.click("#jv-reset")


# ------------------------------------------------------------ classes told apart without colour
@pytest.fixture(scope="module")
def every_class_map(tmp_path_factory) -> Path:
    """A map with one invented node of every class the map styles, and one of
    a class it does not (Unit, drawn with the default glyph). Test fixture:
    the labels are made up and say so."""
    from rdflib import Graph, Literal
    from rdflib.namespace import RDF, RDFS

    from jointvision.outputs.viewer import STYLES
    from jointvision.rdf.namespaces import JV, JVD

    graph = Graph()
    for name in [*STYLES, "Unit"]:
        node = JVD[f"invented-{name.lower()}"]
        graph.add((node, RDF.type, JV[name]))
        graph.add((node, RDFS.label, Literal(f"Invented {name} (test fixture)")))
    path = tmp_path_factory.mktemp("classes") / "jointvision.html"
    path.write_text(viewer_html(graph), encoding="utf-8")
    return path


#: Each class's legend glyph drawn in one colour (black shape, white mark), as a mask of "." "k" "w".
GLYPH_MASKS = """() => jvViewer.classes.map(c => {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 44;
  jvViewer.drawGlyph(canvas, c, '#000000');
  const d = canvas.getContext('2d').getImageData(0, 0, 44, 44).data;
  let mask = '';
  for (let i = 0; i < d.length; i += 4) mask += d[i + 3] < 128 ? '.' : (d[i] < 128 ? 'k' : 'w');
  return {name: c.name, mask};
})"""

#: On the map, with only that class shown and its node zoomed to 80 CSS pixels
#: across: how far the mark colour reaches from the shape's centre,
#: horizontally and vertically (share of the shape's inner radius), and whether
#: the centre itself has it.
MARK_ON_MAP = """([name]) => {
  const v = jvViewer, c = v.classes.find(k => k.name === name);
  v.state.classes.clear(); v.state.classes.add(name); v.applyFilters();
  const id = v.nodeView.getIds()[0], n = v.nodes.get(id), scale = 40 / n.size;
  v.network.moveTo({position: v.network.getPosition(id), scale, animation: false});
  v.network.redraw();
  const canvas = document.querySelector('#jv-network canvas'), ratio = canvas.width / canvas.clientWidth;
  const ctx = canvas.getContext('2d'), geometry = v.shapes[n.shape];
  const at = v.network.getPosition(id);  // where vis-network drew it
  const centre = v.network.canvasToDOM({x: at.x, y: at.y + n.size * geometry.dy});
  const hex = n.markColor.slice(1), want = [0, 2, 4].map(i => parseInt(hex.slice(i, i + 2), 16));
  const marked = (x, y) => {
    const p = ctx.getImageData(Math.round(x * ratio), Math.round(y * ratio), 1, 1).data;
    return Math.abs(p[0] - want[0]) + Math.abs(p[1] - want[1]) + Math.abs(p[2] - want[2]) < 40;
  };
  const inner = n.size * geometry.inner * scale, reach = (dx, dy) => {
    let far = 0;
    for (let t = 0; t <= inner * 0.7; t += 0.5) if (marked(centre.x + dx * t, centre.y + dy * t)) far = t;
    return far / inner;
  };
  return {mark: c.mark, centre: marked(centre.x, centre.y), h: reach(1, 0), v: reach(0, 1)};
}"""


def test_no_two_classes_share_a_glyph_even_without_colour(browser, every_class_map):
    """The legend's glyphs, drawn in one colour, differ for every pair of
    classes (shape or inner mark): colour is never the only cue (WCAG 1.4.1)."""
    session = Session(browser, every_class_map)
    masks = session.page.evaluate(GLYPH_MASKS)
    legend = session.page.eval_on_selector_all("#jv-classes canvas", "cs => cs.map(c => c.dataset.glyph)")
    session.close()
    assert len(masks) == len(legend) == len({m["name"] for m in masks})
    assert len(set(legend)) == len(legend)
    for i, a in enumerate(masks):
        for b in masks[i + 1 :]:
            differing = sum(x != y for x, y in zip(a["mask"], b["mask"]))
            assert differing >= 20, (a["name"], b["name"], differing)


def test_the_map_draws_the_mark_the_legend_shows(browser, every_class_map):
    """Each class's node on the map, read back from the canvas: a dot is
    short both ways, a bar long across and short down, a plus long both ways,
    a ring leaves the centre in the fill colour, and no mark leaves none."""
    session = Session(browser, every_class_map)
    names = session.page.evaluate("jvViewer.classes.filter(c => c.shape !== 'box').map(c => c.name)")
    found = {name: session.page.evaluate(MARK_ON_MAP, [name]) for name in names}
    assert session.errors == []
    session.close()
    for name, seen in found.items():
        kind = {
            "": seen["h"] == 0 and seen["v"] == 0 and not seen["centre"],
            "dot": seen["centre"] and seen["h"] < 0.5 and seen["v"] < 0.5,
            "bar": seen["centre"] and seen["h"] >= 0.5 and seen["v"] < 0.4,
            "plus": seen["centre"] and seen["h"] >= 0.5 and seen["v"] >= 0.5,
            "ring": not seen["centre"] and 0.3 <= seen["h"] <= 0.7,
        }
        assert kind[seen["mark"]], (name, seen)
