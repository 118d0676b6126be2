"""Layer 2, RDF: the terms and IRIs, the mapping from fact files to triples,
the dataset of named graphs, serializers, SPARQL and SHACL. Uses ``source``;
knows nothing of the outputs or the server."""
