"""The dataset's description of itself, in VoID and DCAT: ``void.ttl``.

It says what the dataset holds (triples, subjects, objects; for each class
its number of instances, for each property its number of triples; each
named graph, the ontology's and every source's, with its size and the
source it holds), where to get it (each download with its media type and
size, the SPARQL endpoint), and under what licence, from whom.

``build`` writes it with the public base :data:`PUBLIC_BASE` (where the
w3id.org redirect of docs/publishing.md sends readers); ``serve`` writes
its own at ``/.well-known/void`` with the server's address. Every node has
an IRI (partitions are named after what they count, so that the file is
byte-identical for the same data) and the statistics are counted by the
engine, with no Python object per triple.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass

import pyoxigraph as ox

from ..rdf.dataset import Dataset
from ..rdf.namespaces import DATA, DATASET_IRI, ONTOLOGY_IRI, PREFIXES, PUBLIC_BASE, VOCAB
from ..rdf.serializers import triples_to_turtle
from ..rdf.terms import select
from .registry import DESCRIPTIONS, OUTPUTS, media_type

VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
DCTERMS = "http://purl.org/dc/terms/"
FOAF = "http://xmlns.com/foaf/0.1/"
SD = "http://www.w3.org/ns/sparql-service-description#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
XSD = "http://www.w3.org/2001/XMLSchema#"
#: The licence of the ontology, shapes and facts (README, "Licence").
LICENCE = "https://creativecommons.org/licenses/by/4.0/"
PUBLISHER_NAME = "The jointvision developers"
TITLE = "jointvision: a knowledge graph of India - Japan joint statements"
DESCRIPTION = (
    "The India - Japan Joint Vision for the Next Decade (15th Annual Summit, Tokyo, 2025) and the "
    "sources added to it, as RDF: countries, events, documents, strategic directions, programs and "
    "quantitative targets, every statement in the named graph of the source that makes it, each "
    "resting on a verbatim quote with its offsets."
)


def _iri(value: str) -> ox.NamedNode:
    return ox.NamedNode(value)


def _int(n: int) -> ox.Literal:
    return ox.Literal(str(n), datatype=ox.NamedNode(XSD + "integer"))


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


def statistics(dataset: Dataset) -> Statistics:
    """The counts of :func:`void_triples`, from the default graph (the union
    of every named graph, each statement once)."""
    (row,) = _rows(
        dataset,
        "SELECT (COUNT(*) AS ?t) (COUNT(DISTINCT ?s) AS ?s) (COUNT(DISTINCT ?o) AS ?o) "
        "(COUNT(DISTINCT ?p) AS ?p) WHERE { ?s ?p ?o }",
    )
    classes = _rows(
        dataset, "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c FILTER(isIRI(?c)) } GROUP BY ?c ORDER BY ?c"
    )
    properties = _rows(dataset, "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY ?p")
    sources = _rows(
        dataset,
        f"SELECT ?g ?source ?label WHERE {{ GRAPH ?g {{ ?source <{VOCAB}namedGraph> ?g ; <{RDFS_LABEL}> ?label }} }}",
    )
    return Statistics(
        totals={k: int(row[k].value) for k in "tsop"},
        classes=[(r["c"], int(r["n"].value)) for r in classes],
        properties=[(r["p"], int(r["n"].value)) for r in properties],
        sources={r["g"].value: (r["source"], r["label"]) for r in sources},
        sizes={name: count for name, count in dataset.sizes().items() if name},
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
    data lives and its SPARQL endpoint, and the ontology it conforms to."""
    publisher = _iri(DATASET_IRI + "/publisher")
    return [
        _triple(ds, RDF_TYPE, _iri(VOID + "Dataset")),
        _triple(ds, RDF_TYPE, _iri(DCAT + "Dataset")),
        _triple(ds, DCTERMS + "title", ox.Literal(TITLE, language="en")),
        _triple(ds, DCTERMS + "description", ox.Literal(DESCRIPTION, language="en")),
        _triple(ds, DCTERMS + "license", _iri(LICENCE)),
        _triple(ds, DCTERMS + "publisher", publisher),
        _triple(publisher, RDF_TYPE, _iri(FOAF + "Organization")),
        _triple(publisher, FOAF + "name", ox.Literal(PUBLISHER_NAME)),
        _triple(ds, VOID + "uriSpace", ox.Literal(DATA)),
        _triple(ds, VOID + "sparqlEndpoint", _iri(endpoint)),
        _triple(ds, DCTERMS + "conformsTo", _iri(str(ONTOLOGY_IRI))),
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
    and the source it holds (or, for the ontology's, a label)."""
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
            out.append(_triple(ds, DCTERMS + "source", source))
            out.append(_triple(source, RDFS_LABEL, label))
        elif name == str(ONTOLOGY_IRI):
            out.append(_triple(graph, RDFS_LABEL, ox.Literal("the ontology", language="en")))
    return out


def _distributions(ds: ox.NamedNode, downloads: Mapping[str, int | None], base: str) -> list[ox.Triple]:
    """Where to get it: each download as a distribution with its address,
    media type and size (when known); the RDF dumps also as data dumps."""
    out = []
    for file, size in sorted(downloads.items()):
        url = _iri(base + file)
        media = media_type(file)
        if file in OUTPUTS and OUTPUTS[file].data_dump:
            out.append(_triple(ds, VOID + "dataDump", url))
        dist = _iri(f"{DATASET_IRI}/distribution/{file}")
        out.append(_triple(ds, DCAT + "distribution", dist))
        out.append(_triple(dist, RDF_TYPE, _iri(DCAT + "Distribution")))
        out.append(_triple(dist, DCTERMS + "title", ox.Literal(file)))
        out.append(_triple(dist, DCAT + "downloadURL", url))
        out.append(_triple(dist, DCAT + "mediaType", _iri("https://www.iana.org/assignments/media-types/" + media)))
        if size is not None:
            out.append(_triple(dist, DCAT + "byteSize", _int(size)))
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
        "sd": SD,
        "jv": VOCAB,
        "xsd": XSD,
        "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    }
    return triples_to_turtle(triples, prefixes)


def make(context) -> bytes:
    """The description of a build: every download it made, with its size,
    and the two that describe it (this one and the README), without."""
    sizes: dict[str, int | None] = {
        name: len(data) for name, data in context.made.items() if OUTPUTS[name].group != DESCRIPTIONS
    }
    sizes.update({o.name: None for o in OUTPUTS.values() if o.group == DESCRIPTIONS})
    return void_turtle(context.dataset, sizes)
