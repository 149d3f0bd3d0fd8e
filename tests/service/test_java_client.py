"""The JVM client smoke test (tests/java/SmokeTest.java, plain java.net.http), compiled
with the machine's JDK and run against the live service, as a Kotlin or Java caseworker
system calls it. CI runs it (the machine has JDK 17); without a JDK it is skipped."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

import familycase

from .conftest import Service

SOURCE = Path(__file__).parents[1] / "java" / "SmokeTest.java"


@pytest.mark.skipif(shutil.which("javac") is None, reason="no JDK (javac) on this machine")
def test_the_java_client_passes(service: Service, tmp_path: Path) -> None:
    case = familycase.load_scenario(familycase.scenario_path("maria_and_david")).case_at("phase1")
    case_file = tmp_path / "case.json"
    case_file.write_text(json.dumps(case.model_dump(mode="json", by_alias=True)), "utf-8")
    subprocess.run(
        ["javac", "-d", str(tmp_path), str(SOURCE)], check=True, timeout=300, capture_output=True
    )
    result = subprocess.run(
        ["java", "-cp", str(tmp_path), "SmokeTest", service.url, str(case_file)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "JVM smoke test passed" in result.stdout
