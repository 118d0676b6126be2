"""Issue 22, part A: the source format version 3 (tracking commitments) and
its ontology. The invented fixture tests/data/tracking reads, builds and
conforms; each new kind and rule reads what it should and refuses what it
should with its exact message, file, line and field; a date becomes the
literal of its precision; files of versions 1 and 2 read as before; the
ontology's new terms are documented, aligned and consistent with the data,
and the reasoner refuses what the new axioms rule out. Every fixture text
here is invented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

import test_owl
from conftest import EXPORTS, ROOT
from factories import make_source
from jointvision.errors import SourceError, SourceErrors
from jointvision.outputs.exports import export_files
from jointvision.rdf.build import build_dataset, source_nquads, term_text
from jointvision.rdf.mapping import STATUS_RULES
from jointvision.rdf.namespaces import JV, VOCAB
from jointvision.rdf.validate import validate_graph
from jointvision.resources import ontology_path
from jointvision.source import kinds, schema
from jointvision.source.kinds import KindError, PartialDate
from jointvision.source.loader import load_sources
from jointvision.source.reader import read_source_file

TRACKING = ROOT / "tests" / "data" / "tracking"
DOC = ROOT / "docs" / "source-format.md"
JVD = "https://w3id.org/jointvision/id/"
XS = "http://www.w3.org/2001/XMLSchema#"
SOSA = "http://www.w3.org/ns/sosa/"
PROV = "http://www.w3.org/ns/prov#"

# hermit and the java it needs: test_owl's fixtures, used here as there
hermit = test_owl.hermit
java = test_owl.java


# ------------------------------------------------------------ the fixture
def test_the_fixture_reads_as_version_3_with_its_source_kinds():
    sources = load_sources(TRACKING)
    kinds_by_id = {src.source_id: str(src.metadata["kind"].value) for src in sources}
    assert kinds_by_id == {
        "assessment-2032": "assessment",
        "progress-report-2032": "fact-sheet",
        "statement-2030": "joint-statement",
        "gazette-2032": "news-article",
    }
    assert {src.version for src in sources} == {3}
    types = {e.type for src in sources for e in src.entities}
    assert {"Progress", "Assessment", "Target", "Initiative"} <= types


def test_the_fixture_builds_and_conforms_without_a_warning():
    dataset = build_dataset(TRACKING)
    assert len(dataset.source_graphs()) == 4
    report = validate_graph(dataset.to_rdflib())
    assert report.conforms and report.violations == () and report.warnings == ()


@pytest.fixture(scope="module")
def tracking_graph() -> Graph:
    return build_dataset(TRACKING).to_rdflib()


def test_every_commitment_of_the_fixture_readme_is_there(tracking_graph):
    """README.md of the fixture names a commitment for each row of the status
    table; each is a target or an initiative with a due date or a period."""
    readme = (TRACKING / "README.md").read_text(encoding="utf-8")
    row = r"^\| `([a-z-]+)` \| (" + "|".join(STATUS_RULES) + r") \|"
    named = re.findall(row, readme, re.M)
    assert {status for _, status in named} == set(STATUS_RULES)
    for name, _ in named:
        node = URIRef(JVD + name)
        assert {tracking_graph.value(node, RDF.type)} <= {JV.Target, JV.Initiative}, name
        assert (node, JV.due, None) in tracking_graph or (node, JV.period, None) in tracking_graph, name


def _reports(graph: Graph, commitment: str) -> list[tuple[URIRef, Literal]]:
    node = URIRef(JVD + commitment)
    return sorted(
        (s, graph.value(s, JV.asOf)) for s in graph.subjects(JV.toward, node) if (s, RDF.type, JV.Progress) in graph
    )


def test_the_fixture_holds_the_reports_its_readme_describes(tracking_graph):
    g = tracking_graph
    assert _reports(g, "research-grants") == []
    consulates = _reports(g, "new-consulates")
    assert [str(s).rsplit("/", 1)[1] for s, _ in consulates] == ["consulates-2031-gazette", "consulates-2031-ministry"]
    assert {d for _, d in consulates} == {Literal("2031-12", datatype=XSD.gYearMonth)}
    assert {str(g.value(g.value(s, JV.quantity), JV.numericValue)) for s, _ in consulates} == {"5", "8"}
    secretariat = [s for s in g.subjects(JV.toward, URIRef(JVD + "joint-secretariat"))]
    assert [g.value(s, JV.completion) for s in secretariat] == [JV.Complete]
    scores = {
        (str(g.value(s, JV.assessedParty)).rsplit("/", 1)[1], int(g.value(s, JV.complianceScore)))
        for s in g.subjects(JV.complianceScore, None)
    }
    assert scores == {("northland", 1), ("southland", 0), ("southland", -1)}


@pytest.mark.parametrize(
    ("subject", "predicate", "literal", "datatype"),
    [
        ("port-investment", JV.due, "2035", "gYear"),
        ("student-exchange_period", JV.startsOn, "2030-04", "gYearMonth"),
        ("student-exchange_period", JV.endsOn, "2035-03", "gYearMonth"),
        ("green-shipping-fund_period", JV.startYear, "2033", "gYear"),
        ("students-2031", JV.asOf, "2031-12", "gYearMonth"),
        ("investment-2031", JV.asOf, "2031-12", "gYearMonth"),
        ("investment-assessment_covers", JV.startsOn, "2030-03", "gYearMonth"),
        ("third-summit", JV.startDate, "2030-03-09", "date"),
        ("assessment-2032", JV.published, "2032-05-15", "date"),
    ],
)
def test_the_fixture_dates_have_the_datatype_of_their_precision(tracking_graph, subject, predicate, literal, datatype):
    assert list(tracking_graph.objects(URIRef(JVD + subject), predicate)) == [Literal(literal, datatype=XS + datatype)]


# ------------------------------------------------------------ the kinds
PARTIAL = "a year, a year and month, or a day, such as 2030, 2030-03 or 2030-03-15"


@pytest.mark.parametrize(
    ("raw", "quoted", "precision", "first", "last", "datatype"),
    [
        ("2030", False, "year", "2030-01-01", "2030-12-31", "gYear"),  # an unquoted YAML year
        ("2030-03", False, "month", "2030-03-01", "2030-03-31", "gYearMonth"),
        ("2028-02", True, "month", "2028-02-01", "2028-02-29", "gYearMonth"),
        ("2031-02", False, "month", "2031-02-01", "2031-02-28", "gYearMonth"),
        ("2030-03-15", False, "day", "2030-03-15", "2030-03-15", "date"),
        ("2024-02-29", True, "day", "2024-02-29", "2024-02-29", "date"),
    ],
)
def test_a_partial_date_reads_at_its_precision_and_becomes_its_literal(raw, quoted, precision, first, last, datatype):
    kind = kinds.get("partial_date")
    when = kind.parse(raw, quoted)
    assert isinstance(when, PartialDate) and str(when) == raw and when.precision == precision
    assert (when.first_day().isoformat(), when.last_day().isoformat()) == (first, last)
    assert term_text(kind, when) == f'"{raw}"^^<{XS}{datatype}>'


def test_a_full_date_makes_the_literal_it_always_made():
    old, new = kinds.get("date"), kinds.get("partial_date")
    for raw in ("2025-08-29", "2024-02-29", "1999-12-31"):
        assert term_text(new, new.parse(raw)) == term_text(old, old.parse(raw))


@pytest.mark.parametrize(
    ("name", "raw", "quoted", "message"),
    [
        ("partial_date", "2030-13", False, f"must be {PARTIAL}, got '2030-13'"),
        ("partial_date", "2030-3", False, f"must be {PARTIAL}, got '2030-3'"),
        ("partial_date", "30", False, f"must be {PARTIAL}, got '30'"),
        ("partial_date", "2030/03", False, f"must be {PARTIAL}, got '2030/03'"),
        ("partial_date", "2030-03-15T10:00", False, f"must be {PARTIAL}, got '2030-03-15T10:00'"),
        ("partial_date", "2031-02-29", False, "'2031-02-29' is not a calendar date"),
        ("partial_date", "0000", True, "'0000' is not a calendar date"),
        ("integer", "+1", False, "must be a whole number written in digits, such as 0, 1 or -1, got '+1'"),
        ("integer", "-0", False, "must be a whole number written in digits, such as 0, 1 or -1, got '-0'"),
        ("integer", "01", False, "must be a whole number written in digits, such as 0, 1 or -1, got '01'"),
        ("integer", "1.0", False, "must be a whole number written in digits, such as 0, 1 or -1, got '1.0'"),
        (
            "integer",
            "1",
            True,
            "must be a whole number written in digits, such as 0, 1 or -1, not a quoted string ('1')",
        ),
        ("integer", "-" + "9" * 19, False, f"'-{'9' * 19}' has too many digits: at most 18"),
        (
            "completion",
            "no-evidence",
            False,
            "must be one of not-started, limited, substantial, complete, got 'no-evidence'",
        ),
        (
            "assessed_completion",
            "partial",
            False,
            "must be one of no-evidence, not-started, limited, substantial, complete, got 'partial'",
        ),
    ],
)
def test_a_new_kind_refuses_a_wrong_value_with_its_message(name, raw, quoted, message):
    with pytest.raises(KindError) as caught:
        kinds.get(name).parse(raw, quoted)
    assert caught.value.message == message


@pytest.mark.parametrize(
    ("name", "raw", "term"),
    [
        ("integer", "-1", f'"-1"^^<{XS}integer>'),
        ("integer", "0", f'"0"^^<{XS}integer>'),
        ("integer", "1", f'"1"^^<{XS}integer>'),
        ("completion", "not-started", f"<{JV.NotStarted}>"),
        ("completion", "complete", f"<{JV.Complete}>"),
        ("assessed_completion", "no-evidence", f"<{JV.NoEvidence}>"),
        ("assessed_completion", "substantial", f"<{JV.Substantial}>"),
        ("source_kind", "assessment", f"<{JV.AssessmentSource}>"),
    ],
)
def test_a_new_kind_reads_a_right_value_as_its_rdf_term(name, raw, term):
    kind = kinds.get(name)
    assert term_text(kind, kind.parse(raw)) == term


# ------------------------------------------------- entries of version 3
TEXT = (
    "Invented fixture text for the tracking tests. Land A and Land B met at the Harbour Summit in March 2030. "
    "Land A will build 12 harbour cranes by 2031, paying Rs 2.5 lakh per trainee. "
    "By the end of 2031, 12 harbour cranes were in service, 80 per cent of the target. "
    "The Invented Institute finds that Land A has fully complied."
)
BASE = [
    {"id": "land-a", "type": "Country", "label": "Land A", "evidence": ["Land A"]},
    {"id": "land-b", "type": "Country", "label": "Land B", "evidence": ["Land B"]},
    {"id": "harbour-summit", "type": "Summit", "label": "Harbour Summit", "evidence": ["Harbour Summit"]},
    {"id": "crane", "type": "CountUnit", "label": "harbour crane", "evidence": ["12 harbour cranes"]},
    {"id": "trainee", "type": "CountUnit", "label": "trainee", "evidence": ["per trainee"]},
    {
        "id": "cranes",
        "type": "Target",
        "label": "12 harbour cranes by 2031",
        "value": 12,
        "unit": "crane",
        "bound": "exact",
        "stated_as": "12 harbour cranes",
        "evidence": ["Land A will build 12 harbour cranes by 2031"],
    },
]
ENTRIES = {
    "target": {
        "id": "new-cranes",
        "type": "Target",
        "label": "More harbour cranes",
        "value": 12,
        "unit": "crane",
        "bound": "exact",
        "stated_as": "12 harbour cranes",
        "evidence": ["12 harbour cranes were in service"],
    },
    "program": {
        "id": "crane-programme",
        "type": "Program",
        "label": "The crane programme",
        "evidence": ["Land A will build 12 harbour cranes"],
    },
    "summit": {"id": "second-summit", "type": "Summit", "label": "A second summit", "evidence": ["met at the"]},
    "progress": {
        "id": "cranes-2031",
        "type": "Progress",
        "label": "12 harbour cranes by the end of 2031",
        "toward": "cranes",
        "as_of": 2031,
        "value": 12,
        "unit": "crane",
        "bound": "exact",
        "stated_as": "12 harbour cranes",
        "evidence": ["By the end of 2031, 12 harbour cranes were in service"],
    },
    "assessment": {
        "id": "cranes-land-a",
        "type": "Assessment",
        "label": "The cranes, Land A",
        "toward": "cranes",
        "party": "land-a",
        "score": 1,
        "evidence": ["Land A has fully complied"],
    },
}
AMOUNT_OUT = {"value": None, "unit": None, "bound": None, "stated_as": None}


def entry(what: str, **changes) -> dict:
    """One of ENTRIES with fields changed (None: left out)."""
    found = dict(ENTRIES[what])
    for name, value in changes.items():
        if value is None:
            found.pop(name, None)
        else:
            found[name] = value
    return found


def write(tmp_path: Path, extra: dict, *, version: int = 3, kind: str | None = "assessment", metadata=None) -> Path:
    """A fact file of the base entities and ``extra``, in a source of ``kind``."""
    meta = dict(metadata or {})
    if kind is not None:
        meta["kind"] = kind
    return make_source(tmp_path, TEXT, [*BASE, extra], metadata=meta, version=version)


def nquads(path: Path) -> str:
    (src,) = load_sources(path)
    return source_nquads(src)


def t(subject: str, predicate: URIRef, obj: str) -> str:
    """A triple as N-Triples text (its object already written)."""
    return f"<{JVD}{subject}> <{predicate}> {obj}"


def typed(text: str, datatype: str) -> str:
    return f'"{text}"^^<{XS}{datatype}>'


def ref(name: str) -> str:
    return f"<{JVD}{name}>"


# name, the entry, its source's kind, metadata, the statements it makes
VALID = [
    ("due-a-year", entry("target", due=2031), "fact-sheet", None, [t("new-cranes", JV.due, typed("2031", "gYear"))]),
    (
        "due-a-month",
        entry("target", due="2031-06"),
        "fact-sheet",
        None,
        [t("new-cranes", JV.due, typed("2031-06", "gYearMonth"))],
    ),
    (
        "due-a-day",
        entry("target", due="2031-06-30"),
        "fact-sheet",
        None,
        [t("new-cranes", JV.due, typed("2031-06-30", "date"))],
    ),
    (
        "period-bounds",
        entry("target", period={"start": "2030-04", "end": "2035-03"}),
        "joint-statement",
        None,
        [
            t("new-cranes", JV.period, ref("new-cranes_period")),
            t("new-cranes_period", JV.startsOn, typed("2030-04", "gYearMonth")),
            t("new-cranes_period", JV.endsOn, typed("2035-03", "gYearMonth")),
        ],
    ),
    (
        "period-in-one-year",  # April 2031 is not after 2031: a year ends on 31 December
        entry("target", period={"start": "2031-04", "end": 2031}),
        "joint-statement",
        None,
        [
            t("new-cranes_period", JV.startsOn, typed("2031-04", "gYearMonth")),
            t("new-cranes_period", JV.endsOn, typed("2031", "gYear")),
        ],
    ),
    (
        "per-a-unit",
        entry("target", per="trainee"),
        "joint-statement",
        None,
        [t("new-cranes_quantity", JV.perUnit, ref("trainee"))],
    ),
    (
        "per-an-interval",
        entry("target", per="P1Y"),
        "joint-statement",
        None,
        [t("new-cranes_quantity", JV.per, typed("P1Y", "duration"))],
    ),
    (
        "program-due-and-launched",
        entry("program", due="2032-06", launched_at="harbour-summit"),
        "joint-statement",
        None,
        [
            t("crane-programme", JV.due, typed("2032-06", "gYearMonth")),
            t("crane-programme", JV.launchedAt, ref("harbour-summit")),
        ],
    ),
    (
        "event-dates-at-two-precisions",
        entry("summit", start_date="2030-03", end_date="2030-03-10"),
        "news-article",
        None,
        [
            t("second-summit", JV.startDate, typed("2030-03", "gYearMonth")),
            t("second-summit", JV.endDate, typed("2030-03-10", "date")),
        ],
    ),
    (
        "published-a-month",
        entry("summit"),
        "news-article",
        {"published": "2032-05"},
        [t("test-source", JV.published, typed("2032-05", "gYearMonth"))],
    ),
    (
        "progress-an-amount",
        entry("progress"),
        "fact-sheet",
        None,
        [
            t("cranes-2031", RDF.type, f"<{JV.Progress}>"),
            t("cranes-2031", JV.toward, ref("cranes")),
            t("cranes-2031", JV.asOf, typed("2031", "gYear")),
            t("cranes-2031", JV.quantity, ref("cranes-2031_quantity")),
            t("cranes-2031_quantity", JV.numericValue, typed("12", "decimal")),
            t("cranes-2031_quantity", JV.statedAs, '"12 harbour cranes"'),
        ],
    ),
    (
        "progress-a-share",
        entry("progress", **AMOUNT_OUT, share=80.5, as_of="2031-12"),
        "fact-sheet",
        None,
        [
            t("cranes-2031", JV.share, typed("80.5", "decimal")),
            t("cranes-2031", JV.asOf, typed("2031-12", "gYearMonth")),
        ],
    ),
    (
        "progress-a-completion",
        entry("progress", **AMOUNT_OUT, completion="substantial", as_of="2031-12-31"),
        "fact-sheet",
        None,
        [
            t("cranes-2031", JV.completion, f"<{JV.Substantial}>"),
            t("cranes-2031", JV.asOf, typed("2031-12-31", "date")),
        ],
    ),
    (
        "assessment-a-score",
        entry("assessment"),
        "assessment",
        None,
        [
            t("cranes-land-a", RDF.type, f"<{JV.Assessment}>"),
            t("cranes-land-a", JV.assessedParty, ref("land-a")),
            t("cranes-land-a", JV.complianceScore, typed("1", "integer")),
        ],
    ),
    (
        "assessment-no-compliance",
        entry("assessment", score=-1, completion="limited"),
        "assessment",
        None,
        [
            t("cranes-land-a", JV.complianceScore, typed("-1", "integer")),
            t("cranes-land-a", JV.completion, f"<{JV.Limited}>"),
        ],
    ),
    (
        "assessment-a-level-over-a-period",
        entry("assessment", party=None, score=None, completion="no-evidence", covers={"start": 2030, "end": "2032-05"}),
        "assessment",
        None,
        [
            t("cranes-land-a", JV.completion, f"<{JV.NoEvidence}>"),
            t("cranes-land-a", JV.covers, ref("cranes-land-a_covers")),
            t("cranes-land-a_covers", RDF.type, f"<{JV.Period}>"),
            t("cranes-land-a_covers", JV.startsOn, typed("2030", "gYear")),
            t("cranes-land-a_covers", JV.endsOn, typed("2032-05", "gYearMonth")),
        ],
    ),
]


@pytest.mark.parametrize(("name", "extra", "kind", "metadata", "statements"), VALID, ids=[row[0] for row in VALID])
def test_a_valid_entry_of_version_3_builds_its_statements(tmp_path, name, extra, kind, metadata, statements):
    path = write(tmp_path, extra, kind=kind, metadata=metadata)
    made = {line.rsplit(" <", 1)[0] for line in nquads(path).splitlines()}
    assert [s for s in statements if s not in made] == []
    if extra.get("type") in {"Progress", "Assessment"} or "period" in extra or "per" in extra:
        report = validate_graph(build_dataset(path).to_rdflib())
        assert report.conforms and report.warnings == (), [str(v) for v in report.violations + report.warnings]


DURATION = "a duration in years, months and days such as P5Y, P18M or P1Y6M"
IDENTIFIER = "an identifier: lower-case words joined by single hyphens, such as next-gen-health"
NEEDS_3 = "this field needs format: jointvision-source/3 (this file declares jointvision-source/2)"
ONE_OF = "give exactly one of: an amount (value, unit, bound and stated_as), a share or a completion"
WHOLE = None  # the error names the entry (or mapping) as a whole and points at its first line

# name, format version, source kind, the entry, the field named (after the
# entry's "where"), the text of the line pointed at (WHOLE: the entry's), the message
INVALID = [
    (
        "due-month-13",
        3,
        "fact-sheet",
        entry("target", due="2031-13"),
        ".due",
        "due:",
        f"must be {PARTIAL}, got '2031-13'",
    ),
    (
        "due-not-a-day",
        3,
        "fact-sheet",
        entry("target", due="2031-02-30"),
        ".due",
        "due:",
        "'2031-02-30' is not a calendar date",
    ),
    (
        "period-start-without-end",
        3,
        "fact-sheet",
        entry("target", period={"start": "2030-04"}),
        ".period",
        "start: 2030-04",
        "give both start and end, or neither",
    ),
    (
        "period-start-after-end",
        3,
        "fact-sheet",
        entry("target", period={"start": "2032-01", "end": 2031}),
        ".period",
        "start: 2032-01",
        "start is after end",
    ),
    (
        "period-bounds-and-years",
        3,
        "fact-sheet",
        entry("target", period={"start": 2030, "end": 2031, "start_year": 2030, "end_year": 2031}),
        ".period.start",
        "start: 2030",
        "give start and end, or start_year and end_year, not both",
    ),
    (
        "per-neither-interval-nor-unit",
        3,
        "fact-sheet",
        entry("target", per="Trainee"),
        ".per",
        "per:",
        f"must be {DURATION}, or {IDENTIFIER}, got 'Trainee'",
    ),
    (
        "per-not-canonical",
        3,
        "fact-sheet",
        entry("target", per="P18M"),
        ".per",
        "per:",
        "write 'P18M' as 'P1Y6M' (the canonical form, which every RDF store keeps as it is)",
    ),
    (
        "per-a-country",  # a unit given to per is held, and checked, as per_unit
        3,
        "fact-sheet",
        entry("target", per="land-a"),
        ".per_unit",
        "per:",
        "'land-a' is a Country; expected Unit",
    ),
    ("per-unknown", 3, "fact-sheet", entry("target", per="gantry"), ".per_unit", "per:", "unknown entity 'gantry'"),
    ("progress-nothing", 3, "fact-sheet", entry("progress", **AMOUNT_OUT), "", WHOLE, ONE_OF),
    (
        "progress-share-and-completion",
        3,
        "fact-sheet",
        entry("progress", **AMOUNT_OUT, share=80, completion="limited"),
        ".completion",
        "completion:",
        ONE_OF,
    ),
    ("progress-amount-and-share", 3, "fact-sheet", entry("progress", share=80), ".share", "share:", ONE_OF),
    (
        "progress-amount-without-unit",
        3,
        "fact-sheet",
        entry("progress", unit=None),
        ".unit",
        WHOLE,
        "this field is required for type Progress when it states an amount",
    ),
    (
        "progress-without-date",
        3,
        "fact-sheet",
        entry("progress", as_of=None),
        ".as_of",
        WHOLE,
        "this field is required for type Progress",
    ),
    (
        "progress-date-in-words",
        3,
        "fact-sheet",
        entry("progress", as_of="end of 2031"),
        ".as_of",
        "as_of:",
        f"must be {PARTIAL}, got 'end of 2031'",
    ),
    (
        "progress-negative-share",
        3,
        "fact-sheet",
        entry("progress", **AMOUNT_OUT, share=-5),
        ".share",
        "share:",
        "must be a number written in digits, not negative, such as 10000000000000 or 2.5, got '-5'",
    ),
    (
        "progress-no-evidence",
        3,
        "fact-sheet",
        entry("progress", **AMOUNT_OUT, completion="no-evidence"),
        ".completion",
        "completion:",
        "must be one of not-started, limited, substantial, complete, got 'no-evidence'",
    ),
    (
        "progress-toward-a-country",
        3,
        "fact-sheet",
        entry("progress", toward="land-a"),
        ".toward",
        "toward:",
        "'land-a' is a Country; expected Target or Undertaking",
    ),
    (
        "assessment-score-without-party",
        3,
        "assessment",
        entry("assessment", party=None),
        ".score",
        "score:",
        "a score needs the party it judges (party)",
    ),
    (
        "assessment-score-off-the-scale",
        3,
        "assessment",
        entry("assessment", score=2),
        ".score",
        "score:",
        "must be -1, 0 or 1 (no, partial or full compliance), got 2",
    ),
    (
        "assessment-judging-nothing",
        3,
        "assessment",
        entry("assessment", party=None, score=None),
        "",
        WHOLE,
        "give a completion, a score (with its party), or both",
    ),
    (
        "assessment-party-a-summit",
        3,
        "assessment",
        entry("assessment", party="harbour-summit"),
        ".party",
        "party:",
        "'harbour-summit' is a Summit; expected Country or Organisation",
    ),
    (
        "assessment-in-a-fact-sheet",
        3,
        "fact-sheet",
        entry("assessment"),
        ".type",
        "type: Assessment",
        "an entry of type Assessment stands only in a source of kind assessment; this source is of kind fact-sheet",
    ),
    (
        "assessment-in-a-source-of-no-kind",
        3,
        None,
        entry("assessment"),
        ".type",
        "type: Assessment",
        "an entry of type Assessment stands only in a source of kind assessment; "
        "this source gives no kind (source.kind)",
    ),
    (
        "assessment-covers-backwards",
        3,
        "assessment",
        entry("assessment", covers={"start": 2032, "end": "2031-12"}),
        ".covers",
        "start: 2032",
        "start is after end",
    ),
    (
        "assessment-covers-years",
        3,
        "assessment",
        entry("assessment", covers={"start_year": 2030, "end_year": 2031}),
        ".covers.start_year",
        "start_year:",
        "unknown field; expected one of: end, start",
    ),
    (
        "assessment-completion-off-the-scale",
        3,
        "assessment",
        entry("assessment", completion="partial"),
        ".completion",
        "completion:",
        "must be one of no-evidence, not-started, limited, substantial, complete, got 'partial'",
    ),
    # version 2 reads as it always did, and is told what needs version 3
    ("v2-due", 2, None, entry("target", due=2031), ".due", "due:", NEEDS_3),
    (
        "v2-launched-at",
        2,
        None,
        entry("program", launched_at="harbour-summit"),
        ".launched_at",
        "launched_at:",
        NEEDS_3,
    ),
    (
        "v2-period-bounds",
        2,
        None,
        entry("target", period={"start": 2030, "end": 2031}),
        ".period.start",
        "start: 2030",
        NEEDS_3,
    ),
    (
        "v2-progress",
        2,
        None,
        entry("progress"),
        ".type",
        "type: Progress",
        "type Progress needs format: jointvision-source/3 (this file declares jointvision-source/2)",
    ),
    (
        "v2-a-year-for-a-day",
        2,
        None,
        entry("summit", start_date=2030),
        ".start_date",
        "start_date:",
        "must be a date such as 2025-08-29, got '2030'",
    ),
    ("v2-per-a-unit", 2, None, entry("target", per="trainee"), ".per", "per:", f"must be {DURATION}, got 'trainee'"),
]


def _line(path: Path, entry_id: str, at: str | None) -> int:
    """The line of ``at`` in the entry ``entry_id`` (WHOLE: the entry's first line)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    first = next(i for i, text in enumerate(lines, 1) if text.strip() in {f"- id: {entry_id}", f"id: {entry_id}"})
    if at is None:
        return first
    return next(i for i, text in enumerate(lines[first - 1 :], first) if at in text)


@pytest.mark.parametrize(
    ("name", "version", "kind", "extra", "field", "at", "message"), INVALID, ids=[row[0] for row in INVALID]
)
def test_an_invalid_entry_is_refused_with_its_message_line_and_field(
    tmp_path, name, version, kind, extra, field, at, message
):
    path = write(tmp_path, extra, version=version, kind=kind)
    with pytest.raises(SourceError) as caught:
        load_sources(path)
    errors = caught.value.errors if isinstance(caught.value, SourceErrors) else [caught.value]
    entry = f"entities[{len(BASE)}] (id: {extra['id']})"
    # the first error (by line) is the one named; any others are of the same entry (every field's error is told)
    assert (errors[0].message, errors[0].field, errors[0].line) == (
        message,
        f"{entry}{field}",
        _line(path, extra["id"], at),
    )
    assert all(e.field.startswith(entry) and e.path == str(path) for e in errors)


def test_per_unit_is_not_written_as_a_field_of_its_own(tmp_path):
    """A unit is written ``per: trainee``; ``per_unit`` is only what holds it."""
    path = write(tmp_path, entry("target", per_unit="trainee"), kind="fact-sheet")
    with pytest.raises(SourceErrors) as caught:
        read_source_file(path)
    (error,) = caught.value.errors
    assert error.field.endswith(".per_unit") and error.message.startswith("unknown field for type Target; expected")
    assert "per_unit" not in error.message and "per," in error.message


def test_an_about_entry_of_progress_may_add_only_evidence(tmp_path):
    """Statements about a progress report another file defines need none of
    the amount, share or completion (nor an assessment's result)."""
    first = write(tmp_path / "a", entry("progress"), kind="fact-sheet")
    about = {"about": "cranes-2031", "type": "Progress", "evidence": ["80 per cent of the target"]}
    second = make_source(
        tmp_path / "b", TEXT, [about], source_id="second", metadata={"kind": "news-article"}, version=3
    )
    sources = load_sources([first, second])
    assert [e.values for e in sources[1].entities] == [{}]


# ------------------------------------------------ versions 1 and 2 unchanged
def test_the_embedded_version_2_data_builds_the_committed_data_downloads(article_dataset, dataset):
    """The fact files of version 2 (the embedded article, every download of
    its data) make byte for byte what they made: only the ontology's own
    downloads change with the ontology."""
    built = export_files(dataset)
    for name in ("jointvision.ttl", "jointvision.nt", "jointvision.jsonld", "jointvision.graphml", "jointvision.gexf"):
        assert built[name] == (EXPORTS / name).read_bytes(), name


def test_a_version_2_file_reads_its_dates_as_days(tmp_path):
    path = write(tmp_path, entry("summit", start_date="2030-03-09"), version=2, kind=None)
    (src,) = load_sources(path)
    (value,) = src.entities[-1].values["start_date"]
    assert type(value.value).__name__ == "date" and str(value.value) == "2030-03-09"
    assert t("second-summit", JV.startDate, typed("2030-03-09", "date")) in nquads(path)


def test_a_version_1_file_is_told_metadata_and_about_need_version_2(tmp_path):
    path = make_source(tmp_path, TEXT, BASE, metadata={"kind": "fact-sheet"}, version=1)
    with pytest.raises(SourceError) as caught:
        read_source_file(path)
    assert caught.value.message == (
        "source metadata needs format: jointvision-source/2 (this file declares jointvision-source/1)"
    )


# ---------------------------------------------------------- the ontology
@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ontology_path(), format="turtle")


