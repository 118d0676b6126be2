"""The notebooks run top to bottom on a fresh kernel, and are stored without
outputs (so what is committed is never a stale picture of an older graph)."""

from __future__ import annotations

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_the_three_notebooks_are_there_and_linked_from_the_readme():
    assert [p.name for p in NOTEBOOKS] == ["01-tour.ipynb", "02-network.ipynb", "03-targets.ipynb"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for path in NOTEBOOKS:
        assert f"notebooks/{path.name}" in readme


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_stored_without_outputs_and_opens_with_how_to_run(path):
    book = nbformat.read(path, as_version=4)
    nbformat.validate(book)
    code = [c for c in book.cells if c.cell_type == "code"]
    assert code and all(c.outputs == [] and c.execution_count is None for c in code), (
        f"clear the outputs of {path.name} before committing (Jupyter: Edit > Clear Outputs of All Cells)"
    )
    first = book.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# ") and "How to run it" in first.source


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_no_notebook_writes_into_a_folder_others_share(path):
    """A file a notebook writes goes into a new folder of its own (``tempfile.mkdtemp``), never into a
    fixed name under the temporary folder, where one user's run would overwrite another's."""
    code = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code")
    assert "gettempdir" not in code and "jointvision-notebooks" not in code
    if "to_csv(" in code or "write_" in code or "savefig(" in code:
        assert "mkdtemp(" in code or "TemporaryDirectory(" in code


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_runs_top_to_bottom_on_a_fresh_kernel(path, tmp_path, monkeypatch, graph, engine):
    monkeypatch.setenv("TMPDIR", str(tmp_path))  # the kernel's temporary folder: where 03 makes its own
    monkeypatch.setenv("MPLBACKEND", "Agg")
    shared = tmp_path / "jointvision-notebooks" / "targets.csv"  # what the notebooks once wrote, for all
    shared.parent.mkdir()
    shared.write_text("another user's file\n")
    book = nbformat.read(path, as_version=4)
    # run where they lie, as a reader of a checkout does (the tour reads the test fixtures beside them)
    client = NotebookClient(
        book, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    client.execute()
    errors = [o for c in book.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert errors == []
    text = "\n".join(o.get("text", "") for c in book.cells if c.cell_type == "code" for o in c.outputs)
    expected = {
        "01-tour": f"{len(graph)} triples",
        "02-network": "connected component",
        "03-targets": "50,000 of 500,000 = 10%",
    }[path.stem]
    assert expected in text
    if path.stem == "01-tour":
        html = "\n".join(
            str(o.get("data", {}).get("text/html", "")) for c in book.cells if c.cell_type == "code" for o in c.outputs
        )
        assert "numeric value" in html and "2500000000" in html  # the sources and conflicts section ran
    if path.stem == "03-targets":
        from jointvision.sparql.named import named_query

        rows = len(engine.query(named_query("targets").text).rows)
        [written] = [p for p in tmp_path.rglob("targets.csv") if p != shared]
        assert written.parent.parent == tmp_path and written.parent.name.startswith("jointvision-")
        assert written.parent.stat().st_mode & 0o077 == 0  # a folder of its own, nobody else may read it
        assert written.read_text().count("\n") == rows + 1 and str(written) in text
    assert shared.read_text() == "another user's file\n"  # left alone
