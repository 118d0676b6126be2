"""The dataset's description is DCAT-AP 3 (void.ttl as ``build`` writes it,
and ``/.well-known/void`` as ``serve`` answers it): SEMICeu's DCAT-AP 3.0.1
SHACL shapes, from ``../shared/dcat-ap/3.0.1/``, find no violation.

The shapes are checked as SEMICeu's validator (the EU Interoperability Test
Bed) combines them for "DCAT-AP 3.0.1 Full": the mandatory and recommended
constraints (``shapes.ttl``, ``shapes_recommended.ttl``), the class ranges
(``range.ttl``), the deprecations (``deprecateduris.ttl``) and the imports
(``imports.ttl``); then as the one-file expression of the same constraints
(``dcat-ap-SHACL.ttl``), and with the controlled-vocabulary checks
(``mdr-vocabularies.shape.ttl``). ``imports.ttl`` only names the
vocabularies DCAT-AP reuses (DCAT, Dublin Core, FOAF, ...) by their web
addresses; they are not fetched (nothing here reaches the network), so the
description states the classes the ranges ask for itself (the publisher a
``foaf:Agent`` as well as a ``foaf:Organization``), which the ranges then
find without any inference. Warnings (recommended properties) are allowed.
"""

from __future__ import annotations

import socket
from collections import Counter

import httpx
import pyoxigraph as ox
import pytest
from pyshacl import validate
from rdflib import Graph, Namespace, URIRef

from conftest import ROOT, need_shared
from jointvision.outputs.exports import write_exports
from jointvision.outputs.registry import DESCRIPTIONS, GROUPS, OUTPUTS
from jointvision.rdf.namespaces import DATASET_IRI

SHAPES = ROOT.parent / "shared" / "dcat-ap" / "3.0.1"
#: The combinations of shape files checked, by name.
VALIDATIONS = {
    "full": ("shapes.ttl", "range.ttl", "shapes_recommended.ttl", "imports.ttl", "deprecateduris.ttl"),
    "one file": ("dcat-ap-SHACL.ttl",),
    "controlled vocabularies": ("shapes.ttl", "range.ttl", "mdr-vocabularies.shape.ttl"),
}
SH = Namespace("http://www.w3.org/ns/shacl#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DS = URIRef(DATASET_IRI)
LOOPBACK = {"127.0.0.1", "::1", "localhost"}


@pytest.fixture(scope="module")
def shapes() -> dict[str, Graph]:
    """Each combination of the shapes, as one graph."""
    graphs = {}
    for name, files in VALIDATIONS.items():
        graphs[name] = Graph()
        for file in files:
            need_shared(SHAPES / file, f"the DCAT-AP 3.0.1 shapes ({file})")
            graphs[name].parse(SHAPES / file, format="turtle")
    return graphs


@pytest.fixture
def offline(monkeypatch):
    """No connection leaves the machine while the shapes run (one to the
    test server on loopback may): a validator that followed the imports
    would fail here rather than fetch them."""
    create_connection, connect = socket.create_connection, socket.socket.connect

    def outside(address) -> bool:
        return isinstance(address, tuple) and address[0] not in LOOPBACK

    def refused(address) -> AssertionError:
        return AssertionError(f"the validation tried to reach the network: {address}")

    def guarded_create(address, *args, **kwargs):
        if outside(address):
            raise refused(address)
        return create_connection(address, *args, **kwargs)

    def guarded_connect(self, address):
        if outside(address):
            raise refused(address)
        return connect(self, address)

    monkeypatch.setattr(socket, "create_connection", guarded_create)
    monkeypatch.setattr(socket.socket, "connect", guarded_connect)


def violations(description: bytes, shapes: Graph) -> Counter:
    """The violations the shapes find, counted by the path and kind of
    constraint (a warning is not counted)."""
    data = Graph().parse(data=description, format="turtle")
    _, report, _ = validate(data, shacl_graph=shapes, inference="none", do_owl_imports=False, allow_warnings=True)
    found: Counter = Counter()
    for result in report.subjects(SH.resultSeverity, SH.Violation):
        if (None, SH.result, result) in report:  # a top-level result, not a detail of another
            found[
                (str(report.value(result, SH.resultPath)), str(report.value(result, SH.sourceConstraintComponent)))
            ] += 1
    return found


def assert_conforms(description: bytes, shapes: dict[str, Graph]) -> None:
    for name, graph in shapes.items():
        assert not violations(description, graph), name
    parsed = ox.parse(description, format=ox.RdfFormat.TURTLE)
    assert not any(isinstance(term, ox.BlankNode) for t in parsed for term in (t.subject, t.object))


@pytest.fixture(scope="module")
def built(dataset, tmp_path_factory) -> dict[str, bytes]:
    """Every download of a build of the default data, the map included."""
    return write_exports(dataset, tmp_path_factory.mktemp("build"), GROUPS)


def test_the_built_description_is_dcat_ap(built, shapes, offline):
    assert_conforms(built["void.ttl"], shapes)


def test_a_build_of_two_sources_is_described_as_dcat_ap(two_sources, shapes, offline, tmp_path):
    assert_conforms(write_exports(two_sources, tmp_path / "out", ["rdf"])["void.ttl"], shapes)


def test_the_shapes_find_what_they_are_meant_to(shapes, offline):
    """The check can fail: a distribution without its access URL, a size
    that is a plain integer, a media type not said to be one are found."""
    broken = b"""
        @prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .
        <https://example.org/d> a dcat:Dataset ; dct:title "t" ; dct:description "d" ;
            dcat:distribution <https://example.org/x> .
        <https://example.org/x> a dcat:Distribution ; dcat:byteSize 3 ;
            dcat:mediaType <https://www.iana.org/assignments/media-types/text/turtle> .
    """
    found = {path.rsplit("#", 1)[-1] for path, _ in violations(broken, shapes["full"])}
    assert {"accessURL", "byteSize", "mediaType"} <= found


def test_the_served_description_is_dcat_ap(live_server, shapes, offline):
    response = httpx.get(f"{live_server}/.well-known/void")
    assert response.status_code == 200
    assert_conforms(response.content, shapes)


def test_the_served_description_gives_each_download_the_size_the_build_recorded(live_server, built):
    served = Graph().parse(data=httpx.get(f"{live_server}/.well-known/void").text, format="turtle")
    recorded = Graph().parse(data=built["void.ttl"], format="turtle")

    def sizes(void: Graph) -> dict[str, int | None]:
        out = {}
        for dist in void.objects(DS, DCAT.distribution):
            size = void.value(dist, DCAT.byteSize)
            out[str(void.value(dist, DCAT.downloadURL)).rsplit("/", 1)[-1]] = None if size is None else int(size)
        return out

    served_sizes, recorded_sizes = sizes(served), sizes(recorded)
    assert served_sizes and any(size is not None for size in served_sizes.values())
    for name, size in served_sizes.items():
        assert size == recorded_sizes[name], name
        assert size is not None or OUTPUTS[name].group == DESCRIPTIONS, name
