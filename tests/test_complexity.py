"""Issue 21: no function past complexity 20 (the McCabe limit ruff checks), and
the functions split for it stay small."""

from __future__ import annotations

from pathlib import Path

import pytest

radon_complexity = pytest.importorskip("radon.complexity")

PACKAGE = Path(__file__).resolve().parent.parent / "graph" / "jointvision"
#: The modules whose long functions were split, and those functions.
SPLIT = {
    "outputs/layout.py": ("spread_labels", "radial_layout"),
    "outputs/network.py": ("fact_network",),
    "source/project.py": ("new_source",),
    "source/suggest.py": ("suggest",),
    "source/mentions.py": ("mentions",),
}


def _blocks(module: str) -> list:
    return radon_complexity.cc_visit((PACKAGE / module).read_text(encoding="utf-8"))


def _functions(blocks: list) -> list:
    """Functions and methods, the methods taken out of their classes."""
    found = []
    for block in blocks:
        found.extend(getattr(block, "methods", None) or [block])
    return [b for b in found if not hasattr(b, "methods")]


@pytest.mark.parametrize("module", sorted(SPLIT))
def test_no_function_past_complexity_20(module):
    too_complex = [(b.name, b.complexity) for b in _functions(_blocks(module)) if b.complexity > 20]
    assert not too_complex


@pytest.mark.parametrize("module", sorted(SPLIT))
def test_the_split_functions_are_small(module):
    functions = {b.name: b for b in _functions(_blocks(module))}
    for name in SPLIT[module]:
        block = functions[name]
        assert block.complexity <= 15, (name, block.complexity)
        assert block.endline - block.lineno + 1 < 50, (name, block.endline - block.lineno + 1)
