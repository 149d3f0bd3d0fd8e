"""A batch on an existing Dask cluster (a local one here, on loopback only).

Skipped when the optional ``distributed`` package is not installed
(``pip install 'familycase[distributed]'``). The code is the one in docs/performance.md.
"""

from __future__ import annotations

import pytest

import familycase
from familycase import evaluate, synthetic_cases
from familycase.assess.batch import chunked, evaluate_chunk

distributed = pytest.importorskip("distributed")


def test_a_batch_on_a_local_dask_cluster_gives_evaluate_s_results_in_order() -> None:
    cases = list(synthetic_cases(12, seed=3))
    cases.append({"as_of": "2025-01-01", "persons": []})  # type: ignore[arg-type]
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,  # one engine per process; threads give nothing
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        futures = client.map(evaluate_chunk, list(chunked(cases, 4)))
        results = [result for future in futures for result in future.result()]
    assert [r.index for r in results] == list(range(13))
    assert [r.assessment for r in results[:12]] == [evaluate(c) for c in cases[:12]]
    assert results[12].error is not None
    assert results[12].error.type == "CaseError"
    assert isinstance(results[0].assessment, familycase.Assessment)
