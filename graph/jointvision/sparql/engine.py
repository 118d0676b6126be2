"""Running SPARQL queries on a graph, safely.

:class:`QueryEngine` is the one interface callers use; it runs on pyoxigraph.
No engine ever reads the text a user wrote. :func:`check_query` reads it as
the SPARQL 1.1 grammar does (section 19: ``\\uXXXX`` escapes decoded first,
then the longest-matching terminal at every point), refuses what would
reach beyond the local dataset or change it (``SERVICE``, ``FROM`` /
``FROM NAMED`` of a graph that is not local, every update form), and writes
the query out again in a *canonical form* that only it produces. That text,
and nothing else, is what the engine runs. It has:

* no comments and no line breaks, so nothing can hide from either reader;
* no escapes outside strings, and every string in one form
  (``"..."``, with ``"``, ``'``, ``\\`` and line breaks escaped), so a
  string begins and ends at the same place for any reader;
* no ``<IRI>`` in the query body: every IRI is declared in the prologue
  (``PREFIX i0: <...>``, where the grammar allows nothing but an IRI after
  ``PREFIX name:``) and used as ``i0:``, so a ``<`` in the body is always the
  less-than operator, followed by a space, which no IRI may contain;
* every prefixed name renamed (``p0:``) with every ``.`` and ``-`` of its
  local part escaped, so no reader can end it early and find a keyword;
* every bare word split into the SPARQL keywords it is made of (the
  grammar's longest match reads ``OPTIONALSERVICE`` as two keywords) and
  written one keyword a token, with single spaces between all tokens.

So the engine cannot read a ``SERVICE`` or a ``FROM`` that the check did not
see: the guard does not depend on guessing how the engine tokenizes. As a
second wall, queries are evaluated in a process without network where the
system allows it (``isolation``).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import Graph

from ..errors import QueryError, UnsafeQueryError
from ..rdf.namespaces import PREFIXES
from ..resources import ontology_path
from ..rdf.terms import from_ox, to_ox

#: Bounds on what a query may look like. The token cap also bounds how deep
#: the engine's recursion can go (one level costs at least one token), which
#: the big evaluation stack of ``isolation`` holds many times over.
MAX_DEPTH = 64
MAX_TOKENS = 20_000
MAX_QUERY_CHARS = 1_000_000

# --------------------------------------------------------------------------- escapes (section 19.2)

_UCHAR = re.compile(r"\\\\|\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def expand_escapes(query: str) -> tuple[str, list[tuple[int, int]]]:
    """The query with its ``\\uXXXX`` / ``\\UXXXXXXXX`` escapes replaced by the
    characters they stand for, read before anything else as SPARQL 1.1
    section 19.2 says (an escaped backslash ``\\\\`` is kept: it never starts
    an escape). Returns the text and the points where offsets shift,
    ``(offset in the result, offset in the query)``, to report positions in
    the query as written."""
    shifts: list[tuple[int, int]] = []
    parts: list[str] = []
    last = 0
    out_len = 0
    for match in _UCHAR.finditer(query):
        if match.group() == "\\\\":
            continue
        code = int(match.group(1) or match.group(2), 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            raise QueryError(f"invalid character escape {match.group()!r}")
        parts.append(query[last:match.start()])
        out_len += match.start() - last
        parts.append(chr(code))
        out_len += 1
        last = match.end()
        shifts.append((out_len, last))
    if not shifts:
        return query, []
    parts.append(query[last:])
    return "".join(parts), shifts


# --------------------------------------------------------------------------- terminals (section 19.8)

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
_EXP = r"[eE][+-]?[0-9]+"
_TERMINALS = re.compile(
    r"""
      (?P<space>[\x20\x09\x0d\x0a]+)
    | (?P<comment>\#[^\x0d\x0a]*)
    | (?P<string>\"\"\"(?:(?:"|"")?(?:[^"\\]|\\.))*\"\"\"|'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''
                |"(?:[^"\\\x0a\x0d]|\\.)*"|'(?:[^'\\\x0a\x0d]|\\.)*')
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<var>[?$]VARNAME)
    | (?P<bnode>_:[PNU0-9](?:[PN.]*[PN])?)
    | (?P<langtag>@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*(?:--[a-zA-Z]+)?)
    | (?P<number>[+-]?(?:[0-9]+\.[0-9]*EXP|\.[0-9]+EXP|[0-9]+EXP|[0-9]*\.[0-9]+|[0-9]+))
    | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
    | (?P<punct>\^\^|&&|\|\||!=|<=|>=|<<|>>|\{\||\|\}|[{}()\[\];,.*/|^!=<>?+\-~])
    """.replace("VARNAME", _VARNAME).replace("PREFIX", _PREFIX).replace("LOCAL", _LOCAL)
    .replace("PNU", _PN_U).replace("PN", _PN).replace("EXP", _EXP),
    re.VERBOSE | re.DOTALL,
)
#: A prefixed name, tried first where a name may start; and the run of name
#: characters after which none can start (so a long run is scanned once,
#: not once per character).
_PNAME = re.compile(rf"(?:{_PREFIX})?:(?:{_LOCAL})?")
_NAME_RUN = re.compile(rf"[{_PN}.]*")
_PNAME_START = re.compile(rf"[{_PN_BASE}:]")
#: SPARQL 1.2 syntax pyoxigraph knows and the SPARQL 1.1 grammar does not.
_SPARQL_12 = {"<<": "triple terms (<< >>)", ">>": "triple terms (<< >>)", "{|": "annotations ({| |})",
              "|}": "annotations ({| |})", "~": "reifiers (~)"}
_ECHAR = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}

#: The keywords of SPARQL 1.1 Query and Update (and the SPARQL 1.2 functions
#: pyoxigraph knows), upper case; ``a`` is the one matched case-sensitively.
KEYWORDS = frozenset("""
    BASE PREFIX SELECT DISTINCT REDUCED AS CONSTRUCT WHERE DESCRIBE ASK FROM NAMED GROUP BY HAVING ORDER
    ASC DESC LIMIT OFFSET VALUES UNDEF OPTIONAL GRAPH SERVICE SILENT BIND MINUS FILTER UNION NOT IN EXISTS
    TRUE FALSE STR LANG LANGMATCHES DATATYPE BOUND IRI URI BNODE RAND ABS CEIL FLOOR ROUND CONCAT STRLEN
    UCASE LCASE ENCODE_FOR_URI CONTAINS STRSTARTS STRENDS STRBEFORE STRAFTER YEAR MONTH DAY HOURS MINUTES
    SECONDS TIMEZONE TZ NOW UUID STRUUID MD5 SHA1 SHA256 SHA384 SHA512 COALESCE IF STRLANG STRDT SAMETERM
    ISIRI ISURI ISBLANK ISLITERAL ISNUMERIC REGEX SUBSTR REPLACE COUNT SUM MIN MAX AVG SAMPLE GROUP_CONCAT
    SEPARATOR LOAD CLEAR CREATE DROP COPY MOVE ADD TO INTO DEFAULT ALL INSERT DELETE DATA WITH USING
    TRIPLE SUBJECT PREDICATE OBJECT ISTRIPLE LANGDIR HASLANG HASLANGDIR STRLANGDIR ADJUST LATERAL
