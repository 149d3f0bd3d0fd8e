"""``familycase serve``: an HTTP service any caseworker system can call (docs/service.md).

An ASGI application (FastAPI, run by uvicorn in several worker processes) over the library:
``POST /v1/evaluate``, ``POST /v1/validate``, ``GET /v1/schemas/{name}``,
``GET /v1/vocabulary``, ``GET /v1/rulebook``, ``GET /healthz``, ``GET /readyz`` and
``GET /metrics`` (Prometheus), with an OpenAPI document at ``/openapi.json``.

Modules:

- ``settings``: the service's settings (limits, timeout, workers), from arguments or the
  environment (so that every worker process reads the same);
- ``limits``: the ASGI middleware that refuses a body over the size limit before reading it,
  and gives every request its id;
- ``logs``: structured JSON log lines (a request id, never case content);
- ``metrics``: Prometheus counters and histograms (multi-process when served by several
  workers);
- ``openapi``: the OpenAPI document, with the published case and assessment schemas;
- ``app``: the FastAPI application and its endpoints;
- ``server``: ``serve`` (starts uvicorn with the workers).

The service's dependencies are the optional extra ``familycase[service]``: the library does
not import this package.
"""
