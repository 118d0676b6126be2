"""The dataset's description of itself, in VoID and DCAT: ``void.ttl``.

It says what the dataset holds (triples, subjects, objects; for each class
its number of instances, for each property its number of triples; each
named graph, the ontology's and every source's, with its size and the
source it holds), where to get it (each download with its media type and
size, the SPARQL endpoint, and which download to load to query it as the
endpoint answers), and under what licence, from whom.

It is a DCAT-AP 3 description (SEMICeu's DCAT-AP 3.0.1 SHACL shapes, the
class ranges included, find nothing to report as a violation): each
distribution has its access and download URL, its media type (an IANA IRI,
a ``dct:MediaType``), its size as an ``xsd:nonNegativeInteger``, its
licence (a ``dct:LicenseDocument``) and a description; the publisher is a
``foaf:Agent``; the ontology the data conforms to is a ``dct:Standard``;
the sources the dataset is taken from are ``prov:wasDerivedFrom`` (DCAT-AP
keeps ``dct:source`` of a dataset for another dataset).

``build`` writes it with the public base :data:`PUBLIC_BASE` (where the
w3id.org redirect of docs/publishing.md sends readers); ``serve`` writes
its own at ``/.well-known/void`` with the server's address. Every node has
an IRI (partitions are named after what they count, so that the file is
byte-identical for the same data) and the statistics are counted by the
engine, with no Python object per triple.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pyoxigraph as ox

from ..rdf import formats
from ..rdf.dataset import Dataset
from ..rdf.iris import RDFS_LABEL
from ..rdf.namespaces import DATA, DATASET_IRI, ONTOLOGY_IRI, PREFIXES, PUBLIC_BASE, VOCAB
from ..rdf.serializers import triples_to_turtle
from ..rdf.status import preferred_order
from ..rdf.typed import select
from .registry import DESCRIPTIONS, GRAPH_STEM, OUTPUTS, media_type

VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
DCTERMS = "http://purl.org/dc/terms/"
FOAF = "http://xmlns.com/foaf/0.1/"
PROV = "http://www.w3.org/ns/prov#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
SD = "http://www.w3.org/ns/sparql-service-description#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"
#: Where IANA registers media types: ``IANA + "text/turtle"`` names one.
IANA = "https://www.iana.org/assignments/media-types/"
#: The licence of the ontology, shapes and facts (README, "Licence").
LICENCE = "https://creativecommons.org/licenses/by/4.0/"
LICENCE_LABEL = "Creative Commons Attribution 4.0 International (CC BY 4.0)"
PUBLISHER_NAME = "The jointvision developers"
TITLE = "jointvision: a knowledge graph of India - Japan joint statements"
#: The download to load to query the data elsewhere as the endpoint answers (see :func:`loading`).
COMPLETE = f"{GRAPH_STEM}.trig"
#: The copy of the ontology among the downloads.
ONTOLOGY_FILE = "ontology.ttl"
DESCRIPTION = (
    "The India - Japan Joint Vision for the Next Decade (15th Annual Summit, Tokyo, 2025) and the "
    "sources added to it, as RDF: countries, events, documents, strategic directions, programs and "
    "quantitative targets, every statement in the named graph of the source that makes it, each "
    "resting on a verbatim quote with its offsets. To query it elsewhere as its SPARQL endpoint "
    f"answers, load {COMPLETE} into a store whose default graph is the union of its named graphs."
)
#: Words a catalogue files the dataset under (DCAT-AP recommends keywords).
KEYWORDS = ("India", "Japan", "bilateral relations", "joint statement", "knowledge graph")
#: The dataset's theme in the EU data-theme vocabulary DCAT-AP asks themes from: international issues.
THEMES = "http://publications.europa.eu/resource/authority/data-theme"
THEME, THEME_LABEL = THEMES + "/INTR", "International issues"


def dataset_downloads() -> list[str]:
    """The downloads of the whole dataset, one named graph per source
    beside the ontology's and the derived statuses' (TriG, N-Quads)."""
    return [f"{GRAPH_STEM}.{f.extension}" for f in formats.formats(written=True) if f.datasets]


def graph_downloads() -> list[str]:
    """The downloads of the merged graph (Turtle, N-Triples, JSON-LD): the
    sources' statements alone, without the ontology or derived statuses."""
    return [f"{GRAPH_STEM}.{f.extension}" for f in formats.formats(written=True) if not f.datasets]


