"""An ``EngineResult`` travels from a batch worker pickled as plain tuples
(``EngineResult.__reduce__``) and arrives equal, with its firings as ``Firing`` s and what
each derived in firing order."""

from __future__ import annotations

import pickle

import pytest

import familycase
from familycase.assess.evaluation import _engine_result, _prepare
from familycase.engine import runner
from familycase.engine.ir import EngineResult, Firing

from ._ir import ENGINES


def _results(engine: str) -> list[EngineResult]:
    scenario = familycase.load_scenario(familycase.scenario_path("maria_and_david"))
    run = runner(engine)  # type: ignore[arg-type]
    return [
        _engine_result(_prepare(scenario.case_at(p.id), rulebook=None, as_of=None), run)
        for p in scenario.phases
    ]


@pytest.mark.parametrize("engine", [*ENGINES, "reference"])
def test_a_result_arrives_as_it_was_sent(engine: str) -> None:
    for result in _results(engine):
        assert result.derived_by  # the vignette's phases derive facts
        copy = pickle.loads(pickle.dumps(result, pickle.HIGHEST_PROTOCOL))
        assert copy == result
        assert all(type(f) is Firing for f in copy.firings)
        assert list(copy.derived_by.items()) == list(result.derived_by.items())
        assert list(copy.derived) == list(result.derived)


def test_a_result_whose_derivations_name_a_firing_it_does_not_hold_arrives_as_it_is() -> None:
    held = Firing("r1", (("p", "f1"),))
    other = Firing("r2", (("p", "f2"),))
    result = EngineResult((held,), {"d1": {"type": "x", "fid": "d1"}}, {other: "d1"})
    copy = pickle.loads(pickle.dumps(result))
    assert copy == result
    assert copy.derived_by == {other: "d1"}


def test_an_empty_result_arrives_empty() -> None:
    assert pickle.loads(pickle.dumps(EngineResult(()))) == EngineResult(())
