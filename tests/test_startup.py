"""What ``jointvision query`` loads before it answers from a kept store.

A behavioural guard, not a timing: a whole process is run with ``python -X
importtime`` (which names every module as it is imported, the forked
evaluation's too) and the modules it must do without are looked for. The
times are measured by ``benchmarks/bench_startup.py``. The small copies the
query path uses instead of the YAML-reading modules are held to their
originals here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import TWO_SOURCES
from jointvision.cli.data import described, fact_files, project_file
from jointvision.resources import DEFAULT_DATA
from jointvision.source.loader import find_source_files
from jointvision.source.project import describe_data, find_project


def _imported(args: list[str], cwd: Path, cache: Path) -> tuple[set[str], str]:
    """The modules one ``jointvision`` process imported, and its output."""
    env = {**os.environ, "JOINTVISION_CACHE": str(cache)}
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "jointvision", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    lines = [line for line in done.stderr.splitlines() if line.startswith("import time:") and "|" in line]
    return {line.rsplit("|", 1)[1].strip() for line in lines}, done.stdout


def _kept_and_asked(args: list[str], cwd: Path, cache: Path) -> set[str]:
    """Build and keep the store (the first run), then ask again: what the second run imported."""
    _imported(args, cwd, cache)
    modules, out = _imported(args, cwd, cache)
    assert out.strip() == "yes"
    return modules


@pytest.fixture
def outside(tmp_path) -> Path:
    """A folder in no project: commands there read the embedded data."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    if project_file(folder) is not None:  # pragma: no cover - a project file above the temporary folder
        pytest.skip("the temporary folder lies inside a jointvision project")
    return folder


def test_ask_on_the_kept_store_of_the_embedded_data_does_not_import_yaml(outside, tmp_path):
    modules = _kept_and_asked(["query", "ASK {}"], outside, tmp_path / "cache")
    assert "jointvision.rdf.cache" in modules  # the kept store was opened
    assert not {"yaml", "jointvision.source.reader", "jointvision.source.loader"} & modules


def test_ask_with_a_relative_data_folder_does_not_import_yaml(outside, tmp_path):
    shutil.copytree(TWO_SOURCES, outside / "facts")
    modules = _kept_and_asked(["query", "ASK { ?s ?p ?o }", "--data", "facts"], outside, tmp_path / "cache")
    assert not {"yaml", "jointvision.source.reader"} & modules


def test_ask_in_a_project_does_not_import_yaml_once_its_file_is_noted(tmp_path):
    from jointvision.source.project import init_project

    init_project(tmp_path / "project")
    modules = _kept_and_asked(["query", "ASK {}"], tmp_path / "project", tmp_path / "cache")
    assert not {"yaml", "jointvision.source.reader", "jointvision.source.project"} & modules
    assert "jointvision.files" in modules  # the project file was read; what only writing files needs, not
    assert not {"shutil", "secrets"} & modules


def test_a_project_file_is_read_again_when_it_changes(tmp_path, monkeypatch):
    from jointvision.cli.data import Noted, project_of
    from jointvision.errors import SourceError
    from jointvision.source.project import init_project, read_project

    monkeypatch.setenv("JOINTVISION_CACHE", str(tmp_path / "cache"))
    project = init_project(tmp_path / "project")
    marker = project.marker
    first = project_of(marker)  # read, and noted
    assert first == read_project(marker) and not isinstance(first, Noted)
    noted = project_of(marker)  # now from the note
    assert isinstance(noted, Noted) and tuple(noted) == (project.root, project.sources, project.exports)
    (project.root / "more").mkdir()
    marker.write_text("sources: [sources, more]\nexports: out\n", encoding="utf-8")
    again = project_of(marker)
    assert list(again.sources) == [project.root / "sources", project.root / "more"]
    assert again.exports == project.root / "out"
    (project.root / "more").rmdir()  # a sources folder gone: the project file's own error, at its line
    with pytest.raises(SourceError, match="'more' does not exist"):
        project_of(marker)
    marker.write_text("sources: sources\nunknown: 1\n", encoding="utf-8")
    with pytest.raises(SourceError, match="unknown field"):
        project_of(marker)


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json"])
def test_a_select_is_written_from_the_engines_terms_without_rdflib(outside, tmp_path, fmt):
    args = ["query", "SELECT ?s ?l WHERE { ?s a jv:Country ; rdfs:label ?l } ORDER BY ?s", "--format", fmt]
    _imported(args, outside, tmp_path / "cache")  # the store built and kept
    modules, out = _imported(args, outside, tmp_path / "cache")
    assert "Japan" in out
    assert not {"rdflib", "wcwidth"} & modules  # nor the width tables, for a table of ASCII text


