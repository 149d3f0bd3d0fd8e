"""Structured JSON log lines: one object a line on standard error.

A line names the request id, the method, the route, the status, the time taken and sizes:
never a name, a note, a query string or any other content of a case. Problems are logged by
code and count only.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from typing import Any

LOGGER = logging.getLogger("familycase.service")


class JsonFormatter(logging.Formatter):
    """A log record as one JSON object: ``ts``, ``level``, ``event``, ``pid`` and the
    record's ``fields`` (set with ``log(..., **fields)``)."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "event": record.getMessage(),
            "pid": os.getpid(),
        }
        extra = getattr(record, "fields", None)
        if isinstance(extra, dict):
            line.update(extra)
        return json.dumps(line, ensure_ascii=True, default=str)


def configure(level: int = logging.INFO) -> None:
    """Send the service's log lines (and uvicorn's own) to standard error as JSON."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    for name in ("familycase.service", "uvicorn", "uvicorn.error"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(level)
        logger.propagate = False
    # uvicorn's access log repeats the query string: the service logs each request itself
    logging.getLogger("uvicorn.access").disabled = True


def log(event: str, level: int = logging.INFO, **fields: Any) -> None:
    """Log ``event`` with ``fields`` (ids, codes, counts, timings: never case content)."""
    LOGGER.log(level, event, extra={"fields": fields})
