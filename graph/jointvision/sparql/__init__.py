"""SPARQL over the dataset, safely: the guard that reads a query and writes
the canonical form the engine runs, the engine, evaluation without network,
the named queries, result formats, and the client of remote endpoints."""
