"""The legally important behaviours, asserted on the assessment.

Sources: /work/shared/domain/law-and-services.md (§ 1.2 duty to inform, § 1.3 duty to
avert, § 1.6 consent, § 1.7–1.8 child coordinator, § 1.1 housing and youth guarantee) and
the vignette's "what the library must not get wrong".
"""

from __future__ import annotations

import random
import re
from typing import Any

import pytest
from builders import (
    ENGINES,
    CaseBuilder,
    adult,
    cited,
    evaluate,
    family,
    suggestions_for,
    with_aunt,
)

import familycase
from familycase import Assessment

TEEN = family(children={"ida": 17})
VIOLENCE_AGAINST_IDA = TEEN.concern("violence_against_child", about="father", exposed="ida")


def _unclear(assessment: Assessment, measure: str) -> Any:
    return next((u for u in assessment.unclear_duties if u.measure == measure), None)


def _fingerprint(assessment: Assessment) -> set[tuple[Any, ...]]:
    """The suggestions as a set, independent of list order."""
    return {
        (
            s.measure,
            s.obligation,
            s.responsible,
            frozenset(s.services),
            frozenset(s.persons),
            s.urgency,
            s.requires_consent,
            frozenset(s.rule_ids),
            frozenset(ref.provision for ref in s.legal_basis),
        )
        for s in assessment.suggestions
    }


# -- duty to inform child welfare -----------------------------------------------------------
@pytest.mark.parametrize("engine", ENGINES)
def test_child_of_17_exposed_to_violence_gives_the_duty_to_inform(engine: str) -> None:
    a = evaluate(VIOLENCE_AGAINST_IDA, engine=engine)
    s = a.suggestion("notify_child_welfare")
    assert s is not None
    assert s.obligation == "duty"
    assert s.responsible == "nav_office"
    assert "child_welfare" in s.services
    assert s.requires_consent is False
    assert s.persons == ["ida"]
    assert s in a.duties
    assert _unclear(a, "notify_child_welfare") is None  # the duty is settled, not unclear


@pytest.mark.parametrize("engine", ENGINES)
def test_an_adult_of_18_is_not_a_child_no_child_welfare_duty(engine: str) -> None:
    a = evaluate(VIOLENCE_AGAINST_IDA.age("ida", 18), engine=engine)
    assert a.suggestion("notify_child_welfare") is None
    assert _unclear(a, "notify_child_welfare") is None
    assert not [r for r in a.fired if r.startswith("cw_")]
    assert not [q for q in a.questions if q.settles == "notify_child_welfare"]


# -- a child exposed to violence between the adults -------------------------------------------
PARTNER_VIOLENCE_KINDS = ["partner_violence", "threats_of_violence"]


def _exposed_with_mother(kind: str = "partner_violence", **fields: Any) -> CaseBuilder:
    """Violence between the parents, with the mother and the child listed as exposed."""
    return family().concern(kind, about="father", exposed=["mother", "child"], **fields)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("kind", PARTNER_VIOLENCE_KINDS)
def test_a_child_exposed_to_violence_between_the_adults_gives_the_duty_to_inform(
    kind: str, engine: str
) -> None:
    a = evaluate(_exposed_with_mother(kind), engine=engine)
    s = a.suggestion("notify_child_welfare")
    assert s is not None
    assert s.obligation == "duty"
    assert s.rule_ids == ["cw_duty_child_exposed_to_partner_violence"]
    assert s.persons == ["child"]  # the child, not the mother
    assert s.responsible == "nav_office"
    assert "child_welfare" in s.services
    assert s.requires_consent is False
    assert {ref.provision for ref in s.legal_basis} == {"sotjl_45", "bvl_13_2_a"}
    assert _unclear(a, "notify_child_welfare") is None


@pytest.mark.parametrize("certainty", ["reported", "confirmed"])
@pytest.mark.parametrize("fields", [{}, {"severity": "moderate", "repeated": False}])
def test_the_duty_needs_no_severity_or_repetition_only_more_than_a_suspicion(
    certainty: str, fields: dict[str, Any]
) -> None:
    a = evaluate(_exposed_with_mother(certainty=certainty, **fields))
    s = a.suggestion("notify_child_welfare")
    assert s is not None
    assert s.obligation == "duty"


def test_before_2023_a_child_exposed_to_partner_violence_cites_the_1992_act() -> None:
    a = evaluate(_exposed_with_mother(), as_of="2018-06-01")
    assert cited(a, "notify_child_welfare") == {"sotjl_45", "bvl1992_6_4"}


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("kind", PARTNER_VIOLENCE_KINDS)
def test_a_child_living_with_violence_between_adults_is_exposed_though_not_listed(
    kind: str, engine: str
) -> None:
    """The child lives in the home, but only the mother is listed as exposed: the family
    graph infers that the child is exposed (it lives in the household), and the duty's reason
    says so; the rule about children listed in ``exposed`` stays silent."""
    case = family().concern(kind, about="father", exposed="mother", severity="serious")
    a = evaluate(case, engine=engine)
    assert "cw_duty_child_exposed_to_partner_violence" not in a.fired
    assert "cw_duty_child_in_violent_household" in a.fired
    report = a.suggestion("notify_child_welfare")
    assert report is not None
    assert report.persons == ["child"]
    assert "bor i samme husstand som Father" in report.reasons[0].text.nb


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("kind", PARTNER_VIOLENCE_KINDS)
def test_violence_between_adults_gives_no_duty_for_a_child_living_elsewhere(
    kind: str, engine: str
) -> None:
    """The child lives with its grandmother; only the mother is exposed: an adult is not a
    child, and nothing places the child where the violence is."""
    case = (
        family()
        .person("grandmother", 68)
        .household("gran_home", "grandmother", "child")
        .concern(kind, about="father", exposed="mother", severity="serious")
    )
    a = evaluate(case, engine=engine)
    assert a.suggestion("notify_child_welfare") is None
    assert _unclear(a, "notify_child_welfare") is None