""".split())
_QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
_BOOLEANS = {"TRUE", "FALSE"}
_UPDATE_WORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"})
#: Functions whose answer may differ each time a query runs: such a query is never cached.
VOLATILE_FUNCTIONS = frozenset({"NOW", "RAND", "UUID", "STRUUID", "BNODE"})


@dataclass(frozen=True)
class Token:
    """One terminal. ``text`` is the terminal as read (escapes decoded);
    ``value`` the string's content, the keyword in upper case, or the IRI."""

    kind: str  # string | iri | var | bnode | pname | langtag | number | keyword | punct
    text: str
    line: int
    column: int
    value: str = ""


class _Positions:
    """Line and column in the query as written of an offset in the text after
    escapes were read."""

    def __init__(self, original: str, shifts: list[tuple[int, int]]):
        self.shifts = shifts
        self.keys = [out for out, _ in shifts]
        self.line_starts = [0] + [m.end() for m in re.finditer(r"\r\n|\n|\r", original)]

    def __call__(self, offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.keys, offset) - 1
        original = offset if i < 0 else self.shifts[i][1] + (offset - self.shifts[i][0])
        line = bisect.bisect_right(self.line_starts, original)
        return line, original - self.line_starts[line - 1] + 1


def _syntax(where: tuple[int, int], what: str) -> QueryError:
    return QueryError(f"SPARQL syntax error at line {where[0]}, column {where[1]}: {what}")


