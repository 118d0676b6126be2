"""jointvision: a knowledge graph of the India - Japan Joint Vision for the
Next Decade (15th Annual Summit, Tokyo, 2025), with every fact traced to the
exact words of its source.

The library API, imported lazily so that ``import jointvision`` stays cheap
(``dir(jointvision)`` lists it; nothing heavier than this module is loaded
until a name is used)::

    from jointvision import build_dataset, QueryEngine, Dataset, fact_network, graph_network
    dataset = build_dataset()                  # a named graph per source, the ontology, their union
    dataset = Dataset.parse("exports/jointvision.trig")  # or any RDF file, by its extension
    graph = dataset.to_rdflib()                # the merged graph, an rdflib.Graph
    engine = QueryEngine(dataset)              # SPARQL over the union; GRAPH ?g for one source
    rows = engine.query("SELECT ?t WHERE { ?t a jv:Target }").rows
    frame = engine.query("targets").to_dataframe()  # a named query; numbers as int64 / float64
    facts = fact_network(graph)                # networkx: one node per fact (the map's network)
    nodes = graph_network(graph)               # networkx: every RDF node, every triple between IRIs

>>> import jointvision
>>> "QueryEngine" in dir(jointvision) and "build_dataset" in jointvision.__all__
True
"""

# No `from __future__ import annotations` here: it would leave a public name, `annotations`, in the
# module's namespace, which is all that tools that read it (not dir()) would list.
__version__ = "0.1.0"

#: Every name of the API, and the module that holds it.
_API = {
    "build_graph": "rdf.build",
    "build_dataset": "rdf.build",
    "Dataset": "rdf.dataset",
    "load_sources": "source.loader",
    "graph_network": "outputs.network",
    "fact_network": "outputs.network",
    "to_graphml": "outputs.network",
    "to_gexf": "outputs.network",
    "QueryEngine": "sparql.engine",
    "QueryResult": "sparql.engine",
    "check_query": "sparql.engine",
    "python_rows": "sparql.frames",
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

#: Old names, still resolved (each warns when called, and names its successor), not listed.
_DEPRECATED = {
    "to_networkx": "outputs.network",  # graph_network
}

__all__ = sorted(_API) + ["__version__"]


def __getattr__(name: str):
    """A name of the API, imported from its module the first time it is asked for."""
    module = _API.get(name) or _DEPRECATED.get(name)
    if module is None:
        raise AttributeError(f"module 'jointvision' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value  # the next use is a plain attribute lookup
    return value


def __dir__() -> list[str]:
    """The API's names (:data:`__all__`) and the module's own dunders: what a completer offers."""
    return sorted(set(__all__) | {"__doc__", "__file__", "__name__", "__path__", "__version__"})