def test_a_young_adult_of_18_exposed_with_the_mother_gives_no_child_welfare_duty() -> None:
    case = family(children={"child": 18}).concern(
        "partner_violence", about="father", exposed=["mother", "child"]
    )
    a = evaluate(case)
    assert a.suggestion("notify_child_welfare") is None
    assert _unclear(a, "notify_child_welfare") is None
    assert not [r for r in a.fired if r.startswith("cw_")]


@pytest.mark.parametrize("status", ["past", "resolved"])
@pytest.mark.parametrize("kind", PARTNER_VIOLENCE_KINDS)
def test_past_or_resolved_violence_between_the_adults_gives_no_duty(kind: str, status: str) -> None:
    a = evaluate(_exposed_with_mother(kind, status=status))
    assert "cw_duty_child_exposed_to_partner_violence" not in a.fired
    assert a.suggestion("notify_child_welfare") is None
    assert _unclear(a, "notify_child_welfare") is None


def test_a_listed_child_and_a_child_of_the_household_are_reported_by_their_own_rules() -> None:
    """Ida is listed as exposed; Per is not, but lives in the same household: one report for
    both, each child with the rule (and reason) that concerns it."""
    case = family(children={"ida": 12, "per": 7}).concern(
        "partner_violence", about="father", exposed=["mother", "ida"]
    )
    a = evaluate(case)
    s = a.suggestion("notify_child_welfare")
    assert s is not None
    assert s.persons == ["ida", "per"]
    assert s.rule_ids == [
        "cw_duty_child_exposed_to_partner_violence",
        "cw_duty_child_in_violent_household",
    ]
    inferred = [r for r in s.reasons if r.rule_id == "cw_duty_child_in_violent_household"]
    assert [r.facts[1]["person"] for r in inferred] == ["per"]
    assert "Per (7 år) er ikke registrert som utsatt" in inferred[0].text.nb


def test_partner_violence_and_witnessed_violence_give_one_report_with_both_rules() -> None:
    case = _exposed_with_mother().concern(
        "child_witnessed_violence", about="father", exposed="child"
    )
    a = evaluate(case)
    notes = [s for s in a.suggestions if s.measure == "notify_child_welfare"]
    assert len(notes) == 1
    (s,) = notes
    assert set(s.rule_ids) == {"cw_duty_violence", "cw_duty_child_exposed_to_partner_violence"}
    assert {r.rule_id for r in s.reasons} == set(s.rule_ids)
    assert s.persons == ["child"]
    assert s.obligation == "duty"
    assert {ref.provision for ref in s.legal_basis} == {"sotjl_45", "bvl_13_2_a"}


def test_the_reason_names_every_exposed_child_in_every_language() -> None:
    case = family(children={"jon": 8, "beth": 5}).concern(
        "partner_violence", about="father", exposed=["mother", "jon", "beth"]
    )
    s = evaluate(case).suggestion("notify_child_welfare")
    assert s is not None
    assert s.persons == ["jon", "beth"]
    (reason,) = s.reasons
    text = reason.text
    assert "Jon og Beth" in text.nb
    assert "Jon og Beth" in text.nn
    assert "Jon and Beth" in text.en
    assert "barnet" not in text.nb
    assert "barnet" not in text.nn
    # no English verb agrees with the joined names ("mistreatment of Jon and Beth is": fine)
    assert not re.search(r"(?<!of )Jon and Beth (is|has|was)\b", text.en), text.en
    assert "Mother" not in text.nb + text.nn + text.en  # the adult is not reported here


@pytest.mark.parametrize("kind", PARTNER_VIOLENCE_KINDS)
def test_a_suspected_exposure_of_a_child_leaves_the_duty_unclear_with_a_question(
    kind: str,
) -> None:
    a = evaluate(_exposed_with_mother(kind, certainty="suspected", severity="serious"))
    assert a.suggestion("notify_child_welfare") is None
    unclear = _unclear(a, "notify_child_welfare")
    assert unclear is not None
    assert unclear.persons == ["child"]
    assert "cw_unclear_suspicion" in unclear.rule_ids
    settling = [q for q in a.questions if q.settles == "notify_child_welfare"]
    assert settling
    for q in settling:
        assert q.persons == ["child"]
        assert q.text in unclear.questions


