"""Many sources, one dataset: named graphs per source, entities described by
several sources, conflicts kept and listed, source metadata, projects, diff.

The texts here are invented for the tests (see ``factories.make_source``
and ``tests/data/two-sources/``); none of their facts is real.
"""

from __future__ import annotations

import re
import shutil

import pyoxigraph as ox
import pytest
from rdflib import Literal
from rdflib.namespace import RDF, RDFS, SKOS

from conftest import ARTICLE_GRAPH, TWO_SOURCES, run_cli
from factories import make_source
from jointvision.errors import SourceError
from jointvision.rdf.build import build_dataset
from jointvision.rdf.namespaces import JV, JVD, source_graph_iri
from jointvision.resources import DEFAULT_DATA
from jointvision.source.loader import load_sources, possible_duplicates

NORTH = str(source_graph_iri("northland-communique"))
SOUTH = str(source_graph_iri("southland-gazette-report"))

TEXT_A = "TEST FIXTURE, invented. Aland and Bland met at the Cove Summit on 1 May 2040. They set a target of 7 ships."
TEXT_B = "TEST FIXTURE, invented. At the Cove Summit the leaders set a target of 7 ships, some say 9 ships."


def _first(folder, extra_entities=(), **kwargs):
    return make_source(
        folder,
        TEXT_A,
        [
            {"id": "aland", "type": "Country", "label": "Aland", "evidence": ["Aland and Bland met"]},
            {"id": "bland", "type": "Country", "label": "Bland", "evidence": ["Aland and Bland met"]},
            {
                "id": "cove-summit",
                "type": "Summit",
                "label": "Cove Summit",
                "start_date": "2040-05-01",
                "evidence": ["the Cove Summit on 1 May 2040"],
            },
            {"id": "ship", "type": "CountUnit", "label": "ship", "evidence": ["7 ships"]},
            {
                "id": "ship-target",
                "type": "Target",
                "label": "7 ships",
                "value": 7,
                "unit": "ship",
                "bound": "exact",
                "stated_as": "7 ships",
                "flow_from": "aland",
                "flow_to": "bland",
                "evidence": ["They set a target of 7 ships"],
            },
            *extra_entities,
        ],
        source_id="first-source",
        **kwargs,
    )


def _second(folder, entities, **kwargs):
    return make_source(folder, TEXT_B, entities, source_id="second-source", **kwargs)


# ------------------------------------------------------------ named graphs


def test_each_statement_is_in_the_graph_of_the_source_that_makes_it(two_sources):
    for graph in two_sources.source_graphs():
        source = graph.rsplit("/", 1)[1]
        quads = two_sources.quads(graph)
        cited = {q.object.value for q in quads if q.predicate.value == str(JV.inSource)}
        assert cited == {str(JVD[source])}  # every quote of a graph is from its own source's text
        assert any(
            q.subject.value == str(JVD[source]) and q.predicate.value == str(JV.namedGraph) and q.object.value == graph
            for q in quads
        )


def test_an_entity_described_by_two_sources_keeps_one_iri(two_sources):
    graph = two_sources.to_rdflib()
    ada = JVD["ada-quill"]
    assert list(graph.objects(ada, RDFS.label)) == [Literal("Ada Quill", lang="en")]
    # the report's name for her, in its language
    assert list(graph.objects(ada, SKOS.altLabel)) == [Literal("President Quill", lang="en")]
    typed = [q for q in two_sources.quads() if q.subject.value == str(ada) and q.predicate.value == str(RDF.type)]
    assert {q.graph_name.value for q in typed} == {NORTH, SOUTH}
    assert len(set(graph.subjects(RDF.type, JV.Target))) == 1


