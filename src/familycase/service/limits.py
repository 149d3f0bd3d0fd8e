"""The ASGI middleware in front of every request: its id, the body size limit, its log line
and its metrics.

A body is refused with 413 before it is read when its ``Content-Length`` is over the
limit, and while it is read (a chunked body has no length) as soon as the bytes received
pass it: no more than the limit is ever held. The request id is the caller's
``X-Request-Id`` when it is a short plain token, else a new one; it is returned in the
response's ``X-Request-Id`` and is in the request's log line.
"""

from __future__ import annotations

import json
import re
import time
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from familycase.errors import Problem
from familycase.service import metrics
from familycase.service.logs import log

_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
# routes as logged and counted: a path outside them is "other" (a path is caller text)
_ROUTES = (
    "/v1/evaluate",
    "/v1/validate",
    "/v1/explain",
    "/v1/vocabulary",
    "/v1/rulebook",
    "/healthz",
    "/readyz",
    "/metrics",
    "/openapi.json",
    "/docs",
)


def route_of(path: str) -> str:
    """The route a path is counted and logged under (never the caller's text itself)."""
    if path in _ROUTES:
        return path
    if path.startswith("/v1/schemas/"):
        return "/v1/schemas/{name}"
    return "other"


class BodyTooLarge(Exception):
    """The request body passed the limit while it was read."""


def problem_json(problem: Problem) -> dict[str, Any]:
    """A problem as the JSON error bodies and ``familycase check --format json`` give it."""
    return {
        "code": problem.code,
        "message": problem.message,
        "file": problem.file,
        "line": problem.line,
        "column": problem.column,
        "path": problem.path,
        "suggestion": problem.suggestion,
        "excerpt": None,  # a line of a case may hold a name: never shown
        "severity": problem.severity,
    }


def error_body(
    error: str,
    message: str,
    request_id: str,
    problems: Sequence[Problem] = (),
    *,
    max_problems: int = 100,
) -> dict[str, Any]:
    """The JSON of an error response: the error's kind, a message, the problems (at most
    ``max_problems``; ``omitted`` counts the rest) and the request id."""
    return {
        "error": error,
        "message": message,
        "problems": [problem_json(p) for p in problems[:max_problems]],
        "omitted": max(0, len(problems) - max_problems),
        "request_id": request_id,
    }


async def send_json(send: Send, status: int, body: Mapping[str, Any], request_id: str) -> None:
    """Send a whole JSON response from the middleware."""
    data = json.dumps(body, ensure_ascii=False).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(data)).encode()),
                (b"x-request-id", request_id.encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": data})


class RequestLimits:
    """ASGI middleware: request id, body size limit, one log line and metrics per request."""

    def __init__(self, app: ASGIApp, *, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        headers = {k.decode("latin-1").lower(): v for k, v in scope.get("headers", [])}
        given = headers.get("x-request-id", b"").decode("latin-1")
        request_id = given if _REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        route = route_of(scope.get("path", ""))
        status = [500]
        received = [0]
        limit = self.max_body_bytes

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [
                    *message["headers"],
                    (b"x-request-id", request_id.encode()),
                ]
            await send(message)

        async def receive_wrapper() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                received[0] += len(message.get("body", b""))
                if received[0] > limit:
                    raise BodyTooLarge
            return message

        try:
            length = headers.get("content-length")
            declared = int(length) if length is not None and length.isdigit() else None
            if length is not None and declared is None:
                status[0] = 400
                await send_json(
                    send,
                    400,
                    error_body(
                        "UsageError", "The Content-Length header is not a number.", request_id
                    ),
                    request_id,
                )
            elif declared is not None and declared > limit:
                status[0] = 413
                metrics.REFUSED.labels("body_too_large").inc()
                await send_json(send, 413, too_large(limit, request_id), request_id)
            else:
                try:
                    await self.app(scope, receive_wrapper, send_wrapper)
                except BodyTooLarge:
                    status[0] = 413
                    metrics.REFUSED.labels("body_too_large").inc()
                    await send_json(send, 413, too_large(limit, request_id), request_id)
        finally:
            elapsed = time.perf_counter() - started
            metrics.REQUESTS.labels(route, str(status[0])).inc()
            metrics.DURATION.labels(route).observe(elapsed)
            log(
                "request",
                request_id=request_id,
                method=str(scope.get("method", ""))[:10],
                route=route,
                status=status[0],
                ms=round(elapsed * 1000, 1),
                bytes_in=received[0],
            )


def too_large(limit: int, request_id: str) -> dict[str, Any]:
    return error_body(
        "UsageError",
        f"The request body is larger than {limit} bytes.",
        request_id,
        [
            Problem(
                "FC105",
                f"The request body is larger than {limit} bytes.",
                file="<request>",
                suggestion="Send one case per request; a case describes one family.",
            )
        ],
    )
