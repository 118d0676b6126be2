"""docs/source-format.md, "From a draft to the graph": the walk-through run as
written, in order, in an empty folder. Its text is invented (and says so).

It is also the curation measurement the page reports: one build from the
draft to a clean build and `validate`, no offset typed by hand (the draft's
offsets are kept; the curator's new quotes get theirs from `fix`), and no
fact left in an editorial note."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import yaml
from click.testing import CliRunner

from conftest import ARTICLE_ONLY, ROOT
from jointvision.cli import main
from test_from_text_to_graph import blocks

PAGE = (ROOT / "docs" / "source-format.md").read_text(encoding="utf-8")
SECTION = PAGE[PAGE.index("## From a draft to the graph") : PAGE.index("## Adding a fact or a source")]


def entry_span(text: str, entry_id: str) -> tuple[int, int]:
    """Where the entry ``entry_id`` (``- id:`` or ``- about:``) stands in a
    fact file, with the ``# check:`` lines above it."""
    lines = text.splitlines(keepends=True)
    heads = [i for i, line in enumerate(lines) if re.fullmatch(rf"  - (?:id|about): {re.escape(entry_id)}\n", line)]
    assert len(heads) == 1, f"the draft holds {len(heads)} entries {entry_id!r}"
    first = heads[0]
    while first > 0 and lines[first - 1].startswith("  # check:"):
        first -= 1
    last = heads[0] + 1
    while last < len(lines) and lines[last].startswith("    "):
        last += 1
    start = sum(len(line) for line in lines[:first])
    return start, start + sum(len(line) for line in lines[first:last])


def indented(body: str) -> str:
    return "".join(f"  {line}" if line.strip() else line for line in body.splitlines(keepends=True))


def edit(path: Path, lang_info: dict, flag: str, body: str) -> str:
    """Apply a block of the page to the fact file: replace an entry, or add entries at the end."""
    text = path.read_text(encoding="utf-8")
    if flag == "adds":
        text = text.rstrip("\n") + "\n" + indented(body)
    else:
        start, end = entry_span(text, lang_info["entry"])
        text = text[:start] + indented(body) + text[end:]
    path.write_text(text, encoding="utf-8")
    return body


def test_the_draft_walk_through_runs_as_written_with_one_build_and_no_offset_typed(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    builds, drafted, edits, shown_draft = 0, None, [], not ARTICLE_ONLY
    for lang, flag, info, body in blocks(SECTION):
        if lang == "sh":
            for line in filter(None, (raw.strip() for raw in body.splitlines())):
                words = shlex.split(line)
                if words[0] == "cd":
                    tmp_path = tmp_path / words[1]
                    monkeypatch.chdir(tmp_path)
                    continue
                assert words[0] == "jointvision", line
                result = runner.invoke(main, words[1:])
                assert result.exit_code == 0, (line, result.output)
                builds += words[1] == "build"
                if words[1] == "draft":
                    drafted = (tmp_path / words[2]).with_suffix(".yaml")
                    counts = re.search(r"(\d+) entries, (\d+) marked", result.output)
                    shown = re.search(r"`draft` writes (\d+) entries, (\d+) of them marked", SECTION)
                    assert counts and shown, result.output
                    if ARTICLE_ONLY:  # what the page shows is what draft writes on the article's graph
                        assert counts.groups() == shown.groups(), result.output
        elif lang == "text":
            (tmp_path / info["title"]).write_text(body, encoding="utf-8")
        elif lang == "yaml" and flag == "drafted" and ARTICLE_ONLY:
            assert drafted is not None
            assert indented(body) in drafted.read_text(encoding="utf-8"), "the draft shown is not what draft writes"
            shown_draft = True
        elif lang == "yaml" and ("entry" in info or flag == "adds"):
            edits.append(edit(tmp_path / info["title"], info, flag, body))
    assert (
        builds == 1 and shown_draft and len(edits) == SECTION.count('```yaml entry="') + SECTION.count("```yaml adds")
    )
    for body in edits:  # every quote the curator wrote is without offsets: `fix` adds them
        for entity in yaml.safe_load(body) or []:
            assert all("start" not in e and "end" not in e for e in entity.get("evidence", [])), entity
            assert "editorial_note" not in entity, entity
