"""`jointvision suggest`: candidate amounts, counts, periods and dates with
their quotes and offsets, and mentions of entities the graph holds. TEXT
and the fixture graphs are invented test fixtures."""

from __future__ import annotations

from decimal import Decimal

import pytest
import yaml
from click.testing import CliRunner

from factories import make_source
from jointvision.cli import main
from jointvision.source.loader import load_sources
from jointvision.source.suggest import suggest

TEXT = ("Invented fixture. A target of JPY 10 trillion in private investment; Rs 1,500 crore for ports; "
        "USD 1.5 billion and $42 billion; 5 trillion yen; 2 lakh rupees. Exchange of more than 500,000 "
        "personnel over the next five years, 2022-2026. The leaders met on 29\u201330 August 2025 and on "
        "March 3 to 4, 2031. Three delegation visits a year.")


def found(kind: str) -> dict[str, dict]:
    return {c.quote: c.fields for c in suggest(TEXT) if c.kind == kind}


@pytest.mark.parametrize("quote, value, unit", [
    ("JPY 10 trillion", 10_000_000_000_000, "jpy"),
    ("Rs 1,500 crore", 15_000_000_000, "inr"),
    ("USD 1.5 billion", 1_500_000_000, "usd"),
    ("$42 billion", 42_000_000_000, "usd"),
    ("5 trillion yen", 5_000_000_000_000, "jpy"),
    ("2 lakh rupees", 200_000, "inr"),
])
def test_amounts_with_their_currency_and_parsed_value(quote, value, unit):
    fields = found("amount")[quote]
    assert Decimal(fields["value"]) == value and fields["unit"] == unit and fields["bound"] == "exact"


def test_counts_with_unit_and_bound():
    counts = found("count")
    assert counts["more than 500,000 personnel"] == {"value": 500_000, "unit": "personnel", "bound": "at-least"}
    assert counts["Three delegation visits a year"]["value"] == 3
    assert counts["Three delegation visits a year"]["per"] == "P1Y"
    assert not any(q.startswith(("2022", "2026", "2025", "2031")) for q in counts)  # years are not counts


def test_periods_and_dates():
    periods = found("period")
    assert periods["over the next five years"] == {"period": {"duration": "P5Y"}}
    assert periods["2022-2026"] == {"period": {"start_year": 2022, "end_year": 2026}}
    dates = found("date")
    assert dates["29\u201330 August 2025"] == {"start_date": "2025-08-29", "end_date": "2025-08-30"}
    assert dates["March 3 to 4, 2031"] == {"start_date": "2031-03-03", "end_date": "2031-03-04"}


def test_every_candidate_quotes_the_text_at_its_offsets():
    for candidate in suggest(TEXT):
        assert TEXT[candidate.start:candidate.end] == candidate.quote


def test_the_command_prints_stubs_a_fact_file_can_take(tmp_path):
    path = tmp_path / "t.txt"
    path.write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(main, ["suggest", "--no-mentions", str(path)])
    assert result.exit_code == 0, result.output
    stubs = yaml.safe_load(result.stdout)
    assert len(stubs) == len(suggest(TEXT))
    for stub in stubs:
        (entry,) = stub["evidence"]
        assert TEXT[entry["start"]:entry["end"]] == entry["quote"]
    path.write_bytes(b"\xff\xfe")
    assert CliRunner().invoke(main, ["suggest", str(path)]).exit_code == 2


def test_on_the_article_every_target_is_proposed(article):
    """Scoped to the article: each of its targets' figures is among the candidates."""
    candidates = suggest(article.text)
    spans = [(c.start, c.end) for c in candidates]
    targets = [e for e in article.entities if e.type == "Target"]
    assert targets
    for target in targets:
        stated = target.values["stated_as"][0].value
        assert any(stated in article.text[s:e] or article.text[s:e] in stated for s, e in spans), stated