def test_different_quantities_and_periods_get_nodes_of_their_own(two_sources):
    graph = two_sources.to_rdflib()
    target = JVD["harbour-investment"]
    for link, part in ((JV.quantity, "quantity"), (JV.period, "period")):
        nodes = sorted(str(n) for n in graph.objects(target, link))
        assert len(nodes) == 2 and nodes[0] == str(JVD[f"harbour-investment_{part}"])  # the defining file's
        assert re.fullmatch(re.escape(str(JVD[f"harbour-investment_{part}-"])) + "[0-9a-f]{12}", nodes[1])
    for quantity in graph.objects(target, JV.quantity):
        assert len(list(graph.objects(quantity, JV.numericValue))) == 1  # nothing overwritten, nothing mixed


def test_node_names_do_not_depend_on_which_files_are_read_or_in_what_order(tmp_path):
    """Two later sources state the same different quantity: they share one
    node, whose name is the same whichever is read first, and the same as
    when only one of them is read."""
    _first(tmp_path / "a")
    for name in ("b", "c"):
        make_source(
            tmp_path / name,
            TEXT_B,
            [
                {
                    "about": "ship-target",
                    "type": "Target",
                    "value": 9,
                    "unit": "ship",
                    "bound": "exact",
                    "stated_as": "9 ships",
                    "evidence": ["9 ships"],
                }
            ],
            source_id=f"source-{name}",
        )
    orders = [[tmp_path / "a", tmp_path / "b", tmp_path / "c"], [tmp_path / "c", tmp_path / "a", tmp_path / "b"]]
    built = [set(build_dataset(order).quads()) for order in orders]
    assert built[0] == built[1]
    alone = set(build_dataset([tmp_path / "a", tmp_path / "b"]).quads(str(source_graph_iri("source-b"))))
    assert alone == set(build_dataset(orders[0]).quads(str(source_graph_iri("source-b"))))


def test_the_same_quantity_from_two_sources_is_one_node(tmp_path):
    _first(tmp_path)
    _second(
        tmp_path,
        [
            {
                "about": "ship-target",
                "type": "Target",
                "value": 7,
                "unit": "ship",
                "bound": "exact",
                "stated_as": "7 ships",
                "evidence": ["set a target of 7 ships"],
            }
        ],
    )
    dataset = build_dataset(tmp_path)
    graph = dataset.to_rdflib()
    assert list(graph.objects(JVD["ship-target"], JV.quantity)) == [JVD["ship-target_quantity"]]
    second = dataset.to_rdflib(str(source_graph_iri("second-source")))
    assert (JVD["ship-target_quantity"], JV.numericValue, None) in second


def test_queries_see_the_union_once_and_graph_says_who_states_what(two_sources):
    from jointvision.sparql.engine import QueryEngine

    engine = QueryEngine(two_sources)
    rows = engine.query("SELECT ?t WHERE { ?t a jv:Target }").rows
    assert len(rows) == 1
    stated = engine.query("SELECT ?g WHERE { GRAPH ?g { jvd:fisheries-memorandum a ?c } }").rows
    assert [str(r[0]) for r in stated] == [SOUTH]
    only_north = engine.query(f"SELECT (COUNT(*) AS ?n) FROM <{NORTH}> WHERE {{ ?s ?p ?o }}").rows
    assert int(only_north[0][0]) == two_sources.sizes()[NORTH]


# ------------------------------------------------------------ conflicts


def test_conflicts_command_lists_both_values_and_quotes():
    result = run_cli("conflicts", "--data", str(TWO_SOURCES), "--format", "csv")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split(",")[:3] == ["entity", "label", "field"]
    assert len(lines) == 4
    assert any("2000000000" in line and "2500000000" in line and "NLD 2.5 billion" in line for line in lines)


DISAGREEMENTS = [
    (
        "a-rate-from-one-source",
        {"value": 7, "unit": "ship", "bound": "exact", "stated_as": "7 ships", "per": "P1Y"},
        "quantity",
        "per P1Y",
    ),
    ("years-against-a-duration", {"period": {"duration": "P5Y"}}, None, None),
    ("two-way-against-one-way", {"flow_between": ["aland", "bland"]}, "flow between", "flow between"),
    ("another-bound", {"value": 7, "unit": "ship", "bound": "at-least", "stated_as": "7 ships"}, "bound", "at least"),
]