TRACKING_TERMS = {
    OWL.Class: ("Progress", "Assessment", "CompletionLevel", "DerivedStatus", "Status", "StatusRule"),
    OWL.ObjectProperty: (
        "toward",
        "completion",
        "covers",
        "assessedParty",
        "launchedAt",
        "perUnit",
        "statusOf",
        "status",
        "statusRule",
    ),
    OWL.DatatypeProperty: (
        "asOf",
        "share",
        "complianceScore",
        "due",
        "startsOn",
        "endsOn",
        "shareReached",
        "shareElapsed",
        "statusAsOf",
    ),
    OWL.NamedIndividual: (
        "AssessmentSource",
        "NoEvidence",
        "NotStarted",
        "Limited",
        "Substantial",
        "Complete",
        "Achieved",
        "OnTrack",
        "Behind",
        "Missed",
        "NotYetDue",
        "NoInformation",
        "Disputed",
        "AchievedRule",
        "OnTrackRule",
        "BehindRule",
        "MissedRule",
        "NotYetDueRule",
        "NoInformationRule",
        "DisputedRule",
    ),
}


@pytest.mark.parametrize("kind", sorted(TRACKING_TERMS), ids=lambda k: str(k).rsplit("#", 1)[1])
def test_the_ontology_defines_the_tracking_terms_and_the_page_names_them(ontology, kind):
    page = DOC.read_text(encoding="utf-8")
    for name in TRACKING_TERMS[kind]:
        assert (JV[name], RDF.type, kind) in ontology, name
        assert f"`jv:{name}`" in page or f"jv:{name}`" in page, name


