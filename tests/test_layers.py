"""The package's layers only depend downwards: sources -> RDF -> SPARQL ->
outputs -> server, with the base modules (errors, files, resources,
terminal, stack) under all of them and the CLI on top. Read from the source code, function-level imports
included, so that a lazy import cannot hide a dependency."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "graph" / "jointvision"

#: layer -> what it may import from the package (besides itself)
ALLOWED = {
    "base": set(),
    "source": {"base"},
    "rdf": {"base", "source"},
    "sparql": {"base", "source", "rdf"},
    "outputs": {"base", "source", "rdf", "sparql"},
    "server": {"base", "source", "rdf", "sparql", "outputs"},
    "cli": {"base", "source", "rdf", "sparql", "outputs", "server"},
}
#: third-party RDF libraries the sources layer must not need
RDF_LIBRARIES = {"rdflib", "pyoxigraph", "pyshacl", "networkx", "pyvis"}


def _layer(module: str) -> str:
    parts = module.split(".")
    if len(parts) >= 2 and parts[1] in {"source", "rdf", "sparql", "outputs", "server"}:
        return parts[1]
    if len(parts) >= 2 and parts[1] in {"cli", "__main__"}:
        return "cli"
    return "base"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, module: str | None = None) -> list[tuple[int, str]]:
    """(line, imported module) for every import of the file; ``module`` is
    its dotted name (default: from where it lies in the package)."""
    module = module or _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.append((node.lineno, target))
            if node.module is None or target.count(".") == 0:  # from . import x: x may be a sub-package
                found += [(node.lineno, f"{target}.{alias.name}") for alias in node.names]
    return found


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_down_the_layers(path):
    layer = _layer(_module_name(path))
    for line, target in _imports(path):
        if target == "jointvision" or target.startswith("jointvision."):
            other = _layer(target)
            if target in {"jointvision", "jointvision.__version__"}:
                continue
            assert other == layer or other in ALLOWED[layer], (
                f"{path.relative_to(PACKAGE)}:{line}: the {layer} layer imports {target} ({other})"
            )
        elif layer == "source":
            assert target.split(".")[0] not in RDF_LIBRARIES, (
                f"{path.relative_to(PACKAGE)}:{line}: the source layer imports {target}"
            )


@pytest.mark.parametrize(
    "module, line, layer",
    [
        ("jointvision.rdf.probe", "from ..outputs.viewer import viewer_html", "outputs"),
        ("jointvision.source.probe", "from ..rdf import namespaces", "rdf"),
        ("jointvision.outputs.probe", "import jointvision.server.app", "server"),
    ],
)
def test_the_rule_sees_an_upward_import(tmp_path, module, line, layer):
    """The check itself: an upward import, relative or absolute, is seen."""
    probe = tmp_path / "probe.py"
    probe.write_text(f"def f():\n    {line}\n")
    layers = {_layer(target) for _, target in _imports(probe, module)}
    assert layer in layers and layer not in ALLOWED[_layer(module)]
