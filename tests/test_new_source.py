"""`jointvision new-source` on hostile options: each bad value gets one
message naming TEXT and the option, exit status 2, and nothing written;
every value it does take gives a fact file that build reads. The texts
are invented test fixtures."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from jointvision.cli import main
from jointvision.source.reader import read_source_file

TEXT = "Invented fixture, not any real source: Land A and Land B will train 500 nurses by 2031.\n"


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no project here
    (tmp_path / "t.txt").write_text(TEXT, encoding="utf-8")
    return tmp_path


def new_source(*args: str):
    return CliRunner().invoke(main, ["new-source", "t.txt", *args])


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize(
    "args, option, message",
    [
        (["--id", "a" * 300, "--label", "x"], "--id", "too long"),
        (["--id", "a" * 201, "--label", "x"], "--id", "too long"),
        # bytes that are not UTF-8 reach the command as lone surrogates (surrogateescape)
        (["--id", "ok", "--label", "\udcff\udcfe"], "--label", "not UTF-8"),
        (["--id", "ok", "--label", "L", "--publisher", "\udcff"], "--publisher", "not UTF-8"),
        (["--id", "ok", "--label", "a\x01b"], "--label", "U+0001"),
        # a language tag at the end is refused as build refuses it
        (["--id", "ok", "--label", "日本@ja"], "--label", "{ja: 日本}"),
        (["--id", "ok", "--label", "a\ufffeb"], "--label", "U+FFFE"),
        (["--id", "ok", "--label", "L", "--publisher", "ACME\x1b[2J"], "--publisher", "U+001B"),
        (["--id", "ok", "--label", "L", "--publisher", "  "], "--publisher", "must not be empty"),
        (["--id", "ok", "--label", "L", "--date", "20310401"], "--date", "a date such as 2025-08-29"),
        (["--id", "ok", "--label", "L", "--date", "2031-W14-2"], "--date", "a date such as 2025-08-29"),
    ],
)
def test_a_bad_option_is_named_exit_2_and_nothing_is_written(folder, args, option, message):
    result = new_source(*args)
    assert result.exit_code == 2, result.output
    assert f"error: t.txt: {option}: " in result.output and message in result.output, result.output
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)
    assert listing(folder) == ["t.txt"]


def test_undecodable_bytes_on_the_real_command_line(folder):
    """As a shell passes them: `--label $'\\xff\\xfe'`, `--publisher $'\\xff'`."""
    for extra in ([b"--label", b"\xff\xfe"], [b"--label", b"L", b"--publisher", b"\xff"]):
        run = subprocess.run(
            [sys.executable, "-m", "jointvision", "new-source", b"t.txt", b"--id", b"ok", *extra],
            capture_output=True,
            check=False,
            cwd=folder,
            env={**os.environ, "LC_ALL": "C.UTF-8"},
        )
        stderr = run.stderr.decode("utf-8", "replace")
        assert run.returncode == 2 and "not UTF-8" in stderr and "Traceback" not in stderr, stderr
        assert stderr.count("\n") == 1  # one line
    assert listing(folder) == ["t.txt"]


def test_the_longest_id_makes_a_file_that_builds(folder):
    result = new_source("--id", "a" * 200, "--label", "Invented release")
    assert result.exit_code == 0, result.output
    assert read_source_file(folder / ("a" * 200 + ".yaml")).source_id == "a" * 200


@pytest.mark.parametrize(
    "label",
    [
        "Invented\u2028release",  # characters YAML reads as line breaks: written as escapes
        "Invented\x85release\u2029",
        "Invented \x7f release\nsecond line",
        "Invented\ttabbed \u00e9\U0001f600 \u200b release",
        "yes",  # a word YAML 1.1 would read as true
        "'quoted': # not a comment",
    ],
)
def test_a_label_build_takes_is_written_so_that_build_reads_it_as_given(folder, label):
    result = new_source("--id", "ok", "--label", label, "--publisher", label)
    assert result.exit_code == 0, result.output
    source = read_source_file(folder / "ok.yaml")
    assert source.label == label.strip() and source.metadata["publisher"].value == label


def test_a_link_to_a_text_elsewhere_gets_its_fact_file_beside_the_text(tmp_path, monkeypatch):
    elsewhere = tmp_path / "texts"
    elsewhere.mkdir()
    (elsewhere / "release-2031.txt").write_text(TEXT, encoding="utf-8")
    here = tmp_path / "work"
    here.mkdir()
    (here / "link.txt").symlink_to(elsewhere / "release-2031.txt")
    monkeypatch.chdir(here)
    result = CliRunner().invoke(main, ["new-source", "link.txt", "--id", "ok", "--label", "Invented release"])
    assert result.exit_code == 0, result.output
    assert read_source_file(elsewhere / "ok.yaml").text_name == "release-2031.txt"
    assert listing(here) == ["link.txt"]


def test_a_text_name_a_fact_file_cannot_hold_is_refused(folder):
    (folder / "a\\b.txt").write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(main, ["new-source", "a\\b.txt", "--id", "ok", "--label", "L"])
    assert result.exit_code == 2 and ": TEXT: " in result.output, result.output
    assert not (folder / "ok.yaml").exists()


def test_never_overwrites_not_even_through_a_dangling_link(folder):
    (folder / "ok.yaml").symlink_to(folder / "missing.yaml")
    result = new_source("--id", "ok", "--label", "L")
    assert result.exit_code == 2 and "never overwrites" in result.output
    assert not (folder / "missing.yaml").exists() and (folder / "ok.yaml").is_symlink()


def test_a_write_that_fails_is_one_message_naming_the_file_and_leaves_nothing(tmp_path, monkeypatch):
    """In a project, the text is copied into its sources; when the fact file
    then cannot be written (a full disk), the copy goes too."""
    from jointvision import files

    assert CliRunner().invoke(main, ["init", str(tmp_path / "project")]).exit_code == 0
    sources = tmp_path / "project" / "sources"
    before = listing(sources)
    (tmp_path / "release.txt").write_text(TEXT, encoding="utf-8")
    write = files._write_new

    def full_disk(path, data, **kw):
        if Path(path).suffix == ".yaml":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        return write(path, data, **kw)

    monkeypatch.setattr(files, "_write_new", full_disk)
    monkeypatch.chdir(tmp_path / "project")
    result = CliRunner().invoke(main, ["new-source", str(tmp_path / "release.txt"), "--id", "ok", "--label", "L"])
    assert result.exit_code == 2, result.output
    assert str(sources / "ok.yaml") in result.output and os.strerror(errno.ENOSPC) in result.output
    assert listing(sources) == before  # neither the fact file nor the copy of the text


def test_in_a_project_a_text_from_outside_is_copied_and_a_different_one_there_is_refused(tmp_path, monkeypatch):
    assert CliRunner().invoke(main, ["init", str(tmp_path / "project")]).exit_code == 0
    sources = tmp_path / "project" / "sources"
    (tmp_path / "release.txt").write_text(TEXT, encoding="utf-8")
    monkeypatch.chdir(tmp_path / "project")
    result = CliRunner().invoke(main, ["new-source", str(tmp_path / "release.txt"), "--id", "ok", "--label", "L"])
    assert result.exit_code == 0, result.output
    assert read_source_file(sources / "ok.yaml").text == TEXT
    (tmp_path / "other" / "release.txt").parent.mkdir()
    (tmp_path / "other" / "release.txt").write_text(TEXT + "changed\n", encoding="utf-8")
    before = listing(sources)
    result = CliRunner().invoke(
        main, ["new-source", str(tmp_path / "other" / "release.txt"), "--id", "other", "--label", "L"]
    )
    assert result.exit_code == 2 and ": TEXT: " in result.output and "other contents" in result.output
    assert listing(sources) == before and (sources / "release.txt").read_text(encoding="utf-8") == TEXT


def test_an_id_another_fact_file_beside_it_uses_is_refused(tmp_path, monkeypatch):
    """A source id already used by a fact file a build reads with the new
    one (here, one of its folder with another file name) would make that
    build fail: refused, nothing written."""
    import shutil

    from conftest import TWO_SOURCES

    folder = tmp_path / "data"
    shutil.copytree(TWO_SOURCES, folder)
    other = folder / "northland-communique.yaml"
    renamed = folder / "renamed.yaml"
    renamed.write_text(other.read_text(encoding="utf-8"), encoding="utf-8")
    other.unlink()
    (folder / "new.txt").write_text("Invented fixture text.", encoding="utf-8")
    before = sorted(p.name for p in folder.iterdir())
    monkeypatch.chdir(tmp_path)  # outside any project: the fact file goes beside its text
    result = CliRunner().invoke(
        main, ["new-source", str(folder / "new.txt"), "--id", "northland-communique", "--label", "A new text"]
    )
    assert result.exit_code == 2 and "is already used in" in result.output, result.output
    assert sorted(p.name for p in folder.iterdir()) == before