@pytest.mark.parametrize("words, value", [
    ("twenty-five observers", 25),
    ("five hundred thousand visitors", 500_000),
    ("ninety nine engineers", 99),
    ("forty two scholarships", 42),
])
def test_numbers_written_as_words_are_read(words, value):
    (candidate,) = [c for c in suggest(f"Invented fixture: {words} in all.") if c.kind == "count"]
    assert candidate.quote == words and candidate.fields["value"] == value


#: An invented graph: its fact file names a country, a person, an
#: organisation with an abbreviation, and a program that contains a country's name.
GRAPH_TEXT = ("Invented fixture. Freedonia and Sylvania. Rufus T. Firefly spoke for the Freedonia Export "
              "Council (FEC). The Sylvania-Freedonia Bridge Programme began.")
GRAPH_ENTITIES = [
    {"id": "freedonia", "type": "Country", "label": "Freedonia", "evidence": ["Freedonia"]},
    {"id": "sylvania", "type": "Country", "label": "Sylvania", "evidence": ["Sylvania"]},
    {"id": "rufus-firefly", "type": "Person", "label": "Rufus T. Firefly", "evidence": ["Rufus T. Firefly"]},
    {"id": "export-council", "type": "Organisation", "label": "Freedonia Export Council", "abbreviation": "FEC",
     "country": "freedonia", "evidence": ["Freedonia Export Council (FEC)"]},
    {"id": "bridge-programme", "type": "Program", "label": "Sylvania-Freedonia Bridge Programme",
     "evidence": ["The Sylvania-Freedonia Bridge Programme began."]},
]
NEW_TEXT = ("Invented fixture, a later press release. The leaders of FREEDONIA and of Sylvania met; "
            "Rufus T.  Firefly praised the Sylvania\u2013Freedonia bridge programme and the fec's "
            "work. The FEC will report. Sylvanian officials and Freedonian trade.")


@pytest.fixture
def fixture_graph(tmp_path):
    make_source(tmp_path / "sources", GRAPH_TEXT, GRAPH_ENTITIES, source_id="fixture-graph")
    return load_sources(tmp_path / "sources")


def test_mentions_of_the_entities_the_graph_holds(fixture_graph):
    found = {c.fields["about"]: c for c in suggest(NEW_TEXT, fixture_graph) if c.kind == "mention"}
    assert set(found) == {"freedonia", "sylvania", "rufus-firefly", "export-council", "bridge-programme"}
    for candidate in found.values():
        assert NEW_TEXT[candidate.start:candidate.end] == candidate.quote
        assert candidate.fields["defined_in"] == "fixture-graph"
    # case and typography do not matter, spacing neither; the longest name wins
    assert found["freedonia"].quote == "FREEDONIA" and found["freedonia"].fields["occurs"] == 1
    assert found["rufus-firefly"].quote == "Rufus T.  Firefly"
    assert found["bridge-programme"].quote == "Sylvania\u2013Freedonia bridge programme"
    assert found["sylvania"].fields["occurs"] == 1  # not inside the programme's name, not in "Sylvanian"
    # an abbreviation in capitals matches only in capitals
    assert found["export-council"].quote == "FEC" and found["export-council"].fields["occurs"] == 1
    assert found["export-council"].fields["type"] == "Organisation"


def test_a_mention_stub_is_an_about_entry_the_builder_accepts(tmp_path, fixture_graph):
    """Drop the fields the header names and the stub builds as an `about:` entry."""
    sources = tmp_path / "sources"
    result = CliRunner().invoke(main, ["suggest", "--data", str(sources), str(_write(tmp_path, NEW_TEXT))])
    assert result.exit_code == 0, result.output
    stubs = [s for s in yaml.safe_load(result.stdout) if s["kind"] == "mention"]
    assert len(stubs) == 5
    entries = [{k: v for k, v in s.items() if k not in ("kind", "graph_label", "defined_in", "occurs")}
               for s in stubs]
    make_source(sources, NEW_TEXT, entries, source_id="later-release", name="later-release")
    built = CliRunner().invoke(main, ["validate", str(sources)])
    assert built.exit_code == 0, built.output