def test_the_observations_are_sosa_and_the_status_is_prov(ontology):
    sosa, prov = lambda n: URIRef(SOSA + n), lambda n: URIRef(PROV + n)
    assert (JV.Progress, RDFS.subClassOf, sosa("Observation")) in ontology
    assert (JV.Assessment, RDFS.subClassOf, sosa("Observation")) in ontology
    assert (JV.toward, RDFS.subPropertyOf, sosa("hasFeatureOfInterest")) in ontology
    assert (JV.covers, RDFS.subPropertyOf, sosa("phenomenonTime")) in ontology
    assert (JV.DerivedStatus, RDFS.subClassOf, prov("Entity")) in ontology
    for term, kind in ((sosa("Observation"), OWL.Class), (sosa("hasFeatureOfInterest"), OWL.ObjectProperty)):
        assert (term, RDF.type, kind) in ontology  # declared, for OWL 2 DL
    why = str(ontology.value(JV.Progress, RDFS.comment))
    assert "SOSA rather than the RDF Data Cube" in why


def test_dates_of_any_precision_have_no_range_and_the_ontology_no_blank_node(ontology):
    for name in ("due", "startsOn", "endsOn", "asOf", "statusAsOf", "startDate", "published"):
        assert ontology.value(JV[name], RDFS.range) is None, name
    assert not any(isinstance(term, BNode) for triple in ontology for term in triple)


