"""The compliance report (report.html): every commitment with its derived
status and why, grouped by the summit that made it, then by direction; the
summaries; escaped, byte-stable, offline; printed to A4 with no row cut
across two pages (checked on the PDF headless Chromium prints)."""

from __future__ import annotations

import io
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import ROOT
from factories import make_source
from jointvision.outputs.exports import export_files
from jointvision.outputs.report import BADGES, NO_INFORMATION_NOTE, compliance, report_html
from jointvision.rdf.build import build_dataset
from jointvision.rdf.namespaces import DATA
from jointvision.rdf.status import STATUS_LABELS, statuses, summaries

TRACKING = ROOT / "tests" / "data" / "tracking"


@pytest.fixture(scope="module")
def tracking():
    return build_dataset(TRACKING)


@pytest.fixture(scope="module")
def tracking_report(tracking) -> str:
    return report_html(tracking, "Tracking fixture")


class _Articles(HTMLParser):
    """Each ``<article class="commitment">`` of a report: its data-id,
    data-status, the text inside it, and the section headings above it."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[dict] = []
        self.headings: dict[str, str] = {}
        self._depth = 0
        self._heading: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "article":
            self.found.append({**attributes, "text": "", "under": dict(self.headings)})
            self._depth = 1
        elif self._depth:
            self._depth += tag not in ("br", "img", "input", "meta")
        if tag in ("h2", "h3"):
            self._heading, self._text = tag, []

    def handle_endtag(self, tag):
        if self._heading == tag:
            self.headings[tag] = "".join(self._text).strip()
            if tag == "h2":
                self.headings.pop("h3", None)
            self._heading = None
        if self._depth:
            self._depth -= 1

    def handle_data(self, data):
        if self._heading:
            self._text.append(data)
        if self._depth and self.found:
            self.found[-1]["text"] += data


def articles(page: str) -> list[dict]:
    parser = _Articles()
    parser.feed(page)
    return parser.found


def test_every_commitment_has_its_derived_status_and_why(tracking, tracking_report):
    found = {a["data-id"]: a for a in articles(tracking_report)}
    derived = statuses(tracking)
    assert set(found) == {s.commitment.node for s in derived}
    for status in derived:
        article = found[status.commitment.node]
        assert article["data-status"] == status.status
        text = " ".join(article["text"].split())
        assert f"Status: {STATUS_LABELS[status.status]}" in text
        assert f"rule jv:{status.rule}" in text
        for used in status.used:  # every report a status rests on is quoted beside it
            assert used.source_label in text


def test_commitments_are_grouped_by_the_summit_that_made_them_then_by_direction(tracking, tracking_report):
    views = compliance(tracking).by_id()
    for article in articles(tracking_report):
        view = views[article["data-id"]]
        assert article["under"]["h2"] == (view["made_by"] or "Not linked to a summit or document")
        assert article["under"]["h3"] == (view["directions"][0] if view["directions"] else "No strategic direction")


def _cells(page: str, caption: str) -> list[list[str]]:
    """The rows of the table with ``caption``, as the text of their cells."""
    table = re.search(rf"<caption>{re.escape(caption)}</caption>(.*?)</table>", page, re.S)
    assert table, caption
    rows = re.findall(r"<tr>(.*?)</tr>", table.group(1), re.S)
    return [
        [" ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S)]
        for r in rows
    ]


@pytest.mark.parametrize(("by", "caption"), [("event", "summit"), ("party", "party"), ("direction", "direction")])
def test_the_summaries_are_the_status_commands(tracking, tracking_report, by, caption):
    rows = _cells(tracking_report, f"Compliance by {caption}")[1:]
    expected = summaries(tracking, by=by)
    assert [r[0] for r in rows] == [s.label for s in expected]
    for row, summary in zip(rows, expected, strict=True):
        assert int(row[1]) == summary.total
        assert [int(n) for n in row[2:-3]] == [summary.counts[s] for s in STATUS_LABELS]
        assert int(row[-2]) == summary.assessments


def test_the_rule_table_lists_every_status_with_its_letter_and_words(tracking, tracking_report):
    rows = _cells(tracking_report, "The status rule table")[1:]
    assert [r[0] for r in rows] == [f"{BADGES[s]} {label}" for s, label in STATUS_LABELS.items()]
    assert all(len(r[1]) > 20 for r in rows)  # each rule in words, from the ontology


def test_the_report_says_as_of_which_day_and_why(tracking, tracking_report):
    latest = max(s.as_of for s in statuses(tracking))
    assert f"Statuses as of <strong>{latest.isoformat()}</strong>: the date of the latest source" in tracking_report
    asked = build_dataset(TRACKING, "2031-01-01")
    page = report_html(asked)
    assert "Statuses as of <strong>2031-01-01</strong>: the date asked for" in page
    assert {a["data-status"] for a in articles(page)} == {s.status for s in statuses(asked, "2031-01-01")}


def test_the_same_data_give_the_same_bytes(tracking, tracking_report):
    assert report_html(build_dataset(TRACKING), "Tracking fixture") == tracking_report


def test_the_article_says_plainly_that_nothing_is_reported_yet(article_dataset):
    page = export_files(article_dataset)["report.html"].decode("utf-8")
    found = articles(page)
    assert found and {a["data-status"] for a in found} == {"NoInformation"}
    assert len(found) == len(statuses(article_dataset))
    assert "No information on any commitment yet." in page and NO_INFORMATION_NOTE in page
    assert "fail" not in re.sub(r"not a failure", "", page.lower())  # never told as a failure


HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>"


def test_text_from_the_data_is_escaped(tmp_path):
    text = (
        f"Invented text for a test. Northland will build 12 cranes {HOSTILE} by 2031. "
        f"By December 2031, 5 cranes {HOSTILE} had been built."
    )
    quote_made = f"Northland will build 12 cranes {HOSTILE} by 2031"
    quote_done = f"5 cranes {HOSTILE} had been built"
    make_source(
        tmp_path,
        text,
        [
            {"id": "crane", "type": "CountUnit", "label": f"crane {HOSTILE}", "evidence": ["cranes"]},
            {
                "id": "cranes",
                "type": "Target",
                "label": f"12 cranes {HOSTILE}",
                "value": 12,
                "unit": "crane",
                "bound": "exact",
                "stated_as": "12 cranes",
                "due": 2031,
                "evidence": [quote_made],
            },
            {
                "id": "cranes-2031",
                "type": "Progress",
                "label": "5 cranes by December 2031",
                "toward": "cranes",
                "as_of": "2031-12",
                "value": 5,
                "unit": "crane",
                "bound": "exact",
                "stated_as": "5 cranes",
                "evidence": [quote_done],
            },
        ],
        label=f"A hostile source {HOSTILE}",
        metadata={"kind": "fact-sheet", "published": "2032-01-01"},
        version=3,
    )
    page = report_html(build_dataset(tmp_path), f"title {HOSTILE}")
    assert "<script>" not in page and "<img" not in page
    assert page.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 4  # title, label, quotes, source
    [article] = articles(page)
    assert article["data-id"] == DATA + "cranes" and article["data-status"] == "Missed"


# ------------------------------------------------------------ in the browser, printed to A4
@pytest.fixture(scope="module")
def printed(tracking, tmp_path_factory):
    """The fixture's report, opened offline in Chromium and printed to an A4 PDF."""
    from test_browser import _missing

    if _missing:
        pytest.skip(_missing)
    from playwright.sync_api import sync_playwright

    from test_browser import ARGS, CHROMIUM, Session

    folder = tmp_path_factory.mktemp("report")
    (folder / "report.html").write_bytes(export_files(tracking)["report.html"])
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        session = Session(chromium, folder / "report.html", (1280, 900), wait_for_map=False)
        pdf = session.page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
        rows = session.page.evaluate(
            "() => [...document.querySelectorAll('tbody tr, article.commitment')]"
            ".map(e => e.innerText.replace(/\\s+/g, ' ').trim())"
        )
        seen = (list(session.blocked), list(session.failed), list(session.errors))
        session.close()
        chromium.close()
    return pdf, rows, seen


