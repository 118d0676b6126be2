"""`jointvision draft`: a fact file from a source text that builds as it is,
with every guess marked `# check:`, never overwriting a file. The texts and
graphs are invented test fixtures."""

from __future__ import annotations

import hashlib

import pytest
import yaml
from click.testing import CliRunner

from factories import make_source
from jointvision.cli import main
from jointvision.rdf.build import build_dataset
from jointvision.rdf.validate import validate_graph
from jointvision.source import draft as drafting
from jointvision.source.loader import load_sources

GRAPH_TEXT = "Invented fixture. Land A and Land B meet in Port City. They will train 300 nurses."
NEW_TEXT = (
    "Invented fixture. Port City, 12 March 2031. Land A and Land B met in Port City. "
    "Land A will train more than 2,000 nurses over the next five years. "
    "Land B will send 40 ferries to Land A by 2033."
)


def graph_entities() -> list[dict]:
    return [
        {"id": "land-a", "type": "Country", "label": "Land A", "evidence": ["Land A"]},
        {"id": "land-b", "type": "Country", "label": "Land B", "evidence": ["Land B"]},
        {"id": "port-city", "type": "City", "label": "Port City", "evidence": ["Port City"]},
        {"id": "nurse", "type": "CountUnit", "label": "nurse", "evidence": ["nurses"]},
    ]


@pytest.fixture
def folders(tmp_path):
    graph = tmp_path / "graph"
    make_source(graph, GRAPH_TEXT, graph_entities(), source_id="graph-source")
    new = tmp_path / "new"
    new.mkdir()
    (new / "sheet.txt").write_text(NEW_TEXT, encoding="utf-8")
    return graph, new


def run_draft(graph, new, *extra):
    args = ["draft", str(new / "sheet.txt"), "--id", "sheet", "--label", "An invented sheet", "--data", str(graph)]
    return CliRunner().invoke(main, [*args, *extra])


def entries(path) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["entities"]


def test_the_draft_builds_as_it_is_and_conforms(folders):
    graph, new = folders
    result = run_draft(graph, new)
    assert result.exit_code == 0, result.output
    sources = load_sources([graph, new])
    assert {s.source_id for s in sources} == {"graph-source", "sheet"}
    report = validate_graph(build_dataset([graph, new]).to_rdflib())
    assert report.conforms, report.violations


def test_mentions_become_about_entries_quoting_their_first_mention(folders):
    graph, new = folders
    run_draft(graph, new)
    about = {e["about"]: e for e in entries(new / "sheet.yaml") if "about" in e}
    defined = {e["id"]: e["type"] for e in graph_entities()}
    for entity_id in ("land-a", "land-b", "port-city"):
        assert about[entity_id]["type"] == defined[entity_id]
        [quote] = about[entity_id]["evidence"]
        assert NEW_TEXT[quote["start"] : quote["end"]] == quote["quote"]
        assert quote["start"] == NEW_TEXT.index(quote["quote"])


def test_figures_become_targets_with_the_graphs_units_or_new_ones(folders):
    graph, new = folders
    run_draft(graph, new)
    drafted = entries(new / "sheet.yaml")
    targets = {e["value"]: e for e in drafted if e.get("type") == "Target"}
    assert targets[2000]["unit"] == "nurse" and targets[2000]["bound"] == "at-least"
    assert targets[2000]["period"] == {"duration": "P5Y"}
    assert targets[40]["due"] == 2033
    new_unit = next(e for e in drafted if e.get("id") == targets[40]["unit"])
    assert new_unit["type"] == "CountUnit" and new_unit["label"] == "ferry"
    for target in targets.values():
        [quote] = target["evidence"]
        assert NEW_TEXT[quote["start"] : quote["end"]] == quote["quote"]
        assert target["stated_as"] in quote["quote"]


def test_every_guess_is_marked_above_its_entry(folders):
    graph, new = folders
    run_draft(graph, new)
    lines = (new / "sheet.yaml").read_text(encoding="utf-8").splitlines()
    marked = [i for i, line in enumerate(lines) if line.strip().startswith("# check:")]
    assert marked
    for i in marked:  # a check stands right above its entry, or above another check of it
        after = next(line for line in lines[i + 1 :] if not line.strip().startswith("# check:"))
        assert after.startswith("  - "), after
    drafted = [e for e in entries(new / "sheet.yaml") if e.get("type") in {"Target", "CountUnit"} and "id" in e]
    assert len(marked) >= len(drafted)  # every new figure and unit is a guess


def test_it_never_overwrites_a_file(folders):
    graph, new = folders
    assert run_draft(graph, new).exit_code == 0
    before = hashlib.sha256((new / "sheet.yaml").read_bytes()).hexdigest()
    again = run_draft(graph, new)
    assert again.exit_code == 2 and "never overwrites" in again.output
    assert hashlib.sha256((new / "sheet.yaml").read_bytes()).hexdigest() == before


@pytest.mark.parametrize(
    ("option", "value", "named"),
    [("--id", "Not An Id", "--id"), ("--date", "12 March 2031", "--date"), ("--kind", "memo", "--kind")],
)
def test_a_bad_option_is_refused_and_nothing_written(folders, option, value, named):
    graph, new = folders
    args = {"--id": "sheet", "--label": "An invented sheet", option: value}
    result = CliRunner().invoke(
        main, ["draft", str(new / "sheet.txt"), *[w for kv in args.items() for w in kv], "--data", str(graph)]
    )
    assert result.exit_code == 2 and named in result.output
    assert sorted(p.name for p in new.iterdir()) == ["sheet.txt"]


def test_an_entry_the_build_would_refuse_is_left_as_a_comment(folders, monkeypatch):
    graph, new = folders
    real = drafting.draft_entries

    def with_a_bad_entry(text, sources, language=None):
        found = real(text, sources, language)
        bad = {"id": "ghost", "type": "Program", "label": "A ghost", "part_of": ["nowhere"]}
        bad["evidence"] = [{"quote": "Land A", "start": NEW_TEXT.index("Land A"), "end": NEW_TEXT.index("Land A") + 6}]
        found.entries.append(drafting.Entry(bad, at=len(text)))
        return found

    monkeypatch.setattr(drafting, "draft_entries", with_a_bad_entry)
    result = run_draft(graph, new)
    assert result.exit_code == 0 and "1 left as comments" in result.output
    text = (new / "sheet.yaml").read_text(encoding="utf-8")
    assert "id: ghost" not in text and "unknown entity 'nowhere'" in text
    load_sources([graph, new])  # builds


def test_draft_entries_are_in_the_order_of_the_text(folders):
    graph, _ = folders
    found = drafting.draft_entries(NEW_TEXT, load_sources(graph))
    assert [e.at for e in found.entries] == sorted(e.at for e in found.entries)
