"""Where the files that ship with the package are.

In a wheel, the ontology and shapes are copied into ``jointvision/ontology``
(see ``pyproject.toml``). In a source checkout, including an editable
install, they are read from the top-level ``ontology/`` folder, which stays
the single source of truth.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
#: The fact files and source texts built by default.
DEFAULT_DATA = PACKAGE_DIR / "data" / "sources"
#: The named competency queries (``<name>.rq``).
QUERIES_DIR = PACKAGE_DIR / "queries"


def ontology_dir() -> Path:
    """The folder holding ``jointvision.ttl`` and ``shapes.ttl``."""
    for candidate in (PACKAGE_DIR / "ontology", PACKAGE_DIR.parent.parent / "ontology"):
        if (candidate / "jointvision.ttl").is_file():
            return candidate
    raise FileNotFoundError("the jointvision ontology is not installed with the package")  # pragma: no cover


def ontology_path() -> Path:
    """The ontology, ``jointvision.ttl`` (Turtle): the classes and
    properties every graph is built with.

    >>> ontology_path().name
    'jointvision.ttl'
    """
    return ontology_dir() / "jointvision.ttl"


def shapes_path() -> Path:
    """The SHACL shapes, ``shapes.ttl`` (Turtle), that ``validate`` checks
    a graph against.

    >>> shapes_path().name
    'shapes.ttl'
    """
    return ontology_dir() / "shapes.ttl"
