"""Syntax errors in words: where (line, column) and one plain sentence.

pyoxigraph reports a query it cannot read as the furthest place its grammar
reached and every alternative it tried there, character classes included
(``expected one of ",", ".", ['0' ..= '9' | '\\u{00B7}' ...], [_]``): true,
but no help to a reader. :func:`explain` says in one sentence what is at
the place and what the query needs instead, moving the place where the
cause is plainly elsewhere: a bracket closed that was never opened, or one
never closed; a query that ends after a clause's keyword; SELECT with no
variables; an operator with nothing after it; a value with no AS to name
it; a triple pattern with too few terms, or two with no ``.`` between them;
a misspelt keyword. Else it keeps the few alternatives of the engine's list
a person can act on (a ``'}'``, a variable, a number, ``BY``). Other
messages pass through as they are.

>>> explain("SPARQL syntax error at line 1, column 1: 'SELEC' is not a SPARQL keyword "
...         "(a prefixed name needs a colon, a variable a ? or $)", "SELEC * WHERE { ?s ?p ?o }")
"SPARQL syntax error at line 1, column 1: unexpected 'SELEC' \u2014 expected a query form such as SELECT"
>>> print(pointer("SELECT *\\nWHERE { ?s ?p }", 2, 15))
WHERE { ?s ?p }
              ^
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections.abc import Callable
from typing import NamedTuple

from .tokens import KEYWORDS

#: A syntax error as the guard (``tokens.syntax_error``) and the engine (``engine.engine_error``) word it.
_MESSAGE = re.compile(r"SPARQL syntax error at line (\d+), column (\d+): (.*)", re.DOTALL)
_UNPLACED = re.compile(r"SPARQL syntax error: (.*)", re.DOTALL)
_NOT_KEYWORD = re.compile(r"'(.*)' is not a SPARQL keyword \((.*)\)", re.DOTALL)
_QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
#: What the engine's alternatives stand for, in words; any other alternative is left out.
_WORDS = {
    '"{"': "'{'",
    '"}"': "'}'",
    '"("': "'('",
    '")"': "')'",
    '"."': "'.'",
    '";"': "';'",
    '","': "','",
    '"*"': "'*'",
    '"]"': "']'",
    '"?"': "a variable",
    '"$"': "a variable",
    '"<"': "an IRI",
    '":"': "a prefixed name",
    "['0'..='9']": "a number",
}
#: Keywords the engine names alone that are what the query lacks (its other keyword lists are partial matches).
_TRUSTED = frozenset({"BY", "AS", "WHERE"})
#: Keywords that need something after them, and what.
_NEEDS = {
    "LIMIT": "a number",
    "OFFSET": "a number",
    "BY": "a variable or an expression",
    "ASC": "an expression in brackets",
    "DESC": "an expression in brackets",
    "HAVING": "a condition in brackets",
    "WHERE": "'{' and the patterns to match",
    "FILTER": "a condition in brackets",
    "BIND": "'(' an expression AS a variable ')'",
    "VALUES": "a variable and its values in '{ }'",
    "OPTIONAL": "a group of patterns in '{ }'",
    "UNION": "a group of patterns in '{ }'",
    "MINUS": "a group of patterns in '{ }'",
    "GRAPH": "a graph's IRI or a variable, then '{ }'",
    "DESCRIBE": "'*', a variable or an IRI",
    "SELECT": "'*' or the variables to return",
    "DISTINCT": "'*' or the variables to return",
}
#: Operators that need a value after them.
_OPERATORS = frozenset({"=", "!=", "<", ">", "<=", ">=", "+", "-", "/", "&&", "||", "^^"})
_PAIRS = {"}": "{", ")": "(", "]": "["}
_CLOSER = {opener: closer for closer, opener in _PAIRS.items()}
#: One token: an IRI, a variable, a string, a prefixed name, a number, a word, an operator or a character;
#: white space and comments between tokens.
_TOKEN = re.compile(
    r'"""[\s\S]*?(?:"""|$)|\'\'\'[\s\S]*?(?:\'\'\'|$)|"(?:[^"\\\r\n]|\\.)*"?|\'(?:[^\'\\\r\n]|\\.)*\'?'
    r'|<[^<>"{}|^`\\\s]*>|[?$]\w+|[\w-]*:[\w.-]*|\d+(?:\.\d+)*(?:[eE][+-]?\d+)?|\w+|\^\^|&&|\|\||[!<>]=|\S'
)
_BETWEEN = re.compile(r"(?:\s+|#[^\r\n]*)*")
_LINE_BREAK = re.compile(r"\r\n|\n|\r")


class Token(NamedTuple):
    """A token of the query as written, and its offset."""

    text: str
    at: int


#: A rule: from the query, its tokens and the index of the token at the engine's place, a better place and sentence.
Rule = Callable[[str, list[Token], int], "tuple[int, str] | None"]


def explain(message: str, query: str) -> str:
    """``message``, an error about ``query`` (the query as written), with a
    syntax error said in one plain sentence: what is at the place
    (``unexpected 'X'``, or the end of the query) and what the query needs
    there; the place moved where the cause plainly is. Any other message
    is returned as it is.

    >>> explain("SPARQL syntax error at line 1, column 24: expected one of LATERAL, SERVICE, [_]",
    ...         "SELECT * WHERE { ?s ?p }")
    "SPARQL syntax error at line 1, column 24: unexpected '}' \u2014 expected an object after '?p'"
    >>> explain("SPARQL syntax error at line 1, column 18: expected [_]", "ASK { ?s ?p ?o } }")
    "SPARQL syntax error at line 1, column 18: unexpected '}' \u2014 no '{' is open for it to close"
    >>> explain("the query failed: out of time", "ASK {}")
    'the query failed: out of time'
    """
    found = _MESSAGE.fullmatch(message)
    if found is None:
        unplaced = _UNPLACED.fullmatch(message)
        return f"SPARQL syntax error: {_expected(unplaced.group(1))}" if unplaced else message
    line, column, detail = int(found.group(1)), int(found.group(2)), found.group(3)
    at, words = diagnose(detail, query, _offset(query, line, column))
    line, column = _line_column(query, at)
    return f"SPARQL syntax error at line {line}, column {column}: {words}"


def diagnose(detail: str, query: str, offset: int) -> tuple[int, str]:
    """The place (an offset of ``query``) and the sentence for a syntax error
    the guard or the engine placed at ``offset`` and said ``detail`` of."""
    tokens = tokenize(query)
    i = next((n for n, t in enumerate(tokens) if t.at + len(t.text) > offset), len(tokens))
    here = _here(tokens[i].text if i < len(tokens) else "")
    not_keyword = _NOT_KEYWORD.fullmatch(detail)
    if not_keyword is not None:
        iri = re.search(r"<[^\s<>\"{}|^`\\]*$", query[:offset])  # the word is the end of an IRI never closed
        if iri is not None and query[iri.start() : offset + len(not_keyword.group(1))].count(":"):
            text = query[iri.start() : offset + len(not_keyword.group(1))]
            return iri.start(), f"{_here(text)} \u2014 an IRI needs a '>' to close it"
        return offset, f"{here} \u2014 {_not_a_keyword(not_keyword.group(1), not_keyword.group(2), query, offset)}"
    if not detail.startswith("expected"):
        return offset, detail  # the guard's own words, plain already
    for rule in RULES:
        found = rule(query, tokens, i)
        if found is not None:
            return found
    return offset, f"{here} \u2014 {_expected(detail)}"


def tokenize(query: str) -> list[Token]:
    """The tokens of ``query`` (white space and comments left out).

    >>> [t.text for t in tokenize('SELECT ?s { ?s rdfs:label "a # b" } # end')]
    ['SELECT', '?s', '{', '?s', 'rdfs:label', '"a # b"', '}']
    """
    tokens: list[Token] = []
    i = _skip(query, 0)
    while i < len(query):
        found = _TOKEN.match(query, i)
        if found is None:  # _TOKEN matches any character but white space, which _skip passed
            break
        tokens.append(Token(found.group(), i))
        i = _skip(query, found.end())
    return tokens


def _skip(query: str, at: int) -> int:
    """The offset past the white space and comments at ``at``."""
    found = _BETWEEN.match(query, at)
    return found.end() if found else at


def pointer(query: str, line: int, column: int, around: int = 30) -> str:
    """The line ``line`` of ``query`` (tabs as spaces; at most ``around``
    characters either side of the place), and under it a caret at
    ``column``: for a terminal.

    >>> print(pointer("ASK { ?s ?p }", 1, 13))
    ASK { ?s ?p }
                ^
    """
    lines = _LINE_BREAK.split(query)
    if not 1 <= line <= len(lines):
        return ""
    text = lines[line - 1].replace("\t", " ")
    start = max(0, min(column - 1, len(text)) - around)
    shown = text[start : column - 1 + around]
    before = "\u2026" if start else ""
    after = "\u2026" if start + len(shown) < len(text) else ""
    return f"{before}{shown}{after}\n{' ' * (len(before) + column - 1 - start)}^"


# ------------------------------------------------------------------ places and words
def _offset(query: str, line: int, column: int) -> int:
    """The offset in ``query`` of a line and column (both from 1)."""
    starts = [0] + [m.end() for m in _LINE_BREAK.finditer(query)]
    start = starts[min(max(line, 1), len(starts)) - 1]
    return min(start + max(column, 1) - 1, len(query))


def _line_column(query: str, offset: int) -> tuple[int, int]:
    """The line and column (from 1) of an offset in ``query``."""
    starts = [0] + [m.end() for m in _LINE_BREAK.finditer(query[:offset])]
    return len(starts), offset - starts[-1] + 1


def _here(token: str) -> str:
    if not token:
        return "the query ends here"
    return f"unexpected '{token if len(token) <= 24 else token[:23] + chr(0x2026)}'"


def _where(query: str, offset: int) -> str:
    line, column = _line_column(query, offset)
    return f"line {line}, column {column}"


def _end(query: str) -> int:
    """The offset just after the query's last character that is not white space."""
    return len(query.rstrip())


def _is_term(text: str) -> bool:
    """Whether a token is an RDF term or a variable: what a triple pattern is made of."""
    return bool(re.fullmatch(r"[?$]\w+|<.*>|[\w-]*:[\w.\\-]*|[\"'].*|[+-]?\d[\d.eE+-]*|a|true|false", text))


def _expected(detail: str) -> str:
    """The engine's alternatives that a person can act on, in words."""
    items = _alternatives(detail.removeprefix("expected").removeprefix(" one of").strip())
    keywords = [item for item in items if item.isalpha()]
    if len(keywords) == 1 and keywords[0].upper() in _TRUSTED:
        return f"expected {keywords[0].upper()}"
    words = list(dict.fromkeys(_WORDS[item] for item in items if item in _WORDS))
    if not words:
        return "the query does not read as SPARQL from here: check this part and the one just before it"
    if len(words) > 5:
        words = [*words[:5], "another term"]
    return "expected " + (words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1])