def test_the_new_top_classes_are_disjoint_from_every_other_and_the_individuals_distinct(ontology):
    tops = {s for s in ontology.subjects(RDF.type, OWL.Class) if str(s).startswith(VOCAB)}
    tops = {c for c in tops if not any(str(p).startswith(VOCAB) for p in ontology.objects(c, RDFS.subClassOf))}
    pairs = {frozenset((s, o)) for s, o in ontology.subject_objects(OWL.disjointWith)}
    for new in TRACKING_TERMS[OWL.Class]:
        assert {c for c in tops - {JV[new]} if frozenset((JV[new], c)) not in pairs} == set(), new
    different = {frozenset((s, o)) for s, o in ontology.subject_objects(OWL.differentFrom)}
    for cls in (JV.CompletionLevel, JV.Status, JV.StatusRule, JV.SourceKind):
        members = sorted(ontology.subjects(RDF.type, cls))
        assert all(frozenset((a, b)) in different for i, a in enumerate(members) for b in members[i + 1 :]), cls


def _rule_table() -> dict[str, str]:
    text = DOC.read_text(encoding="utf-8")
    table = text[text.index("| status | rule |") :].split("\n\n", 1)[0].splitlines()[2:]
    return {row.split(" | ")[0].strip("| "): row.split(" | ", 1)[1].rstrip(" |").replace("`", "") for row in table}


