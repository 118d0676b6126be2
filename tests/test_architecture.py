"""docs/architecture.md's worked examples, followed step by step: a new
output, a new field kind and a new entry type, each added as the page says
(its code blocks, run against the registries, restored afterwards), and
each doing what the page says it does. The texts are invented fixtures."""

from __future__ import annotations

import re
import sys
import types
from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml
from rdflib import Namespace

from factories import make_source
from jointvision.errors import SourceErrors
from jointvision.outputs import registry
from jointvision.outputs.exports import Downloads, export_files, write_exports
from jointvision.rdf import mapping
from jointvision.rdf.build import build_dataset
from jointvision.rdf.namespaces import JV as ONTOLOGY_TERMS
from jointvision.source import kinds, reader, schema

#: The ontology's namespace, with the page's new terms added (as the page
#: says to do in ontology/jointvision.ttl first: JV holds only its terms).
JV = Namespace(str(ONTOLOGY_TERMS))

DOC = Path(__file__).resolve().parents[1] / "docs" / "architecture.md"
JVD = "https://w3id.org/jointvision/id/"


def example(name: str) -> str:
    """The code block under ``<!-- example: name -->`` in the page."""
    found = re.search(
        rf"<!-- example: {re.escape(name)} -->\n```\w*\n(.*?)\n```", DOC.read_text(encoding="utf-8"), re.DOTALL
    )
    assert found, f"docs/architecture.md has no example {name!r}"
    return found.group(1)


def apply(monkeypatch, table: dict, changed: dict) -> None:
    """Put the entries an example changed into ``table``, to be restored after the test."""
    for key, value in changed.items():
        if table.get(key) is not value:
            monkeypatch.setitem(table, key, value)


# ------------------------------------------------------------ an output
@pytest.fixture
def sources_csv(monkeypatch):
    """The page's output module, made a module of jointvision.outputs, and its entry in the registry."""
    module = types.ModuleType("jointvision.outputs.sources_csv")
    module.__package__ = "jointvision.outputs"
    exec(compile(example("output module"), "docs/architecture.md (output module)", "exec"), module.__dict__)
    monkeypatch.setitem(sys.modules, module.__name__, module)
    table = dict(registry.OUTPUTS)
    exec(example("output entry"), {"Output": registry.Output, "register": lambda o: table.__setitem__(o.name, o)})
    apply(monkeypatch, registry.OUTPUTS, table)
    return registry.OUTPUTS["sources.csv"]


def test_a_new_output_is_built_described_and_served(sources_csv, tmp_path):
    from conftest import TWO_SOURCES

    dataset = build_dataset(TWO_SOURCES)
    files = export_files(dataset, ["rdf"])
    rows = files["sources.csv"].decode("utf-8").splitlines()
    assert rows[0].split(",")[:2] == ["source", "kind"] and len(rows) == 1 + len(dataset.source_graphs())
    assert "sources.csv" in files["README.md"].decode() and sources_csv.description in files["README.md"].decode()
    void = ox.Store()
    void.load(files["void.ttl"], format=ox.RdfFormat.TURTLE)
    assert bool(
        void.query(
            "ASK { ?d <http://purl.org/dc/terms/title> 'sources.csv' ; "
            "<http://www.w3.org/ns/dcat#mediaType> ?m FILTER(STRENDS(STR(?m), 'text/csv')) }"
        )
    )
    assert Downloads(dataset)["sources.csv"] == files["sources.csv"]  # what serve offers at /sources.csv
    written = write_exports(dataset, tmp_path / "out", ["rdf"])
    assert (tmp_path / "out" / "sources.csv").read_bytes() == written["sources.csv"]


# ------------------------------------------------------------ a field kind
@pytest.fixture
def month_field(monkeypatch):
    entry = eval("(" + example("kind entry") + ")", vars(kinds))[0]
    monkeypatch.setitem(kinds.KINDS, entry.name, entry)
    fields, predicates = dict(schema.FIELDS), dict(mapping.PREDICATES)
    exec(example("kind field"), {"FIELDS": fields, "PREDICATES": predicates, "Field": schema.Field, "JV": JV})
    apply(monkeypatch, schema.FIELDS, fields)
    apply(monkeypatch, mapping.PREDICATES, predicates)


