"""The downloads stand alone: loaded as the README of the build's folder
says, the named queries give the answers the project's own engine (and so
the SPARQL endpoint) gives, compared by value and in any order.

The README's commands are run as written (its ``sh`` block, with the
build's folder, a database folder and each named query put in): Apache
Jena TDB2's ``tdb2.tdbloader`` and ``tdb2.tdbquery`` (ARQ over TDB2, the
default graph the union of the named graphs), from Debian's
libapache-jena-java, and Oxigraph's command line (the ``oxigraph`` PyPI
package). What the README says of the merged graph is checked too, with
ARQ over the files: with ``ontology.ttl`` it answers every named query but
those over the derived statuses; alone, ``targets`` finds nothing. Run on
the article, the two-source fixture and the tracking fixture (every status
rule, progress, assessments). Locally a missing Jena or Oxigraph skips its
test; in CI, which installs them, it fails.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph, Namespace, URIRef

from answers import value
from conftest import ROOT, TWO_SOURCES
from jointvision.outputs.exports import write_exports
from jointvision.outputs.void import COMPLETE, ONTOLOGY_FILE, dataset_downloads, graph_downloads
from jointvision.rdf.build import build_dataset
from jointvision.rdf.namespaces import DATASET_IRI
from jointvision.sparql.engine import QueryEngine
from jointvision.sparql.named import named_queries
from jointvision.sparql.results import from_json
from test_portable_queries import JENA_JARS

RUNNER = ROOT / "tests" / "java" / "RunQueries.java"
#: Jena's command line and TDB2, beside the ARQ jars test_portable_queries uses.
TDB2_JARS = (
    "jena-cmds",
    "jena-tdb2",
    "jena-dboe-base",
    "jena-dboe-index",
    "jena-dboe-storage",
    "jena-dboe-trans-data",
    "jena-dboe-transaction",
    "jena-rdfconnection",
)
#: Runs Jena's ``tdb2.tdbquery`` command once per query file in one JVM
#: (a JVM per query would take minutes): ARGS -- QUERY.rq..., with QUERY in
#: ARGS standing for each file; the answer goes to QUERY.rq.json.
COMMAND_RUNNER = """
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.util.Arrays;

public class RunTdbQuery {
    public static void main(String[] args) throws Exception {
        int cut = Arrays.asList(args).indexOf("--");
        PrintStream stdout = System.out;
        for (int i = cut + 1; i < args.length; i++) {
            String[] call = Arrays.copyOfRange(args, 0, cut);
            for (int k = 0; k < call.length; k++) if (call[k].equals("QUERY")) call[k] = args[i];
            try (PrintStream out = new PrintStream(new FileOutputStream(args[i] + ".json"), true, "UTF-8")) {
                System.setOut(out);
                tdb2.tdbquery.main(call);
            } finally {
                System.setOut(stdout);
            }
        }
    }
}
"""
DCTERMS = Namespace("http://purl.org/dc/terms/")


def need(found: bool, message: str) -> None:
    if found:
        return
    if os.environ.get("CI"):
        pytest.fail(message + ": in CI it must be", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="module", params=["article", "two-sources", "tracking"])
def built(request, tmp_path_factory) -> tuple[Path, dict]:
    """A build's folder of the RDF downloads, and the engine's answer to
    every named query on the same dataset."""
    data = {"article": None, "two-sources": TWO_SOURCES, "tracking": ROOT / "tests" / "data" / "tracking"}
    dataset = build_dataset(data[request.param])
    folder = tmp_path_factory.mktemp(f"downloads-{request.param}")
    write_exports(dataset, folder, ["rdf"])
    engine = QueryEngine(dataset)
    return folder, {name: engine.query(named.text) for name, named in named_queries().items()}


@pytest.fixture(scope="module")
def jena(tmp_path_factory) -> str:
    """The class path of Jena's ARQ, TDB2 and command line, with the
    command runner compiled on it."""
    jars = [Path("/usr/share/java") / f"{name}.jar" for name in (*JENA_JARS, *TDB2_JARS)]
    have = shutil.which("java") and shutil.which("javac") and all(j.exists() for j in jars)
    need(bool(have), "Jena TDB2 is not installed (Debian packages libapache-jena-java and a JDK)")
    # Debian's jena-core leaves Xerces's message files under org/apache/jena/ext/xerces (test_portable_queries)
    folder = tmp_path_factory.mktemp("jena")
    with zipfile.ZipFile(jars[JENA_JARS.index("jena-core")]) as core:
        for name in core.namelist():
            if name.startswith("org/apache/jena/ext/xerces/") and name.endswith(".properties"):
                target = folder / "xerces" / name[len("org/apache/jena/ext/xerces/") :]
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(core.read(name))
    classpath = ":".join([str(folder), *map(str, jars)])
    (folder / "RunTdbQuery.java").write_text(COMMAND_RUNNER, encoding="utf-8")
    run(["javac", "-cp", classpath, "-d", str(folder), str(folder / "RunTdbQuery.java")])
    return classpath


def run(command: list[str]) -> str:
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, (command, done.stderr[-3000:])
    return done.stdout


def readme_commands(folder: Path) -> dict[str, list[str]]:
    """The commands of the README's ``sh`` block, by program, as words."""
    readme = (folder / "README.md").read_text(encoding="utf-8")
    (block,) = re.findall(r"```sh\n(.*?)```", readme, flags=re.S)
    commands = {}
    for words in (shlex.split(line) for line in block.splitlines() if line.strip()):
        cut = 2 if words[0] == "oxigraph" else 1  # oxigraph LOAD-OR-QUERY ...
        commands[" ".join(words[:cut])] = words[cut:]
    return commands


