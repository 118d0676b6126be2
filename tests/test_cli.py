"""The command line as a user meets it: outputs, formats and exit codes
(0 done / conforms, 1 SHACL violations, 2 bad input)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from conftest import FACT_FILE, run_cli

SHAPES = Path(__file__).parent / "shapes"


def test_help_lists_the_commands_and_exit_codes():
    result = run_cli("--help")
    assert result.returncode == 0
    for command in ("build", "validate", "query", "stats"):
        assert command in result.stdout
    assert "2 bad input" in " ".join(result.stdout.split())


@pytest.mark.parametrize("args", [("build", "--colour", "red"), ("query", "--format", "xml", "targets"), ("nope",)])
def test_unknown_options_and_commands_exit_2(args):
    result = run_cli(*args)
    assert result.returncode == 2
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


#: The article's fact file alone: the answers below are what the article states.
ARTICLE = ("--data", str(FACT_FILE))


def test_query_table_is_readable():
    result = run_cli("query", "investment-growth", *ARTICLE)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split()[:2] == ["target", "value"]
    assert set(lines[1]) <= {"-", " "}
    assert "JPY 10 trillion in private investment into India" in lines[2] and lines[-1] == "(1 row)"


def test_query_csv_follows_the_sparql_csv_format():
    result = run_cli("query", "targets", "--format", "csv", *ARTICLE)
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["target", "value", "unit", "bound", "period", "per", "flow", "direction"]
    assert len(rows) == 6 and rows[1][1] == "10000000000000" and rows[1][2] == "JPY"


def test_query_tsv_writes_terms_in_turtle_form():
    result = run_cli(
        "query",
        "SELECT ?d ?p WHERE { ?d a jv:StrategicDirection ; jv:position ?p } ORDER BY ?p",
        "--format",
        "tsv",
        *ARTICLE,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "?d\t?p" and len(lines) == 9
    assert lines[1].startswith("<https://w3id.org/jointvision/id/next-generation-economic-partnership>\t")
    assert lines[1].endswith('"1"^^<http://www.w3.org/2001/XMLSchema#integer>')


def test_query_json_follows_the_sparql_json_format():
    result = run_cli("query", "skilled-personnel-share", "--format", "json", *ARTICLE)
    doc = json.loads(result.stdout)
    assert doc["head"]["vars"][0] == "part"
    [binding] = doc["results"]["bindings"]
    assert binding["share"]["type"] == "literal" and float(binding["share"]["value"]) == 0.1
    ask = json.loads(run_cli("query", "ASK { jvd:japan a jv:Country }", "--format", "json").stdout)
    assert ask == {"head": {}, "boolean": True}


def test_query_from_a_file_and_list(tmp_path):
    query = tmp_path / "q.rq"
    query.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?d a jv:StrategicDirection }", encoding="utf-8")
    result = run_cli("query", "-f", str(query), "--format", "csv", *ARTICLE)
    assert result.stdout.splitlines() == ["n", "8"]
    listing = run_cli("query", "--list").stdout
    assert "targets" in listing and "investment-growth" in listing and "?" in listing


@pytest.mark.parametrize(
    "query, message",
    [
        ("SELECT ?s WHERE { ?s ?p }", "SPARQL syntax error at line 1, column"),
        ("SELECT * FROM <file:///etc/hostname> WHERE { ?s ?p ?o }", "FROM <file:///etc/hostname>"),
        ("targetz", "no named query 'targetz'; did you mean 'targets'?"),
        ("PREFIX ex: <http://x/>", "not a SPARQL query"),
    ],
)
def test_bad_queries_exit_2_with_the_position(query, message):
    result = run_cli("query", query)
    assert result.returncode == 2
    assert message in result.stderr and result.stdout == ""


def test_no_request_ever_leaves_for_service_or_from(canary):
    url, hits = canary
    queries = [
        f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }}",
        f"SELECT * FROM NAMED <{url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        f"LOAD <{url}>",
        # a prefixed name ends before a dot: SPARQL reads "t:", ".", "SERVICE"
        f"PREFIX t: <{url}#> SELECT * WHERE {{ ?x a t:.SERVICE <{url}> {{ ?a ?b ?c }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o.SERVICE <{url}> {{ ?a ?b ?c }} }}",
        f"SELECT * WHERE {{ ?s ?p 1.SERVICE <{url}> {{ ?a ?b ?c }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o }} # SERVICE\n SeRvIcE SILENT <{url}> {{ }}",
        f'SELECT * WHERE {{ ?s ?p "a \\" b" . SERVICE <{url}> {{ }} }}',
        f"SELECT * WHERE {{ {{ ?s ?p ?o }} }}FROM <{url}>",
    ]
    for query in queries:
        result = run_cli("query", query)
        assert result.returncode == 2 and "refused" in result.stderr
    assert hits == []


def test_validate_default_conforms():
    result = run_cli("validate")
    assert result.returncode == 0 and result.stdout.startswith("conforms:")


def test_validate_reports_each_violation_with_focus_path_and_message():
    result = run_cli("validate", str(SHAPES / "target-value-as-string-invalid.ttl"))
    assert result.returncode == 1
    assert "- focus: https://w3id.org/jointvision/id/investment_quantity" in result.stdout
    assert "path: https://w3id.org/jointvision/ontology#numericValue" in result.stdout
    assert (
        "Violation: a quantity needs exactly one jv:numericValue, not negative, typed xsd:decimal or xsd:integer"
        in result.stdout
    )


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("broken.ttl", "<http://a> <http://b> .", "not valid turtle"),
        (
            "remote.jsonld",
            '{"@context": "https://schema.org/", "@id": "http://a"}',
            "remote @context or @import is refused",
        ),
        (
            "import.jsonld",
            '{"@context": {"@version": 1.1, "@import": "shapes.ttl"}, "@id": "http://a"}',
            "remote @context or @import is refused",
        ),
        ("latin1.jsonld", '{"@id": "http://a", "http://p": "caf\xe9"}'.encode("latin-1"), "not valid json-ld"),
        ("deep.json", "[" * 100_000, "nest more than 1,000 levels deep"),
        ("data.csv", "a,b", "unknown RDF file type"),
    ],
)
def test_validate_bad_input_exits_2(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    result = run_cli("validate", str(path))
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr


def test_validate_a_fact_file(data_copy):
    assert run_cli("validate", str(data_copy)).returncode == 0


def test_stats_counts_per_class_and_direction(article_graph):
    from conftest import FACT_FILE

    result = run_cli("stats", "--data", str(FACT_FILE))
    assert result.returncode == 0
    assert f"triples: {len(article_graph)}" in result.stdout
    assert "  Target                  5" in result.stdout
    assert "4. Next Generation Ecological Legacies: named only" in result.stdout
    assert "7. Next Gen People-to-People Partnership: 1 Goal, 1 Program, 2 Target" in result.stdout


def test_serve_on_a_port_in_use_exits_2_before_starting(tmp_path):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli("serve", "--port", str(port))
    assert result.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr and "--port" in result.stderr
    assert "serving" not in result.stderr  # nothing claimed to be served


def test_table_cells_show_control_characters_escaped():
    result = run_cli("query", 'SELECT ?x ?y WHERE { VALUES (?x ?y) { ("a\\tb\\nc" "\\u001b[31mred") } }')
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[2].split() == ["a\\tb\\nc", "\\x1b[31mred"] and len(lines) == 4
    assert "\x1b" not in result.stdout


def test_the_table_of_commands_names_each_commands_own_module():
    """The group imports a command's module only when the command is looked
    up (``cli.group.COMMANDS``): the table names every command the modules
    define, each with the module that defines it."""
    import importlib
    import pkgutil

    import jointvision.cli as cli
    from jointvision.cli.group import COMMANDS, main

    for module in pkgutil.iter_modules(cli.__path__):
        importlib.import_module(f"jointvision.cli.{module.name}")
    defined = {name: command.callback.__module__.rsplit(".", 1)[1] for name, command in main.commands.items()}
    assert defined == COMMANDS


@pytest.mark.parametrize(("typed", "meant"), [("stat", "'stats', 'status'"), ("quer", "'query'")])
def test_a_mistyped_command_gets_the_commands_it_may_mean(typed, meant):
    """In a process of its own: a command's module is imported only when it
    is looked up, so in-process (every module loaded by other tests) the
    suggestions could not go missing."""
    done = run_cli(typed)
    assert done.returncode == 2
    assert meant in done.stderr and "Traceback" not in done.stderr