TEXT = (
    "Invented fixture text. Land A and Land B signed the Harbour Agreement in January 2019 at the Summit. "
    "At the Summit, the two ports ministries issued a communique on cooperation between the two ports authorities."
)
LANDS = [
    {"id": "land-a", "type": "Country", "label": "Land A", "evidence": ["Land A"]},
    {"id": "land-b", "type": "Country", "label": "Land B", "evidence": ["Land B"]},
]


def _agreement(month: str) -> list[dict]:
    return [
        *LANDS,
        {
            "id": "harbour-agreement",
            "type": "Agreement",
            "label": "Harbour Agreement",
            "parties": ["land-a", "land-b"],
            "signed_in": month,
            "evidence": ["signed the Harbour Agreement"],
        },
    ]


def test_a_new_field_kind_reads_checks_and_becomes_its_literal(month_field, tmp_path):
    dataset = build_dataset(make_source(tmp_path / "good", TEXT, _agreement("2019-01")))
    signed = ox.NamedNode(str(JV.signedIn))
    objects = {q.object for q in dataset.store.quads_for_pattern(ox.NamedNode(JVD + "harbour-agreement"), signed, None)}
    assert objects == {ox.Literal("2019-01", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#gYearMonth"))}
    path = make_source(tmp_path / "bad", TEXT, _agreement("2019-13"))
    with pytest.raises(SourceErrors) as caught:
        reader.read_source_file(path)
    (error,) = caught.value.errors
    assert error.field.endswith(".signed_in")
    assert error.message == "must be a year and month such as 2019-01, got '2019-13'"  # as the page says


# ------------------------------------------------------------ an entry type
@pytest.fixture
def communique_type(monkeypatch):
    fields, predicates = dict(schema.FIELDS), dict(mapping.PREDICATES)
    space = {"TYPES": schema.TYPES, "FIELDS": fields, "PREDICATES": predicates, "Field": schema.Field, "JV": JV}
    exec(example("entry type"), space)
    for module in (schema, reader, mapping):  # every module that holds the tuple of types
        monkeypatch.setattr(module, "TYPES", space["TYPES"])
    apply(monkeypatch, schema.FIELDS, fields)
    apply(monkeypatch, mapping.PREDICATES, predicates)
    for name in space["TYPES"]:
        if name not in mapping.CLASSES:
            monkeypatch.setitem(mapping.CLASSES, name, JV[name])


def _communique(entry: dict, issuer_type: str = "Organisation") -> list[dict]:
    issuer = {"id": "ports-ministry", "type": issuer_type, "label": "Ports ministry", "evidence": ["the two ports"]}
    return [issuer, {**entry, "evidence": [q["quote"] for q in entry["evidence"]]}]


def test_a_new_entry_type_is_read_checked_and_built(communique_type, tmp_path):
    (entry,) = yaml.safe_load(example("entry"))
    dataset = build_dataset(make_source(tmp_path / "good", TEXT, _communique(entry)))
    subject = ox.NamedNode(JVD + "ports-communique")
    held = {(q.predicate.value, str(q.object)) for q in dataset.store.quads_for_pattern(subject, None, None, None)}
    assert ("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", f"<{JV.Communique}>") in held
    assert (str(JV.issuedBy), f"<{JVD}ports-ministry>") in held
    assert (str(JV.subject), '"cooperation between the two ports authorities"') in held
    with pytest.raises(SourceErrors) as caught:  # an issuer that is not an Organisation
        build_dataset(make_source(tmp_path / "bad", TEXT, _communique(entry, "Person")))
    assert any(e.field.endswith(".issued_by") and "expected Organisation" in e.message for e in caught.value.errors)