def test_each_status_rule_is_a_row_of_the_table_in_its_order_with_its_words(ontology):
    table = _rule_table()
    assert list(table) == list(STATUS_RULES)
    for status, (individual, rule) in STATUS_RULES.items():
        assert str(ontology.value(rule, RDFS.comment)) == table[status], status
        assert str(ontology.value(individual, RDFS.label)) == status
        assert (individual, RDF.type, JV.Status) in ontology and (rule, RDF.type, JV.StatusRule) in ontology


# ------------------------------------------------------------ the reasoner
NOT_IN_OWL2 = {*test_owl.NOT_IN_OWL2, XSD.gYearMonth}


def for_reasoner(graph: Graph, path: Path) -> Path:
    """As test_owl.for_reasoner, with xsd:gYearMonth too given as its lexical form."""
    merged = Graph().parse(ontology_path(), format="turtle")
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype in NOT_IN_OWL2:
            o = Literal(str(o), datatype=XSD.string)
        merged.add((s, p, o))
    merged.serialize(path, format="turtle")
    return path


def test_the_tracking_fixture_is_consistent_with_the_axioms(hermit, tracking_graph, tmp_path):
    assert hermit(for_reasoner(tracking_graph, tmp_path / "tracking.ttl")) == (True, set())


X = "https://example.org/invented#"  # test fixture: invented individuals
#: What the new axioms rule out: (statements that are fine, the statement that clashes).
CLASHES = {
    "a progress report that is an assessment": (f"<{X}r> a <{JV}Progress> .", f"<{X}r> a <{JV}Assessment> ."),
    "a derived status that is evidence": (f"<{X}s> a <{JV}DerivedStatus> .", f"<{X}s> a <{JV}Evidence> ."),
    "a completion level that is a status": (f"<{X}l> a <{JV}CompletionLevel> .", f"<{X}l> a <{JV}Status> ."),
    "complete, the same as substantial": (
        f"<{X}r> <{JV}completion> <{JV}Complete> .",
        f"<{JV}Complete> <{OWL.sameAs}> <{JV}Substantial> .",
    ),
    "a status both achieved and behind": (
        f"<{X}s> <{JV}status> <{JV}Achieved> .",
        f"<{X}s> <{JV}status> <{JV}Behind> .",
    ),
    "a status by two rules": (
        f"<{X}s> <{JV}statusRule> <{JV}OnTrackRule> .",
        f"<{X}s> <{JV}statusRule> <{JV}BehindRule> .",
    ),
    "a report toward two commitments": (
        f"<{X}r> <{JV}toward> <{X}t1> .",
        f"<{X}r> <{JV}toward> <{X}t2> . <{X}t1> <{OWL.differentFrom}> <{X}t2> .",
    ),
    "a report with two shares": (f"<{X}r> <{JV}share> 24.0 .", f"<{X}r> <{JV}share> 30.0 ."),
    "an assessment with two scores": (f"<{X}a> <{JV}complianceScore> 1 .", f"<{X}a> <{JV}complianceScore> -1 ."),
    "a rate per a person (range Unit)": (f"<{X}q> <{JV}perUnit> <{X}u> .", f"<{X}u> a <{JV}Person> ."),
    "an assessment covering a target (range Period)": (
        f"<{X}a> <{JV}covers> <{X}c> .",
        f"<{X}c> a <{JV}Target> .",
    ),
    "a status of a source (domain DerivedStatus)": (f"<{X}s> <{JV}status> <{JV}Missed> .", f"<{X}s> a <{JV}Source> ."),
    "a completion level that is a status rule": (
        f"<{X}r> <{JV}completion> <{X}l> .",
        f"<{X}l> a <{JV}StatusRule> .",
    ),
}


