"""The library as a user meets it (issue 25): ``dir(jointvision)`` lists the
API and every name resolves, ``import jointvision`` stays light, a named
query's DataFrame has numeric columns without ``astype``, and
``Dataset.parse`` reads a file by its path, in any RDF format the downloads
are written in."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Literal

import jointvision
from jointvision import Dataset, ValidationInputError
from jointvision.rdf.formats import Format, by_extension, formats
from jointvision.resources import ontology_path

pd = pytest.importorskip("pandas")

# --------------------------------------------------------------------------- the API, by name


def test_dir_lists_the_api_and_every_name_resolves():
    listed = dir(jointvision)
    assert jointvision.__all__ and set(jointvision.__all__) <= set(listed)
    assert "annotations" not in listed
    for name in jointvision.__all__:
        value = getattr(jointvision, name)
        assert value is not None, name
        if name != "__version__":
            assert getattr(value, "__name__", name) == name, name  # the object of that name, not a module
    for name in ("Dataset", "QueryEngine", "build_dataset", "graph_network", "fact_network", "to_gexf"):
        assert name in listed
    with pytest.raises(AttributeError, match="no attribute 'no_such_name'"):
        jointvision.no_such_name  # noqa: B018


def test_the_old_network_name_resolves_warns_and_is_not_listed(graph):
    assert "to_networkx" not in dir(jointvision) and "to_networkx" not in jointvision.__all__
    with pytest.warns(DeprecationWarning, match="graph_network"):
        net = jointvision.to_networkx(graph)
    assert net.number_of_nodes() == jointvision.graph_network(graph).number_of_nodes()


_IMPORTED = """
import json, sys
import jointvision
print(json.dumps({
    "public": sorted(n for n in vars(jointvision) if not n.startswith("_")),
    "heavy": sorted(m for m in ("rdflib", "pyoxigraph", "networkx", "pandas", "pyvis", "yaml") if m in sys.modules),
    "own": sorted(m for m in sys.modules if m.startswith("jointvision.")),
}))
"""


def test_import_jointvision_loads_nothing_heavy():
    """``import jointvision`` is the package's own small module: no RDF library, no other module of the
    package; and nothing public in its namespace that is not the API (what tools that read the module,
    not dir(), would list)."""
    run = subprocess.run([sys.executable, "-c", _IMPORTED], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    found = json.loads(run.stdout)
    assert found == {"public": [], "heavy": [], "own": []}


# --------------------------------------------------------------------------- numbers as numbers


def _numbers(values: list) -> bool:
    """Whether every bound value of a column is a number literal (not a boolean)."""
    bound = [v for v in values if v is not None]
    return bool(bound) and all(
        isinstance(v, Literal)
        and isinstance(v.toPython(), (int, float, Decimal))
        and not isinstance(v.toPython(), bool)
        for v in bound
    )


def _exact_as_float(term: Literal) -> bool:
    value = term.toPython()
    return Decimal(repr(float(value))) == Decimal(str(value)) if isinstance(value, (Decimal, int)) else True


def test_named_queries_give_numeric_columns_without_astype(engine):
    """Every column of a named query that holds numbers is int64 or float64, summable as it comes; only
    a column with a value a float would lose digits of is left exact (object). Derived from the data."""
    from jointvision.sparql.named import named_queries

    numeric_columns = 0
    for name in named_queries():
        result = engine.query(name)
        frame = result.to_dataframe()
        for i, variable in enumerate(result.variables):
            column = [row[i] for row in result.rows]
            if not _numbers(column):
                continue
            numeric_columns += 1
            dtype = str(frame[variable].dtype)
            if all(_exact_as_float(t) for t in column if t is not None):
                assert dtype in {"int64", "float64"}, (name, variable, dtype)
                frame[variable].sum()  # no astype first
                assert not any(isinstance(v, Decimal) for v in frame[variable]), (name, variable)
            else:
                assert dtype == "object", (name, variable, dtype)
    assert numeric_columns  # the named queries do count and measure


def test_a_decimal_column_is_float64_on_the_embedded_data(engine):
    result = engine.query("targets")
    values = [row[result.variables.index("value")] for row in result.rows if row[result.variables.index("value")]]
    frame = result.to_dataframe()
    if all(_exact_as_float(v) for v in values):
        assert str(frame["value"].dtype) == "float64"
        assert frame["value"].dropna().tolist() == [float(v.toPython()) for v in values]


# --------------------------------------------------------------------------- Dataset.parse(path)

#: The downloads of the data, by format: what a build writes into exports/.
WRITTEN = {f"jointvision.{f.extension}": f for f in formats(written=True)}


@pytest.fixture(scope="module")
def downloads(dataset, tmp_path_factory) -> Path:
    """The RDF downloads of the data, as a build writes them, in a folder of this test's own."""
    from jointvision.outputs.exports import export_files

    folder = tmp_path_factory.mktemp("downloads")
    for name, data in export_files(dataset, ["rdf"]).items():
        (folder / name).write_bytes(data)
    return folder


