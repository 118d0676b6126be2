"""The JSON Schema of the fact-file format (`jointvision schema`), for
editors: generated from the table of types and fields, it accepts every
fact file that reads, and refuses what is wrong in form (an unknown field
or type, a value of the wrong form, a required field left out), checked
with the ``jsonschema`` package on the YAML as an editor's YAML 1.2 reader
sees it. Every fixture text here is invented."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

import test_bad_input
import test_field_kinds
import test_languages
import test_tracking_format
from conftest import ROOT
from jointvision.cli import main
from jointvision.errors import SourceError, SourceErrors
from jointvision.resources import DEFAULT_DATA
from jointvision.source import kinds, schema
from jointvision.source.jsonschema import (
    KIND_SCHEMAS,
    editor_view,
    fact_file_schema,
    kind_schema,
    plain_scalar,
    required_fields,
    schema_json,
    usable_types,
)
from jointvision.source.reader import read_source_file

#: The messages of what is wrong in form, which the schema refuses: a value
#: of the wrong form, an unknown field or type, a field left out, an empty mapping.
IN_FORM = re.compile(
    r"must be .*, got|not a quoted string|must not be empty|unknown field|unknown type|this field is required"
    r"|the quote is missing|offsets are missing|the mapping is empty|expected a single value"
)


def validator() -> jsonschema.Draft7Validator:
    return jsonschema.Draft7Validator(fact_file_schema())


def errors_of(raw: bytes) -> list[str]:
    """What the schema finds wrong with a fact file's bytes."""
    return [error.message for error in validator().iter_errors(editor_view(raw))]


def test_the_schema_is_a_valid_draft_07_schema():
    jsonschema.Draft7Validator.check_schema(fact_file_schema())
    assert fact_file_schema()["$schema"] == "http://json-schema.org/draft-07/schema#"


