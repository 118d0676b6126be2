"""Every error in one run: `build` and `validate` report the errors of every
entry of every fact file, sorted by file and line, up to a cap, exit 2, and
write nothing. The texts are invented test fixtures."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from factories import make_source
from jointvision.cli import main
from jointvision.errors import SourceErrors
from jointvision.source.loader import load_sources

TEXT = "Invented fixture. Land A and Land B agree. Land A will fund ports. Land B will train nurses."


def country(i: str, quote: str) -> dict:
    return {"id": f"land-{i}", "type": "Country", "label": f"Land {i.upper()}", "evidence": [quote]}


def misquoted(entity: dict, quote: str) -> dict:
    entity = dict(entity)
    entity["evidence"] = [{"quote": quote, "start": 0, "end": len(quote)}]
    return entity


@pytest.fixture
def two_bad_files(tmp_path):
    folder = tmp_path / "data"
    make_source(
        folder,
        TEXT,
        [
            misquoted(country("a", "Land A"), "Land Q"),
            country("b", "Land B"),
            misquoted(country("c", "Land A"), "Land Z"),
        ],
        source_id="first-source",
    )
    make_source(
        folder,
        TEXT,
        [
            {
                "id": "port-fund",
                "type": "Program",
                "label": "Port fund",
                "evidence": [{"quote": "fund ports", "start": 1, "end": 11}],
            }
        ],
        source_id="second-source",
    )
    return folder


def test_every_entry_of_every_file_is_reported_in_one_run_sorted(two_bad_files):
    with pytest.raises(SourceErrors) as caught:
        load_sources(two_bad_files)
    errors = caught.value.errors
    assert len(errors) == 3
    assert [(e.path, e.line) for e in errors] == sorted((e.path, e.line) for e in errors)
    assert {e.path.rsplit("/", 1)[-1] for e in errors} == {"first-source.yaml", "second-source.yaml"}
    lines = caught.value.lines()
    assert all(":" in line and "evidence" in line for line in lines)


@pytest.mark.parametrize("command", ["build", "validate"])
def test_build_and_validate_print_each_error_exit_2_and_write_nothing(two_bad_files, tmp_path, command):
    out = tmp_path / "out"
    args = (
        ["build", "--data", str(two_bad_files), "--out", str(out)]
        if command == "build"
        else ["validate", str(two_bad_files)]
    )
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("error: ")]
    assert len(errors) == 3
    assert not out.exists()


def test_past_the_cap_the_rest_are_counted(tmp_path):
    many = SourceErrors.MAX_SHOWN + 7
    entities = [misquoted(country(f"x{i}", "Land A"), f"Land {i}") for i in range(many)]
    make_source(tmp_path / "data", TEXT, entities, source_id="many-source")
    with pytest.raises(SourceErrors) as caught:
        load_sources(tmp_path / "data")
    lines = caught.value.lines()
    assert len(caught.value.errors) == many
    assert len(lines) == SourceErrors.MAX_SHOWN + 1 and lines[-1] == "and 7 more errors"


# A fact sheet with one mistake of each pass: a period's form (the reader), a reference to an entity of
# the wrong type (the checks across entries), a field of a later entry, and in another file a reference to
# an entity the first file defines with the wrong type. All are told at once, in file and line order.
SHEET = (
    "Invented fixture. Land A and Land B sign a memorandum on ports. "
    "A port plan builds on it from 2026 to 2031. Land B will train 500 nurses."
)


def _sheet_entities(version: int = 5) -> list[dict]:
    return [
        country("a", "Land A"),
        country("b", "Land B"),
        {
            "id": "ports-memo",
            "type": "MemorandumOfCooperation",
            "label": "Ports memorandum",
            "evidence": ["sign a memorandum on ports"],
        },
        {
            "id": "port-plan",
            "type": "Program",
            "label": "Port plan",
            "evidence": ["A port plan builds on it"],
            "builds_on": ["land-a"],
        },  # a country: the wrong type
        {"id": "person", "type": "CountUnit", "label": "person", "evidence": ["nurses"]},
        {
            "id": "nurses",
            "type": "Target",
            "label": "500 nurses",
            "value": 500,
            "unit": "person",
            "bound": "exact",
            "stated_as": "500 nurses",
            "evidence": ["train 500 nurses"],
            "period": {"start": "2031", "end": "2026"},
        },  # a period's form: start after end
        {
            "id": "ports-group",
            "type": "ActorGroup",
            "label": "Ports group",
            "evidence": ["Land A and Land B"],
            "members": ["land-a", "land-b"],
            "chaired_by": ["land-a"],
            "country": "land-q",
        },  # unknown entity
    ]


def test_errors_of_every_pass_are_told_together_sorted(tmp_path):
    folder = tmp_path / "data"
    first = make_source(folder, SHEET, _sheet_entities(), source_id="a-sheet", version=5)
    make_source(
        folder,
        SHEET,
        [
            {
                "about": "port-plan",
                "type": "Program",
                "label": "Port plan",
                "evidence": ["A port plan"],
                "implements": ["land-b"],
            }
        ],  # a country, not a document: found across files
        source_id="b-sheet",
        version=5,
    )
    with pytest.raises(SourceErrors) as caught:
        load_sources(folder)
    told = [(e.path.rsplit("/", 1)[-1], e.field.split(").", 1)[-1], e.message) for e in caught.value.errors]
    fields = [field for _, field, _ in told]
    assert fields == ["builds_on", "period", "country", "implements"], told
    assert "'land-a' is a Country; expected Undertaking or Document" in told[0][2]
    assert "start is after end" in told[1][2]
    assert "unknown entity 'land-q'" in told[2][2]
    assert told[3][0] == "b-sheet.yaml" and "'land-b' is a Country; expected Document" in told[3][2]
    lines = [e.line for e in caught.value.errors if e.path == str(first)]
    assert lines == sorted(lines)


def test_every_field_of_one_entry_is_told(tmp_path):
    entity = {
        "id": "nurses",
        "type": "Target",
        "label": "500 nurses",
        "value": "many",
        "unit": "person",
        "bound": "roughly",
        "stated_as": "500 nurses",
        "evidence": ["train 500 nurses"],
    }
    unit = _sheet_entities()[4]
    make_source(tmp_path / "data", SHEET, [unit, entity], source_id="one-entry", version=5)
    with pytest.raises(SourceErrors) as caught:
        load_sources(tmp_path / "data")
    assert sorted(e.field.rsplit(".", 1)[-1] for e in caught.value.errors) == ["bound", "value"]


def test_a_reference_to_an_entry_that_did_not_read_is_not_also_unknown(tmp_path):
    entities = _sheet_entities()[:4]
    entities[2] = {**entities[2], "type": "Memorandum"}  # an unknown type: the entry does not read
    entities[3] = {**entities[3], "builds_on": ["ports-memo"]}
    make_source(tmp_path / "data", SHEET, entities, source_id="unread", version=5)
    with pytest.raises(SourceErrors) as caught:
        load_sources(tmp_path / "data")
    assert [e.field.rsplit(".", 1)[-1] for e in caught.value.errors] == ["type"]
