"""docs/source-format.md, "From text to graph": the walk-through run as
written, in order, in an empty folder. Its text is invented (and says so).

It is also the curation measurement of the docs: one build from the first
draft to a clean build, and no offset typed by hand (every offset in the
curator's entries was printed by `suggest`; the rest come from `fix`)."""

from __future__ import annotations

import re
import shlex

import yaml
from click.testing import CliRunner

from conftest import ARTICLE_ONLY, ROOT
from jointvision.cli import main

PAGE = (ROOT / "docs" / "source-format.md").read_text(encoding="utf-8")
SECTION = PAGE[PAGE.index("## From text to graph") : PAGE.index("## From a draft to the graph")]
#: A fenced block: its indentation, language, the rest of its info string, and its content.
FENCE = re.compile(r"^(?P<indent> *)```(?P<lang>\w*)(?P<info>[^\n]*)\n(?P<body>.*?)^(?P=indent)```", re.M | re.S)


def blocks(section: str = SECTION):
    """The fenced blocks of a section of the page: (language, flag, info attributes, body unindented)."""
    for m in FENCE.finditer(section):
        indent = len(m.group("indent"))
        body = "".join(
            line if not line.strip() else line[indent:] if line.startswith(" " * indent) else line.lstrip(" ")
            for line in m.group("body").splitlines(keepends=True)
        )
        info = dict(re.findall(r'(\w+)="([^"]*)"', m.group("info")))
        words = m.group("info").split('"')[0].split()
        yield m.group("lang"), (words[0] if words and "=" not in words[0] else ""), info, body


def offsets_in(entries: str) -> list[tuple[str, int, int]]:
    """(quote, start, end) of every evidence entry that gives offsets."""
    found = []
    for entity in yaml.safe_load(entries)["entities"]:
        for entry in entity["evidence"]:
            if "start" in entry or "end" in entry:
                found.append((entry["quote"], entry["start"], entry["end"]))
    return found


def test_the_walk_through_runs_as_written_with_one_build_and_no_offset_typed(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    builds, last, suggested, typed, missing = 0, None, None, None, 0
    for lang, flag, info, body in blocks():
        if lang == "sh":
            for line in filter(None, (raw.strip() for raw in body.splitlines())):
                words = shlex.split(line)
                if words[0] == "cd":  # the shell's: follow it, as a reader would
                    tmp_path = tmp_path / words[1]
                    monkeypatch.chdir(tmp_path)
                    continue
                assert words[0] == "jointvision", line
                last = runner.invoke(main, words[1:])
                assert last.exit_code == 0, (line, last.output)
                builds += words[1] == "build"
                if words[1] == "suggest":
                    suggested = yaml.safe_load(last.stdout)
                if words[1] == "fix":
                    assert f"fixed {missing}," in last.stdout, last.stdout
        elif lang == "text":
            (tmp_path / info["title"]).write_text(body, encoding="utf-8")
        elif lang == "yaml" and flag == "output":
            shown = yaml.safe_load(body)
            assert shown and all(stub in suggested for stub in shown), "the output shown is not what suggest prints"
        elif lang == "yaml" and "replaces" in info:
            path = tmp_path / info["title"]
            content = path.read_text(encoding="utf-8")
            assert content.count(info["replaces"]) == 1
            path.write_text(content.replace(info["replaces"], body.rstrip("\n")), encoding="utf-8")
            typed = offsets_in(body)
            printed = {(e["quote"], e["start"], e["end"]) for stub in suggested for e in stub["evidence"]}
            assert set(typed) <= printed, "an offset the curator typed, not one suggest printed"
            missing = sum(
                1 for entity in yaml.safe_load(body)["entities"] for e in entity["evidence"] if "start" not in e
            )
    assert builds == 1 and typed is not None and missing > 0
    count = re.search(r"`suggest` prints (\d+) candidates", SECTION)
    assert count and (int(count.group(1)) == len(suggested) if ARTICLE_ONLY else int(count.group(1)) <= len(suggested))
    fixed = re.search(r"`fix` adds `start` and `end` to the (\w+) quotes", SECTION).group(1)
    assert fixed == ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"][missing]