def test_the_command_prints_it_the_same_every_time_keys_sorted():
    first, second = (CliRunner().invoke(main, ["schema"]) for _ in range(2))
    assert first.exit_code == 0 and first.stdout == second.stdout == schema_json()
    assert first.stdout == json.dumps(json.loads(first.stdout), sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    assert json.loads(first.stdout) == fact_file_schema()


# ------------------------------------------------------------ made from the table
def test_each_type_has_its_fields_and_no_other():
    definitions = fact_file_schema()["definitions"]
    cases = definitions["entity"]["allOf"]
    assert [case["if"]["properties"]["type"]["const"] for case in cases] == usable_types()
    assert [case["then"]["$ref"] for case in cases] == [f"#/definitions/{name}" for name in usable_types()]
    assert definitions["entity"]["properties"]["type"]["enum"] == usable_types()
    for name in usable_types():
        found = definitions[name]
        fields = schema.entry_fields(name)
        assert set(found["properties"]) == {*fields, "id", "about", "type", "evidence"}
        assert found["additionalProperties"] is False and found["properties"]["type"]["const"] == name
        for field_name, spec in fields.items():
            assert found["properties"][field_name]["description"].startswith(spec.doc or field_name)
        assert set(found["else"]["required"]) >= {"id", *(n for n, s in fields.items() if s.required)} - {
            f.name for f in schema.QUANTITY_FIELDS
        }


def test_a_new_field_and_a_new_type_appear_without_a_change_to_the_generator(monkeypatch):
    monkeypatch.setitem(
        schema.FIELDS, "Country", (*schema.FIELDS["Country"], schema.Field("motto", "text", doc="its motto"))
    )
    monkeypatch.setattr(schema, "TYPES", (*schema.TYPES, "Festival"))
    monkeypatch.setitem(
        schema.FIELDS, "Festival", (schema.Field("held_in", "ref", required=True, refs=("City",), doc="where"),)
    )
    definitions = fact_file_schema()["definitions"]
    assert definitions["Country"]["properties"]["motto"]["description"].startswith("its motto")
    festival = definitions["Festival"]
    assert "held_in" in festival["properties"] and "held_in" in festival["else"]["required"]
    assert {"$ref": "#/definitions/Festival"} in [case["then"] for case in definitions["entity"]["allOf"]]


def test_every_kind_has_its_schema():
    assert set(KIND_SCHEMAS) == set(kinds.KINDS)


def _value(raw: str, quoted: bool):
    """A scalar as an editor reads it: a string if quoted, else by the YAML 1.2 core schema."""
    return raw if quoted else plain_scalar(raw)


@pytest.mark.parametrize(("name", "raw", "quoted"), [row[:3] for row in test_field_kinds.VALID])
def test_each_value_a_kind_takes_its_schema_takes(name, raw, quoted):
    jsonschema.validate(_value(raw, quoted), kind_schema(name), cls=jsonschema.Draft7Validator)


#: A value of the wrong form the schema cannot see, and why.
UNSEEN = {("integer", "+1"): "YAML 1.2 reads +1 as the number 1"}


@pytest.mark.parametrize(
    ("name", "raw", "quoted"),
    [row[:3] for row in test_field_kinds.INVALID if IN_FORM.search(row[3]) and tuple(row[:2]) not in UNSEEN],
)
def test_each_value_of_the_wrong_form_its_schema_refuses(name, raw, quoted):
    assert not jsonschema.Draft7Validator(kind_schema(name)).is_valid(_value(raw, quoted))


# ------------------------------------------------------------ fact files
def reads(path: Path) -> bool:
    try:
        read_source_file(path)
    except SourceError:
        return False
    return True


def fact_files() -> list[Path]:
    """Every fact file of the embedded data and the test fixtures that reads
    (every check of one file passes); the fixtures hold other YAML too."""
    found = sorted([*DEFAULT_DATA.glob("*.yaml"), *(ROOT / "tests" / "data").rglob("*.yaml")])
    return [path for path in found if reads(path)]


def test_the_fact_files_checked_include_every_embedded_one():
    assert set(DEFAULT_DATA.glob("*.yaml")) <= set(fact_files())


@pytest.mark.parametrize("path", fact_files(), ids=lambda p: p.name)
def test_every_fact_file_that_reads_is_valid(path):
    assert errors_of(path.read_bytes()) == []


def reader_messages(path: Path) -> list[str]:
    """What the reader says is wrong with a fact file (read alone)."""
    try:
        read_source_file(path)
    except SourceErrors as caught:
        return [error.message for error in caught.errors]
    except SourceError as caught:
        return [caught.message]
    return []


def refused_as_the_reader_says(path: Path, unseen: str = "") -> None:
    """The schema refuses a fact file if (and only if) the reader finds its
    form wrong, and takes one that is wrong only across files (a duplicate
    id, a reference to what is not there or of the wrong type); ``unseen``:
    why it cannot see a wrong form."""
    messages = reader_messages(path)
    try:
        found = errors_of(path.read_bytes())
    except SourceError:  # not YAML at all: no editor gets to the schema
        assert any("malformed YAML" in m for m in messages)
        return
    in_form = any(IN_FORM.search(m) for m in messages) and not unseen
    assert bool(found) == in_form, (messages, found)


@pytest.mark.parametrize("case", test_bad_input.CASES, ids=[c[0] for c in test_bad_input.CASES])
def test_a_bad_input_is_refused_where_its_form_is_wrong(data_copy, case):
    test_bad_input._mutate(data_copy, case[1], case[2])
    refused_as_the_reader_says(data_copy)


def _all_entries() -> list[dict]:
    """The entries of the embedded fact files, as an editor reads them."""
    return [e for path in DEFAULT_DATA.glob("*.yaml") for e in editor_view(path.read_bytes())["entities"]]


def _entries() -> list[dict]:
    """The entries that define an entity (an ``id``; not ``about:`` one defined elsewhere)."""
    return [e for e in _all_entries() if "id" in e]


def _is_valid_entry(entry: dict) -> bool:
    definitions = fact_file_schema()["definitions"]
    return jsonschema.Draft7Validator({"definitions": definitions, **definitions["entity"]}).is_valid(entry)


def test_an_entry_is_refused_with_an_unknown_field_without_its_type_or_with_id_and_about():
    for entry in _all_entries():
        assert _is_valid_entry(entry)
        assert not _is_valid_entry({**entry, "colour": "red"})
        assert not _is_valid_entry({k: v for k, v in entry.items() if k != "type"})
        assert not _is_valid_entry({**entry, "type": "Undertaking"})  # abstract
        if "id" in entry:
            assert not _is_valid_entry({**entry, "about": entry["id"]})
        else:
            assert not _is_valid_entry({**entry, "id": entry["about"]})


def test_an_about_entry_needs_only_its_type_and_evidence():
    for entry in _entries():
        about = {"about": entry["id"], "type": entry["type"], "evidence": entry["evidence"]}
        assert _is_valid_entry(about)
        assert not _is_valid_entry({k: v for k, v in about.items() if k != "evidence"})
        for name in required_fields(entry["type"]):
            if name != "id":
                assert not _is_valid_entry({k: v for k, v in entry.items() if k != name}), (entry["id"], name)


def test_a_quantity_is_stated_in_full_even_in_an_about_entry():
    for entry in _entries():
        given = [f.name for f in schema.QUANTITY_FIELDS if f.required and f.name in entry]
        if given:
            about = {"about": entry["id"], "type": entry["type"], "evidence": entry["evidence"]}
            assert _is_valid_entry({**about, **{name: entry[name] for name in given}})
            assert not _is_valid_entry({**about, given[0]: entry[given[0]]})


@pytest.mark.parametrize("row", test_tracking_format.VALID, ids=[r[0] for r in test_tracking_format.VALID])
def test_every_valid_tracking_entry_is_valid(tmp_path, row):
    _, extra, kind, metadata, _ = row
    path = test_tracking_format.write(tmp_path, extra, kind=kind, metadata=metadata)
    assert errors_of(path.read_bytes()) == []


#: Entries refused by a rule across fields or values, which only build
#: checks: the table says them in code (``rules``), not in a form a schema can take.
ACROSS_FIELDS = {"assessment-score-off-the-scale": "within(score, -1, 1)"}
#: The schema describes the latest format: what an earlier version reads
#: otherwise (a date as a day, a per as an interval alone) only build checks.
LATEST = [r for r in test_tracking_format.INVALID if r[1] >= 3]


@pytest.mark.parametrize("row", LATEST, ids=[r[0] for r in LATEST])
def test_an_invalid_tracking_entry_is_refused_where_its_form_is_wrong(tmp_path, row):
    name, version, kind, extra = row[:4]
    path = test_tracking_format.write(tmp_path, extra, version=version, kind=kind)
    refused_as_the_reader_says(path, ACROSS_FIELDS.get(name, ""))


@pytest.mark.parametrize("row", test_languages.REFUSED, ids=[r[0] for r in test_languages.REFUSED])
def test_a_wrong_text_in_a_language_is_refused_where_its_form_is_wrong(tmp_path, row):
    refused_as_the_reader_says(test_languages.write(tmp_path, row[1], row[2]))


def test_the_editors_page_says_how_to_use_and_regenerate_it():
    page = (ROOT / "docs" / "editors.md").read_text(encoding="utf-8")
    assert "jointvision schema" in page and "yaml.schemas" in page and "yaml-language-server: $schema=" in page
    for line in re.findall(r"# yaml-language-server: \$schema=\S+", page):
        assert yaml.safe_load(line + "\nformat: x\n") == {"format": "x"}  # a comment to every other reader
