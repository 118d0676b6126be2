"""`jointvision suggest`: candidate amounts, counts, periods and dates with
their quotes and offsets, and mentions of entities the graph holds. TEXT
and the fixture graphs are invented test fixtures."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
import yaml
from click.testing import CliRunner

from conftest import ROOT
from factories import make_source
from jointvision.cli import main
from jointvision.source.loader import load_sources
from jointvision.source.suggest import stubs_yaml, suggest

TEXT = (
    "Invented fixture. A target of JPY 10 trillion in private investment; Rs 1,500 crore for ports; "
    "USD 1.5 billion and $42 billion; 5 trillion yen; 2 lakh rupees. Exchange of more than 500,000 "
    "personnel over the next five years, 2022-2026. The leaders met on 29\u201330 August 2025 and on "
    "March 3 to 4, 2031. Three delegation visits a year."
)


def found(kind: str) -> dict[str, dict]:
    return {c.quote: c.fields for c in suggest(TEXT) if c.kind == kind}


@pytest.mark.parametrize(
    "quote, value, unit",
    [
        ("JPY 10 trillion", 10_000_000_000_000, "jpy"),
        ("Rs 1,500 crore", 15_000_000_000, "inr"),
        ("USD 1.5 billion", 1_500_000_000, "usd"),
        ("$42 billion", 42_000_000_000, "usd"),
        ("5 trillion yen", 5_000_000_000_000, "jpy"),
        ("2 lakh rupees", 200_000, "inr"),
    ],
)
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
        assert TEXT[candidate.start : candidate.end] == candidate.quote


def test_the_command_prints_stubs_a_fact_file_can_take(tmp_path):
    path = tmp_path / "t.txt"
    path.write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(main, ["suggest", "--no-mentions", str(path)])
    assert result.exit_code == 0, result.output
    stubs = yaml.safe_load(result.stdout)
    assert len(stubs) == len(suggest(TEXT))
    for stub in stubs:
        (entry,) = stub["evidence"]
        assert TEXT[entry["start"] : entry["end"]] == entry["quote"]
    path.write_bytes(b"\xff\xfe")
    assert CliRunner().invoke(main, ["suggest", str(path)]).exit_code == 2


def test_on_the_article_every_target_is_proposed(article):
    """Scoped to the article: each of its targets' figures is among the candidates."""
    candidates = suggest(article.text)
    spans = [(c.start, c.end) for c in candidates]
    targets = [e for e in article.entities if e.type == "Target"]
    assert targets
    for target in targets:
        stated = str(target.values["stated_as"][0].value)
        assert any(stated in article.text[s:e] or article.text[s:e] in stated for s, e in spans), stated


@pytest.mark.parametrize(
    "words, value",
    [
        ("twenty-five observers", 25),
        ("five hundred thousand visitors", 500_000),
        ("ninety nine engineers", 99),
        ("forty two scholarships", 42),
    ],
)
def test_numbers_written_as_words_are_read(words, value):
    (candidate,) = [c for c in suggest(f"Invented fixture: {words} in all.") if c.kind == "count"]
    assert candidate.quote == words and candidate.fields["value"] == value


#: An invented graph: its fact file names a country, a person, an
#: organisation with an abbreviation, and a program that contains a country's name.
GRAPH_TEXT = (
    "Invented fixture. Freedonia and Sylvania. Rufus T. Firefly spoke for the Freedonia Export "
    "Council (FEC). The Sylvania-Freedonia Bridge Programme began."
)
GRAPH_ENTITIES = [
    {"id": "freedonia", "type": "Country", "label": "Freedonia", "evidence": ["Freedonia"]},
    {"id": "sylvania", "type": "Country", "label": "Sylvania", "evidence": ["Sylvania"]},
    {"id": "rufus-firefly", "type": "Person", "label": "Rufus T. Firefly", "evidence": ["Rufus T. Firefly"]},
    {
        "id": "export-council",
        "type": "Organisation",
        "label": "Freedonia Export Council",
        "abbreviation": "FEC",
        "country": "freedonia",
        "evidence": ["Freedonia Export Council (FEC)"],
    },
    {
        "id": "bridge-programme",
        "type": "Program",
        "label": "Sylvania-Freedonia Bridge Programme",
        "evidence": ["The Sylvania-Freedonia Bridge Programme began."],
    },
]
NEW_TEXT = (
    "Invented fixture, a later press release. The leaders of FREEDONIA and of Sylvania met; "
    "Rufus T.  Firefly praised the Sylvania\u2013Freedonia bridge programme and the fec's "
    "work. The FEC will report. Sylvanian officials and Freedonian trade."
)


@pytest.fixture
def fixture_graph(tmp_path):
    make_source(tmp_path / "sources", GRAPH_TEXT, GRAPH_ENTITIES, source_id="fixture-graph")
    return load_sources(tmp_path / "sources")


def test_mentions_of_the_entities_the_graph_holds(fixture_graph):
    found = {c.fields["about"]: c for c in suggest(NEW_TEXT, fixture_graph) if c.kind == "mention"}
    assert set(found) == {"freedonia", "sylvania", "rufus-firefly", "export-council", "bridge-programme"}
    for candidate in found.values():
        assert NEW_TEXT[candidate.start : candidate.end] == candidate.quote
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
    entries = [{k: v for k, v in s.items() if k not in ("kind", "graph_label", "defined_in", "occurs")} for s in stubs]
    make_source(sources, NEW_TEXT, entries, source_id="later-release", name="later-release")
    built = CliRunner().invoke(main, ["validate", str(sources)])
    assert built.exit_code == 0, built.output


def test_without_a_graph_or_with_no_mentions_only_figures(tmp_path, fixture_graph):
    assert not [c for c in suggest(NEW_TEXT) if c.kind == "mention"]
    result = CliRunner().invoke(
        main, ["suggest", "--no-mentions", "--data", str(tmp_path / "sources"), str(_write(tmp_path, NEW_TEXT))]
    )
    assert result.exit_code == 0 and "mention" not in result.stdout.replace("a mention becomes", "")


def test_broken_fact_files_stop_suggest_with_their_message(tmp_path, fixture_graph):
    bad = tmp_path / "sources" / "fixture-graph.yaml"
    bad.write_text(bad.read_text().replace("type: Person", "type: Persn"))
    result = CliRunner().invoke(main, ["suggest", "--data", str(tmp_path / "sources"), str(_write(tmp_path, NEW_TEXT))])
    assert result.exit_code == 2 and "fixture-graph.yaml:" in result.output and "Traceback" not in result.output
    assert "--no-mentions" in result.output


def test_on_the_article_its_named_entities_are_mentioned(article, sources):
    """Scoped to the article: every country, person, organisation and
    program it defines whose label stands in its own text is found."""
    found = {c.fields["about"] for c in suggest(article.text, [article]) if c.kind == "mention"}
    named = [
        e
        for e in article.entities
        if not e.about and e.type in ("Country", "Person", "Organisation", "Program", "Initiative")
    ]
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


@pytest.mark.parametrize(
    "text, quote, per",
    [
        (
            "Invented: 1,200 engineers from Land A to Land B each year.",
            "1,200 engineers from Land A to Land B each year",
            "P1Y",
        ),
        ("Invented: USD 3 million annually for ports.", "USD 3 million annually", "P1Y"),
        ("Invented: forty visits a month.", "forty visits a month", "P1M"),
        ("Invented: 12 ships, and 3 ports per year.", "12 ships", None),  # the rate is the other figure's
    ],
)
def test_a_rate_in_the_same_clause_is_stated_and_quoted(text, quote, per):
    candidate = next(c for c in suggest(text) if c.kind in ("amount", "count"))
    assert candidate.quote == quote and candidate.fields.get("per") == per


@pytest.mark.parametrize(
    "text, kind, quote, fields",
    [
        ("Invented: a two day official visit.", "period", "two day", {"period": {"duration": "P2D"}}),
        ("Invented: a 5-year plan.", "period", "5-year", {"period": {"duration": "P5Y"}}),
        ("Invented: for the next three weeks.", "period", "for the next three weeks", {"period": {"duration": "P21D"}}),
        (
            "Invented: nurses will train between 2028 and 2032.",
            "period",
            "between 2028 and 2032",
            {"period": {"start_year": 2028, "end_year": 2032}},
        ),
        (
            "Invented: from 2030 to 2035 it runs.",
            "period",
            "from 2030 to 2035",
            {"period": {"start_year": 2030, "end_year": 2035}},
        ),
        ("Invented: forty ties by 2030.", "due", "by 2030", {"due": 2030}),
        (
            "Invented: the 17th Freedonia-Sylvania Annual Summit of Leaders met.",
            "ordinal",
            "17th Freedonia-Sylvania Annual Summit of Leaders",
            {"ordinal": 17},
        ),
    ],
)
def test_periods_durations_years_and_ordinals(text, kind, quote, fields):
    assert any(c.kind == kind and c.quote == quote and c.fields == fields for c in suggest(text)), suggest(text)


