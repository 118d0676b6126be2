"""The downloads: in sync with the builder, the same graph in every format,
strict-parser clean, deterministic, with no blank nodes and nothing remote."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic, to_isomorphic

from conftest import EXPORTS, run_cli
from jointvision.outputs.exports import export_files
from jointvision.rdf.namespaces import PREFIXES

GRAPH_FILES = {"jointvision.ttl": "turtle", "jointvision.nt": "nt", "jointvision.jsonld": "json-ld"}
OX_FORMATS = {
    "jointvision.ttl": ox.RdfFormat.TURTLE,
    "jointvision.nt": ox.RdfFormat.N_TRIPLES,
    "jointvision.jsonld": ox.RdfFormat.JSON_LD,
}


@pytest.fixture(scope="module")
def built(dataset) -> dict[str, bytes]:
    return export_files(dataset)


def test_committed_exports_are_exactly_what_the_builder_makes(built):
    committed = {p.name: p.read_bytes() for p in EXPORTS.iterdir() if p.is_file()}
    assert sorted(committed) == sorted(built), "run `jointvision build` and commit exports/"
    stale = [name for name in built if committed[name] != built[name]]
    assert stale == [], f"exports out of date: {stale}; run `jointvision build` and commit exports/"


@pytest.mark.parametrize("name", sorted(GRAPH_FILES))
def test_each_format_holds_the_same_graph(graph, built, name):
    parsed = Graph().parse(data=built[name], format=GRAPH_FILES[name])
    assert isomorphic(parsed, graph)
    assert to_isomorphic(parsed) == to_isomorphic(graph)


@pytest.mark.parametrize("name", sorted(OX_FORMATS))
def test_strict_parser_reads_every_export_and_finds_no_blank_node(graph, built, name):
    triples = list(ox.parse(built[name], format=OX_FORMATS[name]))
    assert len(triples) == len(graph)
    assert not any(isinstance(term, ox.BlankNode) for t in triples for term in (t.subject, t.object))


def test_ontology_and_shapes_are_shipped_verbatim(built):
    from jointvision.resources import ontology_path, shapes_path

    assert built["ontology.ttl"] == ontology_path().read_bytes()
    assert built["shapes.ttl"] == shapes_path().read_bytes()
    assert len(list(ox.parse(built["ontology.ttl"], format=ox.RdfFormat.TURTLE))) > 300


def test_jsonld_context_is_inline_and_lists_only_used_prefixes(built):
    doc = json.loads(built["jointvision.jsonld"])
    context = doc["@context"]
    assert isinstance(context, dict) and all(PREFIXES[k] == v for k, v in context.items())
    body = json.dumps(doc["@graph"])
    unused = [p for p in context if f'"{p}:' not in body and f"{p}:" not in body]
    assert unused == []
    assert not any(isinstance(node, str) for node in doc["@graph"])


def test_turtle_uses_prefixes_and_declares_only_used_ones(built):
    text = built["jointvision.ttl"].decode("utf-8")
    declared = [line.split()[1].rstrip(":") for line in text.splitlines() if line.startswith("@prefix")]
    assert declared == sorted(declared)
    body = text.split("\n\n", 1)[1]
    assert all(f"{p}:" in body for p in declared)
    assert "jvd:private-investment-10-trillion a jv:Target" in text


def test_exports_readme_says_generated(built):
    readme = built["README.md"].decode("utf-8")
    assert "generated" in readme and "jointvision build" in readme
    for name in built:
        if name != "README.md":
            assert f"`{name}`" in readme


def _sparql_counts(dataset) -> tuple[int, int, int]:
    from jointvision.rdf.typed import select

    graphs = " ".join(f"<{g}>" for g in dataset.source_graphs())
    (row,) = select(
        dataset.store,
        "PREFIX jv: <https://w3id.org/jointvision/ontology#> SELECT (COUNT(DISTINCT ?f) AS ?f) "
        f"(COUNT(DISTINCT ?q) AS ?q) WHERE {{ VALUES ?g {{ {graphs} }} "
        "{ GRAPH ?g { ?f jv:evidence [] } } UNION { GRAPH ?g { ?q a jv:Evidence } } }",
    )
    return len(dataset), int(row["f"].value), int(row["q"].value)


def test_the_readme_counts_what_sparql_counts(dataset, built):
    """The README's triples, facts with evidence and quoted passages, read
    from the N-Triples download by searching bytes, are SPARQL's counts."""
    from jointvision.outputs.readme import _counts

    triples, facts, quotes = _sparql_counts(dataset)
    assert _counts(built["jointvision.nt"]) == (triples, facts, quotes)
    readme = built["README.md"].decode("utf-8")
    assert f"has {triples:,} triples; {facts} facts rest on {quotes} verbatim" in readme