def loading(name: str) -> str:
    """What to load beside the download ``name`` for the named queries to
    answer as the endpoint does (a sentence, or ``""`` for one that is not
    queried: a page, the fact network, a description)."""
    if name in dataset_downloads():
        return (
            "It holds everything the named queries read: every source's statements, the ontology's graph and "
            "the derived statuses. Load it into a store whose default graph is the union of its named graphs "
            "(Apache Jena TDB2: tdb2:unionDefaultGraph; Oxigraph: --union-default-graph) and every named query "
            "gives the SPARQL endpoint's answers."
        )
    if name in graph_downloads():
        return (
            "It holds the sources' statements alone: the labels of the ontology's individuals it points to "
            f"(bound kinds, statuses, completion levels, source kinds) are in {ONTOLOGY_FILE}, the derived "
            f"statuses only in {' and '.join(dataset_downloads())}. To query the data as the SPARQL endpoint "
            f"answers, load {COMPLETE} instead; loaded with {ONTOLOGY_FILE} into one graph, it answers every "
            "named query but those that read the sources' named graphs (GRAPH) or the derived statuses "
            "(jv:DerivedStatus)."
        )
    return ""


def _iri(value: str) -> ox.NamedNode:
    return ox.NamedNode(value)


def _int(n: int) -> ox.Literal:
    return ox.Literal(str(n), datatype=ox.NamedNode(XSD + "integer"))


def _size(n: int) -> ox.Literal:
    return ox.Literal(str(n), datatype=ox.NamedNode(XSD + "nonNegativeInteger"))


def _en(text: str) -> ox.Literal:
    return ox.Literal(text, language="en")


def _name(iri: str) -> str:
    """A short, stable name for a term: ``jv-Country``, or a digest."""
    for prefix, space in sorted(PREFIXES.items(), key=lambda p: -len(p[1])):
        local = iri[len(space) :]
        if iri.startswith(space) and local and local.replace("-", "").replace("_", "").isalnum():
            return f"{prefix}-{local}"
    return hashlib.sha256(iri.encode("utf-8")).hexdigest()[:16]


def _namespace(iri: str) -> str:
    """The vocabulary a term belongs to: its IRI up to the last ``#`` or ``/``."""
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1]


def _rows(dataset: Dataset, query: str) -> list:
    return list(select(dataset.store, query))


@dataclass(frozen=True)
class Statistics:
    """What the description counts, as the engine counted it: the same for
    every address the dataset is offered at, so a server counts once."""

    totals: dict[str, int]  # "t" triples, "s" subjects, "o" objects, "p" properties
    classes: list[tuple[ox.NamedNode, int]]  # class, entities
    properties: list[tuple[ox.NamedNode, int]]  # property, triples
    sources: dict[str, tuple]  # named graph -> (its source, the source's label)
    sizes: dict[str, int]  # triples per named graph
    #: each property's least subject, by its text (counted with the properties: the ontology page's examples)
    least_subjects: dict[str, str] = field(default_factory=dict)

    @property
    def graph_sizes(self) -> dict[str, int]:
        """Triples per graph as :meth:`~jointvision.rdf.dataset.Dataset.sizes`
        gives them: ``""`` the default graph (counted by the totals), then
        each named graph."""
        return {"": self.totals["t"], **self.sizes}


