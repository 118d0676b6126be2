"""The NetworkX view keeps every relation and carries label, class and direction."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF

from jointvision.outputs.network import to_networkx
from jointvision.rdf.namespaces import JVD


@pytest.fixture(scope="module")
def graph(article_graph):
    """Here, the article's own named graph: these tests check what the article
    states, whatever other sources the data folder holds."""
    return article_graph


def test_every_relation_between_nodes_is_an_edge(graph):
    net = to_networkx(graph)
    relations = [(s, p, o) for s, p, o in graph if isinstance(o, URIRef) and p != RDF.type]
    assert net.number_of_edges() == len(relations)
    for s, p, o in relations[:50]:
        assert any(data["predicate"] == str(p) for data in net.get_edge_data(str(s), str(o)).values())


def test_node_attributes(graph):
    net = to_networkx(graph)
    node = net.nodes[str(JVD["private-investment-10-trillion"])]
    assert node["label"] == "JPY 10 trillion in private investment into India"
    assert node["class"] == "Target"
    assert node["direction"] == "Next Generation Economic Partnership"
    make_in_india = net.nodes[str(JVD["make-in-india"])]
    assert make_in_india["directions"] == ["Next Generation Economic Partnership", "Next Generation Mobility"]
    quantity = net.nodes[str(JVD["private-investment-10-trillion_quantity"])]
    assert quantity["properties"]["jv:numericValue"] == ["10000000000000"]


def test_literals_are_attributes_not_nodes(graph):
    net = to_networkx(graph)
    literal_count = sum(1 for _, _, o in graph if isinstance(o, Literal))
    assert literal_count > 0
    assert all(not n.startswith('"') for n in net.nodes)
    iri_nodes = {str(t) for triple in graph for t in (triple[0], triple[2]) if isinstance(t, URIRef)}
    iri_nodes -= {str(o) for o in graph.objects(None, RDF.type)}
    assert set(net.nodes) == iri_nodes
