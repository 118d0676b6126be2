"""The command line's tables line their columns up by the columns a text
takes on a terminal (issue 23): a Japanese or full-width character two, a
combining mark (a Devanagari vowel sign, an accent) none, as wcwidth
measures them; the library's tables and ``jointvision query`` alike."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef
from wcwidth import wcswidth

from conftest import run_cli
from factories import make_source
from jointvision.sparql.engine import QueryResult
from jointvision.sparql.results import format_result, to_table
from jointvision.terminal import display_width, pad

#: Cells in Japanese, Hindi (vowel signs and viramas combine), full-width Latin, with combining accents, mixed.
TEXTS = [
    "日本",
    "石破茂",
    "ナレンドラ・モディ",
    "नरेन्द्र मोदी",
    "जापान",
    "5 लाख से अधिक",
    "ＮＳＤＣ",
    "Cafe\u0301 de\u0301ja\u0300 vu",
    "10兆円 (JPY 10 trillion)",
    "Japan",
]


def starts(dashes: str) -> list[int]:
    """Where each column starts, in terminal columns, read from the table's line of dashes."""
    found, column = [], 0
    for part in dashes.split("  "):
        found.append(column)
        column += len(part) + 2
    return found


def assert_aligned(table: str, rows: list[list[str]]) -> None:
    """Every cell of every row starts at its column's place, as wcwidth counts the text before it."""
    lines = table.splitlines()
    places = starts(lines[1])
    for line, cells in zip(lines[2:], rows, strict=False):
        at = 0
        for place, cell in zip(places, cells, strict=True):
            at = line.index(cell, at)
            assert wcswidth(line[:at]) == place, (line, cell)
            at += len(cell)


def test_display_width_is_wcwidth():
    for text in TEXTS:
        assert display_width(text) == wcswidth(text)
    assert display_width("日本") == 4 and display_width("ＮＳＤＣ") == 8 and display_width("e\u0301") == 1
    assert display_width(pad("日本", 7)) == 7 and pad("Japan", 3) == "Japan"


def test_a_table_of_japanese_hindi_and_combining_text_is_aligned():
    rows = [[text, str(i), text[::-1]] for i, text in enumerate(TEXTS)]
    result = QueryResult("SELECT", variables=["label", "n", "reversed"], rows=[tuple(map(Literal, r)) for r in rows])
    table = to_table(result)
    assert_aligned(table, rows)
    assert format_result(result, "table") == table
    lines = table.splitlines()
    assert max(wcswidth(line) for line in lines[2:-1]) == len(lines[1])  # the widest row fills the dashes


@pytest.mark.parametrize("text", TEXTS)
def test_each_text_lines_up_with_a_latin_one(text):
    rows = [[text, "x"], ["Latin", "y"]]
    table = to_table(QueryResult("SELECT", variables=["a", "b"], rows=[tuple(map(Literal, r)) for r in rows]))
    assert_aligned(table, rows)


def test_iris_and_empty_cells_still_line_up():
    rows = [(URIRef("https://w3id.org/jointvision/id/japan"), Literal("日本")), (None, Literal("जापान"))]
    table = to_table(QueryResult("SELECT", variables=["s", "label"], rows=rows))
    assert_aligned(table, [["jvd:japan", "日本"], ["", "जापान"]])


def test_jointvision_query_prints_an_aligned_table(tmp_path):
    """The command itself, on a fact file in Japanese (invented text): its labels line up."""
    text = "テスト用の架空の文書。日本とインドは協力する。ナレンドラ・モディ首相と石破茂首相が会談した。"
    entities = [
        {"id": "japan", "type": "Country", "label": "日本", "evidence": ["日本"]},
        {"id": "india", "type": "Country", "label": "インド", "evidence": ["インド"]},
        {"id": "narendra-modi", "type": "Person", "label": "ナレンドラ・モディ", "evidence": ["ナレンドラ・モディ"]},
        {"id": "ishiba-shigeru", "type": "Person", "label": "石破茂", "evidence": ["石破茂"]},
    ]
    make_source(tmp_path / "ja", text, entities, source_id="ja-test", label="テスト文書", metadata={"language": "ja"})
    done = run_cli(
        "query",
        "SELECT ?label ?s WHERE { ?s a ?c ; rdfs:label ?label VALUES ?c { jv:Country jv:Person } } ORDER BY ?s",
        "--data",
        str(tmp_path / "ja"),
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    rows = [line.split("  ")[0].rstrip() for line in lines[2:-1]]
    assert sorted(rows) == sorted(e["label"] for e in entities)
    assert_aligned(done.stdout, [[row, f"jvd:{e}"] for row, e in zip(rows, sorted(x["id"] for x in entities))])
