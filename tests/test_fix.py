"""`jointvision fix`: offsets filled in and corrected in place, with only
the numbers changing. The texts are invented test fixtures."""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jointvision.cli import main
from jointvision.source.reader import read_source_file

TEXT = "Invented fixture. Land A and Land B agree. Land A will fund ports. Land B will train nurses, twice: nurses."

#: A fact file as a person writes one: comments, odd spacing, quoting styles,
#: wrong and missing offsets, one ambiguous quote and one misquote.
FACTS = """# Test fixture: invented facts of an invented text.
format: jointvision-source/2
source:
  id: fix-source   # the id
  label: 'Invented text for fix'
  text: fix.txt
  sha256: {sha}
entities:
- id: land-a
  type: Country
  label: Land A
  evidence:
  - quote: "Land A and Land B agree"     # wrong offsets
    start:    3
    end: 9
- id: port-fund
  type: Program
  label: Port fund
  evidence:
    -   quote: 'will fund ports'
        # no offsets yet
    - {{quote: Land A will fund}}
    - {{ quote: "ports.",  start: 1 }}   # wrong start, no end
- id: nurses
  type: Program
  label: Nurses
  evidence:
  - quote: nurses
    start: 0
    end: 6
  - {{quote: "train nurses", start: 1, end: 2}}
- id: land-b
  type: Country
  label: Land B
  evidence:
  - quote: Land Q will train
    start: 1
    end: 2
"""


def write(tmp_path):
    (tmp_path / "fix.txt").write_text(TEXT, encoding="utf-8")
    path = tmp_path / "fix.yaml"
    path.write_text(FACTS.format(sha=hashlib.sha256(TEXT.encode()).hexdigest()), encoding="utf-8")
    return path


def test_fix_changes_only_the_offsets_and_lists_what_it_left(tmp_path):
    """Byte for byte, the fixed file is the original with the right numbers
    in place and two lines added under the quote that had no offsets."""
    path = write(tmp_path)
    before = path.read_text(encoding="utf-8")
    result = CliRunner().invoke(main, ["fix", str(path)])
    assert result.exit_code == 1, result.output  # two quotes left alone
    assert "stands 2 times" in result.output and "does not stand" in result.output
    s1, s2, s3, s4, s5 = (
        TEXT.index(q)
        for q in ("Land A and Land B agree", "will fund ports", "train nurses", "Land A will fund", "ports.")
    )
    expected = (
        before.replace("    start:    3\n    end: 9\n", f"    start:    {s1}\n    end: {s1 + 23}\n")
        .replace(
            "    -   quote: 'will fund ports'\n",
            f"    -   quote: 'will fund ports'\n        start: {s2}\n        end: {s2 + 15}\n",
        )
        .replace('{quote: "train nurses", start: 1, end: 2}', f'{{quote: "train nurses", start: {s3}, end: {s3 + 12}}}')
        .replace("{quote: Land A will fund}", f"{{quote: Land A will fund, start: {s4}, end: {s4 + 16}}}")
        .replace('{ quote: "ports.",  start: 1 }', f'{{ quote: "ports.",  start: {s5}, end: {s5 + 6} }}')
    )
    assert expected != before
    assert path.read_text(encoding="utf-8") == expected


def test_after_fix_the_fixed_quotes_read_and_a_second_run_changes_nothing(tmp_path):
    path = write(tmp_path)
    CliRunner().invoke(main, ["fix", str(path)])
    once = path.read_bytes()
    again = CliRunner().invoke(main, ["fix", str(path)])
    assert path.read_bytes() == once
    assert "fixed 0" in again.output
    # with the two quotes fix cannot place corrected by hand, the file reads clean
    text = once.decode().replace(
        "  - quote: nurses\n    start: 0\n    end: 6\n",
        f"  - quote: nurses\n    start: {TEXT.index('nurses')}\n    end: {TEXT.index('nurses') + 6}\n",
    )
    text = text.replace("Land Q will train", "Land B will train")
    path.write_text(text, encoding="utf-8")
    assert CliRunner().invoke(main, ["fix", str(path)]).exit_code == 0
    assert read_source_file(path).label == "Invented text for fix"