@pytest.mark.parametrize(
    "text",
    [
        "Invented: so, what are these \u2018eight directions\u2019 that will steer it?",
        "Invented: the two sides agreed.",
        "Invented: the next 2+2 Ministerial Dialogue.",
    ],
)
def test_words_that_refer_back_or_name_a_thing_are_not_counts(text):
    assert not [c for c in suggest(text) if c.kind == "count"]


# ------------------------------------------------------------ hostile text: linear cost, right candidates, no traceback
_COUNTS = (
    "count",
    "more than 500,000 personnel from Land A to Land B each year",
    {"value": 500_000, "unit": "personnel", "bound": "at-least", "per": "P1Y"},
)
#: Invented hostile shapes (test fixtures, no facts of any source): a start, a unit repeated, an end; the
#: candidates suggest must find, as (kind, quote or None, fields: None for any value); and whether that is
#: once in all or once for each repetition of the unit.
HOSTILE = {
    "a run of digits": ("", "1", "", [], False),
    "a figure of thousands of digits": ("USD ", "9", " billion", [], False),
    "number words": ("", "one ", "", [], False),
    "number words joined by hyphens": ("", "one-", "", [], False),
    "groups of thousands": ("1", ",111", " people", [], False),
    "groups of lakhs": ("1", ",00", " rupees", [], False),
    "a fraction of thousands of digits": ("Invented: 1.", "5", " people", [], False),
    "digits and spaces": ("", "1 ", "", [], False),
    "letters": ("", "a", "", [], False),
    "spaces": (
        "Invented: 5",
        " ",
        "apples",
        [("count", None, {"value": 5, "unit": "apples", "bound": "exact"})],
        False,
    ),
    "hyphens": ("Invented: 5 ab", "-", "", [("count", None, {"value": 5, "unit": None, "bound": "exact"})], False),
    "more than more than": (
        "",
        "more than ",
        "12 ships.",
        [("count", "more than 12 ships", {"value": 12, "unit": "ships", "bound": "at-least"})],
        False,
    ),
    "an ordinal's name that never ends": (
        "Invented: the 1st A ",
        "of ",
        "",
        [("ordinal", "1st A", {"ordinal": 1})],
        False,
    ),
    "counts, on one line": ("", "more than 500,000 personnel from Land A to Land B each year; ", "", [_COUNTS], True),
    "many short counts": (
        "",
        "12 ships; ",
        "",
        [("count", "12 ships", {"value": 12, "unit": "ships", "bound": "exact"})],
        True,
    ),
    "dates": (
        "",
        "29-30 August 2025 and ",
        "",
        [("date", "29-30 August 2025", {"start_date": "2025-08-29", "end_date": "2025-08-30"})],
        True,
    ),
    "ordinals": ("", "the 15th Annual Summit of ", "", [("ordinal", "15th Annual Summit", {"ordinal": 15})], True),
    "months of years": ("", "January 2019 ", "", [("date", "January 2019", {"start_date": "2019-01"})], True),
    "periods of months": (
        "",
        "from April 2026 to March 2031, ",
        "",
        [("period", "from April 2026 to March 2031", {"period": {"start": "2026-04", "end": "2031-03"}})],
        True,
    ),
    "progress reports, on one line": (
        "",
        "By June 2031, 2,000 nurses had been trained; ",
        "",
        [
            (
                "progress",
                "By June 2031, 2,000 nurses had been trained",
                {"as_of": "2031-06", "value": 2000, "unit": "nurses", "bound": "exact", "stated_as": "2,000 nurses"},
            ),
            ("count", "2,000 nurses", {"value": 2000, "unit": "nurses", "bound": "exact"}),  # a noun, no verb
        ],
        True,
    ),
    "progress cues in one sentence": (
        "JPY 5 trillion ",
        "had been invested ",
        "",
        [
            ("amount", "JPY 5 trillion", {"value": 5 * 10**12, "unit": "jpy", "bound": "exact"}),
            (
                "progress",
                None,
                {
                    "as_of": "not stated in these words",
                    "value": 5 * 10**12,
                    "unit": "jpy",
                    "bound": "exact",
                    "stated_as": "JPY 5 trillion",
                },
            ),
        ],
        False,
    ),
    "promises in one sentence": (
        "",
        "will have trained 5 nurses by 2031, ",
        "",
        [("count", "5 nurses", {"value": 5, "unit": "nurses", "bound": "exact"}), ("due", "by 2031", {"due": 2031})],
        True,
    ),
    "parts of parts in a report": (
        "Invented: 12 ships had been built, and ",
        "5 of the ",
        ".",
        [
            (
                "progress",
                None,
                {
                    "as_of": "not stated in these words",
                    "value": 12,
                    "unit": "ships",
                    "bound": "exact",
                    "stated_as": "12 ships",
                },
            ),
            ("count", "12 ships", {"value": 12, "unit": "ships", "bound": "exact"}),
        ],
        False,
    ),
    "dates a report speaks of, and no figure": ("", "as of ", "2031", [], False),
}


