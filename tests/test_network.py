"""The two NetworkX views: ``graph_network`` keeps every relation between
RDF nodes and carries label, class and direction; ``fact_network`` has one
node per fact. The GEXF of the fact network opens in Gephi laid out as the
map is, and stays a valid GEXF 1.2 file."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import warnings
from pathlib import Path
from xml.etree import ElementTree

import networkx as nx
import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF

from conftest import ROOT, need_tool
from jointvision.outputs.layout import radial_layout
from jointvision.outputs.network import (
    MAP_SPACING,
    STRUCTURAL,
    fact_network,
    graph_network,
    to_gexf,
    to_networkx,
)
from jointvision.outputs.viewer import style_of
from jointvision.rdf.namespaces import JVD

GEXF = "http://www.gexf.net/1.2draft"
#: The GEXF 1.2draft schema, as published (copied from /work/shared/gexf/1.2draft; not ours, not edited).
SCHEMA = ROOT / "tests" / "data" / "gexf-1.2draft"


@pytest.fixture(scope="module")
def graph(article_graph):
    """Here, the article's own named graph: these tests check what the article
    states, whatever other sources the data folder holds."""
    return article_graph


@pytest.fixture(scope="module")
def facts(graph):
    return fact_network(graph)


# --------------------------------------------------------------------------- graph_network: every RDF node


def test_every_relation_between_nodes_is_an_edge(graph):
    net = graph_network(graph)
    relations = [(s, p, o) for s, p, o in graph if isinstance(o, URIRef) and p != RDF.type]
    assert net.number_of_edges() == len(relations)
    for s, p, o in relations[:50]:
        assert any(data["predicate"] == str(p) for data in net.get_edge_data(str(s), str(o)).values())


def test_node_attributes(graph):
    net = graph_network(graph)
    node = net.nodes[str(JVD["private-investment-10-trillion"])]
    assert node["label"] == "JPY 10 trillion in private investment into India"
    assert node["class"] == "Target"
    assert node["direction"] == "Next Generation Economic Partnership"
    make_in_india = net.nodes[str(JVD["make-in-india"])]
    assert make_in_india["directions"] == ["Next Generation Economic Partnership", "Next Generation Mobility"]
    quantity = net.nodes[str(JVD["private-investment-10-trillion_quantity"])]
    assert quantity["properties"]["jv:numericValue"] == ["10000000000000"]


def test_literals_are_attributes_not_nodes(graph):
    net = graph_network(graph)
    literal_count = sum(1 for _, _, o in graph if isinstance(o, Literal))
    assert literal_count > 0
    assert all(not n.startswith('"') for n in net.nodes)
    assert set(net.nodes) == _iri_nodes(graph)


def _iri_nodes(graph) -> set[str]:
    """Every IRI a triple has as subject or object, the classes (objects of rdf:type only) left out."""
    found = {str(t) for triple in graph for t in (triple[0], triple[2]) if isinstance(t, URIRef)}
    return found - {str(o) for o in graph.objects(None, RDF.type)}


# --------------------------------------------------------------------------- two networks, two names


def test_the_two_networks_are_told_apart_by_name_and_size(graph, facts):
    """graph_network has every RDF node; fact_network one node per fact (a typed IRI of a class that is
    not only detail of another: evidence, sources, quantities, periods), so it is the smaller. Each
    docstring names the other and says how many nodes it has on the article."""
    every = graph_network(graph)
    typed = {s for s, cls in graph.subject_objects(RDF.type) if isinstance(s, URIRef) and cls not in STRUCTURAL}
    assert set(facts.nodes) == {str(s) for s in typed}
    assert set(facts.nodes) < set(every.nodes) == _iri_nodes(graph)
    for function, other in ((graph_network, "fact_network"), (fact_network, "graph_network")):
        assert other in function.__doc__
        assert re.search(r"\d+ nodes", function.__doc__), function.__name__


def test_the_old_name_warns_and_gives_graph_network(graph):
    with pytest.warns(DeprecationWarning, match="graph_network"):
        old = to_networkx(graph)
    new = graph_network(graph)
    assert nx.utils.graphs_equal(old, new)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        graph_network(graph)  # the new name is quiet


# --------------------------------------------------------------------------- GEXF for Gephi


def _nodes(gexf: bytes) -> list[ElementTree.Element]:
    return ElementTree.fromstring(gexf).findall(f".//{{{GEXF}}}node")


def test_gexf_places_colours_and_sizes_every_node_as_the_map_does(facts):
    gexf = to_gexf(facts)
    positions = radial_layout(facts, spacing=MAP_SPACING)
    nodes = _nodes(gexf)
    assert len(nodes) == facts.number_of_nodes()
    for element in nodes:
        data = facts.nodes[element.get("id")]
        position = element.find(f"{{{GEXF}}}position")
        color = element.find(f"{{{GEXF}}}color")
        size = element.find(f"{{{GEXF}}}size")
        assert position is not None and color is not None and size is not None, element.get("id")
        x, y = positions[element.get("id")]
        assert (float(position.get("x")), float(position.get("y"))) == (x, -y)  # Gephi's y points up
        style = style_of(data)
        assert "#{:02x}{:02x}{:02x}".format(*(int(color.get(c)) for c in "rgb")) == style.color
        assert float(size.get("value")) == style.size
    # the map's shape: no two nodes on one spot, the joint statement in the middle
    spots = {(n.find(f"{{{GEXF}}}position").get("x"), n.find(f"{{{GEXF}}}position").get("y")) for n in nodes}
    assert len(spots) == len(nodes)
    assert ("0.0", "0.0") in spots


def test_gexf_has_no_leftover_attributes_and_unique_edge_ids(facts):
    gexf = to_gexf(facts).decode("utf-8")
    assert "networkx_key" not in gexf
    titles = set(re.findall(r'<attribute id="[^"]+" title="([^"]+)"', gexf))
    node_keys = {k for _, data in facts.nodes(data=True) for k in data if k != "direction_ids"}
    edge_keys = {k for _, _, data in facts.edges(data=True) for k in data if k != "label"}
    assert titles <= node_keys | edge_keys  # nothing networkx made up
    ids = re.findall(r'<edge [^>]*id="([^"]+)"', gexf)
    assert len(ids) == len(set(ids)) == facts.number_of_edges()


def test_gexf_reads_back_with_its_layout(facts, tmp_path):
    path = tmp_path / "facts.gexf"
    path.write_bytes(to_gexf(facts))
    back = nx.read_gexf(path)
    assert back.number_of_nodes() == facts.number_of_nodes()
    assert back.number_of_edges() == facts.number_of_edges()
    positions = radial_layout(facts, spacing=MAP_SPACING)
    root = ElementTree.parse(path).getroot()
    placed = {}
    for node in root.iter(f"{{{GEXF}}}node"):
        position = node.find(f"{{{GEXF}}}position")
        assert position is not None and node.find(f"{{{GEXF}}}color") is not None
        assert node.find(f"{{{GEXF}}}size") is not None
        placed[node.get("id")] = (float(position.get("x")), -float(position.get("y")))
    assert placed == {str(node): positions[node] for node in facts.nodes}


_SMALL_GEXF = """
import hashlib
from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS
from jointvision.outputs.network import fact_network, to_gexf
from jointvision.rdf.namespaces import JV, JVD
graph = Graph()
for i, cls in enumerate([JV.JointStatement, JV.StrategicDirection, JV.Program, JV.Target, JV.Country] * 3):
    graph.add((JVD[f"n{i}"], RDF.type, cls))
    graph.add((JVD[f"n{i}"], RDFS.label, Literal(f"node {i} \\u65e5\\u672c")))
    graph.add((JVD[f"n{i}"], JV.position, Literal(i)))
    if i:
        graph.add((JVD[f"n{i}"], JV.underDirection, JVD["n1"]))
        graph.add((JVD[f"n{i}"], JV.partOf, JVD[f"n{i - 1}"]))
