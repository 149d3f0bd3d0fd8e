"""``serve``: run the service with uvicorn in several worker processes.

The engine holds the GIL while it evaluates, so parallel requests need processes: uvicorn
starts ``workers`` of them, each with its own rulebook and engine, and restarts one that
dies. The settings reach them in the environment (``Settings.to_environment``); with more
than one worker the Prometheus metrics are kept in a temporary folder (counters only, no
case content) that is removed when the service stops; one worker keeps them in memory.
"""

from __future__ import annotations

import os
import shutil
import tempfile

import uvicorn

from familycase.errors import UsageError
from familycase.service.logs import configure, log
from familycase.service.settings import Settings


def serve(
    settings: Settings,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    workers: int = 2,
) -> None:
    """Serve until interrupted (Ctrl-C or SIGTERM)."""
    settings.check()
    if not 1 <= workers <= 64:
        raise UsageError("--workers must be between 1 and 64.")
    if not 0 <= port <= 65535:
        raise UsageError("--port must be between 0 and 65535.")
    os.environ.update(settings.to_environment())
    # several workers share their metrics through files; one process keeps them in memory
    metrics_dir = tempfile.mkdtemp(prefix="familycase-metrics-") if workers > 1 else None
    if metrics_dir is not None:
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = metrics_dir
    else:
        os.environ.pop("PROMETHEUS_MULTIPROC_DIR", None)
    configure()
    log("starting", host=host, port=port, workers=workers, max_body_bytes=settings.max_body_bytes)
    try:
        uvicorn.run(
            "familycase.service.app:asgi",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_config=None,
            access_log=False,
            server_header=False,
            timeout_graceful_shutdown=max(5, int(settings.timeout_seconds) + 1),
            h11_max_incomplete_event_size=16_384,
        )
    finally:
        if metrics_dir is not None:
            shutil.rmtree(metrics_dir, ignore_errors=True)
