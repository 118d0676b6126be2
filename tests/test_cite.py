"""`jointvision cite`: finding a quote in a source text, with code-point
offsets, and the nearest passage when it is misquoted. The texts here are
invented test fixtures, not sources."""

from __future__ import annotations

import pytest
import yaml
from click.testing import CliRunner

from jointvision.cli import main
from jointvision.source.cite import nearest, occurrences

#: An invented text (a test fixture): curly quotes, an en dash, a line break
#: with indentation, emphasis, a character outside the BMP, a repeated phrase.
TEXT = (
    "Invented fixture. The two sides said: \u201cwe will\n  invest \u2013 together\u201d in **five** years. "
    "\U0001f30f Both will invest. Both will invest."
)


def cite(tmp_path, *args):
    path = tmp_path / "text.txt"
    if not path.exists():
        path.write_text(TEXT, encoding="utf-8")
    return CliRunner().invoke(main, ["cite", str(path), *args])


def test_every_occurrence_with_code_point_offsets(tmp_path):
    result = cite(tmp_path, "Both will invest")
    assert result.exit_code == 0, result.output
    spots = occurrences(TEXT, "Both will invest")
    assert len(spots) == 2
    for start, end in spots:
        assert TEXT[start:end] == "Both will invest"  # Python indices are code points, past the emoji too
        assert f"start: {start}, end: {end}" in result.output


def test_yaml_gives_entries_a_fact_file_takes(tmp_path):
    result = cite(tmp_path, "Both will invest", "--yaml")
    assert result.exit_code == 0
    entries = yaml.safe_load(result.output)
    assert [TEXT[e["start"] : e["end"]] for e in entries] == [e["quote"] for e in entries] == ["Both will invest"] * 2
    assert result.output.startswith("# the quote stands 2 times")


@pytest.mark.parametrize(
    "quote, kind",
    [
        ('"we will invest - together" in five years', "curly against straight quotes"),
        ("we will invest \u2013 together", "line breaks"),
        ("invest - together", "dashes against hyphens"),
        ("in five years", "emphasis"),
        ("The  two sides  said", "doubled spaces"),
    ],
)
def test_a_quote_copied_with_typographic_differences_finds_its_passage(tmp_path, quote, kind):
    (passage,) = nearest(TEXT, quote)
    assert passage.score == 100
    assert any(kind in d for d in passage.differences), passage.differences
    result = cite(tmp_path, quote)
    assert result.exit_code == 1
    assert f"nearest: start: {passage.start}, end: {passage.end}" in result.output


def test_a_misspelled_quote_gets_the_passage_it_means_with_the_changes_marked(tmp_path):
    (passage,) = nearest(TEXT, "we wil invst together in fve years")
    assert passage.text.startswith("we will") and passage.text.endswith("years")
    assert TEXT[passage.start : passage.end] == passage.text
    assert "{+e+}" in passage.marked and "other differences (marked)" in passage.differences
    out = cite(tmp_path, "we wil invst together in fve years", "--yaml").stdout
    entry = yaml.safe_load(out[out.index("- quote:") :])
    assert TEXT[entry[0]["start"] : entry[0]["end"]] == entry[0]["quote"]


def test_nothing_close_is_said_so_and_a_quote_that_stands_has_no_nearest(tmp_path):
    assert nearest(TEXT, "zzzz qqqq xxxx") == []
    assert nearest(TEXT, "Both will invest") == []
    result = cite(tmp_path, "zzzz qqqq xxxx")
    assert result.exit_code == 1 and "nothing in the text comes close" in result.output


@pytest.mark.parametrize(
    "content, message",
    [
        (b"\xff\xfe\x00binary", "not UTF-8 text"),
        (None, "cannot be read"),
    ],
)
def test_a_text_that_cannot_be_read_is_exit_2(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    if content is not None:
        path.write_bytes(content)
    result = CliRunner().invoke(main, ["cite", str(path), "x"])
    assert result.exit_code == 2 and message in result.output
    assert "Traceback" not in result.output


def test_the_article_s_quotes_stand_where_its_fact_file_says(article):
    """Scoped to the article: cite finds each of its quotes at the offsets given."""
    for entity in article.entities:
        for quote in entity.evidence:
            assert (quote.start, quote.end) in occurrences(article.text, quote.quote)


def test_a_build_that_meets_a_misquote_names_the_nearest_passage(data_copy):
    from jointvision.errors import SourceError
    from jointvision.source.reader import read_source_file

    text = data_copy.read_text(encoding="utf-8")
    first = yaml.safe_load(text)["entities"][0]["evidence"][0]["quote"]
    broken = first[:-3] + first[-3:].upper() if first[-3:].upper() != first[-3:] else first + " xq"
    data_copy.write_text(
        text.replace(f"quote: {first}", f"quote: {broken}", 1).replace(f'quote: "{first}"', f'quote: "{broken}"', 1),
        encoding="utf-8",
    )
    with pytest.raises(SourceError) as caught:
        read_source_file(data_copy)
    assert "does not occur" in str(caught.value) and "nearest: start:" in str(caught.value)
