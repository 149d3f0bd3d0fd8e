"""The FastAPI application: endpoints over ``familycase.evaluate`` and friends.

A request body is a case as JSON (the published case schema). It is read only after the
size check (``limits``), parsed by ``familycase._yaml.parse_json`` (node limit, duplicate
keys, positions) and validated by the library, so an invalid case gets the same problems,
codes and paths as ``CaseError`` in Python, at most ``max_problems`` of them (``omitted``
counts the rest). Evaluation runs in a worker thread, one at a time per process (the engine
holds the GIL: processes, not threads, give parallelism), and a request that takes longer
than the timeout gets 504.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping, Sequence
from contextlib import asynccontextmanager, suppress
from typing import Annotated, Any, Literal, TypeVar

import anyio
from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from familycase import __version__
from familycase._contract import CONTRACT_VERSION
from familycase._validation import CALLER_ID
from familycase._yaml import Document, parse_json
from familycase.assess.assessment import Assessment
from familycase.assess.evaluation import evaluate
from familycase.case.model import case_from_data
from familycase.errors import (
    ContentError,
    FamilycaseError,
    Problem,
    ProblemsError,
)
from familycase.rules.rulebook import Rulebook, load_rulebook
from familycase.service import metrics
from familycase.service.limits import BodyTooLarge, RequestLimits, error_body, too_large
from familycase.service.logs import configure, log
from familycase.service.openapi import openapi_document, published_schema
from familycase.service.settings import Settings

T = TypeVar("T")
Langs = Annotated[
    list[Literal["nb", "nn", "en"]] | None,
    Query(description="The languages of the text fields (repeatable; default: nb, nn and en)."),
]
_SOURCE = "<request>"
_STATUS = {"CaseError": 422, "ContentError": 400, "UsageError": 400, "EvaluationError": 500}


class _State:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.rulebook: Rulebook | None = None
        self.ready = False
        self.limiter = anyio.CapacityLimiter(1)


def create_app(settings: Settings | None = None) -> FastAPI:
    """The service's ASGI application (``settings``: default from the environment, as the
    worker processes ``serve`` starts read them)."""
    state = _State(settings or Settings.from_environment())

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> Any:
        started = time.perf_counter()
        state.rulebook = load_rulebook(state.settings.rules)
        # one evaluation before the first request: the engine's first ruleset costs most
        await anyio.to_thread.run_sync(_warm_up, state.rulebook)
        state.ready = True
        log("ready", ms=round((time.perf_counter() - started) * 1000, 1))
        yield

    app = FastAPI(
        title="familycase",
        version=__version__,
        summary="Decision support for Nav social workers following up families: a case in, "
        "an assessment out. It suggests; the caseworker decides.",
        lifespan=lifespan,
        docs_url="/docs",
        redoc_url=None,
    )

    def request_id(request: Request) -> str:
        return str(request.scope.get("state", {}).get("request_id", "-"))

    def failure(exc: FamilycaseError, rid: str) -> JSONResponse:
        kind = type(exc).__name__ if type(exc).__name__ in _STATUS else "UsageError"
        problems: Sequence[Problem] = exc.problems if isinstance(exc, ProblemsError) else ()
        message = exc.summary if isinstance(exc, ProblemsError) else str(exc)
        if kind == "EvaluationError":
            message = "The engine failed on a valid case. Please report it with the request id."
        log(
            "refused" if kind != "EvaluationError" else "engine_error",
            request_id=rid,
            error=kind,
            problems=len(problems),
            codes=sorted({p.code for p in problems})[:20],
        )
        if kind == "CaseError":
            metrics.REFUSED.labels("invalid_case").inc()
        body = error_body(kind, message, rid, problems, max_problems=state.settings.max_problems)
        return JSONResponse(body, status_code=_STATUS[kind])

    async def run(request: Request, work: Callable[[], T]) -> T | JSONResponse:
        """``work`` in a worker thread within the timeout, or the error response."""
        rid = request_id(request)
        try:
            with anyio.fail_after(state.settings.timeout_seconds):
                return await anyio.to_thread.run_sync(
                    work, limiter=state.limiter, abandon_on_cancel=True
                )
        except TimeoutError:
            metrics.REFUSED.labels("timeout").inc()
            log("timeout", request_id=rid, seconds=state.settings.timeout_seconds)
            body = error_body(
                "Timeout",
                f"The request took longer than {state.settings.timeout_seconds} s.",
                rid,
            )
            return JSONResponse(body, status_code=504)
        except FamilycaseError as exc:
            return failure(exc, rid)
        except Exception as exc:  # never a traceback for a caller: the type and the id
            log("internal_error", request_id=rid, exception=type(exc).__name__)
            body = error_body(
                "InternalError", "Internal error. Please report it with the request id.", rid
            )
            return JSONResponse(body, status_code=500)

    async def read_case(request: Request) -> Document | JSONResponse:
        try:
            body = await request.body()
        except BodyTooLarge:  # a chunked body past the limit (no length to check first)
            metrics.REFUSED.labels("body_too_large").inc()
            return JSONResponse(
                too_large(state.settings.max_body_bytes, request_id(request)), status_code=413
            )
        try:
            text = body.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ContentError(
                [
                    Problem(
                        "FC102",
                        f"The body is not valid UTF-8 (byte {exc.start}).",
                        file=_SOURCE,
                        suggestion="Send the case as JSON in UTF-8.",
                    )
                ],
                "The request body is not a case",
            ) from None
        return parse_json(text, _SOURCE)

    def rulebook() -> Rulebook:
        if state.rulebook is None:  # pragma: no cover - the lifespan loads it first
            state.rulebook = load_rulebook(state.settings.rules)
        return state.rulebook

    async def answer_case(
        request: Request,
        as_of: str | None,
        lang: list[Literal["nb", "nn", "en"]] | None,
        names: bool | None,
        answer: Callable[[Assessment], dict[str, Any]],
    ) -> Response:
        """Read the case, evaluate it in a worker thread and answer with ``answer``'s JSON
        in the languages asked for (ids only unless ``names``, by the service's default)."""
        ids_only = (not names) if names is not None else state.settings.ids_only_default
        langs = tuple(dict.fromkeys(lang or ("nb", "nn", "en")))
        rid = request_id(request)
        try:
            doc = await read_case(request)
        except FamilycaseError as exc:
            return failure(exc, rid)
        if isinstance(doc, JSONResponse):
            return doc

        def work() -> bytes:
            case = case_from_data(doc.data, source=_SOURCE, document=doc)
            assessment = evaluate(case, rulebook=rulebook(), as_of=as_of, ids_only=ids_only)
            data = _languages(answer(assessment), langs)
            return json.dumps(data, ensure_ascii=False).encode()

        result = await run(request, work)
        if isinstance(result, JSONResponse):
            return result
        return Response(result, media_type="application/json")

    @app.exception_handler(RequestValidationError)
    async def bad_query(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [
            Problem(
                "FC303",
                "A query parameter is not valid.",
                file=_SOURCE,
                path=".".join(str(part) for part in error.get("loc", ())),
                suggestion="Check the parameter against the OpenAPI document (/openapi.json).",
            )
            for error in exc.errors()
        ]
        body = error_body("UsageError", "The request is invalid", request_id(request), problems)
        return JSONResponse(body, status_code=400)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = "Not found." if exc.status_code == 404 else str(exc.detail)[:200]
        body = error_body("UsageError", message, request_id(request))
        return JSONResponse(body, status_code=exc.status_code, headers=exc.headers)

    @app.post("/v1/evaluate", tags=["cases"], operation_id="evaluate", **_case_io("Assessment"))
    async def evaluate_case(
        request: Request,
        as_of: Annotated[
            str | None,
            Query(
                description="Evaluate on this date (YYYY-MM-DD) instead of the case's as_of.",
                pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
                max_length=10,
            ),
        ] = None,
        lang: Langs = None,
        names: Annotated[
            bool | None,
            Query(
                description="true: display names in the assessment; false: ids only, no names "
                "or free text (the service's default unless it was started otherwise)."
            ),
        ] = None,
    ) -> Response:
        """Evaluate a case: the assessment, or the problems that make the case invalid."""

        def answer(assessment: Assessment) -> dict[str, Any]:
            metrics.EVALUATIONS.inc()
            return assessment.model_dump(mode="json")

        return await answer_case(request, as_of, lang, names, answer)

    @app.post("/v1/explain", tags=["cases"], operation_id="explain", **_case_io("WhyNot"))
    async def explain(
        request: Request,
        measure: Annotated[
            str,
            Query(description="The measure id asked about.", pattern=r"^[a-z][a-z0-9_]*$"),
        ],
        person: Annotated[
            str | None,
            Query(description="The person id asked about.", pattern=CALLER_ID, max_length=64),
        ] = None,
        as_of: Annotated[
            str | None,
            Query(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", max_length=10),
        ] = None,
        lang: Langs = None,
        names: Annotated[bool | None, Query()] = None,
    ) -> Response:
        """Why a measure is not suggested (for a person): every rule that could suggest it,
        with the first condition it misses, nearest miss first."""

        def answer(assessment: Assessment) -> dict[str, Any]:
            return assessment.why_not(measure, person).model_dump(mode="json")

        return await answer_case(request, as_of, lang, names, answer)

    @app.post("/v1/validate", tags=["cases"], operation_id="validate", **_case_io("Validation"))
    async def validate_case(request: Request) -> Response:
        """Validate a case without evaluating it: 200 if it is valid, else 422 with every
        problem at once (at most the cap; ``omitted`` counts the rest), each with its code,
        path and a suggestion."""
        rid = request_id(request)
        try:
            read = await read_case(request)
        except FamilycaseError as exc:  # not JSON: no case to validate
            return failure(exc, rid)
        if isinstance(read, JSONResponse):
            return read
        doc = read

        def work() -> dict[str, Any]:
            case_from_data(doc.data, source=_SOURCE, document=doc)  # CaseError: 422
            return {"valid": True, "problems": [], "omitted": 0, "request_id": rid}

        result = await run(request, work)
        return result if isinstance(result, JSONResponse) else JSONResponse(result)

    @app.get("/v1/schemas/{name}", tags=["contract"], operation_id="schema")
    async def schema(name: Literal["case", "assessment", "rule-file"]) -> dict[str, Any]:
        """A published JSON Schema (with ``$id`` and ``version``)."""
        return published_schema(name)

    @app.get("/v1/vocabulary", tags=["contract"], operation_id="vocabulary")
    async def vocabulary() -> dict[str, Any]:
        """The vocabularies: every id a case may use, with its label in nb, nn and en."""
        vocab = rulebook().vocabularies
        out: dict[str, Any] = {}
        for name in ("services", "measures", "concern_kinds", "relation_kinds", "laws"):
            out[name] = _entries(vocab.by_name(name).entries)
        terms = {name: _entries(v.entries) for name, v in vocab.terms.items()}
        return {"rulebook_version": rulebook().about.version, "vocabularies": out, "terms": terms}

    @app.get("/v1/rulebook", tags=["contract"], operation_id="rulebook")
    async def rulebook_info() -> dict[str, Any]:
        """The rulebook: name, version, date, hash, its rules and its legal provisions with
        their verification status, title and note (nb, nn, en; null when none)."""
        book = rulebook()
        provisions = book.provisions
        return {
            "name": book.about.name,
            "version": book.about.version,
            "date": book.about.date.isoformat() if book.about.date else None,
            "hash": book.content_hash,
            "contract_version": CONTRACT_VERSION,
            "rules": [rule.id for rule in book.rules],
            "provisions": [
                {
                    "id": pid,
                    "law": p.law,
                    "status": p.status,
                    "valid_from": p.valid_from.isoformat() if p.valid_from else None,
                    "valid_until": p.valid_until.isoformat() if p.valid_until else None,
                    "citation": provisions.citation_text(pid).model_dump(),
                    "title": p.title.model_dump(),
                    "note": p.note.model_dump() if p.note is not None else None,
                }
                for pid, p in provisions.entries.items()
            ],
        }

    @app.get("/healthz", tags=["operations"], operation_id="healthz")
    async def healthz() -> dict[str, str]:
        """The process is up."""
        return {"status": "ok"}

    @app.get(
        "/readyz",
        tags=["operations"],
        operation_id="readyz",
        responses={503: {"description": "Not ready yet (the rules are loading)."}},
    )
    async def readyz() -> Response:
        """The rules are loaded and the engine is warm: the service takes requests."""
        if not state.ready:
            return JSONResponse({"status": "starting"}, status_code=503)
        return JSONResponse({"status": "ready"})

    @app.get(
        "/metrics",
        tags=["operations"],
        operation_id="metrics",
        response_class=Response,
        responses={200: {"content": {"text/plain": {"schema": {"type": "string"}}}}},
    )
    async def prometheus() -> Response:
        """Prometheus metrics (every worker's)."""
        data, content_type = metrics.exposition()
        return Response(data, media_type=content_type)

    app.openapi = lambda: openapi_document(app)  # type: ignore[method-assign]
    wrapped = RequestLimits(app, max_body_bytes=state.settings.max_body_bytes)
    app.state.asgi = wrapped
    return app


def asgi(settings: Settings | None = None) -> RequestLimits:
    """The application behind its request limits: what uvicorn serves."""
    configure()  # a worker process: its log lines as JSON too
    app = create_app(settings)
    wrapped: RequestLimits = app.state.asgi
    return wrapped


def _warm_up(book: Rulebook) -> None:
    from familycase._resources import scenarios_dir  # noqa: PLC0415
    from familycase.case.scenario import load_scenario  # noqa: PLC0415

    shipped = sorted(scenarios_dir().glob("*.yaml"))
    if shipped:
        with suppress(FamilycaseError):  # other rules may not fit the shipped scenarios
            evaluate(load_scenario(shipped[0]).case_at(None), rulebook=book)


def _entries(entries: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [{"id": key, "label": entry.label.model_dump()} for key, entry in entries.items()]


_ALL = frozenset({"nb", "nn", "en"})


def _languages(data: Any, langs: Sequence[str]) -> Any:
    """``data`` with each text (an object with exactly nb, nn and en) in ``langs`` only; a
    legal reference's ``note`` (its English ``notes``, kept for contract 1.0.0) is null
    unless English is asked for."""
    if len(langs) == 3:
        return data
    if isinstance(data, dict):
        if data.keys() == _ALL:
            return {lang: data[lang] for lang in langs}
        out = {key: _languages(value, langs) for key, value in data.items()}
        if "notes" in out and "note" in out and "en" not in langs:
            out["note"] = None
        return out
    if isinstance(data, list):
        return [_languages(item, langs) for item in data]
    return data


def _case_io(response: str) -> dict[str, Any]:
    """The OpenAPI of an operation that takes a case: its body and its responses."""
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    return {
        "openapi_extra": {
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Case"}}},
            }
        },
        "responses": {
            200: {
                "description": "The result.",
                "content": {
                    "application/json": {"schema": {"$ref": f"#/components/schemas/{response}"}}
                },
            },
            400: {"description": "Not JSON, or a bad parameter.", "content": error},
            413: {"description": "The body is over the size limit.", "content": error},
            422: {"description": "The case is invalid (its problems).", "content": error},
            500: {"description": "Internal error (with the request id).", "content": error},
            504: {"description": "The request took longer than the timeout.", "content": error},
        },
    }
