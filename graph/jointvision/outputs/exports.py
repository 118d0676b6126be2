"""The downloads written by ``jointvision build``: the dataset as TriG and
N-Quads (a named graph per source, and the ontology's), the merged graph as
Turtle, JSON-LD and N-Triples, the ontology (as Turtle, and as a page to
read) and shapes, the map, the fact network, the dataset's VoID and DCAT
description, and a README saying what each file is. All are produced in memory
first and written atomically."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from pathlib import Path

from rdflib import Graph

from ..files import MARKER, replace_folder
from ..resources import ontology_path, shapes_path
from ..rdf.dataset import Dataset, as_dataset

from ..rdf.serializers import FORMATS, serialize_many

GRAPH_STEM = "jointvision"

_DESCRIPTIONS = {
    "trig": "the dataset: each source's statements in its own named graph, and the ontology's graph; TriG",
    "nquads": "the same dataset, N-Quads, one sorted quad a line (sorted by graph, then triple)",
    "turtle": "the knowledge graph: every source's statements merged into one graph, Turtle",
    "jsonld": "the same graph, compact JSON-LD with an inline @context (nothing remote)",
    "nt": "the same graph, N-Triples, one sorted triple a line",
}


#: The groups of downloads ``build --outputs`` chooses from: the RDF files
#: (always written), the map, and the fact network for Gephi, yEd, Cytoscape.
OUTPUT_GROUPS = ("rdf", "map", "network")


def export_files(data: Dataset | Graph, outputs: tuple[str, ...] | list[str] = OUTPUT_GROUPS,
                 notes: list[str] | None = None) -> dict[str, bytes]:
    """Every download of the chosen groups (:data:`OUTPUT_GROUPS`; the RDF
    files always), by file name, byte-identical for the same dataset. The
    map and the fact network are the costly ones on large graphs; past
    :data:`~jointvision.outputs.network.MAP_NODE_LIMIT` facts the map is a
    summary, and a sentence saying so is added to ``notes``."""
    unknown = [name for name in outputs if name not in OUTPUT_GROUPS]
    if unknown:
        raise ValueError(f"unknown output {unknown[0]!r}; expected some of {', '.join(OUTPUT_GROUPS)}")
    from ..progress import step

    dataset = as_dataset(data)
    groups = [g for g in OUTPUT_GROUPS if g == "rdf" or g in outputs]
    files: dict[str, bytes] = {}
    with step("writing downloads", len(groups)) as advance:
        network = None
        for group in groups:
            made, network = _group_files(dataset, group, network, notes)
            files.update(made)
            advance(1)
    files.update(_described(dataset, files))
    return files


def _described(dataset: Dataset, files: Mapping[str, bytes]) -> dict[str, bytes]:
    """``void.ttl`` and ``README.md``, which describe the other downloads:
    the VoID lists every one (with its size) but itself and the README."""
    from .void import void_turtle

    void = void_turtle(dataset, {**{name: len(data) for name, data in files.items()},
                                 "void.ttl": None, "README.md": None})
    return {"void.ttl": void, "README.md": _readme(dataset, {**files, "void.ttl": void})}


def _group_files(dataset: Dataset, group: str, facts=None, notes: list[str] | None = None):
    """The downloads of one group, and the fact network (made for the map
    or the network files, and kept for the other)."""
    if group == "rdf":
        written = serialize_many(dataset, list(_DESCRIPTIONS))
        files = {f"{GRAPH_STEM}.{FORMATS[fmt][0]}": data for fmt, data in written.items()}
        files["ontology.ttl"] = ontology_path().read_bytes()
        files["shapes.ttl"] = shapes_path().read_bytes()
        from .ontology_doc import ontology_html

        files["ontology.html"] = ontology_html(dataset).encode("utf-8")
        return files, facts
    from .network import fact_network, summary_network, to_gexf, to_graphml

    if facts is None:
        facts = (dataset.to_rdflib(), dataset.provenance())
        facts = (facts[0], facts[1], fact_network(facts[0], facts[1]))
    graph, provenance, net = facts
    if group == "map":
        from .viewer import viewer_html

        summary = summary_network(net)[1]
        if summary and notes is not None:
            notes.append(f"the map is {summary}")
        from .commitments import commitments_html
        from .viewer import map_sources, map_title

        title = map_title(graph, map_sources(graph))[0]
        return {f"{GRAPH_STEM}.html": viewer_html(graph, net, provenance).encode("utf-8"),
                "commitments.html": commitments_html(dataset, title).encode("utf-8")}, facts
    return {f"{GRAPH_STEM}.graphml": to_graphml(net), f"{GRAPH_STEM}.gexf": to_gexf(net)}, facts


#: The group each download belongs to (README.md: all of them).
_GROUP_OF = {**{f"{GRAPH_STEM}.{ext}": "rdf" for ext in ("trig", "nq", "ttl", "jsonld", "nt")},
             "ontology.ttl": "rdf", "shapes.ttl": "rdf", "ontology.html": "rdf", f"{GRAPH_STEM}.html": "map",
             "commitments.html": "map",
             f"{GRAPH_STEM}.graphml": "network", f"{GRAPH_STEM}.gexf": "network"}


class Downloads(Mapping):
    """Every download of a dataset, each group made the first time one of
    its files is asked for, then kept (what ``serve`` offers: a server of a
    million triples starts in a moment, and pays for the map only if someone
    opens it). Safe to read from several threads."""

    def __init__(self, data: Dataset | Graph):
        import threading

        self._dataset = as_dataset(data)
        self._files: dict[str, bytes] = {}
        self._made: set[str] = set()
        self._facts = None
        self._lock = threading.Lock()

    def _make(self, group: str) -> None:
        with self._lock:
            if group not in self._made:
                made, self._facts = _group_files(self._dataset, group, self._facts)
                self._files.update(made)
                self._made.add(group)

    def __getitem__(self, name: str) -> bytes:
        if name in ("README.md", "void.ttl"):
            for group in OUTPUT_GROUPS:
                self._make(group)
            with self._lock:
                if name not in self._files:
                    self._files.update(_described(self._dataset, self._files))
            return self._files[name]
        if name not in _GROUP_OF:
            raise KeyError(name)
        self._make(_GROUP_OF[name])
        return self._files[name]

    def __contains__(self, name: object) -> bool:
        return name in OUTPUT_NAMES

    def __iter__(self):
        return iter(sorted(OUTPUT_NAMES))

    def __len__(self) -> int:
        return len(OUTPUT_NAMES)


_EVIDENCE_OF = re.compile(rb"(?m)^(<[^>]*>) <https://w3id\.org/jointvision/ontology#evidence> ")
_AN_EVIDENCE = re.compile(rb"(?m)^<[^>]*> <http://www\.w3\.org/1999/02/22-rdf-syntax-ns#type> "
                          rb"<https://w3id\.org/jointvision/ontology#Evidence> \.$")


def _counts(ntriples: bytes) -> tuple[int, int, int]:
    """Triples of the merged graph, facts with evidence, quoted passages:
    read from its N-Triples download (one triple a line), in C."""
    return ntriples.count(b"\n"), len(set(_EVIDENCE_OF.findall(ntriples))), len(_AN_EVIDENCE.findall(ntriples))


def _readme(dataset: Dataset, files: dict[str, bytes]) -> bytes:
    triples, facts_with_evidence, quotes = _counts(files[f"{GRAPH_STEM}.nt"])
    sizes = dataset.sizes()
    graphs = "\n".join(f"| `{name}` | {count:,} |" for name, count in sizes.items() if name)
    describe = {f"{GRAPH_STEM}.{FORMATS[fmt][0]}": text for fmt, text in _DESCRIPTIONS.items()}
    describe["ontology.ttl"] = "the OWL ontology (copy of ontology/jointvision.ttl)"
    describe["shapes.ttl"] = ("the SHACL shapes the graph conforms to (copy of ontology/shapes.ttl); a validator "
                              "needs ontology.ttl beside them, for the subclass axioms `sh:class` follows")
    describe["ontology.html"] = ("the ontology as a page to read: every class and property with its label, comment, "
                                 "alignments, domain, range, and an example from this data")
    describe["void.ttl"] = ("the dataset's description (VoID and DCAT): triples per graph, classes and properties "
                            "with counts, sources, licence, publisher, downloads, the SPARQL endpoint")
    describe[f"{GRAPH_STEM}.html"] = ("the interactive map: one self-contained page, works offline; open it in a "
                                      "browser (`jointvision view`)")
    describe["commitments.html"] = ("every target and undertaking as each source states it: a table that sorts, "
                                    "filters and downloads as CSV, and the targets on a timeline with their lineage; "
                                    "one self-contained page")
    describe[f"{GRAPH_STEM}.graphml"] = "the fact network (one node per fact), GraphML for yEd, Cytoscape, igraph"
    describe[f"{GRAPH_STEM}.gexf"] = "the same fact network, GEXF for Gephi"
    rows = "\n".join(
        f"| `{name}` | {describe[name]} | {len(data):,} | `{hashlib.sha256(data).hexdigest()[:16]}` |"
        for name, data in sorted(files.items())
    )
    text = f"""# jointvision downloads {MARKER}

