"""Layer 1, sources: the fact-file format, reading one file, and loading and
cross-checking all the files of a build. Knows nothing of RDF."""