@pytest.mark.parametrize("certainty", ["reported", "suspected"])
def test_a_child_exposed_to_partner_violence_is_never_called_below_the_threshold(
    certainty: str,
) -> None:
    """The reviewer's case: with a parent's financial difficulties, the consent route said
    there was "no reason to believe" the duty's conditions were met."""
    case = _exposed_with_mother(certainty=certainty).concern("financial_difficulty", about="mother")
    a = evaluate(case)
    assert "cw_contact_needs_consent" not in a.fired
    assert a.suggestion("contact_child_welfare_with_consent") is None
    duty = a.suggestion("notify_child_welfare")
    assert (duty is not None and duty.obligation == "duty") or _unclear(
        a, "notify_child_welfare"
    ) is not None
    for s in a.suggestions:
        for r in s.reasons:
            assert "ikke grunn til å tro" not in r.text.nb
            assert "no reason to believe" not in r.text.en


def test_a_parent_exposed_while_the_child_lives_elsewhere_leaves_the_consent_route_open() -> None:
    """Control: violence against the mother only, and her depression (moderate, once); the
    child lives with its grandmother, away from the violence: contact with child welfare
    still needs consent."""
    case = (
        _partner_violence()
        .person("grandmother", 68)
        .household("gran_home", "grandmother", "child")
        .concern("depression", about="mother", severity="moderate", repeated=False)
    )
    a = evaluate(case)
    assert "cw_contact_needs_consent" in a.fired
    assert a.suggestion("notify_child_welfare") is None


# -- law by date ----------------------------------------------------------------------------
def test_before_2023_the_duty_cites_the_1992_child_welfare_act() -> None:
    a = evaluate(VIOLENCE_AGAINST_IDA, as_of="2018-06-01")
    s = a.suggestion("notify_child_welfare")
    assert s is not None
    refs = {ref.provision: ref for ref in s.legal_basis}
    assert set(refs) == {"sotjl_45", "bvl1992_6_4"}
    assert refs["bvl1992_6_4"].law == "barnevernloven_1992"
    assert refs["bvl1992_6_4"].section == "6-4"
    assert refs["sotjl_45"].law == "sosialtjenesteloven"
    assert not any(p.startswith("bvl_13_2") for p in refs)


def test_from_2023_the_duty_cites_the_2021_child_welfare_act() -> None:
    a = evaluate(VIOLENCE_AGAINST_IDA, as_of="2025-06-01")
    s = a.suggestion("notify_child_welfare")
    assert s is not None
    refs = {ref.provision: ref for ref in s.legal_basis}
    assert set(refs) == {"sotjl_45", "bvl_13_2_a"}
    assert refs["bvl_13_2_a"].law == "barnevernsloven"
    assert refs["bvl_13_2_a"].section == "13-2"
    assert not any(ref.law == "barnevernloven_1992" for ref in s.legal_basis)


@pytest.mark.parametrize(
    ("as_of", "act_1992", "act_2021"),
    [("2022-12-31", True, False), ("2023-01-01", False, True)],
)
def test_the_child_welfare_act_changes_on_1_january_2023(
    as_of: str, act_1992: bool, act_2021: bool
) -> None:
    provisions = cited(evaluate(VIOLENCE_AGAINST_IDA, as_of=as_of), "notify_child_welfare")
    assert ("bvl1992_6_4" in provisions) is act_1992
    assert ("bvl_13_2_a" in provisions) is act_2021
    assert "sotjl_45" in provisions


@pytest.mark.parametrize(("as_of", "in_force"), [("2023-06-30", False), ("2023-07-01", True)])
def test_youth_followup_cites_the_youth_guarantee_from_july_2023(
    as_of: str, in_force: bool
) -> None:
    a = evaluate(adult("tomas", 20).concern("job_loss", "tomas"), as_of=as_of)
    provisions = cited(a, "youth_followup")
    assert {"sotjl_17", "nav_loven_14a"} <= provisions
    assert ("ungdomsgarantien" in provisions) is in_force


@pytest.mark.parametrize(("as_of", "in_force"), [("2023-06-30", False), ("2023-07-01", True)])
def test_housing_cites_the_housing_act_from_july_2023(as_of: str, in_force: bool) -> None:
    a = evaluate(adult().concern("housing_instability", "ola"), as_of=as_of)
    provisions = cited(a, "housing_assistance")
    assert "sotjl_15" in provisions
    assert ("boligsosial_lov_6" in provisions) is in_force


@pytest.mark.parametrize(("as_of", "exists"), [("2022-07-31", False), ("2022-08-01", True)])
def test_the_child_coordinator_exists_from_august_2022(as_of: str, exists: bool) -> None:
    case = family().concern("child_serious_illness", about="child")
    a = evaluate(case, as_of=as_of)
    assert ("child_coordinator_serious_illness" in a.fired) is exists
    s = a.suggestion("child_coordinator")
    assert (s is not None) is exists
    if s is not None:
        assert {"hol_7_2a", "pbrl_2_5c"} <= cited(a, "child_coordinator")
        assert s.persons == ["child"]
        assert s.requires_consent is True


# -- suspected vs reported ------------------------------------------------------------------
def test_a_suspected_care_concern_gives_an_unclear_duty_not_a_duty() -> None:
    case = family().concern(
        "care_concern", about="mother", exposed="child", certainty="suspected", source="school"
    )
    a = evaluate(case)
    assert a.suggestion("notify_child_welfare") is None
    unclear = _unclear(a, "notify_child_welfare")
    assert unclear is not None
    assert unclear.persons == ["child"]
    settling = [q for q in a.questions if q.settles == "notify_child_welfare"]
    assert settling, "the unclear duty must come with the question that settles it"
    for q in settling:
        assert q.text in unclear.questions
        assert q.persons == ["child"]
    assert {"cw_unclear_suspicion", "cw_unclear_care_concern"} <= set(unclear.rule_ids)
    assert "sotjl_45" in {ref.provision for ref in unclear.legal_basis}


