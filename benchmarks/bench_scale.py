"""How serialization and querying scale with graph size (run by hand).

Builds synthetic graphs shaped like jointvision's (entities with labels,
targets with quantities, evidence nodes) of growing size and times, for each
size: our serializers (pyoxigraph-backed Turtle and N-Triples, our JSON-LD),
rdflib's own Turtle writer for comparison, loading the QueryEngine, and one
named query. Reports triples per second and the speed-up over rdflib.

    python benchmarks/bench_scale.py [--sizes 1000,10000,100000]
"""

from __future__ import annotations

import argparse
import time

from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS, XSD

from jointvision.rdf.namespaces import JV, derived_iri, entity_iri, evidence_iri
from jointvision.rdf.queries import named_query
from jointvision.rdf.serializers import to_jsonld, to_ntriples, to_turtle
from jointvision.rdf.sparql import QueryEngine


def synthetic(triples: int) -> Graph:
    graph = Graph()
    direction = entity_iri("direction-1")
    graph.add((direction, RDF.type, JV.StrategicDirection))
    graph.add((direction, RDFS.label, Literal("Direction 1")))
    graph.add((direction, JV.position, Literal("1", datatype=XSD.integer)))
    i = 0
    while len(graph) < triples:
        target = entity_iri(f"target-{i}")
        quantity = derived_iri(f"target-{i}", "quantity")
        ev = evidence_iri("synthetic", i, i + 10)
        for triple in (
            (target, RDF.type, JV.Target), (target, RDFS.label, Literal(f"Target number {i}")),
            (target, JV.underDirection, direction), (target, JV.quantity, quantity), (target, JV.evidence, ev),
            (quantity, RDF.type, JV.Quantity), (quantity, JV.numericValue, Literal(str(i * 1000), datatype=XSD.decimal)),
            (quantity, JV.bound, JV.Exact), (ev, RDF.type, JV.Evidence), (ev, JV.quote, Literal(f"quote {i} “with” ’marks’")),
        ):
            graph.add(triple)
        i += 1
    return graph


def timed(fn, *args):
    start = time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    args = parser.parse_args()
    print(f"{'triples':>8} {'turtle':>8} {'rdflib ttl':>10} {'speed-up':>8} {'nt':>8} {'jsonld':>8} "
          f"{'load':>8} {'query':>8}   (seconds)")
    for size in (int(s) for s in args.sizes.split(",")):
        graph = synthetic(size)
        t_ttl, _ = timed(to_turtle, graph)
        t_rdflib, _ = timed(graph.serialize, None, "turtle") if size <= 20000 else (float("nan"), None)
        t_nt, _ = timed(to_ntriples, graph)
        t_json, _ = timed(to_jsonld, graph)
        t_load, engine = timed(QueryEngine, graph, False)
        t_query, _ = timed(engine.query, named_query("targets").text)
        ratio = t_rdflib / t_ttl if t_rdflib == t_rdflib else float("nan")
        print(f"{len(graph):>8} {t_ttl:>8.3f} {t_rdflib:>10.3f} {ratio:>7.0f}x {t_nt:>8.3f} {t_json:>8.3f} "
              f"{t_load:>8.3f} {t_query:>8.3f}")
    print("rdflib's Turtle writer is skipped (nan) above 20,000 triples: it takes minutes there.")


if __name__ == "__main__":
    main()
