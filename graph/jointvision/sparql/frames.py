"""Query results as Python values and as pandas DataFrames, one column a
variable, typed by what the column holds (pandas is imported only when a
frame is asked for).

The rule for numbers, one value at a time (:func:`python_value`):

* an integer (``xsd:integer`` and the types derived from it) is an ``int``;
* a double or float (``xsd:double``, ``xsd:float``) is a ``float``;
* a decimal (``xsd:decimal``) is a ``float`` when the float is exact, that is
  when the float's shortest text reads back as the same number (``2.5``,
  ``0.1``, ``10000000000000``: every decimal of the embedded data), and stays
  a :class:`~decimal.Decimal` only where a float would lose digits (more
  significant digits than a double holds, such as
  ``0.12345678901234567890``).

and for a DataFrame's column (:func:`column_values`):

* numbers are ``int64`` where every value is an integer that fits and none is
  missing; else ``float64`` where every value is exact as a float (``NaN``
  where missing); else, where one would lose digits, the exact values as they
  are (``int``, ``float``, ``Decimal``) in an ``object`` column;
* ``xsd:date`` and ``xsd:dateTime`` are ``datetime64`` (``NaT`` where missing);
* ``xsd:boolean`` is ``bool`` where none is missing;
* everything else, and a column whose values are of different kinds, is
  text: an IRI's string, a literal's lexical form (``None`` where missing).
"""

from __future__ import annotations

import datetime
import math
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


def exact_float(value: int | float | Decimal) -> float | None:
    """``value`` as a float, if the float is exact (its shortest text reads
    back as the same number), else None.

    >>> exact_float(Decimal("2.50")), exact_float(Decimal("0.1")), exact_float(10**13)
    (2.5, 0.1, 10000000000000.0)
    >>> exact_float(Decimal("0.12345678901234567890")) is None, exact_float(2**53 + 1) is None
    (True, True)
    """
    if isinstance(value, float):
        return value
    try:
        found = float(value)
    except OverflowError:  # an integer past the largest double
        return None
    if isinstance(value, int):
        return found if found == value else None
    return found if math.isfinite(found) and Decimal(repr(found)) == value else None


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
    datatype has one (a decimal as it is), else the term's string."""
    if isinstance(term, Literal) and term.language is None:
        value = term.toPython()
        kind = _kind(value)
        if kind != "str":
            return kind, value
    return "str", str(term)


def python_value(term: object) -> Any:
    """A term as a Python value, by the rule of this module: integers
    ``int``, doubles and exact decimals ``float`` (a decimal a float would
    lose digits of stays a ``Decimal``), booleans ``bool``, dates and times
    ``date`` and ``datetime``; an IRI or any other literal its text;
    ``None`` stays ``None``.

    >>> from rdflib import Literal, URIRef
    >>> from rdflib.namespace import XSD
    >>> [python_value(t) for t in (Literal(3), Literal("2.5", datatype=XSD.decimal), URIRef("http://example.org/a"))]
    [3, 2.5, 'http://example.org/a']
    >>> python_value(Literal("0.12345678901234567890", datatype=XSD.decimal))
    Decimal('0.12345678901234567890')
    """
    if term is None:
        return None
    _, value = _python(term)
    if isinstance(value, Decimal):
        found = exact_float(value)
        return value if found is None else found
    return value


def python_rows(result: QueryResult) -> list[tuple[Any, ...]]:
    """A SELECT's rows (a CONSTRUCT's or DESCRIBE's triples) with every term
    as :func:`python_value` gives it: what to loop over without pandas.

    >>> from rdflib import Literal
    >>> from jointvision.sparql.engine import QueryResult
    >>> python_rows(QueryResult("SELECT", variables=["n"], rows=[(Literal(1),), (None,)]))
    [(1,), (None,)]
    """
    rows = result.triples if result.form in {"CONSTRUCT", "DESCRIBE"} else result.rows
    return [tuple(python_value(term) for term in row) for row in rows]


def column_values(terms: Sequence[object]) -> tuple[str, list[Any]]:
    """The dtype for a column of terms (``None`` where unbound) and its
    values: ``int64``, ``float64``, ``bool``, ``datetime`` or ``object``.

    >>> from rdflib import Literal, URIRef
    >>> column_values([Literal(1), Literal(2)])
    ('int64', [1, 2])
    >>> column_values([Literal(1), None])
    ('float64', [1.0, nan])
    >>> column_values([Literal(1), Literal(2**64 + 1)])  # past int64, and a float would lose its last digit
    ('object', [1, 18446744073709551617])
    >>> column_values([URIRef("http://example.org/a"), Literal("b"), None])
    ('object', ['http://example.org/a', 'b', None])
    """
    read = [None if term is None else _python(term) for term in terms]
    kinds = {pair[0] for pair in read if pair is not None}
    values: list[Any] = [None if pair is None else pair[1] for pair in read]
    dtype = _dtype(kinds, None in read, values)
    if dtype == "float64":
        return _float_column(terms, values)
    if dtype == "object" and len(kinds) > 1:  # different kinds: every value as text
        return dtype, [None if term is None else str(term) for term in terms]
    return dtype, values


def _float_column(terms: Sequence[object], values: list[Any]) -> tuple[str, list[Any]]:
    """A column of numbers as ``float64`` (``NaN`` where missing) where every value is exact as a
    float; else, since a float would lose digits of one, as the exact values in an ``object`` column."""
    floats = [None if v is None else exact_float(v) for v in values]
    if all(f is not None for f, v in zip(floats, values) if v is not None):
        return "float64", [float("nan") if f is None else f for f in floats]
    return "object", [python_value(term) for term in terms]


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
