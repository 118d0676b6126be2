"""The commitments page without a browser: its rows are the graph's targets
and undertakings, one per source that states each; the CSV holds the same;
the timeline draws the lineage; texts from the data go in escaped. The
fixtures are the article (scoped to its source), the two-source fixture
and an invented hostile text."""

from __future__ import annotations

import csv
import io
import re

import pytest

from factories import make_source
from jointvision.outputs.commitments import COLUMNS, commitments, commitments_html, to_csv
from jointvision.rdf.build import build_dataset

JV = "PREFIX jv: <https://w3id.org/jointvision/ontology#> "
KINDS = "VALUES ?t { jv:Target jv:Program jv:Initiative jv:Activity jv:Financing jv:Loan } "


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
