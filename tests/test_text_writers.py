"""TriG, Turtle and JSON-LD written from the N-Quads and N-Triples texts,
in a child process for a large graph (``rdf.text_writers.Aside``): the same
bytes as written in the process itself, whatever becomes of the child."""

from __future__ import annotations

import threading

import pytest
from hypothesis import given, settings

from jointvision.rdf import serializers, text_writers
from jointvision.rdf.text_writers import WRITERS, Aside, written_from
from test_properties import _graph_of, graphs

FORMATS = list(serializers.FORMATS)


@pytest.fixture
def aside_always(monkeypatch):
    """Every text, however short, is written by a child; writing it here fails the test."""
    monkeypatch.setattr(text_writers, "ASIDE_FROM", 0)

    def here(*args, **kwargs):
        raise AssertionError("written in this process, not by the child")

    monkeypatch.setattr(text_writers, "written_from", here)


def _texts(dataset) -> dict[str, tuple[bytes, dict[str, str]]]:
    """Each writer's input text and prefixes, as the build gives them."""
    parts = serializers._Parts(serializers._dataset_lines(dataset))
    merged = serializers._Merged(serializers._data_lines(dataset))
    return {
        "trig": (parts.nquads, parts.prefixes),
        "turtle": (merged.text, merged.prefixes),
        "jsonld": (merged.text, merged.prefixes),
    }


def test_every_download_a_child_writes_is_the_one_written_here(dataset, aside_always):
    """All five downloads of the default data, their TriG, Turtle and
    JSON-LD written by children, are the bytes each writer gives in this
    process (which the committed exports are held to by test_exports)."""
    expected = {name: written_from(name, *inputs) for name, inputs in _texts(dataset).items()}  # the real one
    together = serializers.serialize_many(dataset, FORMATS)
    for name in WRITERS:
        assert together[name] == expected[name], name


@settings(max_examples=12, deadline=None)
@given(triples=graphs())
def test_a_child_writes_any_graph_as_this_process_would(triples):
    """Random graphs (literals in every language and datatype, odd
    characters, IRIs of every namespace): the children's bytes are those
    written here."""
    graph = _graph_of(triples)
    here = serializers.serialize_many(graph, FORMATS)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(text_writers, "ASIDE_FROM", 0)
        elsewhere = serializers.serialize_many(graph, FORMATS)
    assert elsewhere == here


@pytest.mark.parametrize("writer", list(WRITERS))
@pytest.mark.parametrize(
    "failure",
    ["no interpreter", "an embedded interpreter", "no descriptors", "the child fails", "no thread"],
)
def test_a_child_that_cannot_write_leaves_the_download_to_this_process(dataset, monkeypatch, writer, failure):
    """No process to be had, a child that exits with an error, or no
    thread to feed it: the download is written here, the same bytes."""
    text, prefixes = _texts(dataset)[writer]
    expected = written_from(writer, text, prefixes)
    monkeypatch.setattr(text_writers, "ASIDE_FROM", 0)
    started: list[object] = []
    if failure == "no interpreter":
        monkeypatch.setattr(text_writers.sys, "executable", "/nonexistent/python")
    elif failure == "an embedded interpreter":  # sys.executable may be None or empty there
        monkeypatch.setattr(text_writers.sys, "executable", None)
    elif failure == "no descriptors":

        def no_pipe():
            raise OSError(24, "Too many open files")

        monkeypatch.setattr(text_writers.os, "pipe", no_pipe)
    elif failure == "the child fails":
        monkeypatch.setattr(text_writers.sys, "executable", "/bin/false")
    else:
        real = text_writers.subprocess.Popen

        def popen(*args, **kwargs):
            child = real(*args, **kwargs)
            started.append(child)
            return child

        def no_thread(self):
            raise RuntimeError("can't start new thread")

        monkeypatch.setattr(text_writers.subprocess, "Popen", popen)
        monkeypatch.setattr(threading.Thread, "start", no_thread)
    assert Aside(writer, text, prefixes).result() == expected
    assert started or failure != "no thread"
    for child in started:  # a child whose feeding thread could not start is stopped, not left behind
        assert child.poll() is not None


def _printing_sitecustomize(folder, monkeypatch):
    """Something the interpreter runs at start prints on standard output."""
    (folder / "sitecustomize.py").write_text("print('noise from sitecustomize')\n", encoding="utf-8")
    monkeypatch.setenv("PYTHONPATH", str(folder))


def _another_jointvision_first(folder, monkeypatch):
    """Another ``jointvision`` (an older install, say) comes first on the interpreter's path."""
    (folder / "jointvision").mkdir()
    (folder / "jointvision" / "__init__.py").write_text("raise ImportError('not this one')\n", encoding="utf-8")
    monkeypatch.setenv("PYTHONPATH", str(folder))


