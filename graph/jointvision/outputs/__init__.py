"""Layer 3, outputs: the downloads of a build, the fact network (GraphML,
GEXF), the interactive map and the statistics. Uses ``source`` and ``rdf``;
knows nothing of the server."""