@pytest.mark.parametrize("fields, field, shown", [d[1:] for d in DISAGREEMENTS], ids=[d[0] for d in DISAGREEMENTS])
def test_every_kind_of_disagreement_is_listed_and_validates_with_a_warning(tmp_path, fields, field, shown):
    first_period = {"period": {"start_year": 2040, "end_year": 2044}} if "period" in fields else {}
    _first(tmp_path) if not first_period else make_source(
        tmp_path,
        TEXT_A,
        [
            {"id": "aland", "type": "Country", "label": "Aland", "evidence": ["Aland and Bland met"]},
            {"id": "bland", "type": "Country", "label": "Bland", "evidence": ["Aland and Bland met"]},
            {"id": "ship", "type": "CountUnit", "label": "ship", "evidence": ["7 ships"]},
            {
                "id": "ship-target",
                "type": "Target",
                "label": "7 ships",
                "value": 7,
                "unit": "ship",
                "bound": "exact",
                "stated_as": "7 ships",
                **first_period,
                "evidence": ["They set a target of 7 ships"],
            },
        ],
        source_id="first-source",
    )
    _second(tmp_path, [{"about": "ship-target", "type": "Target", **fields, "evidence": ["set a target of 7 ships"]}])
    from jointvision.sparql.engine import QueryEngine
    from jointvision.sparql.named import named_query

    result = QueryEngine(build_dataset(tmp_path)).query(named_query("conflicts").text)
    rows = [dict(zip(result.variables, (str(v) for v in row))) for row in result.rows]
    assert len(rows) == 1, rows
    assert rows[0]["field"] == (field or "period")
    both = rows[0]["value1"] + " / " + rows[0]["value2"]
    assert (shown or "duration P5Y") in both
    assert rows[0]["quote1"] == "They set a target of 7 ships" and rows[0]["quote2"] == "set a target of 7 ships"
    checked = run_cli("validate", str(tmp_path))
    assert checked.returncode == 0 and "sources disagree" in checked.stderr, checked.stdout


def test_sources_agreeing_in_other_words_neither_conflict_nor_fail(tmp_path):
    _first(tmp_path)
    _second(
        tmp_path,
        [
            {
                "about": "ship-target",
                "type": "Target",
                "value": 7,
                "unit": "ship",
                "bound": "exact",
                "stated_as": "target of 7",
                "evidence": ["a target of 7 ships"],
            }
        ],
    )
    assert run_cli("conflicts", "--data", str(tmp_path)).stdout.startswith("no conflicts")
    checked = run_cli("validate", str(tmp_path))
    assert checked.returncode == 0 and "warning" not in checked.stderr, checked.stdout + checked.stderr


def test_the_article_alone_has_no_conflicts():
    from conftest import FACT_FILE

    result = run_cli("conflicts", "--data", str(FACT_FILE))
    assert result.returncode == 0 and result.stdout.startswith("no conflicts")


def test_conflicts_are_warnings_not_violations():
    result = run_cli("validate", str(TWO_SOURCES))
    assert result.returncode == 0 and result.stdout.startswith("conforms:"), result.stdout
    assert "sources disagree" in result.stderr


def test_a_new_entity_like_an_existing_one_is_warned_about(tmp_path):
    _first(tmp_path)
    _second(
        tmp_path,
        [{"id": "cove-meeting", "type": "Summit", "label": "Cove  summit", "evidence": ["At the Cove Summit"]}],
    )
    warnings = possible_duplicates(load_sources(tmp_path))
    assert len(warnings) == 1 and "'cove-summit'" in warnings[0] and "about: cove-summit" in warnings[0]
    result = run_cli("build", "--data", str(tmp_path), "--out", str(tmp_path / "out"))
    assert result.returncode == 0 and "warning:" in result.stderr and "about: cove-summit" in result.stderr


# ------------------------------------------------------------ bad input

