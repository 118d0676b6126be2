"""Issue 22, part B: whether each commitment is being kept. Every row of the
status rule table (docs/source-format.md, "Tracking commitments") on the
invented fixture tests/data/tracking/ (its README lists the statuses) and on
small datasets made of quads, one edge of a rule each; the as-of date; the
derived graph's bytes; and ``jointvision status``."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from conftest import FACT_FILE, ROOT
from jointvision.cli import main
from jointvision.errors import JointVisionError
from jointvision.rdf.dataset import Dataset
from jointvision.rdf.namespaces import DATA, GRAPHS, VOCAB
from jointvision.rdf.status import (
    GROUPINGS,
    RULE_TABLE,
    RULES,
    STATUS_GRAPH,
    STATUS_LABELS,
    STATUSES,
    as_of_date,
    derive_statuses,
    statuses,
    summaries,
    with_statuses,
)

TRACKING = ROOT / "tests" / "data" / "tracking"
#: What tests/data/tracking/README.md says each commitment is, as of 2032-05-15.
FIXTURE = {
    "harbour-cranes": "Achieved",
    "joint-secretariat": "Achieved",
    "nurse-training": "Missed",
    "port-investment": "OnTrack",
    "student-exchange": "Behind",
    "green-shipping-fund": "NotYetDue",
    "research-grants": "NoInformation",
    "new-consulates": "Disputed",
}
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


# ------------------------------------------------------------ small datasets of quads
def _dated(text: str) -> ox.Literal:
    """A year, year and month, or day at its own precision."""
    kind = {4: "gYear", 7: "gYearMonth"}.get(len(text), "date")
    return ox.Literal(text, datatype=ox.NamedNode(XSD + kind))


def _decimal(text: str) -> ox.Literal:
    return ox.Literal(text, datatype=ox.NamedNode(XSD + "decimal"))


class Facts:
    """A dataset written as the builder writes one: each source in its own
    graph, a target (or initiative) in the first, each report in a source of its own."""

    def __init__(self):
        self.quads: list[ox.Quad] = []

    def add(self, graph: str, s: str, p: str, o) -> None:
        obj = o if isinstance(o, ox.Literal) else ox.NamedNode(o)
        self.quads.append(ox.Quad(ox.NamedNode(s), ox.NamedNode(p), obj, ox.NamedNode(GRAPHS + graph)))

    def source(self, sid: str, published: str | None) -> str:
        node = DATA + sid
        self.add(sid, node, RDF_TYPE, VOCAB + "Source")
        self.add(sid, node, LABEL, ox.Literal(f"source {sid}"))
        self.add(sid, node, VOCAB + "namedGraph", GRAPHS + sid)
        if published:
            self.add(sid, node, VOCAB + "published", _dated(published))
        return sid

    def commitment(self, cid: str, sid: str, kind="Target", value=None, bound="Exact", due=None, period=None):
        node = DATA + cid
        self.add(sid, node, RDF_TYPE, VOCAB + kind)
        self.add(sid, node, LABEL, ox.Literal(cid))
        if value is not None:
            self.add(sid, node, VOCAB + "quantity", node + "_quantity")
            self.add(sid, node + "_quantity", VOCAB + "numericValue", _decimal(value))
            self.add(sid, node + "_quantity", VOCAB + "bound", VOCAB + bound)
        if due:
            self.add(sid, node, VOCAB + "due", _dated(due))
        if period:
            self.add(sid, node, VOCAB + "period", node + "_period")
            for name, text in period.items():
                if name == "anchoredTo":
                    self.add(sid, node + "_period", VOCAB + name, DATA + "summit")
                    self.add(sid, DATA + "summit", VOCAB + "startDate", _dated(text))
                elif name == "duration":
                    self.add(sid, node + "_period", VOCAB + name, ox.Literal(text, datatype=ox.NamedNode(XSD + name)))
                else:
                    self.add(sid, node + "_period", VOCAB + name, _dated(text))

    def report(self, rid: str, sid: str, toward: str, kind="Progress", as_of=None, value=None, share=None,
               level=None, party=None, score=None):  # fmt: skip
        node = DATA + rid
        self.add(sid, node, RDF_TYPE, VOCAB + kind)
        self.add(sid, node, VOCAB + "toward", DATA + toward)
        if as_of:
            self.add(sid, node, VOCAB + "asOf", _dated(as_of))
        if value is not None:
            self.add(sid, node, VOCAB + "quantity", node + "_quantity")
            self.add(sid, node + "_quantity", VOCAB + "numericValue", _decimal(value))
        if share is not None:
            self.add(sid, node, VOCAB + "share", _decimal(share))
        if level:
            self.add(sid, node, VOCAB + "completion", VOCAB + level)
        if party:
            self.add(sid, node, VOCAB + "assessedParty", DATA + party)
        if score is not None:
            self.add(sid, node, VOCAB + "complianceScore", ox.Literal(score, datatype=ox.NamedNode(XSD + "integer")))

    def dataset(self) -> Dataset:
        return Dataset.from_quads(self.quads)


YEARS = {"startYear": "2030", "endYear": "2034"}  # 1 January 2030 to 31 December 2034: 1826 days


def one(target: dict, reports: tuple = (), made: str | None = "2030-01-01", reported: str | None = "2032-02-01"):
    """A dataset of one commitment ``c`` (made by a source published on
    ``made``) and its reports (each in a source published on ``reported``)."""
    facts = Facts()
    facts.commitment("c", facts.source("statement", made), **target)
    for i, report in enumerate(reports):
        facts.report(f"r{i}", facts.source(f"report-{i}", report.pop("published", reported)), "c", **report)
    return facts.dataset()


def status_of(dataset, as_of=None):
    [found] = statuses(dataset, as_of)
    return found


# each rule's edges: (what, commitment, reports, as of, status)
CASES = [
    # achieved: an amount at the target's value, or a share of 100 %, or a complete level
    ("exactly 100 %", {"value": "100", "period": YEARS}, [{"as_of": "2031", "value": "100"}], None, "Achieved"),
    ("an amount past it", {"value": "100", "period": YEARS}, [{"as_of": "2031", "value": "101"}], None, "Achieved"),
    ("just short of it", {"value": "100", "period": YEARS}, [{"as_of": "2031", "value": "99.99"}], None, "OnTrack"),
    ("at least, reached", {"value": "100", "bound": "AtLeast"}, [{"as_of": "2031", "value": "100"}], None, "Achieved"),
    (
        "about, within 5 %",
        {"value": "100", "bound": "Approximately"},
        [{"as_of": "2031", "value": "95"}],
        None,
        "Achieved",
    ),
    (
        "about, 5 % and more short",
        {"value": "100", "bound": "Approximately", "period": YEARS},
        [{"as_of": "2031", "value": "94.99"}],
        None,
        "OnTrack",
    ),
    (
        "at most is no amount to reach",
        {"value": "100", "bound": "AtMost", "period": YEARS},
        [{"as_of": "2031", "value": "100"}],
        None,
        "OnTrack",
    ),
    ("a share of 100 %", {"value": "100", "period": YEARS}, [{"as_of": "2031", "share": "100"}], None, "Achieved"),
    ("a share of 99 %", {"value": "100", "period": YEARS}, [{"as_of": "2031", "share": "99"}], None, "OnTrack"),
    # completion complete, from progress or from an assessment; only the latest level counts
    ("complete, from progress", {"due": "2031"}, [{"as_of": "2031-10", "level": "Complete"}], None, "Achieved"),
    ("complete, from an assessment", {"due": "2031"}, [{"kind": "Assessment", "level": "Complete"}], None, "Achieved"),
    (
        "complete, then an assessment says substantial",
        {"due": "2035"},
        [
            {"as_of": "2031-10", "level": "Complete", "published": "2031-11-01"},
            {"kind": "Assessment", "level": "Substantial", "published": "2032-01-01"},
        ],
        None,
        "NoInformation",
    ),
    (
        "an assessment published after the date does not count",
        {"due": "2031"},
        [{"kind": "Assessment", "level": "Complete", "published": "2032-06-01"}],
        "2032-05-15",
        "NoInformation",
    ),
    # missed: past the due date (due today is not past) or the period's end, not achieved, something reported
    ("due today", {"value": "100", "due": "2031"}, [{"as_of": "2031-06", "value": "10"}], "2031-12-31", "Behind"),
    ("due yesterday", {"value": "100", "due": "2031"}, [{"as_of": "2031-06", "value": "10"}], "2032-01-01", "Missed"),
    ("period over", {"value": "100", "period": YEARS}, [{"as_of": "2034", "value": "90"}], "2035-01-01", "Missed"),
    ("period over, nothing reported", {"value": "100", "period": YEARS}, [], "2035-01-01", "NoInformation"),
    # on track / behind: the share reached against the share of the time gone by the report's date
    (
        "level with the time",
        {"value": "1826", "period": YEARS},
        [{"as_of": "2030-12-31", "value": "365"}],
        None,
        "OnTrack",
    ),
    (
        "a unit behind the time",
        {"value": "1826", "period": YEARS},
        [{"as_of": "2030-12-31", "value": "364.99"}],
        None,
        "Behind",
    ),
    (
        "a month's report counts from its last day",
        {"value": "1826", "period": YEARS},
        [{"as_of": "2030-12", "value": "365"}],
        None,
        "OnTrack",
    ),
    (
        "bounds at month precision",
        {"value": "100", "period": {"startsOn": "2030-04", "endsOn": "2035-03"}},
        [{"as_of": "2031-12", "value": "30"}],
        None,
        "Behind",
    ),
    (
        "a duration from its event",
        {"value": "100", "period": {"duration": "P5Y", "anchoredTo": "2030-07-01"}},
        [{"as_of": "2031-06", "value": "21"}],
        None,
        "OnTrack",
    ),
    (
        "due only: from the day of the source that made it",
        {"value": "100", "due": "2031"},
        [{"as_of": "2030-12", "value": "50"}],
        "2031-01-01",
        "OnTrack",
    ),
    # not yet due: nothing reported and not begun
    ("period not begun", {"value": "100", "period": {"startYear": "2033", "endYear": "2037"}}, [], None, "NotYetDue"),
    (
        "period begun today",
        {"value": "100", "period": {"startYear": "2033", "endYear": "2037"}},
        [],
        "2033-01-01",
        "NoInformation",
    ),
    ("due date, before its source", {"value": "100", "due": "2031"}, [], "2029-12-31", "NotYetDue"),
    # disputed: the latest reports (the same date) differ
    (
        "two shares",
        {"value": "100", "period": YEARS},
        [{"as_of": "2031", "share": "40"}, {"as_of": "2031", "share": "50"}],
        None,
        "Disputed",
    ),
    (
        "a year and its December are the same date",
        {"value": "100", "period": YEARS},
        [{"as_of": "2031", "value": "40"}, {"as_of": "2031-12", "value": "50"}],
        None,
        "Disputed",
    ),
    (
        "an amount and the same share agree",
        {"value": "100", "period": YEARS},
        [{"as_of": "2031", "value": "40"}, {"as_of": "2031", "share": "40"}],
        None,
        "OnTrack",
    ),
    (
        "only the latest count",
        {"value": "100", "period": YEARS},
        [{"as_of": "2031-06", "share": "10"}, {"as_of": "2031", "share": "50"}],
        None,
        "OnTrack",
    ),
    (
        "two levels",
        {"due": "2031"},
        [{"as_of": "2031", "level": "Limited"}, {"as_of": "2031", "level": "Substantial"}],
        None,
        "Disputed",
    ),
    # no information
    ("nothing reported", {"value": "100", "period": YEARS}, [], None, "NoInformation"),
    ("no period, no due date", {"value": "100"}, [{"as_of": "2031", "value": "50"}], None, "NoInformation"),
    ("a level, no figure", {"due": "2035"}, [{"kind": "Assessment", "level": "Substantial"}], None, "NoInformation"),
]


@pytest.mark.parametrize("what, target, reports, as_of, expected", CASES, ids=[c[0] for c in CASES])
def test_each_rule_at_its_edges(what, target, reports, as_of, expected):
    found = status_of(one(target, tuple(dict(r) for r in reports)), as_of)
    assert found.status == expected, what
    assert found.rule == RULES[expected]


NO_DATE = [
    ("achieved", {"value": "100", "due": "2031"}, [{"as_of": "2031", "value": "100"}], "Achieved"),
    (
        "disputed",
        {"value": "100", "due": "2031"},
        [{"as_of": "2031", "value": "1"}, {"as_of": "2031", "value": "2"}],
        "Disputed",
    ),
    (
        "on track cannot be judged",
        {"value": "100", "period": YEARS},
        [{"as_of": "2031", "value": "9"}],
        "NoInformation",
    ),
    ("missed cannot be judged", {"value": "100", "due": "2020"}, [{"as_of": "2020", "value": "1"}], "NoInformation"),
    (
        "not yet due cannot be",
        {"value": "100", "period": {"startYear": "2090", "endYear": "2095"}},
        [],
        "NoInformation",
    ),
]


@pytest.mark.parametrize("what, target, reports, expected", NO_DATE, ids=[c[0] for c in NO_DATE])
def test_without_a_dated_source_only_three_statuses_can_be_judged(what, target, reports, expected):
    found = status_of(one(target, tuple(dict(r) for r in reports), made=None, reported=None))
    assert (found.as_of, found.status) == (None, expected)
    undated = one(target, tuple(dict(r) for r in reports), made=None, reported=None)
    assert not any(q.predicate.value == VOCAB + "statusAsOf" for q in derive_statuses(undated))


def test_the_shares_compared():
    found = status_of(one({"value": "1826", "period": YEARS}, ({"as_of": "2030-12-31", "value": "365"},)))
    assert (found.reached, found.elapsed) == (Fraction(365, 1826), Fraction(365, 1826))
    found = status_of(one({"value": "100", "period": YEARS}, ({"as_of": "2031", "value": "100"},)), "2032-12-31")
    assert (found.reached, found.elapsed) == (1, Fraction(365 * 3 + 1, 1826))  # achieved: as of the date


def test_the_rule_table_is_tried_in_its_order():
    assert [rule.__name__.strip("_").replace("_", "") for rule in RULE_TABLE] == [s.lower() for s in STATUSES]


def test_the_as_of_date():
    assert as_of_date("2032-05-15") == date(2032, 5, 15)
    assert as_of_date("2032") == date(2032, 12, 31)
    assert as_of_date(date(2031, 1, 2)) == date(2031, 1, 2)
    for bad in ("2032-13-01", "2032-02-30", "15/05/2032", "", "2032-05-15T00:00", "x" * 100):
        with pytest.raises(JointVisionError, match="as-of date must be"):
            as_of_date(bad)


def test_as_of_the_latest_source_or_the_date_asked_for():
    data = one({"value": "100", "period": YEARS}, ({"as_of": "2031", "value": "30"},), reported="2032-02-01")
    assert status_of(data).as_of == date(2032, 2, 1)
    assert status_of(data, "2031-06-30").status == "NoInformation"  # the report is of later
    assert status_of(data, "2031-12-31").status == "Behind"
    assert status_of(data, "2036").status == "Missed"


# ------------------------------------------------------------ the derived graph
def test_the_derived_quads_are_byte_stable_and_say_what_they_rest_on():
    def nquads():
        data = one(
            {"value": "100", "period": YEARS}, ({"as_of": "2031", "value": "30"}, {"as_of": "2030", "value": "1"})
        )
        store = ox.Store()
        store.bulk_extend(derive_statuses(data))
        return store.dump(format=ox.RdfFormat.N_QUADS)

    first = nquads()
    assert first == nquads()
    text = first.decode()
    node = f"<{DATA}c_status>"
    assert f"{node} <{VOCAB}status> <{VOCAB}Behind> <{STATUS_GRAPH}>" in text
    assert f"{node} <{VOCAB}statusRule> <{VOCAB}BehindRule>" in text
    assert f'{node} <{VOCAB}statusAsOf> "2032-02-01"^^<{XSD}date>' in text
    assert f'{node} <{VOCAB}shareReached> "30"^^<{XSD}decimal>' in text
    assert f'{node} <{VOCAB}shareElapsed> "39.98"^^<{XSD}decimal>' in text  # 730 of 1826 days, in per cent
    derived = {line.split()[2] for line in text.splitlines() if "wasDerivedFrom" in line}
    assert derived == {f"<{DATA}c>", f"<{DATA}r0>"}  # the commitment and the report used, not the older one


def test_the_derived_graph_is_not_a_source_graph():
    data = one({"value": "100", "period": YEARS}, ({"as_of": "2031", "value": "30"},))
    derived = with_statuses(data)
    assert STATUS_GRAPH in derived.graph_names() and not STATUS_GRAPH.startswith(GRAPHS)
    assert derived.source_graphs() == data.source_graphs()
    assert len(derived) == len(data) and derived.triples() == data.triples()
    assert len(derived.quads(STATUS_GRAPH)) == len(derive_statuses(data))
    # made again as of another date, it replaces the first, in the union too
    again = with_statuses(derived, "2036-01-01")
    status = ox.NamedNode(VOCAB + "status")
    assert [q.object.value for q in again.store.quads_for_pattern(None, status, None, None)] == [VOCAB + "Missed"] * 2
    assert len(data.quads(STATUS_GRAPH)) == 0  # the dataset given is left as it was


# ------------------------------------------------------------ compliance
@pytest.mark.parametrize(
    ("labels", "named"),
    [
        ([("日本への投資", "ja"), ("Zone investment", "en"), ("Accord", "fr")], "Zone investment"),
        ([("日本への投資", "ja"), ("Zone investment", None), ("Accord", "fr")], "Zone investment"),  # untagged next
        ([("Accord", "zh"), ("日本への投資", "ja")], "日本への投資"),  # else by tag: ja before zh
    ],
)
def test_a_commitment_named_in_several_languages_is_named_in_english_first(labels, named):
    facts = Facts()
    facts.commitment("c", facts.source("statement", "2030-01-01"), value="10", period=YEARS)
    for text, lang in labels:
        facts.add("statement", DATA + "c", LABEL, ox.Literal(text, language=lang) if lang else ox.Literal(text))
    facts.quads = [q for q in facts.quads if not (q.predicate.value == LABEL and q.object.value == "c")]
    assert status_of(facts.dataset()).commitment.label == named


def test_summaries_count_by_status_and_average_scores():
    facts = Facts()
    facts.source("statement", "2030-01-01")
    for cid, value in (("a", "10"), ("b", "1000")):
        facts.commitment(cid, "statement", value="100", due="2035")
        facts.add("statement", DATA + cid, VOCAB + "flowFrom", DATA + "north")
        facts.report(f"{cid}-p", facts.source(f"{cid}-report", "2031-01-01"), cid, as_of="2030-12", value=value)
    facts.add("statement", DATA + "north", LABEL, ox.Literal("North"))
    assessed = facts.source("assessment", "2031-02-01")
    facts.report("a-north", assessed, "a", kind="Assessment", party="north", score="1")
    facts.report("a-south", assessed, "a", kind="Assessment", party="south", score="-1")
    facts.report("b-south", assessed, "b", kind="Assessment", party="south", score="0")
    data = facts.dataset()
    by_party = {s.label: s for s in summaries(data, by="party")}
    assert list(by_party) == ["North", DATA + "south"]  # a party without a label by its IRI
    north, south = by_party["North"], by_party[DATA + "south"]
    assert (north.counts["Behind"], north.counts["Achieved"], north.total, north.kept) == (1, 1, 2, Decimal(50))
    assert (north.assessments, north.score) == (1, Decimal(1))
    assert (south.assessments, south.score) == (2, Decimal("-0.5"))
    [nothing] = summaries(data, by="direction")
    assert (nothing.group, nothing.label, nothing.total, nothing.assessments) == ("", "(none)", 2, 3)
    assert nothing.score == Decimal("0")
    with pytest.raises(JointVisionError, match="no grouping"):
        summaries(data, by="colour")


# ------------------------------------------------------------ the fixture and the article
@pytest.fixture(scope="module")
def tracking():
    from jointvision.rdf.build import build_dataset

    return build_dataset(TRACKING)


def test_every_row_of_the_rule_table_on_the_fixture(tracking):
    found = {s.commitment.node[len(DATA) :]: s for s in statuses(tracking)}
    assert {k: s.status for k, s in found.items()} == FIXTURE
    assert {s.as_of for s in found.values()} == {date(2032, 5, 15)}
    assert set(FIXTURE.values()) == set(STATUSES)
    port, students = found["port-investment"], found["student-exchange"]
    assert (port.reached, round(float(port.elapsed), 2)) == (Fraction(3, 5), 0.31)
    assert (students.reached, round(float(students.elapsed), 2)) == (Fraction(3, 10), 0.35)
    assert [r.node[len(DATA) :] for r in found["new-consulates"].used] == [
        "consulates-2031-gazette",
        "consulates-2031-ministry",
    ]
    assert [r.node[len(DATA) :] for r in found["joint-secretariat"].used] == ["secretariat-assessment"]


def test_the_fixture_statuses_are_the_same_bytes_from_a_fresh_build(tracking):
    from jointvision.rdf.build import build_dataset

    def nquads(quads):
        store = ox.Store()
        store.bulk_extend(quads)
        return store.dump(format=ox.RdfFormat.N_QUADS)

    first = derive_statuses(tracking)
    assert nquads(first) == nquads(derive_statuses(build_dataset(TRACKING)))
    assert first == derive_statuses(tracking, "2032-05-15") != derive_statuses(tracking, "2032-05-16")
    kept = with_statuses(tracking)
    kinds = ox.NamedNode(VOCAB + "DerivedStatus")
    assert len(list(kept.store.quads_for_pattern(None, None, kinds, ox.NamedNode(STATUS_GRAPH)))) == len(FIXTURE)
    assert kept.source_graphs() == tracking.source_graphs() and len(kept) == len(tracking)


def test_the_fixture_as_of_earlier_dates(tracking):
    early = {s.commitment.node[len(DATA) :]: s.status for s in statuses(tracking, "2032-02-01")}
    assert early["joint-secretariat"] == "NoInformation"  # the assessment came later: nothing is reported
    assert early["port-investment"] == "OnTrack" and early["new-consulates"] == "Disputed"  # reports as of 2031
    earlier = {s.commitment.node[len(DATA) :]: s.status for s in statuses(tracking, "2031-12-30")}
    assert earlier["nurse-training"] == "Behind"  # June 2031: 40 % of the nurses, 72 % of the time to 2031
    assert earlier["harbour-cranes"] == earlier["new-consulates"] == "NoInformation"  # reported as of 2031-12-31
    first = {s.commitment.node[len(DATA) :]: s.status for s in statuses(tracking, "2030-03-10")}
    assert set(first.values()) == {"NoInformation", "NotYetDue"}


def test_the_fixture_compliance_by_party(tracking):
    by_party = {s.label: s for s in summaries(tracking, by="party")}
    assert list(by_party) == ["Northland", "Southland"]
    assert (by_party["Northland"].assessments, by_party["Northland"].score) == (1, Decimal(1))
    assert (by_party["Southland"].assessments, by_party["Southland"].score) == (2, Decimal("-0.5"))
    [event] = summaries(tracking, by="event")
    assert (event.label, event.total, event.kept) == ("Third Northland-Southland Summit", 8, Decimal("37.5"))
    assert [s.label for s in summaries(tracking, by="source")] == [
        "Joint Statement of the Third Northland-Southland Summit (test fixture)"
    ]


def test_every_target_of_the_article_is_no_information(article_dataset):
    found = statuses(article_dataset)
    assert found and {s.status for s in found} == {"NoInformation"}
    assert {s.as_of for s in found} == {None}  # the article gives no date


# ------------------------------------------------------------ the command
def run(*args: str):
    return CliRunner().invoke(main, ["status", *args])


def test_the_command_lists_every_commitment_then_the_summaries():
    done = run("--data", str(TRACKING))
    assert done.exit_code == 0, done.output
    out = done.stdout
    assert "as of 2032-05-15" in out
    row = next(line for line in out.splitlines() if line.startswith("NLD 50 billion in Southland"))
    assert "on track" in row and " 60 " in row and " 31.18 " in row and "NLD 30 billion" in row
    for heading in ("by party", "by direction", "by event"):
        assert heading in out


@pytest.mark.parametrize("by", GROUPINGS)
def test_the_command_groups_by(by):
    done = run("--data", str(TRACKING), "--by", by, "--format", "json")
    assert done.exit_code == 0, done.output
    doc = json.loads(done.stdout)
    assert [s["by"] for s in doc["summaries"]] == [by]
    assert sum(g["commitments"] for g in doc["summaries"][0]["groups"]) >= 8


def test_the_command_as_csv_and_json():
    done = run("--data", str(TRACKING), "--format", "csv", "--as-of", "2032-02-01")
    assert done.exit_code == 0, done.output
    commitments = list(csv.DictReader(io.StringIO(done.stdout.split("\r\n\r\n")[0])))
    found = {r["commitment"]: r for r in commitments}
    assert found["A joint secretariat for the partnership by 2031"]["status"] == "no information"  # assessed in May
    assert found["5,000 nurses trained by 2031"]["status"] == "missed"
    assert (
        found["5,000 nurses trained by 2031"]["latest"],
        found["5,000 nurses trained by 2031"]["reached_percent"],
    ) == (
        "2,000 nurses",
        "40",
    )
    doc = json.loads(run("--data", str(TRACKING), "--format", "json").stdout)
    assert doc["as_of"] == "2032-05-15"
    assert {c["id"].rsplit("/", 1)[1]: c["status"] for c in doc["commitments"]} == {
        k: STATUS_LABELS[v] for k, v in FIXTURE.items()
    }


@pytest.mark.parametrize("bad", ["2032-13-01", "soon", "2032-05-15T10:00"])
def test_a_bad_as_of_is_one_line_and_exit_2(bad):
    done = run("--data", str(FACT_FILE), "--as-of", bad)
    assert done.exit_code == 2
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("error: ")


def test_the_command_on_the_article():
    done = run("--data", str(FACT_FILE), "--format", "json")
    assert done.exit_code == 0, done.output
    doc = json.loads(done.stdout)
    assert doc["as_of"] is None and {c["status"] for c in doc["commitments"]} == {"no information"}
