"""The statuses on the commitments page, in a real browser (the machinery of
test_browser.py: headless Chromium, every outside request blocked and
recorded; skipped locally without a browser, a failure in CI). On the
tracking fixture, which has every status: the status filter, from the
keyboard too, shows only the rows of that status and says so; the bars are
as wide as the share reached; a status opens to its rule and quotes;
nothing is fetched, nothing is logged as an error, and axe-core finds
nothing serious."""

from __future__ import annotations

from decimal import Decimal

import pytest

from conftest import ROOT
from jointvision.outputs.commitments import commitments, commitments_html
from jointvision.outputs.report import compliance
from jointvision.rdf.build import build_dataset
from jointvision.rdf.status import STATUS_LABELS, STATUSES, statuses

# importing test_browser applies its rule: in CI a missing browser is a failure; its `browser` fixture is used here
from test_browser import ARTIFACTS, Session, _axe_source, _missing, browser  # noqa: F401

pytestmark = pytest.mark.skipif(bool(_missing), reason=_missing or "")
TRACKING = ROOT / "tests" / "data" / "tracking"


@pytest.fixture(scope="module")
def tracking():
    return build_dataset(TRACKING)


@pytest.fixture(scope="module")
def session(browser, tracking, tmp_path_factory):  # noqa: F811 (the fixture of test_browser)
    path = tmp_path_factory.mktemp("commitments-status") / "commitments.html"
    path.write_text(commitments_html(tracking, "Tracking fixture"), encoding="utf-8")
    opened = Session(browser, path, (1280, 900), wait_for_map=False)
    yield opened
    opened.close()


def _shown_statuses(page) -> list[str]:
    return page.eval_on_selector_all("#rows tr:not([hidden])", "trs => trs.map(tr => tr.dataset.status)")


@pytest.mark.parametrize("status", STATUSES)
def test_the_status_filter_shows_only_rows_of_that_status(session, tracking, status):
    """As many rows as the data have of that status, all of it, and the count
    text says how many of all and which filter is on."""
    rows, _ = commitments(tracking)
    nodes = {s.commitment.node for s in statuses(tracking) if s.status == status}
    expected = sum(1 for r in rows if r["id"] in nodes)
    page = session.page
    page.select_option('select[data-filter="status"]', STATUS_LABELS[status])
    try:
        assert expected >= 1  # the fixture has every status
        assert page.evaluate("jvCommitments.shown") == expected
        assert _shown_statuses(page) == [status] * expected
        assert page.inner_text("#shown") == f"{expected} of {len(rows)} rows (status {STATUS_LABELS[status]})"
    finally:
        page.select_option('select[data-filter="status"]', "")
    assert page.inner_text("#shown") == f"{len(rows)} of {len(rows)} rows"


def test_the_status_filter_works_from_the_keyboard(session, tracking):
    """Tab reaches the status menu; the arrow keys choose, each choice filters at once."""
    page = session.page
    page.focus("a[href='jointvision.html']")
    for _ in range(40):  # the compliance summary's controls come first
        if page.evaluate("document.activeElement.dataset.filter") == "status":
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.filter") == "status"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") not in ("none", "")
    page.keyboard.press("ArrowDown")  # the first status the rows have, in the rule table's order
    try:
        first = next(s for s in STATUSES if any(x.status == s for x in statuses(tracking)))
        assert page.input_value('select[data-filter="status"]') == STATUS_LABELS[first]
        assert set(_shown_statuses(page)) == {first}
    finally:
        page.select_option('select[data-filter="status"]', "")


def test_sorting_by_status_follows_the_rule_table(session, tracking):
    """The Status column sorts in the rule table's order (untracked last), and back."""
    rows, _ = commitments(tracking)
    page = session.page
    page.focus('button[data-sort="status"]')
    page.keyboard.press("Enter")
    order = [s for s in _shown_statuses(page) if s]
    assert order == sorted(order, key=STATUSES.index) and len(order) == len(rows)
    assert page.get_attribute('button[data-sort="status"] >> xpath=..', "aria-sort") == "ascending"
    page.keyboard.press("Enter")
    assert [s for s in _shown_statuses(page) if s] == sorted(order, key=STATUSES.index, reverse=True)


