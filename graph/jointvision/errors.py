"""The small exception hierarchy for domain errors.

Each carries the exit status the command line ends with (``exit_code``):
2 ("bad input") for every :class:`JointVisionError`, 3 for a
:class:`RemoteError`. The command line prints the message and exits with it,
in one place; anything else is a bug.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .terminal import one_line  # one line for a message, whoever writes it

__all__ = [
    "JointVisionError",
    "QueryError",
    "RemoteError",
    "SourceError",
    "SourceErrors",
    "UnsafeQueryError",
    "ValidationInputError",
    "one_line",
]


class JointVisionError(Exception):
    """Base class of every error a user can cause with bad input."""

    #: the exit status of the command line: bad input
    exit_code = 2
    #: what to do about it, or what state it left behind (each one line)
    hints: tuple[str, ...] = ()


class SourceError(JointVisionError):
    """A fact file, or the source text beside it, is wrong.

    The message names the file, the line and the field, compiler style:
    ``path/to/file.yaml:42: entities[3].value: must be a number, got '10 trillion'``.
    """

    def __init__(self, path: str, line: int | None, field: str | None, message: str):
        self.path = str(path)
        self.line = line
        self.field = field
        self.message = message
        where = self.path if line is None else f"{self.path}:{line}"
        what = f"{field}: {message}" if field else message
        super().__init__(one_line(f"{where}: {what}"))


class SourceErrors(SourceError):
    """Every error found in a run over fact files, sorted by file and line
    (``errors``); its message lists the first :data:`MAX_SHOWN`, then how
    many more there are."""

    MAX_SHOWN = 50

    errors: list[SourceError]
    #: Where the errors are one file's: what of it did read (its entries as
    #: far as they read, then the file with them), for the checks across
    #: files; and the ids of its entries whose type did not read.
    partial: Any
    unreadable: frozenset[str]

    def __init__(self, errors: list[SourceError], *, partial: Any = None, unreadable: Iterable[str] = ()):
        self.partial = partial
        self.unreadable = frozenset(unreadable)
        flat: list[SourceError] = []
        for error in errors:
            flat.extend(error.errors if isinstance(error, SourceErrors) else [error])
        self.errors = sorted(flat, key=lambda e: (e.path, e.line or 0, e.field or "", e.message))
        first = self.errors[0]
        super().__init__(first.path, first.line, first.field, first.message)
        self.args = ("\n".join(self.lines()),)

    def lines(self) -> list[str]:
        """The message, one line per error: the first :data:`MAX_SHOWN`,
        then how many more there are.

        >>> SourceErrors([SourceError("a.yaml", 3, "id", "given twice"), SourceError("a.yaml", 1, None, "bad")]).lines()
        ['a.yaml:1: bad', 'a.yaml:3: id: given twice']
        """
        shown = [one_line(str(SourceError(e.path, e.line, e.field, e.message))) for e in self.errors[: self.MAX_SHOWN]]
        more = len(self.errors) - len(shown)
        return shown + ([f"and {more} more error{'s' if more != 1 else ''}"] if more else [])

    def __str__(self) -> str:
        return "\n".join(self.lines())


class QueryError(JointVisionError):
    """A SPARQL query could not be parsed or run."""


class UnsafeQueryError(QueryError):
    """A query asks for something that would reach outside the local graph
    (SERVICE, LOAD, FROM / FROM NAMED of a graph that is not local) or to
    change data."""


class ValidationInputError(JointVisionError):
    """A file given to ``validate`` could not be read as RDF."""


class RemoteError(JointVisionError):
    """A remote endpoint could not be reached or did not answer well (exit
    status 3, distinct from bad input). ``status`` is the HTTP status it
    answered, if it answered one; ``hints`` say what state the failure left
    and how to get back from it; ``delivered`` whether the request reached
    it (see below)."""

    exit_code = 3

    def __init__(
        self, message: str, status: int | None = None, hints: tuple[str, ...] = (), delivered: bool | None = None
    ):
        super().__init__(message)
        self.status = status
        self.hints = tuple(hints)
        #: whether the request reached the endpoint whole: False when it failed while connecting or
        #: sending, True when an answer came (``status``), None when that is not known
        self.delivered = True if status is not None else delivered
