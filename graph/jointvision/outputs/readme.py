"""``README.md`` of a build's folder: what each download is, its size and
digest, the named graphs and their sizes. Its first line carries the mark by
which ``build`` knows a folder it wrote (:data:`~jointvision.files.MARKER`)."""

from __future__ import annotations

import hashlib
import re

from ..files import MARKER
from ..rdf.dataset import Dataset
from .registry import DESCRIPTIONS, GRAPH_STEM, OUTPUTS, Context

_EVIDENCE_OF = re.compile(rb"(?m)^(<[^>]*>) <https://w3id\.org/jointvision/ontology#evidence> ")
_AN_EVIDENCE = re.compile(
    rb"(?m)^<[^>]*> <http://www\.w3\.org/1999/02/22-rdf-syntax-ns#type> "
    rb"<https://w3id\.org/jointvision/ontology#Evidence> \.$"
)


def _counts(ntriples: bytes) -> tuple[int, int, int]:
    """Triples of the merged graph, facts with evidence, quoted passages:
    read from its N-Triples download (one triple a line), in C."""
    return ntriples.count(b"\n"), len(set(_EVIDENCE_OF.findall(ntriples))), len(_AN_EVIDENCE.findall(ntriples))


def make(context: Context) -> bytes:
    """The README of a build: it lists every download made, void.ttl
    included (made before it), but not itself."""
    void = next(o for o in OUTPUTS.values() if o.group == DESCRIPTIONS and o.name == "void.ttl")
    files = {name: data for name, data in context.made.items() if OUTPUTS[name].group != DESCRIPTIONS}
    files[void.name] = context.make(void)
    return readme(context.dataset, files)


def readme(dataset: Dataset, files: dict[str, bytes]) -> bytes:
    """The README for a folder holding ``files`` (name -> bytes)."""
    triples, facts_with_evidence, quotes = _counts(files[f"{GRAPH_STEM}.nt"])
    sizes = dataset.sizes()
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
"""
    return text.encode("utf-8")