def test_dry_run_changes_nothing_and_bad_input_is_exit_2(tmp_path):
    path = write(tmp_path)
    before = path.read_bytes()
    result = CliRunner().invoke(main, ["fix", "--dry-run", str(path)])
    assert "would fix 5" in result.output and path.read_bytes() == before
    (tmp_path / "broken.yaml").write_text("entities: [unclosed\n", encoding="utf-8")
    bad = CliRunner().invoke(main, ["fix", str(tmp_path / "broken.yaml")])
    assert bad.exit_code == 2 and "malformed YAML" in bad.output and "Traceback" not in bad.output


# ------------------------------------------------------------ new-source, then fix, then a clean build
def test_new_source_writes_a_skeleton_that_builds_and_never_overwrites(tmp_path, monkeypatch):
    import yaml as pyyaml

    monkeypatch.chdir(tmp_path)  # no project here
    (tmp_path / "release.txt").write_text(TEXT, encoding="utf-8")
    made = CliRunner().invoke(
        main,
        [
            "new-source",
            "release.txt",
            "--id",
            "land-release",
            "--label",
            "Invented release",
            "--kind",
            "press-release",
            "--date",
            "2031-04-01",
        ],
    )
    assert made.exit_code == 0, made.output
    fact_file = tmp_path / "land-release.yaml"
    doc = pyyaml.safe_load(fact_file.read_text(encoding="utf-8"))
    assert doc["source"]["sha256"] == hashlib.sha256(TEXT.encode()).hexdigest()
    assert doc["source"]["published"] == "2031-04-01" and doc["entities"] == []
    again = CliRunner().invoke(main, ["new-source", "release.txt", "--id", "land-release", "--label", "Other"])
    assert again.exit_code == 2 and "never overwrites" in again.output
    assert pyyaml.safe_load(fact_file.read_text(encoding="utf-8")) == doc
    # a curator adds entities with quotes and no offsets; fix fills them in; the first build is clean
    with fact_file.open("a", encoding="utf-8") as handle:
        handle.write(
            "".join(
                f"- id: {i}\n  type: Country\n  label: {label}\n  evidence:\n  - quote: {quote}\n"
                for i, label, quote in (
                    ("land-a", "Land A", "Land A will fund ports"),
                    ("land-b", "Land B", "Land B will train nurses"),
                )
            )
        )
    text = fact_file.read_text(encoding="utf-8").replace("entities: []\n", "entities:\n")
    fact_file.write_text(text, encoding="utf-8")
    assert CliRunner().invoke(main, ["fix", str(fact_file)]).exit_code == 0
    built = CliRunner().invoke(main, ["build", "--data", str(fact_file), "--out", str(tmp_path / "out")])
    assert built.exit_code == 0, built.output


def test_new_source_refuses_bad_metadata(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "t.txt").write_text(TEXT, encoding="utf-8")
    for args, message in (
        (["--id", "Bad_Id", "--label", "x"], "not an identifier"),
        (["--id", "ok", "--label", "x", "--date", "2031-13-01"], "not a date"),
        (["--id", "ok", "--label", "x", "--kind", "tweet"], "not one of"),
        (["--id", "ok", "--label", "  "], "a label is needed"),
    ):
        result = CliRunner().invoke(main, ["new-source", "t.txt", *args])
        assert result.exit_code == 2 and message in result.output, result.output
    assert not (tmp_path / "ok.yaml").exists()


# ------------------------------------------------------------ every layout: the file reads, only offsets change
#: An invented test fixture text with paragraphs, so that quotes may hold line breaks.
LAYOUT_TEXT = (
    "Invented test fixture for fix layouts.\nLand A will fund ports.\n\nLand B will train nurses.\n"
    "The end of the fixture.\n"
)
HEAD = (
    "# Test fixture: invented facts of an invented text.\nformat: jointvision-source/2\nsource:\n  id: layout\n"
    "  label: Invented layouts\n  text: layout.txt\n  sha256: {sha}\nentities:\n"
)
ENTITY = "- id: {id}\n  type: Country\n  label: {label}\n  evidence:\n"
NEXT = ENTITY.format(id="land-b", label="Land B") + "  - quote: Land B will train nurses\n"