def test_a_reported_serious_care_concern_gives_the_duty() -> None:
    case = family().concern(
        "care_concern", about="mother", exposed="child", severity="serious", source="school"
    )
    a = evaluate(case)
    s = a.suggestion("notify_child_welfare")
    assert s is not None
    assert s.obligation == "duty"
    assert s.rule_ids == ["cw_duty_serious_care_concern"]
    assert s.requires_consent is False
    assert _unclear(a, "notify_child_welfare") is None


# -- one measure, several rules -------------------------------------------------------------
def test_two_rules_for_the_same_child_give_one_suggestion_with_both_bases() -> None:
    case = VIOLENCE_AGAINST_IDA.concern("child_behaviour_problems", about="ida", repeated=True)
    a = evaluate(case)
    notes = [s for s in a.suggestions if s.measure == "notify_child_welfare"]
    assert len(notes) == 1
    (s,) = notes
    assert set(s.rule_ids) == {"cw_duty_violence", "cw_duty_behaviour"}
    assert {ref.provision for ref in s.legal_basis} == {"sotjl_45", "bvl_13_2_a", "bvl_13_2_c"}
    assert {r.rule_id for r in s.reasons} == set(s.rule_ids)
    assert s.obligation == "duty"


def test_two_rules_for_two_children_of_one_family_give_one_report() -> None:
    case = (
        family(children={"ida": 15, "per": 9})
        .concern("child_substance_use", about="ida", severity="serious")
        .concern("serious_neglect", about="mother", exposed="per")
    )
    a = evaluate(case, as_of="2020-01-01")
    notes = [s for s in a.suggestions if s.measure == "notify_child_welfare"]
    assert len(notes) == 1
    (s,) = notes
    assert set(s.rule_ids) == {"cw_duty_behaviour_serious", "cw_duty_neglect"}
    assert s.persons == ["ida", "per"]
    # union of the bases in force in 2020 (the 2021 act's letters are not yet in force)
    assert {ref.provision for ref in s.legal_basis} == {"sotjl_45", "bvl1992_6_4"}


# -- duty to avert --------------------------------------------------------------------------
def _partner_violence(**fields: Any) -> CaseBuilder:
    return family().concern("partner_violence", about="father", exposed="mother", **fields)


@pytest.mark.parametrize(
    "fields", [{"severity": "serious"}, {"repeated": True}], ids=["serious", "repeated"]
)
def test_serious_or_repeated_violence_gives_the_duty_to_avert(fields: dict[str, Any]) -> None:
    a = evaluate(_partner_violence(**fields))
    s = a.suggestion("notify_police")
    assert s is not None
    assert s.obligation == "duty"
    assert s.urgency == "immediate"
    assert s.responsible == "nav_office"
    assert "police" in s.services
    assert s.persons == ["mother"]
    assert s.requires_consent is False
    assert {"strl_196", "strl_282"} <= cited(a, "notify_police")
    assert _unclear(a, "notify_police") is None


def test_violence_of_unknown_severity_and_repetition_leaves_the_duty_to_avert_unclear() -> None:
    a = evaluate(_partner_violence())
    assert a.suggestion("notify_police") is None
    unclear = _unclear(a, "notify_police")
    assert unclear is not None
    assert unclear.persons == ["mother"]
    questions = [q for q in a.questions if q.settles == "notify_police"]
    assert len(questions) == 1
    assert "avert_unclear_severity" in questions[0].rule_ids
    assert questions[0].urgency == "immediate"
    assert questions[0].text in unclear.questions


def test_violence_known_to_be_moderate_and_single_gives_no_duty_to_avert() -> None:
    a = evaluate(_partner_violence(severity="moderate", repeated=False))
    assert a.suggestion("notify_police") is None
    assert _unclear(a, "notify_police") is None


def test_serious_repeated_threats_in_a_close_relationship_give_the_duty_to_avert() -> None:
    case = family().concern(
        "threats_of_violence",
        about="father",
        exposed="mother",
        severity="serious",
        repeated=True,
    )
    s = evaluate(case).suggestion("notify_police")
    assert s is not None
    assert s.obligation == "duty"


# -- missing information is never a silent "no" ---------------------------------------------
GAPS = [
    pytest.param(
        _partner_violence(severity="serious", certainty="suspected"),
        "notify_police",
        id="suspected-serious-partner-violence",
    ),
    pytest.param(
        family(children={"kid": None}).concern(
            "violence_against_child", about="father", exposed="kid"
        ),
        "notify_child_welfare",
        id="child-of-unknown-age-exposed-to-violence",
    ),
    pytest.param(
        family(children={"teen": 15}).concern("child_substance_use", about="teen"),
        "notify_child_welfare",
        id="reported-child-substance-use-severity-unknown",
    ),
    pytest.param(
        family().concern(
            "untreated_illness", about="mother", exposed="child", certainty="suspected"
        ),
        "notify_child_welfare",
        id="suspected-untreated-illness",
    ),
    pytest.param(
        _partner_violence(),
        "notify_police",
        id="control-violence-of-unknown-severity",
    ),
    pytest.param(
        family().concern(
            "partner_violence", about="father", exposed=["mother", "child"], certainty="suspected"
        ),
        "notify_child_welfare",
        id="suspected-partner-violence-with-the-child-exposed",
    ),
    pytest.param(
        family().concern("threats_of_violence", about="father", exposed=["mother", "child"]),
        "notify_child_welfare",
        id="threats-with-the-child-exposed",
    ),
    pytest.param(
        family().concern("serious_neglect", about="mother", exposed="child", certainty="suspected"),
        "notify_child_welfare",
        id="control-suspected-neglect",
    ),
]


