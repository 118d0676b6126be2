"""The named queries travel: pyoxigraph (the project's engine), rdflib's
own SPARQL engine and Apache Jena ARQ give the same answers, compared by
value (Jena writes 5000000000000.0 where pyoxigraph writes 5000000000000),
on the article, the two-source fixture, the tracking fixture and the
two-source fixture with its Japanese and Hindi retellings. Virtuoso is
compared in test_push.py and test_languages.py (which also compares Jena on
data with invented labels in other languages, :func:`with_translations`),
where CI runs a Virtuoso server.

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
from rdflib.namespace import RDFS

from answers import assert_same_answers
from conftest import FACT_FILE, ROOT, TWO_SOURCES
from jointvision.rdf.dataset import Dataset
from jointvision.rdf.namespaces import JV
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


@pytest.fixture(scope="module")
def multilingual():
    """The two-source fixture with its Japanese and Hindi retellings (tests/data/languages)."""
    from jointvision.rdf.build import build_dataset

    return build_dataset([TWO_SOURCES, ROOT / "tests" / "data" / "languages"])


@pytest.fixture(scope="module")
def beside_the_article():
    """The article with two more invented sources beside it (tests/data/beside-the-article), one of which
    disagrees with it on a figure: more data than the article, a conflict, a share that divides unevenly."""
    from jointvision.rdf.build import build_dataset

    return build_dataset([FACT_FILE, ROOT / "tests" / "data" / "beside-the-article"])


@pytest.fixture(params=["article", "two-sources", "tracking", "multilingual", "beside-the-article"])
def data(request):
    fixture = {"article": "dataset", "two-sources": "two_sources", "beside-the-article": "beside_the_article"}.get(
        request.param, request.param
    )
    return request.getfixturevalue(fixture)


# ------------------------------------------------------------ texts in several languages
#: The texts a node has at most one of per language, of which a named query shows one, its preferred:
#: labels, and the words a source states a quantity in (stated_as).
NAMES = (str(RDFS.label), str(JV.statedAs))


def preference(text: ox.Literal) -> tuple[bool, bool, str, str]:
    """The order in which the named queries prefer a node's texts: English,
    then one without a language, then by language tag; of two in one
    language (which the shapes refuse), the lesser text."""
    tag = (text.language or "").lower()
    return (tag != "en", tag != "", tag, text.value)


def _named(ds: Dataset) -> list[ox.Quad]:
    return [q for q in ds.store if not isinstance(q.graph_name, ox.DefaultGraph)]


def _is_name(quad: ox.Quad) -> bool:
    return quad.predicate.value in NAMES and isinstance(quad.object, ox.Literal)


def preferred_only(ds: Dataset) -> Dataset:
    """The same dataset with each node's labels (and a quantity's stated_as
    words) cut down to the one the named queries prefer: what a node with a
    text in one language only would show."""
    quads = _named(ds)
    best: dict[tuple, tuple] = {}
    for q in filter(_is_name, quads):
        key, rank = (q.subject, q.predicate), preference(q.object)
        best[key] = min(best.get(key, rank), rank)
    return Dataset.from_quads(
        [q for q in quads if not _is_name(q) or preference(q.object) == best[(q.subject, q.predicate)]]
    )


#: What the nodes get in turn beside an English text: (language tag, how the invented text is written).
TRANSLATIONS = ((("ja", "({})"), ("hi", "[{}]")), (("", "{} (no language)"), ("ja", "({})")))


def with_translations(ds: Dataset, *, replace_english: bool) -> Dataset:
    """The same dataset with invented texts in other languages beside each
    English label and stated_as (in the same graph), the nodes taken in
    turn: a Japanese and a Hindi one; one without a language and a Japanese
    one. With ``replace_english``, half the nodes lose their English text,
    so that the one without a language, or else the Hindi one, is preferred (the
    Japanese texts come first in code-point order, the Hindi ones first by
    tag). A language a node already has a text in is not added again."""
    quads = _named(ds)
    english = [q for q in quads if _is_name(q) and q.object.language == "en"]
    replaced = set(english)
    has = {(q.subject, q.predicate, (q.object.language or "").lower()) for q in quads if _is_name(q)}
    turn = {key: i % 4 for i, key in enumerate(sorted({(q.subject.value, q.predicate.value) for q in english}))}
    out = [q for q in quads if q not in replaced]
    for quad in english:
        i = turn[(quad.subject.value, quad.predicate.value)]
        if not (replace_english and i >= 2):
            out.append(quad)
        for tag, form in TRANSLATIONS[i % 2]:
            if (quad.subject, quad.predicate, tag) not in has:
                words = form.format(quad.object.value)
                text = ox.Literal(words, language=tag) if tag else ox.Literal(words)
                out.append(ox.Quad(quad.subject, quad.predicate, text, quad.graph_name))
    return Dataset.from_quads(out)


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


def jena_answers(classpath: str, ds: Dataset, folder: Path) -> dict:
    """Every named query's answer from Jena ARQ on ``ds`` (one Java process), by name."""
    queries = named_queries()
    files = []
    for name, named in queries.items():
        path = folder / f"{name}.rq"
        path.write_text(named.text, encoding="utf-8")
        files.append(path)
    data = union_default_trig(ds, folder / "d.trig")
    done = subprocess.run(
        ["java", "-cp", classpath, str(RUNNER), str(data), *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return {
        name: from_json(json.loads(Path(f"{path}.json").read_text(encoding="utf-8")))
        for name, path in zip(queries, files)
    }


def test_jena_arq_gives_the_answers_pyoxigraph_gives(data, jena_classpath, tmp_path):
    engine = QueryEngine(data)
    for name, answer in jena_answers(jena_classpath, data, tmp_path).items():
        assert_same_answers(engine.query(named_queries()[name].text), answer, "jena")
