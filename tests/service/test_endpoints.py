"""The service as an integrator calls it: every endpoint, its limits, errors and logs."""

from __future__ import annotations

import json
import socket
from typing import Any

import httpx
import pytest

import familycase
from familycase._contract import CONTRACT_VERSION

from .conftest import Service


def _case(phase: str = "phase1") -> dict[str, Any]:
    case = familycase.load_scenario(familycase.scenario_path("maria_and_david")).case_at(phase)
    data: dict[str, Any] = case.model_dump(mode="json", by_alias=True)
    return data


NAMES = [p["name"] for p in _case()["persons"]]


def test_evaluate_returns_the_assessment_with_ids_only_by_default(service: Service) -> None:
    response = httpx.post(service.url + "/v1/evaluate", content=json.dumps(_case()), timeout=30)
    assert response.status_code == 200
    body = response.json()
    assert body["schema_version"] == CONTRACT_VERSION
    assert body["provenance"]["ids_only"] is True
    assert body["provenance"]["rulebook_version"] == familycase.load_rulebook().about.version
    assert any(s["measure"] == "notify_child_welfare" for s in body["suggestions"])
    assert not [name for name in NAMES if name in response.text]
    expected = familycase.evaluate(_case(), ids_only=True).model_dump(mode="json")
    assert body == expected


def test_names_and_languages_are_the_callers_choice(service: Service) -> None:
    response = httpx.post(
        service.url + "/v1/evaluate",
        params={"names": "true", "lang": ["nn"], "as_of": "2018-11-01"},
        content=json.dumps(_case()),
        timeout=30,
    )
    body = response.json()
    assert response.status_code == 200, body
    assert body["as_of"] == "2018-11-01"
    assert body["names"]["maria"] == "Maria"
    assert set(body["suggestions"][0]["label"]) == {"nn"}
    noted = [r for s in body["suggestions"] for r in s["legal_basis"] if r["notes"]]
    assert noted  # sotjl § 45, partly confirmed
    assert all(set(r["notes"]) == {"nn"} and r["note"] is None for r in noted)  # no English


def test_external_ids_come_back_as_given(service: Service) -> None:
    data = {
        "id": "case-478212",
        "as_of": "2025-01-01",
        "persons": [
            {"id": "Sak123", "name": "A", "age": 35},
            {"id": "3f2b8c1e-9a4d-4e0b-8f7a-1c2d3e4f5a6b", "name": "B", "age": 5},
        ],
        "relations": [
            {"kind": "parent", "from": "Sak123", "to": "3f2b8c1e-9a4d-4e0b-8f7a-1c2d3e4f5a6b"}
        ],
    }
    body = httpx.post(service.url + "/v1/evaluate", json=data, timeout=30).json()
    assert body["case_id"] == "case-478212"
    assert sorted(p["person"] for p in body["persons"]) == [
        "3f2b8c1e-9a4d-4e0b-8f7a-1c2d3e4f5a6b",
        "Sak123",
    ]


def test_an_invalid_case_gets_every_problem_with_codes_and_paths(service: Service) -> None:
    data = _case()
    data["persons"][0]["age"] = "38"
    data["relations"][0]["to"] = "nobody"
    data["concerns"][0]["kind"] = "no_such_kind"
    response = httpx.post(service.url + "/v1/evaluate", json=data, timeout=30)
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "CaseError"
    paths = {(p["code"], p["path"]) for p in body["problems"]}
    assert {
        ("FC303", "persons[0].age"),
        ("FC304", "relations[0].to"),
        ("FC305", "concerns[0].kind"),
    } <= paths
    assert body["request_id"] == response.headers["x-request-id"]
    with pytest.raises(familycase.CaseError) as info:  # the same problems as in Python
        familycase.case_from_data(data)
    assert {(p.code, p.path) for p in info.value.problems} == paths
    validated = httpx.post(service.url + "/v1/validate", json=data, timeout=30)
    assert validated.status_code == 422
    assert {(p["code"], p["path"]) for p in validated.json()["problems"]} == paths
    valid = httpx.post(service.url + "/v1/validate", json=_case(), timeout=30)
    assert valid.json() == {
        "valid": True,
        "problems": [],
        "omitted": 0,
        "request_id": valid.headers["x-request-id"],
    }


def test_year_3_and_bad_json_are_errors_with_a_place(service: Service) -> None:
    year3 = {"as_of": "0003-01-01", "persons": [{"id": "a", "name": "A", "age": 5}]}
    response = httpx.post(
        service.url + "/v1/evaluate", params={"as_of": "2025-01-01"}, json=year3, timeout=30
    )
    assert response.status_code == 422
    assert [p["path"] for p in response.json()["problems"]] == ["as_of"]
    broken = httpx.post(service.url + "/v1/evaluate", content=b'{"as_of": ', timeout=30)
    assert broken.status_code == 400
    assert broken.json()["problems"][0]["code"] == "FC103"
    assert broken.json()["problems"][0]["line"] == 1