def _alternatives(text: str) -> list[str]:
    """The engine's list of alternatives, split at the commas outside quotes and brackets."""
    items, depth, quote, start = [], 0, "", 0
    for i, char in enumerate(text):
        if quote:
            quote = "" if char == quote and text[i - 1] != "\\" else quote
        elif char in "\"'":
            quote = char
        elif char in "[]":
            depth += 1 if char == "[" else -1
        elif char == "," and depth == 0:
            items.append(text[start:i].strip())
            start = i + 1
    items.append(text[start:].strip())
    return [re.sub(r"\s+", "", item) if item.startswith("[") else item for item in items if item]


def _not_a_keyword(word: str, hint: str, query: str, offset: int) -> str:
    """What to say of a bare word that is no keyword: the query form it
    lacks, a keyword it is close to, or the guard's hint."""
    before = " ".join(t.text.upper() for t in tokenize(query[:offset]))
    if not any(re.search(rf"\b{form}\b", before) for form in _QUERY_FORMS):
        return "expected a query form such as SELECT"
    close = difflib.get_close_matches(word.upper(), sorted(KEYWORDS), n=1, cutoff=0.75)
    if close:
        return f"not a SPARQL keyword; did you mean {close[0]}?"
    return f"not a SPARQL keyword ({hint})"


