"""Every page on a phone, a tablet and two desktop windows (issue 25), in
headless Chromium: the map, the query page, the commitments page, the
compliance report and the ontology page, as `jointvision serve` serves them
from the embedded data, each measured at 390x844, 768x1024, 1280x720 and
1920x1080:

* the page never scrolls sideways (its scroll width is the window's);
  what is wider scrolls inside a region of its own, which the keyboard
  reaches (tabindex) and which has a name;
* every control is a target of at least 24 by 24 CSS pixels, or has the
  spacing WCAG 2.5.8 allows instead (a link in a sentence is exempt);
* the map takes at least 80 % of the width; on a narrow window its filters
  are a drawer a button opens and closes (aria-expanded, from the keyboard
  too, Escape closes it) and its details a panel inside the window;
* the query page's editor takes the width, Run is in the window, and it
  opens on an example with rows;
* axe-core finds nothing serious on a phone.

A screenshot of each page at each size goes to a temporary folder (and,
with ``JV_SCREENSHOTS`` set to a folder, the phone's as
``<page>-phone.png`` there: docs/*-phone.png are these).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from test_browser import ARGS, CHROMIUM, _axe_source, _missing

pytestmark = pytest.mark.skipif(bool(_missing), reason=_missing or "")

SIZES = {"phone": (390, 844), "tablet": (768, 1024), "laptop": (1280, 720), "desktop": (1920, 1080)}
PAGES = {"map": "/", "query": "/query", "commitments": "/commitments", "report": "/report", "ontology": "/ontology"}
#: Below this width the map's filters are a drawer and the query page's examples a list to open.
NARROW = 1000
#: The least size of a target (WCAG 2.5.8, minimum), in CSS pixels.
TARGET = 24
#: A target of the article's data, to open the map's details on.
TARGET_NODE = "https://w3id.org/jointvision/id/private-investment-10-trillion"

#: What the page measures of itself: its scroll width, the boxes that matter, every target too small
#: without the spacing 2.5.8 allows, the smallest target, and every region that scrolls sideways without
#: being reachable and named.
MEASURE = """() => {
  const vw = window.innerWidth, vh = window.innerHeight, doc = document.documentElement;
  const box = (e) => { if (!e) return null; const r = e.getBoundingClientRect();
    return {left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height}; };
  const shown = (e) => { const r = e.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden'; };
  const name = (e) => (e.id ? '#' + e.id : e.tagName.toLowerCase()) + ' "' +
    (e.textContent || e.getAttribute('aria-label') || e.value || '').trim().replace(/\\s+/g, ' ').slice(0, 40) + '"';
  // a link in a sentence (2.5.8's inline exception): an inline link in a block with other words
  const inSentence = (e) => {
    if (e.tagName !== 'A' || getComputedStyle(e).display !== 'inline') return false;
    let block = e.parentElement;
    while (block && getComputedStyle(block).display === 'inline') block = block.parentElement;
    let words = block ? block.textContent : '';
    block && block.querySelectorAll('a, button').forEach(x => { words = words.replace(x.textContent, ' '); });
    return words.split(/\\s+/).filter(w => /\\w/.test(w)).length >= 3;
  };
  const targets = [];
  for (const e of document.querySelectorAll(
      'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex="-1"])')) {
    const target = (e.tagName === 'INPUT' && e.closest('label')) || e;  // a label clicks its input
    if (!shown(target) || targets.some(t => t.e === target) || target.closest('#jv-network')) continue;
    if (target.getAttribute('role') === 'region') continue;  // a region is focused to scroll, not tapped
    targets.push({e: target, r: box(target), exempt: inSentence(e)});
  }
  const centre = (r) => [(r.left + r.right) / 2, (r.top + r.bottom) / 2];
  const reach = (c, r) => Math.hypot(Math.max(r.left - c[0], 0, c[0] - r.right),
                                     Math.max(r.top - c[1], 0, c[1] - r.bottom));
  const small = targets.filter(t => !t.exempt && (t.r.width < 24 || t.r.height < 24));
  const crowded = small.filter(t => {
    const c = centre(t.r);
    return targets.some(o => o !== t && reach(c, o.r) < 12) ||
      small.some(o => o !== t && Math.hypot(c[0] - centre(o.r)[0], c[1] - centre(o.r)[1]) < 24);
  });
  const unreachable = [...document.querySelectorAll('body *')].filter(e => {
    const s = getComputedStyle(e);
    return ['auto', 'scroll'].includes(s.overflowX) && e.scrollWidth > e.clientWidth + 1 && shown(e) &&
      !['TEXTAREA', 'PRE'].includes(e.tagName) && !(e.tabIndex >= 0 && e.getAttribute('role') === 'region' &&
      (e.getAttribute('aria-label') || e.getAttribute('aria-labelledby')));
  });
  const sizes = targets.filter(t => !t.exempt).map(t => Math.min(t.r.width, t.r.height));
  return {vw, vh, scrollWidth: doc.scrollWidth, targets: targets.length,
    smallest: sizes.length ? Math.round(Math.min(...sizes) * 10) / 10 : null,
    crowded: crowded.map(t => name(t.e) + ' ' + Math.round(t.r.width) + 'x' + Math.round(t.r.height)),
    unreachable: unreachable.map(name),
    map: box(document.getElementById('jv-network')), side: box(document.getElementById('jv-side')),
    details: box(document.getElementById('jv-details')), editor: box(document.getElementById('jv-editor')),
    run: box(document.getElementById('jv-run'))};
}"""


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("screenshots")


class Opened:
    """One page of the live server in a window of the first size; every
    request outside the server refused and counted, every error kept."""

    def __init__(self, browser, base: str, path: str):
        width, height = SIZES["phone"]
        # the CSP is bypassed only so that axe-core can be added to the page
        self.context = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=True)
        self.page = self.context.new_page()
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._route(base))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(base + path)

    def _route(self, base: str):
        def route(r):
            if r.request.url.startswith(base):
                r.continue_()
            else:
                self.outside.append(r.request.url)
                r.abort()

        return route

    def size(self, name: str) -> dict:
        """The window at the size ``name``, and what the page measures there."""
        width, height = SIZES[name]
        self.page.set_viewport_size({"width": width, "height": height})
        self.page.wait_for_timeout(150)  # the map redraws on resize
        return self.page.evaluate(MEASURE)

    def close(self) -> None:
        self.context.close()


def problems(name: str, size: str, found: dict) -> list[str]:
    """What every page must hold at every size."""
    out = []
    if found["scrollWidth"] > found["vw"]:
        out.append(f"{name} at {size}: the page scrolls sideways ({found['scrollWidth']} > {found['vw']})")
    out += [f"{name} at {size}: target too small and crowded: {t}" for t in found["crowded"]]
    out += [f"{name} at {size}: scrolls sideways unreachable or unnamed: {e}" for e in found["unreachable"]]
    return out


def inside(box: dict, found: dict) -> bool:
    return (
        box["left"] >= -0.5
        and box["top"] >= -0.5
        and box["right"] <= found["vw"] + 0.5
        and box["bottom"] <= found["vh"] + 0.5
    )


#: Where each page's screenshot starts (its top, unless named here): what is wider than a phone.
SHOWN_FROM = {"commitments": "#timeline-heading", "report": "#summary-heading"}


def shoot(page, folder: Path, name: str, size: str) -> None:
    """A screenshot of the window, scrolled to the part of the page SHOWN_FROM names."""
    if name in SHOWN_FROM:
        page.evaluate(f"document.querySelector({SHOWN_FROM[name]!r}).scrollIntoView()")
    page.screenshot(path=str(folder / f"{name}-{size}.png"))
    wanted = os.environ.get("JV_SCREENSHOTS")
    if wanted and size == "phone":
        Path(wanted).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(wanted) / f"{name}-phone.png"))


def axe_violations(page) -> list[dict]:
    page.add_script_tag(content=_axe_source())
    found = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' '))}))"
    )
    return [v for v in found if v["impact"] in ("serious", "critical")]


# ------------------------------------------------------------------ the map
def _map_drawer(page, found: dict, size: str) -> list[str]:
    """On a narrow window: the drawer closed, opened by its button (from the
    keyboard), inside the window, its targets large enough; Escape closes it."""
    out = []
    menu = page.locator("#jv-menu")
    if menu.get_attribute("aria-expanded") != "false" or page.is_visible("#jv-side"):
        out.append(f"map at {size}: the drawer is not closed at first")
    menu.focus()
    page.keyboard.press("Enter")
    opened = page.evaluate(MEASURE)
    if menu.get_attribute("aria-expanded") != "true" or not inside(opened["side"], opened):
        out.append(f"map at {size}: the Filters button does not open the drawer inside the window")
    out += problems("map (drawer open)", size, opened)
    page.keyboard.press("Tab")
    page.keyboard.press("Escape")
    closed = menu.get_attribute("aria-expanded") == "false" and not page.is_visible("#jv-side")
    if not closed or page.evaluate("document.activeElement.id") != "jv-menu":
        out.append(f"map at {size}: Escape does not close the drawer and give the focus back to its button")
    return out


def _map_details(page, size: str) -> list[str]:
    """A node's details, inside the window, their targets large enough; the drawer closed by choosing it."""
    out = []
    if page.evaluate("window.innerWidth") < NARROW:
        page.click("#jv-menu")
    page.fill("#jv-search", "JPY 10 trillion")
    page.press("#jv-search", "Enter")
    page.locator("#jv-details").wait_for(state="visible")
    found = page.evaluate(MEASURE)
    if not inside(found["details"], found):
        out.append(f"map at {size}: the details panel is not inside the window: {found['details']}")
    if page.is_visible("#jv-side") and found["vw"] < NARROW:
        out.append(f"map at {size}: the drawer stays open over the details")
    out += problems("map (details open)", size, found)
    page.keyboard.press("Escape")
    return out


def test_the_map_on_every_window(browser, live_server, screenshots):
    opened = Opened(browser, live_server, PAGES["map"])
    page = opened.page
    page.wait_for_function("window.jvViewer && window.jvViewer.ready", timeout=120_000)
    found_problems, shares = [], {}
    for size in SIZES:
        found = opened.size(size)
        shares[size] = found["map"]["width"] / found["vw"]
        found_problems += problems("map", size, found)
        if shares[size] < 0.8:
            found_problems.append(f"map at {size}: the map takes {shares[size]:.0%} of the width")
        narrow = found["vw"] < NARROW
        if page.is_visible("#jv-menu") != narrow or page.is_visible("#jv-side") == narrow:
            found_problems.append(f"map at {size}: the drawer is {'missing' if narrow else 'there'}")
        if narrow:
            found_problems += _map_drawer(page, found, size)
        found_problems += _map_details(page, size)
        page.evaluate(f"jvViewer.go({TARGET_NODE!r})" if size == "phone" else "jvViewer.reset()")
        shoot(page, screenshots, "map", size)
        page.keyboard.press("Escape")
    assert found_problems == []
    assert opened.errors == [] and opened.outside == []
    opened.close()


# ------------------------------------------------------------------ the query page
def test_the_query_page_on_every_window(browser, live_server, screenshots):
    """The editor the width of a narrow window, Run inside every window, the
    examples a list its button opens; it opens on an example with rows."""
    opened = Opened(browser, live_server, PAGES["query"])
    page = opened.page
    page.wait_for_selector("#jv-results table tr:nth-child(2)")
    assert page.evaluate("jvQuery.opening") != "conflicts"
    assert page.get_attribute('button[data-query="sources"]', "aria-current") == "true"
    found_problems = []
    for size in SIZES:
        found = opened.size(size)
        found_problems += problems("query", size, found)
        narrow = found["vw"] < NARROW
        least = found["vw"] - 40 if narrow else 600
        if found["editor"]["width"] < least:
            found_problems.append(f"query at {size}: the editor is {found['editor']['width']:.0f} px wide")
        if not inside(found["run"], found):
            found_problems.append(f"query at {size}: Run is outside the window: {found['run']}")
        if narrow:
            toggle = page.locator("#jv-examples-toggle")
            assert toggle.get_attribute("aria-expanded") == "false" and not page.is_visible("#jv-example-list")
            toggle.click()
            assert toggle.get_attribute("aria-expanded") == "true" and page.is_visible("#jv-example-list")
            found_problems += problems("query (examples open)", size, page.evaluate(MEASURE))
            page.click('button[data-query="directions"]')
            assert toggle.get_attribute("aria-expanded") == "false" and not page.is_visible("#jv-example-list")
            page.wait_for_selector("#jv-results table tr:nth-child(2)")
        shoot(page, screenshots, "query", size)
    assert found_problems == []
    assert opened.errors == [] and opened.outside == []
    opened.close()


# ------------------------------------------------------------------ the static pages
@pytest.mark.parametrize("name", ["commitments", "report", "ontology"])
def test_the_static_pages_on_every_window(browser, live_server, screenshots, name):
    """No sideways scroll of the page at any size: the timeline and the
    tables scroll inside named regions the keyboard reaches."""
    opened = Opened(browser, live_server, PAGES[name])
    page = opened.page
    found_problems = []
    for size in SIZES:
        found = opened.size(size)
        found_problems += problems(name, size, found)
        shoot(page, screenshots, name, size)
    regions = page.eval_on_selector_all(
        ".scroll",
        "rs => rs.map(r => [r.getAttribute('role'), r.tabIndex, "
        "!!(r.getAttribute('aria-label') || r.getAttribute('aria-labelledby'))])",
    )
    assert regions and all(r == ["region", 0, True] for r in regions)
    assert found_problems == []
    assert opened.errors == [] and opened.outside == []
    opened.close()


@pytest.mark.parametrize("name", list(PAGES))
def test_axe_finds_nothing_serious_on_a_phone(browser, live_server, name):
    """axe-core at the phone's size, on every page (the map with its drawer open)."""
    _axe_source()  # skips (locally) before the page is opened when axe-core is missing
    opened = Opened(browser, live_server, PAGES[name])
    page = opened.page
    if name == "map":
        page.wait_for_function("window.jvViewer && window.jvViewer.ready", timeout=120_000)
        page.click("#jv-menu")
    if name == "query":
        page.wait_for_selector("#jv-results table")
    found = axe_violations(page)
    opened.close()
    assert found == []
