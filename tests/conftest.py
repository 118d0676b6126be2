"""Shared fixtures: the built default graph, the source text, paths, and a
helper to run the installed ``jointvision`` command."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from jointvision.builder import build_graph, load_sources
from jointvision.resources import DEFAULT_DATA

ROOT = Path(__file__).resolve().parent.parent
EXPORTS = ROOT / "exports"
FACT_FILE = DEFAULT_DATA / "india-japan-joint-vision-2025.yaml"
SEED = ROOT.parent / "shared" / "seed" / "000_3fa4436c9cea37c8.txt"


@pytest.fixture(scope="session")
def graph():
    """The knowledge graph of the embedded default data (do not mutate)."""
    return build_graph()


@pytest.fixture(scope="session")
def sources():
    return load_sources()


@pytest.fixture(scope="session")
def source_text(sources) -> str:
    return sources[0].text


@pytest.fixture(scope="session")
def engine(graph):
    from jointvision.sparql import QueryEngine

    return QueryEngine(graph)


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A writable copy of the default fact file and its source text."""
    folder = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA, folder)
    return folder / FACT_FILE.name


def jointvision_command() -> list[str]:
    """The installed console script, or ``python -m jointvision`` beside it."""
    exe = shutil.which("jointvision", path=os.path.dirname(sys.executable)) or shutil.which("jointvision")
    return [exe] if exe else [sys.executable, "-m", "jointvision"]


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run ``jointvision ARGS`` as a user would, in a separate process."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run(jointvision_command() + list(args), cwd=cwd, env=full_env, capture_output=True,
                          text=True, encoding="utf-8", timeout=120)