@pytest.mark.parametrize("name", sorted(WRITTEN))
def test_parse_a_download_by_its_path_round_trips(dataset, downloads, name):
    fmt: Format = WRITTEN[name]
    path = downloads / name
    assert by_extension(path.suffix) is fmt
    for source in (path, str(path)):
        back = Dataset.parse(source)
        if fmt.datasets:  # the named graphs, the ontology's among them, as they were
            assert back.graph_names() == dataset.graph_names()
            assert {str(q) for q in back.quads()} == {str(q) for q in dataset.quads()}
        else:  # the merged data, as one unnamed graph
            assert {str(t) for t in back.triples()} == {str(t) for t in dataset.triples()}
        assert len(back) == len(dataset)


def test_parse_names_the_format_where_the_extension_does_not(dataset, downloads, tmp_path):
    renamed = tmp_path / "data.txt"
    renamed.write_bytes((downloads / "jointvision.trig").read_bytes())
    with pytest.raises(ValidationInputError, match=r"data\.txt: no RDF format has the extension '\.txt'"):
        Dataset.parse(renamed)
    for fmt in ("trig", ox.RdfFormat.TRIG, by_extension("trig")):
        assert len(Dataset.parse(renamed, fmt)) == len(dataset)


def test_parse_reads_data_as_before(dataset, downloads):
    nquads = (downloads / "jointvision.nq").read_bytes()
    assert {str(q) for q in Dataset.parse(nquads).quads()} == {str(q) for q in dataset.quads()}
    turtle = (downloads / "jointvision.ttl").read_bytes()
    assert len(Dataset.parse(turtle, "turtle")) == len(dataset)
    assert len(Dataset.parse(turtle.decode("utf-8"), "turtle")) == len(dataset)  # text of several lines: data


def test_parse_a_graph_file_without_the_ontology():
    ontology = {str(t) for t in ox.parse(path=str(ontology_path()), format=ox.RdfFormat.TURTLE)}
    read = Dataset.parse(ontology_path(), ontology=False)
    assert read.graph_names() == [] and {str(t) for t in read.triples()} == ontology


def test_parse_says_what_is_wrong_with_a_path(tmp_path, downloads):
    with pytest.raises(ValidationInputError, match=r"missing\.ttl: cannot be read"):
        Dataset.parse(tmp_path / "missing.ttl")
    broken = tmp_path / "broken.nq"
    broken.write_text("<http://example.org/a> <http://example.org/p> .\n")
    with pytest.raises(ValidationInputError, match=r"broken\.nq: not valid N-Quads"):
        Dataset.parse(broken)
    with pytest.raises(ValidationInputError, match=r"shapes\.ttl: a blank node in the data"):
        Dataset.parse(downloads / "shapes.ttl")  # the SHACL shapes are not data: their nodes have no IRIs
    with pytest.raises(ValidationInputError, match="unknown format 'owl'"):
        Dataset.parse(downloads / "jointvision.ttl", "owl")
