"""The ontology is complete, documented, and the code uses exactly its terms."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from jointvision.rdf.mapping import CLASSES as TYPES
from jointvision.rdf.mapping import PERIOD_PREDICATES, predicate
from jointvision.rdf.namespaces import JV, ONTOLOGY_IRI, VOCAB
from jointvision.resources import ontology_path
from jointvision.source.schema import FIELDS, PARENT, PERIOD_FIELDS, fields_of

TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, OWL.NamedIndividual)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ontology_path(), format="turtle")


def defined_terms(ontology: Graph) -> set[URIRef]:
    return {s for t in TERM_TYPES for s in ontology.subjects(RDF.type, t) if str(s).startswith(VOCAB)}


def test_ontology_header_has_version_iri_and_licence(ontology):
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    version = ontology.value(ONTOLOGY_IRI, OWL.versionIRI)
    assert version is not None and str(version).startswith(str(ONTOLOGY_IRI))
    assert ontology.value(ONTOLOGY_IRI, URIRef("http://purl.org/dc/terms/license")) is not None


def test_every_term_has_an_english_label_and_comment(ontology):
    missing = [
        (str(term), what)
        for term in defined_terms(ontology)
        for what, pred in (("label", RDFS.label), ("comment", RDFS.comment))
        if not any(getattr(v, "language", None) == "en" for v in ontology.objects(term, pred))
    ]
    assert missing == []


def test_namespace_module_mirrors_the_ontology(ontology):
    in_code = {JV[name] for name in JV.__annotations__}
    assert in_code == defined_terms(ontology)


def test_core_classes_exist(ontology):
    for name in (
        "Country",
        "Government",
        "Ministry",
        "Person",
        "Office",
        "Summit",
        "JointStatement",
        "StrategicDirection",
        "Program",
        "Initiative",
        "Activity",
        "ResearchArea",
        "Target",
        "Quantity",
        "Currency",
        "Period",
        "Source",
        "Evidence",
    ):
        assert (JV[name], RDF.type, OWL.Class) in ontology, name


def test_schema_type_hierarchy_matches_ontology(ontology):
    for child, parent in PARENT.items():
        assert (TYPES[child], RDFS.subClassOf, TYPES[parent]) in ontology, child
    for name, cls in TYPES.items():
        jv_parents = {p for p in ontology.objects(cls, RDFS.subClassOf) if str(p).startswith(VOCAB)}
        assert jv_parents == ({TYPES[PARENT[name]]} if name in PARENT else set()), name


def test_every_type_and_field_has_a_term_the_ontology_defines(ontology):
    """The two halves of the format table agree: each field of each type
    maps to a predicate, and each such term is defined in the ontology."""
    known = defined_terms(ontology) | {RDFS.label, URIRef("http://www.w3.org/2004/02/skos/core#editorialNote")}
    for type_name in FIELDS:
        assert TYPES[type_name] in known, type_name
        for spec in fields_of(type_name).values():
            assert predicate(type_name, spec) in known, (type_name, spec.name)
    assert {f.name for f in PERIOD_FIELDS} == set(PERIOD_PREDICATES)
    assert set(PERIOD_PREDICATES.values()) <= known


@pytest.mark.parametrize("prefix", ["schema", "prov", "time", "skos", "org", "dcterms", "oa"])
def test_terms_are_aligned_with_established_vocabularies(ontology, prefix):
    namespace = dict(ontology.namespaces())[prefix]
    aligned = [
        o
        for p in (RDFS.subClassOf, RDFS.subPropertyOf)
        for o in ontology.objects(None, p)
        if str(o).startswith(str(namespace))
    ]
    assert aligned, f"no alignment axiom to {prefix}:"


def test_every_predicate_and_class_in_the_graph_is_defined(graph, ontology):
    from jointvision.rdf.mapping import ALTERNATIVE_LABEL

    known = defined_terms(ontology) | {
        RDF.type,
        RDFS.label,
        URIRef("http://www.w3.org/2004/02/skos/core#editorialNote"),
        ALTERNATIVE_LABEL,
    }
    used = {p for p in graph.predicates()} | set(graph.objects(None, RDF.type))
    assert used - known == set()


def test_source_format_page_names_every_field_and_type():
    from conftest import ROOT
    from jointvision.source.schema import ABSTRACT, FIELDS, fields_of

    page = (ROOT / "docs" / "source-format.md").read_text(encoding="utf-8")
    for type_name in FIELDS:
        if type_name not in ABSTRACT:
            assert type_name in page, type_name
            for field in fields_of(type_name):
                assert f"`{field}" in page or f"`*{field}" in page, (type_name, field)