def test_without_a_graph_or_with_no_mentions_only_figures(tmp_path, fixture_graph):
    assert not [c for c in suggest(NEW_TEXT) if c.kind == "mention"]
    result = CliRunner().invoke(main, ["suggest", "--no-mentions", "--data", str(tmp_path / "sources"),
                                       str(_write(tmp_path, NEW_TEXT))])
    assert result.exit_code == 0 and "mention" not in result.stdout.replace("a mention becomes", "")


def test_broken_fact_files_stop_suggest_with_their_message(tmp_path, fixture_graph):
    bad = tmp_path / "sources" / "fixture-graph.yaml"
    bad.write_text(bad.read_text().replace("type: Person", "type: Persn"))
    result = CliRunner().invoke(main, ["suggest", "--data", str(tmp_path / "sources"),
                                       str(_write(tmp_path, NEW_TEXT))])
    assert result.exit_code == 2 and "fixture-graph.yaml:" in result.output and "Traceback" not in result.output
    assert "--no-mentions" in result.output


def test_on_the_article_its_named_entities_are_mentioned(article, sources):
    """Scoped to the article: every country, person, organisation and
    program it defines whose label stands in its own text is found."""
    found = {c.fields["about"] for c in suggest(article.text, [article]) if c.kind == "mention"}
    named = [e for e in article.entities if not e.about and e.type in ("Country", "Person", "Organisation",
                                                                      "Program", "Initiative")]
    assert named
    text = article.text.casefold()
    labels = [str(e.values["label"][0].value).casefold() for e in article.entities if not e.about]
    for entity in named:
        label = str(entity.values["label"][0].value).casefold()
        # a name that stands only inside a longer one ("... Organisation Summit in Tianjin") is that one's
        alone = text.count(label) > sum(text.count(other) for other in labels if label in other and other != label)
        if alone:
            assert entity.id in found, entity.id


def _write(folder, text):
    path = folder / "new.txt"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("text, quote, per", [
    ("Invented: 1,200 engineers from Land A to Land B each year.", "1,200 engineers from Land A to Land B each year",
     "P1Y"),
    ("Invented: USD 3 million annually for ports.", "USD 3 million annually", "P1Y"),
    ("Invented: forty visits a month.", "forty visits a month", "P1M"),
    ("Invented: 12 ships, and 3 ports per year.", "12 ships", None),  # the rate is the other figure's
])
def test_a_rate_in_the_same_clause_is_stated_and_quoted(text, quote, per):
    candidate = next(c for c in suggest(text) if c.kind in ("amount", "count"))
    assert candidate.quote == quote and candidate.fields.get("per") == per


@pytest.mark.parametrize("text, kind, quote, fields", [
    ("Invented: a two day official visit.", "period", "two day", {"period": {"duration": "P2D"}}),
    ("Invented: a 5-year plan.", "period", "5-year", {"period": {"duration": "P5Y"}}),
    ("Invented: for the next three weeks.", "period", "for the next three weeks", {"period": {"duration": "P21D"}}),
    ("Invented: nurses will train between 2028 and 2032.", "period", "between 2028 and 2032",
     {"period": {"start_year": 2028, "end_year": 2032}}),
    ("Invented: from 2030 to 2035 it runs.", "period", "from 2030 to 2035",
     {"period": {"start_year": 2030, "end_year": 2035}}),
    ("Invented: forty ties by 2030.", "due", "by 2030", {"end_year": 2030}),
    ("Invented: the 17th Freedonia-Sylvania Annual Summit of Leaders met.", "ordinal",
     "17th Freedonia-Sylvania Annual Summit of Leaders", {"ordinal": 17}),
])
def test_periods_durations_years_and_ordinals(text, kind, quote, fields):
    assert any(c.kind == kind and c.quote == quote and c.fields == fields for c in suggest(text)), suggest(text)


@pytest.mark.parametrize("text", [
    "Invented: so, what are these \u2018eight directions\u2019 that will steer it?",
    "Invented: the two sides agreed.",
    "Invented: the next 2+2 Ministerial Dialogue.",
])
def test_words_that_refer_back_or_name_a_thing_are_not_counts(text):
    assert not [c for c in suggest(text) if c.kind == "count"]
