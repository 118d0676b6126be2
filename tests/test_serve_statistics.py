"""Issue 26: ``serve`` counts nothing when it starts. The statistics a build
records beside the kept store answer ``/version``, the service description
and the VoID description exactly as counting would; without a record the
sizes are counted when first asked for, once."""

from __future__ import annotations

import json
import os
import shutil

import pytest

from conftest import TWO_SOURCES
from jointvision.outputs.void import download_sizes, statistics, void_turtle
from jointvision.rdf.build import build_dataset
from jointvision.rdf.cache import open_cached, save
from jointvision.server.statistics import SUFFIX, Sizes, read_record, record_statistics, void_statistics
from jointvision.source.loader import find_source_files, load_sources


@pytest.fixture
def kept(tmp_path):
    """Fact files, the cache holding the store kept for them, and that store opened as a reader opens it."""
    facts = tmp_path / "facts"
    shutil.copytree(TWO_SOURCES, facts)
    sources = load_sources(facts)
    dataset = build_dataset(facts)
    inputs = [(s.path, s.file_sha256) for s in sources] + [(s.path.parent / s.text_name, s.sha256) for s in sources]
    root = tmp_path / "cache"
    assert save(dataset, [s.path for s in sources], inputs, [], root) is None
    record_statistics(dataset, [s.path for s in sources], root)
    cached = open_cached(find_source_files(facts), root)
    assert cached is not None
    return facts, root, cached


def test_the_record_says_what_counting_says(kept):
    _, _, cached = kept
    dataset = cached.dataset
    recorded = read_record(cached.location)
    assert recorded is not None
    assert recorded.sizes == dataset.sizes() and recorded.triples == len(dataset)
    files = {"jointvision.ttl": b"x" * 10, "void.ttl": b""}
    downloads = download_sizes(files, list(files))
    for base in ("https://w3id.org/jointvision/", "http://127.0.0.1:8000/"):  # the very same description
        assert void_turtle(void_statistics(recorded.void), downloads, base) == void_turtle(
            statistics(dataset), downloads, base
        )


def test_a_record_is_read_only_for_the_store_it_describes(kept):
    _, _, cached = kept
    record_path = cached.location + SUFFIX
    with open(record_path, encoding="utf-8") as kept_record:
        original = json.load(kept_record)
    for field, value in (("store", "store-0000000000000000"), ("store_sha256", "0" * 64), ("format", 0)):
        with open(record_path, "w", encoding="utf-8") as out:
            json.dump({**original, field: value}, out)
        assert read_record(cached.location) is None, field
    with open(record_path, "w", encoding="utf-8") as out:
        out.write("{not json")
    assert read_record(cached.location) is None
    assert read_record(None) is None


def test_sizes_are_counted_when_first_asked_for_and_once():
    calls = []

    def count():
        calls.append(1)
        return {"": 10, "http://example.org/g": 4}

    sizes = Sizes(["", "http://example.org/g"], count)
    assert list(sizes) == ["", "http://example.org/g"] and not calls and not sizes.ready  # the names cost nothing
    assert sizes[""] == 10 and sizes.get("http://example.org/g") == 4
    assert dict(sizes) == {"": 10, "http://example.org/g": 4} and json.loads(json.dumps(sizes))[""] == 10
    assert dict(sizes.items()) == dict(sizes) and calls == [1]
    assert Sizes.known({"": 3}).ready and Sizes.known({"": 3})[""] == 3


def test_the_app_counts_nothing_at_startup(kept, monkeypatch):
    """Over a kept store with a record, making the endpoint counts nothing,
    and its sizes and description are the recorded ones."""
    from jointvision.rdf.dataset import Dataset
    from jointvision.server.app import create_app

    _, _, cached = kept
    expected = cached.dataset.sizes()

    def forbidden(*args, **kwargs):
        raise AssertionError("counted")

    monkeypatch.setattr(Dataset, "sizes", forbidden)
    monkeypatch.setattr(Dataset, "__len__", forbidden)
    monkeypatch.setattr("jointvision.outputs.void.statistics", forbidden)
    app = create_app(cached.dataset)
    endpoint = app.state.endpoint
    assert app.state.recorded is not None and endpoint.sizes.ready and dict(endpoint.sizes) == expected
    assert b"void:triples" in endpoint.description_for("http://127.0.0.1:8000/")


def test_without_a_record_the_app_starts_without_counting(kept, monkeypatch):
    from jointvision.rdf.dataset import Dataset
    from jointvision.server.app import create_app

    _, _, cached = kept
    expected = cached.dataset.sizes()
    os.remove(cached.location + SUFFIX)
    counted = []
    real = Dataset.sizes
    monkeypatch.setattr(Dataset, "sizes", lambda self: counted.append(1) or real(self))
    app = create_app(cached.dataset)
    sizes = app.state.endpoint.sizes
    assert app.state.recorded is None and not counted and not sizes.ready
    assert dict(sizes) == expected and counted == [1]


def test_build_records_what_serve_would_count(tmp_path, monkeypatch):
    """``jointvision build`` keeps the store with its statistics beside it,
    counted from what the downloads counted (no second count), and they are
    what counting the kept store gives; the manifest binds its true number
    of quads (else every later command would build again)."""
    from click.testing import CliRunner

    from jointvision.cli import main

    facts = tmp_path / "facts"
    shutil.copytree(TWO_SOURCES, facts)
    root = tmp_path / "cache"
    monkeypatch.setenv("JOINTVISION_CACHE", str(root))
    result = CliRunner().invoke(
        main, ["build", "--data", str(facts), "--out", str(tmp_path / "out"), "--outputs", "rdf"]
    )
    assert result.exit_code == 0, result.output
    cached = open_cached(find_source_files(facts), root)
    assert cached is not None, "the build's store is not trusted by the next command"
    dataset = cached.dataset
    recorded = read_record(cached.location)
    assert recorded is not None, "the build recorded no statistics beside its store"
    assert recorded.sizes == dataset.sizes() and recorded.triples == len(dataset)
    assert f"built {len(dataset)} triples" in result.output
    assert void_turtle(void_statistics(recorded.void), {}) == void_turtle(statistics(dataset), {})
    with open(os.path.join(os.path.dirname(cached.location), "manifest.json"), encoding="utf-8") as kept_manifest:
        manifest = json.load(kept_manifest)
    assert manifest["quads"] == len(dataset.store) == sum(dataset.sizes().values())
