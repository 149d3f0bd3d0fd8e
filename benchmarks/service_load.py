"""Load test of ``familycase serve`` on loopback: print figures, assert nothing.

    python benchmarks/service_load.py                  # 1 and 2 workers, 400 requests each
    python benchmarks/service_load.py --quick          # a smoke run (CI: it never rots)

For each worker count it starts the service on a free loopback port, waits for /readyz,
then sends a bounded number of POST /v1/evaluate requests (the reference vignette's phases
in turn) from several client threads, stopping early at the time limit. It prints p50 and
p99 latency and throughput (requests per second) and the machine's load average: the
figures are noisy on a shared machine.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

import familycase


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _bodies() -> list[bytes]:
    scenario = familycase.load_scenario(familycase.scenario_path("maria_and_david"))
    return [
        json.dumps(scenario.case_at(p.id).model_dump(mode="json", by_alias=True)).encode()
        for p in scenario.phases
    ]


def run(workers: int, requests: int, clients: int, limit: float) -> dict[str, float]:
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "familycase",
            "serve",
            "--port",
            str(port),
            "--workers",
            str(workers),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(600):
            try:
                if httpx.get(url + "/readyz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        bodies = _bodies()
        for body in bodies * workers * 2:  # warm every worker
            httpx.post(url + "/v1/evaluate", content=body, timeout=30)
        latencies: list[float] = []
        errors = [0]
        lock = threading.Lock()
        counter = iter(range(requests))
        deadline = time.perf_counter() + limit

        def client() -> None:
            with httpx.Client(timeout=30) as http:
                for index in counter:
                    if time.perf_counter() > deadline:
                        return
                    started = time.perf_counter()
                    response = http.post(url + "/v1/evaluate", content=bodies[index % len(bodies)])
                    elapsed = time.perf_counter() - started
                    with lock:
                        latencies.append(elapsed)
                        errors[0] += response.status_code != 200

        threads = [threading.Thread(target=client) for _ in range(clients)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    return {
        "workers": workers,
        "requests": len(latencies),
        "errors": errors[0],
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": p99 * 1000,
        "per_second": len(latencies) / wall,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run with small counts")
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--time-limit", type=float, default=60.0, help="seconds per run")
    args = parser.parse_args()
    requests = 20 if args.quick else args.requests
    print(f"load average {os.getloadavg()[0]:.2f}, {os.cpu_count()} cores")
    print("workers  requests  errors   p50 ms   p99 ms   requests/s")
    for workers in (1, 2):
        r = run(workers, requests, args.clients, args.time_limit)
        print(
            f"{r['workers']:>7}  {r['requests']:>8}  {r['errors']:>6}  {r['p50_ms']:>7.1f}  "
            f"{r['p99_ms']:>7.1f}  {r['per_second']:>11.1f}"
        )


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    main()
