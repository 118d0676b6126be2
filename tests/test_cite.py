"""`jointvision cite`: finding a quote in a source text, with code-point
offsets, and the nearest passage when it is misquoted. The texts here are
invented test fixtures, not sources."""

from __future__ import annotations

import pytest
import yaml
from click.testing import CliRunner

from conftest import ROOT
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


# ------------------------------------------------------------------------------- Japanese and Hindi quotes
#: The invented fixture texts (tests/data/languages: each says in its first line that it is invented).
JA = (ROOT / "tests" / "data" / "languages" / "northland-communique-ja.txt").read_text(encoding="utf-8")
HI = (ROOT / "tests" / "data" / "languages" / "southland-report-hi.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "text, quote, passage, difference",
    [
        (
            JA,
            "２０３１年３月３日にポート・アルファで開催された",
            "2031年3月3日にポート・アルファで開催された",
            "full-width",
        ),
        (JA, "今後５年間で５万人以上の学生交流を目指す", "今後5年間で5万人以上の学生交流を目指す", "full-width"),
        (JA, "ｴｲﾀﾞ・ｸｲﾙ大統領", "エイダ・クイル大統領", "full-width against half-width"),
        (JA, "2031年3月3日にポートアルファで開催", "2031年3月3日にポート・アルファで開催", "middle dot"),
        (
            JA,
            "ノースランド開発銀行は、ポート・・アルファの",
            "ノースランド開発銀行は、ポート・アルファの",
            "middle dot",
        ),
        (JA, "エイダ ・クイル大統領", "エイダ・クイル大統領", "spaces in a script written without them"),
        (JA, "両首脳は 港湾協定を 採択した", "両首脳は港湾協定を採択した", "spaces in a script written without them"),
        (HI, "पोर्ट अल्\u095eा में मिले", "पोर्ट अल्फ़ा में मिले", "other Unicode forms"),
    ],
)
def test_a_japanese_or_hindi_quote_copied_with_other_forms_finds_exactly_its_passage(text, quote, passage, difference):
    """Full-width digits, half-width kana, a missing or extra ・, spaces between Japanese characters, a
    composed nukta: the passage is the span of the text the quote stands for, to the character."""
    (found,) = nearest(text, quote)
    start = text.index(passage)
    assert (found.start, found.end, found.text, found.score) == (start, start + len(passage), passage, 100)
    assert any(difference in d for d in found.differences), found.differences


@pytest.mark.parametrize(
    "text, quote, passage",
    [
        (JA, "両首脳は港湾協約を採択した", "両首脳は港湾協定を採択した"),
        (
            JA,
            "ノースランド開発銀行はポートアルファのフェリー・ターミナルのため",
            "ノースランド開発銀行は、ポート・アルファのフェリーターミナルのため",
        ),
        (HI, "हार्बर कॉम्पैक्ट पर सहमती दी", "हार्बर कॉम्पैक्ट पर सहमति दी"),
        (HI, "रेन ने हार्बर कोम्पैक्ट पर", "रेन ने हार्बर कॉम्पैक्ट पर"),
    ],
)
def test_a_misquote_in_japanese_or_hindi_gets_the_span_it_means_not_its_clause(text, quote, passage):
    """Japanese has no spaces to widen a passage to: it ends where the quote's characters end, not at the
    clause's 、 or 。; a Hindi passage takes whole words, vowel signs included."""
    (found,) = nearest(text, quote)
    start = text.index(passage)
    assert (found.start, found.end, found.text) == (start, start + len(passage), passage)
    assert found.score < 100 and "other differences (marked)" in found.differences


def test_the_command_names_the_exact_japanese_passage(tmp_path):
    path = tmp_path / "ja.txt"
    path.write_text(JA, encoding="utf-8")
    quote = "２０３１年３月３日にポートアルファで開催された"
    result = CliRunner().invoke(main, ["cite", str(path), quote, "--yaml"])
    start = JA.index("2031年3月3日")
    end = JA.index("開催された") + len("開催された")
    assert result.exit_code == 1 and f"nearest: start: {start}, end: {end} (score 100;" in result.output
    entry = yaml.safe_load(result.stdout[result.stdout.index("- quote:") :])[0]
    assert JA[entry["start"] : entry["end"]] == entry["quote"] == "2031年3月3日にポート・アルファで開催された"
