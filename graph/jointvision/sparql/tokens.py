"""Reading a query as the SPARQL 1.1 grammar does: the first phase of the guard.

:func:`expand_escapes` decodes ``\\uXXXX`` / ``\\UXXXXXXXX`` escapes before
anything else (section 19.2); :func:`tokenize` then takes the longest
matching terminal at every point (section 19.8) and splits a bare word into
the keywords it is made of (``OPTIONALSERVICE`` is two keywords, as the
grammar reads it). Every :class:`Token` keeps its line and column in the
query as written, so that every later refusal can say where it is.

>>> [t.text for t in tokenize("ASK{?s a <x>}")]
['ASK', '{', '?s', 'a', '<x>', '}']
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

from ..errors import QueryError

#: Bounds on what a query may look like. The token cap also bounds how deep
#: the engine's recursion can go (one level costs at least one token), which
#: the big evaluation stack of ``isolation`` holds many times over.
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
    the query as written.

    >>> expand_escapes(r"SELECT \\u003Fs")
    ('SELECT ?s', [(8, 13)])
    """
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
        parts.append(query[last : match.start()])
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

#: The letters a name may start with (PN_CHARS_BASE) beyond ASCII's, and the
#: other characters a name may hold beyond ASCII's (in PN_CHARS and VARNAME).
_PN_BASE_BEYOND_ASCII = (
    "\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_PN_MORE_BEYOND_ASCII = r"\u00b7\u0300-\u036f\u203f-\u2040"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_EXP = r"[eE][+-]?[0-9]+"
_TERMINALS = r"""
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
    """


@dataclass(frozen=True)
class _Grammar:
    """The terminals' regular expressions: ``terminals`` (all but prefixed
    names), ``pname`` (a prefixed name, tried first where a name may start),
    ``name_run`` (the run of name characters after which no prefixed name can
    start, so that a long run is scanned once, not once per character) and
    ``pname_start`` (where a prefixed name may start)."""

    terminals: re.Pattern[str]
    pname: re.Pattern[str]
    name_run: re.Pattern[str]
    pname_start: re.Pattern[str]


@functools.cache
def _grammar(beyond_ascii: bool) -> _Grammar:
    """The terminals, compiled once per process, when first needed. Without
    ``beyond_ascii``, every class of name characters is cut down to its ASCII
    part: on a text of ASCII characters only, a class and its ASCII part match
    the same characters, so these patterns match exactly as the full ones do,
    and compile in a fraction of the time (the full classes span most of
    Unicode: compiling them costs tens of milliseconds)."""
    pn_base = "A-Za-z" + (_PN_BASE_BEYOND_ASCII if beyond_ascii else "")
    more = _PN_MORE_BEYOND_ASCII if beyond_ascii else ""
    pn_u = pn_base + "_"
    pn = pn_u + r"\-0-9" + more
    prefix = rf"[{pn_base}](?:[{pn}.]*[{pn}])?"
    local = rf"(?:[{pn_u}:0-9]|{_PLX})(?:(?:[{pn}.:]|{_PLX})*(?:[{pn}:]|{_PLX}))?"
    varname = rf"[{pn_u}0-9][{pn_u}0-9{more}]*"
    terminals = _TERMINALS.replace("VARNAME", varname).replace("PNU", pn_u).replace("PN", pn).replace("EXP", _EXP)
    return _Grammar(
        terminals=re.compile(terminals, re.VERBOSE | re.DOTALL),
        pname=re.compile(rf"(?:{prefix})?:(?:{local})?"),
        name_run=re.compile(rf"[{pn}.]*"),
        pname_start=re.compile(rf"[{pn_base}:]"),
    )


#: Terminals read and dropped: they separate tokens and are never written again.
_SKIPPED = frozenset({"space", "comment"})
_ECHAR = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}

