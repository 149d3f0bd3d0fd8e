"""The phase timeline: dates to scale, one row per person, duty / unclear / urgent marks, and
the counts of new, withdrawn and changed suggestions with why."""

from __future__ import annotations

import re

import pytest

import familycase
from familycase.errors import UsageError
from familycase.render.timeline import timeline_svg


def test_the_vignette_timeline(vignette: familycase.Scenario) -> None:
    views = list(vignette.play("en"))
    svg = timeline_svg(views)
    assert "…" not in svg
    assert not re.search(r'\s(width|height)="', svg.split(">", 1)[0])
    # the axis is to scale: phase 2 is 14 days after phase 1, phase 3 a year after
    ticks = [float(x) for x in re.findall(r'<circle cx="([\d.]+)" cy="[\d.]+" r="3.5"', svg)]
    assert len(ticks) == 3
    assert (ticks[1] - ticks[0]) / (ticks[2] - ticks[0]) == pytest.approx(14 / 379, abs=0.01)
    for view in views:
        assert view.date.isoformat() in svg
    for name in views[0].assessment.names.values():
        assert f">{name}<" in svg
    # Jon and Beth: a duty in phases 1 and 2 (the report to child welfare), none in phase 3
    assert svg.count(">§<") == 4
    assert svg.count(">§?<") == 2  # Maria: the police, unclear in phases 1 and 2
    withdrawn = len(views[2].changes.withdrawn)
    assert f"−{withdrawn} withdrawn suggestions" in svg
    reason = next(c for c in views[2].changes.withdrawn if c.reasons).reasons[0].en
    assert reason.split("'")[0] in svg


def test_the_timeline_needs_phases() -> None:
    with pytest.raises(UsageError, match="phases"):
        timeline_svg([])
    with pytest.raises(UsageError, match="PhaseView"):
        timeline_svg(["phase1"])  # type: ignore[list-item]