def filled(words: list[str], folder: Path, database: Path) -> list[str]:
    """A README command's words for this build: the database folder for
    ``DB``, the download's path for its name, QUERY for the example query."""
    names = {"DB": str(database), "targets.rq": "QUERY"}
    return [names.get(w, str(folder / w) if (folder / w).is_file() else w) for w in words]


def query_files(folder: Path) -> list[Path]:
    out = folder / "queries"
    out.mkdir(exist_ok=True)
    files = []
    for name, named in named_queries().items():
        files.append(out / f"{name}.rq")
        files[-1].write_text(named.text, encoding="utf-8")
    return files


def answers(files: list[Path]) -> dict:
    """The answers the other engine wrote beside each query file."""
    return {f.stem: from_json(json.loads(Path(f"{f}.json").read_text(encoding="utf-8"))) for f in files}


def same(mine, theirs) -> bool:
    """Same variables, and the same rows by value, in any order."""

    def rows(result):
        return Counter(tuple(map(value, row)) for row in result.rows)

    return mine.variables == theirs.variables and rows(mine) == rows(theirs)


def assert_all_same(expected: dict, found: dict, engine: str) -> None:
    differ = [name for name, answer in expected.items() if not same(answer, found[name])]
    assert not differ, f"{engine} answers these named queries differently: {differ}"
    assert any(answer.rows for answer in expected.values())


def test_jena_tdb2_as_the_readme_says_gives_the_endpoints_answers(built, jena, tmp_path):
    folder, expected = built
    commands = readme_commands(folder)
    database, files = tmp_path / "tdb2", query_files(tmp_path)
    run(["java", "-cp", jena, "tdb2.tdbloader", *filled(commands["tdb2.tdbloader"], folder, database)])
    query = [*filled(commands["tdb2.tdbquery"], folder, database), "--results=json"]
    run(["java", "-cp", jena, "RunTdbQuery", *query, "--", *map(str, files)])
    assert_all_same(expected, answers(files), "Jena TDB2")


def test_oxigraph_as_the_readme_says_gives_the_endpoints_answers(built, tmp_path):
    import stores

    program = stores.oxigraph_program()
    need(program is not None, "oxigraph is not installed (pip install oxigraph)")
    folder, expected = built
    commands = readme_commands(folder)
    database, files = tmp_path / "oxigraph", query_files(tmp_path)
    run([program, "load", *filled(commands["oxigraph load"], folder, database)])
    template = ["json" if w == "csv" else w for w in filled(commands["oxigraph query"], folder, database)]
    for file in files:
        run([program, "query", *[str(file) if w == "QUERY" else w for w in template], "--results-file", f"{file}.json"])
    assert_all_same(expected, answers(files), "Oxigraph")


def arq(jena: str, data: list[Path], tmp_path: Path) -> dict:
    """ARQ's answers over ``data`` loaded into one default graph (Turtle
    files, written one after the other: a Turtle document may declare its
    prefixes again, and there is no blank node to clash)."""
    merged = tmp_path / "merged.ttl"
    merged.write_bytes(b"\n".join(path.read_bytes() for path in data))
    files = query_files(tmp_path)
    run(["java", "-cp", jena, str(RUNNER), str(merged), *map(str, files)])
    return answers(files)


def reads_what_the_merged_graph_lacks(text: str) -> bool:
    """A query that reads the sources' named graphs (GRAPH) or the derived
    statuses: what the README says the merged graph cannot answer."""
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    return bool(re.search(r"\bGRAPH\b", body)) or "jv:DerivedStatus" in body


def test_the_merged_graph_with_the_ontology_misses_only_graphs_and_derived_statuses(built, jena, tmp_path):
    folder, expected = built
    found = arq(jena, [folder / graph_downloads()[0], folder / ONTOLOGY_FILE], tmp_path)
    differ = [name for name, answer in expected.items() if not same(answer, found[name])]
    assert all(reads_what_the_merged_graph_lacks(named_queries()[name].text) for name in differ), differ


def test_the_merged_graph_alone_finds_no_target(dataset, jena, tmp_path):
    """What the README warns of: ``targets`` names the bound kinds by the
    labels the ontology gives them."""
    folder = tmp_path / "downloads"
    write_exports(dataset, folder, ["rdf"])
    assert "(`targets`: the bound kinds)" in (folder / "README.md").read_text(encoding="utf-8")
    assert QueryEngine(dataset).query("targets").rows
    assert not arq(jena, [folder / graph_downloads()[0]], tmp_path)["targets"].rows


def test_the_void_says_what_to_load_beside_each_download(built):
    folder, _ = built
    void = Graph().parse(folder / "void.ttl", format="turtle")

    def distribution(name: str) -> URIRef:
        return URIRef(f"{DATASET_IRI}/distribution/{name}")

    for name in dataset_downloads():
        text = str(void.value(distribution(name), DCTERMS.description))
        assert "everything the named queries read" in text and "union of its named graphs" in text, name
    for name in graph_downloads():
        text = str(void.value(distribution(name), DCTERMS.description))
        assert ONTOLOGY_FILE in text and f"load {COMPLETE} instead" in text, name
        assert void.value(distribution(name), DCTERMS.requires) == distribution(ONTOLOGY_FILE), name
    assert COMPLETE in str(void.value(URIRef(DATASET_IRI), DCTERMS.description))
