"""Every download, declared once.

An :class:`Output` says what a download is called, which group ``build
--outputs`` chooses it by, its media type, one line for the downloads'
README, whether and where ``serve`` offers it, and which function makes it
(``"module:function"``, a module of :mod:`jointvision.outputs` or any
other by its dotted name, imported only when
the download is made, so that choosing the RDF files never imports the map's
libraries). That function takes the :class:`Context` of one build, which
makes what several downloads share (the rdflib graph, the provenance of each
statement, the fact network) once, the first time one asks for it.

``build`` (:func:`~jointvision.outputs.exports.export_files`), ``serve``
(its routes and :class:`~jointvision.outputs.exports.Downloads`), the
downloads' README and the VoID's distributions all read this table: a new
download is one entry here and the module that makes it.

>>> OUTPUTS["jointvision.ttl"].media_type
'text/turtle'
>>> [o.name for o in outputs_of("network")]
['jointvision.gexf', 'jointvision.graphml']
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from importlib import import_module
from typing import TYPE_CHECKING, Any

from ..rdf import formats

if TYPE_CHECKING:
    from ..rdf.dataset import Dataset

#: The stem of the dataset's downloads: ``jointvision.ttl``, ``jointvision.html``, ...
GRAPH_STEM = "jointvision"

#: The groups ``build --outputs`` chooses from, in the order they are made:
#: the RDF files (always written), the map, the fact network for Gephi,
#: yEd or Cytoscape, and the compliance report.
GROUPS = ("rdf", "map", "network", "report")
#: The group of the downloads that describe the others (made last, always).
DESCRIPTIONS = "description"

#: How ``serve`` offers a download.
DOWNLOAD = "download"  # at /<name>, as a file to save (Content-Disposition: attachment)
PAGE = "page"  # as a page to read, at its routes
OWN_VIEW = "own view"  # by a view of its own, made for the server's address (void.ttl)
NOT_SERVED = "not served"  # not at all (the README describes a build's folder)


@dataclass(frozen=True)
class Output:
    """One download."""

    name: str  # its file name
    group: str  # one of GROUPS, or DESCRIPTIONS
    media_type: str
    description: str  # one line for the downloads' README
    make: str  # "module:function" of jointvision.outputs; the function takes a Context and returns bytes
    served: str = DOWNLOAD  # DOWNLOAD, PAGE, OWN_VIEW or NOT_SERVED
    routes: tuple[str, ...] = ()  # for a PAGE: the paths serve answers with it
    data_dump: bool = False  # RDF a store can load: a void:dataDump of the dataset's description

    def maker(self) -> Callable[[Context], bytes]:
        """The function that makes it, its module imported now: a module of
        :mod:`jointvision.outputs` by its name alone (``viewer:make``), any
        other by its full dotted name (``mypackage.report:make``)."""
        module, _, function = self.make.partition(":")
        where = module if "." in module else f"{__package__}.{module}"
        made: Callable[[Context], bytes] = getattr(import_module(where), function)
        return made


OUTPUTS: dict[str, Output] = {}


def register(output: Output) -> Output:
    """Add a download to the table (by its file name)."""
    if output.group not in (*GROUPS, DESCRIPTIONS):
        raise ValueError(f"unknown group {output.group!r} of {output.name}")
    OUTPUTS[output.name] = output
    return output


def outputs_of(*groups: str) -> list[Output]:
    """The downloads of these groups, by file name."""
    return sorted((o for o in OUTPUTS.values() if o.group in groups), key=lambda o: o.name)


def media_type(name: str) -> str:
    """The media type of a download, by its file name."""
    output = OUTPUTS.get(name)
    return output.media_type if output else "application/octet-stream"


class Context:
    """What the downloads of one dataset share, each part made the first
    time a download asks for it, then kept; and the notes a build prints
    (the map became a summary, ...). Safe to use from several threads."""

    def __init__(self, dataset: Dataset, notes: list[str] | None = None):
        self.dataset = dataset
        self.notes = notes if notes is not None else []
        #: the downloads made so far, by file name (the descriptions read them)
        self.made: dict[str, bytes] = {}
        self._lock = threading.RLock()
        self._counting = threading.Lock()
        self._statistics: Any = None
        self._counting_ahead = False

    def make(self, output: Output) -> bytes:
        """The bytes of ``output``, made once."""
        with self._lock:
            if output.name not in self.made:
                self.made[output.name] = output.maker()(self)
            return self.made[output.name]

    @cached_property
    def graph(self) -> Any:
        """The merged graph as an rdflib graph (for the map and the network)."""
        return self.dataset.to_rdflib()

    @cached_property
    def provenance(self) -> dict:
        """Which source graphs state each statement."""
        return self.dataset.provenance()

    @cached_property
    def facts(self) -> Any:
        """The fact network (one node per fact), shared by the map and the network files."""
        from .network import fact_network

        return fact_network(self.graph, self.provenance)

    @cached_property
    def compliance(self) -> Any:
        """Every commitment's status as the pages show it (the commitments
        page, the map and the report share it: :func:`.report.compliance`)."""
        from .report import compliance

        return compliance(self.dataset)

    @property
    def statistics(self) -> Any:
        """What the VoID description counts (:func:`.void.statistics`), with
        every graph's size: counted once, for the VoID, the README, and the
        record a build keeps beside its store for ``serve`` (a caller asking
        while :meth:`count_ahead` counts waits for that count)."""
        with self._counting:
            if self._statistics is None:
                from .void import statistics

                self._statistics = statistics(self.dataset, least_subjects=True)  # the ontology page's too
            return self._statistics

    def statistics_if_counted(self) -> Any:
        """:attr:`statistics` where they are counted, or being counted
        (:meth:`count_ahead`: a build), else None: a download that can
        count what it needs itself does not start the whole count (a server
        making one page)."""
        return self.statistics if self._counting_ahead or self._statistics is not None else None

    def count_ahead(self) -> None:
        """Start counting :attr:`statistics` on a thread of its own: the
        engine counts without Python's lock, on another core, while the
        downloads are written. A count that fails is left to be made again
        where it is needed, which then says why."""

        def count() -> None:
            with contextlib.suppress(Exception):  # asked again, and raised, where it is needed
                self.statistics  # noqa: B018 - made and kept

        self._counting_ahead = True
        with contextlib.suppress(RuntimeError):  # no thread to be had: counted where it is asked for
            threading.Thread(target=count, name="jointvision-count", daemon=True).start()

    @cached_property
    def triples(self) -> int:
        """The data's triples (``len(dataset)``: the union of the sources,
        each statement once), as the lines of the N-Triples download, which
        holds exactly those, one a line: counted without asking the engine
        to count them again."""
        return self.rdf["nt"].count(b"\n")

    @cached_property
    def rdf(self) -> Mapping[str, bytes]:
        """The RDF downloads of the dataset, by format name, written together
        (they share one sorted dump of the store). Those of a large graph
        that a child process writes are still being written when this is
        first read: each is waited for when it is asked for."""
        from ..rdf.serializers import start_serializing

        return start_serializing(self.dataset, [f.name for f in formats.formats(written=True)])


def _rdf_download(fmt: formats.Format, description: str) -> Output:
    return register(
        Output(
            f"{GRAPH_STEM}.{fmt.extension}", "rdf", fmt.media_type, description, f"rdf_files:{fmt.name}", data_dump=True
        )
    )


# ------------------------------------------------------------ the table
_rdf_download(
    formats.TRIG, "the dataset: each source's statements in its own named graph, and the ontology's graph; TriG"
)
_rdf_download(formats.NQUADS, "the same dataset, N-Quads, one sorted quad a line (sorted by graph, then triple)")
_rdf_download(formats.TURTLE, "the knowledge graph: every source's statements merged into one graph, Turtle")
_rdf_download(formats.JSONLD, "the same graph, compact JSON-LD with an inline @context (nothing remote)")
_rdf_download(formats.NTRIPLES, "the same graph, N-Triples, one sorted triple a line")
register(
    Output(
        "ontology.ttl",
        "rdf",
        "text/turtle",
        "the OWL ontology (copy of ontology/jointvision.ttl)",
        "rdf_files:ontology",
        data_dump=True,
    )
)
register(
    Output(
        "shapes.ttl",
        "rdf",
        "text/turtle",
        "the SHACL shapes the graph conforms to (copy of ontology/shapes.ttl); a validator needs "
        "ontology.ttl beside them, for the subclass axioms `sh:class` follows",
        "rdf_files:shapes",
        data_dump=True,
    )
)
register(
    Output(
        "ontology.html",
        "rdf",
        "text/html",
        "the ontology as a page to read: every class and property with its label, comment, alignments, "
        "domain, range, and an example from this data",
        "ontology_doc:make",
    )
)
register(
    Output(
        f"{GRAPH_STEM}.html",
        "map",
        "text/html",
        "the interactive map: one self-contained page, works offline; open it in a browser (`jointvision view`)",
        "viewer:make",
        served=PAGE,
        routes=("/", f"/{GRAPH_STEM}.html"),
    )
)
register(
    Output(
        "commitments.html",
        "map",
        "text/html",
        "every target and undertaking as each source states it: a table that sorts, filters and downloads "
        "as CSV, and the targets on a timeline with their lineage; one self-contained page",
        "commitments:make",
        served=PAGE,
        routes=("/commitments", "/commitments.html"),
    )
)
register(
    Output(
        "report.html",
        "report",
        "text/html",
        "the compliance report: every commitment's status as of the build's date, why (the rule, the shares), "
        "its progress reports, assessments and quotes, grouped by summit and direction; prints to A4",
        "report:make",
        served=PAGE,
        routes=("/report", "/report.html"),
    )
)
register(
    Output(
        f"{GRAPH_STEM}.graphml",
        "network",
        "application/graphml+xml",
        "the fact network (one node per fact), GraphML for yEd, Cytoscape, igraph",
        "network:graphml",
    )
)
register(
    Output(
        f"{GRAPH_STEM}.gexf", "network", "application/gexf+xml", "the same fact network, GEXF for Gephi", "network:gexf"
    )
)
register(
    Output(
        "void.ttl",
        DESCRIPTIONS,
        "text/turtle",
        "the dataset's description (VoID and DCAT): triples per graph, classes and properties with counts, "
        "sources, licence, publisher, downloads, the SPARQL endpoint",
        "void:make",
        served=OWN_VIEW,
        data_dump=False,
    )
)
register(Output("README.md", DESCRIPTIONS, "text/markdown", "what each download is", "readme:make", served=NOT_SERVED))


def names(outputs: Iterable[Output] | None = None) -> frozenset[str]:
    """The file names of ``outputs`` (default: every download)."""
    return frozenset(o.name for o in (OUTPUTS.values() if outputs is None else outputs))
