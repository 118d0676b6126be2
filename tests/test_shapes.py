"""The SHACL shapes accept what is right and reject what is wrong.

Every ``tests/shapes/*-valid.ttl`` must conform and every ``*-invalid.ttl``
must not, for the reason its ``# expect:`` line gives (a substring of one of
the violation messages), so an invalid example cannot pass by accident. A
``*-warned.ttl`` example (sources that disagree) conforms, with exactly the
warnings its ``# expect:`` lines give.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from jointvision.rdf.validate import load_rdf, validate_graph

EXAMPLES = Path(__file__).parent / "shapes"
VALID = sorted(EXAMPLES.glob("*-valid.ttl"))
INVALID = sorted(EXAMPLES.glob("*-invalid.ttl"))
WARNED = sorted(EXAMPLES.glob("*-warned.ttl"))


def test_there_are_examples_of_both_kinds():
    assert len(VALID) >= 2 and len(INVALID) >= 5


@pytest.mark.parametrize("path", VALID, ids=[p.stem for p in VALID])
def test_valid_example_conforms(path):
    report = validate_graph(load_rdf(path))
    assert report.conforms, [str(v) for v in report.violations]


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_example_is_rejected_for_its_reason(path):
    expect = [line.split(":", 1)[1].strip() for line in path.read_text().splitlines() if line.startswith("# expect:")]
    assert expect, f"{path.name} has no '# expect:' line"
    report = validate_graph(load_rdf(path))
    assert not report.conforms
    # it breaks its rule and no other, so it cannot pass by breaking something else
    assert all(any(e in v.message for e in expect) for v in report.violations), [str(v) for v in report.violations]
    assert all(any(e in v.message for v in report.violations) for e in expect), [str(v) for v in report.violations]


@pytest.mark.parametrize("path", WARNED, ids=[p.stem for p in WARNED])
def test_disagreeing_sources_conform_with_a_warning(path):
    expect = [line.split(":", 1)[1].strip() for line in path.read_text().splitlines() if line.startswith("# expect:")]
    assert expect, f"{path.name} has no '# expect:' line"
    report = validate_graph(load_rdf(path))
    assert report.conforms and report.violations == (), [str(v) for v in report.violations]
    assert report.warnings and all(any(e in w.message for e in expect) for w in report.warnings)


def test_the_built_graph_conforms(graph):
    report = validate_graph(graph)
    assert report.conforms, [str(v) for v in report.violations]


def test_violation_names_focus_node_path_and_message():
    report = validate_graph(load_rdf(EXAMPLES / "target-value-as-string-invalid.ttl"))
    found = [v for v in report.violations if v.path.endswith("#numericValue")]
    assert found and found[0].focus.endswith("/investment_quantity")
    assert "xsd:decimal" in found[0].message


@pytest.mark.parametrize(
    "value, conforms",
    [
        ('"5000000000000"^^xsd:decimal', True),
        ("5000000000000", True),
        ("0.5", True),
        ("-5", False),
        ('"-0.5"^^xsd:decimal', False),
        ('"5"', False),
        ('"5"^^xsd:double', False),
    ],
)
def test_quantity_values_are_non_negative_decimals_or_integers(value, conforms, tmp_path):
    text = (EXAMPLES / "target-valid.ttl").read_text(encoding="utf-8")
    changed = text.replace('jv:numericValue "5000000000000"^^xsd:decimal', f"jv:numericValue {value}")
    assert f"jv:numericValue {value} ;" in changed
    path = tmp_path / "example.ttl"
    path.write_text(changed, encoding="utf-8")
    assert validate_graph(load_rdf(path)).conforms is conforms


def test_evidence_offsets_that_disagree_with_the_quote_are_reported():
    report = validate_graph(load_rdf(EXAMPLES / "evidence-invalid.ttl"))
    messages = " ".join(v.message for v in report.violations)
    assert "5 characters long but its offsets span 6" in messages
    assert "past the end of its source" in messages


def test_the_shapes_need_the_ontology_and_validate_brings_it(tmp_path, article_dataset):
    """A third-party validator given the shapes and a bare data file, without
    the ontology, reports sh:class violations its subclass axioms would
    settle (a Program is an Undertaking); `jointvision validate` of the same
    bare file loads the ontology itself and conforms."""
    import pyshacl
    from click.testing import CliRunner
    from rdflib import Graph

    from jointvision.cli import main
    from jointvision.outputs.exports import export_files
    from jointvision.resources import ontology_path, shapes_path

    # the article's download (other sources of the data folder may disagree with it, which validate warns of)
    data = tmp_path / "jointvision.ttl"
    data.write_bytes(export_files(article_dataset, ["rdf"])["jointvision.ttl"])
    shapes = Graph().parse(shapes_path(), format="turtle")
    alone, _, text = pyshacl.validate(Graph().parse(data, format="turtle"), shacl_graph=shapes, inference="none")
    assert not alone and "sh:class" in text.replace("ClassConstraintComponent", "sh:class")
    with_ontology, _, _ = pyshacl.validate(
        Graph().parse(data, format="turtle"),
        shacl_graph=shapes,
        ont_graph=Graph().parse(ontology_path(), format="turtle"),
        inference="none",
    )
    assert with_ontology
    result = CliRunner().invoke(main, ["validate", str(data)])
    assert result.exit_code == 0 and "conforms" in result.output
