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
