"""The canonical form: the only text the engine ever runs.

:func:`~jointvision.sparql.guard.check_query` reads a query into tokens,
refuses what would reach outside the local dataset, and then hands the
tokens it checked to :func:`write_canonical`, which writes them out again so
that no reader can disagree with the check about where a string, an IRI, a
name or a keyword begins and ends (docs/query-safety.md):

* no comments and no line breaks;
* every string as ``"..."`` with ``"``, ``'``, ``\\`` and line breaks escaped;
* no ``<IRI>`` in the body: every IRI declared in the prologue
  (``PREFIX i0: <...>``) and used as ``i0:``;
* every prefix renamed (``p0:``), every ``.`` and ``-`` of a local name escaped;
* one keyword a token, single spaces between all tokens.

Every token of the canonical text is written from a token the check read,
keywords only from keywords; nothing here reads the user's text.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field

from ..rdf.iris import PREFIXES
from .tokens import Token


@dataclass(frozen=True)
class CheckedQuery:
    """A query that passed :func:`~jointvision.sparql.guard.check_query`: its
    form, the canonical text the engine runs, and whether its answer may
    change between runs.

    >>> from jointvision.sparql.guard import check_query
    >>> checked = check_query("SELECT ?s WHERE { ?s a jv:Target }")
    >>> checked.form, checked.volatile
    ('SELECT', False)
    >>> checked.text
    'PREFIX p0: <https://w3id.org/jointvision/ontology#> SELECT ?s WHERE { ?s a p0:Target }'
    """

    form: str  # SELECT | ASK | CONSTRUCT | DESCRIBE
    text: str
    volatile: bool
    #: (offset in ``text``, line, column in the query as written), ascending
    marks: tuple[tuple[int, int, int], ...] = field(default=(), repr=False, compare=False)

    def position(self, column: int) -> tuple[int, int] | None:
        """Where in the query as written the canonical text's (1-based)
        ``column`` comes from.

        >>> from jointvision.sparql.guard import check_query
        >>> check_query("ASK {\\n  ?s ?p ?o }").position(7)
        (2, 3)
        """
        offsets = [m[0] for m in self.marks]
        i = bisect.bisect_right(offsets, column - 1) - 1
        if i < 0:
            return None
        _, line, col = self.marks[i]
        return line, col


def _canonical_local(local: str) -> str:
    """A local name nobody can read differently: every ``.`` and ``-``
    escaped (``\\.``, ``\\-``), other escapes and ``%XX`` kept."""
    out = []
    for piece in re.findall(r"\\.|%[0-9A-Fa-f]{2}|.", local, re.DOTALL):
        out.append("\\" + piece if piece in {".", "-"} else piece)
    return "".join(out)


def _canonical_string(value: str) -> str:
    """A string's content as ``"..."``, the one string form of the canonical text."""
    escaped = (
        value.replace("\\", "\\\\").replace('"', '\\"').replace("'", "\\'").replace("\n", "\\n").replace("\r", "\\r")
    )
    return f'"{escaped}"'


class _Writer:
    """The canonical body, written token by token, with the names it gave
    prefixes and IRIs and where each token came from."""

    def __init__(self, declared: Collection[str]):
        self.declared = declared
        self.names: dict[str, str] = {}  # prefix as written -> p<n>
        self.iris: dict[str, str] = {}  # IRI as written in the body -> i<n>
        self.used_predeclared: list[str] = []  # prefixes of namespaces.PREFIXES, in order of use
        self.parts: list[str] = []
        self.marks: list[tuple[int, int, int]] = []
        self.size = 0

    def renamed(self, prefix: str) -> str:
        """The canonical name of a prefix as written."""
        return self.names.setdefault(prefix, f"p{len(self.names)}")

    def emit(self, text: str, tok: Token, glue: bool = False) -> None:
        """Write ``text`` for ``tok``: after a space, unless ``glue``."""
        if self.parts and not glue:
            self.parts.append(" ")
            self.size += 1
        self.marks.append((self.size, tok.line, tok.column))
        self.parts.append(text)
        self.size += len(text)

    def pname(self, tok: Token) -> str:
        """A prefixed name, its prefix renamed and its local part escaped."""
        prefix, _, local = tok.text.partition(":")
        if prefix not in self.declared and prefix not in self.used_predeclared:
            self.used_predeclared.append(prefix)
        return f"{self.renamed(prefix)}:{_canonical_local(local)}"

    def token(self, tok: Token, previous: Token | None) -> None:
        """Write one token of the body."""
        if tok.kind == "punct" and tok.text == "(" and previous is not None and previous.kind == "keyword":
            # a function's "(" right after its name: pyoxigraph reads "CONCAT (" as an error
            self.emit("(", tok, glue=True)
        elif tok.kind == "iri":
            self.emit(self.iris.setdefault(tok.value, f"i{len(self.iris)}") + ":", tok)
        elif tok.kind == "pname":
            self.emit(self.pname(tok), tok)
        elif tok.kind == "string":
            self.emit(_canonical_string(tok.value), tok)
        elif tok.kind == "langtag":
            self.emit(tok.text, tok, glue=True)
        else:
            self.emit(tok.value if tok.kind == "keyword" else tok.text, tok)

    def head(self, prologue: Iterable[tuple[str, Token]]) -> list[str]:
        """The canonical prologue: the predeclared prefixes the body used,
        the query's own BASE and used PREFIX declarations in order, then a
        prefix for each IRI of the body."""
        head = [
            f"PREFIX {self.renamed(prefix)}: <{PREFIXES[prefix]}>"  # absolute IRIs: no BASE changes them
            for prefix in self.used_predeclared
        ]
        for kind, tok in prologue:
            if kind == "BASE":
                head.append(f"BASE {tok.text}")
            elif kind in self.names:  # a declared prefix the body uses
                head.append(f"PREFIX {self.names[kind]}: {tok.text}")
        for iri, name in self.iris.items():  # after every BASE: resolved as a body IRI is
            head.append(f"PREFIX {name}: <{iri}>")
        return head


def write_canonical(
    form: str, prologue: Sequence[tuple[str, Token]], declared: Collection[str], body: Sequence[Token], volatile: bool
) -> CheckedQuery:
    """The canonical text of a checked query, as a :class:`CheckedQuery`.

    ``prologue`` holds the query's ``("BASE", iri token)`` and ``(prefix, iri
    token)`` declarations in order, ``declared`` the prefixes it declares,
    ``body`` the tokens after the prologue. Only
    :func:`~jointvision.sparql.guard.check_query` calls it, after every
    refusal and after checking that every prefix the body uses is declared
    or predeclared.
    """
    writer = _Writer(declared)
    previous: Token | None = None
    for tok in body:
        writer.token(tok, previous)
        previous = tok
    body_text = "".join(writer.parts)
    head = writer.head(prologue)
    prefix_text = " ".join(head) + (" " if head else "")
    shift = len(prefix_text)
    return CheckedQuery(
        form,
        prefix_text + body_text,
        volatile,
        tuple((offset + shift, line, column) for offset, line, column in writer.marks),
    )