def _string_value(text: str, where: tuple[int, int]) -> str:
    body = text[3:-3] if text[:3] in {'"""', "'''"} else text[1:-1]
    if "\\" not in body:
        return body
    out, i = [], 0
    while i < len(body):
        char = body[i]
        if char == "\\":
            escaped = body[i + 1]
            if escaped not in _ECHAR:
                raise _syntax(where, f"\\{escaped} is not an escape SPARQL knows in a string")
            out.append(_ECHAR[escaped])
            i += 2
        else:
            out.append(char)
            i += 1
    return "".join(out)


#: One keyword, the longest first (so the alternation takes the longest
#: match), case-insensitive but for ``a``; or a run of digits ("LIMIT10").
_KEYWORD = re.compile("(?i:" + "|".join(sorted(KEYWORDS, key=lambda k: (-len(k), k))) + ")|(?-i:a)|[0-9]+")


def _keywords(word: str, where: tuple[int, int], room: int) -> list[str]:
    """A bare word as the keywords it is made of, by longest match; at most
    ``room`` of them (the rest of the token limit)."""
    found, i = [], 0
    while i < len(word):
        match = _KEYWORD.match(word, i)
        if match is None:
            shown = repr(word) if len(word) <= 40 else repr(word[:40]) + "..."
            raise _syntax(where, f"{shown} is not a SPARQL keyword (a prefixed name needs a colon, "
                                 "a variable a ? or $)")
        part = match.group()
        upper = part.upper()
        # "a", and the booleans, which pyoxigraph takes in lower case only
        found.append(part if part == "a" or part[0].isdigit() else upper.lower() if upper in _BOOLEANS else upper)
        if len(found) > room:
            raise QueryError(f"the query has more than {MAX_TOKENS:,} tokens: it is refused as too complex")
        i = match.end()
    return found


def tokenize(query: str, limit: int = MAX_TOKENS) -> list[Token]:
    """The terminals of a query (comments and white space dropped), with
    1-based line and column in the query as written. Raises
    :class:`QueryError` for a character no terminal starts with, a string
    that is never closed, an unknown escape, or more than ``limit`` tokens
    (checked as it goes, so a huge query costs no more than ``limit``)."""
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(f"the query has more than {MAX_QUERY_CHARS:,} characters: it is refused as too large")
    text, shifts = expand_escapes(query)
    where = _Positions(query, shifts)
    tokens: list[Token] = []
    pos, end = 0, len(text)
    match = _TERMINALS.match
    no_name_before = 0  # no prefixed name can start before this offset
    while pos < end:
        found = None
        if pos >= no_name_before and _PNAME_START.match(text, pos):
            found = _PNAME.match(text, pos)
            if found is None:  # a run of name characters with no colon after it: no name starts in it
                no_name_before = _NAME_RUN.match(text, pos).end()
        if found is None:
            found = match(text, pos)
        if found is None:
            char = text[pos]
            if char in "\"'":
                raise _syntax(where(pos), "a string that is never closed")
            if char == "\\":
                raise _syntax(where(pos), "a backslash outside a string")
            raise _syntax(where(pos), f"unexpected character {char!r} (U+{ord(char):04X})")
        kind = found.lastgroup or "pname"
        token_text = found.group()
        if kind not in {"space", "comment"}:
            here = where(pos)
            if kind == "word":
                for word in _keywords(token_text, here, limit - len(tokens)):
                    kind_of = "number" if word[0].isdigit() else "keyword"
                    tokens.append(Token(kind_of, word, here[0], here[1], word))
            elif kind == "string":
                tokens.append(Token(kind, token_text, here[0], here[1], _string_value(token_text, here)))
            elif kind == "iri":
                tokens.append(Token(kind, token_text, here[0], here[1], token_text[1:-1]))
            else:
                tokens.append(Token(kind, token_text, here[0], here[1], token_text))
            if len(tokens) > limit:
                raise QueryError(f"the query has more than {limit:,} tokens: it is refused as too complex")
        pos = found.end()
    return tokens


# --------------------------------------------------------------------------- the check and the canonical form


