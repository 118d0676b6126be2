"""Query results as pandas DataFrames, one column a variable, typed by what
the column holds (pandas is imported only when a frame is asked for).

* numbers (``xsd:integer``, ``xsd:decimal``, ``xsd:double``, ... ) are
  numbers: ``int64`` where every value is an integer and none is missing,
  else ``float64`` (a ``Decimal`` converted, ``NaN`` where missing);
* ``xsd:date`` and ``xsd:dateTime`` are ``datetime64`` (``NaT`` where missing);
* ``xsd:boolean`` is ``bool`` where none is missing;
* everything else, and a column whose values are of different kinds, is
  text: an IRI's string, a literal's lexical form (``None`` where missing).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from rdflib import Literal

if TYPE_CHECKING:
    from pandas import DataFrame  # type: ignore[import-untyped,unused-ignore]

    from .engine import QueryResult

_INT64 = (-(2**63), 2**63 - 1)
#: The columns of a CONSTRUCT or DESCRIBE answer, one row a triple.
TRIPLE_COLUMNS = ("subject", "predicate", "object")


def _kind(value: object) -> str:
    """What a term's Python value is, for its column: int, float, bool, datetime or str."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, (float, Decimal)):
        return "float"
    if isinstance(value, datetime.date):  # a datetime is a date too
        return "datetime"
    return "str"


def _python(term: object) -> tuple[str, Any]:
    """The kind and Python value of a term: a literal's value where its
    datatype has one, else the term's string."""
    if isinstance(term, Literal) and term.language is None:
        value = term.toPython()
        kind = _kind(value)
        if kind != "str":
            return kind, value
    return "str", str(term)


def column_values(terms: Sequence[object]) -> tuple[str, list[Any]]:
    """The dtype for a column of terms (``None`` where unbound) and its
    values: ``int64``, ``float64``, ``bool``, ``datetime`` or ``object``.

    >>> from rdflib import Literal, URIRef
    >>> column_values([Literal(1), Literal(2)])
    ('int64', [1, 2])
    >>> column_values([Literal(1), None])
    ('float64', [1.0, nan])
    >>> column_values([URIRef("http://example.org/a"), Literal("b"), None])
    ('object', ['http://example.org/a', 'b', None])
    """
    read = [None if term is None else _python(term) for term in terms]
    kinds = {pair[0] for pair in read if pair is not None}
    values: list[Any] = [None if pair is None else pair[1] for pair in read]
    dtype = _dtype(kinds, None in read, values)
    if dtype == "float64":
        return dtype, [float("nan") if v is None else float(v) for v in values]
    if dtype == "object" and len(kinds) > 1:  # different kinds: every value as text
        return dtype, [None if term is None else str(term) for term in terms]
    return dtype, values


def _dtype(kinds: set[str], missing: bool, values: list[Any]) -> str:
    """The dtype of a column whose values are of ``kinds``, some ``missing``."""
    if kinds == {"int"} and not missing and all(_INT64[0] <= v <= _INT64[1] for v in values):
        return "int64"
    if kinds and kinds <= {"int", "float"}:
        return "float64"
    if kinds == {"bool"} and not missing:
        return "bool"
    if kinds == {"datetime"}:
        return "datetime"
    return "object"


def _series(pd: Any, name: str, terms: Sequence[object]) -> Any:
    dtype, values = column_values(terms)
    if dtype == "datetime":
        try:
            return pd.Series(pd.to_datetime(values), name=name)
        except (ValueError, TypeError):  # naive and zoned times together: left as text
            return pd.Series([None if t is None else str(t) for t in terms], dtype=object, name=name)
    return pd.Series(values, dtype=dtype, name=name)


def to_dataframe(result: QueryResult) -> DataFrame:
    """A result as a DataFrame: a SELECT's rows, one column a variable; a
    CONSTRUCT's or DESCRIBE's triples as ``subject``, ``predicate``,
    ``object``; an ASK answer has no rows (an empty frame)."""
    import pandas as pd  # type: ignore[import-untyped,unused-ignore]

    if result.form in {"CONSTRUCT", "DESCRIBE"}:
        names, rows = list(TRIPLE_COLUMNS), list(result.triples)
    else:
        names, rows = list(result.variables), list(result.rows)
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in names]
    series = [_series(pd, name, column) for name, column in zip(names, columns, strict=True)]
    return pd.DataFrame({s.name: s for s in series}, columns=names)
