"""The ontology is OWL 2 DL, and a DL reasoner accepts it and its axioms.

Two independent tools judge it: the OWL API's OWL 2 DL profile checker
(Debian's libowlapi-java, run through tests/java/ProfileCheck.java) and the
HermiT reasoner (shipped inside the owlready2 package of the test extra).
Locally a missing tool skips; in CI, where `.ci/run` installs both, it fails.

The reasoner is also given data: the article, each source of the two-source
fixture, and invalid examples the axioms must refuse. OWL 2 DL has no date,
year or duration datatype, so those literals reach the reasoner as their
lexical forms (xsd:string): two different dates stay two different values.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import XSD

from conftest import ROOT
from jointvision.resources import ontology_path

JV = "https://w3id.org/jointvision/ontology#"
CHECKER = ROOT / "tests" / "java" / "ProfileCheck.java"
#: The OWL API and what it needs, as Debian's libowlapi-java installs them.
OWLAPI_JARS = (
    "owlapi-distribution",
    "atinject-jsr330-api",
    "caffeine",
    "commons-codec",
    "commons-io",
    "commons-logging",
    "commons-rdf-api",
    "guava",
    "hppcrt",
    "httpclient",
    "httpcore",
    "jackson-annotations",
    "jackson-core",
    "jackson-databind",
    "jsr305",
    "slf4j-api",
    "xz",
)
#: Datatypes outside the OWL 2 datatype map, given to the reasoner as strings.
NOT_IN_OWL2 = {XSD.date, XSD.gYear, XSD.duration, XSD.gMonthDay}


def _missing(message: str):
    if os.environ.get("CI"):
        pytest.fail(message + ": in CI it must be", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="module")
def java() -> str:
    found = shutil.which("java")
    if not found or not shutil.which("javac"):  # the source launcher compiles: it needs a JDK
        _missing("a Java development kit (java and javac) is not installed")
    return found


@pytest.fixture(scope="module")
def profile_check(java):
    jars = [Path("/usr/share/java") / f"{name}.jar" for name in OWLAPI_JARS]
    if not all(jar.exists() for jar in jars):
        _missing("the OWL API is not installed (Debian package libowlapi-java)")

    def check(path: Path) -> list[str]:
        done = subprocess.run(
            [java, "-cp", ":".join(map(str, jars)), str(CHECKER), str(path)],
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        lines = done.stdout.splitlines()
        assert lines and lines[-1].startswith("violations: "), done.stdout[-2000:]
        assert int(lines[-1].split()[1]) == len(lines) - 1
        return lines[:-1]

    return check


@pytest.fixture(scope="module")
def hermit(java):
    try:
        import owlready2
    except ImportError:
        _missing("owlready2 (which ships HermiT) is not installed: pip install -e '.[test]'")
    jar = Path(owlready2.__file__).parent / "hermit" / "HermiT.jar"

    def reason(path: Path) -> tuple[bool, set[str]]:
        """(consistent, the unsatisfiable classes), with no flag given."""
        done = subprocess.run(
            [java, "-cp", str(jar), "org.semanticweb.HermiT.cli.CommandLine", "-k", "-U", path.resolve().as_uri()],
            capture_output=True,
            text=True,
            timeout=300,
        )
        if "InconsistentOntologyException" in done.stderr:
            return False, set()
        assert done.returncode == 0, done.stderr[-2000:]
        assert "owl#Thing is satisfiable" in done.stdout, done.stdout
        after = done.stdout.split("Classes equivalent to 'owl:Nothing':", 1)[1]
        return True, {line.strip() for line in after.splitlines() if line.strip()} - {"owl:Nothing"}

    return reason


def for_reasoner(graph: Graph, path: Path) -> Path:
    """The ontology and ``graph`` in one Turtle file, with the literals OWL 2
    DL has no datatype for turned into their lexical forms."""
    merged = Graph().parse(ontology_path(), format="turtle")
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype in NOT_IN_OWL2:
            o = Literal(str(o), datatype=XSD.string)
        merged.add((s, p, o))
    merged.serialize(path, format="turtle")
    return path


def test_the_ontology_is_owl2_dl(profile_check):
    assert profile_check(ontology_path()) == []


def test_the_profile_checker_finds_what_breaks_dl(profile_check, tmp_path):
    """The checker is not silent: the faults the ontology had are found in a copy that has them."""
    broken = tmp_path / "broken.ttl"
    text = ontology_path().read_text(encoding="utf-8")
    broken.write_text(
        text
        + f"""
