"""The commitments page without a browser: its rows are the graph's targets
and undertakings, one per source that states each; the CSV holds the same;
the timeline draws the lineage; texts from the data go in escaped. The
fixtures are the article (scoped to its source), the two-source fixture
and an invented hostile text.

With the statuses (issue 22), on the tracking fixture (every status): each
row's status is the one the rules derive, and opens to the rule's words and
the quotes it rests on; the summary is that of ``summaries``; the bar holds
the shares and says them; each progress report is a point on the timeline;
the article says plainly that nothing is reported."""

from __future__ import annotations

import csv
import io
import itertools
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest

from conftest import ROOT
from factories import make_source
from jointvision.outputs.commitments import COLUMNS, commitments, commitments_html, to_csv
from jointvision.outputs.report import BADGES, NO_INFORMATION_NOTE, compliance, percent
from jointvision.rdf.build import build_dataset
from jointvision.rdf.namespaces import DATA
from jointvision.rdf.status import STATUS_LABELS, statuses, summaries
from jointvision.source.kinds import decimal_lexical

JV = "PREFIX jv: <https://w3id.org/jointvision/ontology#> "
KINDS = "VALUES ?t { jv:Target jv:Program jv:Initiative jv:Activity jv:Financing jv:Loan } "
TRACKING = ROOT / "tests" / "data" / "tracking"


@pytest.fixture(params=["article", "two-sources"])
def data(request, article_dataset, two_sources):
    return article_dataset if request.param == "article" else two_sources


def test_one_row_per_commitment_and_source(data):
    rows, _ = commitments(data)
    expected = {
        (r[0].value, r[1].value)
        for r in data.store.query(
            JV + f"SELECT DISTINCT ?s ?g WHERE {{ {KINDS} ?s a ?t . GRAPH ?g {{ ?s jv:evidence ?e }} }}"
        )
    }
    assert len(rows) == len(expected) and expected
    assert {r["id"] for r in rows} == {s for s, _ in expected}
    for row in rows:
        assert row["quote"] and int(row["start"]) < int(row["end"])


def test_each_source_keeps_its_own_value(two_sources):
    """The fixture's two sources disagree on the harbour investment: both values stand, each with its source."""
    rows = [r for r in commitments(two_sources)[0] if r["kind"] == "Target"]
    by_source = {r["source"]: (r["number"], r["period"]) for r in rows if r["id"].endswith("harbour-investment")}
    assert len(by_source) == 2 and len(set(by_source.values())) == 2


def test_the_csv_holds_every_row_and_column(data):
    rows, _ = commitments(data)
    parsed = list(csv.reader(io.StringIO(to_csv(rows))))
    assert parsed[0] == list(COLUMNS) and len(parsed) == len(rows) + 1


def test_the_timeline_draws_the_lineage(article_dataset):
    """Scoped to the article: the JPY 10 trillion target builds on the 2022-2026 one: an arrow joins them."""
    page = commitments_html(article_dataset)
    builds = list(article_dataset.store.query(JV + "SELECT ?a ?b WHERE { ?a jv:buildsOn ?b . ?a a jv:Target }"))
    assert builds
    assert page.count('class="lineage"') == len(builds)
    targets = len(list(article_dataset.store.query(JV + "SELECT ?s WHERE { ?s a jv:Target }")))
    assert page.count('<g class="target">') >= targets


HOSTILE = "</td><script>alert(1)</script><img src=x onerror=alert(2)>"


def test_texts_from_the_data_go_in_escaped(tmp_path):
    text = f"Invented fixture. We will fund {HOSTILE} with vigour."
    make_source(
        tmp_path,
        text,
        [{"id": "hostile-program", "type": "Program", "label": HOSTILE, "evidence": [f"We will fund {HOSTILE}"]}],
    )
    page = commitments_html(build_dataset(tmp_path), title=HOSTILE)
    assert HOSTILE not in page
    assert not re.search(r"<script>alert|<img", page, flags=re.I)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


# ------------------------------------------------------------ statuses (issue 22)
class _Tree(HTMLParser):
    """The page as a small tree of elements: tag, attributes, children, text."""

    VOID = frozenset({"meta", "br", "img", "input", "line", "path", "circle", "rect", "polygon", "link", "hr"})

    def __init__(self) -> None:
        super().__init__()
        self.root: dict = {"tag": "", "attrs": {}, "children": [], "text": []}
        self._open = [self.root]

    def handle_starttag(self, tag, attrs):
        element = {"tag": tag, "attrs": dict(attrs), "children": [], "text": []}
        self._open[-1]["children"].append(element)
        if tag not in self.VOID:
            self._open.append(element)

    def handle_startendtag(self, tag, attrs):
        self._open[-1]["children"].append({"tag": tag, "attrs": dict(attrs), "children": [], "text": []})

    def handle_endtag(self, tag):
        while len(self._open) > 1:
            if self._open.pop()["tag"] == tag:
                break

    def handle_data(self, data):
        self._open[-1]["children"].append(data)


