"""Layer 4, the server: the SPARQL 1.1 Protocol endpoint (``app``) and its
pool of query workers (``pool``). Uses every layer below it."""
