"""Every named competency query answers its question correctly, and queries
that would reach outside the local graph are refused."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from jointvision.errors import QueryError, UnsafeQueryError
from jointvision.sparql.engine import check_query
from jointvision.sparql.named import named_queries
from jointvision.sparql.results import short

QUERIES = named_queries()


def answer(engine, name, *columns):
    """The rows of a named query, as text, restricted to some columns."""
    result = engine.query(QUERIES[name].text)
    index = [result.variables.index(c) for c in columns]
    return [tuple(short(row[i]) for i in index) for row in result.rows]


def number(text: str) -> Decimal:
    return Decimal(text)


def test_at_least_twelve_named_queries_each_with_title_and_question():
    assert len(QUERIES) >= 12
    for query in QUERIES.values():
        assert query.title and query.question.endswith("?"), query.name


def test_every_named_query_has_a_test_here():
    text = Path(__file__).read_text(encoding="utf-8")
    tested = {name for name in QUERIES if re.search(rf'answer\(\s*\w+,\s*"{re.escape(name)}"', text)}
    assert tested == set(QUERIES)


@pytest.fixture(scope="module")
def two_sources_engine(two_sources):
    from jointvision.sparql.engine import QueryEngine

    return QueryEngine(two_sources)


def test_targets(article_engine):
    rows = answer(article_engine, "targets", "value", "unit", "bound", "period", "per", "flow", "direction")
    assert [(number(r[0]),) + r[1:] for r in rows] == [
        (Decimal("10000000000000"), "JPY", "exact", "", "", "-> India", "Next Generation Economic Partnership"),
        (
            Decimal("5000000000000"),
            "JPY",
            "exact",
            "2022-2026",
            "",
            "Japan -> India",
            "Next Generation Economic Partnership",
        ),
        (
            Decimal("500000"),
            "person",
            "at least",
            "P5Y",
            "",
            "India <-> Japan",
            "Next Gen People-to-People Partnership",
        ),
        (Decimal("50000"), "person", "exact", "P5Y", "", "India -> Japan", "Next Gen People-to-People Partnership"),
        (Decimal("3"), "delegation visit", "exact", "", "P1Y", "", "Next-Gen State-Prefecture Partnership"),
    ]


def test_japan_targets(article_engine):
    assert answer(article_engine, "japan-targets", "role", "value", "unit", "period") == [
        ("to Japan", "50000", "person", "P5Y"),
        ("both ways", "500000", "person", "P5Y"),
        ("from Japan", "5000000000000", "JPY", "2022-2026"),
    ]


def test_directions(article_engine):
    rows = answer(article_engine, "directions", "position", "direction", "undertakings", "goals", "targets")
    assert [r[0] for r in rows] == [str(i) for i in range(1, 9)]
    assert {r[1]: r[2:] for r in rows} == {
        "Next Generation Economic Partnership": ("3", "3", "2"),
        "Next Generation Economic Security Partnership": ("1", "1", "0"),
        "Next Generation Mobility": ("10", "1", "0"),
        "Next Generation Ecological Legacies": ("0", "0", "0"),
        "Next Gen Technology and Innovation Partnership": ("0", "0", "0"),
        "Investing in Next Gen Health": ("8", "1", "0"),
        "Next Gen People-to-People Partnership": ("1", "1", "2"),
        "Next-Gen State-Prefecture Partnership": ("4", "1", "1"),
    }


def test_programs_per_direction(article_engine):
    rows = answer(article_engine, "programs-per-direction", "position", "kind", "undertaking")
    assert len(rows) == 27
    programs = sorted(r[2] for r in rows if r[1] == "program")
    assert programs == [
        "Action Plan for India-Japan Human Resource Exchange and Cooperation",
        "India-Japan Industrial Competitiveness Partnership",
    ]
    assert ("6", "initiative", "Ayushman Bharat") in rows
    assert ("3", "activity", "Seismic proofing") in rows


def test_cross_direction_initiatives(article_engine):
    [(name, count, names)] = answer(article_engine, "cross-direction-initiatives", "undertaking", "directions", "names")
    assert (name, count) == ("Make in India", "2")
    assert set(names.split(" | ")) == {"Next Generation Economic Partnership", "Next Generation Mobility"}


def test_investment_growth(article_engine):
    [(value, earlier, unit, increase, ratio)] = answer(
        article_engine, "investment-growth", "value", "earlierValue", "unit", "increase", "ratio"
    )
    assert (number(value), number(earlier), unit) == (Decimal(10**13), Decimal(5 * 10**12), "JPY")
    assert number(increase) == Decimal(5 * 10**12) and number(ratio) == 2


def test_skilled_personnel_share(article_engine):
    [(part, whole, share, share_is)] = answer(
        article_engine, "skilled-personnel-share", "partValue", "wholeValue", "share", "shareIs"
    )
    assert (number(part), number(whole), number(share), share_is) == (50000, 500000, Decimal("0.1"), "at most")


def test_target_evidence(article_engine, source_text):
    rows = answer(article_engine, "target-evidence", "target", "quote", "start", "end", "source")
    assert len(rows) == 5
    for _, quote, start, end, source in rows:
        assert source_text[int(start) : int(end)] == quote
        assert source == "india-japan-joint-vision-2025.txt"
    assert rows[0][1].startswith("Remember the 2022-2026 target of JPY 5 trillion")


def test_directions_without_targets(article_engine):
    assert [r[0] for r in answer(article_engine, "directions-without-targets", "position")] == ["2", "3", "4", "5", "6"]


def test_directions_only_named(article_engine):
    assert answer(article_engine, "directions-only-named", "direction") == [
        ("Next Generation Ecological Legacies",),
        ("Next Gen Technology and Innovation Partnership",),
    ]


def test_health_research_areas(article_engine):
    assert [r[1] for r in answer(article_engine, "health-research-areas", "activity", "area")] == [
        "Cancer treatment",
        "Digital health",
        "Gene therapy",
        "Geriatric medicine",
        "Regenerative medicine",
        "Stem cell therapy",
    ]


def test_organisations(article_engine):
    rows = answer(article_engine, "organisations", "organisation", "country", "role")
    assert ("Ministry of AYUSH", "India", "supports") in rows
    assert ("Ministry of External Affairs (Japan)", "Japan", "coordinates") in rows
    assert ("Shanghai Cooperation Organisation", "", "") in rows
    assert len(rows) == 6


def test_summit(article_engine):
    rows = answer(
        article_engine, "summit", "summit", "document", "city", "year", "visitor", "invitedBy", "start", "end", "next"
    )
    assert (
        "15th India-Japan Annual Summit",
        "India – Japan Joint Vision for the Next Decade",
        "Tokyo",
        "2025",
        "Narendra Modi",
        "Ishiba Shigeru",
        "2025-08-29",
        "2025-08-30",
        "Shanghai Cooperation Organisation Summit in Tianjin",
    ) in rows
    # a summit that adopted no joint statement is listed too
    assert ("Shanghai Cooperation Organisation Summit in Tianjin", "", "Tianjin", "", "", "", "", "", "") in rows


def test_people_and_offices(article_engine):
    assert answer(article_engine, "people-and-offices", "person", "office", "country", "wikidata") == [
        ("Ishiba Shigeru", "Prime Minister of Japan", "Japan", ""),
        ("Narendra Modi", "Prime Minister of India", "India", "wd:Q1058"),
    ]


def test_goals(article_engine):
    rows = answer(article_engine, "goals", "direction", "goal", "pursuedBy")
    assert ("Investing in Next Gen Health", "Universal health coverage", "") in rows
    assert (
        "(the Joint Vision as a whole)",
        "Tangible benefits to future generations",
        "India – Japan Joint Vision for the Next Decade",
    ) in rows
    assert len({r[1] for r in rows}) == 9


def test_sources(article_engine, article_graph, article):
    [(file, characters, facts, quotes, kind, graph)] = answer(
        article_engine, "sources", "file", "characters", "facts", "quotes", "kind", "graph"
    )
    assert (file, characters) == (article.text_name, str(len(article.text)))
    assert (kind, graph) == ("news article", "jvg:" + article.source_id)
    from jointvision.outputs.stats import compute_stats

    stats = compute_stats(article_graph)
    assert (int(facts), int(quotes)) == (stats.facts_with_evidence, stats.quotes)


def test_sources_in_date_order(two_sources_engine):
    rows = answer(two_sources_engine, "sources", "published", "kind")
    assert [r[0] for r in rows] == sorted(r[0] for r in rows) and len(rows) == 2


def test_conflicts(two_sources_engine, article_engine):
    """The invented fixture's two sources disagree on three fields; the
    article alone disagrees with nothing."""
    rows = answer(two_sources_engine, "conflicts", "entity", "field", "value1", "value2", "quote1", "quote2")
    assert sorted((r[0], r[1], r[2], r[3]) for r in rows) == [
        ("jvd:first-ns-summit", "start date", "2031-03-03", "2031-03-04"),
        ("jvd:harbour-investment", "end year", "2035", "2036"),
        ("jvd:harbour-investment", "numeric value", "2000000000", "2500000000"),
    ]
    for row in rows:
        assert row[4] and row[5]  # each side with a quote of its own source
    assert answer(article_engine, "conflicts", "entity") == []


# ------------------------------------------------------------------ tracking commitments (issue 22)
@pytest.fixture(scope="module")
def article_status_engine(article_dataset):
    """The article with the statuses derived (it gives no date, reports no progress)."""
    from jointvision.rdf.status import with_statuses
    from jointvision.sparql.engine import QueryEngine

    return QueryEngine(with_statuses(article_dataset))


@pytest.fixture(scope="module")
def tracking_engine():
    """The invented tracking fixture (tests/data/tracking) with its statuses, as of 2032-05-15."""
    from conftest import ROOT
    from jointvision.rdf.build import build_dataset
    from jointvision.rdf.status import with_statuses
    from jointvision.sparql.engine import QueryEngine

    return QueryEngine(with_statuses(build_dataset(ROOT / "tests" / "data" / "tracking")))


def test_status(article_status_engine, tracking_engine):
    rows = answer(article_status_engine, "status", "commitment", "status", "rule", "asOf", "reached", "elapsed")
    assert rows and {r[1:] for r in rows} == {("no information", "jv:NoInformationRule", "", "", "")}
    assert answer(tracking_engine, "status", "id", "status", "rule", "asOf", "reached", "elapsed") == [
        ("jvd:research-grants", "no information", "jv:NoInformationRule", "2032-05-15", "", "47.43"),
        ("jvd:harbour-cranes", "achieved", "jv:AchievedRule", "2032-05-15", "100", "100"),
        ("jvd:new-consulates", "disputed", "jv:DisputedRule", "2032-05-15", "", "45.39"),
        ("jvd:nurse-training", "missed", "jv:MissedRule", "2032-05-15", "40", "100"),
        ("jvd:joint-secretariat", "achieved", "jv:AchievedRule", "2032-05-15", "", "100"),
        ("jvd:student-exchange", "behind", "jv:BehindRule", "2032-05-15", "30", "35.05"),
        ("jvd:green-shipping-fund", "not yet due", "jv:NotYetDueRule", "2032-05-15", "", "0"),
        ("jvd:port-investment", "on track", "jv:OnTrackRule", "2032-05-15", "60", "31.18"),
    ]


def test_progress(article_status_engine, tracking_engine):
    assert answer(article_status_engine, "progress", "commitment") == []
    report = "Progress report on the Northland-Southland Joint Statement (test fixture)"
    gazette = "Southland Gazette on the consulates (test fixture)"
    assert answer(tracking_engine, "progress", "report", "asOf", "value", "share", "completion", "source") == [
        ("jvd:cranes-2031", "2031-12", "12", "", "", report),
        ("jvd:consulates-2031-ministry", "2031-12", "8", "", "", report),
        ("jvd:consulates-2031-gazette", "2031-12", "5", "", "", gazette),
        ("jvd:nurses-2031", "2031-06", "2000", "", "", report),
        ("jvd:students-2031", "2031-12", "30000", "", "", report),
        ("jvd:investment-2031", "2031-12", "30000000000", "", "", report),
    ]


def test_compliance(article_status_engine, tracking_engine):
    rows = answer(article_status_engine, "compliance", "party", "achievedOrOnTrack", "share", "assessments")
    assert rows and all(r[1:] == ("0", "0", "") for r in rows)
    assert answer(
        tracking_engine,
        "compliance",
        "party",
        "commitments",
        "achievedOrOnTrack",
        "share",
        "assessments",
        "averageScore",
    ) == [
        ("Northland", "7", "3", "42.86", "1", "1"),
        ("Southland", "7", "2", "28.57", "2", "-0.5"),
    ]


# ------------------------------------------------------------------ safety

REFUSED = [
    ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", "SERVICE at line 1, column 18"),
    ("select * where { service silent <http://x/> { ?s ?p ?o } }", "SERVICE"),
    ("SELECT * FROM <http://example.org/data.ttl> WHERE { ?s ?p ?o }", "FROM <http://example.org/data.ttl>"),
    ("SELECT * FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } }", "FROM NAMED <file:///etc/passwd>"),
    ("PREFIX ex: <http://x/>\nSELECT *\nFROM ex:g WHERE { ?s ?p ?o }", "at line 3, column 1"),
    (
        "PREFIX t: <http://x/> SELECT * WHERE { ?x a t:.SERVICE <http://x/> { ?a ?b ?c } }",
        "SERVICE at line 1, column 48",
    ),
    ("SELECT * WHERE { ?s ?p ?o.SERVICE <http://x/> { } }", "SERVICE at line 1, column 27"),
    ("LOAD <http://example.org/data.ttl>", "LOAD at line 1, column 1 is refused"),
    ("INSERT DATA { <http://a> <http://b> <http://c> }", "read-only"),
    ("DELETE WHERE { ?s ?p ?o }", "read-only"),
    ("CLEAR DEFAULT", "read-only"),
]


@pytest.mark.parametrize("query, message", REFUSED)
def test_remote_and_update_queries_are_refused(engine, query, message):
    with pytest.raises(UnsafeQueryError, match=message.replace("(", r"\(").replace(".", r"\.")):
        engine.query(query)


@pytest.mark.parametrize(
    "query",
    [
        'SELECT ?service WHERE { ?service <http://x/from> "SERVICE and FROM in a string" }  # SERVICE in a comment',
        "PREFIX from: <http://x/> SELECT ?s WHERE { ?s from:load ?o }",
        "SELECT ?s WHERE { ?s <http://x/SERVICE> ?o }",
        "PREFIX schema: <https://schema.org/> SELECT ?s WHERE { ?s a schema:Service }",
        "PREFIX t: <http://x/> SELECT ?s WHERE { ?s t:a.SERVICE ?o }",  # one prefixed name, dots inside
        'SELECT ?s WHERE { ?s ?p """a\nLOAD <http://x>\n""" }',
    ],
)
def test_keywords_inside_strings_iris_names_and_comments_are_fine(query):
    assert check_query(query).form == "SELECT"