# ------------------------------------------------------------------ the rules
def _brackets_in_order(query: str, tokens: list[Token], i: int) -> tuple[int, str] | None:
    """A closing bracket, up to the place, that no bracket opened or that
    closes the wrong one."""
    stack: list[Token] = []
    for token in tokens[: i + 1]:
        if token.text in _CLOSER:
            stack.append(token)
        elif token.text in _PAIRS:
            opener = _PAIRS[token.text]
            if stack and stack[-1].text == opener:
                stack.pop()
            elif any(t.text == opener for t in stack):
                top = stack[-1]
                return token.at, (
                    f"{_here(token.text)} \u2014 expected '{_CLOSER[top.text]}' first, "
                    f"to close the '{top.text}' at {_where(query, top.at)}"
                )
            else:
                return token.at, f"{_here(token.text)} \u2014 no '{opener}' is open for it to close"
    return None


def _closed_at_the_end(query: str, tokens: list[Token], i: int) -> tuple[int, str] | None:
    """A query that ends (the place is its last token or its end) with a bracket still open."""
    if i < len(tokens) - 1:
        return None
    stack: list[Token] = []
    for token in tokens:
        if token.text in _CLOSER:
            stack.append(token)
        elif token.text in _PAIRS and stack and stack[-1].text == _PAIRS[token.text]:
            stack.pop()
    if not stack:
        return None
    top = stack[-1]
    words = f"expected '{_CLOSER[top.text]}' to close the '{top.text}' at {_where(query, top.at)}"
    return _end(query), f"the query ends here \u2014 {words}"


