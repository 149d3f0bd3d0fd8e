"""The evidence threshold "grunn til å tro" is read from the certainty scale, in one place.

A vague suspicion (``suspected``) leaves the duty to inform unclear and asks what it rests on;
a suspicion resting on concrete indications meets the threshold, and the texts say that it is
a suspicion with concrete indications, never that it is a fact.
"""

from __future__ import annotations

import pytest
from builders import ENGINES, evaluate, family

from familycase.render.text import render_assessment


@pytest.mark.parametrize("engine", ENGINES)
def test_concrete_indications_meet_the_threshold(engine: str) -> None:
    a = evaluate(
        family().concern(
            "violence_against_child",
            about="father",
            exposed="child",
            certainty="concrete_indications",
        ),
        engine=engine,
    )
    report = a.suggestion("notify_child_welfare")
    assert report is not None
    assert report.obligation == "duty"
    assert not [u for u in a.unclear_duties if u.measure == "notify_child_welfare"]
    text = render_assessment(a, "nb")
    assert "vold mot barn (konkrete holdepunkter)" in text
    assert "Det er meldt dette om Child (10 år): vold mot barn (konkrete" in text


@pytest.mark.parametrize("engine", ENGINES)
def test_a_vague_suspicion_leaves_the_duty_unclear(engine: str) -> None:
    a = evaluate(
        family().concern(
            "violence_against_child", about="father", exposed="child", certainty="suspected"
        ),
        engine=engine,
    )
    assert a.suggestion("notify_child_welfare") is None
    assert "notify_child_welfare" in {u.measure for u in a.unclear_duties}