def statistics(dataset: Dataset, *, least_subjects: bool = False) -> Statistics:
    """The counts of :func:`void_triples`, from the default graph (the union
    of every named graph, each statement once), and each named graph's size:
    every graph is read once. ``least_subjects``: also each property's least
    subject (for the ontology page a build makes beside the VoID)."""
    (row,) = _rows(
        dataset,
        "SELECT (COUNT(*) AS ?t) (COUNT(DISTINCT ?s) AS ?s) (COUNT(DISTINCT ?o) AS ?o) "
        "(COUNT(DISTINCT ?p) AS ?p) WHERE { ?s ?p ?o }",
    )
    classes = _rows(
        dataset, "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c FILTER(isIRI(?c)) } GROUP BY ?c ORDER BY ?c"
    )
    least = "(MIN(STR(?s)) AS ?f)" if least_subjects else ""
    properties = _rows(dataset, f"SELECT ?p (COUNT(*) AS ?n) {least} WHERE {{ ?s ?p ?o }} GROUP BY ?p ORDER BY ?p")
    sources = _rows(
        dataset,
        f"SELECT ?g ?source ?label WHERE {{ GRAPH ?g {{ ?source <{VOCAB}namedGraph> ?g ; <{RDFS_LABEL}> ?label }} }} "
        f"ORDER BY ?g {preferred_order('label')}",
    )
    labelled: dict[str, tuple] = {}  # each graph's source with its preferred label (English, untagged, least tag)
    for r in sources:
        labelled.setdefault(r["g"].value, (r["source"], r["label"]))
    named = {
        r["g"].value: int(r["n"].value)
        for r in _rows(dataset, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    }
    return Statistics(
        totals={k: int(row[k].value) for k in "tsop"},
        classes=[(r["c"], int(r["n"].value)) for r in classes],
        properties=[(r["p"], int(r["n"].value)) for r in properties],
        sources=labelled,
        sizes={name: named.get(name, 0) for name in dataset.graph_names()},
        least_subjects={r["p"].value: r["f"].value for r in properties} if least_subjects else {},
    )


def void_triples(
    dataset: Dataset | Statistics,
    downloads: Mapping[str, int | None],
    base: str = PUBLIC_BASE,
    endpoint: str | None = None,
) -> list[ox.Triple]:
    """The description, as triples: ``downloads`` maps each file name offered
    (beside this description) to its size in bytes, or None where it is not
    known yet; ``base`` is where they are offered; ``endpoint`` the SPARQL
    endpoint's address (default: ``base`` + ``sparql``). ``dataset`` may be
    its :func:`statistics`, counted once."""
    stats = dataset if isinstance(dataset, Statistics) else statistics(dataset)
    ds = _iri(DATASET_IRI)
    return (
        _about(ds, endpoint or base + "sparql")
        + _partitions(ds, stats)
        + _subsets(ds, stats)
        + _distributions(ds, downloads, base)
    )


def _triple(s, p: str, o) -> ox.Triple:
    return ox.Triple(s, _iri(p), o)


def _about(ds: ox.NamedNode, endpoint: str) -> list[ox.Triple]:
    """What the dataset is, who publishes it under what licence, where its
    data lives and its SPARQL endpoint, the ontology it conforms to, and
    the keywords and theme a catalogue files it under."""
    publisher = _iri(DATASET_IRI + "/publisher")
    return [
        _triple(ds, RDF_TYPE, _iri(VOID + "Dataset")),
        _triple(ds, RDF_TYPE, _iri(DCAT + "Dataset")),
        _triple(ds, DCTERMS + "title", _en(TITLE)),
        _triple(ds, DCTERMS + "description", _en(DESCRIPTION)),
        _triple(ds, DCTERMS + "license", _iri(LICENCE)),
        _triple(ds, DCTERMS + "publisher", publisher),
        _triple(publisher, RDF_TYPE, _iri(FOAF + "Agent")),
        _triple(publisher, RDF_TYPE, _iri(FOAF + "Organization")),
        _triple(publisher, FOAF + "name", ox.Literal(PUBLISHER_NAME)),
        _triple(ds, VOID + "uriSpace", ox.Literal(DATA)),
        _triple(ds, VOID + "sparqlEndpoint", _iri(endpoint)),
        _triple(ds, DCTERMS + "conformsTo", _iri(str(ONTOLOGY_IRI))),
        *(_triple(ds, DCAT + "keyword", _en(word)) for word in KEYWORDS),
        _triple(ds, DCAT + "theme", _iri(THEME)),
        *_terms(),
    ]


def _terms() -> list[ox.Triple]:
    """What the description says of the terms it uses, as DCAT-AP asks:
    the licence is a licence document, the ontology a standard, the theme a
    concept of the EU data-theme scheme."""
    ontology, licence, theme, themes = _iri(str(ONTOLOGY_IRI)), _iri(LICENCE), _iri(THEME), _iri(THEMES)
    return [
        _triple(licence, RDF_TYPE, _iri(DCTERMS + "LicenseDocument")),
        _triple(licence, RDFS_LABEL, _en(LICENCE_LABEL)),
        _triple(ontology, RDF_TYPE, _iri(DCTERMS + "Standard")),
        _triple(ontology, RDFS_LABEL, _en("the jointvision ontology")),
        _triple(theme, RDF_TYPE, _iri(SKOS + "Concept")),
        _triple(theme, SKOS + "prefLabel", _en(THEME_LABEL)),
        _triple(theme, SKOS + "inScheme", themes),
        _triple(themes, RDF_TYPE, _iri(SKOS + "ConceptScheme")),
        _triple(themes, DCTERMS + "title", _en("Data theme")),
    ]


def _partitions(ds: ox.NamedNode, stats: Statistics) -> list[ox.Triple]:
    """The totals, a partition per class (its entities) and per property
    (its triples), and the vocabularies those terms come from."""
    out = [
        _triple(ds, VOID + "triples", _int(stats.totals["t"])),
        _triple(ds, VOID + "distinctSubjects", _int(stats.totals["s"])),
        _triple(ds, VOID + "distinctObjects", _int(stats.totals["o"])),
        _triple(ds, VOID + "properties", _int(stats.totals["p"])),
        _triple(ds, VOID + "classes", _int(len(stats.classes))),
    ]
    for cls, entities in stats.classes:
        part = _iri(f"{DATASET_IRI}/class/{_name(cls.value)}")
        out.append(_triple(ds, VOID + "classPartition", part))
        out.append(_triple(part, VOID + "class", cls))
        out.append(_triple(part, VOID + "entities", _int(entities)))
    vocabularies = {_namespace(cls.value) for cls, _ in stats.classes}
    for prop, count in stats.properties:
        vocabularies.add(_namespace(prop.value))
        part = _iri(f"{DATASET_IRI}/property/{_name(prop.value)}")
        out.append(_triple(ds, VOID + "propertyPartition", part))
        out.append(_triple(part, VOID + "property", prop))
        out.append(_triple(part, VOID + "triples", _int(count)))
    out += [_triple(ds, VOID + "vocabulary", _iri(space)) for space in sorted(vocabularies)]
    return out


def _subsets(ds: ox.NamedNode, stats: Statistics) -> list[ox.Triple]:
    """Each named graph as a subset, named as the graph is, with its size
    and the source it holds (or, for the ontology's, a label); the dataset
    is derived from every source."""
    out = []
    for name, count in stats.sizes.items():
        graph = _iri(name)
        out.append(_triple(ds, VOID + "subset", graph))
        out.append(_triple(graph, RDF_TYPE, _iri(VOID + "Dataset")))
        out.append(_triple(graph, SD + "name", graph))
        out.append(_triple(graph, VOID + "triples", _int(count)))
        if name in stats.sources:
            source, label = stats.sources[name]
            out.append(_triple(graph, DCTERMS + "source", source))
            out.append(_triple(ds, PROV + "wasDerivedFrom", source))
            out.append(_triple(source, RDFS_LABEL, label))
        elif name == str(ONTOLOGY_IRI):
            out.append(_triple(graph, RDFS_LABEL, ox.Literal("the ontology", language="en")))
    return out


def _distributions(ds: ox.NamedNode, downloads: Mapping[str, int | None], base: str) -> list[ox.Triple]:
    """Where to get it: each download as a distribution; the RDF dumps also
    as data dumps; a copy of the merged graph requires the ontology's."""
    out = []
    for file, size in sorted(downloads.items()):
        dist = _iri(f"{DATASET_IRI}/distribution/{file}")
        if file in OUTPUTS and OUTPUTS[file].data_dump:
            out.append(_triple(ds, VOID + "dataDump", _iri(base + file)))
        out.append(_triple(ds, DCAT + "distribution", dist))
        out += _distribution(dist, file, size, base)
        if file in graph_downloads() and ONTOLOGY_FILE in downloads:  # the labels its queries need
            out.append(_triple(dist, DCTERMS + "requires", _iri(f"{DATASET_IRI}/distribution/{ONTOLOGY_FILE}")))
    return out


def _distribution(dist: ox.NamedNode, file: str, size: int | None, base: str) -> list[ox.Triple]:
    """One download: its name, what it is and what to load beside it, its
    address (to access and to download), media type, licence and size (when
    known)."""
    url, media = _iri(base + file), _iri(IANA + media_type(file))
    what = OUTPUTS[file].description.replace("`", "") if file in OUTPUTS else file
    out = [
        _triple(dist, RDF_TYPE, _iri(DCAT + "Distribution")),
        _triple(dist, DCTERMS + "title", ox.Literal(file)),
        _triple(
            dist,
            DCTERMS + "description",
            _en(" ".join(filter(None, [what[:1].upper() + what[1:] + ".", loading(file)]))),
        ),
        _triple(dist, DCAT + "accessURL", url),
        _triple(dist, DCAT + "downloadURL", url),
        _triple(dist, DCAT + "mediaType", media),
        _triple(media, RDF_TYPE, _iri(DCTERMS + "MediaType")),
        _triple(dist, DCTERMS + "license", _iri(LICENCE)),
    ]
    if size is not None:
        out.append(_triple(dist, DCAT + "byteSize", _size(size)))
    return out


def void_turtle(
    dataset: Dataset | Statistics,
    downloads: Mapping[str, int | None],
    base: str = PUBLIC_BASE,
    endpoint: str | None = None,
) -> bytes:
    """:func:`void_triples` as Turtle, in a stable order."""
    triples = sorted(
        set(void_triples(dataset, downloads, base, endpoint)),
        key=lambda t: (str(t.subject), t.predicate.value != RDF_TYPE, str(t.predicate), str(t.object)),
    )
    prefixes = {
        "void": VOID,
        "dcat": DCAT,
        "dcterms": DCTERMS,
        "foaf": FOAF,
        "prov": PROV,
        "sd": SD,
        "skos": SKOS,
        "jv": VOCAB,
        "xsd": XSD,
        "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    }
    return triples_to_turtle(triples, prefixes)


def download_sizes(files: Mapping[str, bytes], names: Iterable[str]) -> dict[str, int | None]:
    """The size in bytes of each download of ``names`` (their bytes in
    ``files``), and None for the two that describe the others (this one and
    the README), which cannot hold their own size: what a build records and
    what ``serve`` says of the same downloads."""
    return {name: None if OUTPUTS[name].group == DESCRIPTIONS else len(files[name]) for name in names}


def make(context) -> bytes:
    """The description of a build: every download it made, with its size,
    and the two that describe it (this one and the README), without."""
    made = [name for name in context.made if OUTPUTS[name].group != DESCRIPTIONS]
    described = made + [o.name for o in OUTPUTS.values() if o.group == DESCRIPTIONS]
    return void_turtle(context.statistics, download_sizes(context.made, described))
