"""The named competency queries shipped with the package (``queries/*.rq``).

Each file starts with ``# title:`` and ``# question:`` lines: the question a
user asks, which the query answers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import QueryError
from ..resources import QUERIES_DIR


@dataclass(frozen=True)
class NamedQuery:
    """One named query: its name (the file name without ``.rq``), the
    title and question of its header, its SPARQL text, and its file."""

    name: str
    title: str
    question: str
    text: str
    path: Path


def _header(text: str, key: str) -> str:
    """The value of the ``# key:`` line of a query's header, or ""."""
    for line in text.splitlines():
        if line.startswith(f"# {key}:"):
            return line.split(":", 1)[1].strip()
    return ""


def named_queries() -> dict[str, NamedQuery]:
    """Every named query, by name (the file name without ``.rq``), in the order of their files' names.

    >>> queries = named_queries()
    >>> queries["targets"].title
    'Every quantitative target'
    >>> queries["targets"].question.endswith("?")
    True
    """
    found = {}
    for path in sorted(QUERIES_DIR.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        found[path.stem] = NamedQuery(path.stem, _header(text, "title"), _header(text, "question"), text, path)
    return found


def named_query(name: str) -> NamedQuery:
    """The named query ``name``; an unknown name gets a "did you mean" hint.

    >>> named_query("target")
    Traceback (most recent call last):
    ...
    jointvision.errors.QueryError: no named query 'target'; did you mean 'targets'? (see `jointvision query --list`)
    """
    queries = named_queries()
    if name not in queries:
        from ..source.loader import close_matches

        close = close_matches(name, queries)
        hint = f"did you mean {close[0]!r}? " if close else ""
        shown = repr(name) if len(name) <= 60 else repr(name[:60]) + "..."
        raise QueryError(f"no named query {shown}; {hint}(see `jointvision query --list`)")
    return queries[name]


#: A single word: the name of a named query, as ``jointvision query NAME`` reads it.
_NAME = re.compile(r"[\w.-]+")


def query_text(text: str) -> str:
    """The SPARQL text of ``text``: the text of the named query of that name
    if it is a single word (letters, digits, ``_``, ``.``, ``-``), as the
    command line decides; else ``text`` itself. An unknown name is a
    :class:`QueryError` with a "did you mean" hint. (``engine.query_text``
    is the same rule; this one is importable without the engine's imports.)

    >>> query_text("ASK { ?s ?p ?o }")
    'ASK { ?s ?p ?o }'
    >>> "SELECT" in query_text("targets")
    True
    """
    return named_query(text).text if _NAME.fullmatch(text) else text