<{JV}quantity> <http://www.w3.org/2000/01/rdf-schema#subPropertyOf> <https://schema.org/value> .
<{JV}startYear> <http://www.w3.org/2000/01/rdf-schema#range> <http://www.w3.org/2001/XMLSchema#gYear> .
<{JV}country> <http://www.w3.org/2000/01/rdf-schema#range> <https://example.org/invented#Undeclared> .
""",
        encoding="utf-8",
    )
    kinds = {line.split("\t")[0] for line in profile_check(broken)}
    assert {"IllegalPunning", "UseOfUndeclaredDatatype", "UseOfUndeclaredClass"} <= kinds


def test_hermit_finds_the_ontology_consistent_with_no_unsatisfiable_class(hermit):
    assert hermit(ontology_path()) == (True, set())


def test_the_article_is_consistent_with_the_axioms(hermit, article_graph, tmp_path):
    consistent, unsatisfiable = hermit(for_reasoner(article_graph, tmp_path / "article.ttl"))
    assert consistent and not unsatisfiable


def test_each_fixture_source_is_consistent_and_their_conflict_is_not(hermit, two_sources, tmp_path):
    """Each source of the two-source fixture alone is consistent; merged,
    their two start dates of one summit contradict jv:startDate being
    functional: the reasoner shows the conflict that `conflicts` lists."""
    graphs = two_sources.source_graphs()
    assert len(graphs) == 2
    for name in graphs:
        assert hermit(for_reasoner(two_sources.to_rdflib(name), tmp_path / "one.ttl")) == (True, set()), name
    assert hermit(for_reasoner(two_sources.to_rdflib(), tmp_path / "both.ttl"))[0] is False


X = "https://example.org/invented#"  # test fixture: invented individuals
INVALID = {
    "a country that is a person": f"<{X}a> a <{JV}Country> , <{JV}Person> .",
    "a document that is a target": f"<{X}a> a <{JV}JointStatement> , <{JV}Target> .",
    "an event that is an organisation": f"<{X}a> a <{JV}Summit> , <{JV}Government> .",
    "a quantity with two numbers": f"<{X}q> <{JV}numericValue> 1.0 , 2.0 .",
    "a quantity both exact and at least": f"<{X}q> <{JV}bound> <{JV}Exact> , <{JV}AtLeast> .",
    "an event with two start dates": f'<{X}e> a <{JV}Event> ; <{JV}startDate> "2031-03-03"^^<{XSD}date> , '
    f'"2031-03-04"^^<{XSD}date> .',
    "a period with two start years": f'<{X}p> <{JV}startYear> "2031"^^<{XSD}gYear> , "2032"^^<{XSD}gYear> .',
    "a quote from two places": f"<{X}q> <{JV}start> 1 , 2 .",
    "a flow to a person (range Country)": f"<{X}t> <{JV}flowTo> <{X}p> . <{X}p> a <{JV}Person> .",
    "a tenure held by an office (range Person)": f"<{X}t> <{JV}holder> <{X}o> . <{X}o> a <{JV}Office> .",
    "a quantity's unit that is a person": f"<{X}q> <{JV}unit> <{X}u> . <{X}u> a <{JV}Person> .",
}


@pytest.mark.parametrize("name", sorted(INVALID))
def test_the_reasoner_refuses_what_the_axioms_rule_out(hermit, tmp_path, name):
    bad = Graph().parse(data=INVALID[name], format="turtle")
    assert hermit(for_reasoner(bad, tmp_path / "bad.ttl"))[0] is False, name


def test_the_same_examples_without_the_clash_are_consistent(hermit, tmp_path):
    """Every invalid example minus its last statement (all together, each
    with individuals of its own) is fine: each refusal comes from its clash."""
    merged = Graph()
    for number, name in enumerate(sorted(INVALID)):
        example = Graph().parse(data=INVALID[name].replace(X, f"{X}{number}-"), format="turtle")
        example.remove(sorted(example)[-1])
        assert len(example), name
        merged += example
    assert hermit(for_reasoner(merged, tmp_path / "ok.ttl")) == (True, set())