def parse(page: str) -> dict:
    tree = _Tree()
    tree.feed(page)
    return tree.root


def find(element: dict, test) -> list[dict]:
    """Every element under ``element`` (itself included) that passes ``test``, in document order."""
    found = [element] if test(element) else []
    for child in element["children"]:
        if isinstance(child, dict):
            found.extend(find(child, test))
    return found


def text(element: dict) -> str:
    """The element's text, its white space collapsed."""
    parts = [c if isinstance(c, str) else text(c) for c in element["children"]]
    return " ".join(" ".join(parts).split())


def tag(name: str, **attrs: str):
    return lambda e: e["tag"] == name and all(e["attrs"].get(k.replace("_", "-")) == v for k, v in attrs.items())


def table_rows(page: dict) -> list[dict]:
    """The table's rows: each ``<tr>`` of ``#rows``."""
    [body] = find(page, tag("tbody", id="rows"))
    return find(body, tag("tr"))


def readme_statuses() -> dict[str, str]:
    """The statuses the fixture's README states, by commitment id."""
    table = (TRACKING / "README.md").read_text(encoding="utf-8").split("| commitment | status | why |")[1]
    return dict(re.findall(r"^\| `([a-z-]+)` \| ([a-z ]+) \|", table, flags=re.M))


@pytest.fixture(scope="module")
def tracking():
    return build_dataset(TRACKING)


@pytest.fixture(scope="module")
def tracking_page(tracking) -> str:
    return commitments_html(tracking, "Tracking fixture")


def test_every_commitment_shows_the_status_the_rules_derive(tracking, tracking_page):
    """Each row of a commitment with a status carries it, its letter and its
    words; the fixture's README states the same; the rest say "not tracked"."""
    rows = table_rows(parse(tracking_page))
    derived = {s.commitment.node: s for s in statuses(tracking)}
    assert derived and {r["attrs"]["data-id"] for r in rows} >= set(derived)
    for row in rows:
        status = derived.get(row["attrs"]["data-id"])
        [cell] = find(row, tag("td", **{"class": "status"}))
        [summary] = find(cell, tag("summary"))
        if status is None:
            assert row["attrs"]["data-status"] == "" and text(summary) == "– not tracked"
            continue
        assert row["attrs"]["data-status"] == status.status
        assert text(summary) == f"{BADGES[status.status]} {STATUS_LABELS[status.status]}"
    by_name = {node.rsplit("/", 1)[1]: STATUS_LABELS[s.status] for node, s in derived.items()}
    assert readme_statuses() == by_name


@pytest.mark.parametrize(("by", "caption"), [("event", "summit"), ("party", "party"), ("direction", "direction")])
def test_the_summary_at_the_top_is_that_of_the_rules(tracking, tracking_page, by, caption):
    page = parse(tracking_page)
    [table] = [t for t in find(page, tag("table", **{"class": "summary"})) if f"by {caption}" in text(t)]
    head, *body = find(table, tag("tr"))
    assert [text(c) for c in find(head, tag("th"))][2:9] == [
        f"{BADGES[s]} {label}" for s, label in STATUS_LABELS.items()
    ]
    expected = summaries(tracking, by=by)
    assert [text(find(r, tag("th"))[0]) for r in body] == [s.label for s in expected]
    for row, summary in zip(body, expected, strict=True):
        cells = [text(c) for c in find(row, tag("td"))]
        assert int(cells[0]) == summary.total
        assert [int(n) for n in cells[1:8]] == [summary.counts[s] for s in STATUS_LABELS]
        assert cells[8] == f"{percent(summary.kept)} %" and int(cells[9]) == summary.assessments
        assert cells[10] == (decimal_lexical(summary.score) if summary.score is not None else "none")


def test_a_status_opens_to_its_rule_why_and_quotes(tracking, tracking_page):
    """In each status's details: why, the rule's words, and every quote of
    the reports it rests on, with its offsets and file."""
    rows = {r["attrs"]["data-id"]: r for r in table_rows(parse(tracking_page))}
    views = compliance(tracking).by_id()
    for node, view in views.items():
        [details] = find(rows[node], tag("details"))
        said = text(details)
        assert view["why"] in said and view["rule_words"] in said and f"jv:{view['rule']}" in said
        used = [r for r in view["progress"] + view["assessments"] if r["used"]]
        for report in used:
            for q in report["quotes"]:
                assert q["quote"] in said and f"characters {q['start']}–{q['end']} of {q['file']}" in said
        assert used or view["status"] in ("NoInformation", "NotYetDue")


