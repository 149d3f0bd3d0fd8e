"""A live ``familycase serve`` on a free loopback port, for the service tests (as an
integrator runs it: a separate process, HTTP, its log on standard error)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest


@dataclass
class Service:
    url: str
    log: Path
    process: subprocess.Popen[bytes]

    def log_lines(self) -> list[str]:
        return self.log.read_text(encoding="utf-8").splitlines()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    port = _free_port()
    log = tmp_path_factory.mktemp("service") / "service.log"
    command = [
        sys.executable,
        "-m",
        "familycase",
        "serve",
        "--port",
        str(port),
        "--workers",
        "1",
        "--timeout",
        "20",
        "--max-body-bytes",
        "200000",
    ]
    with log.open("wb") as err:
        process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=err, env={**os.environ, "NO_COLOR": "1"}
        )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):  # up to 60 s on a busy machine
            if process.poll() is not None:
                pytest.fail(f"familycase serve exited: {log.read_text()[-2000:]}")
            try:
                if httpx.get(url + "/readyz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        else:
            pytest.fail("familycase serve did not become ready")
        yield Service(url, log, process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
