"""Running SPARQL queries on a graph, safely.

:class:`QueryEngine` is the one interface callers use; it runs on pyoxigraph
(0.2-8 ms per query where rdflib takes 20-120 ms on the same graph). Before any
engine sees a query, :func:`check_query` refuses what would reach beyond the
local graph or change it: ``SERVICE`` (pyoxigraph would run it in native
code), ``FROM`` / ``FROM NAMED`` (rdflib would fetch the IRI, even a
``file://`` one), and every update form (``LOAD``, ``INSERT``, ``DELETE``...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import Graph

from .errors import QueryError, UnsafeQueryError
from .namespaces import PREFIXES
from .resources import ontology_path
from .terms import from_ox, to_ox

# Character classes of the SPARQL 1.1 grammar (section 19.8), so that a
# prefixed name ends exactly where SPARQL ends it: in "t:.SERVICE" the name is
# "t:", then a dot, then the keyword SERVICE (a local name cannot start or
# end with a dot).
_PN_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_PN_U = _PN_BASE + "_"
_PN = _PN_U + r"\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_PREFIX = rf"[{_PN_BASE}](?:[{_PN}.]*[{_PN}])?"
_LOCAL = rf"(?:[{_PN_U}:0-9]|{_PLX})(?:(?:[{_PN}.:]|{_PLX})*(?:[{_PN}:]|{_PLX}))?"
_VARNAME = rf"[{_PN_U}0-9][{_PN_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*"
_TOKENS = re.compile(
    r"""
      (?P<comment>\#[^\r\n]*)
    | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
                |"(?:[^"\\\r\n]|\\.)*"|'(?:[^'\\\r\n]|\\.)*')
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<var>[?$]VARNAME)
    | (?P<pname>(?<![NAMECHARS])(?:PREFIX)?:(?:LOCAL)?)
    | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
    | (?P<space>\s+)
    | (?P<other>.)
    """.replace("VARNAME", _VARNAME).replace("PREFIX", _PREFIX).replace("LOCAL", _LOCAL)
    # a prefixed name starts only where a name can start: without this, each
    # character of a long name would rescan the rest (quadratic time)
    .replace("NAMECHARS", _PN + ".:"),
    re.VERBOSE | re.DOTALL,
)
_QUERY_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}
_UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    line: int
    column: int


_UCHAR = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
#: Bounds on what a query may look like (a deeper or longer query can
#: exhaust the engine's stack, which no time limit catches).
MAX_DEPTH = 64
MAX_TOKENS = 20_000


def expand_escapes(query: str) -> str:
    """The query with its ``\\uXXXX`` / ``\\UXXXXXXXX`` escapes replaced by the
    characters they stand for, as SPARQL reads them (section 19.2): the
    checks run on what the engine sees, so an escaped ``SERVICE`` or an
    escaped ``>`` cannot hide anything."""
    def replace(match: re.Match) -> str:
        code = int(match.group(1) or match.group(2), 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            raise QueryError(f"invalid character escape {match.group()!r}")
        return chr(code)

    return _UCHAR.sub(replace, query)


def tokenize(query: str) -> list[Token]:
    """The significant tokens of a query (comments and white space dropped),
    with 1-based line and column, enough to find keywords outside strings,
    IRIs and comments. A quote that opens no complete string, or a backslash
    outside strings and names, is an error: the check must never read the
    query differently from the engine."""
    tokens = []
    line, line_start = 1, 0
    for match in _TOKENS.finditer(query):
        kind = match.lastgroup or "other"
        text = match.group()
        column = match.start() - line_start + 1
        if kind == "other" and text in {'"', "'", "\\"}:
            what = "a backslash outside a string" if text == "\\" else "a string that is never closed"
            raise QueryError(f"SPARQL syntax error at line {line}, column {column}: {what}")
        if kind not in {"comment", "space"}:
            tokens.append(Token(kind, text, line, column))
        newlines = text.count("\n")
        if newlines:
            line += newlines
            line_start = match.start() + text.rfind("\n") + 1
    return tokens


def _iri_of(token: Token | None, prefixes: dict[str, str]) -> str | None:
    """The IRI a token names: ``<iri>`` or a prefixed name, or None."""
    if token is None:
        return None
    if token.kind == "iri":
        return token.text[1:-1]
    if token.kind == "pname":
        prefix, _, local = token.text.partition(":")
        if prefix in prefixes:
            return prefixes[prefix] + local
    return None


def check_query(query: str, local_graphs: frozenset[str] | set[str] = frozenset(),
                dataset_given: bool = False) -> str:
    """Refuse a query that reaches outside the local dataset or is an update.

    ``FROM`` / ``FROM NAMED`` may name only graphs of ``local_graphs`` (the
    named graphs the store holds); any other IRI, remote or ``file://``, is
    refused rather than fetched. With ``dataset_given`` (the SPARQL protocol's
    ``default-graph-uri`` / ``named-graph-uri``), the protocol's dataset
    replaces the query's, so its FROM clauses are not used and not checked.
    Returns the query form (SELECT, ASK,
    CONSTRUCT or DESCRIBE); raises :class:`UnsafeQueryError` with the
    position of the offending keyword.
    """
    tokens = tokenize(expand_escapes(query))
    if len(tokens) > MAX_TOKENS:
        raise QueryError(f"the query has more than {MAX_TOKENS:,} tokens: it is refused as too complex")
    depth = 0
    for tok in tokens:
        if tok.kind == "other" and tok.text in "({[":
            depth += 1
            if depth > MAX_DEPTH:
                raise QueryError(f"the query nests more than {MAX_DEPTH} levels deep (line {tok.line}, column "
                                 f"{tok.column}): it is refused as too complex")
        elif tok.kind == "other" and tok.text in ")}]":
            depth = max(depth - 1, 0)
    words = [t for t in tokens if t.kind == "word"]
    prefixes = dict(PREFIXES)
    for i, tok in enumerate(tokens):
        if tok.kind == "word" and tok.text.upper() == "PREFIX" and i + 2 < len(tokens):
            if tokens[i + 1].kind == "pname" and tokens[i + 2].kind == "iri":
                prefixes[tokens[i + 1].text.rstrip(":")] = tokens[i + 2].text[1:-1]
    for i, tok in enumerate(tokens):
        if tok.kind != "word":
            continue
        upper = tok.text.upper()
        at = f"line {tok.line}, column {tok.column}"
        if upper == "SERVICE":
            raise UnsafeQueryError(f"SERVICE at {at} is refused: jointvision never sends a query to another "
                                   "endpoint; it answers from the local graph only")
        if upper == "FROM":
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            clause = "FROM"
            if nxt is not None and nxt.kind == "word" and nxt.text.upper() == "NAMED":
                clause = "FROM NAMED"
                nxt = tokens[i + 2] if i + 2 < len(tokens) else None
            iri = _iri_of(nxt, prefixes)
            if dataset_given or (iri is not None and iri in local_graphs):
                continue
            what = f" {nxt.text}" if nxt is not None and nxt.kind in {"iri", "pname"} else ""
            local = "" if not local_graphs else f" (local graphs: {', '.join(sorted(local_graphs))})"
            raise UnsafeQueryError(f"{clause}{what} at {at} is refused: jointvision never loads a graph from an "
                                   f"IRI or file; {clause} may name only a graph the store holds{local}")
    form = next((w.text.upper() for w in words if w.text.upper() in _QUERY_FORMS | _UPDATE_WORDS), None)
    if form in _UPDATE_WORDS:
        tok = next(w for w in words if w.text.upper() == form)
        raise UnsafeQueryError(f"{form} at line {tok.line}, column {tok.column} is refused: the graph is "
                               "read-only; only SELECT, ASK, CONSTRUCT and DESCRIBE queries are run")
    if form is None:
        raise QueryError("not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")
    return form


@dataclass
class QueryResult:
    """The answer to a query: rows of a SELECT, a boolean of an ASK, or the
    triples of a CONSTRUCT / DESCRIBE. Terms are rdflib terms."""

    form: str
    variables: list[str] = field(default_factory=list)
    rows: list[tuple] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[tuple] = field(default_factory=list)


_POSITION = re.compile(r"error at (\d+):(\d+)")


class QueryEngine:
    """An in-memory, read-only SPARQL store over one graph.

    The default graph holds the data and, unless ``with_ontology`` is false,
    the ontology (so queries can use class and property labels and
    ``rdfs:subClassOf``). The prefixes of ``namespaces.PREFIXES`` (jv, jvd,
    rdfs, xsd, ...) are predeclared: queries may use them without ``PREFIX``.
    """

    def __init__(self, graph: Graph, with_ontology: bool = True):
        self._store = ox.Store()
        self._store.bulk_extend(
            [ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.DefaultGraph()) for s, p, o in graph]
        )
        if with_ontology:
            self._store.bulk_load(path=str(ontology_path()), format=ox.RdfFormat.TURTLE)

    def __len__(self) -> int:
        return len(self._store)

    def query(self, text: str) -> QueryResult:
        form = check_query(text)
        try:
            answer = self._store.query(text, prefixes=PREFIXES)
            # Results are computed lazily, while being read: errors surface here too.
            if isinstance(answer, (bool, ox.QueryBoolean)):
                return QueryResult(form, boolean=bool(answer))
            if isinstance(answer, ox.QuerySolutions):
                variables = [v.value for v in answer.variables]
                rows = [tuple(from_ox(solution[v]) for v in variables) for solution in answer]
                return QueryResult(form, variables=variables, rows=rows)
            triples = [(from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)) for t in answer]
            return QueryResult(form, triples=triples)
        except SyntaxError as exc:
            message = str(exc)
            found = _POSITION.search(message)
            if found:
                message = f"SPARQL syntax error at line {found.group(1)}, column {found.group(2)}: " + \
                          message[found.end():].lstrip(": ")
            raise QueryError(message) from None
        except (OSError, ValueError, RuntimeError, TypeError) as exc:
            raise QueryError(f"the query failed: {exc}") from None