def test_the_progress_bar_is_as_wide_as_the_share_reached(session, tracking):
    """The filled part of each bar over the bar's inside: the share reached
    (all of it at most); the mark of the time gone as far in; the same
    numbers in the words under it."""
    page = session.page
    views = compliance(tracking).by_id()
    measured = page.evaluate(
        """() => Array.from(document.querySelectorAll('#rows tr')).map(tr => {
             const bar = tr.querySelector('.bar'), fill = tr.querySelector('.bar .fill'),
                   mark = tr.querySelector('.bar .elapsed'), words = tr.querySelector('.bar-text');
             if (!bar) return {id: tr.dataset.id};
             const box = bar.getBoundingClientRect(), inner = bar.clientWidth;
             return {id: tr.dataset.id, inner, words: words.textContent,
                     fill: fill ? fill.getBoundingClientRect().width : null,
                     mark: mark ? mark.getBoundingClientRect().left - box.left - bar.clientLeft + 1 : null};
           })"""
    )
    checked = 0
    for m in measured:
        view = views.get(m["id"])
        if not view or not (view["reached"] or view["elapsed"]):
            assert "inner" not in m
            continue
        if view["reached"]:
            share = min(Decimal(view["reached"]), Decimal(100)) / 100
            assert m["fill"] == pytest.approx(float(share) * m["inner"], abs=1.0)
            assert f"{view['reached']} % of the target reached" in m["words"]
            checked += 1
        if view["elapsed"]:
            share = min(Decimal(view["elapsed"]), Decimal(100)) / 100
            assert m["mark"] == pytest.approx(float(share) * m["inner"], abs=1.0)
            assert f"{view['elapsed']} % of its time gone" in m["words"]
    assert checked >= 3


@pytest.mark.parametrize("status", ["Disputed", "Behind", "NoInformation"])
def test_a_status_opens_to_its_rule_and_quotes(session, tracking, status):
    """Enter on a status's summary opens it: why, the rule's words, and each
    quote it rests on with its source and offsets."""
    page = session.page
    [view] = [v for v in compliance(tracking).commitments if v["status"] == status]
    row = page.locator(f'#rows tr[data-id="{view["id"]}"]')
    summary = row.locator("td.status summary")
    assert summary.inner_text().strip() == f"{view['badge']} {view['status_label']}"
    summary.focus()
    page.keyboard.press("Enter")
    try:
        assert row.locator("td.status details").get_attribute("open") is not None
        opened = row.locator("td.status details").inner_text()
        assert view["why"] in opened and view["rule_words"] in opened
        for report in [r for r in view["progress"] + view["assessments"] if r["used"]]:
            assert report["source"] in opened
            for q in report["quotes"]:
                assert q["quote"] in opened and f"characters {q['start']}\u2013{q['end']} of {q['file']}" in opened
    finally:
        page.keyboard.press("Enter")
    assert row.locator("td.status details").get_attribute("open") is None


def test_nothing_is_fetched_and_nothing_logged(session):
    """After every test above (the module's page is shared): no outside request, no console error."""
    assert session.blocked == [] and session.failed == [] and session.errors == []


def test_axe_finds_nothing_serious_with_a_status_open(browser, tracking, tmp_path):  # noqa: F811
    axe = _axe_source()
    path = tmp_path / "commitments.html"
    path.write_text(commitments_html(tracking, "Tracking fixture"), encoding="utf-8")
    opened = Session(browser, path, (1280, 900), wait_for_map=False, bypass_csp=True)
    try:
        opened.page.click('#rows tr[data-status="Disputed"] td.status summary')
        opened.page.click("details.rules summary")
        opened.page.add_script_tag(content=axe)
        found = opened.page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
            ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' '))}))"
        )
        assert [v for v in found if v["impact"] in ("serious", "critical")] == []
        assert opened.errors == [] and opened.blocked == []
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        opened.page.screenshot(path=str(ARTIFACTS / "commitments-status.png"), full_page=False)
    finally:
        opened.close()