@pytest.mark.parametrize("name", sorted(CLASHES))
def test_the_reasoner_refuses_what_the_new_axioms_rule_out(hermit, tmp_path, name):
    fine, clash = CLASHES[name]
    bad = Graph().parse(data=fine + "\n" + clash, format="turtle")
    assert hermit(for_reasoner(bad, tmp_path / "bad.ttl"))[0] is False, name


def test_the_same_examples_without_their_clash_are_consistent(hermit, tmp_path):
    merged = Graph()
    for number, name in enumerate(sorted(CLASHES)):
        merged += Graph().parse(data=CLASHES[name][0].replace(X, f"{X}{number}-"), format="turtle")
    assert hermit(for_reasoner(merged, tmp_path / "ok.ttl")) == (True, set())


# ----------------------------------------------------------- the schema
def test_every_new_field_and_type_is_of_version_3_and_the_reader_knows_its_kind():
    new = {"due", "launched_at", "per_unit", "toward", "as_of", "share", "completion", "covers", "party", "score"}
    for type_name in ("Target", "Program", "Financing", "Loan", "Progress", "Assessment"):
        for name, spec in schema.fields_of(type_name).items():
            assert (spec.since == 3) == (name in new), (type_name, name)
            assert schema.kind_in(spec.kind, 2) in kinds.KINDS or spec.parts, (type_name, name)
    assert {t for t, v in schema.TYPES_SINCE.items() if v == 3} == {"Progress", "Assessment"}
    assert schema.FORMATS[2] == schema.format_tag(3) == "jointvision-source/3"  # versions 4 and 5 came after
    assert {f.name for f in schema.PERIOD_FIELDS if f.since == 3} == {"start", "end"}
