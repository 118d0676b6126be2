"""`jointvision fix`: offsets filled in and corrected in place, with only
the numbers changing. The texts are invented test fixtures."""

from __future__ import annotations

import hashlib

from click.testing import CliRunner

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
    s1, s2, s3, s4, s5 = (TEXT.index(q) for q in ("Land A and Land B agree", "will fund ports", "train nurses",
                                                   "Land A will fund", "ports."))
    expected = (before
                .replace("    start:    3\n    end: 9\n", f"    start:    {s1}\n    end: {s1 + 23}\n")
                .replace("    -   quote: 'will fund ports'\n",
                         f"    -   quote: 'will fund ports'\n        start: {s2}\n        end: {s2 + 15}\n")
                .replace('{quote: "train nurses", start: 1, end: 2}',
                         f'{{quote: "train nurses", start: {s3}, end: {s3 + 12}}}')
                .replace("{quote: Land A will fund}", f"{{quote: Land A will fund, start: {s4}, end: {s4 + 16}}}")
                .replace('{ quote: "ports.",  start: 1 }', f'{{ quote: "ports.",  start: {s5}, end: {s5 + 6} }}'))
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
    text = once.decode().replace("  - quote: nurses\n    start: 0\n    end: 6\n",
                                 f"  - quote: nurses\n    start: {TEXT.index('nurses')}\n    end: {TEXT.index('nurses') + 6}\n")
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
    assert bad.exit_code == 2 and "not valid YAML" in bad.output and "Traceback" not in bad.output


# ------------------------------------------------------------ new-source, then fix, then a clean build
def test_new_source_writes_a_skeleton_that_builds_and_never_overwrites(tmp_path, monkeypatch):
    import yaml as pyyaml

    monkeypatch.chdir(tmp_path)  # no project here
    (tmp_path / "release.txt").write_text(TEXT, encoding="utf-8")
    made = CliRunner().invoke(main, ["new-source", "release.txt", "--id", "land-release", "--label",
                                     "Invented release", "--kind", "press-release", "--date", "2031-04-01"])
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
        handle.write("".join(f"- id: {i}\n  type: Country\n  label: {label}\n  evidence:\n  - quote: {quote}\n"
                             for i, label, quote in (("land-a", "Land A", "Land A will fund ports"),
                                                     ("land-b", "Land B", "Land B will train nurses"))))
    text = fact_file.read_text(encoding="utf-8").replace("entities: []\n", "entities:\n")
    fact_file.write_text(text, encoding="utf-8")
    assert CliRunner().invoke(main, ["fix", str(fact_file)]).exit_code == 0
    built = CliRunner().invoke(main, ["build", "--data", str(fact_file), "--out", str(tmp_path / "out")])
    assert built.exit_code == 0, built.output


def test_new_source_refuses_bad_metadata(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "t.txt").write_text(TEXT, encoding="utf-8")
    for args, message in ((["--id", "Bad_Id", "--label", "x"], "not an identifier"),
                          (["--id", "ok", "--label", "x", "--date", "2031-13-01"], "not a date"),
                          (["--id", "ok", "--label", "x", "--kind", "tweet"], "not one of"),
                          (["--id", "ok", "--label", "  "], "a label is needed")):
        result = CliRunner().invoke(main, ["new-source", "t.txt", *args])
        assert result.exit_code == 2 and message in result.output, result.output
    assert not (tmp_path / "ok.yaml").exists()
