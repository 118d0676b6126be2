"""The RDF formats jointvision reads and writes, as objects registered by name.

Each :class:`Format` wraps pyoxigraph's own format object, which carries the
media type and file extension, and adds what jointvision needs to know of
it: whether it holds named graphs, and whether the builder writes it. Every
module that picks a format (the downloads, the endpoint's content
negotiation, reading an RDF file) looks it up here, so a format is named in
one place.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox


@dataclass(frozen=True)
class Format:
    name: str  # the registry key: turtle, nt, jsonld, trig, nquads, rdfxml
    engine: ox.RdfFormat
    label: str
    written: bool = True  # the build writes a download in it
    #: jointvision writes the whole dataset in it, one named graph per
    #: source (TriG, N-Quads); the others get the merged union of the data
    datasets: bool = False

    @property
    def media_type(self) -> str:
        return self.engine.media_type

    @property
    def extension(self) -> str:
        return self.engine.file_extension


_REGISTRY: dict[str, Format] = {}


def register(fmt: Format) -> Format:
    _REGISTRY[fmt.name] = fmt
    return fmt


TURTLE = register(Format("turtle", ox.RdfFormat.TURTLE, "Turtle"))
NTRIPLES = register(Format("nt", ox.RdfFormat.N_TRIPLES, "N-Triples"))
JSONLD = register(Format("jsonld", ox.RdfFormat.JSON_LD, "JSON-LD"))
TRIG = register(Format("trig", ox.RdfFormat.TRIG, "TriG", datasets=True))
NQUADS = register(Format("nquads", ox.RdfFormat.N_QUADS, "N-Quads", datasets=True))
RDFXML = register(Format("rdfxml", ox.RdfFormat.RDF_XML, "RDF/XML", written=False))


def formats(written: bool | None = None) -> list[Format]:
    """Every registered format (only those the build writes, with ``written``)."""
    return [f for f in _REGISTRY.values() if written is None or f.written == written]


def get(name: str) -> Format:
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
    media_type = media_type.split(";")[0].strip().lower()
    return next((f for f in _REGISTRY.values() if f.media_type == media_type), None)