def test_a_body_over_the_limit_is_refused_before_it_is_read(service: Service) -> None:
    host, port = service.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(
            b"POST /v1/evaluate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: 1000000000\r\n\r\n"
        )
        head = sock.recv(65536).decode("latin-1")  # answered with no body byte sent
    assert head.startswith("HTTP/1.1 413")
    chunks = (b"[" + b"1," * 50_000 for _ in range(10))  # chunked: no length to check
    response = httpx.post(service.url + "/v1/evaluate", content=chunks, timeout=30)
    assert response.status_code == 413
    assert response.json()["problems"][0]["code"] == "FC105"


def test_contract_endpoints(service: Service) -> None:
    for name in ("case", "assessment", "rule-file"):
        schema = httpx.get(f"{service.url}/v1/schemas/{name}", timeout=10).json()
        assert schema["$id"] == f"urn:familycase:{name}:{CONTRACT_VERSION}"
        assert schema["version"] == CONTRACT_VERSION
    missing = httpx.get(service.url + "/v1/schemas/nope", timeout=10)
    assert missing.status_code == 400
    assert missing.json()["error"] == "UsageError"
    vocabulary = httpx.get(service.url + "/v1/vocabulary", timeout=10).json()
    services = {e["id"] for e in vocabulary["vocabularies"]["services"]}
    assert "child_welfare" in services
    rulebook = httpx.get(service.url + "/v1/rulebook", timeout=10).json()
    book = familycase.load_rulebook()
    assert (rulebook["name"], rulebook["version"], rulebook["hash"]) == (
        book.about.name,
        book.about.version,
        book.content_hash,
    )
    assert {p["status"] for p in rulebook["provisions"]} <= {"confirmed", "partly", "unconfirmed"}
    notes = {p["id"]: p["note"] for p in rulebook["provisions"]}
    assert set(notes["sotjl_45"]) == {"nb", "nn", "en"}  # partly confirmed: says what is not
    shipped = book.provisions["sotjl_45"].note
    assert shipped is not None
    assert notes["sotjl_45"] == shipped.model_dump()
    assert notes["sotjl_18"] is None
    assert httpx.get(service.url + "/healthz", timeout=10).json() == {"status": "ok"}
    openapi = httpx.get(service.url + "/openapi.json", timeout=10).json()
    assert {"/v1/evaluate", "/v1/validate", "/v1/rulebook"} <= set(openapi["paths"])


def test_metrics_count_requests(service: Service) -> None:
    httpx.get(service.url + "/healthz", timeout=10)
    text = httpx.get(service.url + "/metrics", timeout=10).text
    assert 'familycase_requests_total{route="/healthz",status="200"}' in text


def test_logs_are_json_with_request_ids_and_no_case_content(service: Service) -> None:
    data = _case()
    data["concerns"][0]["note"] = "NOTE-MUST-NOT-BE-LOGGED"
    httpx.post(
        service.url + "/v1/evaluate",
        json=data,
        headers={"X-Request-Id": "trace-42"},
        params={"names": "true"},
        timeout=30,
    )
    data["persons"][0]["age"] = "secret-age"
    httpx.post(service.url + "/v1/evaluate", json=data, timeout=30)
    lines = service.log_lines()
    records = [json.loads(line) for line in lines]  # every line is JSON
    assert any(r.get("request_id") == "trace-42" and r["status"] == 200 for r in records)
    text = "\n".join(lines)
    for secret in [*NAMES, "NOTE-MUST-NOT-BE-LOGGED", "secret-age"]:
        assert secret not in text


@pytest.mark.parametrize("request_id", ["<script>", "x" * 65, "a b"])
def test_a_strange_request_id_is_replaced(service: Service, request_id: str) -> None:
    response = httpx.get(service.url + "/healthz", headers={"X-Request-Id": request_id})
    assert response.headers["x-request-id"] != request_id


def test_explain_says_why_a_measure_is_not_suggested(service: Service) -> None:
    response = httpx.post(
        service.url + "/v1/explain",
        params={"measure": "notify_child_welfare", "person": "tomas", "lang": "en"},
        json=_case(),
        timeout=30,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    expected = familycase.evaluate(_case(), ids_only=True).why_not("notify_child_welfare", "tomas")
    assert body["rules"][0]["rule_id"] == expected.rules[0].rule_id
    assert "tomas" in body["rules"][0]["failed"][0]["text"]["en"]
    assert not [name for name in NAMES if name in response.text]
    unknown = httpx.post(
        service.url + "/v1/explain", params={"measure": "no_such"}, json=_case(), timeout=30
    )
    assert unknown.status_code == 400
    assert unknown.json()["error"] == "UsageError"
