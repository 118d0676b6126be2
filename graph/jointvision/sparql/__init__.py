"""SPARQL over the dataset, safely.

* ``tokens``: the query read as the SPARQL 1.1 grammar reads it;
* ``guard``: :func:`check_query`, the refusals, in phases;
* ``canonical``: the canonical rewrite, the only text the engine runs;
* ``engine``: :class:`QueryEngine` and :class:`QueryResult` (the guard's
  names are importable from there too);
* ``frames``: results as pandas DataFrames;
* ``isolation``: evaluation without network, on a deep stack;
* ``named``: the named queries shipped as ``queries/*.rq``;
* ``results``: the W3C result formats and the terminal's table;
* ``remote``: the client of remote endpoints, and the HTTP code ``push`` shares.
"""