def _ends_after_a_keyword(query: str, tokens: list[Token], i: int) -> tuple[int, str] | None:
    """A query that ends after a keyword that needs something after it."""
    if i < len(tokens) - 1 or not tokens or tokens[-1].text.upper() not in _NEEDS:
        return None
    word = tokens[-1].text.upper()
    return _end(query), f"the query ends after {word} \u2014 expected {_NEEDS[word]} after it"


def _needs_more(query: str, tokens: list[Token], i: int) -> tuple[int, str] | None:
    """Up to the place, a keyword that needs something followed by what cannot
    be it (SELECT WHERE, UNION }), or an operator followed by nothing (= ), ^^ })."""
    for before, token in itertools.pairwise(tokens[: i + 2]):
        word = before.text.upper()
        if word in ("SELECT", "DISTINCT") and token.text.upper() in ("WHERE", "{", "FROM"):
            return token.at, f"{_here(token.text)} \u2014 expected {_NEEDS[word]} after {word}"
        if word in _NEEDS and word not in ("SELECT", "DISTINCT") and token.text in ("}", ")", "."):
            return token.at, f"{_here(token.text)} \u2014 expected {_NEEDS[word]} after {word}"
        if before.text in _OPERATORS and token.text in (")", ",", "}", "."):
            value = "a datatype's IRI" if before.text == "^^" else "a value"
            return token.at, f"{_here(token.text)} \u2014 expected {value} after '{before.text}'"
    return None


def _as_missing(query: str, tokens: list[Token], i: int) -> tuple[int, str] | None:
    """(expression ?name) with no AS, in the SELECT clause or a BIND, up to the place."""
    stack: list[int] = []
    for n, token in enumerate(tokens[: i + 2]):
        if token.text == "(":
            stack.append(n)
        elif token.text == ")" and stack:
            opened = stack.pop()
            name, value = tokens[n - 1], tokens[n - 2]
            in_select = not any(t.text == "{" for t in tokens[:opened])
            bound = opened > 0 and tokens[opened - 1].text.upper() == "BIND"
            named = name.text[0] in "?$" and value.text.upper() != "AS" and (value.text == ")" or _is_term(value.text))
            if (in_select or bound) and n - opened > 2 and named:
                return name.at, f"{_here(name.text)} \u2014 expected AS before it, to name the value"
    return None


def _triple_patterns(query: str, tokens: list[Token], i: int) -> tuple[int, str] | None:
    """The triple pattern the place is in or ends: more than three terms
    with no '.' between two patterns, or too few before '}' or '.'."""
    end = min(i, len(tokens) - 1)
    start = end
    while start > 0 and tokens[start - 1].text not in ("{", "}", "."):
        start -= 1
    run = tokens[start : end + 1]
    closing = bool(run) and run[-1].text in ("}", ".")
    terms = run[:-1] if closing else run
    if not terms or not all(_is_term(t.text) or t.text in (";", ",") for t in terms):
        return None
    breaks = [n for n, t in enumerate(terms) if t.text in (";", ",")]
    if not breaks and len(terms) > 3:
        return terms[3].at, f"{_here(terms[3].text)} \u2014 expected '.' before it, to end the triple pattern"
    if not closing:
        return None
    after = terms[breaks[-1] + 1 :] if breaks else terms
    separator = terms[breaks[-1]].text if breaks else ""
    missing = {
        ("", 1): "a predicate and an object",
        ("", 2): "an object",
        (";", 1): "an object",
        (",", 0): "an object",
    }.get((separator, len(after)))
    if missing is None:
        return None
    previous = after[-1].text if after else separator
    return run[-1].at, f"{_here(run[-1].text)} \u2014 expected {missing} after '{previous}'"


#: The rules, in the order they are tried.
RULES: tuple[Rule, ...] = (
    _brackets_in_order,
    _closed_at_the_end,
    _ends_after_a_keyword,
    _needs_more,
    _as_missing,
    _triple_patterns,
)
