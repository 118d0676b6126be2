"""Content negotiation: which media type a client gets.

The media types come from the format registry (``rdf.formats``), in its
order of preference: :data:`RESULT_TYPES` for solutions and booleans (SPARQL
JSON first), :data:`GRAPH_TYPES` for graphs (Turtle first). Here: reading an
Accept header against what a view offers (:func:`accepted`), the ``format``
/ ``output`` parameter some clients send instead, read by query form
(:func:`requested`), the engine's format object for a media type, and a
Turtle document written again in the negotiated RDF format
(:func:`reserialised`). No Starlette.

>>> accepted("text/csv;q=0.5, application/sparql-results+xml", RESULT_TYPES, RESULT_TYPES[0])
['application/sparql-results+xml', 'text/csv']
>>> requested(["xml"])
(['application/sparql-results+xml'], ['application/rdf+xml'])
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import cast

import pyoxigraph as ox

from ..rdf import formats

#: Media types of solutions and booleans, best first (SPARQL JSON results the default).
RESULT_TYPES: list[str] = [f.media_type for f in formats.results_formats()]
#: Media types of graphs (CONSTRUCT, DESCRIBE), best first (Turtle the default).
GRAPH_TYPES: list[str] = [f.media_type for f in formats.formats(answers=True)]
#: The RDF formats the descriptions (the ontology, the VoID) are offered in, in this order.
DESCRIPTION_TYPES: list[str] = [
    f.media_type for f in (formats.TURTLE, formats.JSONLD, formats.NTRIPLES, formats.RDFXML)
]
TURTLE = formats.TURTLE.media_type

#: Media types clients often send for the SPARQL ones.
ALIASES = {
    "application/json": "application/sparql-results+json",
    "application/xml": "application/sparql-results+xml",
    "text/xml": "application/sparql-results+xml",
}

#: The parameters that name a format instead of the Accept header (Virtuoso's ``format``, Joseki's ``output``).
FORMAT_PARAMETERS = frozenset({"format", "output"})
#: Words of the format parameter that name a graph in another family's word, as clients use them: ``xml``
#: and ``json`` (SPARQLWrapper's for a graph as for a table), and N3 (Turtle is the part of N3 its readers read).
GRAPH_WORDS: dict[str, formats.Format] = {
    "xml": formats.RDFXML,
    "application/xml": formats.RDFXML,
    "text/xml": formats.RDFXML,
    "json": formats.JSONLD,
    "application/json": formats.JSONLD,
    "n3": formats.TURTLE,
    "text/n3": formats.TURTLE,
    "text/rdf+n3": formats.TURTLE,
}


def _weight(parameters: Sequence[str]) -> float:
    """The q-value of a media range's parameters: 1 when absent, malformed or
    NaN; clamped to [0, 1]."""
    quality = 1.0
    for parameter in parameters:
        if parameter.startswith("q="):
            try:
                quality = min(max(float(parameter[2:]), 0.0), 1.0)
            except ValueError:  # a malformed weight is ignored, as if absent
                quality = 1.0
            if quality != quality:  # NaN
                quality = 1.0
    return quality


def _ranges(header: str) -> Iterator[tuple[str, float, int]]:
    """The media ranges of an Accept header: (range, quality, position)."""
    for order, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        media = ALIASES.get(media, media)
        if media:
            yield media, _weight(fields[1:]), order


def _specificity(media_range: str, candidate: str) -> int | None:
    """How exactly a media range names a media type: 0 itself, 1 ``type/*``,
    2 ``*/*``; None if it does not."""
    if media_range == candidate:
        return 0
    if media_range == candidate.split("/")[0] + "/*":
        return 1
    if media_range == "*/*":
        return 2
    return None


def accepted(header: str | None, offered: Sequence[str], default: str) -> list[str]:
    """The offered media types the Accept header admits, best first (RFC 9110:
    q-values, ``type/*`` and ``*/*``; among equals the more specific range,
    then the earlier, then the server's preference, ``default`` first); the
    default then the others when there is no header."""
    preference = [default] + [t for t in offered if t != default]
    if not header or not header.strip():
        return preference
    rank = {t: i for i, t in enumerate(preference)}
    ranked: list[tuple[float, int, int, str]] = []
    for media, quality, order in _ranges(header):
        for candidate in offered:
            specificity = _specificity(media, candidate)
            if specificity is not None and quality > 0:
                ranked.append((-quality, specificity * 1000 + order, rank[candidate], candidate))
    ranked.sort()
    return list(dict.fromkeys(candidate for *_, candidate in ranked))


def _word(value: str) -> str:
    """A format's name, extension, label or media type as a key: lower
    case, its parameters dropped, letters and digits only (``JSON-LD`` and
    ``jsonld``, ``rdf+xml`` and ``rdfxml`` are one word)."""
    return re.sub(r"[^a-z0-9]", "", value.split(";")[0].lower())


def _spellings(fmt: formats.Format | formats.ResultsFormat) -> set[str]:
    """Every word naming a format: its registry name, extension, label,
    media type and the media type's subtype (``turtle``, ``ld+json``)."""
    names = (fmt.name, fmt.extension, fmt.label, fmt.media_type, fmt.media_type.split("/")[-1])
    return {_word(name) for name in names}


#: The format parameter's words: a results format's (``json``, ``srx``, ``text/csv``) ...
RESULT_NAMES: dict[str, formats.ResultsFormat] = {
    **{word: f for f in formats.results_formats() for word in _spellings(f)},
    **{_word(alias): f for alias, media in ALIASES.items() if (f := formats.results_by_media_type(media))},
}
#: ... and a graph format's (``ttl``, ``n-triples``, ``json-ld``, ``rdf+xml``, ``application/rdf+xml``).
GRAPH_NAMES: dict[str, formats.Format] = {
    **{word: f for f in formats.formats(answers=True) for word in _spellings(f)},
    **{_word(word): f for word, f in GRAPH_WORDS.items()},
}


def requested(values: Iterable[str]) -> tuple[list[str], list[str]] | None:
    """The results and graph media types that the values of the ``format`` /
    ``output`` parameters name (each value a word or media type, or a
    comma-separated list of them), read by query form: ``xml`` is SPARQL XML
    results for a SELECT or ASK and RDF/XML for a CONSTRUCT or DESCRIBE,
    ``json`` SPARQL JSON or JSON-LD, ``csv`` a table and no graph, ``turtle``
    a graph and no table (a query of that form then gets 406). None when
    they name no format (absent, empty or unknown): the Accept header decides.

    >>> requested(["json-ld", "application/ld+json,application/x-json+ld"])
    ([], ['application/ld+json'])
    >>> requested(["tsv", ""])
    (['text/tab-separated-values'], [])
    >>> requested(["bogus"]) is None
    True
    """
    words = [_word(item) for value in values for item in value.split(",")]
    results = list(dict.fromkeys(RESULT_NAMES[w].media_type for w in words if w in RESULT_NAMES))
    graphs = list(dict.fromkeys(GRAPH_NAMES[w].media_type for w in words if w in GRAPH_NAMES))
    return (results, graphs) if results or graphs else None


def results_engine(media: str) -> ox.QueryResultsFormat:
    """The engine's results format of a media type of :data:`RESULT_TYPES`."""
    found = formats.results_by_media_type(media)
    if found is None:
        raise KeyError(media)
    return found.engine


def graph_engine(media: str) -> ox.RdfFormat:
    """The engine's RDF format of a media type of :data:`GRAPH_TYPES`."""
    found = formats.by_media_type(media)
    if found is None:
        raise KeyError(media)
    return found.engine


def reserialised(turtle: bytes, media: str) -> bytes:
    """A Turtle document written again in the RDF format of ``media``."""
    if media == TURTLE:
        return turtle
    return cast(bytes, ox.serialize(ox.parse(turtle, format=ox.RdfFormat.TURTLE), format=graph_engine(media)))
