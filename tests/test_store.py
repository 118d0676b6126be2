"""Build once, open many: a build keeps its dataset as an on-disk store, the
next command opens it read-only instead of reading YAML again, and any
change to what the build read means a new build, never a stale answer."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from conftest import FACT_FILE, TWO_SOURCES, run_cli
from jointvision.rdf.build import build_dataset
from jointvision.rdf.cache import Saving, cache_root, open_cached, save
from jointvision.source.loader import find_source_files, load_sources


@pytest.fixture
def facts(tmp_path):
    folder = tmp_path / "facts"
    shutil.copytree(TWO_SOURCES, folder)
    return folder


def _keep(folder, root, meanwhile: bool = False):
    """Keep the dataset of ``folder`` in ``root``: in turn, or on a thread
    of its own as ``build`` does (``rdf.cache.Saving``)."""
    sources = load_sources(folder)
    dataset = build_dataset(folder)
    inputs = [(s.path, s.file_sha256) for s in sources] + [(s.path.parent / s.text_name, s.sha256) for s in sources]
    files = [s.path for s in sources]
    if meanwhile:
        assert Saving(dataset, files, inputs, [], root).finish() is None
    else:
        assert save(dataset, files, inputs, [], root) is None
    return dataset


def _every_quad(store) -> list[bytes]:
    return sorted(store.dump(format=ox.RdfFormat.N_QUADS).splitlines())


@pytest.mark.parametrize("meanwhile", [False, True], ids=["in turn", "on a thread"])
def test_a_kept_store_opens_with_the_same_quads(facts, tmp_path, meanwhile):
    root = tmp_path / "cache"
    built = _keep(facts, root, meanwhile)
    cached = open_cached(find_source_files(facts), root)
    assert cached is not None and set(cached.dataset.quads()) == set(built.quads())
    assert cached.dataset.sizes() == built.sizes()
    assert _every_quad(cached.dataset.store) == _every_quad(built.store)  # the default graph's too
    assert not list(root.glob("*/passing-*")), "the file the store was copied through is left behind"


def test_a_store_kept_on_a_thread_that_cannot_be_written_says_why(facts, tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    sources = load_sources(facts)
    saving = Saving(
        build_dataset(facts), [s.path for s in sources], [(s.path, s.file_sha256) for s in sources], [], blocked
    )
    assert "the store could not be kept" in (saving.finish() or "")


@pytest.mark.parametrize(
    "change", ["fact file", "source text", "same size, times set back", "file added", "file removed"]
)
@pytest.mark.parametrize("opened_before", [False, True])
def test_any_change_to_what_the_build_read_means_a_new_build(facts, tmp_path, change, opened_before, monkeypatch):
    """Also once a command has opened the store and noted what its inputs
    were: an edit of the same length whose times are set back is caught."""
    from jointvision.rdf import cache

    root = tmp_path / "cache"
    _keep(facts, root)
    if opened_before:
        monkeypatch.setattr(cache, "_RACY_NS", 0)  # files written just now are noted too
        assert open_cached(find_source_files(facts), root) is not None  # hashed, and noted
        (note,) = root.glob(f"*/{cache._INPUTS_NOTE}")
        assert len(json.loads(note.read_text())) == 4  # two fact files, two texts
        assert open_cached(find_source_files(facts), root) is not None  # as noted
    fact = facts / "southland-gazette-report.yaml"
    if change == "same size, times set back":
        before = fact.stat()
        text = fact.read_text(encoding="utf-8")
        assert "Southland" in text
        with open(fact, "r+b") as handle:  # the same inode, the same length
            handle.write(text.replace("Southland", "Northland", 1).encode("utf-8"))
        os.utime(fact, ns=(before.st_atime_ns, before.st_mtime_ns))
        assert fact.stat().st_size == before.st_size and fact.stat().st_mtime_ns == before.st_mtime_ns
    elif change == "fact file":
        fact.write_text(
            fact.read_text(encoding="utf-8").replace("Southland Gazette report", "Gazette report"), encoding="utf-8"
        )
    elif change == "source text":
        text = facts / "southland-gazette-report.txt"
        text.write_bytes(text.read_bytes() + b" ")
    elif change == "file added":
        shutil.copyfile(fact, facts / "zz-copy.yaml")
    else:
        fact.unlink()
    assert open_cached(find_source_files(facts), root) is None


def test_a_file_written_again_within_the_clock_tick_is_hashed_again(facts, tmp_path, monkeypatch):
    """On a file system that keeps times to the second, a file written again
    at the same length in the same second keeps every time it had: a file
    changed that recently is hashed but never noted, so the next command
    hashes it again and sees the change."""
    from jointvision.rdf import cache

    real = cache._input_identity

    def to_the_second(path):
        found = real(path)
        return None if found is None else [found[0], found[1] // 10**9 * 10**9, found[2] // 10**9 * 10**9, *found[3:]]

    monkeypatch.setattr(cache, "_input_identity", to_the_second)
    root = tmp_path / "cache"
    fact = facts / "southland-gazette-report.yaml"
    _keep(facts, root)
    assert open_cached(find_source_files(facts), root) is not None  # hashed; too fresh to be noted
    assert all(json.loads(note.read_text()) == {} for note in root.glob(f"*/{cache._INPUTS_NOTE}"))
    text = fact.read_text(encoding="utf-8")
    with open(fact, "r+b") as handle:  # the same inode and length, within the same second
        handle.write(text.replace("Southland", "Northland", 1).encode("utf-8"))
    assert open_cached(find_source_files(facts), root) is None


def test_commands_open_the_store_a_build_kept_and_see_changes_at_once(facts, tmp_path):
    env = {"JOINTVISION_CACHE": str(tmp_path / "cache")}
    assert run_cli("build", "--data", str(facts), "--out", str(tmp_path / "out"), env=env).returncode == 0
    (manifest,) = (tmp_path / "cache").glob("*/manifest.json")
    inputs = json.loads(manifest.read_text())["inputs"]
    assert len(inputs) == 4  # two fact files and their two texts
    query = "SELECT ?l WHERE { jvd:fisheries-memorandum rdfs:label ?l }"
    first = run_cli("query", query, "--data", str(facts), "--format", "csv", env=env)
    assert first.stdout.splitlines() == ["l", "Memorandum of cooperation on fisheries"]
    fact = facts / "southland-gazette-report.yaml"
    fact.write_text(
        fact.read_text(encoding="utf-8").replace(
            "label: Memorandum of cooperation on fisheries", "label: Fisheries memorandum"
        ),
        encoding="utf-8",
    )
    second = run_cli("query", query, "--data", str(facts), "--format", "csv", env=env)
    assert second.stdout.splitlines() == ["l", "Fisheries memorandum"]  # rebuilt, not served stale


def test_a_broken_store_is_built_again(facts, tmp_path):
    root = tmp_path / "cache"
    _keep(facts, root)
    (store,) = [p for p in root.glob("*/store-*") if p.is_dir()]
    shutil.rmtree(store)
    store.mkdir()
    (store / "CURRENT").write_text("garbage")
    assert open_cached(find_source_files(facts), root) is None
    env = {"JOINTVISION_CACHE": str(root)}
    result = run_cli("stats", "--data", str(facts), env=env)
    assert result.returncode == 0 and "triples:" in result.stdout


def test_caching_can_be_turned_off(monkeypatch, tmp_path):
    monkeypatch.setenv("JOINTVISION_CACHE", "off")
    assert cache_root(tmp_path) is None
    result = run_cli("stats", "--data", str(FACT_FILE), env={"JOINTVISION_CACHE": "off"})
    assert result.returncode == 0


@pytest.mark.parametrize("command", [["stats"], ["build", "--outputs", "rdf", "--out", "downloads"]])
def test_a_cache_that_cannot_be_written_does_not_stop_the_command(tmp_path, command):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    result = run_cli(
        *command, "--data", str(FACT_FILE), cwd=tmp_path, env={"JOINTVISION_CACHE": str(blocked / "cache")}
    )
    assert result.returncode == 0 and "the store could not be kept" in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_workers_open_the_kept_store(facts, tmp_path):
    """After a build, the server's workers read the on-disk store the build
    kept (one copy of the data on disk, not one per worker in memory)."""
    import socket
    import subprocess
    import time

    import httpx

    from conftest import jointvision_command

    env = {"JOINTVISION_CACHE": str(tmp_path / "cache")}
    assert run_cli("build", "--data", str(facts), "--out", str(tmp_path / "out"), env=env).returncode == 0
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    import os

    process = subprocess.Popen(
        jointvision_command() + ["serve", "--data", str(facts), "--port", str(port), "--workers", "2"],
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        for _ in range(200):
            try:
                if httpx.get(f"http://127.0.0.1:{port}/health").status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        version = httpx.get(f"http://127.0.0.1:{port}/version").json()
        assert version["store"].startswith("on disk")
        answer = httpx.post(f"http://127.0.0.1:{port}/sparql", data={"query": "ASK { jvd:fisheries-memorandum ?p ?o }"})
        assert answer.json()["boolean"] is True
        # a build replacing the store meanwhile does not disturb the running server
        assert run_cli("build", "--data", str(facts), "--out", str(tmp_path / "out"), env=env).returncode == 0
        again = httpx.post(
            f"http://127.0.0.1:{port}/sparql", data={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o } # fresh"}
        )
        assert again.status_code == 200 and int(again.json()["results"]["bindings"][0]["n"]["value"]) > 0
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_an_edit_made_while_a_build_runs_is_caught_by_the_next_command(facts, tmp_path):
    """The digests kept are those of the bytes the build read, not of the
    files as they are when it finishes."""
    root = tmp_path / "cache"
    sources = load_sources(facts)
    dataset = build_dataset(facts)
    fact = facts / "southland-gazette-report.yaml"
    fact.write_text(
        fact.read_text(encoding="utf-8").replace("Southland Gazette report", "Gazette report"), encoding="utf-8"
    )  # after reading, before keeping
    inputs = [(s.path, s.file_sha256) for s in sources] + [(s.path.parent / s.text_name, s.sha256) for s in sources]
    assert save(dataset, [s.path for s in sources], inputs, [], root) is None
    assert open_cached(find_source_files(facts), root) is None


@pytest.mark.parametrize("make", ["link", "fifo"])
def test_a_text_turned_into_a_link_or_a_pipe_is_not_trusted(facts, tmp_path, make):
    import os

    env = {"JOINTVISION_CACHE": str(tmp_path / "cache")}
    assert run_cli("stats", "--data", str(facts), env=env).returncode == 0
    text = facts / "southland-gazette-report.txt"
    text.unlink()
    if make == "link":
        os.symlink("northland-communique.txt", text)  # another text: its digest does not match
    else:
        os.mkfifo(text)
    result = run_cli("stats", "--data", str(facts), env=env)
    assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr


@pytest.mark.parametrize("field, value", [("warnings", 5), ("warnings", "abc"), ("inputs", []), ("quads", "x")])
def test_a_tampered_manifest_is_not_trusted(facts, tmp_path, field, value):
    root = tmp_path / "cache"
    _keep(facts, root)
    (manifest,) = root.glob("*/manifest.json")
    data = json.loads(manifest.read_text())
    data[field] = value
    manifest.write_text(json.dumps(data))
    assert open_cached(find_source_files(facts), root) is None
    result = run_cli("stats", "--data", str(facts), env={"JOINTVISION_CACHE": str(root)})
    assert result.returncode == 0 and "Traceback" not in result.stderr


def test_a_damaged_store_is_noticed_and_replaced(facts, tmp_path):
    root = tmp_path / "cache"
    _keep(facts, root)
    # opened once, it is read whole and noted as verified; a later change to its files is still caught
    assert open_cached(find_source_files(facts), root) is not None
    (store,) = [p for p in root.glob("*/store-*") if p.is_dir()]
    assert store.with_name(store.name + ".verified").is_file()
    for table in store.glob("*.sst"):
        data = bytearray(table.read_bytes())
        for i in range(100, len(data) - 100, 97):
            data[i] ^= 0xFF
        table.write_bytes(bytes(data))
    assert open_cached(find_source_files(facts), root) is None
    env = {"JOINTVISION_CACHE": str(root)}
    assert run_cli("build", "--data", str(facts), "--out", str(tmp_path / "out"), env=env).returncode == 0
    assert open_cached(find_source_files(facts), root) is not None  # the build wrote a whole one again


def test_snapshots_of_servers_that_are_gone_are_removed(tmp_path, monkeypatch):
    import os
    import subprocess
    import tempfile

    from jointvision.server.snapshot import snapshot

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    gone = subprocess.Popen(["true"])
    gone.wait()
    orphan = tmp_path / "jointvision-serve-orphan"
    (orphan / "store").mkdir(parents=True)
    (orphan / "owner").write_text(str(gone.pid))
    alive = tmp_path / "jointvision-serve-alive"
    alive.mkdir()
    (alive / "owner").write_text(str(os.getpid()))
    source = tmp_path / "store"
    source.mkdir()
    (source / "CURRENT").write_text("x\n")
    made = snapshot(str(source))
    assert not orphan.exists() and alive.exists()
    assert (tmp_path / os.path.basename(os.path.dirname(made)) / "owner").read_text() == str(os.getpid())


# ------------------------------------------------------------ progress of long steps
def test_long_steps_report_progress_to_a_listener_and_to_nobody_by_default(tmp_path):
    import contextlib

    from click.testing import CliRunner

    from conftest import TWO_SOURCES as two_sources
    from jointvision.cli import main
    from jointvision.outputs.exports import export_files
    from jointvision.outputs.push import push_dataset
    from jointvision.progress import reporting
    from jointvision.rdf.build import dataset_from_sources
    from jointvision.source.loader import find_source_files, load_sources

    seen: dict[str, list] = {}

    @contextlib.contextmanager
    def listener(label, total):
        done = seen.setdefault(label, [total, 0])
        yield lambda n: done.__setitem__(1, done[1] + n)

    with reporting(listener):
        sources = load_sources(two_sources)
        dataset = dataset_from_sources(sources)
        export_files(dataset, ["rdf", "map", "network"])
        pushed = []
        report = push_dataset(dataset, "http://127.0.0.1:9/store", dry_run=True, progress=pushed.append)
    files = len(find_source_files(two_sources))
    assert seen["reading fact files"] == [files, files]
    assert seen["building graphs"] == [len(sources), len(sources)]
    assert seen["writing downloads"] == [3, 3]
    assert sum(pushed) == report.triples == sum(dataset.sizes().values())
    # the command line draws bars only on a terminal: a test's output has none
    result = CliRunner().invoke(main, ["build", "--data", str(two_sources), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "reading fact files" not in result.output and "writing downloads" not in result.output


# ------------------------------------------------------------ a store bound to what it holds
def _swap_in_other_data(facts, tmp_path, root, *, with_mark: bool | str):
    """Keep the store of ``facts``, then put in its place the store of the
    same facts with one label changed (so the same number of quads), as a
    copy would, times and all."""
    _keep(facts, root)
    assert open_cached(find_source_files(facts), root) is not None  # verified once, noted beside it
    other = tmp_path / "other-facts"
    shutil.copytree(facts, other)
    fact = other / "northland-communique.yaml"
    fact.write_text(
        fact.read_text(encoding="utf-8").replace("label: Northland\n", "label: Northland SWAPPED\n"), encoding="utf-8"
    )
    other_root = tmp_path / "other-cache"
    other_dataset = _keep(other, other_root)
    assert len(other_dataset.store) == len(build_dataset(facts).store)  # the same size: only a label differs
    (mine,) = [p for p in root.glob("*/store-*") if p.is_dir()]
    (theirs,) = [p for p in other_root.glob("*/store-*") if p.is_dir()]
    mark = mine.with_name(mine.name + ".verified")
    shutil.rmtree(mine)
    if with_mark == "moved":  # moved, not copied: the same inodes and times, and their note with them
        assert open_cached(find_source_files(other), other_root) is not None  # their note, written
        os.rename(theirs, mine)
        os.replace(theirs.with_name(theirs.name + ".verified"), mark)
        return mine
    shutil.copytree(theirs, mine, copy_function=shutil.copy2)  # names, sizes and times as they were
    if not with_mark:
        mark.unlink()  # else the note of the store that was there stays beside the new files
    return mine


@pytest.mark.parametrize("with_mark", [False, True, "moved"])
def test_a_store_of_other_data_swapped_in_is_not_answered_from(facts, tmp_path, with_mark):
    root = tmp_path / "cache"
    _swap_in_other_data(facts, tmp_path, root, with_mark=with_mark)
    assert open_cached(find_source_files(facts), root) is None
    env = {"JOINTVISION_CACHE": str(root)}
    query = "SELECT ?l WHERE { jvd:northland rdfs:label ?l }"
    answer = run_cli("query", query, "--data", str(facts), "--format", "csv", env=env)
    assert answer.returncode == 0 and answer.stdout.splitlines() == ["l", "Northland"], answer.stdout


def test_a_build_does_not_keep_a_swapped_store(facts, tmp_path):
    root = tmp_path / "cache"
    _swap_in_other_data(facts, tmp_path, root, with_mark=False)
    env = {"JOINTVISION_CACHE": str(root)}
    assert run_cli("build", "--data", str(facts), "--out", str(tmp_path / "out"), env=env).returncode == 0
    cached = open_cached(find_source_files(facts), root)
    assert cached is not None
    assert set(cached.dataset.quads()) == set(build_dataset(facts).quads())  # the build's own data, not the swap
    exported = (tmp_path / "out" / "jointvision.nt").read_text(encoding="utf-8")
    answer = run_cli(
        "query", "SELECT ?l WHERE { jvd:northland rdfs:label ?l }", "--data", str(facts), "--format", "csv", env=env
    )
    assert "SWAPPED" not in exported and answer.stdout.splitlines() == ["l", "Northland"]


def test_a_store_that_is_a_link_to_another_is_not_trusted(facts, tmp_path):
    import os

    root = tmp_path / "cache"
    _keep(facts, root)
    (mine,) = [p for p in root.glob("*/store-*") if p.is_dir()]
    elsewhere = tmp_path / "elsewhere"
    shutil.move(str(mine), elsewhere)
    os.symlink(elsewhere, mine)
    assert open_cached(find_source_files(facts), root) is None


def test_a_manifest_pointed_at_a_superseded_store_is_not_trusted(facts, tmp_path):
    """A store a later build replaced holds the old data; naming it in the
    manifest again (its note removed) does not make it the current one."""
    root = tmp_path / "cache"
    _keep(facts, root)
    (old,) = [p for p in root.glob("*/store-*") if p.is_dir()]
    assert open_cached(find_source_files(facts), root) is not None  # the old store's note, written
    fact = facts / "northland-communique.yaml"
    fact.write_text(
        fact.read_text(encoding="utf-8").replace("label: Northland\n", "label: Newland\n"), encoding="utf-8"
    )
    _keep(facts, root)
    (manifest,) = root.glob("*/manifest.json")
    data = json.loads(manifest.read_text())
    assert data["store"] != old.name
    data["store"] = old.name
    manifest.write_text(json.dumps(data))
    (old / ".superseded").unlink(missing_ok=True)
    assert open_cached(find_source_files(facts), root) is None


def test_a_build_never_writes_through_a_link_in_the_cache(facts, tmp_path):
    root = tmp_path / "cache"
    _keep(facts, root)
    (folder,) = [p for p in root.iterdir() if p.is_dir()]
    outside = tmp_path / "outside"
    outside.mkdir()
    os.symlink(outside, folder / "store-0000000000000000")
    fact = facts / "northland-communique.yaml"
    fact.write_text(fact.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    _keep(facts, root)  # a new store: the others are marked superseded, a link among them is removed
    assert list(outside.iterdir()) == [] and not (folder / "store-0000000000000000").exists()


# ------------------------------------------------------------ one store whatever the path's spelling
def _stores(root):
    return sorted(p for p in root.glob("*/store-*") if p.is_dir())


@pytest.fixture
def spellings(facts, tmp_path, monkeypatch):
    """Ways of writing the path of the ``facts`` folder, from ``tmp_path``."""
    monkeypatch.chdir(tmp_path)
    os.symlink(facts, tmp_path / "linked")
    (tmp_path / "sub").mkdir()
    return {
        "absolute": str(facts),
        "relative": "facts",
        "dot-relative": "./facts",
        "trailing slash": "facts/",
        "absolute, trailing slash": f"{facts}/",
        "through ..": "sub/../facts",
        "through a linked folder": "linked",
        "absolute through a link": str(tmp_path / "linked"),
    }


def test_every_spelling_of_the_data_path_opens_the_store_kept(facts, tmp_path, spellings):
    root = tmp_path / "cache"
    _keep(facts, root)
    (kept,) = _stores(root)
    for how, path in spellings.items():
        cached = open_cached(find_source_files(path), root)
        assert cached is not None, how
        assert cached.location == str(kept) and list(cached.files) == find_source_files(path)
    assert _stores(root) == [kept]


@pytest.mark.parametrize("first", ["relative", "through a linked folder", "through .."])
def test_a_build_from_another_spelling_keeps_the_store_it_finds(facts, tmp_path, spellings, first):
    """Kept from one spelling, built again from another: the store is found
    kept already, nothing is written, and no second copy is left."""
    root = tmp_path / "cache"
    _keep(spellings[first], root)
    (kept,) = _stores(root)
    manifest = next(root.glob("*/manifest.json"))
    written = manifest.stat().st_mtime_ns
    for how in ("absolute", first, "trailing slash"):
        _keep(spellings[how], root)
        assert open_cached(find_source_files(spellings[how]), root) is not None, how
    assert _stores(root) == [kept] and manifest.stat().st_mtime_ns == written
    assert json.loads(manifest.read_text())["files"] == [str(f.resolve()) for f in find_source_files(facts)]


def test_queries_from_two_spellings_share_one_store(facts, tmp_path, spellings, monkeypatch):
    """The command line, in process: a relative and an absolute --data, in turn."""
    from click.testing import CliRunner

    from jointvision.cli import main

    root = tmp_path / "cache"
    monkeypatch.setenv("JOINTVISION_CACHE", str(root))
    query = "SELECT ?l WHERE { jvd:fisheries-memorandum rdfs:label ?l }"
    for how in ("relative", "absolute", "relative", "through a linked folder"):
        result = CliRunner().invoke(main, ["query", query, "--data", spellings[how], "--format", "csv"])
        assert result.exit_code == 0 and "Memorandum of cooperation on fisheries" in result.output, result.output
        if how == "relative":
            kept = _stores(root)
        assert _stores(root) == kept, how  # built once, then opened


def test_a_new_store_removes_the_stores_it_supersedes(facts, tmp_path):
    root = tmp_path / "cache"
    fact = facts / "northland-communique.yaml"
    seen = set()
    for _ in range(3):
        fact.write_text(fact.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # another file: a new store
        _keep(facts, root)
        (store,) = _stores(root)  # the one just written, alone
        assert store not in seen
        seen.add(store)
    (folder,) = [p for p in root.iterdir() if p.is_dir()]
    assert sorted(p.name for p in folder.iterdir()) == ["manifest.json", store.name]


def test_a_superseded_store_a_reader_holds_stays_until_it_is_free(facts, tmp_path):
    from jointvision.rdf import cache

    root = tmp_path / "cache"
    _keep(facts, root)
    reading = open_cached(find_source_files(facts), root)  # holds its store, as a running command does
    assert reading is not None
    fact = facts / "northland-communique.yaml"
    fact.write_text(fact.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    _keep(facts, root)
    held = Path(reading.location)
    assert len(_stores(root)) == 2 and (held / ".superseded").is_file()
    assert reading.dataset.sizes()  # still answers
    cache._let_go(held)  # the reader is done
    fact.write_text(fact.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    _keep(facts, root)
    (newest,) = _stores(root)
    assert newest != held and not held.exists() and not held.with_name(held.name + ".verified").exists()


def test_nothing_is_kept_from_a_fact_file_that_is_a_link(facts, tmp_path):
    """Such a store would never be opened (a link is never trusted): it is not written."""
    linked = tmp_path / "linked-facts"
    linked.mkdir()
    for name in os.listdir(facts):
        if name.endswith(".yaml"):
            os.symlink(facts / name, linked / name)
        else:
            shutil.copyfile(facts / name, linked / name)  # a text is read only from inside its folder
    root = tmp_path / "cache"
    _keep(linked, root)
    assert _stores(root) == [] and open_cached(find_source_files(linked), root) is None


def test_the_code_digest_reads_every_code_file_and_notes_what_it_read(tmp_path, monkeypatch):
    """The digest that ties a kept store to the code that made it covers
    every ``.py`` and ``.rq`` of the package (not ``__pycache__``), and a
    process takes it from the cache's note only while each file's size,
    time of change and inode are what the note says."""
    from jointvision.rdf import cache

    package = tmp_path / "pkg"
    (package / "sub" / "__pycache__").mkdir(parents=True)
    (package / "a.py").write_text("x = 1\n")
    (package / "sub" / "q.rq").write_text("ASK {}\n")
    (package / "sub" / "notes.txt").write_text("not code\n")
    (package / "sub" / "__pycache__" / "a.py").write_text("stale\n")
    found = cache._code_files(str(package))
    assert [name for name, _, _ in found] == ["a.py", "sub/q.rq"]
    monkeypatch.setattr(cache.os.path, "realpath", lambda _: str(package / "rdf" / "cache.py"))
    notes = tmp_path / "notes"
    notes.mkdir()

    def digest() -> str:
        cache._CODE.clear()
        return cache._code_digest(notes)

    first = digest()
    assert (notes / "code.json").exists() and digest() == first  # the second from the note
    (package / "sub" / "q.rq").write_text("ASK { ?s ?p ?o }\n")
    assert digest() != first
    cache._CODE.clear()


def _saving(folder, root):
    sources = load_sources(folder)
    dataset = build_dataset(folder)
    inputs = [(s.path, s.file_sha256) for s in sources] + [(s.path.parent / s.text_name, s.sha256) for s in sources]
    return dataset, [s.path for s in sources], Saving(dataset, [s.path for s in sources], inputs, [], root)


def _note_on_port_alpha(facts) -> None:
    """Change the fact files by one statement more (the counts change)."""
    fact = facts / "northland-communique.yaml"
    said = fact.read_text(encoding="utf-8")
    assert "  label: Port Alpha\n" in said
    fact.write_text(
        said.replace("  label: Port Alpha\n", "  label: Port Alpha\n  editorial_note: A note the test adds.\n"),
        encoding="utf-8",
    )


def test_statistics_are_recorded_only_for_the_store_the_build_kept(facts, tmp_path):
    """A build records its counts for the store its own save left, never for
    one another build kept meanwhile from changed files (whose counts differ)."""
    from jointvision.server.statistics import read_record, record_statistics

    root = tmp_path / "cache"
    first, files, saving = _saving(facts, root)
    assert saving.finish() is None and saving.kept is not None
    _note_on_port_alpha(facts)
    assert _keep(facts, root) is not None  # another command kept the changed data (one triple more) meanwhile
    record_statistics(first, files, root, kept=saving.kept)  # the first build, done writing its downloads
    cached = open_cached(find_source_files(facts), root)
    assert cached is not None
    recorded = read_record(cached.location)
    assert recorded is None or recorded.sizes == cached.dataset.sizes()


def test_a_build_records_nothing_where_it_kept_nothing(facts, tmp_path, monkeypatch):
    """An input that is a link keeps no store; the store kept before from the
    regular files keeps its own record, not the new build's counts."""
    from click.testing import CliRunner

    from jointvision.cli import main
    from jointvision.server.statistics import read_record

    root = tmp_path / "cache"
    monkeypatch.setenv("JOINTVISION_CACHE", str(root))
    build = ["build", "--data", str(facts), "--out", str(tmp_path / "out"), "--outputs", "rdf"]
    assert CliRunner().invoke(main, build).exit_code == 0
    (store,) = _stores(root)
    before = read_record(str(store))
    assert before is not None
    text = facts / "northland-communique.txt"
    beside = facts / "northland-communique.copy"
    shutil.copyfile(text, beside)
    text.unlink()
    os.symlink(beside.name, text)  # the same text, through a link: nothing is kept
    _note_on_port_alpha(facts)
    result = CliRunner().invoke(main, build)
    assert result.exit_code == 0, result.output
    assert _stores(root) == [store] and read_record(str(store)) == before


