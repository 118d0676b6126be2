"""pyoxigraph's calls as the project makes them, typed as what they give:
:func:`select` (solutions), :func:`dumped` (bytes), :func:`value_of` (a
term's text). No rdflib here."""

from __future__ import annotations

import pyoxigraph as ox


def select(store: ox.Store, query: str, **options: object) -> ox.QuerySolutions:
    """The solutions of a SELECT the project itself wrote (never a user's:
    those go through the guard), typed as what they are."""
    found = store.query(query, **options)  # type: ignore[arg-type]
    if not isinstance(found, ox.QuerySolutions):  # pragma: no cover - a SELECT gives solutions
        raise TypeError("expected a SELECT query")
    return found


def dumped(store: ox.Store, fmt: ox.RdfFormat, **options: object) -> bytes:
    """The store (or the graph ``from_graph`` names) written in ``fmt``, as bytes."""
    data = store.dump(format=fmt, **options)  # type: ignore[arg-type]
    if data is None:  # pragma: no cover - without an output, dump returns the bytes
        raise TypeError("expected bytes from the engine")
    return data


def value_of(term: object) -> str:
    """The text of an IRI, blank node or literal (a triple term has none)."""
    if isinstance(term, (ox.NamedNode, ox.BlankNode, ox.Literal)):
        return term.value
    raise TypeError(f"a term with no text: {term!r}")