def test_syntax_error_gives_its_position(engine):
    with pytest.raises(QueryError, match=r"SPARQL syntax error at line 2, column \d+"):
        engine.query("SELECT ?s\nWHERE { ?s ?p }")


def test_ask_construct_and_describe(engine, graph):
    from rdflib.namespace import RDF

    from jointvision.rdf.namespaces import JV

    assert engine.query("ASK { jvd:india a jv:Country }").boolean is True
    assert len(engine.query("CONSTRUCT WHERE { ?t a jv:Target }").triples) == len(
        set(graph.subjects(RDF.type, JV.Target))
    )
    assert engine.query("DESCRIBE jvd:tokyo").triples


def test_the_query_engine_returns_the_graph_exactly_as_built(graph):
    """No datatype or lexical form is changed on the way into the store (some
    stores canonicalize xsd:nonNegativeInteger or 5.0; the data avoids both)."""
    from rdflib import Graph
    from rdflib.compare import isomorphic

    from jointvision.sparql.engine import QueryEngine

    back = Graph()
    for triple in QueryEngine(graph, with_ontology=False).query("CONSTRUCT WHERE { ?s ?p ?o }").triples:
        back.add(triple)
    assert isomorphic(back, graph)


#: Odd terms every writer must render the same from either library's terms: a blank node, a
#: language-tagged text with a tab, a typed number, an xsd:string, an IRI with a space escape, unbound,
#: a text with characters that would act on a terminal (escaped) beside a comma and a quote, an IRI with a comma.
ODD_TERMS = """SELECT ?b ?l ?n ?s ?i ?u ?c ?k WHERE {
  BIND (BNODE("x") AS ?b) BIND (STRLANG("x\\ty", "ja") AS ?l) BIND (01 AS ?n)
  BIND (STR("plain") AS ?s) BIND (IRI("http://example.org/a%20b") AS ?i)
  BIND ("ESC\\u001B[2J CSI\\u009B31m tab\\tnew\\nline\\rback\\r\\n \\u202Eevil\\u2028sep, \\"q\\"" AS ?c)
  BIND (IRI("http://example.org/a,b") AS ?k)
}"""


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json"])
def test_answers_are_written_alike_from_pyoxigraphs_terms_and_rdflibs(fmt):
    """The command line writes a SELECT from pyoxigraph's terms as they come
    (no conversion); the library's answers hold rdflib terms. Every named
    query, on sources in three languages, and a row of odd terms, are
    written byte for byte the same from both."""
    from conftest import TWO_SOURCES
    from jointvision.rdf.build import build_dataset
    from jointvision.sparql.engine import QueryEngine
    from jointvision.sparql.guard import check_query as guard
    from jointvision.sparql.isolation import evaluate
    from jointvision.sparql.results import format_result, from_solutions

    dataset = build_dataset([TWO_SOURCES, TWO_SOURCES.parent / "languages"])
    engine = QueryEngine(dataset)
    texts = [q.text for q in named_queries().values()] + [ODD_TERMS]
    for text in texts:
        checked = guard(text, frozenset(dataset.graph_names()))
        if checked.form != "SELECT":
            continue
        blank_free = "BNODE" not in text
        mine = format_result(from_solutions(evaluate(dataset.store, checked)), fmt)
        library = format_result(engine.query(text), fmt)
        if blank_free:
            assert mine == library, text[:80]
        else:  # a fresh blank node each run: the same but for its label
            assert re.sub(r"_:\w+|\"bnode\",\s*\"value\": \"\w+\"", "B", mine) == re.sub(
                r"_:\w+|\"bnode\",\s*\"value\": \"\w+\"", "B", library
            )