def test_the_width_of_ascii_text_is_wcwidths_without_its_tables():
    import wcwidth

    from jointvision.terminal import display_width

    for text in [chr(c) for c in range(128)] + ["Japan", "a\tb", "x\x7fy", "", "100,000 (approx.)"]:
        width = wcwidth.wcswidth(text)
        assert display_width(text) == (width if width >= 0 else sum(max(wcwidth.wcwidth(c), 0) for c in text))


def test_ask_on_the_kept_store_imports_neither_rdflib_nor_the_width_tables(outside, tmp_path):
    modules = _kept_and_asked(["query", "ASK {}"], outside, tmp_path / "cache")
    assert not {"rdflib", "wcwidth", "logging"} & modules  # nor logging: no library that logs is loaded


# ------------------------------------------------------------ library warnings, and the way out
def _python(code: str, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=cwd,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_library_that_loads_logging_later_has_its_warnings_escaped(tmp_path):
    """The handler is wired when ``logging`` is first imported (by rdflib, in
    a command that needs it), not before: its warnings still reach the
    terminal as one escaped ``warning:`` line each."""
    code = (
        "import sys\n"
        "from jointvision.cli.group import _wire_library_warnings\n"
        "_wire_library_warnings()\n"
        "assert 'logging' not in sys.modules\n"
        "import logging\n"
        "logging.getLogger('some.library').warning('odd IRI %s', 'http://x/\\x1b[2Jy')\n"
        "logging.getLogger('some.library').info('not shown')\n"
        "import rdflib\n"
        "rdflib.URIRef('http://example.org/a b')\n"  # rdflib warns of an IRI with a space
    )
    done = _python(code, tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    assert lines[0] == "warning: odd IRI http://x/\\x1b[2Jy"  # the escape character shown, not sent
    assert "\x1b" not in done.stderr and "not shown" not in done.stderr
    assert len(lines) == 2 and lines[1].startswith("warning: ") and "a b" in lines[1]


def test_the_warning_hook_finds_logging_where_another_finder_serves_it(tmp_path):
    """In a bundled program the standard library comes from a finder of its
    own, not from the path: the hook asks the finders after it, whichever
    they are, and still wires the handler."""
    code = (
        "import importlib.util, os, sys\n"
        "source = os.path.join(os.path.dirname(os.__file__), 'logging', '__init__.py')\n"
        "class Bundled:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'logging':\n"
        "            return importlib.util.spec_from_file_location(name, source, submodule_search_locations=[])\n"
        "        return None\n"
        "sys.meta_path.insert(0, Bundled())\n"
        "from jointvision.cli.group import _wire_library_warnings\n"
        "_wire_library_warnings()\n"
        "import collections.abc, io, re, string, threading, time, traceback, warnings, weakref\n"  # logging's own
        "saved, sys.path[:] = list(sys.path), []\n"  # the path finder finds nothing: only the bundle has it
        "import logging\n"
        "sys.path[:] = saved\n"
        "logging.getLogger('x').warning('raw \\x1b[2J here')\n"
    )
    done = _python(code, tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr == "warning: raw \\x1b[2J here\n"


def test_the_console_script_runs_what_is_registered_at_exit_and_keeps_its_status(tmp_path):
    """The command line leaves without the interpreter's teardown, but what
    was registered to run at exit runs, other threads are waited for (an
    executor's told to end first, as the interpreter tells them), and the
    status is the command's."""
    code = (
        "import atexit, sys, threading, time\n"
        "from pathlib import Path\n"
        "atexit.register(lambda: Path('at-exit').write_text('ran'))\n"
        "threading.Thread(target=lambda: (time.sleep(0.2), Path('thread').write_text('done'))).start()\n"
        "from concurrent.futures import ThreadPoolExecutor\n"
        "pool = ThreadPoolExecutor(1)\n"  # never shut down: its threads wait for work until the interpreter says
        "pool.submit(lambda: (time.sleep(0.2), Path('pool').write_text('done')))\n"
        "sys.argv = ['jointvision', 'query', 'SELECT ?x WHERE {', '--data', 'nowhere']\n"
        "from jointvision.cli import console\n"
        "console()\n"
    )
    done = _python(code, tmp_path, JOINTVISION_CACHE=str(tmp_path / "cache"))
    assert done.returncode == 2 and done.stderr.startswith("error: ")
    assert (tmp_path / "at-exit").read_text() == "ran"
    assert (tmp_path / "thread").read_text() == "done"
    assert (tmp_path / "pool").read_text() == "done"


def test_a_program_that_runs_the_command_line_itself_goes_on_after_it(tmp_path):
    """``main()`` is click's command: the program calling it gets its
    ``SystemExit`` and carries on; only the console script ends the process."""
    code = (
        "import sys\n"
        "sys.argv = ['jointvision', '--version']\n"
        "from jointvision.cli import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as exc:\n"
        "    print('caught', exc.code)\n"
        "print('went on')\n"
    )
    done = _python(code, tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-2:] == ["caught 0", "went on"]


@pytest.mark.parametrize(
    "shell, check",
    [
        ("{python} -m jointvision --version >&-", None),  # standard output closed from the start
        ("{python} -m cProfile -o {out} -m jointvision --version", "profile"),  # a profiler writes at exit
    ],
)
def test_the_console_script_ends_well_however_it_is_run(tmp_path, shell, check):
    out = tmp_path / "prof.out"
    done = subprocess.run(
        shell.format(python=sys.executable, out=out),
        shell=True,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    if check == "profile":
        assert out.stat().st_size > 0


def test_a_long_answer_reaches_a_pipe_whole(outside, tmp_path):
    """Leaving without the teardown flushes standard output first: a long
    answer read through a pipe is the one written in process."""
    from click.testing import CliRunner

    from jointvision.cli import main

    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"
    env = {**os.environ, "JOINTVISION_CACHE": str(tmp_path / "cache")}
    done = subprocess.run(
        [sys.executable, "-m", "jointvision", "query", query, "--format", "csv"],
        cwd=outside,
        env=env,
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    in_process = CliRunner().invoke(main, ["query", query, "--format", "csv"], env={"JOINTVISION_CACHE": "off"})
    assert in_process.exit_code == 0
    assert done.stdout == in_process.stdout_bytes and len(done.stdout) > 1 << 16


# ------------------------------------------------------------ the small copies, held to their originals
@pytest.fixture
def folders(tmp_path) -> dict[str, Path]:
    """Folders of fact files with what the finder leaves out: hidden files,
    the project file, other suffixes; and one of many files."""
    odd = tmp_path / "odd"
    shutil.copytree(TWO_SOURCES, odd)
    for name in (".#northland-communique.yaml", "jointvision-project.yaml", "notes.txt", "extra.yml"):
        (odd / name).write_text("x: 1\n", encoding="utf-8")
    many = tmp_path / "many"
    many.mkdir()
    for i in range(6):
        (many / f"f{i}.yaml").write_text("x: 1\n", encoding="utf-8")
    return {"two": TWO_SOURCES, "odd": odd, "many": many}


def test_the_fact_files_are_found_as_the_loader_finds_them(folders, tmp_path):
    fact = next(folders["two"].glob("*.yaml"))
    cases = [
        None,
        [folders["two"]],
        [folders["odd"]],
        [folders["many"], folders["odd"]],
        [folders["two"], fact],  # a file named twice is read once
        [fact],
        [DEFAULT_DATA],
    ]
    for paths in cases:
        assert fact_files(paths) == find_source_files(paths), paths


@pytest.mark.parametrize("bad", ["missing", "empty folder"])
def test_where_the_loader_refuses_the_copy_steps_aside(tmp_path, bad):
    from jointvision.errors import SourceError

    path = tmp_path / bad
    if bad == "empty folder":
        path.mkdir()
    assert fact_files([path]) is None
    with pytest.raises(SourceError):
        find_source_files([path])


def test_the_data_note_is_written_as_describe_data_writes_it(folders, tmp_path, monkeypatch):
    from jointvision.source.project import init_project

    project = init_project(tmp_path / "project")
    monkeypatch.chdir(tmp_path)
    for files in (find_source_files(folders["two"]), find_source_files(folders["many"])):
        for paths in ([folders["two"]], [folders["many"], Path("odd")], None):
            assert described(paths, files, None) == describe_data(paths, files, None)
        assert described(None, files, project) == describe_data(None, files, project)


def test_the_project_file_is_found_as_find_project_finds_it(tmp_path):
    from jointvision.source.project import init_project

    project = init_project(tmp_path / "project")
    (tmp_path / "project" / "sources" / "deeper").mkdir()
    for start in (tmp_path / "project", tmp_path / "project" / "sources" / "deeper"):
        assert project_file(start) == project.marker == find_project(start).marker
    assert project_file(tmp_path) is None and find_project(tmp_path) is None


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json"])
@pytest.mark.parametrize("answer", [True, False])
def test_an_ask_is_written_as_the_result_writers_write_it(fmt, answer):
    from jointvision.cli.query import boolean_text
    from jointvision.sparql.engine import QueryResult
    from jointvision.sparql.results import format_result

    assert boolean_text(answer, fmt) == format_result(QueryResult("ASK", boolean=answer), fmt)