BAD = [
    (
        "unknown",
        [{"about": "no-such-target", "type": "Target", "evidence": ["7 ships"]}],
        {},
        "about",
        "no fact file defines 'no-such-target'",
    ),
    ("wrong-type", [{"about": "ship-target", "type": "Goal", "evidence": ["7 ships"]}], {}, "type", "is a Target in"),
    (
        "defined-again",
        [
            {
                "id": "ship-target",
                "type": "Target",
                "label": "x",
                "value": 7,
                "unit": "ship",
                "bound": "exact",
                "stated_as": "7 ships",
                "evidence": ["7 ships"],
            }
        ],
        {},
        "id",
        "write about: ship-target",
    ),
    (
        "half-a-quantity",
        [{"about": "ship-target", "type": "Target", "value": 9, "evidence": ["9 ships"]}],
        {},
        "unit",
        "this field is required",
    ),
    (
        "described-twice",
        [
            {"about": "cove-summit", "type": "Summit", "evidence": ["At the Cove Summit"]},
            {"about": "cove-summit", "type": "Summit", "evidence": ["the leaders"]},
        ],
        {},
        "about",
        "is already described in this file",
    ),
    (
        "two-way-and-one-way",
        [
            {
                "id": "other",
                "type": "Target",
                "label": "9 ships",
                "value": 9,
                "unit": "ship",
                "bound": "exact",
                "stated_as": "9 ships",
                "flow_between": ["aland", "bland"],
                "flow_to": "bland",
                "evidence": ["9 ships"],
            }
        ],
        {},
        "flow_between",
        "cannot also have flow_from or flow_to",
    ),
    (
        "url-bad-port",
        [{"about": "ship", "type": "CountUnit", "evidence": ["7 ships"]}],
        {"url": "http://example.org:abc/"},
        "source.url",
        "an http or https URL",
    ),
    (
        "bad-kind",
        [{"about": "ship", "type": "CountUnit", "evidence": ["7 ships"]}],
        {"kind": "blog"},
        "source.kind",
        "must be one of primary-document",
    ),
    (
        "bad-url",
        [{"about": "ship", "type": "CountUnit", "evidence": ["7 ships"]}],
        {"url": "file:///etc/passwd"},
        "source.url",
        "an http or https URL",
    ),
    (
        "reports-on-a-country",
        [{"about": "ship", "type": "CountUnit", "evidence": ["7 ships"]}],
        {"reports_on": "aland"},
        "source.reports_on",
        "expected an Event",
    ),
    (
        "bad-date",
        [{"about": "ship", "type": "CountUnit", "evidence": ["7 ships"]}],
        {"published": "2040-02-30"},
        "source.published",
        "not a calendar date",
    ),
]