def test_the_progress_bar_holds_the_shares_and_says_them(tracking, tracking_page):
    rows = {r["attrs"]["data-id"]: r for r in table_rows(parse(tracking_page))}
    for node, view in compliance(tracking).by_id().items():
        [cell] = find(rows[node], tag("td", **{"class": "progress"}))
        fills, marks = find(cell, tag("span", **{"class": "fill"})), find(cell, tag("span", **{"class": "elapsed"}))
        if view["reached"]:
            assert fills[0]["attrs"]["style"] == f"width: {min(Decimal(view['reached']), Decimal(100))}%"
            assert f"{view['reached']} % of the target reached" in text(cell)
        else:
            assert not fills
        if view["elapsed"]:
            assert marks[0]["attrs"]["style"] == f"left: {min(Decimal(view['elapsed']), Decimal(100))}%"
            assert f"{view['elapsed']} % of its time gone" in text(cell)
        else:
            assert not marks


def test_each_progress_report_is_a_point_on_the_timeline(tracking, tracking_page):
    """One diamond per commitment and date reported, whose title says each report of that date."""
    page = parse(tracking_page)
    [svg] = find(page, tag("svg", id="timeline"))
    points = find(svg, tag("g", **{"class": "progress"}))
    found = compliance(tracking)
    expected: dict[tuple[str, str], list[dict]] = {}
    for node, view in found.by_id().items():
        for report in view["progress"]:
            expected.setdefault((node, report["as_of"]), []).append(report)
    assert expected and len(points) == len(expected)
    for (node, as_of), reports in expected.items():
        [point] = [p for p in points if p["attrs"]["data-id"] == node and f"as of {as_of}" in text(p)]
        assert all(r["said"] in text(point) and r["source"] in text(point) for r in reports)
    assert found.as_of and f"as of {found.as_of.isoformat()}" in text(svg)  # the line of the as-of date


def test_the_status_filter_offers_the_statuses_of_the_rows(tracking, tracking_page):
    rows, _ = commitments(tracking)
    [select] = find(parse(tracking_page), tag("select", data_filter="status"))
    options = [o["attrs"]["value"] for o in find(select, tag("option"))]
    present = {r["status"] for r in rows}
    assert options == ["", *[label for label in STATUS_LABELS.values() if label in present]]
    assert set(options[1:]) == present
    assert {r["id"]: r["status"] for r in rows} == {
        s.commitment.node: STATUS_LABELS[s.status] for s in statuses(tracking)
    }


def test_the_csv_holds_each_rows_status(tracking):
    rows, _ = commitments(tracking)
    parsed = list(csv.DictReader(io.StringIO(to_csv(rows))))
    views = compliance(tracking).by_id()
    assert [(r["status"], r["reached (%)"], r["time gone (%)"]) for r in parsed] == [
        (views[r["id"]]["status_label"], views[r["id"]]["reached"], views[r["id"]]["elapsed"]) for r in rows
    ]


def test_the_same_data_give_the_same_bytes(tracking_page):
    assert commitments_html(build_dataset(TRACKING), "Tracking fixture") == tracking_page


def test_the_article_says_plainly_that_nothing_is_reported(article_dataset):
    page = commitments_html(article_dataset)
    rows = table_rows(parse(page))
    derived = statuses(article_dataset)
    assert derived and {s.status for s in derived} == {"NoInformation"}
    assert {r["attrs"]["data-id"] for r in rows if r["attrs"]["data-status"] == "NoInformation"} == {
        s.commitment.node for s in derived
    }
    assert {r["attrs"]["data-status"] for r in rows} <= {"NoInformation", ""}
    assert "No information on any commitment yet" in page and NO_INFORMATION_NOTE in page
    assert "fail" not in page.lower().replace("not a failure", "")  # a fact, never told as a failure


def _hostile_tracking(folder, made: str, done: str) -> None:
    """An invented source with a target due in 2031 and a report toward it, every text hostile."""
    target = {"value": 12, "unit": "crane", "bound": "exact", "stated_as": f"12 cranes {HOSTILE}", "due": 2031}
    report = {"value": 5, "unit": "crane", "bound": "exact", "stated_as": f"5 cranes {HOSTILE}", "as_of": "2031-12"}
    make_source(
        folder,
        f"Invented text for a test. {made}. By December 2031, {done}.",
        [
            {"id": "crane", "type": "CountUnit", "label": f"crane {HOSTILE}", "evidence": ["cranes"]},
            {"id": "cranes", "type": "Target", "label": f"12 cranes {HOSTILE}", **target, "evidence": [made]},
            {"id": "cranes-2031", "type": "Progress", "label": "5", "toward": "cranes", **report, "evidence": [done]},
        ],
        label=f"A hostile source {HOSTILE}",
        metadata={"kind": "fact-sheet", "published": "2032-01-01"},
        version=3,
    )