def _pages(pdf: bytes) -> list[str]:
    pypdf = pytest.importorskip("pypdf", reason="pypdf reads the printed report (pip install '.[test]')")
    return [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def _compact(text: str) -> str:
    """Text as it can be compared between the page and its PDF: ligatures
    undone (NFKC), no white space, no soft hyphen nor the hyphen a soft one
    prints as at the end of a line."""
    return re.sub(r"[\s\u00ad\u2010]+", "", unicodedata.normalize("NFKC", text))


def test_the_report_opens_offline_with_no_request_and_no_error(printed):
    _, rows, (blocked, failed, errors) = printed
    assert rows and (blocked, failed, errors) == ([], [], [])


def test_the_report_prints_to_a4_without_cutting_a_row(printed):
    """Every table row's text, and every commitment's heading with its
    status, is found whole on one printed page (a row cut across two pages
    would be split between them)."""
    import pypdf

    pdf, rows, _ = printed
    pages = _pages(pdf)
    box = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    assert len(pages) > 1
    printed_pages = [_compact(p) for p in pages]
    for row in rows:
        whole = _compact(row)
        assert any(whole in page for page in printed_pages), f"cut or missing when printed: {row[:80]!r}"


def test_the_axe_core_check_finds_nothing_serious(tracking, tmp_path):
    from test_browser import _axe_source, _missing

    if _missing:
        pytest.skip(_missing)
    from playwright.sync_api import sync_playwright

    from test_browser import ARGS, CHROMIUM, Session

    axe = _axe_source()
    path = Path(tmp_path) / "report.html"
    path.write_bytes(export_files(tracking)["report.html"])
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        session = Session(chromium, path, wait_for_map=False, bypass_csp=True)
        session.page.add_script_tag(content=axe)
        found = session.page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
            ".map(v => ({id: v.id, impact: v.impact}))"
        )
        session.close()
        chromium.close()
    assert [v for v in found if v["impact"] in ("serious", "critical")] == []
