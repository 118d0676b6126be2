"""The downloads written by ``jointvision build``: the dataset as TriG and
N-Quads (a named graph per source, and the ontology's), the merged graph as
Turtle, JSON-LD and N-Triples, the ontology and shapes, the map, the fact
network, and a README saying what each file is. All are produced in memory
first and written atomically."""

from __future__ import annotations

import hashlib
from pathlib import Path

from rdflib import Graph

from ..files import MARKER, replace_folder
from ..resources import ontology_path, shapes_path
from ..rdf.dataset import Dataset, as_dataset
from ..rdf.namespaces import JV

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
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
    parts = 1 + ("map" in outputs) + ("network" in outputs)
    with step("writing downloads", parts) as advance:
        written = serialize_many(dataset, list(_DESCRIPTIONS))
        files = {f"{GRAPH_STEM}.{FORMATS[fmt][0]}": data for fmt, data in written.items()}
        files["ontology.ttl"] = ontology_path().read_bytes()
        files["shapes.ttl"] = shapes_path().read_bytes()
        advance(1)
        graph = None
        if "map" in outputs or "network" in outputs:
            graph = dataset.to_rdflib()
            from .network import fact_network, summary_network, to_gexf, to_graphml
            from .viewer import viewer_html

            provenance = dataset.provenance()
            facts = fact_network(graph, provenance)
            if "map" in outputs:
                files[f"{GRAPH_STEM}.html"] = viewer_html(graph, facts, provenance).encode("utf-8")
                summary = summary_network(facts)[1]
                if summary and notes is not None:
                    notes.append(f"the map is {summary}")
                advance(1)
            if "network" in outputs:
                files[f"{GRAPH_STEM}.graphml"] = to_graphml(facts)
                files[f"{GRAPH_STEM}.gexf"] = to_gexf(facts)
                advance(1)
    files["README.md"] = _readme(dataset, graph, files)
    return files


def _counts(dataset: Dataset) -> tuple[int, int, int]:
    """Triples of the merged graph, facts with evidence, quoted passages:
    read from the store, with no rdflib copy of the graph."""
    evidence, typed = str(JV.evidence), str(JV.Evidence)
    triples = dataset.triples()
    facts = {t.subject for t in triples if t.predicate.value == evidence}
    quotes = {t.subject for t in triples if t.predicate.value == _RDF_TYPE and t.object.value == typed}
    return len(triples), len(facts), len(quotes)


def _readme(dataset: Dataset, graph, files: dict[str, bytes]) -> bytes:
    triples, facts_with_evidence, quotes = _counts(dataset)
    sizes = dataset.sizes()
    graphs = "\n".join(f"| `{name}` | {count:,} |" for name, count in sizes.items() if name)
    describe = {f"{GRAPH_STEM}.{FORMATS[fmt][0]}": text for fmt, text in _DESCRIPTIONS.items()}
    describe["ontology.ttl"] = "the OWL ontology (copy of ontology/jointvision.ttl)"
    describe["shapes.ttl"] = "the SHACL shapes the graph conforms to (copy of ontology/shapes.ttl)"
    describe[f"{GRAPH_STEM}.html"] = ("the interactive map: one self-contained page, works offline; open it in a "
                                      "browser (`jointvision view`)")
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
                         | {"ontology.ttl", "shapes.ttl", "README.md"})


def write_exports(data: Dataset | Graph, out_dir: Path, outputs: tuple[str, ...] | list[str] = OUTPUT_GROUPS,
                  notes: list[str] | None = None) -> dict[str, bytes]:
    """Replace ``out_dir`` with a folder of the chosen downloads, atomically:
    a build killed at any moment leaves the old downloads or the new ones,
    never a mix (``files.replace_folder``). Returns what was written."""
    files = export_files(data, outputs, notes)
    replace_folder(Path(out_dir), files, ours=OUTPUT_NAMES)
    return files