print(hashlib.sha256(to_gexf(fact_network(graph))).hexdigest())
"""


def test_gexf_is_the_same_bytes_whatever_the_hash_seed(graph, facts):
    assert to_gexf(facts) == to_gexf(fact_network(graph))
    env = dict(os.environ)
    digests = set()
    for seed in ("0", "1", "12345"):
        env["PYTHONHASHSEED"] = seed
        run = subprocess.run([sys.executable, "-c", _SMALL_GEXF], capture_output=True, text=True, env=env, timeout=120)
        assert run.returncode == 0, run.stderr
        digests.add(run.stdout.strip())
    assert len(digests) == 1 and len(digests.pop()) == 64


# --------------------------------------------------------------------------- valid GEXF 1.2


def _xmllint(schema: Path, path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["xmllint", "--noout", "--nonet", "--schema", str(schema), str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_gexf_is_valid_gexf_1_2(facts, tmp_path):
    """Valid, viz elements and all, against the GEXF 1.2draft XML Schema as published."""
    need_tool("xmllint", "libxml2-utils")
    whole = tmp_path / "facts.gexf"
    whole.write_bytes(to_gexf(facts))
    checked = _xmllint(SCHEMA / "gexf.xsd", whole)
    assert checked.returncode == 0, checked.stderr
    assert b"<position " in whole.read_bytes() and b"<viz:" not in whole.read_bytes()