def test_hostile_labels_and_quotes_of_reports_go_in_escaped(tmp_path):
    made, done = f"Northland will build 12 cranes {HOSTILE} by 2031", f"5 cranes {HOSTILE} had been built"
    _hostile_tracking(tmp_path, made, done)
    page = commitments_html(build_dataset(tmp_path), f"title {HOSTILE}")
    assert HOSTILE not in page and not re.search(r"<script>alert|<img", page, flags=re.I)
    [row] = [r for r in table_rows(parse(page)) if r["attrs"]["data-id"] == DATA + "cranes"]
    assert row["attrs"]["data-status"] == "Missed"
    said = text(find(row, tag("details"))[0])
    assert done in said and f"5 cranes {HOSTILE} as of 2031-12" in said  # the quote and the report's words, as text
    [point] = find(parse(page), tag("g", **{"class": "progress"}))
    assert f"5 cranes {HOSTILE}" in text(point)


# ------------------------------------------------------------ the page polished (issue 25)
def test_the_timeline_wraps_its_labels_and_cuts_none(article_dataset):
    """Each target's label on the timeline, whole: in lines of at most
    LABEL_COLUMNS columns, joined again the text itself; each row as tall as
    its lines need, so that no two labels overlap."""
    from jointvision.outputs.commitments import LABEL_COLUMNS, LINE_HEIGHT
    from jointvision.terminal import display_width

    [svg] = find(parse(commitments_html(article_dataset)), tag("svg", id="timeline"))
    groups = find(svg, tag("g", **{"class": "target"}))
    _, targets = commitments(article_dataset)
    wanted = {t["stated"] or t["label"] for t in targets}
    tops, wrapped = [], 0
    for group in groups:
        [label] = find(group, tag("text"))
        lines = [text(span) for span in find(label, tag("tspan"))]
        assert lines and all(display_width(line) <= LABEL_COLUMNS for line in lines)
        assert " ".join(lines) in wanted
        wrapped += len(lines) > 1
        tops.append((float(label["attrs"]["y"]), len(lines)))
    assert wrapped, "the article has a label longer than a line"
    for (y, lines), (next_y, _) in itertools.pairwise(tops):
        assert next_y - y >= 14 + LINE_HEIGHT * (lines - 1)


def test_a_flow_never_breaks_inside_its_arrow(article_dataset):
    """India → Japan: one arrow character, in a span that does not wrap; never "->"."""
    page = commitments_html(article_dataset)
    flows = [text(span) for span in find(parse(page), tag("span", **{"class": "flow"}))]
    assert "India \u2192 Japan" in flows
    assert all("\u2192" in f or "\u2194" in f for f in flows)
    assert "-&gt;" not in page and "&lt;-&gt;" not in page
    assert re.search(r"\.flow \{ white-space: nowrap; \}", page)
    rows, _ = commitments(article_dataset)
    assert "India -> Japan" in {r["flow"] for r in rows}  # the CSV keeps its plain arrow


def test_emphasis_in_a_quote_is_shown_and_the_quote_kept(article_dataset, tmp_path):
    """A span the source marks **so** is <strong> on the page; the data and
    the CSV keep the quote as the source has it; what is inside is escaped."""
    page = commitments_html(article_dataset)
    assert "in <strong>India</strong> using" in page and "**India**" not in page.split('id="jv-commitments"')[0]
    rows, _ = commitments(article_dataset)
    assert any("**India**" in r["quote"] for r in rows) and "**India**" in to_csv(rows)
    quote = f"We fund **{HOSTILE}** now."
    make_source(
        tmp_path, f"Invented fixture. {quote}", [{"id": "x", "type": "Program", "label": "X", "evidence": [quote]}]
    )
    hostile = commitments_html(build_dataset(tmp_path))
    assert "<strong>&lt;/td&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in hostile and "<script>alert" not in hostile


def test_what_is_wider_than_a_phone_scrolls_in_a_named_region(article_dataset):
    """The timeline, the table and each summary table: inside an element of
    role region, reached by Tab, named."""
    page = parse(commitments_html(article_dataset))
    regions = find(page, lambda e: e["tag"] == "div" and "scroll" in e["attrs"].get("class", "").split())
    assert len(regions) >= 3
    for region in regions:
        attrs = region["attrs"]
        assert attrs["role"] == "region" and attrs["tabindex"] == "0"
        assert attrs.get("aria-label") or attrs.get("aria-labelledby")
    inside = [child["tag"] for r in regions for child in r["children"] if isinstance(child, dict)]
    assert "svg" in inside and inside.count("table") >= 2
