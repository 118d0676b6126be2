"""Writing query results: a readable table for the terminal, and the W3C
SPARQL 1.1 result formats (JSON, CSV, TSV) for tools; and reading SPARQL
JSON results back (:func:`from_json`), as remote stores and other engines
answer them."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from ..rdf.iris import PREFIXES, XSD_STRING, compact_iri
from ..terminal import BEYOND_C0, C0_BUT_LAYOUT, display_width, escaped_in_written, pad, shown

if TYPE_CHECKING:
    from pandas import DataFrame  # type: ignore[import-untyped,unused-ignore]
    from rdflib import BNode, Literal, URIRef

    from .answer import QueryResult

_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def parts(term: Any) -> tuple[str, str, str | None, str | None]:
    """A term, rdflib's or pyoxigraph's, as ``(kind, value, language,
    datatype)``: kind ``uri``, ``bnode`` or ``literal``; the datatype only
    where it is not a plain string's (so the writers need not know whose
    term it is, and the command line writes pyoxigraph's answers as they
    come, without rdflib).

    >>> parts(ox.Literal("2", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")))
    ('literal', '2', None, 'http://www.w3.org/2001/XMLSchema#integer')
    >>> from rdflib import Literal
    >>> parts(Literal("Japan", lang="en")), parts(ox.Literal("Japan", language="en"))
    (('literal', 'Japan', 'en', None), ('literal', 'Japan', 'en', None))
    """
    if isinstance(term, ox.NamedNode):
        return "uri", term.value, None, None
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        return "literal", term.value, term.language, None if datatype in (XSD_STRING, _LANG_STRING) else datatype
    if isinstance(term, ox.BlankNode):
        return "bnode", term.value, None, None
    from rdflib import BNode, Literal  # the term is rdflib's: rdflib is loaded already

    if isinstance(term, Literal):
        typed = None if term.datatype is None or term.language else str(term.datatype)
        return "literal", str(term), term.language, None if typed == XSD_STRING else typed
    if isinstance(term, BNode):
        return "bnode", str(term), None, None
    return "uri", str(term), None, None


def short(term: Any) -> str:
    """A term as a person reads it: a prefixed name, or a literal's text."""
    if term is None:
        return ""
    kind, value, _, _ = parts(term)
    if kind == "literal":
        return value
    if kind == "bnode":
        return f"_:{value}"
    return compact_iri(value, PREFIXES) or f"<{value}>"


#: What an IRI may not hold as it is in N-Triples (and SPARQL TSV), and what
#: must not reach a terminal: written as \\uXXXX there.
_IRI_ESCAPED = re.compile('[\\x00-\\x20<>"{}|^`\\\\' + BEYOND_C0 + "]")


def _ntriples_term(term: Any) -> str:
    """A term in its N-Triples form, with every character that would break
    a line, a row or a terminal as an escape N-Triples reads back."""
    kind, value, _, _ = parts(term)
    if kind == "uri":
        return "<" + _IRI_ESCAPED.sub(lambda m: f"\\u{ord(m.group()):04X}", value) + ">"
    if kind == "bnode":
        return "_:" + re.sub(r"[^A-Za-z0-9_.-]", "_", value)
    if not isinstance(term, ox.Literal):
        from ..rdf.terms import to_ox

        term = to_ox(term)
    return escaped_in_written(str(term))


#: Characters that would act on a terminal, written as escapes in CSV cells
#: (tab and line feed stay: CSV quotes a cell that holds them; a carriage
#: return, which would move a terminal's cursor back over the line, does not).
_CSV_ESCAPED = re.compile(f"[{C0_BUT_LAYOUT}\r{BEYOND_C0}]")


def _csv_cell(text: str) -> str:
    return _CSV_ESCAPED.sub(lambda m: shown(m.group()), text)


def _csv_value(term: Any) -> str:
    of = type(term)
    if of is ox.NamedNode or of is ox.Literal:  # most cells: no call of parts()
        return term.value
    kind, value, _, _ = parts(term)
    return f"_:{value}" if kind == "bnode" else value


def _cell(text: str) -> str:
    """A value as one table cell: tabs, line breaks and other control
    characters shown escaped, so rows stay aligned and nothing in the data
    can drive the terminal (no escape sequences reach it)."""
    return shown(text)


def _object(term: Any) -> str:
    """A triple's object in a table line: a literal in its N-Triples form
    (quoted, with its language or datatype), else as :func:`short` writes it."""
    if parts(term)[0] != "literal":
        return short(term)
    return str(term) if isinstance(term, ox.Literal) else term.n3()


def to_table(result: QueryResult) -> str:
    """The result as a table for the terminal: ``yes`` / ``no`` for ASK, one
    triple a line for CONSTRUCT and DESCRIBE, else columns of short names,
    aligned by the columns each takes on a terminal (:func:`~jointvision.terminal.display_width`),
    and a row count; control characters shown escaped."""
    if result.boolean is not None:
        return "yes" if result.boolean else "no"
    if result.form in {"CONSTRUCT", "DESCRIBE"}:
        return "\n".join(_cell(f"{short(s)} {short(p)} {_object(o)} .") for s, p, o in sorted(result.triples))
    header = list(result.variables)
    rows = [[_cell(short(t)) for t in row] for row in result.rows]
    # aligned by the columns each cell takes on a terminal: Japanese takes two a character, a combining mark none
    widths = [max([display_width(h)] + [display_width(r[i]) for r in rows]) for i, h in enumerate(header)]
    line = "  ".join("-" * w for w in widths)
    out = ["  ".join(pad(h, w) for h, w in zip(header, widths, strict=False)).rstrip(), line]
    out += ["  ".join(pad(c, w) for c, w in zip(r, widths, strict=False)).rstrip() for r in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)


def to_csv(result: QueryResult, delimiter: str = ",") -> str:
    """A SELECT result as SPARQL 1.1 CSV (``delimiter`` ``,``: values as
    text, CRLF line ends) or TSV (``\\t``: terms in their N-Triples form)."""
    buffer = io.StringIO()
    if delimiter == "\t":  # SPARQL TSV: terms in their N-Triples / Turtle form
        buffer.write("\t".join(f"?{v}" for v in result.variables) + "\n")
        for row in result.rows:
            buffer.write("\t".join("" if t is None else _ntriples_term(t) for t in row) + "\n")
        return buffer.getvalue()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(result.variables)
    unsafe = _CSV_ESCAPED.search
    for row in result.rows:
        cells = ["" if t is None else _csv_value(t) for t in row]
        if unsafe("\n".join(cells)):  # one search a row; the rare row with such a character, cell by cell
            cells = [_csv_cell(cell) for cell in cells]
        writer.writerow(cells)
    return buffer.getvalue()


def _json_term(term: Any) -> dict[str, str]:
    kind, value, language, datatype = parts(term)
    out: dict[str, str] = {"type": kind, "value": value}
    if language:
        out["xml:lang"] = language
        direction = getattr(term, "direction", None)  # an RDF 1.2 directional text: SPARQL 1.2's its:dir
        if direction:
            out["its:dir"] = str(direction)
    elif datatype is not None:
        out["datatype"] = datatype
    return out


def _from_json_term(binding: dict[str, Any]) -> URIRef | BNode | Literal:
    from rdflib import BNode, Literal, URIRef

    kind, value = binding.get("type"), binding.get("value", "")
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if kind in {"literal", "typed-literal"}:
        if binding.get("xml:lang"):
            return Literal(value, lang=binding["xml:lang"])
        datatype = binding.get("datatype")
        return Literal(value, datatype=URIRef(datatype) if datatype else None, normalize=False)
    raise ValueError(f"a term of unknown type {str(kind)[:40]!r}")


def from_solutions(solutions: ox.QuerySolutions) -> QueryResult:
    """A SELECT's answer as pyoxigraph gives it, kept in pyoxigraph's terms
    (which every writer here takes): what the command line writes, without
    converting a term. A term no writer can show (an RDF 1.2 triple term) is
    a :class:`QueryError`, as :class:`~jointvision.sparql.engine.QueryEngine` says it."""
    from ..errors import QueryError
    from .answer import QueryResult

    variables = [v.value for v in solutions.variables]
    try:  # the answer is read as it is iterated; a solution gives its values in the variables' order
        rows = [tuple(solution) for solution in solutions]
    except (SyntaxError, ValueError) as exc:  # the engine wrote an answer it cannot read back
        raise QueryError(f"the engine's answer could not be read back: {exc}") from None
    for row in rows:
        for term in row:
            if isinstance(term, ox.Triple):
                raise QueryError(f"the answer holds a term jointvision cannot show: {term}")
    return QueryResult("SELECT", variables=variables, rows=rows)


def from_json(doc: dict[str, Any], form: str = "SELECT") -> QueryResult:
    """The answer a SPARQL JSON results document holds (already parsed from
    JSON), in rdflib terms; ValueError, KeyError or TypeError when it is not one."""
    from .answer import QueryResult

    if "boolean" in doc:
        return QueryResult("ASK", boolean=bool(doc["boolean"]))
    variables = [str(v) for v in doc["head"]["vars"]]
    rows = [tuple(_from_json_term(b[v]) if v in b else None for v in variables) for b in doc["results"]["bindings"]]
    return QueryResult(form, variables=variables, rows=rows)


def to_json(result: QueryResult) -> str:
    """A SELECT or ASK result as SPARQL 1.1 JSON results, indented, with
    characters that would act on a terminal escaped."""
    if result.boolean is not None:
        doc: dict[str, Any] = {"head": {}, "boolean": result.boolean}
    else:
        bindings = [
            {v: _json_term(t) for v, t in zip(result.variables, row, strict=False) if t is not None}
            for row in result.rows
        ]
        doc = {"head": {"vars": result.variables}, "results": {"bindings": bindings}}
    return escaped_in_written(json.dumps(doc, ensure_ascii=False, indent=2)) + "\n"


def format_result(result: QueryResult, fmt: str) -> str:
    """The result in ``table``, ``csv``, ``tsv`` or ``json``. CONSTRUCT and
    DESCRIBE results are written as N-Triples for every format but ``table``."""
    if result.form in {"CONSTRUCT", "DESCRIBE"} and fmt != "table":
        # a query's answer may hold blank nodes (the exports never do): written as they come, sorted
        import pyoxigraph as ox

        from ..rdf.terms import to_ox

        triples = [ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in result.triples]
        written = escaped_in_written((ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8"))
        lines = written.splitlines(keepends=True)
        return "".join(sorted(set(lines)))
    if fmt == "table":
        return to_table(result)
    if fmt == "json":
        return to_json(result)
    if result.boolean is not None:
        return f"{'true' if result.boolean else 'false'}\n"
    return to_csv(result, "\t" if fmt == "tsv" else ",")


def to_dataframe(result: QueryResult) -> DataFrame:
    """The result as a pandas DataFrame: :meth:`QueryResult.to_dataframe`
    (numbers numeric, dates datetimes, IRIs and other literals strings, by
    the rule :mod:`~jointvision.sparql.frames` states; its
    :func:`~jointvision.sparql.frames.python_rows` gives the same values
    without pandas)."""
    return result.to_dataframe()
