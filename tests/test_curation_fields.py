"""Format version 5: what curators of a whole joint statement need. Who said
what (Statement entries), what an undertaking or a target puts into effect
(``implements``, a ``builds_on`` that reaches documents), who chairs a group
and who belongs to it. Each field becomes its property, conforms to the
shapes, and is refused with its message where it is wrong. The texts are
invented test fixtures."""

from __future__ import annotations

import pytest
from rdflib import Literal
from rdflib.namespace import RDF

from factories import make_source
from jointvision.errors import SourceErrors
from jointvision.rdf.build import build_dataset
from jointvision.rdf.namespaces import JV, entity_iri
from jointvision.rdf.validate import validate_graph
from jointvision.source.loader import load_sources
from jointvision.source.schema import FORMAT, format_tag

TEXT = (
    "Invented fixture. The ports memorandum was signed at the harbour summit. Ada Ray, Minister of Ports, "
    "called the plan 'a bridge of ports between the two lands'. The port plan implements the memorandum. "
    "A working group, chaired by Land A and Land B, brings together the two ports ministries."
)


def entities() -> list[dict]:
    def thing(i: str, kind: str, label: str, quote: str, **fields) -> dict:
        return {"id": i, "type": kind, "label": label, "evidence": [quote], **fields}

    return [
        thing("land-a", "Country", "Land A", "Land A"),
        thing("land-b", "Country", "Land B", "Land B"),
        thing("ada-ray", "Person", "Ada Ray", "Ada Ray"),
        thing("harbour-summit", "Summit", "Harbour summit", "the harbour summit"),
        thing("ports-memo", "MemorandumOfCooperation", "Ports memorandum", "The ports memorandum"),
        thing(
            "port-plan",
            "Program",
            "Port plan",
            "The port plan implements the memorandum",
            implements=["ports-memo"],
            builds_on=["ports-memo"],
        ),
        thing("ports-ministries", "Organisation", "Ports ministries", "the two ports ministries"),
        thing(
            "ports-group",
            "ActorGroup",
            "Ports working group",
            "A working group, chaired by Land A and Land B",
            chaired_by=["land-a", "land-b"],
            members=["ports-ministries"],
        ),
        thing(
            "ray-on-the-plan",
            "Statement",
            "Ada Ray on the port plan",
            "called the plan 'a bridge of ports between the two lands'",
            speaker="ada-ray",
            said_at="harbour-summit",
            words="a bridge of ports between the two lands",
            concerns=["port-plan"],
        ),
    ]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("v5") / "data"
    make_source(folder, TEXT, entities(), source_id="ports-sheet", version=5, metadata={"language": "en"})
    return build_dataset(folder).to_rdflib()


def test_the_format_is_version_5():
    assert FORMAT == format_tag(5) == "jointvision-source/5"


@pytest.mark.parametrize(
    ("subject", "predicate", "obj"),
    [
        ("port-plan", JV.implements, "ports-memo"),
        ("port-plan", JV.buildsOn, "ports-memo"),
        ("ports-group", JV.chairedBy, "land-a"),
        ("ports-group", JV.chairedBy, "land-b"),
        ("ports-group", JV.hasMember, "ports-ministries"),
        ("ray-on-the-plan", JV.speaker, "ada-ray"),
        ("ray-on-the-plan", JV.saidAt, "harbour-summit"),
        ("ray-on-the-plan", JV.concerns, "port-plan"),
    ],
)
def test_each_field_becomes_its_property(built, subject, predicate, obj):
    assert (entity_iri(subject), predicate, entity_iri(obj)) in built


def test_a_statement_keeps_its_words_in_their_language_and_conforms(built):
    words = set(built.objects(entity_iri("ray-on-the-plan"), JV.words))
    assert words == {Literal("a bridge of ports between the two lands", lang="en")}
    assert (entity_iri("ray-on-the-plan"), RDF.type, JV.Statement) in built
    report = validate_graph(built)
    assert report.conforms and report.warnings == (), report.violations


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (("ray-on-the-plan", "words", "a bridge of roads"), "words", "does not occur in any of the entity's evidence"),
        (("ray-on-the-plan", "speaker", "port-plan"), "speaker", "'port-plan' is a Program; expected Person or"),
        (("port-plan", "implements", ["land-a"]), "implements", "'land-a' is a Country; expected Document"),
        (("ports-group", "chaired_by", ["harbour-summit", "land-a"]), "chaired_by[0]", "'harbour-summit' is a Summit"),
        (("ports-group", "members", ["ports-memo"]), "members", "is a MemorandumOfCooperation; expected Person"),
    ],
)
def test_a_wrong_value_is_refused_with_its_field(tmp_path, change, field, message):
    entity_id, name, value = change
    changed = [{**e, name: value} if e["id"] == entity_id else e for e in entities()]
    make_source(tmp_path / "data", TEXT, changed, source_id="ports-sheet", version=5)
    with pytest.raises(SourceErrors) as caught:
        load_sources(tmp_path / "data")
    [error] = caught.value.errors
    assert error.field == f"entities[{[e['id'] for e in changed].index(entity_id)}] (id: {entity_id}).{field}"
    assert message in error.message


def test_a_statement_without_a_speaker_is_refused(tmp_path):
    changed = [{k: v for k, v in e.items() if k != "speaker"} for e in entities()]
    make_source(tmp_path / "data", TEXT, changed, source_id="ports-sheet", version=5)
    with pytest.raises(SourceErrors) as caught:
        load_sources(tmp_path / "data")
    assert [e.message for e in caught.value.errors] == ["this field is required for type Statement"]


@pytest.mark.parametrize("name", ["Statement", "implements", "chaired_by", "members"])
def test_an_earlier_version_is_told_which_version_it_needs(tmp_path, name):
    make_source(tmp_path / "data", TEXT, entities(), source_id="ports-sheet", version=4)
    with pytest.raises(SourceErrors) as caught:
        load_sources(tmp_path / "data")
    told = [e for e in caught.value.errors if name in (e.field or "") or name in e.message]
    assert told and all(format_tag(5) in e.message for e in told)