def _hostile(shape: str, size: int) -> str:
    start, unit, end, _, _ = HOSTILE[shape]
    return start + unit * (size // len(unit)) + end


def _best_of_three(text: str, sources=None) -> float:
    """The least processor time of three runs (other processes on the machine do not count)."""
    import time

    times = []
    for _ in range(3):
        began = time.process_time()
        suggest(text, sources)
        times.append(time.process_time() - began)
        if times[-1] > 20:
            break  # no need to wait for more
    return min(times)


def _grows_linearly(make, sources=None, n: int = 25_000) -> None:
    """suggest on 4n characters of a shape costs about 4 times what n cost:
    under 8 times (quadratic code takes 16), and under 20 s in all (the
    code this replaced took minutes on 10 KB of digits)."""
    small = _best_of_three(make(n), sources)
    assert small < 20, f"{small:.1f} s for {n:,} characters"
    large = _best_of_three(make(4 * n), sources)
    assert large < 20 and large / max(small, 0.005) < 8, f"{n:,} chars: {small:.3f} s, {4 * n:,}: {large:.3f} s"


@pytest.mark.parametrize("shape", HOSTILE)
def test_hostile_text_costs_time_in_proportion_and_gives_the_right_candidates(shape):
    _grows_linearly(lambda size: _hostile(shape, size))
    text = _hostile(shape, 100_000)
    found = suggest(text)
    _, unit, _, expected, each = HOSTILE[shape]
    expected = expected * (text.count(unit) if each else 1)
    assert len(found) == len(expected), [(c.kind, c.quote[:40]) for c in found[:5]]
    for candidate, (kind, quote, fields) in zip(found, expected):
        assert text[candidate.start : candidate.end] == candidate.quote and candidate.kind == kind
        assert quote is None or candidate.quote == quote
        assert {k: v for k, v in candidate.fields.items() if fields.get(k, 0) is not None} == {
            k: v for k, v in fields.items() if v is not None
        }
    assert len(yaml.safe_load(stubs_yaml(found[:100])) or []) == len(found[:100])  # and it prints them


def test_repeated_mentions_cost_time_in_proportion_and_are_counted(fixture_graph):
    unit = "Invented: Freedonia Export Council and FREEDONIA; "
    _grows_linearly(lambda size: unit * (size // len(unit)), fixture_graph)
    text = unit * 2_000
    found = {c.fields["about"]: c for c in suggest(text, fixture_graph) if c.kind == "mention"}
    assert set(found) == {"export-council", "freedonia"}  # not Freedonia inside the council's name
    assert found["export-council"].fields["occurs"] == found["freedonia"].fields["occurs"] == 2_000
    assert (found["freedonia"].start, found["freedonia"].quote) == (text.index("FREEDONIA"), "FREEDONIA")


@pytest.mark.parametrize(
    "text, kind, quote, value",
    [
        ("Invented: USD 99999999999999999999 in all.", "amount", "USD 99999999999999999999", 99999999999999999999),
        ("Invented: USD 999999999999999999999 in all.", "amount", None, None),  # 21 digits: no figure a file can hold
        ("Invented: USD 1,000,000,000,000,000,000,000 in all.", "amount", None, None),
        ("Invented: Rs 1,00,00,000 crore.", "amount", "Rs 1,00,00,000 crore", 10**14),
        ("Invented: $" + "9" * 5_000 + " and more.", "amount", None, None),  # past Python's 4,300-digit limit
        ("Invented: " + "7" * 5_000 + " people.", "count", None, None),
        ("Invented: over the next " + "9" * 5_000 + " years.", "period", None, None),
        ("Invented: 12.5 " + "6" * 30 + " people.", "count", None, None),
    ],
)
def test_a_figure_of_more_digits_than_a_fact_file_holds_is_no_candidate(tmp_path, text, kind, quote, value):
    found = [c for c in suggest(text) if c.kind == kind]
    assert [(c.quote, c.fields["value"]) for c in found] == ([(quote, value)] if quote else [])
    path = tmp_path / "t.txt"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["suggest", "--no-mentions", str(path)])
    assert result.exit_code == 0 and result.exception is None, result.output


@pytest.mark.parametrize(
    "text, kind, quote, fields",
    [
        # letters IGNORECASE takes for a-z: long s, Kelvin sign, dotted capital I
        ("Invented: on 29 Augu\u017ft 2025.", "date", "29 Augu\u017ft 2025", {"start_date": "2025-08-29"}),
        (
            "Invented: 5 thou\u017fand yen.",
            "amount",
            "5 thou\u017fand yen",
            {"value": 5000, "unit": "jpy", "bound": "exact"},
        ),
        (
            "Invented: 3 m\u0130llion rupees.",
            "amount",
            "3 m\u0130llion rupees",
            {"value": 3_000_000, "unit": "inr", "bound": "exact"},
        ),
        (
            "Invented: 12 ships a wee\u212a.",
            "count",
            "12 ships a wee\u212a",
            {"value": 12, "unit": "ships", "bound": "exact", "per": "P7D"},
        ),
    ],
)
def test_words_in_letters_that_match_a_to_z_are_read_as_those(text, kind, quote, fields):
    assert [(c.quote, c.fields) for c in suggest(text) if c.kind == kind] == [(quote, fields)]


def test_a_number_word_inside_a_word_is_no_number():
    """ "someone" holds "one": the count is the twenty visitors."""
    counts = [(c.quote, c.fields["value"]) for c in suggest("Invented: someone twenty visitors.") if c.kind == "count"]
    assert counts == [("twenty visitors", 20)]


def test_no_input_gives_a_traceback():
    """Invented texts of the hostile tokens in a seeded random order: each
    gives candidates that quote the text at their offsets, and prints."""
    import random

    tokens = [
        "1",
        "12",
        "1,500",
        "2.5",
        "2025",
        "2030",
        "9" * 25,
        "0",
        ",",
        ".",
        "-",
        "\u2013",
        " ",
        "\n",
        "\t",
        "\u00a0",
        "one",
        "twenty",
        "hundred",
        "thousand",
        "and",
        "someone",
        "more than",
        "over",
        "by",
        "the",
        "15th",
        "1st",
        "Annual",
        "of",
        "August",
        "March",
        "JPY",
        "Rs.",
        "$",
        "\u00a5",
        "\u20b9",
        "yen",
        "rupees",
        "crore",
        "lakh",
        "billion",
        "people",
        "years",
        "day",
        "each",
        "a",
        "per",
        "annually",
        "between",
        "to",
        "\u017f",
        "\u212a",
        "\u0130",
        "\u0131",
        "Augu\u017ft",
        "thou\u017fand",
        "9" * 5_000,
        "\u0661\u0662",
        "\U0001d7cf",
        "\u00b2",
        "+",
        "'",
        "\u2019",
        # tracking commitments: progress cues, promises, parts of figures, months
        "had been invested",
        "were in service",
        "so far",
        "as of",
        "of the",
        "only",
        "per cent",
        "%",
        "will",
        "January",
        "from",
        "end of",
        ";",
    ]
    rng = random.Random(20)
    for _ in range(400):
        text = "".join(rng.choice(tokens) + rng.choice(["", " ", "-", ", "]) for _ in range(rng.randint(1, 40)))
        found = suggest(text)
        assert all(text[c.start : c.end] == c.quote for c in found), text
        assert len(yaml.safe_load(stubs_yaml(found)) or []) == len(found)


def test_the_stubs_are_what_pyyaml_writes_for_the_whole_list_repeated_ones_at_their_offsets():
    text = TEXT + " " + "Invented: 12 ships; 12 ships; 29-30 August 2025; 29-30 August 2025; 5 \u2028 people. " * 3
    found = suggest(text)
    stubs = [
        {
            "kind": c.kind,
            **{k: (str(v) if isinstance(v, Decimal) else v) for k, v in c.fields.items()},
            "evidence": [{"quote": c.quote, "start": c.start, "end": c.end}],
        }
        for c in found
    ]
    printed = stubs_yaml(found)
    assert printed.split("\n", 2)[2] == yaml.safe_dump(stubs, allow_unicode=True, sort_keys=False, width=10_000)
    offsets = [(s["evidence"][0]["start"], s["evidence"][0]["end"]) for s in yaml.safe_load(printed)]
    assert offsets == [(c.start, c.end) for c in found] and len(set(offsets)) == len(found)


# ------------------------------------------------------------ tracking commitments (format version 3): due dates,
# month periods and dates, progress stubs. tests/data/tracking/ is an invented fixture (two invented countries).
TRACKING = ROOT / "tests" / "data" / "tracking"
STATEMENT = TRACKING / "northland-southland-statement-2030"
REPORT = TRACKING / "northland-progress-report-2032"


@pytest.fixture(scope="module")
def statement_graph():
    return load_sources(STATEMENT.with_suffix(".yaml"))


def _entries(path, kind: str) -> list[dict]:
    return [
        e
        for e in yaml.safe_load(path.with_suffix(".yaml").read_text(encoding="utf-8"))["entities"]
        if e["type"] == kind
    ]


def _progress_of(text: str, graph=None) -> list:
    return [c for c in suggest(text, graph) if c.kind == "progress"]


@pytest.mark.parametrize("entry", _entries(REPORT, "Progress"), ids=lambda e: e["id"])
def test_each_progress_fact_of_the_report_is_proposed_with_its_target_first(entry, statement_graph):
    """The fixture's five Progress entries, as a curator wrote them: the stub of each one's sentence has
    its as_of, amount and quote, and the target it is toward first among the candidates."""
    text = REPORT.with_suffix(".txt").read_text(encoding="utf-8")
    (quote,) = entry["evidence"]
    (stub,) = [c for c in _progress_of(text, statement_graph) if c.start == quote["start"]]
    assert (stub.quote, stub.end) == (quote["quote"], quote["end"])
    for key in ("as_of", "value", "unit", "bound", "stated_as"):
        assert stub.fields[key] == entry[key], key
    assert stub.fields["toward_candidates"][0] == entry["toward"]
    targets = {e["id"]: e for e in _entries(STATEMENT, "Target")}
    assert all(targets[t]["unit"] == entry["unit"] for t in stub.fields["toward_candidates"])


def test_the_command_prints_the_reports_progress_stubs_given_the_statements_fact_file(tmp_path):
    result = CliRunner().invoke(
        main, ["suggest", str(REPORT.with_suffix(".txt")), "--data", str(STATEMENT.with_suffix(".yaml"))]
    )
    assert result.exit_code == 0, result.output
    stubs = [s for s in yaml.safe_load(result.stdout) if s["kind"] == "progress"]
    expected = {(e["toward"], e["as_of"], e["value"], e["stated_as"]) for e in _entries(REPORT, "Progress")}
    assert {(s["toward_candidates"][0], s["as_of"], s["value"], s["stated_as"]) for s in stubs} == expected
    # the dates the report speaks of are its progress's, not dates a thing is due by
    assert not [s for s in yaml.safe_load(result.stdout) if s["kind"] == "due"]


def test_the_gazettes_part_of_a_promised_figure_is_progress_toward_it(statement_graph):
    gazette = TRACKING / "southland-gazette-2032"
    (entry,) = _entries(gazette, "Progress")
    (stub,) = _progress_of(gazette.with_suffix(".txt").read_text(encoding="utf-8"), statement_graph)
    assert entry["evidence"][0]["quote"] in stub.quote
    assert {k: stub.fields[k] for k in ("as_of", "value", "unit", "bound", "stated_as")} == {
        k: entry[k] for k in ("as_of", "value", "unit", "bound", "stated_as")
    }
    assert stub.fields["toward_candidates"] == [entry["toward"]]


def test_on_the_statement_each_by_year_is_due_and_nothing_is_progress(statement_graph):
    text = STATEMENT.with_suffix(".txt").read_text(encoding="utf-8")
    found = suggest(text, statement_graph)
    due = [(c.quote, c.fields) for c in found if c.kind == "due"]
    years = re.findall(r"\bby (20\d\d)\b", text)
    assert years and due == [(f"by {year}", {"due": int(year)}) for year in years]
    assert not [c for c in found if c.kind == "progress" or "end_year" in c.fields]
    # the student exchange's months, and the amounts in the graph's own currency
    (exchange,) = [e for e in _entries(STATEMENT, "Target") if e["id"] == "student-exchange"]
    assert {"kind": "period", **exchange["period"]} in [
        {"kind": c.kind, **c.fields["period"]} for c in found if c.kind == "period"
    ]
    amounts = {c.quote: c.fields for c in found if c.kind == "amount"}
    assert amounts["NLD 50 billion"] == {"value": 50_000_000_000, "unit": "nld", "bound": "exact"}
    assert not [c for c in suggest(text) if c.kind == "amount"]  # NLD is a currency of the graph, none of its own


def test_the_article_holds_no_progress(article, sources):
    assert not _progress_of(article.text, sources)


@pytest.mark.parametrize(
    "text, quote, due",
    [
        ("Invented: new ties by 2030.", "by 2030", 2030),
        ("Invented: a secretariat by the end of 2031.", "by the end of 2031", 2031),
        ("Invented: the cranes by March 2031.", "by March 2031", "2031-03"),
        ("Invented: the cranes by the end of March 2031.", "by the end of March 2031", "2031-03"),
        ("Invented: the cranes by 31 March 2031.", "by 31 March 2031", "2031-03-31"),
        ("Invented: the cranes by March 31, 2031.", "by March 31, 2031", "2031-03-31"),
        ("Invented: a report no later than 2032.", "no later than 2032", 2032),
    ],
)
def test_a_date_a_thing_is_due_by_at_the_texts_precision(text, quote, due):
    found = suggest(text)
    assert [(c.quote, c.fields) for c in found if c.kind == "due"] == [(quote, {"due": due})]
    assert not [c for c in found if c.kind in ("date", "count")]  # its day and month are the due date's


@pytest.mark.parametrize(
    "text, quote, period",
    [
        (
            "Invented: from April 2026 to March 2031.",
            "from April 2026 to March 2031",
            {"start": "2026-04", "end": "2031-03"},
        ),
        ("Invented: between April 2028 and 2032.", "between April 2028 and 2032", {"start": "2028-04", "end": 2032}),
        ("Invented: from 2031 to March 2031.", "from 2031 to March 2031", {"start": 2031, "end": "2031-03"}),
        (
            "Invented: April 2026 \u2013 March 2031.",
            "April 2026 \u2013 March 2031",
            {"start": "2026-04", "end": "2031-03"},
        ),
        ("Invented: May 2026 to June 2027.", "May 2026 to June 2027", {"start": "2026-05", "end": "2027-06"}),
        ("Invented: between 2028 and 2032.", "between 2028 and 2032", {"start_year": 2028, "end_year": 2032}),
        ("Invented: 2022-2026.", "2022-2026", {"start_year": 2022, "end_year": 2026}),
    ],
)
def test_periods_with_months_give_their_bounds_at_the_texts_precision(text, quote, period):
    assert [(c.quote, c.fields) for c in suggest(text) if c.kind in ("period", "date")] == [(quote, {"period": period})]


@pytest.mark.parametrize(
    "text",
    ["Invented: from March 2031 to April 2030.", "Invented: between 2032 and 2028.", "Invented: from 2031 to 2031."],
)
def test_a_period_that_ends_before_it_starts_is_none(text):
    assert not [c for c in suggest(text) if c.kind == "period"]


@pytest.mark.parametrize(
    "text, dates",
    [
        ("Invented: signed in January 2019.", [("January 2019", {"start_date": "2019-01"})]),
        ("Invented: opened in Octo\u017fer 2031.", []),  # no month
        ("Invented: on 29 August 2025.", [("29 August 2025", {"start_date": "2025-08-29"})]),  # one date, not two
        ("Invented: they may 2030 be there.", []),  # the verb, not the month
        (
            "Invented: in May 2030 and June 2031.",
            [("May 2030", {"start_date": "2030-05"}), ("June 2031", {"start_date": "2031-06"})],
        ),
    ],
)
def test_a_month_of_a_year_is_a_date_at_month_precision(text, dates):
    assert [(c.quote, c.fields) for c in suggest(text) if c.kind == "date"] == dates


@pytest.mark.parametrize(
    "text, fields",
    [
        (
            "Invented: about JPY 1.2 trillion of the JPY 5 trillion investment target had been invested"
            " by the end of 2024.",
            {
                "as_of": "2024-12",  # the end of a year is its last month, as the example asks
                "value": 1_200_000_000_000,
                "unit": "jpy",
                "bound": "about",
                "stated_as": "JPY 1.2 trillion",
            },
        ),
        (
            "Invented: by the end of December 2024, JPY 3 trillion had been invested.",
            {
                "as_of": "2024-12",
                "value": 3_000_000_000_000,
                "unit": "jpy",
                "bound": "exact",
                "stated_as": "JPY 3 trillion",
            },
        ),
        (
            "Invented: By June 2031, 2,000 nurses had been trained.",
            {"as_of": "2031-06", "value": 2000, "unit": "nurses", "bound": "exact", "stated_as": "2,000 nurses"},
        ),
        (
            "Invented: 30,000 students had taken part by the end of December 2031.",
            {"as_of": "2031-12", "value": 30_000, "unit": "students", "bound": "exact", "stated_as": "30,000 students"},
        ),
        (
            "Invented: more than 40 ferries were in service in December 2031.",
            {"as_of": "2031-12", "value": 40, "unit": "ferries", "bound": "at-least", "stated_as": "40 ferries"},
        ),
        (
            "Invented: as of 31 March 2031, twelve hospitals had opened.",
            {
                "as_of": "2031-03-31",
                "value": 12,
                "unit": "hospitals",
                "bound": "exact",
                "stated_as": "twelve hospitals",
            },
        ),
        (
            "Invented: the fund has reached USD 3 billion as of March 2031.",
            {"as_of": "2031-03", "value": 3_000_000_000, "unit": "usd", "bound": "exact", "stated_as": "USD 3 billion"},
        ),
        (
            "Invented: Rs 500 crore had been disbursed at the end of 2030.",
            {"as_of": "2030-12", "value": 5_000_000_000, "unit": "inr", "bound": "exact", "stated_as": "Rs 500 crore"},
        ),
        (
            "Invented: Japan invested JPY 2 trillion in 2030.",
            {"as_of": 2030, "value": 2_000_000_000_000, "unit": "jpy", "bound": "exact", "stated_as": "JPY 2 trillion"},
        ),
        (
            "Invented: only 5 of the 20 promised bridges had been completed by 2031.",
            {
                "as_of": 2031,
                "value": 5,
                "unit": "promised bridges",
                "bound": "exact",
                "stated_as": "only 5 of the 20 promised bridges",
            },
        ),
        (
            "Invented: 800 engineers have been trained so far.",
            {
                "as_of": "not stated in these words",
                "value": 800,
                "unit": "engineers",
                "bound": "exact",
                "stated_as": "800 engineers",
            },
        ),
        ("Invented: 24 per cent of the target had been reached by 2031.", {"as_of": 2031, "share": 24}),
        (
            "Invented: about 60% of the USD 5 billion had been spent to date.",
            {"as_of": "not stated in these words", "share": 60},
        ),
    ],
)
def test_a_sentence_that_reports_what_was_reached_by_a_date_is_a_progress_stub(text, fields):
    sentence = text.removeprefix("Invented: ")
    text = "Invented. " + sentence  # the quote is the sentence
    (stub,) = _progress_of(text)
    assert stub.fields == fields
    assert stub.quote == sentence and text[stub.start : stub.end] == stub.quote
    assert not [c for c in suggest(text) if c.kind == "due"]  # its date is its as_of


@pytest.mark.parametrize(
    "text",
    [
        "Invented: Northland will invest NLD 50 billion by 2035.",
        "Invented: Northland will invest NLD 50 billion in ports by 2035, as it has invested NLD 5 billion in roads.",
        "Invented: Southland will have trained 5,000 nurses by 2031.",
        "Invented: the two sides aim to have opened 20 new consulates by 2034.",
        "Invented: 12 harbour cranes are expected to be in service by 2031.",
        "Invented: Northland has pledged to invest NLD 50 billion by 2035.",
        "Invented: the two sides have agreed to train 5,000 nurses by 2031.",
        "Invented: 5,000 nurses are to be trained by 2031.",
        "Invented: Southland is on track to reach 5,000 nurses by 2031.",
        "Invented: targets: 5,000 trained nurses by 2031.",
        "Invented: an agreement was reached in 2030 on NLD 2 billion for green shipping.",
        "Invented: the two sides reached an agreement on NLD 2 billion by 2030.",
        "Invented: a new target of JPY 10 trillion in private investment has been set.",
        "Invented: 5,000 nurses had not been trained by 2031.",
        "Invented: the joint secretariat had opened by 2031.",  # nothing counted
    ],
)
def test_a_promise_or_a_report_of_no_figure_is_no_progress(text):
    assert not _progress_of(text), _progress_of(text)


def test_a_promise_keeps_its_due_date(statement_graph):
    found = suggest("Invented: Northland will invest NLD 50 billion by 2035.", statement_graph)
    assert [(c.kind, c.quote) for c in found if c.kind != "mention"] == [
        ("amount", "NLD 50 billion"),
        ("due", "by 2035"),
    ]


@pytest.mark.parametrize(
    "text, unit, toward",
    [
        # nearest by value first
        ("Invented: NLD 3 billion had been invested by 2034.", "nld", ["green-shipping-fund", "port-investment"]),
        ("Invented: NLD 40 billion had been invested by 2034.", "nld", ["port-investment", "green-shipping-fund"]),
        # the target's figure the text names comes first
        (
            "Invented: NLD 3 billion of the NLD 50 billion had been invested by 2034.",
            "nld",
            ["port-investment", "green-shipping-fund"],
        ),
        # a count unit through its label ("harbour crane"), its id ("student"), a run of the words ("consulates")
        ("Invented: 4 harbour cranes were in service in 2031.", "crane", ["harbour-cranes"]),
        ("Invented: 9,000 students had taken part by 2031.", "student", ["student-exchange"]),
        ("Invented: 3 new consulates had opened by 2031.", "consulate", ["new-consulates"]),
        ("Invented: 3 embassies had opened by 2031.", "embassies", []),  # no unit of the graph
    ],
)
def test_toward_candidates_are_the_graphs_targets_in_the_same_unit(text, unit, toward, statement_graph):
    (stub,) = _progress_of(text, statement_graph)
    assert (stub.fields["unit"], stub.fields["toward_candidates"]) == (unit, toward)


def test_a_currency_is_matched_through_its_iso_code_and_its_amounts_found(tmp_path):
    text = "Invented: a fund of SEK 40 million for ferries; 90 ferry trips."
    make_source(
        tmp_path / "sources",
        text,
        [
            {
                "id": "krona",
                "type": "Currency",
                "label": "Swedish krona",
                "iso4217": "SEK",
                "evidence": ["SEK 40 million"],
            },
            {"id": "trip", "type": "CountUnit", "label": "ferry trip", "evidence": ["90 ferry trips"]},
            {
                "id": "ferry-fund",
                "type": "Target",
                "label": "A fund of SEK 40 million",
                "value": 40_000_000,
                "unit": "krona",
                "bound": "exact",
                "stated_as": "SEK 40 million",
                "evidence": ["a fund of SEK 40 million for ferries"],
            },
        ],
    )
    graph = load_sources(tmp_path / "sources")
    (stub,) = _progress_of("Invented: SEK 25 million had been spent by 2031; sek 5 million more.", graph)
    assert (stub.fields["unit"], stub.fields["toward_candidates"], stub.fields["value"]) == (
        "krona",
        ["ferry-fund"],
        25_000_000,
    )
    assert [
        c.quote for c in suggest("Invented: sek 5 million.", graph) if c.kind == "amount"
    ] == []  # a code in capitals


def test_without_the_graph_a_progress_stub_has_no_toward_candidates_and_its_units_words():
    text = REPORT.with_suffix(".txt").read_text(encoding="utf-8")
    stubs = _progress_of(text)
    assert len(stubs) == 5 and not [s for s in stubs if "toward_candidates" in s.fields]
    assert [s.fields.get("unit") for s in stubs] == [
        "students",
        None,  # NLD 30 billion, NLD not a currency known without the graph: the figure, its unit not named
        "harbour cranes",
        "nurses",
        "new consulates",
    ]
    assert stubs[1].fields["value"] == 30_000_000_000  # not 30 "billion"


@pytest.mark.parametrize(
    "text, quote, value, bound",
    [
        ("Invented: the number rose to 2 million by 2031.", "2 million", 2_000_000, "exact"),
        ("Invented: enrolment reached 2.3 lakh.", "2.3 lakh", 230_000, "exact"),
        ("Invented: about 5 crore by 2030.", "about 5 crore", 50_000_000, "about"),
        ("Invented: 30 billion of the 50 billion pledged.", "30 billion", 30_000_000_000, "exact"),
        ("Invented: 1.5 lakh crore in all.", "1.5 lakh crore", 1_500_000_000_000, "exact"),
    ],
)
def test_a_figure_with_its_scale_and_no_unit_is_a_count_of_its_whole_value(text, quote, value, bound):
    """A scale word is never the thing counted: "2 million" is two million of a unit the curator names,
    not 2 of "million"."""
    first = next(c for c in suggest(text) if c.kind == "count")
    assert (first.quote, first.fields) == (quote, {"value": value, "unit": None, "bound": bound})
    assert text[first.start : first.end] == quote


def test_a_report_of_a_figure_with_its_scale_and_no_unit_is_a_progress_stub_of_that_figure():
    (stub,) = _progress_of("Invented: visitors reached 1.2 million in 2024.")
    assert stub.fields == {
        "as_of": 2024,
        "value": 1_200_000,
        "unit": None,
        "bound": "exact",
        "stated_as": "1.2 million",
    }


# ------------------------------------------------------------------ issue 24: near mentions, units, new patterns
#: An invented graph for near matches and units: two countries, names that texts shorten, reorder and
#: inflect, a person, units and a currency whose id is not its ISO code, and targets that teach the words
#: of their units.
NEAR_TEXT = (
    "Invented fixture. Freedonia and Sylvania adopted the Freedonia \u2013 Sylvania Joint Vision for the Next "
    "Decade. The Ministry of External Affairs of Freedonia, the Ministry of External Affairs of Sylvania and the "
    "Prime Minister's Office of Sylvania will coordinate with the National Skill Development Corporation. Rufus "
    "T. Firefly is Prime Minister of Freedonia; the 15th Freedonia-Sylvania Annual Summit met; joint health "
    "research. Targets: an exchange of 500,000 personnel over five years, 50,000 skilled personnel, three "
    "delegation visits, JPY 5 billion."
)
NEAR_ENTITIES = [
    {"id": "freedonia", "type": "Country", "label": "Freedonia", "evidence": ["Freedonia"]},
    {"id": "sylvania", "type": "Country", "label": "Sylvania", "evidence": ["Sylvania"]},
    {
        "id": "joint-vision",
        "type": "JointStatement",
        "label": "Freedonia \u2013 Sylvania Joint Vision for the Next Decade",
        "title": "Freedonia \u2013 Sylvania Joint Vision for the Next Decade",
        "parties": ["freedonia", "sylvania"],
        "evidence": ["Freedonia \u2013 Sylvania Joint Vision for the Next Decade"],
    },
    {
        "id": "mea-freedonia",
        "type": "Ministry",
        "label": "Ministry of External Affairs of Freedonia",
        "country": "freedonia",
        "evidence": ["Ministry of External Affairs of Freedonia"],
    },
    {
        "id": "mea-sylvania",
        "type": "Ministry",
        "label": "Ministry of External Affairs of Sylvania",
        "country": "sylvania",
        "evidence": ["Ministry of External Affairs of Sylvania"],
    },
    {
        "id": "pmo-sylvania",
        "type": "Organisation",
        "label": "Prime Minister's Office of Sylvania",
        "evidence": ["Prime Minister's Office of Sylvania"],
    },
    {
        "id": "skills-corporation",
        "type": "Organisation",
        "label": "National Skill Development Corporation",
        "evidence": ["National Skill Development Corporation"],
    },
    {"id": "rufus-firefly", "type": "Person", "label": "Rufus T. Firefly", "evidence": ["Rufus T. Firefly"]},
    {
        "id": "pm-freedonia",
        "type": "Office",
        "label": "Prime Minister of Freedonia",
        "country": "freedonia",
        "evidence": ["Prime Minister of Freedonia"],
    },
    {
        "id": "summit-15",
        "type": "Summit",
        "label": "15th Freedonia-Sylvania Annual Summit",
        "evidence": ["15th Freedonia-Sylvania Annual Summit"],
    },
    {
        "id": "health-research",
        "type": "Activity",
        "label": "Joint health research",
        "evidence": ["joint health research"],
    },
    {"id": "person", "type": "CountUnit", "label": "person", "evidence": ["500,000 personnel"]},
    {"id": "delegation-visit", "type": "CountUnit", "label": "delegation visit", "evidence": ["delegation visits"]},
    {
        "id": "japanese-yen",
        "type": "Currency",
        "label": "Japanese yen",
        "iso4217": "JPY",
        "evidence": ["JPY 5 billion"],
    },
    {
        "id": "personnel-exchange",
        "type": "Target",
        "label": "Exchange of 500,000 personnel over five years",
        "value": 500_000,
        "unit": "person",
        "bound": "exact",
        "stated_as": "500,000 personnel",
        "period": {"duration": "P5Y"},
        "evidence": ["an exchange of 500,000 personnel over five years"],
    },
    {
        "id": "skilled-personnel",
        "type": "Target",
        "label": "50,000 skilled personnel",
        "value": 50_000,
        "unit": "person",
        "bound": "exact",
        "stated_as": "50,000 skilled personnel",
        "evidence": ["50,000 skilled personnel"],
    },
]


@pytest.fixture(scope="module")
def near_graph(tmp_path_factory):
    folder = tmp_path_factory.mktemp("near") / "sources"
    make_source(folder, NEAR_TEXT, NEAR_ENTITIES, source_id="near-fixture")
    return load_sources(folder)


def _mentions_of(text: str, graph) -> dict[str, object]:
    found = {c.fields["about"]: c for c in suggest(text, graph) if c.kind == "mention"}
    for c in found.values():
        assert text[c.start : c.end] == c.quote
    return found


@pytest.mark.parametrize(
    "text, about, quote, differs",
    [
        # a leading part left out
        (
            "Invented: they adopted the Joint Vision for the Next Decade.",
            "joint-vision",
            "Joint Vision for the Next Decade",
            "text lacks 'Freedonia \u2013 Sylvania'",
        ),
        # another word order, a possessive for "of"
        (
            "Invented: Freedonia's Ministry of External Affairs said so.",
            "mea-freedonia",
            "Freedonia's Ministry of External Affairs",
            "word order differs",
        ),
        ("Invented: Sylvania's Prime Minister's Office said so.", "pmo-sylvania", None, "word order differs"),
        # a country's people for the country
        ("Invented: the Freedonian Prime Minister spoke.", "pm-freedonia", None, "'Freedonian' for 'Freedonia'"),
        # a plural
        ("Invented: the Ministries of External Affairs of Freedonia met.", "mea-freedonia", None, "'Ministries'"),
        # a word added, in the middle of the name
        (
            "Invented: an exchange of 500,000 personnel over the next five years.",
            "personnel-exchange",
            "exchange of 500,000 personnel over the next five years",
            "text adds 'next'",
        ),
        # the other form of a verb's noun
        (
            "Invented: 500,000 personnel exchanged over five years.",
            "personnel-exchange",
            "500,000 personnel exchanged over five years",
            "'exchanged' for 'Exchange'",
        ),
        # a person's family name after a title
        ("Invented: Prime Minister Firefly spoke.", "rufus-firefly", "Firefly", "text lacks 'Rufus T'"),
    ],
)
def test_a_name_said_otherwise_is_a_near_mention_that_says_how(text, about, quote, differs, near_graph):
    found = _mentions_of(text, near_graph)
    assert about in found, {k: c.quote for k, c in found.items()}
    fields = found[about].fields
    assert fields["match"] == "near" and differs in fields["differs"], fields
    assert quote is None or found[about].quote == quote


def test_the_same_near_words_name_every_entity_they_fit_alike(near_graph):
    """'the Ministry of External Affairs' is as near Freedonia's as Sylvania's: both, for the curator."""
    found = _mentions_of("Invented: the Ministry of External Affairs met.", near_graph)
    assert {"mea-freedonia", "mea-sylvania"} <= set(found)
    assert found["mea-freedonia"].fields["differs"] == "text lacks 'Freedonia'"


@pytest.mark.parametrize(
    "text, about",
    [
        ("Invented: the 17th Freedonia-Sylvania Annual Summit met.", "summit-15"),  # another summit
        ("Invented: joint research on batteries.", "health-research"),  # two of three words: not enough
        ("Invented: the Joint Vision was read.", "joint-vision"),  # two of six
        ("Invented: Freedonia and Sylvania will work for the next decade.", "joint-vision"),
        ("Invented: Mr Rufus spoke.", "pm-freedonia"),
    ],
)
def test_words_that_only_share_some_of_a_name_are_no_mention(text, about, near_graph):
    assert about not in _mentions_of(text, near_graph)


def test_a_near_mention_joins_no_two_things_its_name_does_not(near_graph):
    """'and' joins the ministry of one country and the other's counterpart: no match of all the words of
    Sylvania's ministry; the ministry's name alone fits both alike."""
    found = _mentions_of("Invented: the Ministry of External Affairs and its Sylvanian counterpart.", near_graph)
    assert {c.quote for c in found.values() if c.fields["about"].startswith("mea-")} == {"Ministry of External Affairs"}


def test_an_exact_mention_stays_as_it_was_and_a_later_one_takes_the_candidate(near_graph):
    text = (
        "Invented: the Joint Vision for the Next Decade, the Freedonia \u2013 Sylvania Joint Vision for the Next"
        " Decade."
    )
    (mention,) = [c for c in suggest(text, near_graph) if c.kind == "mention" and c.fields["about"] == "joint-vision"]
    assert "match" not in mention.fields and "differs" not in mention.fields
    assert mention.quote.startswith("Freedonia") and mention.fields["occurs"] == 2


def test_an_abbreviation_the_text_gives_names_the_entity_after(near_graph):
    text = (
        "Invented: the National Skill Development Corporation (NSDC) will train nurses. NSDC will report; "
        "the NSDC's board and NSDCX (another) too."
    )
    found = _mentions_of(text, near_graph)
    corporation = found["skills-corporation"]
    assert corporation.quote == "National Skill Development Corporation" and "match" not in corporation.fields
    assert corporation.fields["occurs"] == 3 and corporation.fields["abbreviation"] == "NSDC"


def test_near_mentions_of_the_embedded_graph_derived_from_its_labels(sources):
    """Each label of the embedded graph that names a country of the graph besides three distinctive words or
    more, written without the country's name ("Special Strategic and Global Partnership"), is a near mention
    of its entity."""
    from jointvision.source.mentions import _SMALL_WORDS
    from jointvision.source.mentions import texts_of as _texts

    entities = [e for s in sources for e in s.entities if not e.about and e.type not in ("CountUnit", "Tenure")]
    countries = {_texts(e.values["label"][0])[0] for e in entities if e.type == "Country"}
    country = rf"\(?\b(?:{'|'.join(map(re.escape, countries))})\b\)?(?:\s*[-\u2013]\s*)?"
    tried = 0
    for entity in entities:
        label = _texts(entity.values["label"][0])[0]
        words = re.findall(r"[^\W_]+", label)
        others = [w for w in words if w not in countries and w.lower() not in _SMALL_WORDS]
        if len(others) < 3 or not set(words) & countries or re.search(r"\d", label) or words[-1] in countries:
            continue
        text = f"Invented: they spoke of the {re.sub(country, '', label).strip()} today."
        found = [c for c in suggest(text, sources) if c.kind == "mention" and c.fields.get("match") == "near"]
        assert entity.id in {c.fields["about"] for c in found}, (entity.id, text, [c.fields for c in found])
        tried += 1
    assert tried >= 5


@pytest.mark.parametrize(
    "text, unit, words, new",
    [
        # a count unit of the graph, by its label, a synonym, the words of a target in it, or a run of its words
        ("Invented: 500,000 personnel.", "person", "personnel", None),
        ("Invented: 300 people.", "person", "people", None),
        ("Invented: 20 skilled personnel.", "person", "skilled personnel", None),
        ("Invented: 3 delegation visits a year.", "delegation-visit", "delegation visits", None),
        # none fits: a new unit, its head in the singular, with the words that name a kind of it
        ("Invented: 40 scholarships.", "scholarship", "scholarships", {"id": "scholarship", "label": "scholarship"}),
        ("Invented: 12 Indian cities.", "city", "Indian cities", {"id": "city", "label": "city"}),
        (
            "Invented: 100 joint research projects.",
            "research-project",
            "joint research projects",
            {"id": "research-project", "label": "research project"},
        ),
        ("Invented: 6 agreements were signed.", "agreement", "agreements", {"id": "agreement", "label": "agreement"}),
        # a new unit's id is no id of the graph's
        ("Invented: 4 freedonias.", "freedonia-unit", "freedonias", {"id": "freedonia-unit", "label": "freedonia"}),
    ],
)
def test_a_counts_unit_is_the_graphs_or_a_new_one_to_add(text, unit, words, new, near_graph):
    (count,) = [c for c in suggest(text, near_graph) if c.kind == "count"]
    assert (count.fields["unit"], count.fields["unit_words"]) == (unit, words)
    assert count.fields.get("new_unit") == ({**new, "type": "CountUnit"} if new else None)
    assert (count.unit_ref.id, count.unit_ref.new, count.unit_ref.words) == (unit, new is not None, words)


@pytest.mark.parametrize(
    "text, unit, new",
    [
        ("Invented: JPY 5 billion.", "japanese-yen", None),  # the graph's id, not the ISO code
        ("Invented: \u00a55 billion.", "japanese-yen", None),
        ("Invented: 5 billion yen.", "japanese-yen", None),
        ("Invented: 5 billion Japanese yen.", "japanese-yen", None),
        ("Invented: Rs 500 crore.", "inr", {"label": "Indian rupee", "iso4217": "INR"}),
        ("Invented: INR 500 crore.", "inr", {"label": "Indian rupee", "iso4217": "INR"}),
        ("Invented: 500 crore rupees.", "inr", {"label": "Indian rupee", "iso4217": "INR"}),
        ("Invented: US$ 5 million.", "usd", {"label": "US dollar", "iso4217": "USD"}),
        ("Invented: 5 million dollars.", "usd", {"label": "US dollar", "iso4217": "USD"}),
        ("Invented: 5 million US dollars.", "usd", {"label": "US dollar", "iso4217": "USD"}),
    ],
)
def test_an_amounts_currency_is_the_graphs_or_a_new_one_to_add(text, unit, new, near_graph):
    (amount,) = [c for c in suggest(text, near_graph) if c.kind == "amount"]
    assert amount.fields["unit"] == unit
    assert amount.fields.get("new_unit") == ({"id": unit, "type": "Currency", **new} if new else None)
    assert amount.unit_ref.type == "Currency" and amount.unit_ref.new == (new is not None)


@pytest.mark.parametrize(
    "text, per, new",
    [
        ("Invented: Rs 2.5 lakh per trainee.", "trainee", {"id": "trainee", "type": "CountUnit", "label": "trainee"}),
        ("Invented: USD 40 per person.", "person", None),
        ("Invented: 2 books per student.", "student", {"id": "student", "type": "CountUnit", "label": "student"}),
    ],
)
def test_a_figure_per_a_unit_names_the_unit(text, per, new, near_graph):
    (figure,) = [c for c in suggest(text, near_graph) if c.kind in ("amount", "count")]
    assert figure.quote.endswith(f"per {figure.fields['per_words']}")
    assert figure.fields["per"] == per and figure.fields.get("new_per_unit") == new
    assert figure.per_ref is not None and figure.per_ref.id == per
    alone = [c for c in suggest(text) if c.kind in ("amount", "count")]  # without the graph: the words
    assert alone[0].fields["per"] == figure.fields["per_words"] and "per_words" not in alone[0].fields


def test_the_embedded_graphs_targets_resolve_to_their_units(sources):
    """Derived from the graph: each target in a count unit, its stated_as read alone, is a count of that unit."""
    targets = [e for s in sources for e in s.entities if e.type == "Target" and e.values.get("unit")]
    units = {e.id for s in sources for e in s.entities if e.type == "CountUnit"}
    counted = [t for t in targets if str(t.values["unit"][0].value) in units]
    assert counted
    for target in counted:
        stated = str(target.values["stated_as"][0].value)
        counts = [c for c in suggest(f"Invented: {stated}.", sources) if c.kind == "count"]
        assert counts and counts[0].fields["unit"] == str(target.values["unit"][0].value), (stated, counts)
        assert "new_unit" not in counts[0].fields


@pytest.mark.parametrize(
    "text, kind, quote, fields",
    [
        ("Invented: they meet twice a year.", "rate", "twice a year", {"times": 2, "per": "P1Y"}),
        ("Invented: they meet once a year.", "rate", "once a year", {"times": 1, "per": "P1Y"}),
        ("Invented: they meet three times a year.", "rate", "three times a year", {"times": 3, "per": "P1Y"}),
        ("Invented: a dialogue every two years.", "rate", "every two years", {"times": 1, "per": "P2Y"}),
        ("Invented: a dialogue every other year.", "rate", "every other year", {"times": 1, "per": "P2Y"}),
        ("Invented: a group that meets every six months.", "rate", "every six months", {"times": 1, "per": "P6M"}),
        ("Invented: they report annually.", "rate", "annually", {"times": 1, "per": "P1Y"}),
        ("Invented: they report quarterly.", "rate", "quarterly", {"times": 1, "per": "P3M"}),
        (
            "Invented: from April 2026 to March 2031.",
            "period",
            "from April 2026 to March 2031",
            {"period": {"start": "2026-04", "end": "2031-03"}},
        ),
        ("Invented: in FY 2025-26.", "period", "FY 2025-26", {"period": {"start": "2025-04", "end": "2026-03"}}),
        ("Invented: the 2025-26 budget.", "period", "2025-26", {"period": {"start_year": 2025, "end_year": 2026}}),
        ("Invented: invested since 2022.", "period", "since 2022", {"period": {"start": 2022}}),
        ("Invented: open from 2027 onwards.", "period", "from 2027 onwards", {"period": {"start": 2027}}),
        ("Invented: signed in January 2019.", "date", "January 2019", {"start_date": "2019-01"}),
        ("Invented: it opens in 2028.", "date", "in 2028", {"start_date": 2028}),
        (
            "Invented: on 19 and 20 March 2022.",
            "date",
            "19 and 20 March 2022",
            {"start_date": "2022-03-19", "end_date": "2022-03-20"},
        ),
        (
            "Invented: on March 19 and 20, 2022.",
            "date",
            "March 19 and 20, 2022",
            {"start_date": "2022-03-19", "end_date": "2022-03-20"},
        ),
        ("Invented: on 5 and 9 May 2023.", "date", "5 and 9 May 2023", {"dates": ["2023-05-05", "2023-05-09"]}),
        (
            "Invented: Rs 2.5 lakh per trainee.",
            "amount",
            "Rs 2.5 lakh per trainee",
            {"value": 250_000, "unit": "inr", "bound": "exact", "per": "trainee"},
        ),
        (
            "Invented: 3 meals per person.",
            "count",
            "3 meals per person",
            {"value": 3, "unit": "meals", "bound": "exact", "per": "person"},
        ),
        ("Invented: the first meeting of the council.", "ordinal", "first meeting", {"ordinal": 1}),
        ("Invented: the Third Annual Review.", "ordinal", "Third Annual Review", {"ordinal": 3}),
        ("Invented: a share of 40 per cent.", "share", "40 per cent", {"share": 40}),
        (
            "Invented: the number of teachers rises to 2,000 by 2030.",
            "count",
            "2,000",
            {"value": 2000, "unit": None, "bound": "exact"},
        ),
    ],
)
def test_rates_months_days_and_units_per(text, kind, quote, fields):
    found = [(c.quote, c.fields) for c in suggest(text) if c.kind == kind]
    assert (quote, fields) in found, found


@pytest.mark.parametrize(
    "text",
    [
        "Invented: the Joint Vision sets out five pillars.",
        "Invented: it names eight directions to steer the partnership.",
        "Invented: this statement has three sections.",
        "Invented: cooperation in the following four areas: ports, ships, rail and roads.",
        "Invented: the plan has 4 priorities and 12 chapters.",
        "Invented: a Track 1.5 dialogue annually.",  # a name's number
        "Invented: they met in Phase 2 hearings.",
        "Invented: they meet twice a year.",  # a rate, not a count of times
    ],
)
def test_no_count_of_the_texts_own_parts_or_of_a_name(text):
    assert not [c for c in suggest(text) if c.kind == "count"], suggest(text)


@pytest.mark.parametrize(
    "text, quote, unit",
    [
        ("Invented: five new sections of railway by 2030.", "five new sections", "new sections"),
        ("Invented: more than 20 areas will be covered.", "more than 20 areas", "areas"),
        ("Invented: 10 priority areas by 2030.", "10 priority areas", "priority areas"),
    ],
)
def test_a_count_of_parts_with_a_targets_words_is_a_count(text, quote, unit):
    assert [(c.quote, c.fields["unit"]) for c in suggest(text) if c.kind == "count"] == [(quote, unit)]


@pytest.mark.parametrize(
    "text, quote, unit",
    [
        ("Invented: the 6 agreements were signed.", "6 agreements", "agreements"),
        ("Invented: 6 agreements signed in May.", "6 agreements", "agreements"),
        ("Invented: 24 trainsets will be supplied.", "24 trainsets", "trainsets"),
        ("Invented: 12 Indian cities will benefit.", "12 Indian cities", "indian cities"),
        ("Invented: 500,000 personnel exchanged over time.", "500,000 personnel", "personnel"),
        ("Invented: 30 students visiting the port.", "30 students", "students"),
        ("Invented: 50,000 skilled personnel and talents.", "50,000 skilled personnel", "skilled personnel"),
        ("Invented: three delegation visits per year.", "three delegation visits per year", "delegation visits"),
    ],
)
def test_a_counts_unit_is_a_noun_phrase_never_a_verb_phrase(text, quote, unit):
    assert [(c.quote, c.fields["unit"]) for c in suggest(text) if c.kind == "count"] == [(quote, unit)]


# ---------------------------------------------------------------- issue 24: measured on invented statements
KEYS = ROOT / "tests" / "data" / "suggest"


def _span_of(text: str, quote: str, nth: int = 1) -> tuple[int, int]:
    """Where the ``nth`` whole-word occurrence of ``quote`` stands in ``text``."""
    return list(re.finditer(rf"(?<!\w){re.escape(quote)}(?!\w)", text))[nth - 1].span()


def _holds(fields, expected) -> bool:
    """Whether a candidate's fields hold the values a key expects (nested, compared as text)."""
    if isinstance(expected, dict):
        return isinstance(fields, dict) and all(k in fields and _holds(fields[k], v) for k, v in expected.items())
    return str(fields) == str(expected)


def _measure(name: str, sources) -> dict:
    """suggest on an invented text against its hand-made answer key: the share of the figures (and of the
    entities the graph holds that it names) found, and the candidates the key has no place for."""
    from jointvision.source.mentions import texts_of as _texts

    text = (KEYS / f"{name}.txt").read_text(encoding="utf-8")
    key = yaml.safe_load((KEYS / f"{name}.expected.yaml").read_text(encoding="utf-8"))
    found = suggest(text, sources)
    figures = [c for c in found if c.kind != "mention"]
    matched, missed = set(), []
    for item in key["figures"]:
        start, end = _span_of(text, item["quote"], item.get("nth", 1))
        hits = [
            c
            for c in figures
            if c.kind == item["kind"] and c.start < end and start < c.end and _holds(c.fields, item.get("fields", {}))
        ]
        matched.update(id(c) for c in hits)
        if not hits and not item.get("optional"):
            missed.append(item["quote"])
    ids = {t: e.id for s in sources for e in s.entities if not e.about for v in e.values["label"] for t in _texts(v)}
    wanted = {ids[m["label"]]: m for m in key["mentions"]}
    mentioned = {c.fields["about"] for c in found if c.kind == "mention"}
    required = [m for m, entry in wanted.items() if not entry.get("optional")]
    return {
        "figures": 1 - len(missed) / len([i for i in key["figures"] if not i.get("optional")]),
        "missed": missed,
        "mentions": len([m for m in required if m in mentioned]) / len(required),
        "false": [c.quote for c in figures if id(c) not in matched] + sorted(mentioned - set(wanted)),
        "characters": len(text),
    }


@pytest.mark.parametrize(
    "name",
    [
        "invented-statement",
        "invented-2plus2",
        "invented-fact-sheet",
        "invented-press-statement",
        "invented-joint-statement-2027",
        "invented-outcomes",
        "invented-roadmap",
        "invented-summit-2028",
        "invented-second-year-statement",  # 10,000 characters, its key written before suggest was run on it
    ],
)
def test_on_invented_statements_suggest_finds_what_a_person_marks(name, sources):
    """The issue's goal, on invented joint-statement texts and their answer keys: at least 95% of the figures,
    dates and periods, 90% of the mentions of entities the graph holds, at most one false candidate in 1,000
    characters."""
    measured = _measure(name, sources)
    assert measured["figures"] >= 0.95, measured["missed"]
    assert measured["mentions"] >= 0.9, measured
    assert len(measured["false"]) <= measured["characters"] / 1000, measured["false"]


# ---------------------------------------------------------------------------- issue 24: mentions stay fast
def _graph_of(labels: list[tuple[str, str]]) -> list:
    """Fact files in memory (as the loader gives them) of entities of these types and labels."""
    from types import SimpleNamespace

    entities = [
        SimpleNamespace(id=f"e{i}", type=kind, about=False, values={"label": [label]})
        for i, (kind, label) in enumerate(labels)
    ]
    return [SimpleNamespace(source_id="synthetic", entities=entities, text="")]


def _synthetic_labels(facts: int) -> list[tuple[str, str]]:
    """The types and labels of the synthetic graph of benchmarks (graph/jointvision/rdf/synthetic.py)."""
    from rdflib.namespace import RDF, RDFS

    from jointvision.rdf.synthetic import synthetic_graph

    graph = synthetic_graph(facts)
    return [
        (str(graph.value(node, RDF.type)).rsplit("#", 1)[-1].rsplit("/", 1)[-1], str(label))
        for node, label in graph.subject_objects(RDFS.label)
        if graph.value(node, RDF.type) is not None
    ]


def _wordy_labels(n: int, sources) -> list[tuple[str, str]]:
    """``n`` labels of two to seven words drawn at random (seeded) from the embedded graph's labels: names
    that share their words, the hard case for near matches."""
    import random

    from jointvision.source.mentions import texts_of as _texts

    words = sorted(
        {w for s in sources for e in s.entities for v in e.values.get("label", []) for w in _texts(v)[0].split()}
    )
    rng = random.Random(24)
    kinds = ["Activity", "Program", "Goal", "Organisation", "Person", "Initiative"]
    return [(rng.choice(kinds), " ".join(rng.choice(words) for _ in range(rng.randint(2, 7)))) for _ in range(n)]


def _cpu_seconds(text: str, graph) -> float:
    import time

    times = []
    for _ in range(3):
        began = time.process_time()
        suggest(text, graph)
        times.append(time.process_time() - began)
    return min(times)


@pytest.mark.parametrize("make", ["synthetic", "wordy"])
def test_suggest_on_30000_characters_with_hundreds_of_entities_takes_well_under_a_second(make, sources):
    text = (KEYS / "invented-statement.txt").read_text(encoding="utf-8")
    text = (text * (30_000 // len(text) + 1))[:30_000]
    labels = _synthetic_labels(400) if make == "synthetic" else _wordy_labels(400, sources)
    assert _cpu_seconds(text, _graph_of(labels)) < 0.5
    assert _cpu_seconds(text, sources) < 0.5


@pytest.mark.parametrize(
    "unit",
    [
        "Invented: the Ministry of External Affairs of Freedonia and Sylvania's Prime Minister's Office; ",
        "Ministry External Affairs Freedonia Ministry Sylvania Office Prime Minister Joint Vision Decade ",
        "the National Skill Development Corporation (NSDC) and NSDC ",
    ],
)
def test_near_mentions_cost_time_in_proportion(unit, near_graph):
    """Near names over and over, in one clause or many, and abbreviations: linear cost."""
    _grows_linearly(lambda size: unit * (size // len(unit)), near_graph)
    found = _mentions_of(unit * 100, near_graph)
    assert found and all(c.fields["occurs"] >= 100 for c in found.values() if c.fields.get("match") == "near")


@pytest.mark.parametrize("make", ["synthetic", "wordy"])
def test_mentions_grow_with_the_graph_no_faster_than_it(make, sources):
    """1,000 then 4,000 entities: about four times the time (quadratic code would take sixteen)."""
    text = (KEYS / "invented-statement.txt").read_text(encoding="utf-8")
    text = (text * (30_000 // len(text) + 1))[:30_000]
    sizes = {}
    for n in (1_000, 4_000):
        labels = _synthetic_labels(n) if make == "synthetic" else _wordy_labels(n, sources)
        sizes[n] = _cpu_seconds(text, _graph_of(labels))
    assert sizes[4_000] / max(sizes[1_000], 0.01) < 8 and sizes[4_000] < 5, sizes