#: The keywords of SPARQL 1.1 Query and Update (and the SPARQL 1.2 functions
#: pyoxigraph knows), upper case; ``a`` is the one matched case-sensitively.
KEYWORDS = frozenset(
    """
    BASE PREFIX SELECT DISTINCT REDUCED AS CONSTRUCT WHERE DESCRIBE ASK FROM NAMED GROUP BY HAVING ORDER
    ASC DESC LIMIT OFFSET VALUES UNDEF OPTIONAL GRAPH SERVICE SILENT BIND MINUS FILTER UNION NOT IN EXISTS
    TRUE FALSE STR LANG LANGMATCHES DATATYPE BOUND IRI URI BNODE RAND ABS CEIL FLOOR ROUND CONCAT STRLEN
    UCASE LCASE ENCODE_FOR_URI CONTAINS STRSTARTS STRENDS STRBEFORE STRAFTER YEAR MONTH DAY HOURS MINUTES
    SECONDS TIMEZONE TZ NOW UUID STRUUID MD5 SHA1 SHA256 SHA384 SHA512 COALESCE IF STRLANG STRDT SAMETERM
    ISIRI ISURI ISBLANK ISLITERAL ISNUMERIC REGEX SUBSTR REPLACE COUNT SUM MIN MAX AVG SAMPLE GROUP_CONCAT
    SEPARATOR LOAD CLEAR CREATE DROP COPY MOVE ADD TO INTO DEFAULT ALL INSERT DELETE DATA WITH USING
    TRIPLE SUBJECT PREDICATE OBJECT ISTRIPLE LANGDIR HASLANG HASLANGDIR STRLANGDIR ADJUST LATERAL
""".split()  # noqa: SIM905 - a block of words reads better than a list of 150 quoted strings
)
_BOOLEANS = {"TRUE", "FALSE"}


@dataclass(frozen=True)
class Token:
    """One terminal. ``text`` is the terminal as read (escapes decoded);
    ``value`` the string's content, the keyword in upper case, or the IRI.

    >>> tokenize("select")[0]
    Token(kind='keyword', text='SELECT', line=1, column=1, value='SELECT')
    """

    kind: str  # string | iri | var | bnode | pname | langtag | number | keyword | punct
    text: str
    line: int
    column: int
    value: str = ""

    @property
    def at(self) -> tuple[int, int]:
        """``(line, column)`` of the token in the query as written."""
        return self.line, self.column

    def is_keyword(self, *words: str) -> bool:
        """Whether the token is one of the keywords ``words`` (upper case)."""
        return self.kind == "keyword" and self.value in words


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


def syntax_error(where: tuple[int, int], what: str) -> QueryError:
    """The error for a query the grammar does not allow, at ``where``
    (line, column in the query as written)."""
    return QueryError(f"SPARQL syntax error at line {where[0]}, column {where[1]}: {what}")


def _too_many_tokens(limit: int) -> QueryError:
    return QueryError(f"the query has more than {limit:,} tokens: it is refused as too complex")


def _string_value(text: str, where: tuple[int, int]) -> str:
    """The content of a string terminal, its escapes (section 19.7) read."""
    body = text[3:-3] if text[:3] in {'"""', "'''"} else text[1:-1]
    if "\\" not in body:
        return body
    out, i = [], 0
    while i < len(body):
        char = body[i]
        if char == "\\":
            escaped = body[i + 1]
            if escaped not in _ECHAR:
                raise syntax_error(where, f"\\{escaped} is not an escape SPARQL knows in a string")
            out.append(_ECHAR[escaped])
            i += 2
        else:
            out.append(char)
            i += 1
    return "".join(out)


#: The longest keyword: a word is read as keywords by trying, at each point,
#: the longest piece first (a set lookup each, no regular expression to compile).
_LONGEST_KEYWORD = max(len(k) for k in KEYWORDS)
_DIGITS = frozenset("0123456789")


def _keyword_at(word: str, i: int) -> str | None:
    """The piece of ``word`` (ASCII letters, digits and ``_``, as the
    ``word`` terminal reads) that starts at ``i`` and is a keyword: the
    longest keyword, case-insensitive but for ``a`` (lower case only), else
    a run of digits ("LIMIT10"); None if there is none."""
    for end in range(min(len(word), i + _LONGEST_KEYWORD), i, -1):
        if word[i:end].upper() in KEYWORDS:
            return word[i:end]
    if word[i] == "a":
        return "a"
    end = i
    while end < len(word) and word[end] in _DIGITS:
        end += 1
    return word[i:end] or None