@pytest.mark.parametrize(("case", "measure"), GAPS)
def test_a_possible_duty_is_a_duty_or_an_unclear_duty(case: CaseBuilder, measure: str) -> None:
    a = evaluate(case)
    duty = a.suggestion(measure)
    assert (duty is not None and duty.obligation == "duty") or _unclear(a, measure) is not None


# -- below the threshold: consent -----------------------------------------------------------
BELOW_THRESHOLD = [
    ("financial_difficulty", {}),
    ("financial_difficulty", {"severity": "serious", "repeated": True, "certainty": "confirmed"}),
    ("housing_instability", {"severity": "serious"}),
    ("homelessness", {}),
    ("unemployment", {}),
    ("job_loss", {"severity": "serious"}),
]


@pytest.mark.parametrize(("kind", "fields"), BELOW_THRESHOLD)
def test_financial_or_housing_difficulties_never_give_the_duty_to_inform_or_the_consent_route(
    kind: str, fields: dict[str, Any]
) -> None:
    """Money, housing or work trouble alone is no reason to contact child welfare, not even
    with consent: then child welfare refers the family to Nav (guideline ch. 3.3)."""
    case = family().concern(kind, about=["mother", "father"], exposed="child", **fields)
    a = evaluate(case)
    assert a.suggestion("notify_child_welfare") is None
    assert _unclear(a, "notify_child_welfare") is None
    assert a.suggestion("contact_child_welfare_with_consent") is None


def test_a_parents_moderate_single_trouble_below_the_threshold_needs_consent() -> None:
    case = family().concern("depression", about="mother", severity="moderate", repeated=False)
    a = evaluate(case)
    assert a.suggestion("notify_child_welfare") is None
    assert _unclear(a, "notify_child_welfare") is None
    s = a.suggestion("contact_child_welfare_with_consent")
    assert s is not None
    assert s.obligation == "recommendation"
    assert s.requires_consent is True
    assert s.rule_ids == ["cw_contact_needs_consent"]
    assert s.persons == ["child"]


def test_the_consent_route_is_not_offered_while_the_duty_is_unclear() -> None:
    case = family().concern("depression", about="mother")  # severity not recorded
    a = evaluate(case)
    assert _unclear(a, "notify_child_welfare") is not None
    assert a.suggestion("contact_child_welfare_with_consent") is None


def test_once_the_parent_consents_contact_is_made_with_consent() -> None:
    struggling = (
        family()
        .concern("depression", about="mother", severity="moderate", repeated=False)
        .concern("housing_instability", about="mother")
    )
    before = evaluate(struggling)
    assert "cw_contact_needs_consent" in before.fired
    assert "cw_contact_with_consent_given" not in before.fired

    # the father's parental responsibility is not recorded: his consent is needed too
    mother_only = evaluate(struggling.consent("mother", "child_welfare"))
    assert "cw_contact_needs_consent" in mother_only.fired
    assert "cw_contact_with_consent_given" not in mother_only.fired
    waiting = mother_only.suggestion("contact_child_welfare_with_consent")
    assert waiting is not None
    assert [r.text.en for r in waiting.reasons if "Father" in r.text.en]
    assert not [r.text.en for r in waiting.reasons if "from Mother is missing" in r.text.en]

    after = evaluate(struggling.consent("mother", "child_welfare").consent("father"))
    assert "cw_contact_needs_consent" not in after.fired
    assert "cw_contact_with_consent_given" in after.fired
    s = after.suggestion("contact_child_welfare_with_consent")
    assert s is not None
    assert s.rule_ids == ["cw_contact_with_consent_given"]
    assert s.obligation == "recommendation"
    assert s.requires_consent is True
    assert after.suggestion("notify_child_welfare") is None


def test_only_parents_with_parental_responsibility_are_asked_for_consent() -> None:
    base = (
        family()
        .concern("depression", about="mother", severity="moderate", repeated=False)
        .care("mother", "child", responsibility=True)
    )
    # the father has no parental responsibility: the mother's consent opens the route
    no_pr = evaluate(base.care("father", "child", responsibility=False).consent("mother"))
    assert "cw_contact_with_consent_given" in no_pr.fired
    assert "cw_contact_needs_consent_from_responsible_parent" not in no_pr.fired
    # ... but his consent alone opens nothing, and the mother is named
    his = evaluate(base.care("father", "child", responsibility=False).consent("father"))
    assert "cw_contact_with_consent_given" not in his.fired
    s = his.suggestion("contact_child_welfare_with_consent")
    assert s is not None
    assert s.rule_ids == ["cw_contact_needs_consent_from_responsible_parent"]
    assert any(
        "Parental responsibility for Child is recorded for Mother" in r.text.en for r in s.reasons
    )
    assert not any("Father" in r.text.en for r in s.reasons)


