"""Prometheus metrics: requests by route and status, request time, evaluations, refusals.

Served by several worker processes, the metrics live in files in a folder that ``serve``
creates (``PROMETHEUS_MULTIPROC_DIR``, removed when the service stops) and ``/metrics``
adds up every worker's; served by one process (tests), the default registry is used.
"""

from __future__ import annotations

import os

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)

REQUESTS = Counter(
    "familycase_requests_total", "HTTP requests by route and status.", ["route", "status"]
)
DURATION = Histogram(
    "familycase_request_seconds",
    "Time from the request to the response, by route.",
    ["route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)
REFUSED = Counter(
    "familycase_refused_total",
    "Requests refused before any work: body too large, timeout, invalid case.",
    ["reason"],
)
EVALUATIONS = Counter("familycase_evaluations_total", "Cases evaluated.")


def exposition() -> tuple[bytes, str]:
    """The metrics in Prometheus' text format, and its content type."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(), CONTENT_TYPE_LATEST
