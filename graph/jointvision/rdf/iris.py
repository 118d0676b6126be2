"""The project's namespaces and fixed IRIs as plain strings.

Kept apart from :mod:`.namespaces` (which builds rdflib terms from them) so
that a command which only reads, checks or answers a query never imports
rdflib: the guard, the result writers and the server need the strings alone.
"""

from __future__ import annotations

#: Namespace of the ontology's classes and properties.
VOCAB = "https://w3id.org/jointvision/ontology#"
#: Namespace of every instance (entity, quantity, period, evidence, source).
DATA = "https://w3id.org/jointvision/id/"
#: Namespace of the named graphs: one per source (see ``source_graph_iri``).
GRAPHS = "https://w3id.org/jointvision/graph/"
#: Namespace of the graphs the builder derives from the sources (not from
#: any one source): outside ``GRAPHS``, so that no source id can take their
#: names.
DERIVED = "https://w3id.org/jointvision/derived/"
#: The graph the derived statuses of commitments are kept in.
STATUS_GRAPH = DERIVED + "status"
#: The ontology IRI itself (also the name of the graph that holds it).
ONTOLOGY = "https://w3id.org/jointvision/ontology"
#: Namespace of Wikidata's entities, which ``same_as`` links reach.
WIKIDATA = "http://www.wikidata.org/entity/"
#: Where the project is published: the downloads, ``sparql``, ``ontology``
#: and ``.well-known/void`` lie under it, as ``serve`` lays them out (the
#: w3id.org redirect of docs/publishing.md sends each to the server).
PUBLIC_BASE = "https://w3id.org/jointvision/"
#: The dataset as a whole, as its VoID and DCAT description names it.
DATASET_IRI = "https://w3id.org/jointvision/dataset"

#: Prefixes offered to every serializer and query; a serializer declares only
#: those its output uses. Sorted by prefix so that output is stable.
PREFIXES: dict[str, str] = {
    "dcterms": "http://purl.org/dc/terms/",
    "jv": VOCAB,
    "jvd": DATA,
    "jvg": GRAPHS,
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "wd": WIKIDATA,
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