def test_what_a_save_cut_off_left_is_removed_by_the_next_save(facts, tmp_path):
    """A build stopped while its thread copied the store leaves the file it
    copied through and a store no manifest names; the next save of the same
    fact files removes both, even when the store kept before still holds."""
    root = tmp_path / "cache"
    _keep(facts, root)
    (store,) = _stores(root)
    (store.parent / "passing-store-0123456789abcdef.nq").write_bytes(b"<a> <b> <c> .\n")
    (store.parent / "store-0123456789abcdef").mkdir()
    (store.parent / "store-0123456789abcdef" / "000001.log").write_bytes(b"half")
    _keep(facts, root)  # the same files: the store is kept already
    left = sorted(p.name for p in store.parent.iterdir() if p.name.startswith(("passing-", "store-")))
    assert left == [store.name]


def test_without_a_thread_the_store_is_kept_all_the_same(facts, tmp_path, monkeypatch):
    import threading

    def refused(self):
        raise RuntimeError("can't start new thread")

    monkeypatch.setattr(threading.Thread, "start", refused)
    root = tmp_path / "cache"
    _, _, saving = _saving(facts, root)
    assert saving.finish() is None and saving.kept is not None
    assert open_cached(find_source_files(facts), root) is not None


TRACKING = Path(__file__).parent / "data" / "tracking"