@dataclass(frozen=True)
class CheckedQuery:
    """A query that passed :func:`check_query`: its form, the canonical text
    the engine runs, and whether its answer may change between runs."""

    form: str  # SELECT | ASK | CONSTRUCT | DESCRIBE
    text: str
    volatile: bool
    #: (offset in ``text``, line, column in the query as written), ascending
    marks: tuple[tuple[int, int, int], ...] = field(default=(), repr=False, compare=False)

    def position(self, column: int) -> tuple[int, int] | None:
        """Where in the query as written the canonical text's (1-based)
        ``column`` comes from."""
        offsets = [m[0] for m in self.marks]
        i = bisect.bisect_right(offsets, column - 1) - 1
        return None if i < 0 else self.marks[i][1:]


_ABSOLUTE = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")


def _unescape_local(local: str) -> str:
    return re.sub(r"\\(.)", r"\1", local)


def _canonical_local(local: str) -> str:
    """A local name nobody can read differently: every ``.`` and ``-``
    escaped (``\\.``, ``\\-``), other escapes and ``%XX`` kept."""
    out = []
    for piece in re.findall(r"\\.|%[0-9A-Fa-f]{2}|.", local, re.DOTALL):
        out.append("\\" + piece if piece in {".", "-"} else piece)
    return "".join(out)


def _canonical_string(value: str) -> str:
    escaped = (value.replace("\\", "\\\\").replace('"', '\\"').replace("'", "\\'")
               .replace("\n", "\\n").replace("\r", "\\r"))
    return f'"{escaped}"'