#: The evidence of entity land-a, written in every way YAML allows; the
#: quote fix must place stands once in LAYOUT_TEXT. ``{next}``: what follows.
LAYOUTS = {
    "folded strip, followed by an entry": "  - quote: >-\n      Land A will\n      fund ports.\n"
    "  - quote: train nurses\n",
    "folded clip, last of its entity": "  - quote: >\n      Land A will\n      fund ports.\n{next}",
    "folded keep, blank line kept": "  - quote: >+\n      Land A will fund ports.\n\n{next}",
    "literal strip, last of its entity": "  - quote: |-\n      Land A will fund ports.\n{next}",
    "literal clip, followed by an entry": "  - quote: |\n      Land A will fund ports.\n"
    "  - quote: train nurses\n{next}",
    "literal keep, then a comment": "  - quote: |+\n      Land A will fund ports.\n\n    # a comment after the block\n"
    "{next}",
    "literal with two lines and comments": "  - quote: |-  # the header's comment\n      fund ports.\n\n"
    "      Land B will\n  # a comment less indented\n\n{next}",
    "literal at the end of the file": "  - quote: |-\n      Land A will fund ports.\n",
    "literal clip at the end of the file, no final line break": "  - quote: |\n      Land A will fund ports.",
    "folded strip at the end of the file, no final line break": "  - quote: >-\n      Land A will\n      fund ports.",
    "block scalar, start given, end missing": "  - quote: |-\n      Land A will fund ports.\n    start: 1\n{next}",
    "block scalar, end given, start missing": "  - quote: >-\n      Land A will fund ports.\n    end: 2\n{next}",
    "start given first, end missing": "  - start: 7\n    quote: Land A will fund ports.\n{next}",
    "wrong offsets with an anchor (no alias)": "  - quote: Land A will fund ports.\n    start: &s 3\n"
    "    end: 9\n{next}",
    "anchored entry and key": "  - &entry\n    &key quote: >-\n      Land A will fund ports.\n{next}",
    "plain over two lines, with a comment": "  - quote: Land A will\n      fund ports.   # the quote\n{next}",
    "double-quoted over two lines": '  - quote: "Land A will\n      fund ports."\n{next}',
    "single-quoted, on the line after its key": "  - quote:\n      'Land A will fund ports.'\n{next}",
    "single-quoted at the end of the file, no final line break": "  - quote: 'Land A will fund ports.'",
    "flow mapping over lines": "  - {quote: Land A will fund ports.,   # a comment\n     start: 1}\n{next}",
    "anchored flow mapping": '  - &e {quote: "Land A will fund ports."}\n{next}',
    "flow list of flow mappings": "  [{quote: 'Land A will fund ports.'}, {quote: train nurses, end: 3}]\n{next}",
    "flow list of single pairs": '  [quote: Land A will fund ports., quote: "train nurses"]\n{next}',
    "blank lines and comments between entries": "  - quote: >-\n      Land A will fund ports.\n\n  # next one\n\n"
    "  - quote: train nurses\n{next}",
}


def layout_file(tmp_path, evidence: str, line_break: str = "\n"):
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "layout.txt").write_text(LAYOUT_TEXT, encoding="utf-8", newline="")
    body = (
        HEAD.format(sha=hashlib.sha256(LAYOUT_TEXT.encode()).hexdigest())
        + ENTITY.format(id="land-a", label="Land A")
        + evidence.replace("{next}", NEXT)
    )
    if evidence.startswith("  ["):  # a flow list: on the line of `evidence:`
        body = body.replace("  evidence:\n  [", "  evidence: [")
    path = tmp_path / "layout.yaml"
    path.write_bytes(body.replace("\n", line_break).encode("utf-8"))
    return path


