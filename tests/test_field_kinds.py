"""The registry of field kinds (source/kinds.py) and the rules across fields
(source/rules.py, declared in source/schema.py): each kind's reading of a
raw YAML scalar, its message for a wrong one and its RDF term; a kind added
to the registry is usable by a field without touching the reader or the
builder. Every fixture text here is invented."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from rdflib import URIRef

from factories import make_source
from jointvision.errors import SourceErrors
from jointvision.rdf import mapping
from jointvision.rdf.build import source_nquads, term_text
from jointvision.rdf.namespaces import JV, VOCAB
from jointvision.source import kinds, schema
from jointvision.source.kinds import XSD, Kind, KindError, PartialDate, Text, form
from jointvision.source.reader import read_source_file
from jointvision.source.rules import Facts, both_or_neither, exclusive, in_a_quote, needs, ordered

JVD = "https://w3id.org/jointvision/id/"
FLAG_COLOUR = URIRef(f"{VOCAB}flagColour")  # an invented predicate, in no ontology

# kind, raw text, written in quotes, the value read, its N-Triples term
VALID = [
    ("str", "Land A", False, "Land A", '"Land A"'),
    ("str", 'say "hi"\n', True, 'say "hi"\n', r'"say \"hi\"\n"'),
    # a text read alone has no language (the reader gives it its source's): a plain string
    ("text", "Land A", False, Text("Land A"), '"Land A"'),
    ("text", "contact: press@gov.example", True, Text("contact: press@gov.example"), '"contact: press@gov.example"'),
    ("ref", "next-gen-health", False, "next-gen-health", f"<{JVD}next-gen-health>"),
    ("decimal", "10000000000000", False, Decimal("10000000000000"), f'"10000000000000"^^<{XSD}decimal>'),
    ("decimal", "2.50", False, Decimal("2.50"), f'"2.5"^^<{XSD}decimal>'),
    ("decimal", "0007.0", False, Decimal("7.0"), f'"7"^^<{XSD}decimal>'),
    (
        "decimal",
        "9" * 20 + "." + "9" * 18,
        False,
        Decimal("9" * 20 + "." + "9" * 18),
        f'"{"9" * 20}.{"9" * 18}"^^<{XSD}decimal>',
    ),
    ("posint", "15", False, 15, f'"15"^^<{XSD}integer>'),
    ("posint", "9" * 18, False, int("9" * 18), f'"{"9" * 18}"^^<{XSD}integer>'),
    ("gyear", "2026", False, "2026", f'"2026"^^<{XSD}gYear>'),
    ("date", "2025-08-29", False, date(2025, 8, 29), f'"2025-08-29"^^<{XSD}date>'),
    ("date", "2024-02-29", True, date(2024, 2, 29), f'"2024-02-29"^^<{XSD}date>'),
    ("duration", "P5Y", False, "P5Y", f'"P5Y"^^<{XSD}duration>'),
    ("duration", "P1Y6M", False, "P1Y6M", f'"P1Y6M"^^<{XSD}duration>'),
    ("duration", "P30D", True, "P30D", f'"P30D"^^<{XSD}duration>'),
    ("partial_date", "2030", False, PartialDate("2030"), f'"2030"^^<{XSD}gYear>'),
    ("partial_date", "2030-03", False, PartialDate("2030-03"), f'"2030-03"^^<{XSD}gYearMonth>'),
    ("partial_date", "2030-03-15", True, PartialDate("2030-03-15"), f'"2030-03-15"^^<{XSD}date>'),
    ("integer", "-1", False, -1, f'"-1"^^<{XSD}integer>'),
    ("integer", "0", False, 0, f'"0"^^<{XSD}integer>'),
    ("source_kind", "press-release", False, "press-release", f"<{JV.PressReleaseSource}>"),
    ("source_kind", "assessment", False, "assessment", f"<{JV.AssessmentSource}>"),
    ("completion", "substantial", False, "substantial", f"<{JV.Substantial}>"),
    ("assessed_completion", "no-evidence", False, "no-evidence", f"<{JV.NoEvidence}>"),
    ("bound", "at-least", False, "at-least", f"<{JV.AtLeast}>"),
    ("bound", "about", False, "about", f"<{JV.Approximately}>"),
    ("qid", "Q668", False, "Q668", "<http://www.wikidata.org/entity/Q668>"),
    ("code2", "IN", False, "IN", '"IN"'),
    ("code3", "JPY", False, "JPY", '"JPY"'),
    ("language", "en-GB", False, "en-GB", f'"en-GB"^^<{XSD}language>'),
    (
        "url",
        "https://example.org/a%20b?x=1#f",
        False,
        "https://example.org/a%20b?x=1#f",
        f'"https://example.org/a%20b?x=1#f"^^<{XSD}anyURI>',
    ),
    ("url", "http://[::1]:8080/p", False, "http://[::1]:8080/p", f'"http://[::1]:8080/p"^^<{XSD}anyURI>'),
]

NUMBER = "a number written in digits, not negative, such as 10000000000000 or 2.5"
IDENTIFIER = "an identifier: lower-case words joined by single hyphens, such as next-gen-health"
URL = "an http or https URL such as https://example.org/page (ASCII: percent-encode other characters)"
# kind, raw text, written in quotes, the message
INVALID = [
    ("str", "", False, "must not be empty"),
    ("str", " \t", True, "must not be empty"),
    ("text", " ", True, "must not be empty"),
    (
        "text",
        "日本@ja",
        False,
        "'日本@ja' ends in '@ja', which would be stored as part of the text: give the language as a mapping "
        "of language to text, {ja: 日本} (format: jointvision-source/4)",
    ),
    ("ref", "Bad_Id", False, f"must be {IDENTIFIER}, got 'Bad_Id'"),
    ("ref", "a--b", False, f"must be {IDENTIFIER}, got 'a--b'"),
    ("decimal", "10 trillion", False, f"must be {NUMBER}, got '10 trillion'"),
    ("decimal", "5", True, f"must be {NUMBER}, not a quoted string ('5')"),
    ("decimal", "-5", False, f"must be {NUMBER}, got '-5'"),
    ("decimal", "\u0663", False, f"must be {NUMBER}, got '\u0663'"),  # another script's digit
    (
        "decimal",
        "1" * 21,
        False,
        f"'{'1' * 21}' has too many digits: RDF stores hold decimals of at most 20 digits "
        "before the point and 18 after",
    ),
    (
        "decimal",
        "1." + "1" * 19,
        False,
        f"'1.{'1' * 19}' has too many digits: RDF stores hold decimals of at most "
        "20 digits before the point and 18 after",
    ),
    ("posint", "0", False, "must be a positive whole number, got '0'"),
    ("posint", "3", True, "must be a positive whole number, not a quoted string ('3')"),
    ("posint", "9" * 19, False, f"'{'9' * 19}' has too many digits: at most 18"),
    ("gyear", "99", False, "must be a year such as 2026, got '99'"),
    ("gyear", "2025", True, "must be a year such as 2026, not a quoted string ('2025')"),
    ("date", "2025-2-3", False, "must be a date such as 2025-08-29, got '2025-2-3'"),
    ("date", "2025-02-30", False, "'2025-02-30' is not a calendar date"),
    ("duration", "PT1H", False, "must be a duration in years, months and days such as P5Y, P18M or P1Y6M, got 'PT1H'"),
    ("duration", "P18M", False, "write 'P18M' as 'P1Y6M' (the canonical form, which every RDF store keeps as it is)"),
    ("duration", "P0Y", False, "'P0Y' is a zero duration"),
    (
        "duration",
        "P1234567890Y",
        False,
        "'P1234567890Y' has too many digits: at most 9 in each of years, months and days",
    ),
    (
        "source_kind",
        "blog",
        False,
        "must be one of primary-document, joint-statement, press-release, fact-sheet, speech, news-article, "
        "assessment, got 'blog'",
    ),
    (
        "partial_date",
        "2030-13",
        False,
        "must be a year, a year and month, or a day, such as 2030, 2030-03 or 2030-03-15, got '2030-13'",
    ),
    ("partial_date", "2031-02-29", False, "'2031-02-29' is not a calendar date"),
    ("integer", "+1", False, "must be a whole number written in digits, such as 0, 1 or -1, got '+1'"),
    ("integer", "1", True, "must be a whole number written in digits, such as 0, 1 or -1, not a quoted string ('1')"),
    (
        "completion",
        "no-evidence",
        False,
        "must be one of not-started, limited, substantial, complete, got 'no-evidence'",
    ),
    (
        "assessed_completion",
        "done",
        False,
        "must be one of no-evidence, not-started, limited, substantial, complete, got 'done'",
    ),
    ("bound", "roughly", False, "must be one of exact, at-least, at-most, about, got 'roughly'"),
    ("qid", "Q0", False, "must be a Wikidata identifier such as Q668, got 'Q0'"),
    ("code2", "in", False, "must be a two-letter upper-case code such as IN, got 'in'"),
    ("code3", "JP", False, "must be a three-letter upper-case code such as JPY, got 'JP'"),
    ("language", "en_GB", False, "must be a BCP 47 language tag such as en, ja or hi, got 'en_GB'"),
    ("url", "ftp://example.org", False, f"must be {URL}, got 'ftp://example.org'"),
    ("url", "https://example.org/a b", False, f"must be {URL}, got 'https://example.org/a b'"),
    ("url", "https://example.org/%zz", False, f"must be {URL}, got 'https://example.org/%zz'"),
    ("url", "https://" + "a" * 1993, False, "a URL of 2,001 characters is too long (at most 2,000)"),
]


@pytest.mark.parametrize(("name", "raw", "quoted", "value", "term"), VALID)
def test_a_valid_value_reads_and_becomes_its_rdf_term(name, raw, quoted, value, term):
    kind = kinds.get(name)
    read = kind.parse(raw, quoted)
    assert read == value and type(read) is type(value)
    assert term_text(kind, read) == term
    if (
        kind.datatype is not None
    ):  # a typed literal: its lexical form and datatype (by the value, if it says), from the kind
        datatype = kind.datatype_of(read) if kind.datatype_of else kind.datatype
        assert term == f'"{kind.lexical(read)}"^^<{datatype}>'


@pytest.mark.parametrize(("name", "raw", "quoted", "message"), INVALID)
def test_an_invalid_value_is_refused_with_its_message(name, raw, quoted, message):
    with pytest.raises(KindError) as caught:
        kinds.get(name).parse(raw, quoted)
    assert caught.value.message == message


def test_every_kind_is_tested_valid_and_invalid():
    assert {row[0] for row in VALID} == set(kinds.KINDS) == {row[0] for row in INVALID}


def test_every_field_names_a_registered_kind_and_every_vocabulary_has_its_iris():
    fields = [f for specs in schema.FIELDS.values() for f in specs]
    fields += [*schema.COMMON, *schema.QUANTITY_FIELDS, *schema.PERIOD_FIELDS]
    for spec in fields:
        assert spec.kind in kinds.KINDS, spec
    assert schema.PERIOD.parts == schema.PERIOD_FIELDS  # the one composite: a mapping of its parts
    assert {kind for kind, _ in schema.SOURCE_METADATA.values()} <= set(kinds.KINDS)
    assert {k.vocabulary for k in kinds.KINDS.values() if k.vocabulary} == set(mapping.VOCABULARIES)
    with pytest.raises(KeyError, match="no field kind 'colour'"):
        kinds.get("colour")
    with pytest.raises(ValueError, match="exists already"):
        kinds.register(Kind("date", "a date"))


def test_the_format_page_states_the_limits_and_messages_the_kinds_have():
    from conftest import ROOT

    page = " ".join((ROOT / "docs" / "source-format.md").read_text(encoding="utf-8").split())
    assert f"at most {kinds.DECIMAL_DIGITS} digits before the point and {kinds.FRACTION_DIGITS} after" in page
    assert f"at most {kinds.INTEGER_DIGITS} digits" in page
    assert f"each part of a duration at most {kinds.DURATION_DIGITS}" in page
    example = re.search(r"\.value: (must be .*?, got '10 trillion')", page)
    assert example is not None
    with pytest.raises(KindError) as caught:
        kinds.get("decimal").parse("10 trillion")
    assert caught.value.message == example.group(1)


# ------------------------------------------------------------------ rules
@pytest.mark.parametrize(
    ("rule", "values", "breach"),
    [
        (both_or_neither("a", "b"), {"a": 1, "b": 2}, None),
        (both_or_neither("a", "b"), {}, None),
        (both_or_neither("a", "b"), {"b": 2}, ("give both a and b, or neither", None)),
        (ordered("a", "b"), {"a": 1, "b": 1}, None),
        (ordered("a", "b"), {"a": 2}, None),
        (ordered("a", "b"), {"a": 2, "b": 1}, ("is before a", "b")),
        (ordered("a", "b", message="a is after b"), {"a": 2, "b": 1}, ("a is after b", None)),
        # dates at year or month precision are spans: 2031-04 lies within 2031, so it is not after it
        (ordered("a", "b"), {"a": kinds.PartialDate("2031-04"), "b": kinds.PartialDate("2031")}, None),
        (ordered("a", "b"), {"a": kinds.PartialDate("2031"), "b": kinds.PartialDate("2031-04")}, None),
        (
            ordered("a", "b"),
            {"a": kinds.PartialDate("2031-05"), "b": kinds.PartialDate("2031-04-30")},
            ("is before a", "b"),
        ),
        (ordered("a", "b"), {"a": kinds.PartialDate("2032"), "b": kinds.PartialDate("2031-12")}, ("is before a", "b")),
        (needs("a", "b", "a needs b"), {"a": 1}, ("a needs b", None)),
        (needs("a", "b", "a needs b"), {"a": 1, "b": 1}, None),
        (exclusive("a", ("b", "c"), "not with b or c"), {"a": 1, "c": 1}, ("not with b or c", "a")),
        (exclusive("a", ("b", "c"), "not with b or c"), {"b": 1, "c": 1}, None),
        (in_a_quote("a"), {"a": "five years"}, None),
        (
            in_a_quote("a"),
            {"a": "ten years"},
            ("'ten years' does not occur in any of the entity's evidence quotes", "a"),
        ),
    ],
)
def test_a_rule_names_its_message_and_field(rule, values, breach):
    found = rule.check(Facts("Target", False, values, ("over five years",)))
    assert (None if found is None else (found.message, found.field)) == breach


def test_each_type_gets_the_rules_of_its_fields_in_order():
    names = lambda type_name: [rule.name for rule in schema.rules_for(type_name)]
    assert names("Country") == ["required fields", "evidence"]
    assert names("Visit") == ["required fields", "evidence", "start_date not after end_date"]
    assert names("Tenure") == ["required fields", "evidence", "from not after to"]
    assert names("Loan") == ["required fields", "a quantity in full", "evidence", "stated_as occurs in a quote"]
    assert names("Target") == [
        "required fields",
        "a quantity in full",
        "evidence",
        "flow_between excludes flow_from, flow_to",
        "stated_as occurs in a quote",
    ]


# ------------------------------------------------- a kind added in one place
TEXT = "Invented fixture text: Land A flies a flag of colour #FF8800."


@pytest.fixture
def colour_field(monkeypatch):
    """A throwaway kind ("colour", an xsd:hexBinary literal) registered in
    the registry, and a Country field of that kind: nothing else changes."""
    colour = Kind(
        "colour",
        "a colour such as #FF8800",
        (form(r"#[0-9A-F]{6}"),),
        convert=lambda raw: raw[1:],
        datatype=XSD + "hexBinary",
    )
    monkeypatch.setitem(kinds.KINDS, colour.name, colour)
    monkeypatch.setitem(schema.FIELDS, "Country", (*schema.FIELDS["Country"], schema.Field("flag_colour", "colour")))
    monkeypatch.setitem(mapping.PREDICATES, "flag_colour", FLAG_COLOUR)


def _country(colour: str) -> list[dict]:
    return [{"id": "land-a", "type": "Country", "label": "Land A", "flag_colour": colour, "evidence": ["Land A"]}]


def test_a_new_kind_is_read_and_built_without_touching_reader_or_builder(tmp_path, colour_field):
    src = read_source_file(make_source(tmp_path, TEXT, _country("#FF8800")))
    value = src.entities[0].values["flag_colour"][0]
    assert value.value == "FF8800"
    assert f'<{JVD}land-a> <{FLAG_COLOUR}> "FF8800"^^<{XSD}hexBinary>' in source_nquads(src)


def test_a_new_kind_refuses_a_wrong_value_with_file_line_and_field(tmp_path, colour_field):
    path = make_source(tmp_path, TEXT, _country("orange"))
    with pytest.raises(SourceErrors) as caught:
        read_source_file(path)
    [error] = caught.value.errors
    line = next(i for i, text in enumerate(path.read_text().splitlines(), 1) if "flag_colour" in text)
    assert (error.line, error.field) == (line, "entities[0] (id: land-a).flag_colour")
    assert error.message == "must be a colour such as #FF8800, got 'orange'"
