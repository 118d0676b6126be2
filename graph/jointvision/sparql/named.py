"""The named competency queries shipped with the package (``queries/*.rq``).

Each file starts with ``# title:`` and ``# question:`` lines: the question a
user asks, which the query answers.

The guard's verdict on each of them ships beside them too
(``queries/checked/SHA256.json``: the canonical text
:func:`~jointvision.sparql.guard.check_query` writes for the query whose
text has that SHA-256), so that a command running a named query does not
check it again in every process: :func:`checked` takes a shipped verdict
only for a text whose digest names it, byte for byte, and checks any other
text. A test holds the folder equal to the guard's answers; ``python -m
jointvision.sparql.named`` writes it.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import QueryError
from ..resources import QUERIES_DIR

if TYPE_CHECKING:
    from .canonical import CheckedQuery

#: The guard's verdicts on the shipped queries, made by :func:`shipped_checks`: one file a query.
CHECKED_DIR = QUERIES_DIR / "checked"


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


# ------------------------------------------------------------ the shipped queries, checked once
def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def shipped_checks() -> dict[str, dict]:
    """The guard's verdict on every shipped query, by the SHA-256 of its
    text: form, canonical text, volatility and the marks that map the
    canonical text back to the query as written (what ``checked/`` holds).
    Each is checked with no local graphs: a query that passes so names no
    graph in FROM, and its verdict holds for any dataset."""
    from .guard import check_query

    out: dict[str, dict] = {}
    for query in named_queries().values():
        verdict = check_query(query.text)
        out[_digest(query.text)] = {
            "name": query.name,
            "form": verdict.form,
            "text": verdict.text,
            "volatile": verdict.volatile,
            "marks": [list(mark) for mark in verdict.marks],
        }
    return out  # in the order of the queries' names


def write_shipped_checks(folder: Path = CHECKED_DIR) -> None:
    """Write :func:`shipped_checks` to ``folder`` (``queries/checked/``), a
    file a query named by its digest, with a README; files of queries no
    longer shipped are removed."""
    folder.mkdir(exist_ok=True)
    verdicts = shipped_checks()
    for stale in folder.glob("*.json"):
        if stale.stem not in verdicts:
            stale.unlink()
    for digest, verdict in verdicts.items():
        (folder / f"{digest}.json").write_text(json.dumps(verdict, indent=1, ensure_ascii=False) + "\n", "utf-8")
    (folder / "README.md").write_text(CHECKED_README, encoding="utf-8")


CHECKED_README = """# The guard's verdicts on the shipped queries

Generated by `python -m jointvision.sparql.named`; do not edit by hand.

Each file is named by the SHA-256 of one named query's text (`../*.rq`) and
holds what `jointvision.sparql.guard.check_query` makes of that text: its
form, the canonical text the engine runs, whether its answer may change
between runs, and the marks that map the canonical text back to the query
as written. A command running a named query takes the verdict from here
instead of checking the query again in every process; any other text, or a
query file changed by even one byte, is checked as it comes. The test suite
holds this folder equal to the guard's answers (`tests/test_queries.py`).
"""


def _shipped(text: str) -> dict | None:
    """The shipped verdict on ``text``, if its digest names one."""
    try:
        return json.loads((CHECKED_DIR / f"{_digest(text)}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):  # no such query, or not shipped (a partial copy): checked now
        return None


def checked(text: str, local_graphs: frozenset[str] | set[str] = frozenset()) -> CheckedQuery:
    """``text`` checked by the guard: the shipped verdict where ``text`` is a
    shipped query's text byte for byte, else :func:`check_query` now."""
    from .canonical import CheckedQuery

    found = _shipped(text)
    if found is not None:
        marks = tuple((int(a), int(b), int(c)) for a, b, c in found["marks"])
        return CheckedQuery(found["form"], found["text"], bool(found["volatile"]), marks)
    from .guard import check_query

    return check_query(text, local_graphs)


if __name__ == "__main__":  # pragma: no cover - python -m jointvision.sparql.named
    write_shipped_checks()
    print(f"wrote {CHECKED_DIR}")