class _Watched:
    """A dataset's store that says when a save has dumped it and when it
    has counted its quads, so that a test can order its steps after those."""

    def __init__(self, store):
        import threading

        self._store, self.dumped, self.counted = store, threading.Event(), threading.Event()

    def dump(self, *args, **kwargs):
        said = self._store.dump(*args, **kwargs)
        self.dumped.set()
        return said

    def __len__(self):
        self.counted.set()
        return len(self._store)

    def __getattr__(self, name):
        return getattr(self._store, name)


def _unfinished(folder, root):
    """Start keeping the statements of ``folder`` before the statuses are
    derived, as ``build`` does; the dataset, its fact files, the save, and
    the dataset's store, watched (:class:`_Watched`)."""
    from jointvision.rdf.build import statements_from_sources

    sources = load_sources(folder)
    dataset = statements_from_sources(sources)
    watched = dataset._store = _Watched(dataset._store)
    inputs = [(s.path, s.file_sha256) for s in sources] + [(s.path.parent / s.text_name, s.sha256) for s in sources]
    files = [s.path for s in sources]
    return dataset, files, Saving(dataset, files, inputs, [], root, unfinished=True), watched


def _finished(saving, timeout: float = 60) -> str | None:
    """``saving.finish()``, failing the test rather than waiting for ever."""
    import threading

    said: list = []
    waiting = threading.Thread(target=lambda: said.append(saving.finish()), daemon=True)
    waiting.start()
    waiting.join(timeout)
    assert said, "the save still waits"
    return said[0]


