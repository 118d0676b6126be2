"""``README.md`` of a build's folder: what each download is, its size and
digest, the named graphs and their sizes, and which download to load to run
the named queries elsewhere with the SPARQL endpoint's answers (the same
advice as each distribution's description in ``void.ttl``). Its first line
carries the mark by which ``build`` knows a folder it wrote
(:data:`~jointvision.files.MARKER`)."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

from ..files import MARKER
from .registry import DESCRIPTIONS, GRAPH_STEM, OUTPUTS, Context
from .void import COMPLETE, ONTOLOGY_FILE, dataset_downloads, graph_downloads

#: The middle of an N-Triples line stating an evidence (the subject's IRI ends just before it).
_EVIDENCE_OF = b"> <https://w3id.org/jointvision/ontology#evidence> "
#: The end of a line typing its subject as an evidence (the quoted passage).
_AN_EVIDENCE = (
    b"> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/jointvision/ontology#Evidence> .\n"
)


def _counts(ntriples: bytes) -> tuple[int, int, int]:
    """Triples of the merged graph, facts with evidence, quoted passages:
    read from its N-Triples download (one triple a line, raw line breaks
    only between lines, IRIs without spaces) by searching for fixed bytes,
    not a pattern tried at every line (a second, not three, at a million
    triples)."""
    with_evidence: set[bytes] = set()
    at = ntriples.find(_EVIDENCE_OF)
    while at != -1:
        subject = ntriples[ntriples.rfind(b"\n", 0, at) + 1 : at + 1]
        if subject[:1] == b"<" and b" " not in subject:  # the line's subject, not text inside a literal
            with_evidence.add(subject)
        at = ntriples.find(_EVIDENCE_OF, at + len(_EVIDENCE_OF))
    return ntriples.count(b"\n"), len(with_evidence), ntriples.count(_AN_EVIDENCE)


def make(context: Context) -> bytes:
    """The README of a build: it lists every download made, void.ttl
    included (made before it), but not itself."""
    void = next(o for o in OUTPUTS.values() if o.group == DESCRIPTIONS and o.name == "void.ttl")
    files = {name: data for name, data in context.made.items() if OUTPUTS[name].group != DESCRIPTIONS}
    files[void.name] = context.make(void)
    return readme(context.statistics.graph_sizes, files)


def readme(sizes: Mapping[str, int], files: dict[str, bytes]) -> bytes:
    """The README for a folder holding ``files`` (name -> bytes), of a
    dataset with these graph sizes (``Dataset.sizes``)."""
    triples, facts_with_evidence, quotes = _counts(files[f"{GRAPH_STEM}.nt"])
    graphs = "\n".join(f"| `{name}` | {count:,} |" for name, count in sizes.items() if name)
    rows = "\n".join(
        f"| `{name}` | {OUTPUTS[name].description} | {len(data):,} | `{hashlib.sha256(data).hexdigest()[:16]}` |"
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

{_querying()}"""
    return text.encode("utf-8")


def _querying() -> str:
    """How to run the named queries on the downloads elsewhere: which to
    load, and how (what tests/test_standalone_downloads.py does)."""
    dumps = " or ".join(f"`{name}`" for name in dataset_downloads())
    merged = ", ".join(f"`{name}`" for name in graph_downloads())
    return f"""## Querying the downloads elsewhere

The named queries (`jointvision query --list`; their text is in
`graph/jointvision/queries/` and on the endpoint's `/query` page) give the
SPARQL endpoint's answers on any SPARQL 1.1 store that holds
{dumps} (the same quads)
with its default graph as the union of its named graphs. `{COMPLETE}` is
the one download that holds everything they read: every source's
statements, the ontology's graph (the labels of the bound kinds,
statuses, completion levels and source kinds the data points to) and the
statuses the build derived (`jv:DerivedStatus`). With Apache Jena or
Oxigraph:

```sh
tdb2.tdbloader --loc DB {COMPLETE}
tdb2.tdbquery --loc DB --set tdb2:unionDefaultGraph=true --query targets.rq

oxigraph load --location DB --file {COMPLETE}
oxigraph query --location DB --union-default-graph --query-file targets.rq --results-format csv
```

The merged graph,
{merged},
is the sources' statements alone. Loaded alone it lacks the ontology's
labels, and a query that names what it reports by them finds nothing
(`targets`: the bound kinds). Loaded with `{ONTOLOGY_FILE}` into one graph
it answers every named query but those that read the sources' named
graphs (`GRAPH`) or the derived statuses, which only
{dumps} hold.
"""
