"""The named queries travel: pyoxigraph (the project's engine), rdflib's
own SPARQL engine and Apache Jena ARQ give the same answers, compared by
value (Jena writes 5000000000000.0 where pyoxigraph writes 5000000000000),
on the article and on the two-source fixture. Virtuoso is compared in
test_push.py, where CI runs a Virtuoso server.

Jena comes from Debian's libapache-jena-java and runs through
tests/java/RunQueries.java, one Java process per dataset. Locally a missing
Jena skips its test; in CI, which installs it, it fails.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset as RdflibDataset

from answers import assert_same_answers
from conftest import ROOT
from jointvision.sparql.engine import QueryEngine
from jointvision.sparql.named import named_queries
from jointvision.sparql.results import from_json

# rdflib's engine calls its own deprecated Dataset.contexts once per graph pattern
pytestmark = pytest.mark.filterwarnings("ignore:Dataset.contexts is deprecated:DeprecationWarning")

RUNNER = ROOT / "tests" / "java" / "RunQueries.java"
#: Jena ARQ and what it needs, as Debian's libapache-jena-java installs them.
JENA_JARS = (
    "jena-arq",
    "jena-base",
    "jena-core",
    "jena-iri",
    "commons-cli",
    "commons-codec",
    "commons-compress",
    "commons-csv",
    "commons-io",
    "commons-lang3",
    "dexx.collection",
    "gson",
    "guava",
    "httpclient",
    "httpcore",
    "jackson-core",
    "jackson-databind",
    "jackson-annotations",
    "jsonld-java",
    "jakarta.json-api",
    "protobuf",
    "slf4j-api",
    "slf4j-nop",
    "thrift",
    "titanium-json-ld",
    "caffeine",
)


@pytest.fixture(scope="module")
def tracking():
    """The invented tracking fixture, with its derived statuses: every status
    rule, progress and assessments, for the status, progress and compliance
    queries."""
    from jointvision.rdf.build import build_dataset

    return build_dataset(ROOT / "tests" / "data" / "tracking")


@pytest.fixture(params=["article", "two-sources", "tracking"])
def data(request, dataset, two_sources, tracking):
    return {"article": dataset, "two-sources": two_sources, "tracking": tracking}[request.param]


def union_default_trig(ds, path: Path) -> Path:
    """The dataset as TriG whose default graph is the union of its named
    graphs (what the project's engine queries by default), beside them."""
    quads = list(ds.store.quads_for_pattern(None, None, None, None))
    named = [q for q in quads if not isinstance(q.graph_name, ox.DefaultGraph)]
    union = {q.triple for q in named}
    out = ox.Store()
    out.bulk_extend(named + [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in union])
    out.dump(output=str(path), format=ox.RdfFormat.TRIG)
    return path


def test_rdflib_gives_the_answers_pyoxigraph_gives(data, tmp_path):
    other = RdflibDataset(default_union=True)
    other.parse(union_default_trig(data, tmp_path / "data.trig"), format="trig")
    engine = QueryEngine(data)
    for named in named_queries().values():
        found = other.query(named.text)
        answer = from_json(json.loads(found.serialize(format="json")))
        assert_same_answers(engine.query(named.text), answer, "rdflib")


@pytest.fixture(scope="module")
def jena_classpath(tmp_path_factory) -> str:
    jars = [Path("/usr/share/java") / f"{name}.jar" for name in JENA_JARS]
    if not (shutil.which("java") and shutil.which("javac") and all(j.exists() for j in jars)):
        message = "Jena ARQ is not installed (Debian packages libapache-jena-java and a JDK)"
        if os.environ.get("CI"):
            pytest.fail(message + ": in CI it must be", pytrace=False)
        pytest.skip(message)
    # Debian's jena-core moves Jena's copy of Xerces to the package `xerces` but leaves its message
    # files under org/apache/jena/ext/xerces, and its datatypes fail to start without them: put a
    # copy where the classes look
    fix = tmp_path_factory.mktemp("jena-resources")
    with zipfile.ZipFile(jars[2]) as core:
        for name in core.namelist():
            if name.startswith("org/apache/jena/ext/xerces/") and name.endswith(".properties"):
                target = fix / "xerces" / name[len("org/apache/jena/ext/xerces/") :]
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(core.read(name))
    return ":".join([str(fix), *map(str, jars)])


def test_jena_arq_gives_the_answers_pyoxigraph_gives(data, jena_classpath, tmp_path):
    queries = named_queries()
    files = []
    for name, named in queries.items():
        path = tmp_path / f"{name}.rq"
        path.write_text(named.text, encoding="utf-8")
        files.append(path)
    done = subprocess.run(
        [
            "java",
            "-cp",
            jena_classpath,
            str(RUNNER),
            str(union_default_trig(data, tmp_path / "d.trig")),
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    engine = QueryEngine(data)
    for named, path in zip(queries.values(), files):
        answer = from_json(json.loads(Path(f"{path}.json").read_text(encoding="utf-8")))
        assert_same_answers(engine.query(named.text), answer, "jena")