def _status_quads(store) -> int:
    from jointvision.rdf.iris import STATUS_GRAPH

    return len(list(store.quads_for_pattern(None, None, None, ox.NamedNode(str(STATUS_GRAPH)))))


@pytest.mark.parametrize("data", [TWO_SOURCES, TRACKING], ids=["two sources", "tracking"])
def test_a_store_begun_before_the_statuses_holds_them_and_is_kept_once(data, tmp_path, monkeypatch):
    """``build`` starts keeping the statements while it derives the
    statuses, then adds them: the store holds the whole dataset, and the
    next build of the same files finds it kept already."""
    import threading

    from jointvision.rdf import cache
    from jointvision.rdf.status import add_statuses

    waits = threading.Event()  # set when a save first waits for the statuses
    real_rest = cache.Saving._rest

    def rest(self):
        waits.set()
        return real_rest(self)

    monkeypatch.setattr(cache.Saving, "_rest", rest)

    folder, root = tmp_path / "facts", tmp_path / "cache"
    shutil.copytree(data, folder)
    dataset, _, saving, watched = _unfinished(folder, root)
    assert watched.dumped.wait(timeout=60)  # the statements are on their way into the store before the statuses
    saving.add(add_statuses(dataset))
    assert _finished(saving) is None and saving.kept is not None
    cached = open_cached(find_source_files(folder), root)
    assert cached is not None
    whole = build_dataset(folder)
    assert _every_quad(cached.dataset.store) == _every_quad(whole.store)
    assert _status_quads(cached.store) == _status_quads(whole.store)
    waits.clear()
    again, _, second, watched = _unfinished(folder, root)
    # kept already, the store is not dumped: the save waits for the statuses before it counts the dataset
    assert waits.wait(timeout=60) and not watched.counted.is_set()
    second.add(add_statuses(again))
    assert _finished(second) is None and second.kept == saving.kept  # not written again
    assert _stores(root) == [saving.kept[0]]