def _keyword_text(part: str) -> str:
    """A keyword as written in tokens: upper case, but ``a``, digits, and the
    booleans, which pyoxigraph takes in lower case only."""
    if part == "a" or part[0].isdigit():
        return part
    upper = part.upper()
    return upper.lower() if upper in _BOOLEANS else upper


def _keywords(word: str, where: tuple[int, int], room: int) -> list[str]:
    """A bare word as the keywords it is made of, by longest match; at most
    ``room`` of them (the rest of the token limit)."""
    found: list[str] = []
    i = 0
    while i < len(word):
        part = _keyword_at(word, i)
        if part is None:
            shown = repr(word) if len(word) <= 40 else repr(word[:40]) + "..."
            raise syntax_error(
                where, f"{shown} is not a SPARQL keyword (a prefixed name needs a colon, a variable a ? or $)"
            )
        found.append(_keyword_text(part))
        if len(found) > room:
            raise _too_many_tokens(MAX_TOKENS)
        i += len(part)
    return found


def _terminal_at(grammar: _Grammar, text: str, pos: int, no_name_before: int) -> tuple[re.Match[str] | None, int]:
    """The terminal that starts at ``pos`` (a prefixed name first, where one
    may start), and the new offset before which no prefixed name can start."""
    if pos >= no_name_before and grammar.pname_start.match(text, pos):
        found = grammar.pname.match(text, pos)
        if found is not None:
            return found, no_name_before
        # a run of name characters with no colon after it: no name starts in it
        run = grammar.name_run.match(text, pos)
        no_name_before = run.end() if run is not None else pos
    return grammar.terminals.match(text, pos), no_name_before


def _unreadable(text: str, pos: int, where: tuple[int, int]) -> QueryError:
    """The error for a character no terminal starts with."""
    char = text[pos]
    if char in "\"'":
        return syntax_error(where, "a string that is never closed")
    if char == "\\":
        return syntax_error(where, "a backslash outside a string")
    return syntax_error(where, f"unexpected character {char!r} (U+{ord(char):04X})")


def _add_tokens(tokens: list[Token], kind: str, text: str, here: tuple[int, int], limit: int) -> None:
    """Append the token(s) of one terminal (a word may be several keywords)."""
    line, column = here
    if kind == "word":
        for word in _keywords(text, here, limit - len(tokens)):
            tokens.append(Token("number" if word[0].isdigit() else "keyword", word, line, column, word))
    elif kind == "string":
        tokens.append(Token(kind, text, line, column, _string_value(text, here)))
    elif kind == "iri":
        tokens.append(Token(kind, text, line, column, text[1:-1]))
    else:
        tokens.append(Token(kind, text, line, column, text))
    if len(tokens) > limit:
        raise _too_many_tokens(limit)


def tokenize(query: str, limit: int = MAX_TOKENS) -> list[Token]:
    """The terminals of a query (comments and white space dropped), with
    1-based line and column in the query as written. Raises
    :class:`QueryError` for a character no terminal starts with, a string
    that is never closed, an unknown escape, or more than ``limit`` tokens
    (checked as it goes, so a huge query costs no more than ``limit``).

    >>> [(t.kind, t.value) for t in tokenize("ASKWHERE { 'a' } # done")]
    [('keyword', 'ASK'), ('keyword', 'WHERE'), ('punct', '{'), ('string', 'a'), ('punct', '}')]
    """
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(f"the query has more than {MAX_QUERY_CHARS:,} characters: it is refused as too large")
    text, shifts = expand_escapes(query)
    where = _Positions(query, shifts)
    grammar = _grammar(not text.isascii())  # the text the terminals are read from: escapes decoded
    tokens: list[Token] = []
    pos, end = 0, len(text)
    no_name_before = 0  # no prefixed name can start before this offset
    while pos < end:
        found, no_name_before = _terminal_at(grammar, text, pos, no_name_before)
        if found is None:
            raise _unreadable(text, pos, where(pos))
        kind = found.lastgroup or "pname"
        if kind not in _SKIPPED:
            _add_tokens(tokens, kind, found.group(), where(pos), limit)
        pos = found.end()
    return tokens
