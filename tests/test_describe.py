"""The dataset describes itself: the VoID and DCAT description (void.ttl,
/.well-known/void), the ontology's documentation page (ontology.html,
/ontology with content negotiation) and the service description. Counts are
checked against what SPARQL says of the same data, on the article and on
the two-source fixture; texts from the data reach the page escaped."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, PROV, RDF, RDFS

from factories import make_source
from jointvision.outputs.exports import export_files
from jointvision.outputs.ontology_doc import ontology_html
from jointvision.outputs.void import void_turtle
from jointvision.rdf.build import build_dataset
from jointvision.rdf.namespaces import DATASET_IRI, PUBLIC_BASE, VOCAB
from jointvision.resources import ontology_path

VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
DS = URIRef(DATASET_IRI)


@pytest.fixture(params=["article", "two-sources"])
def data(request, dataset, two_sources):
    return dataset if request.param == "article" else two_sources


def count(ds, query: str) -> int:
    return int(next(iter(ds.store.query(query)))[0].value)


def described(ds) -> tuple[Graph, dict[str, bytes]]:
    files = export_files(ds, ["rdf"])
    return Graph().parse(data=files["void.ttl"], format="turtle"), files


def test_void_counts_what_sparql_counts(data):
    void, _ = described(data)
    union = "GRAPH ?g { ?s ?p ?o }"
    assert int(void.value(DS, VOID.triples)) == count(
        data, f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {{ {union} }} }}"
    )
    assert int(void.value(DS, VOID.distinctSubjects)) == count(
        data, f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {union} }}"
    )
    partitions = {
        void.value(p, VOID["class"]): int(void.value(p, VOID.entities)) for p in void.objects(DS, VOID.classPartition)
    }
    assert partitions and int(void.value(DS, VOID.classes)) == len(partitions)
    for cls, n in partitions.items():
        assert n == count(data, f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ GRAPH ?g {{ ?s a <{cls}> }} }}"), cls
    properties = {
        void.value(p, VOID.property): int(void.value(p, VOID.triples)) for p in void.objects(DS, VOID.propertyPartition)
    }
    assert len(properties) == int(void.value(DS, VOID.properties))
    for prop, n in properties.items():
        assert n == count(
            data, f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?o WHERE {{ GRAPH ?g {{ ?s <{prop}> ?o }} }} }}"
        ), prop
    # every named graph is a subset with its size; every source is named
    subsets = {str(g): int(void.value(g, VOID.triples)) for g in void.objects(DS, VOID.subset)}
    assert subsets == {g: n for g, n in data.sizes().items() if g}
    sources = {str(s) for s in void.objects(DS, PROV.wasDerivedFrom)}
    assert len(sources) == len(data.source_graphs())
    for source in sources:
        assert void.value(URIRef(source), RDFS.label) is not None


def test_the_counts_the_downloads_share_are_the_engines(data):
    """What a build counts once and reuses (the README's graph sizes, the
    VoID's, the triples it prints and records for serve) is what the
    dataset counts, for sources in named graphs and for one unnamed graph."""
    from jointvision.outputs.registry import Context
    from jointvision.rdf.dataset import Dataset

    one_graph = Dataset.parse(data.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()), "nt")
    for ds in (data, one_graph):
        context = Context(ds)
        assert context.triples == len(ds)
        assert context.statistics.graph_sizes == ds.sizes()


def test_counting_ahead_counts_once_and_leaves_a_failure_to_the_caller(dataset, monkeypatch, capfd):
    """``Context.count_ahead`` (what a build starts before writing its
    downloads) counts on a thread; whoever asks meanwhile gets that count,
    made once; a count that fails there is made again, and raised, where it
    is asked for, with no traceback from the thread."""
    from jointvision.outputs import void
    from jointvision.outputs.registry import Context

    real, calls = void.statistics, []
    monkeypatch.setattr(void, "statistics", lambda ds, **options: calls.append(1) or real(ds, **options))
    context = Context(dataset)
    context.count_ahead()
    assert context.statistics == real(dataset, least_subjects=True) and context.statistics is context.statistics
    assert calls == [1]

    def broken(ds, **options):
        raise RuntimeError("the engine went away")

    monkeypatch.setattr(void, "statistics", broken)
    context = Context(dataset)
    context.count_ahead()
    with pytest.raises(RuntimeError, match="went away"):
        context.statistics  # noqa: B018
    assert "Traceback" not in capfd.readouterr().err


def test_void_lists_every_download_with_its_size_licence_publisher_and_endpoint(dataset):
    void, files = described(dataset)
    assert void.value(DS, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert void.value(void.value(DS, DCTERMS.publisher), URIRef("http://xmlns.com/foaf/0.1/name")) is not None
    assert void.value(DS, VOID.sparqlEndpoint) == URIRef(PUBLIC_BASE + "sparql")
    listed = {}
    for dist in void.objects(DS, DCAT.distribution):
        url = str(void.value(dist, DCAT.downloadURL))
        size = void.value(dist, DCAT.byteSize)
        listed[url[len(PUBLIC_BASE) :]] = None if size is None else int(size)
        assert str(void.value(dist, DCAT.mediaType)).startswith("https://www.iana.org/assignments/media-types/")
    assert set(listed) == set(files)
    for name, size in listed.items():
        assert size == (None if name in ("void.ttl", "README.md") else len(files[name])), name
    dumps = {str(d)[len(PUBLIC_BASE) :] for d in void.objects(DS, VOID.dataDump)}
    assert {"jointvision.ttl", "jointvision.trig", "jointvision.nq"} <= dumps


def test_void_is_stable_and_has_no_blank_node(dataset):
    one = void_turtle(dataset, {"jointvision.ttl": 10})
    assert one == void_turtle(dataset, {"jointvision.ttl": 10})
    assert not any(
        isinstance(term, ox.BlankNode)
        for t in ox.parse(one, format=ox.RdfFormat.TURTLE)
        for term in (t.subject, t.object)
    )


# ------------------------------------------------------------ the ontology page
@pytest.mark.parametrize("which", ["article", "two-sources", "tracking"])
def test_class_counts_are_those_the_subclass_path_gives(which, dataset, two_sources):
    """The page counts a class's instances with its subclasses' from pairs
    of classes read from the ontology; the counts and least instances are
    those the engine gives walking ``rdfs:subClassOf*`` in the ontology's
    graph for every typed statement."""
    from rdflib.namespace import RDFS

    from jointvision.outputs.ontology_doc import _examples
    from jointvision.rdf.namespaces import ONTOLOGY_IRI
    from jointvision.rdf.typed import select

    data = {"article": dataset, "two-sources": two_sources}.get(which) or build_dataset(
        Path(__file__).parent / "data" / "tracking"
    )
    walked = {
        "class " + row["o"].value: (int(row["n"].value), row["s"].value)
        for row in select(
            data.store,
            f"SELECT ?o (COUNT(DISTINCT ?s) AS ?n) (MIN(STR(?s)) AS ?s) WHERE {{ ?s a ?t FILTER(isIRI(?t)) "
            f"GRAPH <{ONTOLOGY_IRI}> {{ ?t <{RDFS.subClassOf}>* ?o }} }} GROUP BY ?o",
        )
        if isinstance(row["o"], ox.NamedNode)
    }
    used, examples, _ = _examples(data)
    counted = {key: n for key, n in used.items() if key.startswith("class ")}
    assert counted == {key: n for key, (n, _) in walked.items()} and len(counted) > 5
    assert all(examples[key][0] == least for key, (_, least) in walked.items() if key in examples)


def test_a_build_counts_the_properties_once_for_the_void_and_the_page(dataset, monkeypatch):
    """The page's property counts and examples come from the VoID's count
    in a build, not from a second pass over every statement."""
    from jointvision.outputs import ontology_doc

    asked: list[str] = []
    real = ontology_doc.select

    def select(store, query, *args, **kwargs):
        asked.append(query)
        return real(store, query, *args, **kwargs)

    monkeypatch.setattr(ontology_doc, "select", select)
    files = export_files(dataset, ["rdf"])
    assert b'class="example"' in files["ontology.html"]
    assert not [q for q in asked if "GROUP BY ?p" in q]


def test_the_page_made_from_the_void_counts_is_the_page_made_alone(data):
    """A build makes the page from the counts its VoID made (each
    property's triples and least subject): the same page, byte for byte,
    as the page that counts for itself; a record that lacks the least
    subjects (one kept by an older build) is not used for them."""
    from dataclasses import replace

    from jointvision.outputs.void import statistics

    assert not statistics(data).least_subjects  # counted only where asked for
    counted = statistics(data, least_subjects=True)
    assert counted.least_subjects and set(counted.least_subjects) == {p.value for p, _ in counted.properties}
    alone = ontology_html(data)
    assert ontology_html(data, counted) == alone
    assert ontology_html(data, replace(counted, least_subjects={})) == alone
    wrong = replace(counted, least_subjects=dict.fromkeys(counted.least_subjects, str(DS)))
    assert ontology_html(data, wrong) != alone  # the page does take its examples from the counts


def test_the_page_documents_every_term_with_its_label_comment_and_usage(dataset):
    page = ontology_html(dataset)
    ontology = Graph().parse(ontology_path(), format="turtle")
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, OWL.NamedIndividual)
    terms = {s for k in kinds for s in ontology.subjects(RDF.type, k) if str(s).startswith(VOCAB)}
    assert terms
    from markupsafe import escape

    for term in terms:
        name = str(term)[len(VOCAB) :]
        found = re.search(rf'<article class="term" id="{re.escape(name)}">(.*?)</article>', page, flags=re.S)
        assert found, name
        body = found.group(1)
        assert str(escape(str(ontology.value(term, RDFS.label)))) in body, name
        assert str(escape(str(ontology.value(term, RDFS.comment)))) in body, name
        for parent in ontology.objects(term, RDFS.subClassOf):
            assert str(parent) in body or f'href="#{str(parent)[len(VOCAB) :]}"' in body, (name, parent)
    # an example from the data for every property the data uses
    used = {
        row[0].value
        for row in dataset.store.query("SELECT DISTINCT ?p WHERE { GRAPH ?g { ?s ?p ?o } }")
        if row[0].value.startswith(VOCAB)
    }
    for prop in used & {str(t) for t in terms}:
        body = re.search(rf'id="{prop[len(VOCAB) :]}">(.*?)</article>', page, flags=re.S).group(1)
        assert 'class="example"' in body, prop
    # ranges OWL 2 DL cannot hold are shown from the shapes
    start = re.search(r'id="startDate">(.*?)</article>', page, flags=re.S).group(1)
    assert "xsd:date" in start and "SHACL" in start
    assert "<script" not in page.lower()


HOSTILE = "</code><script>alert(1)</script><img src=x onerror=alert(2)>"


def test_texts_from_the_data_reach_the_page_escaped(tmp_path):
    text = f"Invented fixture. The land called {HOSTILE} signed."
    make_source(
        tmp_path,
        text,
        [{"id": "hostile-land", "type": "Country", "label": HOSTILE, "evidence": [f"The land called {HOSTILE}"]}],
    )
    page = ontology_html(build_dataset(tmp_path))
    assert HOSTILE not in page and "<script" not in page.lower() and "<img" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


# ------------------------------------------------------------ served
@pytest.mark.parametrize(
    "accept, kind",
    [
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "html"),  # a browser
        (None, "html"),
        ("text/turtle", "turtle"),
        ("application/ld+json", "json-ld"),
        ("application/n-triples", "nt"),
        ("application/rdf+xml", "xml"),
    ],
)
def test_the_ontology_iri_answers_browsers_and_rdf_clients(live_server, accept, kind):
    response = httpx.get(f"{live_server}/ontology", headers={"Accept": accept} if accept else {})
    assert response.status_code == 200 and "Accept" in response.headers["vary"]
    if kind == "html":
        assert response.headers["content-type"].startswith("text/html")
        assert 'id="Country"' in response.text
        return
    assert isomorphic(
        Graph().parse(data=response.content, format=kind), Graph().parse(ontology_path(), format="turtle")
    )


def test_the_served_void_uses_the_servers_addresses(live_server):
    response = httpx.get(f"{live_server}/.well-known/void")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/turtle")
    void = Graph().parse(data=response.text, format="turtle")
    assert void.value(DS, VOID.sparqlEndpoint) == URIRef(f"{live_server}/sparql")
    urls = [str(void.value(d, DCAT.downloadURL)) for d in void.objects(DS, DCAT.distribution)]
    assert urls and all(u.startswith(live_server + "/") for u in urls)
    for url in urls:
        if url.endswith((".ttl", ".nt", ".jsonld", ".trig", ".nq")):
            assert httpx.get(url).status_code == 200, url
    assert httpx.get(f"{live_server}/void.ttl").content == response.content


def test_the_service_description_points_to_the_void_and_says_no_inference(live_server):
    text = httpx.get(f"{live_server}/sparql").text
    sd = Graph().parse(data=text, format="turtle")
    service = next(sd.subjects(RDF.type, SD.Service))
    assert sd.value(service, SD.defaultEntailmentRegime) == URIRef("http://www.w3.org/ns/entailment/Simple")
    assert sd.value(service, RDFS.seeAlso) == URIRef(f"{live_server}/.well-known/void")
    dataset = sd.value(service, SD.defaultDataset)
    default = sd.value(dataset, SD.defaultGraph)
    counted = httpx.post(
        f"{live_server}/sparql",
        data={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"},
        headers={"Accept": "application/sparql-results+json"},
    ).json()
    assert int(sd.value(default, VOID.triples)) == int(counted["results"]["bindings"][0]["n"]["value"])
    # the test server holds a graph outside the union: so it does not claim a union default graph
    assert (service, SD.feature, SD.UnionDefaultGraph) not in sd


def test_a_server_of_the_sources_alone_has_a_union_default_graph(dataset):
    from starlette.requests import Request

    from jointvision.server.app import Endpoint, Limits

    endpoint = Endpoint({}, b"", dataset.sizes(), Limits(), union_default=True)
    request = Request(
        {
            "type": "http",
            "method": "GET",
            "path": "/sparql",
            "headers": [],
            "query_string": b"",
            "server": ("127.0.0.1", 8000),
            "scheme": "http",
            "root_path": "",
        }
    )
    sd = Graph().parse(data=endpoint.service_description(request).body, format="turtle")
    assert (next(sd.subjects(RDF.type, SD.Service)), SD.feature, SD.UnionDefaultGraph) in sd


def test_the_commitments_page_is_served_and_linked_from_the_map(live_server):
    page = httpx.get(f"{live_server}/commitments")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert 'id="rows"' in page.text and "content-disposition" not in page.headers
    assert httpx.get(f"{live_server}/commitments.html").text == page.text
    home = httpx.get(f"{live_server}/").text
    assert 'href="commitments.html"' in home


def test_the_server_counts_once_whatever_address_it_is_reached_by(article_dataset, monkeypatch):
    """Each Host header gets its own addresses, but the statistics are counted
    once: a client cannot make the server count the dataset again by naming
    a new host; the descriptions kept stay bounded."""
    import warnings

    with warnings.catch_warnings():  # Starlette's test client warns that it runs on httpx, which the suite has
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient
    import jointvision.outputs.void as void
    from jointvision.server.app import DESCRIPTIONS_KEPT, create_app

    calls = []
    counted = void.statistics
    monkeypatch.setattr(void, "statistics", lambda ds: calls.append(1) or counted(ds))
    app = create_app(article_dataset)
    with TestClient(app) as client:
        hosts = [f"host{i}.example:8000" for i in range(DESCRIPTIONS_KEPT + 3)]
        for host in hosts:
            response = client.get("/.well-known/void", headers={"Host": host})
            assert response.status_code == 200
            served = Graph().parse(data=response.text, format="turtle")
            assert served.value(DS, VOID.sparqlEndpoint) == URIRef(f"http://{host}/sparql")
            assert int(served.value(DS, VOID.triples)) == count(
                article_dataset, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
            )
        assert len(calls) == 1
        assert len(app.state.endpoint._descriptions) == DESCRIPTIONS_KEPT
