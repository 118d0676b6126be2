"""jointvision: a knowledge graph of the India - Japan Joint Vision for the
Next Decade (15th Annual Summit, Tokyo, 2025), with every fact traced to the
exact words of its source.

The library API, imported lazily so that ``import jointvision`` stays cheap::

    from jointvision import build_dataset, to_networkx, QueryEngine
    dataset = build_dataset()                  # a named graph per source, the ontology, their union
    graph = dataset.to_rdflib()                # the merged graph, an rdflib.Graph
    engine = QueryEngine(dataset)              # SPARQL over the union; GRAPH ?g for one source
    rows = engine.query("SELECT ?t WHERE { ?t a jv:Target }").rows

>>> import jointvision
>>> "QueryEngine" in dir(jointvision) and "build_dataset" in jointvision.__all__
True
"""

from __future__ import annotations

__version__ = "0.1.0"

#: Every name of the API, and the module that holds it.
_API = {
    "build_graph": "rdf.build",
    "build_dataset": "rdf.build",
    "Dataset": "rdf.dataset",
    "load_sources": "source.loader",
    "to_networkx": "outputs.network",
    "fact_network": "outputs.network",
    "QueryEngine": "sparql.engine",
    "QueryResult": "sparql.engine",
    "check_query": "sparql.engine",
    "named_queries": "sparql.named",
    "named_query": "sparql.named",
    "remote_query": "sparql.remote",
    "serialize": "rdf.serializers",
    "serialize_many": "rdf.serializers",
    "write_exports": "outputs.exports",
    "export_files": "outputs.exports",
    "push_dataset": "outputs.push",
    "validate_graph": "rdf.validate",
    "compute_stats": "outputs.stats",
    "JointVisionError": "errors",
    "SourceError": "errors",
    "SourceErrors": "errors",
    "QueryError": "errors",
    "UnsafeQueryError": "errors",
    "ValidationInputError": "errors",
    "RemoteError": "errors",
}

__all__ = sorted(_API) + ["__version__"]


def __getattr__(name: str):
    if name in _API:
        from importlib import import_module

        return getattr(import_module(f".{_API[name]}", __name__), name)
    raise AttributeError(f"module 'jointvision' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(__all__) | {"__doc__", "__file__", "__name__", "__path__", "__version__"})