def test_consent_to_another_service_is_not_consent_to_child_welfare() -> None:
    case = (
        family()
        .concern("depression", about="mother", severity="moderate", repeated=False)
        .consent("mother", "school")
    )
    a = evaluate(case)
    assert "cw_contact_needs_consent" in a.fired
    assert "cw_contact_with_consent_given" not in a.fired


def test_a_teenager_over_15_and_the_parent_both_consenting_allows_contact() -> None:
    case = (
        family(children={"teen": 16})
        .care("father", "teen", responsibility=False)
        .concern("financial_difficulty", about="mother")
        .consent("mother")
        .consent("teen")
    )
    a = evaluate(case)
    assert "cw_contact_with_consent_given_over_15" in a.fired
    assert "cw_contact_needs_consent" not in a.fired
    assert "cw_contact_needs_child_consent" not in a.fired


def test_a_parents_consent_alone_is_not_enough_for_a_child_over_15() -> None:
    case = (
        family(children={"teen": 16})
        .concern("financial_difficulty", about="mother")
        .consent("mother")
    )
    a = evaluate(case)
    assert "cw_contact_with_consent_given" not in a.fired
    assert "cw_contact_with_consent_given_over_15" not in a.fired
    assert "cw_contact_needs_child_consent" in a.fired
    consent = a.suggestion("request_consent")
    assert consent is not None
    assert consent.persons == ["teen"]


def test_a_temporary_carers_consent_is_not_the_parents_consent() -> None:
    case = with_aunt().concern("housing_instability", about="mother").consent("aunt")
    a = evaluate(case)
    assert "cw_contact_with_consent_given" not in a.fired


CHILD_WELFARE_BELOW_THRESHOLD = [
    pytest.param(
        family().concern("financial_difficulty", about="mother"), id="financial-difficulty"
    ),
    pytest.param(
        with_aunt().relation("aunt_uncle", "aunt", "child"),
        id="child-lives-with-aunt",
    ),
    pytest.param(
        family().concern(
            "child_witnessed_violence", about="father", exposed="child", certainty="suspected"
        ),
        id="suspected-witnessed-violence",
    ),
]


@pytest.mark.parametrize("case", CHILD_WELFARE_BELOW_THRESHOLD)
def test_below_the_threshold_involving_child_welfare_needs_consent(case: CaseBuilder) -> None:
    a = evaluate(case)
    assert a.suggestion("notify_child_welfare") is None
    involving = [
        s
        for s in a.suggestions
        if s.responsible == "child_welfare" or "child_welfare" in s.services
    ]
    for s in involving:
        assert s.requires_consent, s


# -- work first does not come first ---------------------------------------------------------
def test_an_unemployed_parent_whose_child_is_exposed_to_violence_gets_money_not_work() -> None:
    case = (
        family()
        .concern("unemployment", about="mother")
        .concern("child_witnessed_violence", about="father", exposed="child")
    )
    a = evaluate(case)
    money = suggestions_for(a, "financial_assistance", "mother")
    assert money
    assert "family_first_financial_help" in money[0].rule_ids
    assert a.suggestion("work_oriented_followup") is None


@pytest.mark.parametrize(
    ("kind", "rule_id"),
    [
        ("financial_difficulty", "financial_help_money_trouble"),
        ("unemployment", "carer_financial_help"),
        ("job_loss", "carer_financial_help"),
    ],
)
def test_a_parent_living_with_a_child_and_without_income_gets_financial_assistance(
    kind: str, rule_id: str
) -> None:
    """sosialtjenesteloven § 18, also without a care crisis (below_threshold: Camilla)."""
    a = evaluate(family().concern(kind, about="mother"))
    money = suggestions_for(a, "financial_assistance", "mother")
    assert len(money) == 1
    assert money[0].rule_ids == [rule_id]
    assert money[0].obligation == "recommendation"
    assert money[0].responsible == "nav_office"
    assert money[0].urgency == "soon"
    assert "sotjl_18" in cited(a, "financial_assistance")
    assert not suggestions_for(a, "financial_assistance", "father")


@pytest.mark.parametrize(
    "case",
    [
        family().concern("unemployment", about="mother", status="resolved"),
        family().concern("uncertain_work", about="mother"),
        family().concern("unemployment", about="mother", certainty="suspected"),
        adult().concern("unemployment", "ola"),
    ],
    ids=["resolved", "other_kind", "suspected", "no_child"],
)
def test_no_carer_financial_assistance_without_its_conditions(case: CaseBuilder) -> None:
    assert "carer_financial_help" not in evaluate(case).fired


# -- § 18 for every adult with money trouble -------------------------------------------------
_MONEY_TROUBLE = {
    # a grandmother (68) caring for her grandchild, the parents elsewhere
    "grandmother_caring": CaseBuilder()
    .person("grandmother", 68)
    .person("child", 7)
    .relation("temporary_carer", "grandmother", "child")
    .household("gran_home", "grandmother", "child")
    .concern("financial_difficulty", "grandmother"),
    # a father who has the children on contact weekends and lives alone
    "contact_weekends": family()
    .household("father_flat", "father")
    .concern("financial_difficulty", "father"),
    # an 18-year-old who has left a violent home
    "fleeing_violence_at_18": family(children={"ida": 18})
    .household("ida_room", "ida")
    .concern("threats_of_violence", about="father", exposed="ida")
    .concern("financial_difficulty", "ida"),
    # a woman exposed to violence with no money of her own
    "victim_without_money": family()
    .concern("partner_violence", about="father", exposed="mother")
    .concern("financial_difficulty", "mother"),
}


