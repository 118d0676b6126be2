"""`jointvision find`: the entities ranked by how well their names (labels
in every language, alternative labels, abbreviations) match the words
looked for. Every expectation is derived from the fact files loaded (the
embedded data, the invented two-source fixture with its Japanese and Hindi
retellings, the tracking fixture), never written down."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT, TWO_SOURCES
from jointvision.cli import main
from jointvision.errors import JointVisionError
from jointvision.source import schema
from jointvision.source.find import RANKS, find, names_of, normal, preferred_label
from jointvision.source.kinds import Text
from jointvision.source.loader import load_sources
from jointvision.terminal import display_width

LANGUAGES = ROOT / "tests" / "data" / "languages"
TRACKING = ROOT / "tests" / "data" / "tracking"
#: Each data set the tests read: its --data paths (None: the embedded data).
DATA: dict[str, list[Path] | None] = {
    "embedded": None,
    "languages": [TWO_SOURCES, LANGUAGES],
    "tracking": [TRACKING],
}
_LOADED: dict[str, list] = {}


@pytest.fixture(params=sorted(DATA))
def sources(request) -> list:
    """The fact files of one data set, read once a session."""
    if request.param not in _LOADED:
        _LOADED[request.param] = load_sources(DATA[request.param])
    return _LOADED[request.param]


def entities(sources: list) -> dict[str, dict]:
    """Each entity the files state: its type, the labels of its definition,
    every name any entry gives it, and the sources stating it (the defining
    one first, then the others in file order)."""
    found: dict[str, dict] = {}
    for src in sources:
        for entity in src.entities:
            entry = found.setdefault(entity.id, {"type": None, "labels": [], "names": [], "sources": []})
            if not entity.about:
                entry["type"] = entity.type
                entry["labels"] = [value.value for value in entity.values.get("label", [])]
                entry["sources"].insert(0, src.source_id)
            elif src.source_id not in entry["sources"]:
                entry["sources"].append(src.source_id)
            entry["names"] += [name.text for name in names_of(entity)]
    return found


def _best(matches: list) -> list:
    """The matches tied for first place."""
    return [m for m in matches if (m.rank, m.score) == (matches[0].rank, matches[0].score)]


def test_searching_any_name_of_an_entity_ranks_it_first_or_tied_first(sources):
    for entity_id, entity in entities(sources).items():
        for name in entity["names"]:
            if not normal(name):
                continue
            matches = find(sources, name)
            assert matches and matches[0].rank == "exact", (entity_id, name)
            assert entity_id in {m.id for m in _best(matches)}, (entity_id, name)


def _full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def test_case_width_and_dashes_do_not_count(sources):
    for entity_id, entity in entities(sources).items():
        name = entity["names"][0]
        for variant in (name.upper(), name.casefold(), _full_width(name), name.replace("-", "–").replace(" ", "・")):
            if normal(variant) == normal(name) and normal(name):
                assert entity_id in {m.id for m in _best(find(sources, variant))}, (entity_id, variant)


def test_each_match_has_its_type_preferred_label_and_sources(sources):
    known = entities(sources)
    for entity_id, entity in known.items():
        (match,) = [m for m in find(sources, entity["names"][0]) if m.id == entity_id]
        assert match.type == entity["type"]
        assert list(match.sources) == entity["sources"]
        labels = entity["labels"]
        english = [t.text for t in labels if (t.language or "").split("-")[0] == "en"]
        untagged = [t.text for t in labels if not t.language]
        assert match.label == (english or untagged or [labels[0].text])[0]


def test_the_start_of_a_name_matches_as_a_prefix(sources):
    for entity_id, entity in entities(sources).items():
        for name in entity["names"]:
            words = normal(name).split()
            if len(words) < 2:
                continue
            found = {m.id: m for m in find(sources, words[0])}
            assert found[entity_id].rank in {"exact", "prefix"}, (entity_id, name)


def test_every_word_in_any_order_matches_before_some_words(sources):
    for entity_id, entity in entities(sources).items():
        for name in entity["names"]:
            words = normal(name).split()
            if len(words) < 2:
                continue
            found = {m.id: m for m in find(sources, list(reversed(words)))}
            assert RANKS.index(found[entity_id].rank) <= RANKS.index("words"), (entity_id, name)


#: Characters of scripts written without spaces (kana, Han).
UNSPACED = re.compile("[\u3040-\u30ff\u4e00-\u9fff]{2,}")


def test_in_japanese_a_name_is_found_by_any_part_of_it():
    sources = load_sources(DATA["languages"])
    tried = 0
    for entity_id, entity in entities(sources).items():
        for name in entity["names"]:
            for run in UNSPACED.finditer(normal(name)):
                if run.start() == 0:
                    continue  # a part inside the name, not its start
                tried += 1
                found = {m.id: m for m in find(sources, run.group())}
                assert RANKS.index(found[entity_id].rank) <= RANKS.index("words"), (entity_id, run.group())
    assert tried


def test_a_typo_still_finds_the_entity(sources):
    for entity_id, entity in entities(sources).items():
        word = next((w for w in normal(entity["names"][0]).split() if w.isascii() and w.isalpha() and len(w) >= 6), "")
        if word:
            typo = word[:2] + word[3:]
            assert entity_id in {m.id for m in find(sources, typo)}, (entity_id, typo)


def test_the_type_filter_keeps_the_type_and_its_sub_types_in_order(sources):
    everything = find(sources, "a")
    for type_name in {m.type for m in everything} | set(schema.PARENT.values()):
        kept = find(sources, "a", type_name=type_name.lower())
        assert kept == [m for m in everything if schema.is_a(m.type, type_name)]


def test_the_limit_keeps_the_best(sources):
    everything = find(sources, "the")
    for limit in (1, 3):
        assert find(sources, "the", limit=limit) == everything[:limit]
    assert find(sources, "the", limit=0) == everything


def test_the_preferred_label_is_english_else_untagged_else_the_first():
    assert preferred_label([Text("日本", "ja"), Text("Japan", "en-GB")], "japan") == "Japan"
    assert preferred_label([Text("日本", "ja"), Text("Nippon")], "japan") == "Nippon"
    assert preferred_label([Text("日本", "ja"), Text("जापान", "hi")], "japan") == "日本"


@pytest.mark.parametrize(
    "words, type_name, message",
    [("・ – !", None, "nothing to look for"), ("a", "Festival", "unknown type 'Festival'")],
)
def test_bad_words_or_type_are_bad_input(words, type_name, message):
    with pytest.raises(JointVisionError, match=message):
        find(load_sources(DATA["languages"]), words, type_name=type_name)


# ------------------------------------------------------------ the command
def run(*args: str):
    return CliRunner().invoke(main, ["find", *args])


def _data_args(name: str) -> list[str]:
    return [arg for path in DATA[name] or [] for arg in ("--data", str(path))]


def test_the_json_lists_the_matches_best_first():
    sources = load_sources(DATA["languages"])
    for entity_id, entity in entities(sources).items():
        name = entity["names"][0]
        result = run(*_data_args("languages"), "--format", "json", "--limit", "0", name)
        assert result.exit_code == 0, result.output
        listed = json.loads(result.stdout)
        assert [item["id"] for item in listed] == [m.id for m in find(sources, name)]
        first = next(item for item in listed if item["id"] == entity_id)
        assert first["match"] == "exact" and first["sources"] == entity["sources"]
        assert set(first) == {"id", "type", "label", "match", "score", "matched", "sources"}


def test_the_table_lines_up_by_display_width_with_japanese_labels():
    sources = load_sources(DATA["languages"])
    name = next(n for e in entities(sources).values() for n in e["names"] if UNSPACED.search(n))
    result = run(*_data_args("languages"), "--limit", "0", name[:2])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    header, rule, rows, footer = lines[0], lines[1], lines[2:-1], lines[-1]
    assert header.split() == ["id", "type", "label", "match", "sources"] and set(rule) <= {"-", " "}
    assert footer == f"({len(rows)} match{'es' if len(rows) != 1 else ''})"
    starts = [m.start() for m in re.finditer(r"-+", rule)]
    matches = find(sources, name[:2])
    for line, match in zip(rows, matches):
        for cell, start in zip((match.type, match.label), starts[1:]):
            assert display_width(line[: line.index(cell)]) == start, (line, cell)


def test_more_matches_than_the_limit_are_counted():
    everything = find(load_sources(DATA["languages"]), "a")
    result = run(*_data_args("languages"), "--limit", "1", "a")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == f"(1 match of {len(everything)}; --limit 0 for all)"


@pytest.mark.parametrize("fmt, printed", [("table", ""), ("json", "[]\n")])
def test_no_match_exits_1_like_grep(fmt, printed):
    result = run(*_data_args("languages"), "--format", fmt, "qqqqqqqqqqqqzzzzzz")
    assert result.exit_code == 1
    assert result.stdout == printed and "no entity matches 'qqqqqqqqqqqqzzzzzz'" in result.stderr


@pytest.mark.parametrize(
    "args, message",
    [
        (["--data", "/nonexistent/folder", "japan"], "no such file or folder"),
        (["--type", "Festival", "japan"], "unknown type 'Festival'"),
        (["・"], "nothing to look for"),
        (["--limit", "-1", "japan"], "--limit"),
        ([], "Missing argument"),
    ],
)
def test_bad_input_exits_2_with_one_message(args, message):
    result = run(*(["--data", str(TWO_SOURCES)] if "--data" not in args else []), *args)
    assert result.exit_code == 2, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and message in errors[0] and result.stdout == ""
