"""The formats jointvision reads and writes, as objects registered by name:
RDF formats (:class:`Format`) and SPARQL query results formats
(:class:`ResultsFormat`).

Each wraps pyoxigraph's own format object, which carries the media type and
file extension, and adds what jointvision needs to know of it: whether it
holds named graphs, whether the builder writes a download in it, whether the
endpoint answers a CONSTRUCT or DESCRIBE in it. Every module that picks a
format (the downloads, the endpoint's content negotiation and its workers,
reading an RDF file) looks it up here, so a format and its media type are
named in one place.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox


@dataclass(frozen=True)
class Format:
    """An RDF format: its registry name, pyoxigraph's format object, the
    label shown to people, and what jointvision does with it.

    >>> TURTLE.media_type, TURTLE.extension, TURTLE.label
    ('text/turtle', 'ttl', 'Turtle')
    """

    name: str  # the registry key: turtle, nt, jsonld, trig, nquads, rdfxml
    engine: ox.RdfFormat
    label: str
    written: bool = True  # the build writes a download in it
    #: jointvision writes the whole dataset in it, one named graph per
    #: source (TriG, N-Quads); the others get the merged union of the data
    datasets: bool = False
    #: the endpoint answers a CONSTRUCT or DESCRIBE in it (a graph format)
    answers: bool = False

    @property
    def media_type(self) -> str:
        """The media type alone, as content negotiation compares it."""
        return self.engine.media_type.split(";")[0]

    @property
    def extension(self) -> str:
        """The usual file name extension, without the dot (``ttl``)."""
        return self.engine.file_extension


_REGISTRY: dict[str, Format] = {}


def register(fmt: Format) -> Format:
    """Add ``fmt`` to the registry under its name (a later one of the same
    name replaces it), and return it, so a module can name it as it
    registers it."""
    _REGISTRY[fmt.name] = fmt
    return fmt


TURTLE = register(Format("turtle", ox.RdfFormat.TURTLE, "Turtle", answers=True))
NTRIPLES = register(Format("nt", ox.RdfFormat.N_TRIPLES, "N-Triples", answers=True))
JSONLD = register(Format("jsonld", ox.RdfFormat.JSON_LD, "JSON-LD", answers=True))
TRIG = register(Format("trig", ox.RdfFormat.TRIG, "TriG", datasets=True))
NQUADS = register(Format("nquads", ox.RdfFormat.N_QUADS, "N-Quads", datasets=True))
RDFXML = register(Format("rdfxml", ox.RdfFormat.RDF_XML, "RDF/XML", written=False, answers=True))


def formats(written: bool | None = None, answers: bool | None = None) -> list[Format]:
    """Every registered RDF format, in order of preference (Turtle first):
    only those the build writes, with ``written``; only those the endpoint
    answers a graph in, with ``answers``."""
    return [
        f
        for f in _REGISTRY.values()
        if (written is None or f.written == written) and (answers is None or f.answers == answers)
    ]


def get(name: str) -> Format:
    """The registered format of this name; a ValueError listing the names
    otherwise.

    >>> get("nquads").label
    'N-Quads'
    >>> get("owl")
    Traceback (most recent call last):
    ...
    ValueError: unknown format 'owl'; expected one of turtle, nt, jsonld, trig, nquads, rdfxml
    """
    try:
        return _REGISTRY[name]
    except KeyError:
        raise ValueError(f"unknown format {name!r}; expected one of {', '.join(_REGISTRY)}") from None


def by_extension(extension: str) -> Format | None:
    """The format of a file name's extension (``ttl``, ``nq``, ``.trig``), or None."""
    extension = extension.lower().lstrip(".")
    aliases = {"json": "jsonld", "owl": "rdf", "xml": "rdf"}
    extension = aliases.get(extension, extension)
    return next((f for f in _REGISTRY.values() if f.extension == extension), None)


def by_media_type(media_type: str) -> Format | None:
    """The format of a media type (its parameters, such as ``charset``,
    ignored), or None: how the endpoint reads an Accept header's choice.

    >>> by_media_type("application/n-triples; charset=utf-8").name
    'nt'
    """
    media_type = media_type.split(";")[0].strip().lower()
    return next((f for f in _REGISTRY.values() if f.media_type == media_type), None)


# ------------------------------------------------------------ query results


@dataclass(frozen=True)
class ResultsFormat:
    """A W3C format of SELECT and ASK answers, on pyoxigraph's own object."""

    name: str  # the registry key: json, xml, csv, tsv
    engine: ox.QueryResultsFormat
    label: str

    @property
    def media_type(self) -> str:
        """The media type alone, as content negotiation compares it."""
        return self.engine.media_type.split(";")[0]

    @property
    def extension(self) -> str:
        """The usual file name extension, without the dot (``srj``)."""
        return self.engine.file_extension


_RESULTS: dict[str, ResultsFormat] = {}


def register_results(fmt: ResultsFormat) -> ResultsFormat:
    """Add ``fmt`` to the results formats under its name, and return it (as
    :func:`register` does for RDF formats)."""
    _RESULTS[fmt.name] = fmt
    return fmt


RESULTS_JSON = register_results(ResultsFormat("json", ox.QueryResultsFormat.JSON, "SPARQL JSON results"))
RESULTS_XML = register_results(ResultsFormat("xml", ox.QueryResultsFormat.XML, "SPARQL XML results"))
RESULTS_CSV = register_results(ResultsFormat("csv", ox.QueryResultsFormat.CSV, "SPARQL CSV results"))
RESULTS_TSV = register_results(ResultsFormat("tsv", ox.QueryResultsFormat.TSV, "SPARQL TSV results"))


def results_formats() -> list[ResultsFormat]:
    """Every results format, in order of preference (JSON first)."""
    return list(_RESULTS.values())


def results_by_media_type(media_type: str) -> ResultsFormat | None:
    """The results format of a media type (parameters ignored), or None.

    >>> results_by_media_type("text/csv; charset=utf-8").label
    'SPARQL CSV results'
    """
    media_type = media_type.split(";")[0].strip().lower()
    return next((f for f in _RESULTS.values() if f.media_type == media_type), None)
