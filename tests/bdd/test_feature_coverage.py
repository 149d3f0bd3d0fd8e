"""Every rule has a Norwegian scenario in features/ where it fires and one where it must not.

Scenarios say so with the tags ``@fyrer:<rule_id>`` and ``@fyrer_ikke:<rule_id>``; the
familycase plugin checks each tag against the rules that actually fired when the scenario
runs (``tests/test_features.py``), so a tag here is a claim that is tested, not a label.
"""

from __future__ import annotations

from pathlib import Path

from pytest_bdd.parser import Feature, FeatureParser

import familycase
from familycase.testing.steps import rule_tags

FEATURES = Path(__file__).resolve().parents[2] / "features"


def _features() -> list[Feature]:
    return [
        FeatureParser(str(path.parent), path.name).parse()
        for path in sorted(FEATURES.rglob("*.feature"))
    ]


def _tagged(language: str) -> tuple[set[str], set[str]]:
    fires: set[str] = set()
    quiet: set[str] = set()
    for feature in _features():
        if feature.language != language:
            continue
        for scenario in feature.scenarios.values():
            for fired, rule in rule_tags(scenario.tags):
                (fires if fired else quiet).add(rule)
    return fires, quiet


def test_every_rule_has_a_norwegian_scenario_where_it_fires_and_one_where_it_does_not() -> None:
    rules = {rule.id for rule in familycase.load_rulebook().rules}
    fires, quiet = _tagged("no")
    assert not rules - fires, f"rules no Norwegian scenario shows firing: {sorted(rules - fires)}"
    assert not rules - quiet, f"rules no Norwegian scenario shows silent: {sorted(rules - quiet)}"


def test_tags_name_only_rules_that_exist() -> None:
    rules = {rule.id for rule in familycase.load_rulebook().rules}
    fires, quiet = _tagged("no")
    assert (fires | quiet) <= rules, sorted((fires | quiet) - rules)


def test_the_features_cover_outlines_phases_and_languages() -> None:
    features = _features()
    assert {f.language for f in features} == {"no", "en"}
    outlines = [s for f in features for s in f.scenarios.values() if s.templated]
    assert len(outlines) >= 3
    texts = [step.name for f in features for s in f.scenarios.values() for step in s.steps]
    for phase in ("phase1", "phase2", "phase3"):
        assert f'scenarioet "maria_and_david" i fase "{phase}"' in texts


def test_every_step_of_the_catalogue_is_used_in_a_shipped_feature() -> None:
    """Each step (old wordings kept for compatibility aside) is shown working in features/."""
    from familycase.testing.steps import STEPS, compile_template

    written = [
        (step.type, step.name)
        for feature in _features()
        for scenario in feature.scenarios.values()
        for step in (
            *(feature.background.steps if feature.background else ()),
            *scenario.steps,
        )
    ]
    unused = [
        definition.name
        for definition in STEPS
        if definition.replaced_by is None
        and not any(
            kind == definition.kind and compile_template(wording).fullmatch(text)
            for wording, _ in definition.variants()
            for kind, text in written
        )
    ]
    assert not unused, f"steps no shipped feature uses: {unused}"