def test_the_shipped_verdicts_are_the_guards_own(tmp_path):
    """``queries/checked/`` holds what the guard makes of each shipped query
    (regenerate with ``python -m jointvision.sparql.named``), and nothing else."""
    import json

    from jointvision.sparql.named import CHECKED_DIR, write_shipped_checks

    write_shipped_checks(tmp_path)
    made = {p.name: p.read_text(encoding="utf-8") for p in tmp_path.iterdir()}
    shipped = {p.name: p.read_text(encoding="utf-8") for p in CHECKED_DIR.iterdir() if p.is_file()}
    assert shipped == made, "queries/checked/ is stale: run python -m jointvision.sparql.named"
    assert len([n for n in made if n.endswith(".json")]) == len(named_queries())
    assert all(json.loads(made[n])["text"] for n in made if n.endswith(".json"))


@pytest.mark.parametrize(
    "change",
    [
        lambda text: text + " ",  # one byte more: not the shipped text
        lambda text: text.replace("SELECT", "SELECT ?x", 1),  # a different query
        lambda text: text + " SERVICE",  # what the guard refuses
    ],
)
def test_only_a_shipped_text_byte_for_byte_takes_the_shipped_verdict(change):
    """A text that differs from a shipped query by one byte is checked as it
    comes: refused where the guard refuses it, rewritten as the guard writes it."""
    from jointvision.sparql.guard import check_query as guard
    from jointvision.sparql.named import checked

    for query in named_queries().values():
        assert checked(query.text) == guard(query.text)
        assert checked(query.text).marks == guard(query.text).marks
        text = change(query.text)
        try:
            expected = guard(text, frozenset({"https://w3id.org/jointvision/graph/x"}))
        except QueryError as exc:
            with pytest.raises(type(exc)):
                checked(text, frozenset({"https://w3id.org/jointvision/graph/x"}))
        else:
            assert checked(text, frozenset({"https://w3id.org/jointvision/graph/x"})) == expected