def test_the_readme_counts_are_not_fooled_by_a_label_that_quotes_n_triples(dataset):
    """A literal holding the very bytes the counts search for is text, not a statement."""
    from jointvision.outputs.readme import _counts
    from jointvision.rdf.dataset import Dataset
    from jointvision.rdf.serializers import serialize

    tricky = (
        "<https://w3id.org/jointvision/data/x> <https://w3id.org/jointvision/ontology#evidence> "
        "<https://w3id.org/jointvision/data/y> .\n"
        "<https://w3id.org/jointvision/data/x> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
        "<https://w3id.org/jointvision/ontology#Evidence> ."
    )
    store = ox.Store()
    store.extend(dataset.store)
    graph = ox.NamedNode(dataset.source_graphs()[0])
    store.add(
        ox.Quad(
            ox.NamedNode("https://w3id.org/jointvision/data/odd"),
            ox.NamedNode(f"{PREFIXES['rdfs']}label"),
            ox.Literal(tricky),
            graph,
        )
    )
    store.add(
        ox.Quad(
            ox.NamedNode("https://w3id.org/jointvision/data/odd"),
            ox.NamedNode(f"{PREFIXES['rdfs']}label"),
            ox.Literal(tricky),
            ox.DefaultGraph(),
        )
    )
    odd = Dataset(store, iris_only=True)
    assert _counts(serialize(odd, "nt")) == _sparql_counts(odd)


def test_build_is_byte_identical_across_processes_and_hash_seeds(tmp_path):
    outputs = []
    for seed in ("0", "12345"):
        out = tmp_path / f"seed-{seed}"
        result = run_cli("build", "--out", str(out), env={"PYTHONHASHSEED": seed})
        assert result.returncode == 0, result.stderr
        outputs.append({p.name: p.read_bytes() for p in out.iterdir()})
    assert outputs[0] == outputs[1]


