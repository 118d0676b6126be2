"""The guard: what a query may be, decided on the tokens the grammar reads.

:func:`check_query` runs in phases, each a small function here:

1. :func:`~jointvision.sparql.tokens.tokenize`: the query as SPARQL 1.1
   reads it (escapes first, then the longest terminal at every point);
2. :func:`check_limits`: SPARQL 1.2 syntax, and brackets nested too deep;
3. :func:`read_prologue`: the ``BASE`` and ``PREFIX`` declarations;
4. :func:`refuse_outside`: ``SERVICE``, ``FROM`` / ``FROM NAMED`` of a graph
   the store does not hold, and every update form;
5. :func:`query_form` and :func:`check_prefixes`: a query, whose every
   prefix is known;
6. :func:`~jointvision.sparql.canonical.write_canonical`: the canonical text,
   the only one the engine runs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..errors import QueryError, UnsafeQueryError
from ..rdf.iris import PREFIXES
from .canonical import CheckedQuery, write_canonical
from .tokens import Token, syntax_error, tokenize

#: How deep brackets may nest (the token cap of ``tokens.MAX_TOKENS`` bounds the rest).
MAX_DEPTH = 64
#: SPARQL 1.2 syntax pyoxigraph knows and the SPARQL 1.1 grammar does not.
_SPARQL_12 = {
    "<<": "triple terms (<< >>)",
    ">>": "triple terms (<< >>)",
    "{|": "annotations ({| |})",
    "|}": "annotations ({| |})",
    "~": "reifiers (~)",
}
_QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
_UPDATE_WORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"})
#: Functions whose answer may differ each time a query runs: such a query is never cached.
VOLATILE_FUNCTIONS = frozenset({"NOW", "RAND", "UUID", "STRUUID", "BNODE"})
_ABSOLUTE = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")


# --------------------------------------------------------------------------- limits and nesting


def _sparql_12(tok: Token) -> QueryError:
    hint = " (to compare with an IRI, put a space after the <)" if tok.text == "<<" else ""
    return syntax_error(tok.at, f"SPARQL 1.2 {_SPARQL_12[tok.text]} are not supported, only SPARQL 1.1{hint}")


def check_limits(tokens: Sequence[Token]) -> None:
    """Refuse SPARQL 1.2 syntax, and brackets nested more than
    :data:`MAX_DEPTH` deep (the first of either, in the order written)."""
    depth = 0
    for tok in tokens:
        if tok.kind != "punct":
            continue
        if tok.text in _SPARQL_12:
            raise _sparql_12(tok)
        if tok.text in "({[":
            depth += 1
            if depth > MAX_DEPTH:
                raise QueryError(
                    f"the query nests more than {MAX_DEPTH} levels deep (line {tok.line}, column "
                    f"{tok.column}): it is refused as too complex"
                )
        elif tok.text in ")}]":
            depth = max(depth - 1, 0)


# --------------------------------------------------------------------------- the prologue


def _unescape_local(local: str) -> str:
    return re.sub(r"\\(.)", r"\1", local)


@dataclass(frozen=True)
class Prologue:
    """A query split at the end of its prologue: the prefixes it declares
    (as written, possibly relative), its declarations in order
    (``("BASE", iri token)`` or ``(prefix, iri token)``), and the body."""

    declared: dict[str, str] = field(default_factory=dict)
    entries: list[tuple[str, Token]] = field(default_factory=list)
    body: list[Token] = field(default_factory=list)

    def prefix_iri(self, tok: Token) -> str:
        """The namespace of a prefixed name's prefix: declared, else
        predeclared (``namespaces.PREFIXES``), else a syntax error."""
        prefix = tok.text.split(":", 1)[0]
        if prefix in self.declared:
            return self.declared[prefix]
        if prefix in PREFIXES:
            return PREFIXES[prefix]
        raise syntax_error(tok.at, f"the prefix {prefix + ':'!r} is not declared (add PREFIX {prefix}: <...>)")

    def iri_of(self, tok: Token | None) -> str | None:
        """The absolute IRI a token names, or None (not an IRI, or relative)."""
        if tok is None:
            return None
        if tok.kind == "iri":
            iri = tok.value
        elif tok.kind == "pname":
            iri = self.prefix_iri(tok) + _unescape_local(tok.text.split(":", 1)[1])
        else:
            return None
        return iri if _ABSOLUTE.match(iri) else None


def _declaration(tokens: Sequence[Token], i: int, prologue: Prologue) -> int:
    """Read the ``BASE`` or ``PREFIX`` declaration at ``tokens[i]`` into
    ``prologue``; the index after it."""
    tok = tokens[i]
    if tok.value == "BASE":
        if i + 1 >= len(tokens) or tokens[i + 1].kind != "iri":
            raise syntax_error(tok.at, "BASE needs an <IRI>")
        prologue.entries.append(("BASE", tokens[i + 1]))
        return i + 2
    if (
        i + 2 >= len(tokens)
        or tokens[i + 1].kind != "pname"
        or not tokens[i + 1].text.endswith(":")
        or tokens[i + 2].kind != "iri"
    ):
        raise syntax_error(tok.at, "PREFIX needs a name ending in ':' and an <IRI>")
    name = tokens[i + 1].text[:-1]
    prologue.declared[name] = tokens[i + 2].value
    prologue.entries.append((name, tokens[i + 2]))
    return i + 3


def read_prologue(tokens: Sequence[Token]) -> Prologue:
    """The ``BASE`` and ``PREFIX`` declarations that open the query, in
    order, and the body after them; a declaration anywhere else is a
    syntax error."""
    prologue = Prologue()
    i = 0
    while i < len(tokens) and tokens[i].is_keyword("BASE", "PREFIX"):
        i = _declaration(tokens, i, prologue)
    prologue.body.extend(tokens[i:])
    for tok in prologue.body:
        if tok.is_keyword("BASE", "PREFIX"):
            raise syntax_error(
                tok.at, f"{tok.value} may only open the query, before SELECT, ASK, CONSTRUCT or DESCRIBE"
            )
    return prologue


# --------------------------------------------------------------------------- refusals


class _Refusals:
    """The refusals, on the body as the grammar reads it: ``SERVICE``,
    ``FROM`` / ``FROM NAMED`` of a graph the store does not hold (or named
    twice), and every update keyword."""

    def __init__(self, prologue: Prologue, local_graphs: frozenset[str] | set[str], dataset_given: bool):
        self.prologue = prologue
        self.body = prologue.body
        self.local_graphs = local_graphs
        self.dataset_given = dataset_given
        self.from_graphs: set[str] = set()
        self.from_named: set[str] = set()

    def check(self) -> None:
        """Raise :class:`UnsafeQueryError` at the first keyword refused."""
        for n, tok in enumerate(self.body):
            if tok.kind != "keyword":
                continue
            at = f"line {tok.line}, column {tok.column}"
            if tok.value == "SERVICE":
                raise UnsafeQueryError(
                    f"SERVICE at {at} is refused: jointvision never sends a query to another "
                    "endpoint; it answers from the local graph only"
                )
            if tok.value == "FROM":
                self.from_clause(n, at)
            elif tok.value in _UPDATE_WORDS:
                raise UnsafeQueryError(
                    f"{tok.value} at {at} is refused: the graph is read-only; only SELECT, "
                    "ASK, CONSTRUCT and DESCRIBE queries are run"
                )

    def _after(self, n: int) -> Token | None:
        return self.body[n] if n < len(self.body) else None

    def from_clause(self, n: int, at: str) -> None:
        """Check the ``FROM`` at ``body[n]``: a graph of the store, named
        once, unless the protocol gave the dataset."""
        clause, nxt = "FROM", self._after(n + 1)
        if nxt is not None and nxt.is_keyword("NAMED"):
            clause, nxt = "FROM NAMED", self._after(n + 2)
        iri = self.prologue.iri_of(nxt)
        if self.dataset_given:  # the protocol's dataset replaces the query's: its FROM is not used
            return
        if iri is None or iri not in self.local_graphs:
            what = f" {nxt.text}" if nxt is not None and nxt.kind in {"iri", "pname"} else ""
            local = "" if not self.local_graphs else f" (local graphs: {', '.join(sorted(self.local_graphs))})"
            raise UnsafeQueryError(
                f"{clause}{what} at {at} is refused: jointvision never loads a graph from an "
                f"IRI or file; {clause} may name only a graph the store holds{local}"
            )
        self.count_graph(clause, iri, at)

    def count_graph(self, clause: str, iri: str, at: str) -> None:
        """Refuse a dataset the engine would miscount: SPARQL merges the
        FROM graphs, each statement once; the engine repeats the statements
        two graphs share (and a graph named twice)."""
        seen = self.from_graphs if clause == "FROM" else self.from_named
        if clause == "FROM" and self.from_graphs:
            raise UnsafeQueryError(
                f"a second FROM at {at} is refused: the engine would repeat the statements "
                "the graphs share, where SPARQL merges them; use one FROM, none (the default "
                "graph is already the union of every source), or GRAPH"
            )
        if iri in seen:
            raise UnsafeQueryError(
                f"{clause} <{iri}> at {at} names a graph already named: the engine would repeat its statements"
            )
        seen.add(iri)


def refuse_outside(
    prologue: Prologue, local_graphs: frozenset[str] | set[str] = frozenset(), dataset_given: bool = False
) -> None:
    """Raise :class:`UnsafeQueryError` at the first ``SERVICE``, ``FROM`` /
    ``FROM NAMED`` that is not one graph of ``local_graphs`` (unless
    ``dataset_given``), or update keyword of the body."""
    _Refusals(prologue, local_graphs, dataset_given).check()


# --------------------------------------------------------------------------- a query, every prefix known


def query_form(body: Sequence[Token]) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first of them in the body."""
    form = next((t.value for t in body if t.kind == "keyword" and t.value in _QUERY_FORMS), None)
    if form is None:
        raise QueryError("not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")
    return form


