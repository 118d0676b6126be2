"""The ontology as a page people read: ``ontology.html``.

Every class, property and named individual of ``ontology/jointvision.ttl``,
each at an anchor named as its IRI's fragment (so
``https://w3id.org/jointvision/ontology#Country``, redirected to this page,
lands on Country), with its label, comment, alignments to other
vocabularies, super- and subclasses (or -properties), domain and range (for
a class: the properties it is the domain and the range of),
characteristics (functional, disjoint classes), how often the data uses
it, and one example from the data; and, as pyLODE has it, a table of the
namespaces the ontology uses, prefix and IRI.

OWL 2 DL has no date, year or duration datatype, so the ontology gives those
properties no range; the page shows the datatype the SHACL shapes require
instead, and says so. The page is one file with no script, and every text
from the ontology or the data goes in escaped (Jinja autoescape).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from ..rdf.dataset import Dataset
from ..rdf.namespaces import ONTOLOGY_IRI, PREFIXES, VOCAB
from ..rdf.terms import turtle_graph
from ..rdf.typed import select, value_of
from ..resources import ontology_path, shapes_path
from .pages import Shown, choices, dataset_tags, literal_language, offered

if TYPE_CHECKING:
    from .void import Statistics

SH = "http://www.w3.org/ns/shacl#"
#: Prefixes of the vocabularies the ontology aligns with, for showing their terms.
KNOWN = {
    **PREFIXES,
    "schema": "https://schema.org/",
    "org": "http://www.w3.org/ns/org#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "prov": "http://www.w3.org/ns/prov#",
    "time": "http://www.w3.org/2006/time#",
    "oa": "http://www.w3.org/ns/oa#",
    "vann": "http://purl.org/vocab/vann/",
    "sosa": "http://www.w3.org/ns/sosa/",
}
KINDS = (
    ("Classes", "Class", OWL.Class),
    ("Object properties", "Object property", OWL.ObjectProperty),
    ("Datatype properties", "Datatype property", OWL.DatatypeProperty),
    ("Annotation properties", "Annotation property", OWL.AnnotationProperty),
    ("Named individuals", "Named individual", OWL.NamedIndividual),
)


@dataclass
class Link:
    """A term shown by name, linked to its anchor here or to its own IRI."""

    text: str
    href: str


@dataclass
class Term:
    """One term of the ontology as its section of the page shows it: its
    names and text, how it relates to other terms, and its use in the data."""

    iri: str
    name: str  # the fragment: the anchor
    kind: str  # "Class", "Object property", ...
    label: str
    comment: str
    parents: list[Link] = field(default_factory=list)  # subclass / subproperty of
    children: list[Link] = field(default_factory=list)
    domain: list[Link] = field(default_factory=list)
    range: list[Link] = field(default_factory=list)
    range_from_shapes: list[Link] = field(default_factory=list)
    types: list[Link] = field(default_factory=list)  # of an individual
    characteristics: list[str] = field(default_factory=list)
    disjoint: list[Link] = field(default_factory=list)
    different: list[Link] = field(default_factory=list)
    in_domain_of: list[Link] = field(default_factory=list)  # of a class: the properties whose domain it is
    in_range_of: list[Link] = field(default_factory=list)  # of a class: the properties whose range it is
    used: int = 0
    example: tuple[Any, str, Any] | None = None  # subject, property, object: texts, or a label in each language
    names: Shown | None = None  # the label in each language the page offers


def _show(iri: str) -> str:
    if iri.startswith(VOCAB):
        return "jv:" + iri[len(VOCAB) :]
    for prefix, space in sorted(KNOWN.items(), key=lambda p: -len(p[1])):
        if iri.startswith(space) and iri != space:
            return f"{prefix}:{iri[len(space) :]}"
    return iri


def _link(term) -> Link:
    iri = str(term)
    return Link(_show(iri), "#" + iri[len(VOCAB) :] if iri.startswith(VOCAB) else iri)


def _en(graph: Graph, subject, predicate) -> str:
    values = sorted(graph.objects(subject, predicate), key=lambda v: (getattr(v, "language", None) != "en", str(v)))
    return str(values[0]) if values else ""


def _examples(
    dataset: Dataset, statistics: Statistics | None = None, graph: Graph | None = None
) -> tuple[dict[str, int], dict[str, tuple[str, str, str]], dict[str, list[tuple[str, str]]]]:
    """How many data triples use each property, how many instances each
    class has (its subclasses' included), one
    example triple for each (the least subject, then the least object,
    by text), and the labels of the nodes in them. ``statistics``: the
    dataset's VoID counts, where made already, which count the properties
    and find their least subjects as this would; ``graph``: the ontology,
    where read already."""
    store = dataset.store
    used: dict[str, int] = {}
    first: dict[str, str] = {}
    if statistics is not None and len(statistics.least_subjects) == len(statistics.properties):
        for p, n in statistics.properties:
            used[p.value], first[p.value] = n, statistics.least_subjects[p.value]
    else:  # the default graph: the union of the sources' graphs and the ontology's, each statement once
        for row in select(store, "SELECT ?p (COUNT(*) AS ?n) (MIN(STR(?s)) AS ?s) WHERE { ?s ?p ?o } GROUP BY ?p"):
            used[row["p"].value] = int(row["n"].value)
            first[row["p"].value] = row["s"].value
    # a class's instances include its subclasses': each type with the classes it is a subclass
    # of, from the ontology, joined with the data's types (the engine would walk the path per statement)
    pairs = " ".join(f"(<{t}> <{o}>)" for t, o in _subclass_pairs(graph or turtle_graph(ontology_path())))
    for row in select(
        store,
        f"SELECT ?o (COUNT(DISTINCT ?s) AS ?n) (MIN(STR(?s)) AS ?s) WHERE {{ VALUES (?t ?o) {{ {pairs} }} ?s a ?t }} "
        "GROUP BY ?o",
    ):
        used["class " + row["o"].value] = int(row["n"].value)
        first["class " + row["o"].value] = row["s"].value
    examples: dict[str, tuple[str, str, str]] = {}
    for key, subject in sorted(first.items()):
        example = _example(store, key, subject)
        if example is not None:
            examples[key] = example
    return used, examples, _node_labels(store, examples)


def _subclass_pairs(graph: Graph) -> list[tuple[str, str]]:
    """(t, o) for each IRI ``t`` of the ontology and each IRI ``o`` that
    ``t rdfs:subClassOf* o`` reaches in it (``t`` itself included), sorted."""
    up: dict[Any, list] = {}
    for sub, sup in graph.subject_objects(RDFS.subClassOf):
        up.setdefault(sub, []).append(sup)
    pairs = set()
    for node in {n for s, _, o in graph for n in (s, o) if isinstance(n, URIRef)}:
        seen, todo = {node}, [node]
        while todo:
            for sup in up.get(todo.pop(), ()):
                if sup not in seen:
                    seen.add(sup)
                    todo.append(sup)
        pairs |= {(str(node), str(sup)) for sup in seen if isinstance(sup, URIRef)}
    return sorted(pairs)


def _example(store, key: str, subject: str) -> tuple[str, str, str] | None:
    """The example triple of a property (``key`` its IRI) or of a class
    (``key`` "class " and its IRI) whose subject is ``subject``: the least
    object, by text; for a class, the type the data states (the class
    itself, or a subclass of it)."""
    import pyoxigraph as ox

    predicate = RDF.type if key.startswith("class ") else URIRef(key)
    objects = [
        q.object
        for q in store.quads_for_pattern(ox.NamedNode(subject), ox.NamedNode(str(predicate)), None, ox.DefaultGraph())
    ]
    if key.startswith("class "):
        objects = [o for o in objects if isinstance(o, ox.NamedNode) and o.value.startswith(VOCAB)] or [
            ox.NamedNode(key[6:])
        ]
    if not objects:
        return None
    obj = min(objects, key=lambda o: (type(o).__name__, str(o)))
    return (subject, str(predicate), value_of(obj))


def _node_labels(store, examples: dict[str, tuple[str, str, str]]) -> dict[str, list[tuple[str, str]]]:
    """Every label, with its language, of each subject and IRI object of the
    examples, so the page can show names instead of IRIs."""
    nodes = {s for s, _, _ in examples.values()} | {o for _, _, o in examples.values() if o.startswith("http")}
    labels: dict[str, set[tuple[str, str]]] = {}
    if nodes:
        values = " ".join(f"<{n}>" for n in sorted(nodes) if ">" not in n)
        for row in select(store, f"SELECT ?n ?l WHERE {{ VALUES ?n {{ {values} }} ?n <{RDFS.label}> ?l }}"):
            labels.setdefault(row["n"].value, set()).add((row["l"].value, literal_language(row["l"])))
    return {node: sorted(found, key=lambda v: (v[1], v[0])) for node, found in labels.items()}


def _shape_datatypes() -> dict[str, list[str]]:
    shapes = turtle_graph(shapes_path())
    found: dict[str, set[str]] = {}
    for shape in shapes.subjects(URIRef(SH + "path"), None):
        path = shapes.value(shape, URIRef(SH + "path"))
        datatype = shapes.value(shape, URIRef(SH + "datatype"))
        if isinstance(path, URIRef) and datatype is not None:
            found.setdefault(str(path), set()).add(str(datatype))
    return {p: sorted(d) for p, d in found.items()}


def ontology_terms(
    dataset: Dataset | None = None,
    languages: list[str] | None = None,
    graph: Graph | None = None,
    statistics: Statistics | None = None,
) -> tuple[dict, list[tuple[str, list[Term]]]]:
    """The ontology's header (title, IRI, version, licence, ...) and its
    terms by kind, sorted by name, each with what the page shows (its label,
    and the names in its example, in each of ``languages``); ``graph``: the
    ontology, where the caller has read it already; ``statistics``: the
    dataset's VoID counts, where made already (:func:`_examples`)."""
    graph = turtle_graph(ontology_path()) if graph is None else graph
    used, examples, labels = _examples(dataset, statistics, graph) if dataset is not None else ({}, {}, {})
    shapes = _shape_datatypes()
    languages = languages or []
    sections = []
    for title, singular, kind in KINDS:
        terms = []
        for subject in sorted({s for s in graph.subjects(RDF.type, kind) if str(s).startswith(VOCAB)}, key=str):
            term = _term(graph, subject, singular, kind, shapes)
            term.names = Shown(_values(graph, subject, RDFS.label), languages, term.label)
            key = ("class " + term.iri) if kind == OWL.Class else term.iri
            term.used = used.get(key, 0)
            if key in examples:
                term.example = _shown_example(examples[key], kind == OWL.Class, labels, languages)
            terms.append(term)
        if terms:
            sections.append((title, terms))
    return _header(graph), sections


def _values(graph: Graph, subject, predicate) -> list[tuple[str, str]]:
    """The literals ``predicate`` gives ``subject``, with their languages, by language, then text."""
    return sorted(
        ((str(o), literal_language(o)) for o in graph.objects(subject, predicate)), key=lambda v: (v[1], v[0])
    )


def ontology_languages(dataset: Dataset | None, graph: Graph | None = None) -> list[str]:
    """The languages the page offers: those of the ontology's labels and
    comments (``graph``: the ontology, where the caller has read it already)
    and of the data (:func:`~jointvision.outputs.pages.offered`)."""
    graph = turtle_graph(ontology_path()) if graph is None else graph
    tags = {literal_language(o) for o in graph.objects() if isinstance(o, Literal) and o.language}
    if dataset is not None:
        tags.update(dataset_tags(dataset))
    return offered(tags)


def _header(graph: Graph) -> dict[str, str]:
    """What the top of the page says about the ontology itself."""
    return {
        "iri": str(ONTOLOGY_IRI),
        "title": _en(graph, ONTOLOGY_IRI, RDFS.label),
        "comment": _en(graph, ONTOLOGY_IRI, RDFS.comment),
        "version": _en(graph, ONTOLOGY_IRI, OWL.versionInfo),
        "version_iri": str(graph.value(ONTOLOGY_IRI, OWL.versionIRI) or ""),
        "licence": str(graph.value(ONTOLOGY_IRI, URIRef("http://purl.org/dc/terms/license")) or ""),
        "creator": _en(graph, ONTOLOGY_IRI, URIRef("http://purl.org/dc/terms/creator")),
        "prefix": _en(graph, ONTOLOGY_IRI, URIRef("http://purl.org/vocab/vann/preferredNamespacePrefix")),
        "namespace": VOCAB,
    }


def _term(graph: Graph, subject, singular: str, kind, shapes: dict[str, list[str]]) -> Term:
    """One term of the kind ``kind`` as the ontology states it: its names,
    hierarchy, domain and range (the shapes' datatype when the ontology
    gives no range), characteristics, and disjoint or different terms."""
    iri = str(subject)
    sub = RDFS.subClassOf if kind == OWL.Class else RDFS.subPropertyOf
    term = Term(iri, iri[len(VOCAB) :], singular, _en(graph, subject, RDFS.label), _en(graph, subject, RDFS.comment))
    term.parents = [_link(p) for p in sorted(graph.objects(subject, sub), key=str)]
    term.children = [_link(c) for c in sorted(graph.subjects(sub, subject), key=str)]
    term.domain = [_link(d) for d in sorted(graph.objects(subject, RDFS.domain), key=str)]
    term.range = [_link(r) for r in sorted(graph.objects(subject, RDFS.range), key=str)]
    if not term.range and iri in shapes and kind != OWL.Class:
        term.range_from_shapes = [_link(d) for d in shapes[iri]]
    if (subject, RDF.type, OWL.FunctionalProperty) in graph:
        term.characteristics.append("functional: at most one value for each subject")
    term.disjoint = _both_ways(graph, subject, OWL.disjointWith)
    term.different = _both_ways(graph, subject, OWL.differentFrom)
    if kind == OWL.Class:
        term.in_domain_of = [_link(p) for p in sorted(graph.subjects(RDFS.domain, subject), key=str)]
        term.in_range_of = [_link(p) for p in sorted(graph.subjects(RDFS.range, subject), key=str)]
    if kind == OWL.NamedIndividual:
        term.types = [_link(t) for t in sorted(graph.objects(subject, RDF.type), key=str) if t != kind]
    return term


def _both_ways(graph: Graph, subject, predicate) -> list[Link]:
    """The terms ``subject`` is related to by a symmetric ``predicate``,
    stated in either direction."""
    related = set(graph.objects(subject, predicate)) | set(graph.subjects(predicate, subject))
    return [_link(d) for d in sorted(related, key=str)]


def _shown_example(
    example: tuple[str, str, str], is_class: bool, labels: dict[str, list[tuple[str, str]]], languages: list[str]
) -> tuple[Any, str, Any]:
    """An example triple as the page shows it: nodes by label where they
    have one (in each of ``languages``), terms by prefixed name, literals as they are."""
    s, p, o = example

    def label_of(iri: str) -> Shown | str:
        return Shown(labels[iri], languages) if labels.get(iri) else _show(iri)

    return (label_of(s), _show(p), _show(o) if is_class else label_of(o) if o.startswith("http") else o)


def ontology_html(dataset: Dataset | None = None, statistics: Statistics | None = None) -> str:
    """The documentation page: with ``dataset``, with counts and an example
    from its data for every term, the names in each language the data give
    (``statistics``: its VoID counts, where made already, which the page
    shares)."""
    from .pages import render

    ontology = turtle_graph(ontology_path())  # read once for the languages, the terms and the namespaces
    languages = ontology_languages(dataset, ontology)
    header, sections = ontology_terms(dataset, languages, ontology, statistics)
    return render(
        "ontology.html",
        header=header,
        sections=sections,
        total=sum(len(t) for _, t in sections),
        languages=choices(languages),
        namespaces=namespaces(ontology),
    )


def namespaces(graph: Graph | None = None) -> list[tuple[str, str]]:
    """The namespaces the ontology uses, as (prefix, IRI), by prefix: each
    namespace that an IRI of the ontology (a subject, predicate, object or
    datatype) starts with, named by the ontology's own prefix for it, else
    by the one the page knows (:data:`KNOWN`).

    >>> ("jv", "https://w3id.org/jointvision/ontology#") in namespaces()
    True
    """
    graph = turtle_graph(ontology_path()) if graph is None else graph
    iris = {str(term) for triple in graph for term in triple if isinstance(term, URIRef)}
    iris |= {str(o.datatype) for o in graph.objects() if isinstance(o, Literal) and o.datatype is not None}
    declared = {str(space): prefix for prefix, space in sorted(KNOWN.items(), reverse=True)}
    declared.update({str(space): prefix for prefix, space in sorted(graph.namespaces(), reverse=True) if prefix})
    used = {
        space: prefix
        for space, prefix in declared.items()
        if any(iri.startswith(space) and iri != space for iri in iris) or space == VOCAB
    }
    return sorted(((prefix, space) for space, prefix in used.items()), key=lambda p: (p[0] != "jv", p[0]))


def make(context) -> bytes:
    """The ontology's page, with the counts and examples of a build's data."""
    return ontology_html(context.dataset, context.statistics_if_counted()).encode("utf-8")
