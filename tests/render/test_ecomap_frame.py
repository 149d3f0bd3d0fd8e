"""The ecomap across a scenario's phases and where it may go wrong: each person and each
service stays in place (also when people move house), nothing overlaps, no household box
holds someone who does not live there; consents and the reporters of what is not confirmed
are drawn, and a suspicion or a report never looks like a confirmed concern."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import combinations

import pytest

import familycase
from familycase.render.ecomap import ecomap_svg, layout, scenario_frame
from familycase.render.ecomap.layout import Layout
from familycase.render.ecomap.sizes import CARD_W, SERVICE_H, SERVICE_W
from familycase.rules.vocabulary import Vocabularies

SCENARIOS = sorted(familycase.scenario_path("maria_and_david").parent.glob("*.yaml"))


def _centres(svg: str, cls: str) -> dict[str, tuple[float, float]]:
    """The centre of each person's card (or service's box) drawn in ``svg``."""
    found = re.findall(
        rf'class="{cls}" data-id="([\w-]+)"><title>[^<]*</title><rect x="([\d.-]+)" '
        r'y="([\d.-]+)" width="([\d.]+)" height="([\d.]+)"',
        svg,
    )
    return {i: (float(x) + float(w) / 2, float(y) + float(h) / 2) for i, x, y, w, h in found}


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
@pytest.mark.parametrize("lang", ["nb", "en"])
def test_each_person_and_service_stays_in_place_across_the_phases(path: object, lang: str) -> None:
    scenario = familycase.load_scenario(path)  # type: ignore[arg-type]
    views = list(scenario.play(lang))  # type: ignore[arg-type]
    for cls in ("fc-person", "fc-service"):
        seen: dict[str, tuple[float, float]] = {}
        for view in views:
            for pid, centre in _centres(view.ecomap, cls).items():
                assert seen.setdefault(pid, centre) == centre, f"{pid} moves in {view.phase.id}"
        if cls == "fc-person":
            everyone = {p.id for view in views for p in view.case.persons}
            assert set(seen) == everyone


def test_the_vignette_keeps_its_people_in_place_when_they_move_house(
    vignette: familycase.Scenario,
) -> None:
    views = list(vignette.play("en"))
    first, third = (_centres(views[i].ecomap, "fc-person") for i in (0, 2))
    homes = [{h.id: set(h.members) for h in view.case.households} for view in views]
    assert homes[0] != homes[2]  # David stays, Maria and Tomas move out, Jon and Beth too
    assert first == third
    # the boxes follow the households: Jon and Beth are in the brother's box in phase 3
    frame = scenario_frame([v.case for v in views], "en")
    lay = layout(views[2].case, "en", frame=frame)
    assert _inside(lay, "jon", "brother_home")
    assert not _inside(lay, "jon", "home")


def _inside(lay: Layout, pid: str, household: str) -> bool:
    card = lay.cards[pid]
    return any(
        x <= card.left and card.right <= x + w and y <= card.y and card.bottom <= y + h
        for hid, x, y, w, h in lay.households
        if hid == household
    )


def _apart(a: tuple[float, ...], b: tuple[float, ...], gap: float = 0.0) -> bool:
    return a[2] + gap <= b[0] or b[2] + gap <= a[0] or a[3] + gap <= b[1] or b[3] + gap <= a[1]


def _layouts() -> Iterator[tuple[str, familycase.Case, Layout]]:
    for path in SCENARIOS:
        scenario = familycase.load_scenario(path)
        cases = [scenario.case_at(phase.id) for phase in scenario.phases]
        frame = scenario_frame(cases, "nb")
        for phase, case in zip(scenario.phases, cases, strict=True):
            yield f"{scenario.id}/{phase.id}", case, layout(case, "nb", frame=frame)
            yield f"{scenario.id}/{phase.id}/alone", case, layout(case, "nb")


@pytest.mark.parametrize(("name", "case", "lay"), list(_layouts()))
def test_nothing_overlaps_and_every_box_holds_its_household_only(
    name: str, case: familycase.Case, lay: Layout
) -> None:
    cards = {pid: (c.left, c.y, c.right, c.bottom) for pid, c in lay.cards.items()}
    services = {
        n.service: (n.x - SERVICE_W / 2, n.y, n.x + SERVICE_W / 2, n.y + SERVICE_H)
        for n in lay.services
    }
    boxes = [(x, y, x + w, y + h) for _, x, y, w, h in lay.households]
    for a, b in combinations([*cards.values(), *services.values()], 2):
        assert _apart(a, b, 4), name
    for a, b in combinations(boxes, 2):
        assert _apart(a, b, 4), name
    for box in [*cards.values(), *services.values(), *boxes]:
        assert min(box[0], box[1]) >= 0, name
        assert box[2] <= lay.width, name
        assert box[3] <= lay.height, name
    for service, box in services.items():
        assert all(_apart(box, b) for b in boxes), f"{name}: {service} on a household"
    for household in case.households:
        for pid in lay.cards:
            assert _inside(lay, pid, household.id) == (pid in household.members), (name, pid)
    assert all(c.right - c.left == CARD_W for c in lay.cards.values())


def test_a_suspicion_or_a_report_never_looks_confirmed(
    vignette: familycase.Scenario, vocab: Vocabularies
) -> None:
    case = vignette.case_at("phase2")
    cards = layout(case, "en").cards
    maria = {t.label: t for t in cards["maria"].tags if t.current}
    # Maria's report of the violence, the mental health service's suspicion of substance use
    assert maria["substances?"].suspected
    keys = dict(layout(case, "en").reporters)
    assert keys[maria["substances?"].keys[0]] == vocab.services.label(
        "municipal_mental_health_substance", "en"
    )
    assert keys[cards["david"].tags[0].keys[0]] == "Maria"
    # the same concerns confirmed carry no key; the tooltip names the certainty and reporter
    confirmed = case.model_copy(
        update={
            "concerns": [c.model_copy(update={"certainty": "confirmed"}) for c in case.concerns]
        }
    )
    assert not any(t.keys for c in layout(confirmed, "en").cards.values() for t in c.tags)
    assert not layout(confirmed, "en").reporters
    svg = ecomap_svg(case, "en")
    assert "(current, suspected; reported by municipal mental health" in svg
    legend = svg.split('class="fc-legend"', 1)[1]
    assert vocab.text("ecomap_reported_by").en in legend
    assert 'data-symbol="key:A"' in legend
    assert 'data-symbol="key:B"' in legend
    assert "tag:suspected" in legend


def test_keys_are_the_same_letters_in_every_phase(vignette: familycase.Scenario) -> None:
    views = list(vignette.play("nn"))
    keys = [
        dict(re.findall(r'data-symbol="key:(\w+)">.*?>([^<>]+)</text></g>', v.ecomap))
        for v in views
    ]
    letters: dict[str, str] = {}
    for found in keys:
        for letter, who in found.items():
            assert letters.setdefault(who, letter) == letter, who
    assert len(letters) >= 3  # Maria, the mental health service, the school


def test_consents_are_marked_on_who_gave_them_and_the_services(vocab: Vocabularies) -> None:
    scenario = familycase.load_scenario(familycase.scenario_path("single_father_teen"))
    before, after = scenario.case_at("phase2"), scenario.case_at("phase3")
    assert not before.consents
    assert after.consents
    assert 'data-symbol="consent"' not in ecomap_svg(before, "nb")
    svg = ecomap_svg(after, "nb")
    legend = svg.split('class="fc-legend"', 1)[1]
    assert 'data-symbol="consent"' in legend
    entry = legend.split('data-symbol="consent"', 1)[1].split("</g>", 1)[0]
    assert " ".join(re.findall(r">([^<>]+)</text>", entry)) == vocab.text("ecomap_consent").nb
    lay = layout(after, "nb")
    givers = {k.given_by for k in after.consents}
    assert {pid for pid, c in lay.cards.items() if c.consents} == givers
    covered = {s for k in after.consents for s in k.share_with}
    drawn = {n.service for n in lay.services}
    assert {n.service for n in lay.services if n.consents} == covered & drawn
    school = svg.split('data-id="school"', 1)[1].split("</g>", 1)[0]
    assert "samtykke fra Geir til å dele opplysninger om Geir og Sander" in school
    # a withdrawn consent is not drawn
    withdrawn = after.model_copy(
        update={
            "consents": [k.model_copy(update={"withdrawn_on": after.as_of}) for k in after.consents]
        }
    )
    assert 'data-symbol="consent"' not in ecomap_svg(withdrawn, "nb")