def fixed_tree(text: str, document: dict) -> tuple[dict, int]:
    """The tree fix must leave, worked out on its own: every quote that
    stands once (overlaps counted) and is not where its offsets say gets
    that place; nothing else changes. With how many entries it changes."""
    import copy

    tree, changed = copy.deepcopy(document), 0
    for entity in tree["entities"]:
        for entry in entity["evidence"]:
            quote, start, end = entry["quote"], entry.get("start"), entry.get("end")
            if start is not None and end is not None and text[start:end] == quote:
                continue
            places = [i for i in range(len(text)) if text.startswith(quote, i)]
            if len(places) == 1:
                entry["start"], entry["end"] = places[0], places[0] + len(quote)
                changed += 1
    return tree, changed


def load(path):
    import yaml

    return yaml.load(path.read_bytes().decode("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@pytest.mark.parametrize("line_break", ["\n", "\r\n"], ids=["LF", "CRLF"])
@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_every_layout_gets_its_own_offsets_and_nothing_else_changes(tmp_path, layout, line_break):
    path = layout_file(tmp_path, LAYOUTS[layout], line_break)
    before = path.read_bytes()
    expected, count = fixed_tree(LAYOUT_TEXT, load(path))
    assert count >= 1
    result = CliRunner().invoke(main, ["fix", str(path)])
    assert result.exit_code == 0, result.output
    assert f"fixed {count}," in result.output
    after = path.read_bytes()
    assert load(path) == expected  # the YAML trees: exactly the offsets changed
    read_source_file(path)  # and build reads it: every quote at its offsets, no key twice
    # the file keeps its line breaks, and every comment
    assert after.count(b"\r\n") == after.count(b"\n") if line_break == "\r\n" else b"\r" not in after
    comments = [line.split(b"#", 1)[1] for line in before.splitlines() if b"# " in line]
    assert comments == [line.split(b"#", 1)[1] for line in after.splitlines() if b"# " in line]
    assert after.endswith(b"\n") == before.endswith(b"\n")
    again = CliRunner().invoke(main, ["fix", str(path)])
    assert again.exit_code == 0 and "fixed 0," in again.output and path.read_bytes() == after


def test_an_anchor_on_a_fixed_offset_is_kept(tmp_path):
    path = layout_file(tmp_path, LAYOUTS["wrong offsets with an anchor (no alias)"])
    CliRunner().invoke(main, ["fix", str(path)])
    start = LAYOUT_TEXT.index("Land A will fund ports.")
    assert f"    start: &s {start}\n    end: {start + 23}\n" in path.read_text(encoding="utf-8")


# ------------------------------------------------------------ what build refuses, fix refuses, before writing
REFUSED = {
    "an alias": "  - quote: Land A will\n    start: &s 257\n    end: 2\n  - quote: train nurses\n    start: *s\n",
    "a key given twice": "  - quote: Land A will\n    start: 1\n    start: 2\n",
    "a quote given twice": "  - quote: Land A will\n    quote: train nurses\n",
    "an explicit tag": "  - quote: !note Land A will\n",
    "a tag that changes a value": "  - quote: Land A will\n    start: !!str 5\n",
    "a quoted offset": "  - quote: Land A will\n    start: '5'\n",
    "an offset that is no number": "  - quote: Land A will\n    end: [1, 2]\n",
    "an unknown field": "  - quote: Land A will\n    page: 3\n",
    "a control character": '  - quote: "Land A will\x07"\n',
    "a mapping for the quote": "  - quote: {a: 1}\n",
    "an empty quote": "  - quote: '  '\n",
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_fix_refuses_what_build_refuses_with_its_message_and_writes_nothing(tmp_path, case):
    path = layout_file(tmp_path, REFUSED[case] + "  - quote: Land A will fund ports.\n")
    before = path.read_bytes()
    built = CliRunner().invoke(main, ["build", "--data", str(path), "--out", str(tmp_path / "out")])
    assert built.exit_code == 2
    errors = [line for line in built.output.splitlines() if line.startswith("error:")]
    assert errors
    for args in (["fix"], ["fix", "--dry-run"]):
        result = CliRunner().invoke(main, [*args, str(path)])
        assert result.exit_code == 2, result.output
        assert [line for line in result.output.splitlines() if line.startswith("error:")] == errors
        assert "Traceback" not in result.output and path.read_bytes() == before


def test_a_wrong_digest_is_refused_and_no_file_is_written_when_one_of_several_is_refused(tmp_path):
    good = layout_file(tmp_path / "good", LAYOUTS["literal strip, last of its entity"])
    bad = layout_file(tmp_path / "bad", LAYOUTS["literal strip, last of its entity"])
    (tmp_path / "bad" / "layout.txt").write_text(LAYOUT_TEXT + "changed\n", encoding="utf-8")
    before = good.read_bytes(), bad.read_bytes()
    result = CliRunner().invoke(main, ["fix", str(good), str(bad)])
    assert result.exit_code == 2 and "not the one given: it changed" in result.output
    assert (good.read_bytes(), bad.read_bytes()) == before


def test_a_quote_that_stands_nowhere_is_left_alone_not_refused(tmp_path):
    path = layout_file(tmp_path, "  - quote: Land Q will fund\n  - quote: |-\n      Land A will fund ports.\n")
    result = CliRunner().invoke(main, ["fix", str(path)])
    assert result.exit_code == 1 and "fixed 1, 0 right already, 1 left alone" in result.output
    assert "does not stand" in result.output


# ------------------------------------------------------------ the file itself: mode, owner, links, failures
def simple_file(tmp_path):
    return layout_file(tmp_path, LAYOUTS["literal strip, last of its entity"])


@pytest.mark.parametrize("mode", [0o600, 0o644, 0o6755], ids=["private", "shared", "set-id bits"])
def test_mode_and_owner_are_kept(tmp_path, mode):
    path = simple_file(tmp_path)
    if os.geteuid() == 0:
        os.chown(path, 4321, 4322)
    os.chmod(path, mode)  # after chown, which clears set-id bits
    assert stat.S_IMODE(path.stat().st_mode) == mode
    before = path.read_bytes()
    assert CliRunner().invoke(main, ["fix", str(path)]).exit_code == 0
    assert path.read_bytes() != before
    info = path.stat()
    assert stat.S_IMODE(info.st_mode) == mode
    if os.geteuid() == 0:
        assert (info.st_uid, info.st_gid) == (4321, 4322)


def test_a_symbolic_link_is_edited_through_and_kept(tmp_path):
    real = simple_file(tmp_path)
    link = tmp_path / "linked.yaml"
    link.symlink_to(real.name)
    result = CliRunner().invoke(main, ["fix", str(link)])
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and os.readlink(link) == real.name
    assert load(real) == fixed_tree(LAYOUT_TEXT, load(real))[0]  # the target holds the new offsets
    assert "fixed 0," in CliRunner().invoke(main, ["fix", str(link), str(real)]).output  # fixed once


def test_a_file_with_other_hard_links_is_refused(tmp_path):
    path = simple_file(tmp_path)
    other = tmp_path / "other-name.yaml"
    os.link(path, other)
    before = path.read_bytes()
    result = CliRunner().invoke(main, ["fix", str(path)])
    assert result.exit_code == 2 and "2 hard links" in result.output and str(path) in result.output
    assert path.read_bytes() == before and os.path.samefile(path, other)
    assert CliRunner().invoke(main, ["fix", "--dry-run", str(path)]).exit_code == 0  # saying what would change


def temporary_files(folder):
    return [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("call, code", [("fsync", errno.ENOSPC), ("replace", errno.EROFS), ("open", errno.EACCES)])
def test_a_failed_write_is_exit_2_leaves_the_file_and_no_temporary_file(tmp_path, monkeypatch, call, code):
    """A full disk (the data written, then fsync fails), a read-only file
    system (the rename fails) or a folder it may not write (creating the
    temporary file fails), simulated by the system calls failing, so that
    the test holds for root too (who may write into any folder)."""
    path = simple_file(tmp_path)
    os.chmod(path, 0o640)
    before = path.read_bytes()
    real = getattr(os, call)

    def failing(*args, **kwargs):
        if call != "open" or (isinstance(args[0], (str, Path)) and str(args[0]).endswith(".tmp")):
            raise OSError(code, os.strerror(code))
        return real(*args, **kwargs)

    monkeypatch.setattr(os, call, failing)
    result = CliRunner().invoke(main, ["fix", str(path)])
    monkeypatch.undo()
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert f"error: {path}: cannot write it: {os.strerror(code)}" in result.output
    assert "the file is unchanged" in result.output
    assert path.read_bytes() == before and stat.S_IMODE(path.stat().st_mode) == 0o640
    assert temporary_files(tmp_path) == []


def test_a_file_changed_while_fix_works_is_not_overwritten(tmp_path):
    from jointvision.errors import SourceError
    from jointvision.source.fix import plan_fix, write_fix

    path = simple_file(tmp_path)
    plan = plan_fix(path)
    path.write_text(path.read_text(encoding="utf-8") + "# edited meanwhile\n", encoding="utf-8")
    edited = path.read_bytes()
    with pytest.raises(SourceError, match="changed while fix was working"):
        write_fix(plan)
    assert path.read_bytes() == edited


# ------------------------------------------------------------ property: any scalar style, with and without offsets
#: An invented test fixture text: lines, a blank line, an indented line, and
#: words that stand more than once.
PROPERTY_TEXT = (
    "Invented fixture text for the property test.\nLand A will fund ports.\n\nLand B will train "
    "nurses; nurses learn.\n  An indented line: yes.\nThe end.\n"
)


def _scalar(value, style=None, tag="tag:yaml.org,2002:str"):
    import yaml

    return yaml.ScalarNode(tag, value, style=style)


def _pairs(items, flow=False):
    import yaml

    return yaml.MappingNode("tag:yaml.org,2002:map", [(_scalar(k), v) for k, v in items], flow_style=flow)


@st.composite
def property_fact_files(draw):
    """The text of a fact file whose quotes are written in any scalar style
    (plain, single, double, folded, literal: PyYAML picks the chomping the
    value needs), in block or flow entries and lists, with offsets missing,
    partial, wrong or right, LF or CRLF, with or without a final line break."""
    import yaml

    length = len(PROPERTY_TEXT)
    entities = []
    for i in range(draw(st.integers(1, 3))):
        entries = []
        for _ in range(draw(st.integers(1, 3))):
            start = draw(st.integers(0, length - 1))
            quote = PROPERTY_TEXT[start : draw(st.integers(start + 1, min(length, start + 40)))]
            if not quote.strip():
                quote = "Land A"
            if draw(st.booleans()) and draw(st.booleans()):
                quote = "Land Q " + quote  # stands nowhere
            pairs = [("quote", _scalar(quote, draw(st.sampled_from([None, "'", '"', ">", "|"]))))]
            offsets = draw(st.sampled_from(["none", "start", "end", "wrong", "right"]))
            if offsets != "none":
                at = PROPERTY_TEXT.find(quote)
                right = (
                    (at, at + len(quote))
                    if offsets == "right" and at >= 0
                    else (draw(st.integers(0, length + 9)), draw(st.integers(0, length + 9)))
                )
                for key, number in zip(("start", "end"), right):
                    if offsets in (key, "wrong", "right"):
                        pairs.append((key, _scalar(str(number), None, "tag:yaml.org,2002:int")))
            pairs = draw(st.permutations(pairs))
            entries.append(_pairs(pairs, flow=draw(st.booleans())))
        evidence = yaml.SequenceNode("tag:yaml.org,2002:seq", entries, flow_style=draw(st.booleans()))
        entities.append(
            _pairs(
                [
                    ("id", _scalar(f"land-{i}")),
                    ("type", _scalar("Country")),
                    ("label", _scalar(f"Land {i}")),
                    ("evidence", evidence),
                ]
            )
        )
    source = _pairs(
        [
            ("id", _scalar("property")),
            ("label", _scalar("Invented text for the property test")),
            ("text", _scalar("property.txt")),
            ("sha256", _scalar(hashlib.sha256(PROPERTY_TEXT.encode()).hexdigest())),
        ]
    )
    root = _pairs(
        [
            ("format", _scalar("jointvision-source/2")),
            ("source", source),
            ("entities", yaml.SequenceNode("tag:yaml.org,2002:seq", entities)),
        ]
    )
    line_break = draw(st.sampled_from(["\n", "\r\n"]))
    document = yaml.serialize(
        root,
        Dumper=yaml.SafeDumper,
        line_break=line_break,
        indent=draw(st.sampled_from([2, 4])),
        width=draw(st.sampled_from([30, 200])),
        allow_unicode=True,
    )
    document = "# Test fixture: invented facts of an invented text." + line_break + document
    if draw(st.booleans()):
        document = document.rstrip("\r\n")
    return document


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(property_fact_files())
def test_property_fix_leaves_a_file_that_reads_with_exactly_the_offsets_changed(document):
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        (folder / "property.txt").write_text(PROPERTY_TEXT, encoding="utf-8", newline="")
        path = folder / "property.yaml"
        path.write_bytes(document.encode("utf-8"))
        expected, count = fixed_tree(PROPERTY_TEXT, load(path))
        result = CliRunner().invoke(main, ["fix", str(path)])
        assert result.exit_code in (0, 1), result.output  # never refused, never a traceback
        assert f"fixed {count}," in result.output
        assert load(path) == expected, result.output
        after = path.read_bytes()
        assert (after.count(b"\r\n") == after.count(b"\n")) if "\r\n" in document else b"\r" not in after
        if result.exit_code == 0:
            read_source_file(path)  # nothing left alone: build reads the file
        again = CliRunner().invoke(main, ["fix", str(path)])
        assert "fixed 0," in again.output and path.read_bytes() == after


# ------------------------------------------------------------ what only the files read together show
@pytest.mark.parametrize("case", ["an id used twice", "a reference of the wrong type", "an unknown reference"])
def test_what_build_refuses_across_entries_is_refused_with_its_message(tmp_path, case):
    """fix reads the file with the files a build reads beside it (its folder
    here) and refuses what that build would, with the build's message."""
    from factories import make_source

    text = "Invented fixture. Land A and the Bureau of Land A agree on ports."
    bureau = {"id": "bureau", "type": "Organisation", "label": "Bureau", "evidence": ["Bureau of Land A"]}
    land = {"id": "land-a", "type": "Country", "label": "Land A", "evidence": ["Land A and"]}
    if case == "an id used twice":
        entities = [land, {**bureau, "id": "land-a"}]
    elif case == "a reference of the wrong type":
        entities = [
            land,
            bureau,
            {"id": "ports", "type": "Program", "label": "Ports", "country": "bureau", "evidence": ["ports"]},
        ]
    else:
        entities = [
            land,
            {"id": "ports", "type": "Program", "label": "Ports", "country": "land-z", "evidence": ["ports"]},
        ]
    path = make_source(tmp_path / "data", text, entities)
    before = path.read_bytes()
    built = CliRunner().invoke(main, ["build", "--data", str(tmp_path / "data"), "--out", str(tmp_path / "out")])
    fixed = CliRunner().invoke(main, ["fix", str(path)])
    assert built.exit_code == 2 and fixed.exit_code == 2, fixed.output
    assert fixed.output == built.output and fixed.output.startswith("error: ")
    assert path.read_bytes() == before


def test_a_reference_to_an_entity_of_a_file_beside_it_is_fine(tmp_path):
    """The two-source fixture: the second file describes entities the first
    defines; each is fixed in the company of the other."""
    import shutil

    from conftest import TWO_SOURCES

    data = tmp_path / "data"
    shutil.copytree(TWO_SOURCES, data)
    for path in sorted(data.glob("*.yaml")):
        result = CliRunner().invoke(main, ["fix", "--dry-run", str(path)])
        assert result.exit_code == 0, result.output