def test_tracking_data_has_statuses_to_keep():
    """The fixture above means something: its statuses are quads of their own."""
    assert _status_quads(build_dataset(TRACKING).store) > 0


def test_a_kept_store_whose_count_differs_from_the_whole_dataset_is_replaced(tmp_path):
    """A store kept already from the same files is kept only if it holds as
    many quads as the build made once its statuses are in; else a new one is
    written, holding the whole dataset."""
    from jointvision.rdf.status import add_statuses

    folder, root = tmp_path / "facts", tmp_path / "cache"
    shutil.copytree(TRACKING, folder)
    dataset, _, first, _ = _unfinished(folder, root)
    first.add(add_statuses(dataset))
    assert first.finish() is None and first.kept is not None
    (manifest,) = root.glob("*/manifest.json")
    said = json.loads(manifest.read_text())
    manifest.write_text(json.dumps({**said, "quads": said["quads"] - _status_quads(dataset.store)}))
    again, _, second, _ = _unfinished(folder, root)
    second.add(add_statuses(again))
    assert _finished(second) is None and second.kept is not None and second.kept != first.kept
    cached = open_cached(find_source_files(folder), root)
    assert cached is not None and _every_quad(cached.dataset.store) == _every_quad(again.store)


def test_a_save_abandoned_before_the_statuses_keeps_nothing_and_leaves_the_old_store(tmp_path):
    folder, root = tmp_path / "facts", tmp_path / "cache"
    shutil.copytree(TRACKING, folder)
    _, _, first, _ = _unfinished(folder, root)
    first.abandon()
    assert "not kept" in (_finished(first) or "") and first.kept is None
    assert _stores(root) == [] and not list(root.glob("*/passing-*"))
    assert open_cached(find_source_files(folder), root) is None
    _keep(folder, root)
    (kept,) = _stores(root)
    _, _, second, _ = _unfinished(folder, root)
    second.abandon()
    assert _finished(second) and _stores(root) == [kept]  # the store kept before stays, and still opens
    assert open_cached(find_source_files(folder), root) is not None


