"""`jointvision suggest`: candidate amounts, counts, periods and dates with
their quotes and offsets. TEXT is an invented test fixture."""

from __future__ import annotations

from decimal import Decimal

import pytest
import yaml
from click.testing import CliRunner

from jointvision.cli import main
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
    assert counts["Three delegation visits"]["value"] == 3
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
    result = CliRunner().invoke(main, ["suggest", str(path)])
    assert result.exit_code == 0, result.output
    stubs = yaml.safe_load(result.output)
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
