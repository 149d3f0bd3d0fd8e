"""schemathesis against the OpenAPI document of the live service: a bounded run (8 examples
per operation and phase, a fixed seed) of every check but one. Every response must be
documented, conform to its schema and never be a server error; a request that breaks the
schema must be refused.

Left out: ``positive_data_acceptance`` (a schema-valid request must be accepted). A case
can be schema-valid and still invalid: a relation to a person not in the case, a parent
younger than the child. JSON Schema cannot say so; the service answers 422 with the
problems, as it should.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .conftest import Service


def test_every_operation_keeps_its_contract(service: Service, tmp_path: Path) -> None:
    command = [
        str(Path(sys.executable).parent / "schemathesis"),
        "run",
        service.url + "/openapi.json",
        "--max-examples",
        "8",
        "--checks",
        "all",
        "--exclude-checks",
        "positive_data_acceptance",
        "--seed",
        "1",
        "--generation-database",
        "none",
        "--no-color",
    ]
    # run in a temporary folder: schemathesis keeps a cache in its working folder
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=600, check=False, cwd=tmp_path
    )
    assert result.returncode == 0, result.stdout[-6000:]
