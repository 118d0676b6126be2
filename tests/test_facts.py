"""The graph holds the facts of the article, each resting on its exact words."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import BNode, Literal
from rdflib.namespace import RDF, RDFS, XSD

from conftest import SEED, need_shared
from jointvision.rdf.namespaces import JV, JVD, WIKIDATA


@pytest.fixture(scope="module")
def graph(article_graph):
    """Here, the article's own named graph: these tests check what the article
    states, whatever other sources the data folder holds."""
    return article_graph


def label(graph, node):
    return str(graph.value(node, RDFS.label))


def test_stored_source_text_is_the_seed_article(source_text):
    need_shared(SEED, "the shared seed article")  # locally, the sha256 in the fact file still pins the text
    assert SEED.read_text(encoding="utf-8") == source_text


def test_every_quote_matches_the_source_at_its_offsets(graph, source_text):
    quotes = list(graph.subjects(RDF.type, JV.Evidence))
    assert len(quotes) > 50
    for ev in quotes:
        start, end = int(graph.value(ev, JV.start)), int(graph.value(ev, JV.end))
        assert source_text[start:end] == str(graph.value(ev, JV.quote))


def test_every_entity_has_evidence_and_no_node_is_blank(graph):
    structural = {JV.Evidence, JV.Source, JV.Quantity, JV.Period}
    for node, cls in graph.subject_objects(RDF.type):
        if cls not in structural:
            assert graph.value(node, JV.evidence) is not None, node
    assert not any(isinstance(t, BNode) for triple in graph for t in triple)


def test_eight_directions_in_the_order_the_article_lists_them(graph):
    directions = sorted(graph.subjects(RDF.type, JV.StrategicDirection), key=lambda d: int(graph.value(d, JV.position)))
    assert [label(graph, d) for d in directions] == [
        "Next Generation Economic Partnership",
        "Next Generation Economic Security Partnership",
        "Next Generation Mobility",
        "Next Generation Ecological Legacies",
        "Next Gen Technology and Innovation Partnership",
        "Investing in Next Gen Health",
        "Next Gen People-to-People Partnership",
        "Next-Gen State-Prefecture Partnership",
    ]
    doc = JVD["joint-vision-for-the-next-decade"]
    assert set(graph.objects(doc, JV.hasDirection)) == set(directions)


def test_the_document_its_title_summit_and_parties(graph):
    doc = JVD["joint-vision-for-the-next-decade"]
    assert str(graph.value(doc, JV.title)) == (
        "India – Japan Joint Vision for the Next Decade: Eight Directions to "
        "Steer the Special Strategic and Global Partnership"
    )
    assert set(graph.objects(doc, JV.party)) == {JVD.india, JVD.japan}
    summit = graph.value(doc, JV.adoptedAt)
    assert graph.value(summit, JV.location) == JVD.tokyo
    assert graph.value(summit, JV.ordinal) == Literal("15", datatype=XSD.integer)
    assert graph.value(summit, JV.year) == Literal("2025", datatype=XSD.gYear)


def test_the_visit_its_dates_and_who_invited_whom(graph):
    visit = JVD["modi-visit-to-japan-2025"]
    assert graph.value(visit, JV.visitor) == JVD["narendra-modi"]
    assert graph.value(visit, JV.invitedBy) == JVD["ishiba-shigeru"]
    assert graph.value(visit, JV.destination) == JVD.japan
    assert graph.value(visit, JV.startDate) == Literal("2025-08-29", datatype=XSD.date)
    assert graph.value(visit, JV.endDate) == Literal("2025-08-30", datatype=XSD.date)
    assert graph.value(visit, JV.followedBy) == JVD["sco-summit-tianjin"]
    assert graph.value(JVD["sco-summit-tianjin"], JV.location) == JVD.tianjin


TARGETS = {
    # id: (value, unit, bound, flow from, flow to, between)
    "public-and-private-investment-2022-2026": ("5000000000000", "jpy", JV.Exact, "japan", "india", ()),
    "private-investment-10-trillion": ("10000000000000", "jpy", JV.Exact, None, "india", ()),
    "personnel-exchange-500000": ("500000", "person", JV.AtLeast, None, None, ("india", "japan")),
    "skilled-personnel-india-to-japan-50000": ("50000", "person", JV.Exact, "india", "japan", ()),
    "delegation-visits-per-year": ("3", "delegation-visit", JV.Exact, None, None, ()),
}


def test_exactly_the_articles_targets(graph):
    assert {str(t)[len(str(JVD)) :] for t in graph.subjects(RDF.type, JV.Target)} == set(TARGETS)


@pytest.mark.parametrize("target_id", sorted(TARGETS))
def test_target_value_unit_bound_and_flow(graph, target_id):
    value, unit, bound, origin, destination, between = TARGETS[target_id]
    target = JVD[target_id]
    quantity = graph.value(target, JV.quantity)
    number = graph.value(quantity, JV.numericValue)
    assert number.datatype == XSD.decimal and Decimal(str(number)) == Decimal(value)
    assert graph.value(quantity, JV.unit) == JVD[unit]
    assert graph.value(quantity, JV.bound) == bound
    assert graph.value(target, JV.flowFrom) == (JVD[origin] if origin else None)
    assert graph.value(target, JV.flowTo) == (JVD[destination] if destination else None)
    assert set(graph.objects(target, JV.flowBetween)) == {JVD[c] for c in between}
    stated = str(graph.value(quantity, JV.statedAs))
    quotes = [str(graph.value(e, JV.quote)) for e in graph.objects(target, JV.evidence)]
    assert any(stated in q for q in quotes)


def test_target_periods_and_relations(graph):
    earlier = graph.value(JVD["public-and-private-investment-2022-2026"], JV.period)
    assert graph.value(earlier, JV.startYear) == Literal("2022", datatype=XSD.gYear)
    assert graph.value(earlier, JV.endYear) == Literal("2026", datatype=XSD.gYear)
    assert (
        graph.value(JVD["private-investment-10-trillion"], JV.buildsOn)
        == JVD["public-and-private-investment-2022-2026"]
    )
    assert graph.value(JVD["private-investment-10-trillion"], JV.period) is None  # the article gives none
    exchange = graph.value(JVD["personnel-exchange-500000"], JV.period)
    assert graph.value(exchange, JV.duration) == Literal("P5Y", datatype=XSD.duration)
    assert graph.value(JVD["skilled-personnel-india-to-japan-50000"], JV.includedIn) == JVD["personnel-exchange-500000"]
    rate = graph.value(JVD["delegation-visits-per-year"], JV.quantity)
    assert graph.value(rate, JV.per) == Literal("P1Y", datatype=XSD.duration)
    assert graph.value(JVD.jpy, JV.iso4217Code) == Literal("JPY")


@pytest.mark.parametrize(
    "direction, expected",
    [
        (
            "next-generation-economic-partnership",
            {
                "Make in India",
                "Strengthening India-Japan industrial cooperation",
                "India-Japan Industrial Competitiveness Partnership",
            },
        ),
        ("next-generation-economic-security-partnership", {"India-Japan battery supply chain cooperation"}),
        (
            "investing-in-next-gen-health",
            {
                "Ayushman Bharat",
                "Asia Health and Wellbeing Initiative",
                "Joint health research",
                "Cooperation between Ayushman Bharat and the Asia Health and Wellbeing Initiative",
                "Strengthening medical infrastructure",
                "Ensuring the supply of medicines and equipment",
                "Promoting the exchange of medical professionals",
                "Centers of excellence in Japan for yoga, meditation, ayurveda and holistic wellness",
            },
        ),
        (
            "next-gen-people-to-people-partnership",
            {"Action Plan for India-Japan Human Resource Exchange and Cooperation"},
        ),
        (
            "next-gen-state-prefecture-partnership",
            {
                "Promoting new sister city and state-prefecture ties",
                "Boosting direct flights between Indian and Japanese cities",
                "Strengthening SME and regional industry partnerships",
                "Facilitating delegation visits coordinated by the Ministries of External Affairs",
            },
        ),
        ("next-generation-ecological-legacies", set()),
        ("next-gen-technology-and-innovation-partnership", set()),
    ],
)
def test_undertakings_under_each_direction(graph, direction, expected):
    undertakings = {
        label(graph, u)
        for u in graph.subjects(JV.underDirection, JVD[direction])
        if graph.value(u, RDF.type) in {JV.Program, JV.Initiative, JV.Activity}
    }
    assert undertakings == expected


def test_mobility_components_of_high_speed_rail(graph):
    parts = {label(graph, p) for p in graph.subjects(JV.partOf, JVD["high-speed-rail-systems"])}
    assert parts == {
        "'Make in India' next generation rolling stock",
        "Functional signaling and operational control systems",
        "Seismic proofing",
        "AI based maintenance and monitoring",
    }


def test_health_research_areas(graph):
    areas = {label(graph, a) for a in graph.objects(JVD["joint-health-research"], JV.researchArea)}
    assert areas == {
        "Geriatric medicine",
        "Stem cell therapy",
        "Gene therapy",
        "Regenerative medicine",
        "Cancer treatment",
        "Digital health",
    }


def test_wikidata_identifiers_only_where_certain(graph):
    assert dict(graph.subject_objects(JV.wikidata)) == {
        JVD.india: WIKIDATA.Q668,
        JVD.japan: WIKIDATA.Q17,
        JVD.china: WIKIDATA.Q148,
        JVD.tokyo: WIKIDATA.Q1490,
        JVD["narendra-modi"]: WIKIDATA.Q1058,
    }


def test_labels_are_strings_in_the_article_s_language(graph):
    """The article declares ``language: en``: every label carries it, and nothing else."""
    for node, value in graph.subject_objects(RDFS.label):
        assert isinstance(value, Literal) and value.language == "en" and value.datatype is None, node


def test_rail_undertakings_build_on_railway_cooperation_towards_transport_goal(graph):
    """'Building on existing cooperation in railways, this initiative promises
    a revolution in India's transport infrastructure.'"""
    rail = {
        "high-speed-rail-systems",
        "railway-energy-transition",
        "advanced-metro-rail-systems",
        "mass-rapid-transit-systems",
    }
    builds = {str(s).rsplit("/", 1)[-1] for s in graph.subjects(JV.buildsOn, JVD["existing-railway-cooperation"])}
    aims = {str(s).rsplit("/", 1)[-1] for s in graph.subjects(JV.hasGoal, JVD["transport-infrastructure-in-india"])}
    assert builds == rail and aims == rail