@pytest.mark.parametrize("entities, metadata, field, message", [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_multi_source_input_is_one_message_with_file_line_and_field(tmp_path, entities, metadata, field, message):
    _first(tmp_path)
    second = _second(tmp_path, entities, metadata=metadata)
    with pytest.raises(SourceError) as caught:
        load_sources(tmp_path)
    assert message in str(caught.value) and field in (caught.value.field or "")
    assert str(caught.value).startswith(f"{second}:")
    result = run_cli("build", "--data", str(tmp_path), "--out", str(tmp_path / "out"))
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and message in result.stderr
    assert not (tmp_path / "out").exists()


def test_version_1_files_keep_working_but_cannot_use_version_2_fields(tmp_path):
    _first(tmp_path, version=1)
    assert len(load_sources(tmp_path)) == 1
    _second(tmp_path, [{"about": "ship", "type": "CountUnit", "evidence": ["7 ships"]}], version=1)
    with pytest.raises(SourceError, match="about: entries need format: jointvision-source/2"):
        load_sources(tmp_path)


def test_targets_need_directions_only_where_their_source_defines_directions(tmp_path):
    assert load_sources(_first(tmp_path / "a"))  # no directions in this source: none needed
    direction = {
        "id": "ships-direction",
        "type": "StrategicDirection",
        "label": "Ships",
        "position": 1,
        "evidence": ["They set a target"],
    }
    with pytest.raises(SourceError, match="each of its targets needs the directions"):
        load_sources(_first(tmp_path / "b", [direction]))


def test_source_metadata_becomes_rdf_and_sources_lists_them_by_date(two_sources):
    graph = two_sources.to_rdflib()
    report = JVD["southland-gazette-report"]
    assert graph.value(report, JV.sourceKind) == JV.NewsArticleSource
    assert str(graph.value(report, JV.published)) == "2031-03-05"
    assert graph.value(report, JV.reportsOn) == JVD["first-ns-summit"]
    result = run_cli("sources", "--data", str(TWO_SOURCES), "--format", "csv")
    import csv
    import io

    header, *rows = list(csv.reader(io.StringIO(result.stdout)))
    dates = [row[header.index("published")] for row in rows]
    assert dates == sorted(dates) and len(dates) == 2


# ------------------------------------------------------------ adding a source


def test_adding_a_source_never_changes_another_sources_graph(tmp_path, dataset):
    """A curator adds a source about the article's entities, one value of
    which disagrees: the article's graph stays exactly as it was."""
    folder = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA, folder)
    text = (
        "TEST FIXTURE, invented: a made-up note that says India and Japan set a target of "
        "JPY 11 trillion in private investment."
    )
    make_source(
        folder,
        text,
        [
            {
                "about": "private-investment-10-trillion",
                "type": "Target",
                "value": 11000000000000,
                "unit": "jpy",
                "bound": "exact",
                "stated_as": "JPY 11 trillion",
                "evidence": ["JPY 11 trillion in private investment"],
            },
            {"about": "india", "type": "Country", "evidence": ["India and Japan"]},
        ],
        source_id="invented-note",
        label="An invented note (test fixture)",
    )
    grown = build_dataset(folder)
    assert set(grown.quads(ARTICLE_GRAPH)) == set(dataset.quads(ARTICLE_GRAPH))
    assert len(grown.source_graphs()) == len(dataset.source_graphs()) + 1
    graph = grown.to_rdflib()
    assert len(set(graph.subjects(RDF.type, JV.Country))) == len(
        set(dataset.to_rdflib().subjects(RDF.type, JV.Country))
    )
    result = run_cli("conflicts", "--data", str(folder), "--format", "csv")
    assert "10000000000000" in result.stdout and "11000000000000" in result.stdout


# ------------------------------------------------------------ diff


def test_diff_of_a_build_and_its_fact_files_is_empty(tmp_path):
    out = tmp_path / "out"
    assert run_cli("build", "--data", str(TWO_SOURCES), "--out", str(out)).returncode == 0
    same = run_cli("diff", str(out), str(TWO_SOURCES))
    assert same.returncode == 0 and "the datasets hold the same statements" in same.stdout
    assert run_cli("diff", str(out / "jointvision.nq"), str(out / "jointvision.trig")).returncode == 0


def test_diff_shows_statements_per_graph_and_entity(tmp_path):
    from conftest import FACT_FILE

    result = run_cli("diff", str(FACT_FILE), str(TWO_SOURCES))
    assert result.returncode == 1, result.stderr
    text = result.stdout
    assert "graph jvg:southland-gazette-report: 0 only in A" in text
    assert "  jvd:fisheries-memorandum\n    + rdf:type jv:MemorandumOfCooperation" in text
    assert re.search(r"graph jvg:india-japan-joint-vision-2025-article: \d+ only in A, 0 only in B", text)


def test_diff_as_nquads_parses_and_counts(tmp_path, two_sources, dataset):
    from conftest import FACT_FILE

    result = run_cli("diff", "--format", "nq", str(FACT_FILE), str(TWO_SOURCES))
    assert result.returncode == 1
    text = result.stdout
    assert text.startswith("# jointvision diff\n")
    removed = list(ox.parse(text[: text.index("# only in B")].encode(), format=ox.RdfFormat.N_QUADS))
    added = list(ox.parse(text[text.index("# only in B") :].encode(), format=ox.RdfFormat.N_QUADS))
    article = build_dataset(FACT_FILE)
    assert set(removed) == set(article.quads()) - set(two_sources.quads())
    assert set(added) == set(two_sources.quads()) - set(article.quads())


@pytest.mark.parametrize("args", [("no-such-folder", str(TWO_SOURCES)), (str(TWO_SOURCES), "x.ttl")])
def test_diff_of_bad_input_exits_2(args):
    result = run_cli("diff", *args)
    assert result.returncode == 2 and result.stderr.startswith("error:") and result.stderr.count("\n") == 1


# ------------------------------------------------------------ projects


def test_a_project_is_used_by_every_command_run_inside_it(tmp_path):
    made = run_cli("init", "proj", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    project = tmp_path / "proj"
    assert (project / "jointvision-project.yaml").is_file()
    assert sorted(p.name for p in (project / "sources").iterdir()) == sorted(
        p.name for p in DEFAULT_DATA.iterdir() if p.is_file()
    )
    inside = project / "sources"
    built = run_cli("build", cwd=inside)  # below the project folder: still the project
    assert built.returncode == 0, built.stderr
    assert f"data: the project in {project}" in built.stderr
    assert (project / "exports" / "jointvision.nq").is_file()
    assert run_cli("diff", "exports", "sources", cwd=project).returncode == 0
    assert run_cli("init", "proj", cwd=tmp_path).returncode == 2  # never overwrites


def test_outside_any_project_commands_say_they_read_the_embedded_example(tmp_path):
    result = run_cli("stats", cwd=tmp_path)
    assert result.returncode == 0 and "data: the embedded example" in result.stderr


def test_a_malformed_project_file_is_bad_input(tmp_path):
    (tmp_path / "jointvision-project.yaml").write_text("sources: [a, b]\nexport: x\n", encoding="utf-8")
    result = run_cli("stats", cwd=tmp_path)
    assert result.returncode == 2 and "jointvision-project.yaml:2" in result.stderr
    assert result.stderr.count("\n") == 1


def test_validate_takes_several_paths(tmp_path):
    out = tmp_path / "out"
    assert run_cli("build", "--data", str(TWO_SOURCES), "--out", str(out)).returncode == 0
    from conftest import FACT_FILE

    result = run_cli("validate", str(FACT_FILE), str(out / "jointvision.nt"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "conforms" in result.stdout


def test_the_documented_steps_work_as_written(tmp_path):
    """docs/source-format.md, "Adding a fact or a source": every command of
    its shell blocks, run in order in an empty folder."""
    from conftest import ROOT

    page = (ROOT / "docs" / "source-format.md").read_text(encoding="utf-8")
    section = page[page.index("## Adding a fact or a source") :]
    commands = [
        line.strip()
        for block in re.findall(r"```sh\n(.*?)```", section, flags=re.S)
        for line in block.splitlines()
        if line.strip()
    ]
    assert commands and commands[0].startswith("jointvision init")
    cwd = tmp_path
    for command in commands:
        if command.startswith("cd "):
            cwd = cwd / command[3:]
            continue
        args = command.split()[1:]
        result = run_cli(*args, cwd=cwd)
        assert result.returncode == 0, (command, result.stdout, result.stderr)


@pytest.mark.parametrize(
    "content, message",
    [
        ('_:b <http://e/p> "x" <http://e/g> .\n', "holds a blank node"),
        ("<http://e/s> <http://e/p> <<( <http://e/a> <http://e/b> <http://e/c> )>> <http://e/g> .\n", "triple term"),
    ],
)
def test_diff_refuses_terms_it_cannot_compare(tmp_path, content, message):
    odd, empty = tmp_path / "odd.nq", tmp_path / "empty.nq"
    odd.write_text(content, encoding="utf-8")
    empty.write_text("", encoding="utf-8")
    result = run_cli("diff", str(odd), str(empty))
    assert result.returncode == 2 and message in result.stderr and result.stderr.count("\n") == 1


def test_diff_counts_default_graph_statements_and_odd_file_names(tmp_path):
    one, two = tmp_path / "one.nq", tmp_path / "tw\udcffo.nq"
    one.write_text('<http://e/s> <http://e/p> "x" .\n', encoding="utf-8")
    two.write_bytes(b'<http://e/s> <http://e/p> "y" .\n')
    import subprocess

    from conftest import jointvision_command

    def run(*args):  # bytes: the file name is not UTF-8, and is printed as the bytes it is
        return subprocess.run(jointvision_command() + list(args), capture_output=True, timeout=60)

    table = run("diff", str(one), str(two))
    assert table.returncode == 1 and b"the default graph: 1 only in A, 1 only in B" in table.stdout
    quads = run("diff", "--format", "nq", str(one), str(two))
    assert quads.returncode == 1 and quads.stderr == b""
    assert len(list(ox.parse(quads.stdout, format=ox.RdfFormat.N_QUADS))) == 2


@pytest.mark.parametrize(
    "content, message",
    [
        ("sources: []\n", "the list is empty"),
        ("sources: sources\nsources: sources\n", "given twice"),
        ("sources: !!python/object:os.system ls\n", "tag"),
        ("sources: nowhere\n", "'nowhere' does not exist"),
    ],
)
def test_project_files_are_checked_like_fact_files(tmp_path, content, message):
    (tmp_path / "sources").mkdir()
    (tmp_path / "jointvision-project.yaml").write_text(content, encoding="utf-8")
    result = run_cli("stats", cwd=tmp_path)
    assert result.returncode == 2 and message in result.stderr and result.stderr.count("\n") == 1
    assert "jointvision-project.yaml:" in result.stderr


def test_a_project_whose_sources_are_its_own_folder(tmp_path):
    shutil.copyfile(DEFAULT_DATA / "india-japan-joint-vision-2025.yaml", tmp_path / "facts.yaml")
    shutil.copyfile(DEFAULT_DATA / "india-japan-joint-vision-2025.txt", tmp_path / "india-japan-joint-vision-2025.txt")
    (tmp_path / "jointvision-project.yaml").write_text("sources: .\n", encoding="utf-8")
    result = run_cli("stats", cwd=tmp_path)
    assert result.returncode == 0 and "(1 fact file: facts.yaml)" in result.stderr, result.stderr


def test_init_on_a_full_disk_leaves_nothing(tmp_path):
    import resource
    import subprocess

    from conftest import jointvision_command

    def small_files():
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    result = subprocess.run(
        jointvision_command() + ["init", "proj"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        preexec_fn=small_files,
        timeout=60,
    )
    assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr
    assert str(tmp_path / "proj") in result.stderr or "proj/" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # no half-written project, no leftovers
    assert run_cli("init", "proj", cwd=tmp_path).returncode == 0


@pytest.mark.parametrize(
    "query",
    [
        f"SELECT ?s FROM <{NORTH}> FROM <{SOUTH}> WHERE {{ ?s a jv:Summit }}",
        f"SELECT (COUNT(*) AS ?n) FROM <{NORTH}> FROM <{NORTH}> WHERE {{ ?s ?p ?o }}",
        f"SELECT (COUNT(*) AS ?n) FROM NAMED <{NORTH}> FROM NAMED <{NORTH}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    ],
)
def test_a_from_dataset_the_engine_would_miscount_is_refused(two_sources, query):
    """SPARQL merges FROM graphs; the engine would repeat shared statements."""
    from jointvision.errors import UnsafeQueryError
    from jointvision.sparql.engine import QueryEngine

    with pytest.raises(UnsafeQueryError, match="repeat"):
        QueryEngine(two_sources).query(query)


@pytest.mark.parametrize("lines", [1, 7, 50])
def test_statements_made_in_parts_are_the_statements_made_at_once(lines):
    """A fact file's statements come in parts of whole entries, so the engine
    parses one while the next is made: together they are the file's
    statements, and a dataset loaded part by part holds what one loaded at
    once holds."""
    from jointvision.rdf.build import derived_nodes, source_nquads, source_nquads_parts
    from jointvision.rdf.dataset import Dataset
    from jointvision.source.loader import defined_entities, load_sources

    sources = load_sources(TWO_SOURCES)
    index, derived = defined_entities(sources), derived_nodes(sources)
    parts = [p for src in sources for p in source_nquads_parts(src, index, derived, lines)]
    assert "".join(parts) == "".join(source_nquads(src, index, derived) for src in sources)
    assert len(parts) > len(sources) and all(p.endswith("\n") for p in parts if p)
    whole = Dataset.from_nquads("".join(parts).encode("utf-8"))
    in_parts = Dataset.from_nquads(p.encode("utf-8") for p in parts)
    assert sorted(in_parts.dump().splitlines()) == sorted(whole.dump().splitlines())


def test_a_part_the_engine_cannot_read_is_an_error_of_the_load():
    from jointvision.rdf.dataset import Dataset

    good = b"<http://example.org/a> <http://example.org/p> <http://example.org/b> <http://example.org/g> .\n"
    with pytest.raises(SyntaxError):
        Dataset.from_nquads(iter([good, b"<http://example.org/a> not n-quads\n", good]))


def test_without_threads_the_parts_load_all_the_same(monkeypatch):
    """Where no thread can be had (a limit on processes or threads), the
    parts are loaded in the caller's thread, and a build's counts are made
    where they are asked for: no traceback, the same dataset."""
    import threading

    from jointvision.outputs.registry import Context
    from jointvision.rdf.build import derived_nodes, source_nquads_parts
    from jointvision.rdf.dataset import Dataset
    from jointvision.source.loader import defined_entities, load_sources

    sources = load_sources(TWO_SOURCES)
    index, derived = defined_entities(sources), derived_nodes(sources)
    parts = [p.encode("utf-8") for src in sources for p in source_nquads_parts(src, index, derived, 7)]
    threaded = Dataset.from_nquads(iter(parts))

    def refused(self):
        raise RuntimeError("can't start new thread")

    monkeypatch.setattr(threading.Thread, "start", refused)
    alone = Dataset.from_nquads(iter(parts))
    assert sorted(alone.dump().splitlines()) == sorted(threaded.dump().splitlines())
    context = Context(alone)
    context.count_ahead()
    assert context.statistics.graph_sizes == alone.sizes()


def test_the_collector_is_paused_while_the_fact_files_are_checked_together(monkeypatch):
    """Outside a build too (check, a first query, serve, suggest with the
    graph), the cyclic collector is paused while the fact files are read
    and while they are checked together: each collection would scan every
    entry read (a second at a million triples) and free nothing. It is left
    as it was."""
    import gc

    import jointvision.source.loader as loader

    seen: list[bool] = []
    real = loader._check_identities

    def noting(sources):
        seen.append(gc.isenabled())
        return real(sources)

    monkeypatch.setattr(loader, "_check_identities", noting)
    was = gc.isenabled()
    gc.enable()
    try:
        sources = loader.load_sources(TWO_SOURCES)
        after = gc.isenabled()
    finally:
        (gc.enable if was else gc.disable)()
    assert sources and seen == [False] and after


def test_a_command_spares_what_it_read_from_the_collector_until_it_ends(monkeypatch):
    """A command that reads the fact files leaves their entries out of the
    cyclic collector's scans while it runs (``gc.freeze``: each scan would
    walk them all and free none), and hands them back when it ends, so that
    a process running several commands (a test, a notebook) collects as
    before."""
    import gc

    from click.testing import CliRunner

    import jointvision.source.loader as loader
    from jointvision.cli import main

    seen: list[int] = []
    real = loader.possible_duplicates

    def noting(read):
        seen.append(gc.get_freeze_count())
        return real(read)

    monkeypatch.setattr(loader, "possible_duplicates", noting)
    before = gc.get_freeze_count()
    done = CliRunner().invoke(main, ["find", "--data", str(TWO_SOURCES), "Northland"])
    assert done.exit_code == 0, done.output
    assert seen and seen[0] > before
    assert gc.get_freeze_count() == before