These files are written by `jointvision build` from the fact files in
`graph/jointvision/data/sources/`; edit those and rebuild. A test rebuilds
them and fails if any byte differs, so what is committed here is always what
the builder makes. `build` replaces this folder as a whole, and only a
folder that holds this README and the files below.

The merged graph has {triples:,} triples; {facts_with_evidence} facts rest on {quotes} verbatim
quotes of their sources, each with its code-point offsets. The dataset
(TriG, N-Quads) holds them in named graphs, one per source, beside the
ontology's graph; load it into a store whose default graph is the union
of the named graphs to query both ways.

| named graph | triples |
|---|---:|
{graphs}

| file | what it is | bytes | SHA-256 (first 16) |
|---|---|---:|---|
{rows}

Every node has an IRI under `https://w3id.org/jointvision/id/` (no blank
nodes) and the files are byte-identical for the same input.
"""
    return text.encode("utf-8")


#: Every name a build may write into its output folder.
OUTPUT_NAMES = frozenset({f"{GRAPH_STEM}.{ext}" for ext in ("trig", "nq", "ttl", "jsonld", "nt", "html", "graphml",
                                                             "gexf")}
                         | {"ontology.ttl", "ontology.html", "shapes.ttl", "void.ttl", "README.md", "commitments.html"})


#: Media types of the downloads that are not RDF (the RDF ones come from the format registry).
_OTHER_MEDIA = {"ontology.ttl": "text/turtle", "shapes.ttl": "text/turtle", "void.ttl": "text/turtle",
                "ontology.html": "text/html", f"{GRAPH_STEM}.html": "text/html", "README.md": "text/markdown",
                "commitments.html": "text/html",
                f"{GRAPH_STEM}.graphml": "application/graphml+xml", f"{GRAPH_STEM}.gexf": "application/gexf+xml"}


def media_type(name: str) -> str:
    """The media type of a download, by its file name."""
    from ..rdf.formats import formats

    by_file = {f"{GRAPH_STEM}.{f.extension}": f.media_type for f in formats(written=True)}
    return by_file.get(name) or _OTHER_MEDIA.get(name, "application/octet-stream")


def write_exports(data: Dataset | Graph, out_dir: Path, outputs: tuple[str, ...] | list[str] = OUTPUT_GROUPS,
                  notes: list[str] | None = None) -> dict[str, bytes]:
    """Replace ``out_dir`` with a folder of the chosen downloads, atomically:
    a build killed at any moment leaves the old downloads or the new ones,
    never a mix (``files.replace_folder``). Returns what was written."""
    files = export_files(data, outputs, notes)
    replace_folder(Path(out_dir), files, ours=OUTPUT_NAMES)
    return files
