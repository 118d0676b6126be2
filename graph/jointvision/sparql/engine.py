"""Running SPARQL queries on a graph, safely.

:class:`QueryEngine` is the one interface callers use; it runs on pyoxigraph.
No engine ever reads the text a user wrote: every query goes through
:func:`~jointvision.sparql.guard.check_query` (the guard: ``tokens`` reads
the query as the SPARQL 1.1 grammar does, ``guard`` refuses what would reach
beyond the local dataset or change it, ``canonical`` writes the query out
again in a form only it produces), and the canonical text, and nothing
else, is what the engine runs, in a process without network where the
system allows it (``isolation``). docs/query-safety.md gives the argument.

The guard's names (:func:`check_query`, :class:`CheckedQuery`,
:data:`MAX_TOKENS`, :data:`VOLATILE_FUNCTIONS`, ...) are importable from
here too.

>>> from rdflib import Graph
>>> graph = Graph().parse(format="turtle", data="<http://example.org/a> <http://example.org/n> 2 .")
>>> engine = QueryEngine(graph, with_ontology=False)
>>> engine.query("SELECT ?n WHERE { ?s <http://example.org/n> ?n }").rows[0][0].toPython()
2
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from ..errors import QueryError
from ..rdf.terms import from_ox, to_ox
from ..resources import ontology_path
from .answer import QueryResult
from .canonical import CheckedQuery
from .guard import MAX_DEPTH, VOLATILE_FUNCTIONS, check_query
from .isolation import engine_error
from .tokens import KEYWORDS, MAX_QUERY_CHARS, MAX_TOKENS, Token, expand_escapes, tokenize

if TYPE_CHECKING:
    pass  # type: ignore[import-untyped,unused-ignore]

__all__ = [
    "KEYWORDS",
    "MAX_DEPTH",
    "MAX_QUERY_CHARS",
    "MAX_TOKENS",
    "VOLATILE_FUNCTIONS",
    "CheckedQuery",
    "QueryEngine",
    "QueryResult",
    "Token",
    "check_query",
    "engine_error",
    "expand_escapes",
    "query_text",
    "tokenize",
]


#: A single word: the name of a named query, as ``jointvision query NAME`` reads it.
_NAME = re.compile(r"[\w.-]+")


def query_text(text: str) -> str:
    """The SPARQL text of ``text``: the text of the named query of that name
    if it is a single word (letters, digits, ``_``, ``.``, ``-``), as the
    command line decides; else ``text`` itself. An unknown name is a
    :class:`QueryError` with a "did you mean" hint.

    >>> query_text("SELECT * WHERE { ?s ?p ?o }")
    'SELECT * WHERE { ?s ?p ?o }'
    >>> "SELECT" in query_text("targets")
    True
    """
    if _NAME.fullmatch(text):
        from .named import named_query

        return named_query(text).text
    return text


def _result(form: str, answer: Any) -> QueryResult:
    """The engine's answer as a :class:`QueryResult` of rdflib terms."""
    try:
        if isinstance(answer, bool):
            return QueryResult(form, boolean=answer)
        if isinstance(answer, ox.QuerySolutions):
            variables = [v.value for v in answer.variables]
            rows = [tuple(from_ox(solution[v]) for v in variables) for solution in answer]
            return QueryResult(form, variables=variables, rows=rows)
        triples = [(from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)) for t in answer]
        return QueryResult(form, triples=triples)
    except TypeError as exc:  # an RDF 1.2 triple term, which the rdflib terms of a result cannot hold
        raise QueryError(f"the answer holds a term jointvision cannot show: {exc}") from None
    except (SyntaxError, ValueError) as exc:  # the engine wrote an answer it cannot read back
        raise QueryError(f"the engine's answer could not be read back: {exc}") from None


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

    >>> from rdflib import Graph
    >>> label = "<http://www.w3.org/2000/01/rdf-schema#label>"
    >>> graph = Graph().parse(format="nt", data=f'<http://example.org/a> {label} "A" .')
    >>> engine = QueryEngine(graph)
    >>> len(engine) > 1  # the statement and the ontology
    True
    >>> engine.query("ASK { ?s rdfs:label 'A' }").boolean
    True
    >>> engine.graphs
    frozenset()
    """

    def __init__(self, data: Any, with_ontology: bool = True):
        from ..rdf.dataset import Dataset

        self._graphs: frozenset[str]
        if isinstance(data, Dataset):
            if not with_ontology:
                raise ValueError("a Dataset always holds its ontology graph")
            self._store = data.store
            self._graphs = frozenset(data.graph_names())
        else:
            self._store = ox.Store()
            self._store.bulk_extend([ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.DefaultGraph()) for s, p, o in data])
            if with_ontology:
                self._store.bulk_load(path=str(ontology_path()), format=ox.RdfFormat.TURTLE)
            self._graphs = frozenset()

    @property
    def graphs(self) -> frozenset[str]:
        """The named graphs a query may name (``GRAPH``, ``FROM``, ``FROM NAMED``)."""
        return self._graphs

    def __len__(self) -> int:
        """How many statements the store holds (the ontology's included)."""
        return len(self._store)

    def query(self, text: str) -> QueryResult:
        """Run a query: SPARQL text, or the name of a named query (a single
        word, as ``jointvision query NAME`` reads it; see :func:`query_text`).
        The query is checked and rewritten by :func:`check_query` and only
        its canonical text is evaluated. Raises :class:`QueryError` (an
        unknown name, a syntax error, an engine error) or
        :class:`UnsafeQueryError` (a refused query).

        >>> from rdflib import Graph
        >>> engine = QueryEngine(Graph(), with_ontology=False)
        >>> engine.query("targets").variables
        ['target', 'value', 'unit', 'bound', 'period', 'per', 'flow', 'direction']
        >>> engine.query("no-such-query")
        Traceback (most recent call last):
        ...
        jointvision.errors.QueryError: no named query 'no-such-query'; (see `jointvision query --list`)
        """
        from .isolation import evaluate
        from .named import checked

        checked_query = checked(query_text(text), self._graphs)  # a shipped query's verdict ships with it
        return _result(checked_query.form, evaluate(self._store, checked_query))
