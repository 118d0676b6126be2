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


# ------------------------------------------------------------ the page (issue 25)
@pytest.fixture(scope="module")
def ontology_page() -> str:
    from jointvision.outputs.ontology_doc import ontology_html

    return ontology_html()


def _article(page: str, name: str) -> str:
    """The page's section of one term (its <article>)."""
    start = page.index(f'<article class="term" id="{name}">')
    return page[start : page.index("</article>", start)]


def _rows(section: str, heading: str) -> set[str]:
    """The names linked in the row ``heading`` of a term's table (none if it has no such row)."""
    import re

    found = re.search(rf'<th scope="row">{heading}</th><td>(.*?)</td>', section)
    return set(re.findall(r"<code>([^<]*)</code>", found.group(1))) if found else set()


def _shown(term) -> str:
    from jointvision.outputs.ontology_doc import _show

    return _show(str(term))


def test_each_class_says_which_properties_it_is_the_domain_and_range_of(ontology, ontology_page):
    """As pyLODE does: for each class, "In domain of" and "In range of" name
    exactly the properties the ontology gives it as rdfs:domain and rdfs:range;
    its superclasses and subclasses too."""
    classes = sorted(s for s in ontology.subjects(RDF.type, OWL.Class) if str(s).startswith(VOCAB))
    seen_domain = seen_range = 0
    for cls in classes:
        section = _article(ontology_page, str(cls)[len(VOCAB) :])
        domain = {_shown(p) for p in ontology.subjects(RDFS.domain, cls)}
        range_ = {_shown(p) for p in ontology.subjects(RDFS.range, cls)}
        assert _rows(section, "In domain of") == domain, cls
        assert _rows(section, "In range of") == range_, cls
        assert _rows(section, "Subclass of") == {_shown(p) for p in ontology.objects(cls, RDFS.subClassOf)}, cls
        assert _rows(section, "Subclasses") == {_shown(c) for c in ontology.subjects(RDFS.subClassOf, cls)}, cls
        seen_domain += bool(domain)
        seen_range += bool(range_)
    assert seen_domain and seen_range
    assert "jv:flowFrom" in _rows(_article(ontology_page, "Target"), "In domain of")


def test_each_property_names_its_super_and_subproperties(ontology, ontology_page):
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
        for prop in ontology.subjects(RDF.type, kind):
            if not str(prop).startswith(VOCAB):
                continue
            section = _article(ontology_page, str(prop)[len(VOCAB) :])
            parents = {_shown(p) for p in ontology.objects(prop, RDFS.subPropertyOf)}
            children = {_shown(c) for c in ontology.subjects(RDFS.subPropertyOf, prop)}
            assert _rows(section, "Subproperty of") == parents, prop
            assert _rows(section, "Subproperties") == children, prop


def test_the_page_lists_the_namespaces_it_uses(ontology, ontology_page):
    """A table of prefix and IRI for every namespace a name on the page is
    written in, the ontology's own first; linked from the contents."""
    import re

    table = ontology_page[ontology_page.index('<table class="namespaces">') :]
    table = table[: table.index("</table>")]
    rows = re.findall(r'<tr><td><code>([\w-]+):</code></td><td class="iri">([^<]+)</td></tr>', table)
    assert rows[0] == ("jv", VOCAB)
    assert len({p for p, _ in rows}) == len(rows) == len({i for _, i in rows})
    prefixes = dict(rows)
    used = set(re.findall(r"<code>([\w-]+):[\w-]+</code>", ontology_page))
    assert used and used <= set(prefixes)
    for prefix, iri in ontology.namespaces():
        if prefix in prefixes:
            assert prefixes[prefix] == str(iri)
    assert 'href="#namespaces"' in ontology_page and 'id="namespaces"' in ontology_page


@pytest.mark.parametrize("which", ["ontology", "shapes"])
def test_the_project_turtle_read_by_the_engine_is_what_rdflib_reads(which):
    """The ontology page and validation read the ontology and the shapes
    through pyoxigraph (``rdf.terms.turtle_graph``): the same graph as
    rdflib's own parser gives, term for term, with the same prefixes."""
    from rdflib.compare import isomorphic

    from jointvision.rdf.terms import turtle_graph
    from jointvision.resources import shapes_path

    path = ontology_path() if which == "ontology" else shapes_path()
    ours, theirs = turtle_graph(path), Graph().parse(path, format="turtle")
    assert len(ours) == len(theirs) and isomorphic(ours, theirs)  # blank nodes (lists, shapes) matched up
    assert dict(ours.namespaces()) == dict(theirs.namespaces())
