"""The library surface of queries: ``QueryEngine.query`` takes a named
query's name as the command line does, ``QueryResult.to_dataframe`` types
its columns, and the guard's names are importable from where they were."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from rdflib import Graph, Literal, URIRef

from jointvision.errors import QueryError
from jointvision.sparql.engine import QueryEngine, QueryResult, query_text
from jointvision.sparql.named import named_queries, named_query

pd = pytest.importorskip("pandas")

# --------------------------------------------------------------------------- QueryEngine.query(name)


@pytest.mark.parametrize("name", ["targets", "directions", "sources", "investment-growth"])
def test_a_name_runs_the_named_query(engine, name):
    by_name = engine.query(name)
    by_text = engine.query(named_queries()[name].text)
    assert by_name.rows and by_name.variables == by_text.variables
    assert by_name.rows == by_text.rows


@pytest.mark.parametrize("name", ["targetz", "SELECT", "no.such-query_1"])
def test_an_unknown_name_is_a_query_error_with_the_cli_message(engine, name):
    with pytest.raises(QueryError) as library:
        engine.query(name)
    with pytest.raises(QueryError) as named:
        named_query(name)
    assert str(library.value) == str(named.value)
    assert str(library.value).startswith(f"no named query {name!r}; ")


def test_the_cli_gives_the_same_message_for_an_unknown_name(engine):
    from click.testing import CliRunner

    from jointvision.cli import main

    with pytest.raises(QueryError) as library:
        engine.query("targetz")
    result = CliRunner().invoke(main, ["query", "targetz"])
    assert result.exit_code == 2
    assert str(library.value) in result.output
    assert "did you mean 'targets'?" in str(library.value)


@pytest.mark.parametrize("text", ["ASK { ?s ?p ?o }", " targets", "targets\n", "SELECT * {}"])
def test_anything_but_a_single_word_is_sparql_text(text):
    assert query_text(text) == text


# --------------------------------------------------------------------------- to_dataframe on the embedded data


def test_targets_as_a_dataframe_has_numeric_values(engine):
    result = engine.query("targets")
    frame = result.to_dataframe()
    assert list(frame.columns) == result.variables
    assert len(frame) == len(result.rows)
    assert str(frame["value"].dtype) == "float64"  # xsd:decimal
    values = [row[result.variables.index("value")] for row in result.rows]
    assert frame["value"].tolist() == [float(Decimal(str(v))) for v in values]
    assert frame["value"].sum() > 1e13
    assert frame["target"].map(type).eq(str).all()
    assert frame["per"].tolist().count(None) == sum(1 for row in result.rows if row[5] is None)
    assert "P1Y" in frame["per"].tolist()  # a duration: its lexical form


def test_integers_of_the_embedded_data_are_int64(engine):
    frame = engine.query("directions").to_dataframe()
    assert {c: str(t) for c, t in frame.dtypes.items()} == {
        "position": "int64",
        "direction": "object",
        "undertakings": "int64",
        "goals": "int64",
        "targets": "int64",
    }
    assert frame["position"].tolist() == sorted(frame["position"])


def test_the_old_function_gives_the_same_frame(engine):
    from jointvision.sparql.results import to_dataframe

    result = engine.query("sources")
    pd.testing.assert_frame_equal(to_dataframe(result), result.to_dataframe())


# --------------------------------------------------------------------------- to_dataframe on a tiny graph

EX = "http://example.org/"
TINY = f"""
@prefix ex: <{EX}> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:a ex:n 1 ; ex:d 1.5 ; ex:f "2.5e0"^^xsd:double ; ex:day "2025-08-29"^^xsd:date ;
     ex:at "2025-08-29T10:00:00"^^xsd:dateTime ; ex:yes true ; ex:label "A"@en ; ex:mixed 7 ; ex:big 3 .
ex:b ex:n 2 ; ex:d 2 ; ex:f "3"^^xsd:double ; ex:day "2025-08-30"^^xsd:date ;
     ex:at "2025-08-30T11:30:00"^^xsd:dateTime ; ex:yes false ; ex:label "B" ; ex:mixed "seven" ;
     ex:big 123456789012345678901234567890 .
ex:c ex:n 3 .
"""


@pytest.fixture(scope="module")
def tiny():
    return QueryEngine(Graph().parse(data=TINY, format="turtle"), with_ontology=False)


def _dtype(dtype) -> str:
    """A dtype's name, "datetime" for any datetime64 (pandas picks the unit)."""
    return "datetime" if pd.api.types.is_datetime64_any_dtype(dtype) else str(dtype)


def _select(engine, *columns):
    optional = " ".join(f"OPTIONAL {{ ?s <{EX}{c}> ?{c} }}" for c in columns)
    return engine.query(
        f"SELECT ?s {' '.join('?' + c for c in columns)} WHERE {{ ?s <{EX}n> ?n0 {optional} }} ORDER BY ?n0"
    )