def test_installed_command_builds_in_an_empty_folder(tmp_path):
    """What a new user does after `pip install .`: no checkout needed."""
    result = run_cli("build", "--out", "downloads", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    from jointvision.outputs.registry import names

    made = sorted(p.name for p in (tmp_path / "downloads").iterdir())
    assert made == sorted(names())
    assert "built" in result.stdout and "triples" in result.stdout
    import os

    mask = os.umask(0)
    os.umask(mask)
    assert {p.stat().st_mode & 0o777 for p in (tmp_path / "downloads").iterdir()} == {0o666 & ~mask}


DATASET_FILES = {"jointvision.nq": ox.RdfFormat.N_QUADS, "jointvision.trig": ox.RdfFormat.TRIG}


@pytest.mark.parametrize("name", sorted(DATASET_FILES))
def test_dataset_downloads_hold_every_named_graph(dataset, built, name):
    """TriG and N-Quads: one named graph per source and the ontology's, each
    holding exactly what the dataset holds; no default graph, no blank node."""
    quads = list(ox.parse(built[name], format=DATASET_FILES[name]))
    assert not any(isinstance(q.graph_name, ox.DefaultGraph) for q in quads)
    assert not any(isinstance(t, ox.BlankNode) for q in quads for t in (q.subject, q.object, q.graph_name))
    assert sorted({q.graph_name.value for q in quads}) == dataset.graph_names()
    assert set(quads) == set(dataset.quads())
    assert len(quads) == len(set(quads)) == sum(n for g, n in dataset.sizes().items() if g)


def test_nquads_are_sorted_by_graph_then_triple(built):
    from jointvision.rdf.dataset import quad_key

    quads = list(ox.parse(built["jointvision.nq"], format=ox.RdfFormat.N_QUADS))
    assert quads == sorted(quads, key=quad_key)


def test_the_merged_downloads_are_the_union_of_the_source_graphs(dataset, built):
    union = {q.triple for g in dataset.source_graphs() for q in dataset.quads(g)}
    assert {q.triple for q in ox.parse(built["jointvision.nt"], format=ox.RdfFormat.N_TRIPLES)} == union


def test_two_sources_give_two_graphs_and_a_union_without_repeats(two_sources):
    """An entity described by both sources is one node, listed once."""
    files = export_files(two_sources)
    quads = list(ox.parse(files["jointvision.nq"], format=ox.RdfFormat.N_QUADS))
    graphs = {q.graph_name.value for q in quads}
    assert set(two_sources.source_graphs()) <= graphs and len(two_sources.source_graphs()) == 2
    target = ox.NamedNode("https://w3id.org/jointvision/id/harbour-investment")
    typed = [q for q in quads if q.subject == target and q.predicate.value.endswith("#type")]
    assert len(typed) == 2  # once in each source's graph
    merged = list(ox.parse(files["jointvision.nt"], format=ox.RdfFormat.N_TRIPLES))
    assert sum(1 for t in merged if t.subject == target and t.predicate.value.endswith("#type")) == 1


@pytest.mark.parametrize(
    "outputs, extra",
    [
        ("rdf", set()),
        ("map", {"jointvision.html", "commitments.html"}),
        ("rdf,network", {"jointvision.graphml", "jointvision.gexf"}),
    ],
)
def test_outputs_chooses_the_downloads(tmp_path, outputs, extra):
    from conftest import FACT_FILE
    from jointvision.outputs.registry import names

    out = tmp_path / "out"
    result = run_cli("build", "--data", str(FACT_FILE), "--out", str(out), "--outputs", outputs)
    assert result.returncode == 0, result.stderr
    rdf = {n for n in names() if n.rsplit(".", 1)[1] in {"trig", "nq", "ttl", "jsonld", "nt"}} | {
        "README.md",
        "ontology.html",
    }
    assert {p.name for p in out.iterdir()} == rdf | extra
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert all(f"`{p.name}`" in readme for p in out.iterdir() if p.name != "README.md")


def test_an_unknown_output_is_bad_input(tmp_path):
    result = run_cli("build", "--outputs", "rdf,pdf", "--out", str(tmp_path / "out"))
    assert result.returncode == 2 and "--outputs" in result.stderr and not (tmp_path / "out").exists()


@pytest.mark.parametrize("enabled", [True, False])
def test_a_build_reads_and_writes_with_the_collector_paused_and_leaves_it_as_it_found_it(
    tmp_path, monkeypatch, enabled
):
    """The objects a build reads are long-lived and hold almost no cycles: the
    cyclic collector is paused while the build reads the fact files and while
    it writes the downloads (it would scan them all once reading ends, and
    again as they age), and left as the caller had it."""
    import gc

    from click.testing import CliRunner

    import jointvision.cli.data
    import jointvision.outputs.exports
    from jointvision.cli import main

    seen: dict[str, bool] = {}

    def noting(name: str, real):
        def call(*args, **kwargs):
            seen[name] = gc.isenabled()
            return real(*args, **kwargs)

        return call

    monkeypatch.setattr(jointvision.cli.data, "sources", noting("reading", jointvision.cli.data.sources))
    write = jointvision.outputs.exports.write_exports
    monkeypatch.setattr(jointvision.outputs.exports, "write_exports", noting("writing", write))
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        done = CliRunner().invoke(main, ["build", "--out", str(tmp_path / "out"), "--outputs", "rdf"])
        after = gc.isenabled()
    finally:
        (gc.enable if was else gc.disable)()
    assert done.exit_code == 0, done.output
    assert seen == {"reading": False, "writing": False}
    assert after is enabled
