"""Layer 4, the server: the SPARQL 1.1 Protocol endpoint and its pool of
query workers. Uses every layer below it.

* ``app``: the application (routes, lifespan, middleware, error handlers);
  ``views``: the endpoint's state and thin views; ``limits``: its bounds.
* ``protocol``: a SPARQL Protocol request read from plain values;
  ``negotiation``: Accept and the format registry's media types;
  ``errors``: :class:`~.errors.HTTPError` and the one answer every error gets.
* ``description``: the service description, as RDF; ``cache``: the answer
  cache; ``snapshot``: the private copy of an on-disk store;
  ``transfer``: bounded bodies, hang-ups and answers being sent.
* ``pool``: the worker processes and the fair scheduler;
  ``connections``: per-client connection caps where Uvicorn reads HTTP.
"""