def check_query(query: str, local_graphs: frozenset[str] | set[str] = frozenset(),
                dataset_given: bool = False) -> CheckedQuery:
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
    """
    tokens = tokenize(query)
    depth = 0
    for tok in tokens:
        if tok.kind == "punct" and tok.text in _SPARQL_12:
            raise QueryError(f"SPARQL syntax error at line {tok.line}, column {tok.column}: SPARQL 1.2 "
                             f"{_SPARQL_12[tok.text]} are not supported, only SPARQL 1.1"
                             + (" (to compare with an IRI, put a space after the <)" if tok.text == "<<" else ""))
        if tok.kind == "punct" and tok.text in "({[":
            depth += 1
            if depth > MAX_DEPTH:
                raise QueryError(f"the query nests more than {MAX_DEPTH} levels deep (line {tok.line}, column "
                                 f"{tok.column}): it is refused as too complex")
        elif tok.kind == "punct" and tok.text in ")}]":
            depth = max(depth - 1, 0)

    # The prologue: BASE and PREFIX declarations, in order.
    declared: dict[str, str] = {}  # prefix -> IRI as written (possibly relative)
    prologue: list[tuple[str, Token]] = []  # ("BASE", iri token) | (prefix, iri token)
    i = 0
    while i < len(tokens) and tokens[i].kind == "keyword" and tokens[i].value in {"BASE", "PREFIX"}:
        tok = tokens[i]
        if tok.value == "BASE":
            if i + 1 >= len(tokens) or tokens[i + 1].kind != "iri":
                raise QueryError(f"SPARQL syntax error at line {tok.line}, column {tok.column}: BASE needs an <IRI>")
            prologue.append(("BASE", tokens[i + 1]))
            i += 2
            continue
        if i + 2 >= len(tokens) or tokens[i + 1].kind != "pname" or not tokens[i + 1].text.endswith(":") \
                or tokens[i + 2].kind != "iri":
            raise QueryError(f"SPARQL syntax error at line {tok.line}, column {tok.column}: PREFIX needs a name "
                             "ending in ':' and an <IRI>")
        name = tokens[i + 1].text[:-1]
        declared[name] = tokens[i + 2].value
        prologue.append((name, tokens[i + 2]))
        i += 3
    body = tokens[i:]

    for tok in body:
        if tok.kind == "keyword" and tok.value in {"BASE", "PREFIX"}:
            raise QueryError(f"SPARQL syntax error at line {tok.line}, column {tok.column}: {tok.value} may only "
                             "open the query, before SELECT, ASK, CONSTRUCT or DESCRIBE")

    def prefix_iri(tok: Token) -> str:
        prefix = tok.text.split(":", 1)[0]
        if prefix in declared:
            return declared[prefix]
        if prefix in PREFIXES:
            return PREFIXES[prefix]
        raise QueryError(f"SPARQL syntax error at line {tok.line}, column {tok.column}: the prefix {prefix + ':'!r} "
                         "is not declared (add PREFIX " + prefix + ": <...>)")

    def iri_of(tok: Token | None) -> str | None:
        """The absolute IRI a token names, or None (not an IRI, or relative)."""
        if tok is None:
            return None
        if tok.kind == "iri":
            iri = tok.value
        elif tok.kind == "pname":
            iri = prefix_iri(tok) + _unescape_local(tok.text.split(":", 1)[1])
        else:
            return None
        return iri if _ABSOLUTE.match(iri) else None

    # Refusals, on what the grammar reads.
    from_graphs: set[str] = set()
    from_named: set[str] = set()
    for n, tok in enumerate(body):
        if tok.kind != "keyword":
            continue
        at = f"line {tok.line}, column {tok.column}"
        if tok.value == "SERVICE":
            raise UnsafeQueryError(f"SERVICE at {at} is refused: jointvision never sends a query to another "
                                   "endpoint; it answers from the local graph only")
        if tok.value == "FROM":
            nxt = body[n + 1] if n + 1 < len(body) else None
            clause = "FROM"
            if nxt is not None and nxt.kind == "keyword" and nxt.value == "NAMED":
                clause = "FROM NAMED"
                nxt = body[n + 2] if n + 2 < len(body) else None
            iri = iri_of(nxt)
            if not dataset_given and iri is not None and iri in local_graphs:
                # SPARQL merges the FROM graphs, each statement once; the engine repeats the statements two
                # graphs share (and a graph named twice), so such a dataset is refused rather than miscounted
                seen = from_graphs if clause == "FROM" else from_named
                if clause == "FROM" and from_graphs:
                    raise UnsafeQueryError(f"a second FROM at {at} is refused: the engine would repeat the "
                                           "statements the graphs share, where SPARQL merges them; use one FROM, "
                                           "none (the default graph is already the union of every source), or "
                                           "GRAPH")
                if iri in seen:
                    raise UnsafeQueryError(f"{clause} <{iri}> at {at} names a graph already named: the engine "
                                           "would repeat its statements")
                seen.add(iri)
            if dataset_given or (iri is not None and iri in local_graphs):
                continue
            what = f" {nxt.text}" if nxt is not None and nxt.kind in {"iri", "pname"} else ""
            local = "" if not local_graphs else f" (local graphs: {', '.join(sorted(local_graphs))})"
            raise UnsafeQueryError(f"{clause}{what} at {at} is refused: jointvision never loads a graph from an "
                                   f"IRI or file; {clause} may name only a graph the store holds{local}")
        if tok.value in _UPDATE_WORDS:
            raise UnsafeQueryError(f"{tok.value} at {at} is refused: the graph is read-only; only SELECT, ASK, "
                                   "CONSTRUCT and DESCRIBE queries are run")
    form = next((t.value for t in body if t.kind == "keyword" and t.value in _QUERY_FORMS), None)
    if form is None:
        raise QueryError("not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")

    # The canonical form.
    names: dict[str, str] = {}  # prefix as written -> p<n>

    def renamed(prefix: str) -> str:
        return names.setdefault(prefix, f"p{len(names)}")

    iris: dict[str, str] = {}  # IRI as written in the body -> i<n>
    parts: list[str] = []
    marks: list[tuple[int, int, int]] = []
    size = 0
    used_predeclared: list[str] = []

    def emit(text: str, tok: Token | None, glue: bool = False) -> None:
        nonlocal size
        if parts and not glue:
            parts.append(" ")
            size += 1
        if tok is not None:
            marks.append((size, tok.line, tok.column))
        parts.append(text)
        size += len(text)

    previous: Token | None = None
    for tok in body:
        # a function's "(" right after its name: pyoxigraph reads "CONCAT (" as an error
        glue = tok.kind == "punct" and tok.text == "(" and previous is not None and previous.kind == "keyword"
        previous = tok
        if glue:
            emit("(", tok, glue=True)
        elif tok.kind == "iri":
            emit(iris.setdefault(tok.value, f"i{len(iris)}") + ":", tok)
        elif tok.kind == "pname":
            prefix, _, local = tok.text.partition(":")
            if prefix not in declared:
                prefix_iri(tok)  # raises for an undeclared prefix
                if prefix not in used_predeclared:
                    used_predeclared.append(prefix)
            emit(f"{renamed(prefix)}:{_canonical_local(local)}", tok)
        elif tok.kind == "string":
            emit(_canonical_string(tok.value), tok)
        elif tok.kind == "langtag":
            emit(tok.text, tok, glue=True)
        else:
            emit(tok.value if tok.kind == "keyword" else tok.text, tok)
    body_text = "".join(parts)

    head: list[str] = []
    for prefix in used_predeclared:  # absolute IRIs: no BASE changes them
        head.append(f"PREFIX {renamed(prefix)}: <{PREFIXES[prefix]}>")
    for kind, tok in prologue:
        if kind == "BASE":
            head.append(f"BASE {tok.text}")
        elif kind in names:  # a declared prefix the body uses
            head.append(f"PREFIX {names[kind]}: {tok.text}")
    for iri, name in iris.items():  # after every BASE: resolved as a body IRI is
        head.append(f"PREFIX {name}: <{iri}>")
    prefix_text = " ".join(head) + (" " if head else "")
    shift = len(prefix_text)
    volatile = any(t.kind == "keyword" and t.value in VOLATILE_FUNCTIONS for t in body)
    return CheckedQuery(form, prefix_text + body_text, volatile,
                        tuple((offset + shift, line, column) for offset, line, column in marks))


# --------------------------------------------------------------------------- evaluation


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


def engine_error(checked: CheckedQuery, exc: Exception) -> QueryError:
    """A query error from the engine, with its position in the query as written."""
    message = str(exc)
    found = _POSITION.search(message)
    if isinstance(exc, SyntaxError) and found:
        # the engine counts columns in UTF-8 bytes; the marks are in characters
        column = len(checked.text.encode("utf-8")[: int(found.group(2)) - 1].decode("utf-8", "ignore")) + 1
        where = checked.position(column)
        detail = message[found.end():].lstrip(": ")
        if where is None:
            return QueryError(f"SPARQL syntax error: {detail}")
        return QueryError(f"SPARQL syntax error at line {where[0]}, column {where[1]}: {detail}")
    if isinstance(exc, SyntaxError):
        return QueryError(f"SPARQL syntax error: {message}")
    return QueryError(f"the query failed: {message}")


class QueryEngine:
    """A read-only SPARQL engine over a :class:`~jointvision.rdf.dataset.Dataset`
    (or one rdflib graph).

    The default graph holds the data and, unless ``with_ontology`` is false,
    the ontology (so queries can use class and property labels and
    ``rdfs:subClassOf``). Over a dataset it is the union of its named
    graphs, and ``GRAPH``, ``FROM`` and ``FROM NAMED`` may name them. The prefixes of ``namespaces.PREFIXES`` (jv, jvd,
    rdfs, xsd, ...) are predeclared: queries may use them without ``PREFIX``.
    Each query is checked and rewritten by :func:`check_query`, then
    evaluated by :func:`isolation.evaluate`: in a process without network
    where the system allows it, always on a stack deep enough for any query
    the check admits.
    """

    def __init__(self, data, with_ontology: bool = True):
        from ..rdf.dataset import Dataset

        if isinstance(data, Dataset):
            if not with_ontology:
                raise ValueError("a Dataset always holds its ontology graph")
            self._store = data.store
            self._graphs = frozenset(data.graph_names())
        else:
            self._store = ox.Store()
            self._store.bulk_extend(
                [ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.DefaultGraph()) for s, p, o in data]
            )
            if with_ontology:
                self._store.bulk_load(path=str(ontology_path()), format=ox.RdfFormat.TURTLE)
            self._graphs = frozenset()

    @property
    def graphs(self) -> frozenset[str]:
        """The named graphs a query may name (``GRAPH``, ``FROM``, ``FROM NAMED``)."""
        return self._graphs

    def __len__(self) -> int:
        return len(self._store)

    def query(self, text: str) -> QueryResult:
        from .isolation import evaluate

        checked = check_query(text, self._graphs)
        answer = evaluate(self._store, checked)
        try:
            if isinstance(answer, bool):
                return QueryResult(checked.form, boolean=answer)
            if isinstance(answer, ox.QuerySolutions):
                variables = [v.value for v in answer.variables]
                rows = [tuple(from_ox(solution[v]) for v in variables) for solution in answer]
                return QueryResult(checked.form, variables=variables, rows=rows)
            triples = [(from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)) for t in answer]
            return QueryResult(checked.form, triples=triples)
        except TypeError as exc:  # an RDF 1.2 triple term, which the rdflib terms of a result cannot hold
            raise QueryError(f"the answer holds a term jointvision cannot show: {exc}") from None
        except (SyntaxError, ValueError) as exc:  # the engine wrote an answer it cannot read back
            raise QueryError(f"the engine's answer could not be read back: {exc}") from None