@pytest.mark.parametrize("name", sorted(_MONEY_TROUBLE))
def test_every_adult_with_money_trouble_gets_financial_assistance(name: str) -> None:
    case = _MONEY_TROUBLE[name]
    person = case.build()["concerns"][-1]["about"][0]
    a = evaluate(case)
    (money,) = suggestions_for(a, "financial_assistance", person)
    assert "financial_help_money_trouble" in money.rule_ids
    assert "sotjl_18" in {ref.provision for ref in money.legal_basis}


def test_a_suspected_money_trouble_is_not_treated_as_one() -> None:
    a = evaluate(adult().concern("financial_difficulty", "ola", certainty="suspected"))
    assert a.suggestion("financial_assistance") is None


def test_a_parent_with_the_child_on_contact_visits_and_out_of_work_gets_assistance() -> None:
    a = evaluate(family().household("father_flat", "father").concern("unemployment", "father"))
    (money,) = suggestions_for(a, "financial_assistance", "father")
    assert money.rule_ids == ["carer_financial_help"]


def test_a_care_crisis_gives_financial_assistance_once_not_twice() -> None:
    case = (
        family()
        .concern("unemployment", about="mother")
        .concern("child_witnessed_violence", about="father", exposed="child")
    )
    a = evaluate(case)
    assert "carer_financial_help" not in a.fired
    money = suggestions_for(a, "financial_assistance", "mother")
    assert len(money) == 1
    assert money[0].rule_ids == ["family_first_financial_help"]


def test_an_unemployed_adult_without_children_or_crisis_gets_work_followup() -> None:
    a = evaluate(adult().concern("unemployment", "ola"))
    s = a.suggestion("work_oriented_followup")
    assert s is not None
    assert s.persons == ["ola"]
    assert s.obligation == "recommendation"
    assert "nav_loven_14a" in cited(a, "work_oriented_followup")
    assert a.suggestion("financial_assistance") is None


def test_an_unemployed_victim_of_current_violence_gets_no_work_followup() -> None:
    case = (
        adult()
        .person("partner", 41)
        .household("ola_home", "ola", "partner")
        .relation("partner", "ola", "partner")
        .concern("unemployment", "ola")
        .concern("partner_violence", about="partner", exposed="ola", severity="serious")
    )
    assert evaluate(case).suggestion("work_oriented_followup") is None


# -- child coordinator ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "case",
    [
        pytest.param(family(), id="no-concern"),
        pytest.param(
            family().concern("child_distress", about="child", source="school"),
            id="child-in-distress",
        ),
        pytest.param(
            family(children={"teen": 15}).concern(
                "child_behaviour_problems", about="teen", repeated=True
            ),
            id="behaviour-problems",
        ),
        pytest.param(
            family().concern("depression", about="mother").service("dps", "mother"),
            id="ill-parent",
        ),
        pytest.param(
            family(children={"sara": 18}).concern("child_serious_illness", about="sara"),
            id="seriously-ill-but-18",
        ),
        pytest.param(
            family().concern("child_serious_illness", about="child", status="resolved"),
            id="illness-resolved",
        ),
    ],
)
def test_no_child_coordinator_without_a_seriously_ill_or_disabled_child(
    case: CaseBuilder,
) -> None:
    a = evaluate(case)
    assert a.suggestion("child_coordinator") is None
    assert "child_coordinator_serious_illness" not in a.fired


# -- order and determinism ------------------------------------------------------------------
RICH = (
    family(parents={"mother": 38, "father": 40}, children={"ida": 15, "per": 7})
    .person("tomas", 20)
    .household("home", "mother", "father", "ida", "per", "tomas")
    .concern("partner_violence", about="father", exposed="mother", severity="serious")
    .concern("child_witnessed_violence", about="father", exposed=["ida", "per"])
    .concern("unemployment", about="mother")
    .concern("depression", about="tomas")
    .concern("job_loss", about="tomas")
    .concern("homelessness", about="tomas", status="past")
    .service("gp", "mother", "waiting")
    .service("school", "ida")
)


@pytest.mark.parametrize("engine", ENGINES)
def test_duties_come_first(engine: str) -> None:
    a = evaluate(RICH, engine=engine)
    kinds = [s.obligation for s in a.suggestions]
    assert {"notify_child_welfare", "notify_police"} <= {s.measure for s in a.duties}
    assert "recommendation" in kinds
    first_recommendation = kinds.index("recommendation")
    assert all(k == "recommendation" for k in kinds[first_recommendation:])
    # within each obligation, more urgent first
    order = {"immediate": 0, "soon": 1, "planned": 2}
    for obligation in ("duty", "recommendation"):
        urgencies = [order[s.urgency] for s in a.suggestions if s.obligation == obligation]
        assert urgencies == sorted(urgencies)