def check_prefixes(prologue: Prologue) -> None:
    """A syntax error at the first prefixed name of the body whose prefix
    is neither declared nor predeclared."""
    for tok in prologue.body:
        if tok.kind == "pname":
            prologue.prefix_iri(tok)


def check_query(
    query: str, local_graphs: frozenset[str] | set[str] = frozenset(), dataset_given: bool = False
) -> CheckedQuery:
    """Refuse a query that reaches outside the local dataset or is an update,
    and write it in the canonical form the engine runs.

    ``FROM`` / ``FROM NAMED`` may name only graphs of ``local_graphs`` (the
    named graphs the store holds); any other IRI, remote or ``file://``, is
    refused rather than fetched. With ``dataset_given`` (the SPARQL protocol's
    ``default-graph-uri`` / ``named-graph-uri``), the protocol's dataset
    replaces the query's, so its FROM clauses are not used and not checked.
    The prefixes of ``namespaces.PREFIXES`` are predeclared. Raises
    :class:`UnsafeQueryError` with the position of the offending keyword, or
    :class:`QueryError` for a query that is not SPARQL.

    >>> check_query("select * where { ?s rdfs:label 'x' } # a comment").text
    'PREFIX p0: <http://www.w3.org/2000/01/rdf-schema#> SELECT * WHERE { ?s p0:label "x" }'
    >>> check_query("SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    jointvision.errors.UnsafeQueryError: SERVICE at line 1, column 12 is refused: jointvision never sends a query \
to another endpoint; it answers from the local graph only
    """
    tokens = tokenize(query)
    check_limits(tokens)
    prologue = read_prologue(tokens)
    refuse_outside(prologue, local_graphs, dataset_given)
    form = query_form(prologue.body)
    check_prefixes(prologue)
    volatile = any(t.kind == "keyword" and t.value in VOLATILE_FUNCTIONS for t in prologue.body)
    return write_canonical(form, prologue.entries, prologue.declared, prologue.body, volatile)