def test_a_build_whose_statuses_fail_leaves_no_save_waiting(tmp_path, monkeypatch):
    """The thread keeping the store is told the dataset will never be whole:
    it ends, holds no lock, and leaves no store behind."""
    import threading

    from click.testing import CliRunner

    from jointvision.cli import main
    from jointvision.rdf import status

    def failing(dataset, as_of=None):
        raise RuntimeError("the statuses could not be derived")

    folder, root = tmp_path / "facts", tmp_path / "cache"
    shutil.copytree(TRACKING, folder)
    monkeypatch.setenv("JOINTVISION_CACHE", str(root))
    monkeypatch.setattr(status, "add_statuses", failing)
    build = ["build", "--data", str(folder), "--out", str(tmp_path / "out"), "--outputs", "rdf"]
    before = set(threading.enumerate())
    result = CliRunner().invoke(main, build)
    assert isinstance(result.exception, RuntimeError)
    for thread in set(threading.enumerate()) - before:
        if thread.name == "jointvision-keep":
            thread.join(timeout=60)
            assert not thread.is_alive(), "the save still waits for statuses that will never come"
    assert _stores(root) == [] and not list(root.glob("*/passing-*"))
    monkeypatch.undo()
    monkeypatch.setenv("JOINTVISION_CACHE", str(root))
    assert CliRunner().invoke(main, build).exit_code == 0  # the lock was let go
    assert len(_stores(root)) == 1
    cached = open_cached(find_source_files(folder), root)
    assert cached is not None and _status_quads(cached.store) == _status_quads(build_dataset(folder).store)


def test_a_save_is_given_the_quads_as_bytes_or_told_it_is_abandoned(tmp_path):
    """Nothing but N-Quads bytes completes a save begun before the statuses
    (a stub returning None once abandoned it without a word)."""
    folder, root = tmp_path / "facts", tmp_path / "cache"
    shutil.copytree(TRACKING, folder)
    _, _, saving, _ = _unfinished(folder, root)
    with pytest.raises(TypeError, match="N-Quads bytes"):
        saving.add(None)
    saving.add(b"")
    assert _finished(saving) is None and saving.kept is not None