def test_tiny_graph_dtypes(tiny):
    frame = _select(tiny, "n", "d", "f", "day", "at", "yes", "label", "mixed", "big").to_dataframe()
    dtypes = {c: _dtype(t) for c, t in frame.dtypes.items()}
    assert dtypes == {
        "s": "object",
        "n": "int64",
        "d": "float64",
        "f": "float64",
        "day": "datetime",
        "at": "datetime",
        "yes": "object",
        "label": "object",
        "mixed": "object",
        "big": "object",
    }
    assert frame["s"].tolist() == [f"{EX}a", f"{EX}b", f"{EX}c"]
    assert frame["n"].tolist() == [1, 2, 3]
    assert frame["d"].tolist()[:2] == [1.5, 2.0] and pd.isna(frame["d"][2])  # Decimal, int: numbers; missing: NaN
    assert frame["day"].tolist()[:2] == [pd.Timestamp("2025-08-29"), pd.Timestamp("2025-08-30")]
    assert pd.isna(frame["day"][2])
    assert frame["at"][1] == pd.Timestamp("2025-08-30T11:30:00")
    assert frame["yes"].tolist() == [True, False, None]  # booleans with one missing: left as they are
    assert frame["label"].tolist() == ["A", "B", None]
    assert frame["mixed"].tolist() == ["7", "seven", None]  # a number and a string: all text
    # beyond int64, and more digits than a float holds: the exact integers, as they are
    assert frame["big"].tolist() == [3, 123456789012345678901234567890, None]


def test_decimals_are_floats_unless_a_float_would_lose_digits():
    """The rule of jointvision.sparql.frames: an exact decimal is a float; a decimal with more significant
    digits than a double holds stays a Decimal, and its column holds the exact values."""
    exact = ["2.5", "0.1", "10000000000000", "1.50", "-3"]
    precise = "0.12345678901234567890"
    engine = QueryEngine(
        Graph().parse(
            data="".join(
                f'<{EX}s{i}> <{EX}v> "{v}"^^<http://www.w3.org/2001/XMLSchema#decimal> .\n' for i, v in enumerate(exact)
            )
            + f'<{EX}p> <{EX}w> "{precise}"^^<http://www.w3.org/2001/XMLSchema#decimal> .\n',
            format="nt",
        ),
        with_ontology=False,
    )
    frame = engine.query(f"SELECT ?s ?v WHERE {{ ?s <{EX}v> ?v }} ORDER BY ?s").to_dataframe()
    assert str(frame["v"].dtype) == "float64"
    assert frame["v"].tolist() == [float(v) for v in exact]
    mixed = engine.query(f"SELECT ?v WHERE {{ {{ ?s <{EX}v> ?v }} UNION {{ ?s <{EX}w> ?v }} }}").to_dataframe()
    assert str(mixed["v"].dtype) == "object"
    assert Decimal(precise) in mixed["v"].tolist()  # not rounded
    assert sorted(v for v in mixed["v"] if isinstance(v, float)) == sorted(float(v) for v in exact)


def test_python_rows_follow_the_same_rule(tiny):
    from jointvision.sparql.frames import python_rows

    result = _select(tiny, "n", "d", "f", "yes", "label", "big")
    rows = python_rows(result)
    assert rows[0][1:] == (1, 1.5, 2.5, True, "A", 3)
    assert rows[1][1:] == (2, 2.0, 3.0, False, "B", 123456789012345678901234567890)
    assert rows[2][1:] == (3, None, None, None, None, None)
    assert [type(v) for v in rows[0][1:4]] == [int, float, float]  # no Decimal where a float is exact


def test_tiny_graph_integers_none_missing_and_booleans(tiny):
    frame = tiny.query(f"SELECT ?n ?yes WHERE {{ ?s <{EX}n> ?n ; <{EX}yes> ?yes }} ORDER BY ?n").to_dataframe()
    assert str(frame["n"].dtype) == "int64" and str(frame["yes"].dtype) == "bool"
    assert frame["yes"].tolist() == [True, False]


def test_no_rows_keeps_the_columns(tiny):
    frame = tiny.query(f"SELECT ?s ?n WHERE {{ ?s <{EX}none> ?n }}").to_dataframe()
    assert list(frame.columns) == ["s", "n"] and len(frame) == 0


def test_construct_and_ask_as_dataframes(tiny):
    frame = tiny.query(f"CONSTRUCT {{ ?s <{EX}n> ?n }} WHERE {{ ?s <{EX}n> ?n }}").to_dataframe()
    assert list(frame.columns) == ["subject", "predicate", "object"]
    assert sorted(frame["object"]) == [1, 2, 3] and str(frame["object"].dtype) == "int64"
    assert tiny.query("ASK { ?s ?p ?o }").to_dataframe().empty


def test_a_result_made_by_hand():
    result = QueryResult(
        "SELECT",
        variables=["when", "x"],
        rows=[
            (Literal(datetime.date(2031, 3, 3)), URIRef(f"{EX}x")),
            (None, Literal("plain")),
        ],
    )
    frame = result.to_dataframe()
    assert _dtype(frame["when"].dtype) == "datetime" and pd.isna(frame["when"][1])
    assert frame["x"].tolist() == [f"{EX}x", "plain"]


# --------------------------------------------------------------------------- the guard's names, where they were


def test_the_guard_is_importable_from_the_engine_module():
    from jointvision.sparql import canonical, guard, tokens
    from jointvision.sparql.engine import (
        KEYWORDS,
        MAX_DEPTH,
        MAX_QUERY_CHARS,
        MAX_TOKENS,
        VOLATILE_FUNCTIONS,
        CheckedQuery,
        Token,
        check_query,
        expand_escapes,
        tokenize,
    )

    assert check_query is guard.check_query and CheckedQuery is canonical.CheckedQuery
    assert (MAX_TOKENS, MAX_QUERY_CHARS, MAX_DEPTH) == (20_000, 1_000_000, 64)
    assert tokenize is tokens.tokenize and Token is tokens.Token and expand_escapes is tokens.expand_escapes
    assert "SERVICE" in KEYWORDS and "NOW" in VOLATILE_FUNCTIONS