@pytest.mark.parametrize(
    ("fmt", "written"),
    [("json", '"its:dir": "rtl"'), ("tsv", '"x"@en--rtl'), ("csv", "\r\nx\r\n")],
)
def test_a_directional_text_keeps_its_direction_where_the_format_holds_one(fmt, written):
    """An RDF 1.2 text with a direction (the guard lets SPARQL 1.2's forms
    through): SPARQL 1.2's ``its:dir`` in JSON, its Turtle form in TSV."""
    import pyoxigraph as ox

    from jointvision.sparql.guard import check_query as guard
    from jointvision.sparql.isolation import evaluate
    from jointvision.sparql.results import format_result, from_solutions

    checked = guard('SELECT ?t WHERE { VALUES ?t { "x"@en--rtl } }')
    assert written in format_result(from_solutions(evaluate(ox.Store(), checked)), fmt)


def test_an_answer_the_engine_cannot_read_back_is_one_query_error():
    import pyoxigraph as ox

    from jointvision.sparql.results import from_solutions

    bad = b'{"head":{"vars":["t"]},"results":{"bindings":[{"t":{"type":"literal","value":"x","xml:lang":"a b"}}]}}'
    with pytest.raises(QueryError, match="could not be read back"):
        from_solutions(ox.parse_query_results(bad, format=ox.QueryResultsFormat.JSON))