def _a_json_module_in_the_current_folder(folder, monkeypatch):
    """The current folder holds a ``json.py``, which a child searching it first would run."""
    (folder / "json.py").write_text("def dumps(*a, **k):\n    return '{}'\nloads = dumps\n", encoding="utf-8")
    monkeypatch.chdir(folder)


@pytest.mark.parametrize(
    "setting, writer",
    [
        (_printing_sitecustomize, "turtle"),
        (_another_jointvision_first, "jsonld"),
        (_a_json_module_in_the_current_folder, "jsonld"),
    ],
)
def test_the_childs_surroundings_do_not_change_its_download(dataset, tmp_path, monkeypatch, setting, writer):
    """The child's download comes back on a pipe of its own, not standard
    output; it imports the package from the folder this process imported it
    from, and searches the path this process searches."""
    setting(tmp_path, monkeypatch)
    text, prefixes = _texts(dataset)[writer]
    expected = written_from(writer, text, prefixes)
    monkeypatch.setattr(text_writers, "ASIDE_FROM", 0)
    monkeypatch.setattr(text_writers, "written_from", lambda *a: pytest.fail("written here"))
    assert Aside(writer, text, prefixes).result() == expected


def test_a_child_whose_download_nobody_asks_for_is_reaped(dataset, monkeypatch):
    """A download begun but never read (``serve`` offers only what is asked
    for) leaves no zombie process behind once the child is done."""
    import os

    monkeypatch.setattr(text_writers, "ASIDE_FROM", 0)
    text, prefixes = _texts(dataset)["turtle"]
    aside = Aside("turtle", text, prefixes)
    assert aside._child is not None
    for thread in aside._threads:
        thread.join(timeout=60)
    assert aside._child.returncode == 0
    with pytest.raises(ChildProcessError):  # reaped already: no zombie left
        os.waitpid(aside._child.pid, os.WNOHANG)


def test_a_short_text_is_written_here_without_a_child(dataset, monkeypatch):
    """Below ``ASIDE_FROM`` no process is started (its start would cost more than it saves)."""
    text, prefixes = _texts(dataset)["trig"]
    monkeypatch.setattr(text_writers, "ASIDE_FROM", len(text) + 1)
    monkeypatch.setattr(text_writers.subprocess, "Popen", lambda *a, **k: pytest.fail("a child was started"))
    assert Aside("trig", text, prefixes).result() == written_from("trig", text, prefixes)


@pytest.mark.parametrize("fmt", list(WRITERS))
def test_one_download_alone_is_written_here(dataset, monkeypatch, fmt):
    """``serialize`` of one format has nothing to do while a child writes:
    no child is started, and the bytes are those of the downloads made together."""
    together = serializers.serialize_many(dataset, FORMATS)
    monkeypatch.setattr(text_writers, "ASIDE_FROM", 0)
    monkeypatch.setattr(text_writers.subprocess, "Popen", lambda *a, **k: pytest.fail("a child was started"))
    assert serializers.serialize(dataset, fmt) == together[fmt]


ENGINE_OUTPUT = b'@prefix z: <http://e/> .\n@prefix a: <http://f/> .\nz:s a:p "@prefix x" ;\n\ta:q z:o .\n'


@pytest.mark.parametrize("size", [1, 2, 7, 8, 9, 25, 4096])
@pytest.mark.parametrize(
    "engine, expected_body",
    [
        (ENGINE_OUTPUT, b'z:s a:p "@prefix x" ;\n\ta:q z:o .\n'),
        (b"@prefix z: <http://e/> .\n@prefix a: <http://f/> .\n", b""),  # no statements
        (b"z:s a:p z:o .\n", b"z:s a:p z:o .\n"),  # no prefix lines
        (b"@pre", b"@pre"),  # cut short: not a prefix line
        (b"", b""),
    ],
)
def test_the_engines_prefix_lines_are_replaced_in_any_chunks(size, engine, expected_body):
    """Whatever chunks the engine writes in, its leading ``@prefix`` lines
    give way to the given prefixes, sorted, and a blank line; the rest
    passes unchanged."""
    written: list[bytes] = []
    out = text_writers._Prefixed(written.append, {"z": "http://e/", "a": "http://f/"})
    for at in range(0, len(engine), size):
        assert out.write(engine[at : at + size]) == len(engine[at : at + size])
    out.close()
    assert b"".join(written) == b"@prefix a: <http://f/> .\n@prefix z: <http://e/> .\n\n" + expected_body


def test_an_unknown_writer_is_refused():
    with pytest.raises(ValueError, match="unknown writer"):
        Aside("rdfxml", b"", {})