@pytest.mark.parametrize("engine", ENGINES)
def test_the_same_case_twice_gives_equal_assessments(engine: str) -> None:
    assert evaluate(RICH, engine=engine) == evaluate(RICH, engine=engine)


def test_every_engine_gives_the_same_suggestions() -> None:
    *engines, reference = (evaluate(RICH, engine=e) for e in ENGINES)
    for engine in engines:
        assert engine.fired == reference.fired
        assert engine.suggestions == reference.suggestions
        assert engine.questions == reference.questions
        assert engine.unclear_duties == reference.unclear_duties


def _shuffled(data: dict[str, Any], seed: int) -> dict[str, Any]:
    rnd = random.Random(seed)
    out = dict(data)
    for key in ("persons", "relations", "households", "concerns", "services"):
        items = list(out[key])
        rnd.shuffle(items)
        out[key] = items
    return out


def test_the_order_of_persons_does_not_change_the_suggestions() -> None:
    data = RICH.build()
    base = evaluate(data)
    reversed_persons = {**data, "persons": list(reversed(data["persons"]))}
    assert _fingerprint(evaluate(reversed_persons)) == _fingerprint(base)
    for seed in range(3):
        again = evaluate(_shuffled(data, seed))
        assert _fingerprint(again) == _fingerprint(base)
        assert set(again.fired) == set(base.fired)


def test_the_order_of_persons_in_the_vignette_does_not_change_the_suggestions() -> None:
    scenario = familycase.load_scenario(familycase.scenario_path("maria_and_david"))
    for phase in scenario.phases:
        data = scenario.case_at(phase.id).model_dump(by_alias=True, mode="json")
        base = evaluate(data)
        reversed_persons = {**data, "persons": list(reversed(data["persons"]))}
        assert _fingerprint(evaluate(reversed_persons)) == _fingerprint(base), phase.id


# -- cooperation ------------------------------------------------------------------------------
def test_cooperate_with_the_service_that_raised_the_concern() -> None:
    case = (
        adult()
        .service("municipal_mental_health_substance", "ola")
        .concern(
            "depression",
            "ola",
            source="professional",
            reported_by="municipal_mental_health_substance",
        )
    )
    s = evaluate(case).suggestion("cooperation_meeting")
    assert s is not None
    assert s.services == ["municipal_mental_health_substance"]
    assert s.requires_consent is True


def test_only_the_service_that_raised_the_concern_is_named_as_its_source() -> None:
    case = (
        adult()
        .service("gp", "ola")
        .service("municipal_mental_health_substance", "ola")
        .concern(
            "depression",
            "ola",
            source="professional",
            reported_by="municipal_mental_health_substance",
        )
    )
    s = evaluate(case).suggestion("cooperation_meeting")
    assert s is not None
    assert "gp" not in s.services


# -- a suspicion is never a crisis, and never "out of work" either --------------------------
def test_a_suspected_substance_problem_derives_no_care_crisis_and_does_not_block_work() -> None:
    """An anonymous "she seems to drink" is a suspicion: no care crisis, work follow-up stays."""
    case = family().concern("unemployment", about="mother")
    a = evaluate(case.concern("substance_problem", about="mother", certainty="suspected"))
    assert not [f for f in a.fired if f.startswith("derive_care_crisis")]
    assert "family_first_financial_help" not in a.fired
    assert suggestions_for(a, "work_oriented_followup", "mother")
    (work,) = suggestions_for(a, "work_oriented_followup", "mother")
    text = work.reasons[0].text
    assert "records no crisis" in text.en
    assert "ingen krise" in text.nb
    assert "inga krise" in text.nn
    # the same concern, reported: a crisis, and no work first
    b = evaluate(case.concern("substance_problem", about="mother"))
    assert "derive_care_crisis_substance" in b.fired
    assert not suggestions_for(b, "work_oriented_followup", "mother")


def test_an_evicted_father_with_small_children_gets_housing_not_work() -> None:
    case = family(parents={"father": 35}, children={"ida": 3, "per": 1}).concern(
        "unemployment", about="father"
    )
    evicted = case.concern("housing_instability", about="father", severity="serious")
    a = evaluate(evicted)
    assert suggestions_for(a, "housing_assistance", "father")
    assert not suggestions_for(a, "work_oriented_followup", "father")
    assert not suggestions_for(a, "work_training", "father")
    assert suggestions_for(evaluate(case), "work_oriented_followup", "father")


def test_suspected_unemployment_gives_no_work_followup() -> None:
    a = evaluate(adult().concern("unemployment", "ola", certainty="suspected"))
    assert a.suggestion("work_oriented_followup") is None


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        ("2023-06-30", {"sotjl_15"}),
        ("2023-07-01", {"sotjl_15", "boligsosial_lov_6"}),
    ],
)
def test_housing_assistance_cites_the_law_in_force(as_of: str, expected: set[str]) -> None:
    a = evaluate(adult().concern("homelessness", "ola").on(as_of))
    assert cited(a, "housing_assistance") == expected


def test_temporary_accommodation_is_for_adults_and_young_adults_only() -> None:
    base = family(children={"ida": 17})
    assert (
        evaluate(base.concern("homelessness", "ida")).suggestion("temporary_accommodation") is None
    )
    grown = base.age("ida", 18).concern("homelessness", "ida")
    assert suggestions_for(evaluate(grown), "temporary_accommodation", "ida")
