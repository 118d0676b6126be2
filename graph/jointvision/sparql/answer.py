"""The answer to a query, as every engine and endpoint hands it back:
:class:`QueryResult`. Kept apart from the engine so that writing an answer
(:mod:`.results`) needs neither rdflib nor the engine."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pandas import DataFrame  # type: ignore[import-untyped,unused-ignore]


@dataclass
class QueryResult:
    """The answer to a query: rows of a SELECT, a boolean of an ASK, or the
    triples of a CONSTRUCT / DESCRIBE. Terms are rdflib terms (``None``
    where a variable is unbound), as :class:`~jointvision.sparql.engine.QueryEngine`
    and the remote readers give them; the result writers of :mod:`.results`
    also take pyoxigraph's terms, which the command line writes without
    converting.

    >>> from rdflib import Literal
    >>> result = QueryResult("SELECT", variables=["n"], rows=[(Literal(1),), (Literal(2),)])
    >>> frame = result.to_dataframe()
    >>> str(frame["n"].dtype), int(frame["n"].sum())
    ('int64', 3)
    """

    form: str
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[tuple[Any, Any, Any]] = field(default_factory=list)

    def to_dataframe(self) -> DataFrame:
        """The answer as a pandas DataFrame (pandas is imported here, only
        when asked for): a SELECT's rows, one column a variable; the triples
        of a CONSTRUCT or DESCRIBE as ``subject``, ``predicate``, ``object``.
        A column of numbers is ``int64`` (all integers, none missing) or
        ``float64``, one of dates or date-times ``datetime64``, one of
        booleans ``bool``; IRIs and other literals are strings.

        >>> from rdflib import Literal, URIRef
        >>> from decimal import Decimal
        >>> result = QueryResult("SELECT", variables=["x", "v"],
        ...                      rows=[(URIRef("http://example.org/x"), Literal(Decimal("2.5"))), (None, None)])
        >>> frame = result.to_dataframe()
        >>> [str(t) for t in frame.dtypes]
        ['object', 'float64']
        >>> frame["x"].tolist()
        ['http://example.org/x', None]
        """
        from .frames import to_dataframe

        return to_dataframe(self)
