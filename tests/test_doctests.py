"""The examples in the library's docstrings run, and give what they show.

Every module of the package is searched for ``>>>`` examples (the public
API's docstrings carry them), so an example cannot go stale."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import jointvision


def _modules_with_examples() -> list[str]:
    found = []
    for info in pkgutil.walk_packages(jointvision.__path__, "jointvision."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        if any(test.examples for test in doctest.DocTestFinder().find(module)):
            found.append(info.name)
    return ["jointvision", *found]


MODULES = _modules_with_examples()


def test_the_public_api_has_examples():
    """The modules a user starts from show how they are used."""
    for name in ("jointvision", "jointvision.sparql.engine", "jointvision.outputs.registry", "jointvision.terminal"):
        assert name in MODULES, name


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples of {name} failed"
