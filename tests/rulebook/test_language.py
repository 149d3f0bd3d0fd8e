"""The rule language works as ``docs/rules.md`` documents it.

Each test writes a small rule file to ``tmp_path``, loads it with ``load_rulebook`` (a
single file uses the shipped vocabularies and provisions) and evaluates a tiny case with
both engines (durable_rules and the reference evaluator).
"""

from __future__ import annotations

import copy
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import familycase
from familycase.assess.assessment import Assessment
from familycase.rules.rulebook import Rulebook, load_rulebook

ENGINES = ["durable", "reference"]

# mor (34) and far (36) live with barn (8); ung (19) is mor's son and lives alone;
# bestemor (70) is mor's mother.
_FAMILY: dict[str, Any] = {
    "id": "language_case",
    "as_of": "2024-06-01",
    "persons": [
        {"id": "mor", "name": "Kari", "age": 34},
        {"id": "far", "name": "Per", "age": 36},
        {"id": "barn", "name": "Ola", "age": 8},
        {"id": "ung", "name": "Siri", "age": 19},
        {"id": "bestemor", "name": "Astrid", "age": 70},
        {"id": "myndig", "name": "Nils", "age": 18},
    ],
    "relations": [
        {"id": "r1", "kind": "parent", "from": "mor", "to": "barn"},
        {"id": "r2", "kind": "parent", "from": "far", "to": "barn"},
        {"id": "r3", "kind": "parent", "from": "mor", "to": "ung"},
        {"id": "r4", "kind": "parent", "from": "bestemor", "to": "mor"},
        {"id": "r5", "kind": "partner", "from": "mor", "to": "far"},
    ],
    "households": [{"id": "home", "members": ["mor", "far", "barn"]}],
    "concerns": [
        {
            "id": "c_rus",
            "kind": "substance_problem",
            "about": ["mor"],
            "source": "self_report",
            "certainty": "reported",
            "status": "current",
        },
        {
            "id": "c_dep",
            "kind": "depression",
            "about": ["far"],
            "source": "professional",
            "certainty": "confirmed",
            "status": "current",
            "severity": "serious",
        },
        {
            "id": "c_job",
            "kind": "job_loss",
            "about": ["bestemor"],
            "source": "self_report",
            "certainty": "reported",
            "status": "past",
        },
    ],
    "services": [
        {"service": "school", "person": "barn", "status": "active"},
        {"service": "gp", "person": "far", "status": "active"},
        {"service": "dps", "person": "far", "status": "waiting"},
    ],
}


def family(**changes: Any) -> dict[str, Any]:
    """The test family, with top-level fields replaced."""
    case = copy.deepcopy(_FAMILY)
    case.update(changes)
    return case


def rule(
    rid: str,
    body: str,
    *,
    then: str = "",
    reason: str = "{person}",
    title: str = "Test",
    reason_nn: str | None = None,
    reason_en: str | None = None,
) -> str:
    """One rule in YAML: id, title, reason (nb; nn and en default to nb), body and then."""

    def q(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    head = (
        f"- id: {rid}\n"
        f"  title: {{nb: {q(title)}, nn: {q(title)}, en: {q(title)}}}\n"
        f"  reason: {{nb: {q(reason)}, nn: {q(reason_nn or reason)}, "
        f"en: {q(reason_en or reason)}}}\n"
    )
    parts = [textwrap.dedent(part).strip() + "\n" for part in (body, then) if part]
    return head + textwrap.indent("".join(parts), "  ")


def suggest(person: str, measure: str = "gp_consultation") -> str:
    """A ``then`` recommending ``measure`` for ``person`` (a reference like ``$x.pid``)."""
    return (
        f"then:\n  suggest: {{measure: {measure}, obligation: recommendation, "
        f"responsible: nav_office, persons: [{person}], urgency: planned}}\n"
    )


@pytest.fixture
def book(tmp_path: Path) -> Callable[..., Rulebook]:
    """``book(rule, rule, ...)``: write the rules to a file and load it."""
    counter = iter(range(1000))

    def make(*rules: str) -> Rulebook:
        path = tmp_path / f"rules_{next(counter)}.yaml"
        text = "rules:\n" + "".join(textwrap.indent(r, "  ") for r in rules)
        path.write_text(text, encoding="utf-8")
        return load_rulebook(path)

    return make


@pytest.fixture(params=ENGINES)
def run(request: pytest.FixtureRequest) -> Callable[..., Assessment]:
    """``run(rulebook, case=None, as_of=None)`` with one engine."""
    engine = request.param

    def evaluate(rb: Rulebook, case: dict[str, Any] | None = None, **kw: Any) -> Assessment:
        return familycase.evaluate(case or family(), rulebook=rb, engine=engine, **kw)

    return evaluate


def persons(assessment: Assessment, measure: str = "gp_consultation") -> list[str]:
    """Everyone some suggestion of ``measure`` concerns, sorted."""
    return sorted({p for s in assessment.suggestions if s.measure == measure for p in s.persons})


# -- conditions ----------------------------------------------------------------------------
def test_equality(book: Callable[..., Rulebook], run: Callable[..., Assessment]) -> None:
    rb = book(rule("eq", "when:\n  - person: {age_group: child}\n", then=suggest("$person.pid")))
    assert persons(run(rb)) == ["barn"]


def test_equality_on_vocabulary_and_enum_fields(
    book: Callable[..., Rulebook], run: Callable[..., Assessment]
) -> None:
    rb = book(
        rule(
            "eq_concern",
            "when:\n  - concern: {category: mental_health, severity: serious, status: current}\n",
            then=suggest("$concern.person"),
            reason="{concern}",
        )
    )
    assert persons(run(rb)) == ["far"]


def test_any_of_list(book: Callable[..., Rulebook], run: Callable[..., Assessment]) -> None:
    rb = book(
        rule(
            "any_of",
            """
            when:
              - concern: {kind: [depression, substance_problem, overdose]}
              - person: {pid: $concern.person}
            """,
            then=suggest("$person.pid"),
        )
    )
    assert persons(run(rb)) == ["far", "mor"]


def test_not(book: Callable[..., Rulebook], run: Callable[..., Assessment]) -> None:
    rb = book(
        rule(
            "not_child",
            "when:\n  - person: {age_group: {not: child}}\n",
            then=suggest("$person.pid"),
        )
    )
    assert persons(run(rb)) == ["bestemor", "far", "mor", "myndig", "ung"]


def test_not_list(book: Callable[..., Rulebook], run: Callable[..., Assessment]) -> None:
    rb = book(
        rule(
            "not_list",
            "when:\n  - person: {age_group: {not: [child, young_adult]}}\n",
            then=suggest("$person.pid"),
        )
    )
    assert persons(run(rb)) == ["bestemor", "far", "mor"]


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ("{gte: 18}", ["bestemor", "far", "mor", "myndig", "ung"]),
        ("{gt: 18}", ["bestemor", "far", "mor", "ung"]),
        ("{lt: 18}", ["barn"]),
        ("{lte: 18}", ["barn", "myndig"]),
    ],
)
def test_comparisons_on_age(
    book: Callable[..., Rulebook],
    run: Callable[..., Assessment],
    condition: str,
    expected: list[str],
) -> None:
    rb = book(
        rule("cmp", f"when:\n  - person: {{age: {condition}}}\n", then=suggest("$person.pid"))
    )
    assert persons(run(rb)) == expected


def test_comparison_with_other_conditions(
    book: Callable[..., Rulebook], run: Callable[..., Assessment]
) -> None:
    rb = book(
        rule(
            "young",
            "when:\n  - person: {age: {gte: 18}, age_group: young_adult, is_carer: false}\n",
            then=suggest("$person.pid"),
        )
    )
    assert persons(run(rb)) == ["myndig", "ung"]


def test_join_between_patterns(
    book: Callable[..., Rulebook], run: Callable[..., Assessment]
) -> None:
    """A caregiver with a current concern: the suggestion concerns the child."""
    rb = book(
        rule(
            "join",
            """
            when:
              - caregiver: {}
                as: cg
              - concern: {person: $cg.carer, kind: substance_problem, status: current}
              - person: {pid: $cg.child}
                as: child
            """,
            then=suggest("$child.pid"),
            reason="{child} / {cg} / {concern.kind}",
        )
    )
    assessment = run(rb)
    assert persons(assessment) == ["barn"]
    reason = assessment.suggestions[0].reasons[0]
    assert reason.text.nb == "Ola / Kari / rusproblem"
    assert "concern:c_rus" in reason.sources


def test_join_with_not_a_variable(
    book: Callable[..., Rulebook], run: Callable[..., Assessment]
) -> None:
    """``to: {not: $x.field}``: mor's relations to someone other than barn."""
    rb = book(
        rule(
            "join_not",
            """
            when:
              - caregiver: {}
                as: cg
              - relation: {from: $cg.carer, kind: parent, to: {not: $cg.child}}
                as: rel
            """,
            then=suggest("$rel.to"),
            reason="{rel}",
        )
    )
    # mor cares for barn and is also ung's parent; far's only child is barn.
    assert persons(run(rb)) == ["ung"]


def test_two_when_items_never_match_the_same_fact(
    book: Callable[..., Rulebook], run: Callable[..., Assessment]
) -> None:
    rb = book(
        rule(
            "two",
            """
            when:
              - person: {age_group: child}
              - person: {age_group: child}
                as: other
            """,
            then=suggest("$other.pid"),
        )
    )
    assert persons(run(rb)) == []
    case = family()
    case["persons"].append({"id": "barn2", "name": "Eli", "age": 5})
    assert persons(run(rb, case)) == ["barn", "barn2"]


# -- unless --------------------------------------------------------------------------------
def test_unless_matches_when_no_such_fact_exists(
    book: Callable[..., Rulebook], run: Callable[..., Assessment]
) -> None:
    rb = book(
        rule(
            "no_service",
            """
            when:
              - person: {age_group: {not: child}}
            unless:
              - service: {person: $person.pid, status: [active, waiting]}
            """,
            then=suggest("$person.pid"),
        )
    )
    # far has active and waiting services; everyone else has none.
    assert persons(run(rb)) == ["bestemor", "mor", "myndig", "ung"]


def test_unless_with_several_conditions(
    book: Callable[..., Rulebook], run: Callable[..., Assessment]
) -> None:
    rb = book(
        rule(
            "no_waiting",
            """
            when:
              - person: {age_group: adult}
            unless:
              - service: {person: $person.pid, status: waiting}
              - concern: {person: $person.pid, status: current}
            """,
            then=suggest("$person.pid"),
        )
    )
    # far waits for dps, mor has a current concern; bestemor's concern is past.
    assert persons(run(rb)) == ["bestemor"]


_DERIVE = rule(
    "derive_crisis",
    """
    when:
      - concern: {category: [substance, mental_health], status: current}
    then:
      derive: {fact: care_crisis, fields: {person: $concern.person, source: $concern.cid}}
    """,
    reason="{concern}",
)
_USE_UNLESS = rule(
    "no_crisis",
    """
    when:
      - person: {age_group: adult}
    unless:
      - care_crisis: {person: $person.pid}
    """,
    then=suggest("$person.pid"),
)
_USE_WHEN = rule(
    "crisis_support",
    """
    when:
      - care_crisis: {}
        as: crisis
    """,
    then=suggest("$crisis.person", "parenting_support"),
    reason="{crisis} ({crisis.source})",
)


@pytest.mark.parametrize("order", ["derive_first", "derive_last"])
def test_unless_on_a_derived_fact_is_exact_in_any_order(
    book: Callable[..., Rulebook], run: Callable[..., Assessment], order: str
) -> None:
    rules = [_DERIVE, _USE_UNLESS, _USE_WHEN]
    if order == "derive_last":
        rules.reverse()
    rb = book(*rules)
    assert rb.rule("no_crisis").stratum > rb.rule("derive_crisis").stratum
    assert rb.rule("crisis_support").stratum > rb.rule("derive_crisis").stratum
    assessment = run(rb)
    # mor (substance) and far (depression) are in crisis; bestemor is not.
    assert persons(assessment) == ["bestemor"]
    assert persons(assessment, "parenting_support") == ["far", "mor"]
    texts = {r.text.nb for s in assessment.suggestions for r in s.reasons}
    assert {"Kari (c_rus)", "Per (c_dep)"} <= texts
    assert "derive_crisis" in assessment.fired


# -- validity of a rule --------------------------------------------------------------------
@pytest.mark.parametrize(
    ("as_of", "fires"),
    [
        ("2022-07-31", False),
        ("2022-08-01", True),
        ("2023-12-31", True),
        ("2024-01-01", False),
    ],
)
def test_rule_valid_from_and_until_are_inclusive(
    book: Callable[..., Rulebook], run: Callable[..., Assessment], as_of: str, fires: bool
) -> None:
    rb = book(
        rule(
            "dated",
            """
            valid_from: 2022-08-01
            valid_until: 2023-12-31
            when:
              - person: {age_group: adult}
            """,
            then=suggest("$person.pid"),
        )
    )
    assessment = run(rb, as_of=as_of)
    assert ("dated" in assessment.fired) is fires


# -- texts ---------------------------------------------------------------------------------
def test_placeholders_name_persons_and_label_vocabulary_fields(
    book: Callable[..., Rulebook], run: Callable[..., Assessment]
) -> None:
    rb = book(
        rule(
            "texts",
            """
            when:
              - concern: {kind: substance_problem}
                as: worry
              - caregiver: {carer: $worry.person}
                as: cg
              - person: {pid: $cg.child}
                as: child
            then:
              ask:
                question:
                  nb: "Hvordan har {child} det?"
                  nn: "Korleis har {child} det?"
                  en: "How is {child} doing?"
                persons: [$child.pid]
            """,
            reason="{worry}: {worry.kind}, {worry.certainty}; {child} ({child.age})",
            reason_nn="{worry}: {worry.kind}; {cg.child}",
            reason_en="{worry}: {worry.kind}; {child}",
        )
    )
    assessment = run(rb)
    kinds = rb.vocabularies.concern_kinds
    [question] = assessment.questions
    reason = question.reasons[0].text
    assert reason.nb == f"Kari: {kinds.label('substance_problem', 'nb')}, meldt; Ola (8)"
    assert reason.nn == f"Kari: {kinds.label('substance_problem', 'nn')}; Ola"
    assert reason.en == f"Kari: {kinds.label('substance_problem', 'en')}; Ola"
    assert len({reason.nb, reason.nn, reason.en}) == 3
    assert question.text.nb == "Hvordan har Ola det?"
    assert question.text.en == "How is Ola doing?"
    assert question.persons == ["barn"]


@pytest.mark.parametrize(
    "name",
    [
        "Ola {child} {x}",
        "<b>Ola</b> & <script>alert(1)</script>",
        "{{child}} {child.age} {0} %s $child.pid",
    ],
)
def test_names_are_inserted_verbatim(
    book: Callable[..., Rulebook], run: Callable[..., Assessment], name: str
) -> None:
    rb = book(
        rule(
            "name",
            "when:\n  - person: {age_group: child}\n    as: child\n",
            then=suggest("$child.pid"),
            reason="Barnet {child} er {child.age} år.",
            reason_en="The child {child} is {child.age}.",
        )
    )
    case = family()
    case["persons"][2]["name"] = name
    assessment = run(rb, case)
    reason = assessment.suggestions[0].reasons[0].text
    assert reason.nb == f"Barnet {name} er 8 år."
    assert reason.en == f"The child {name} is 8."
    assert assessment.names["barn"] == name


# -- conclusions ---------------------------------------------------------------------------
def test_services_may_reference_a_service_fact(
    book: Callable[..., Rulebook], run: Callable[..., Assessment]
) -> None:
    rb = book(
        rule(
            "cooperate",
            """
            when:
              - service: {status: active}
              - person: {pid: $service.person, age_group: adult}
            then:
              suggest:
                measure: individual_plan
                obligation: recommendation
                responsible: nav_office
                services: [$service.service, child_welfare]
                persons: [$person.pid]
                urgency: planned
            """,
        )
    )
    assessment = run(rb)
    [suggestion] = [s for s in assessment.suggestions if s.measure == "individual_plan"]
    assert suggestion.persons == ["far"]
    assert suggestion.responsible == "nav_office"
    assert set(suggestion.services) == {"gp", "child_welfare"}


_ASK_SETTLES = rule(
    "ask_cw",
    """
    when:
      - person: {age_group: child}
        as: child
    unless:
      - service: {person: $child.pid, service: child_welfare}
    then:
      ask:
        question:
          nb: "Er {child} utsatt for vold?"
          nn: "Er {child} utsett for vald?"
          en: "Is {child} exposed to violence?"
        settles: notify_child_welfare
        persons: [$child.pid]
        urgency: soon
    """,
    reason="{child}",
)
_DUTY = rule(
    "duty_cw",
    """
    legal_basis: [sotjl_45, bvl_13_2_a, bvl1992_6_4]
    when:
      - person: {age_group: child}
        as: child
      - exposure: {person: $child.pid, category: violence, status: current}
    then:
      suggest:
        measure: notify_child_welfare
        obligation: duty
        responsible: nav_office
        services: [child_welfare]
        persons: [$child.pid]
        urgency: soon
    """,
    reason="{child}: {exposure.kind}",
)


def test_ask_with_settles_makes_an_unclear_duty(
    book: Callable[..., Rulebook], run: Callable[..., Assessment]
) -> None:
    rb = book(_ASK_SETTLES, _DUTY)
    assessment = run(rb)
    assert assessment.duties == []
    [question] = assessment.questions
    assert question.settles == "notify_child_welfare"
    [unclear] = assessment.unclear_duties
    assert unclear.measure == "notify_child_welfare"
    assert unclear.persons == ["barn"]
    assert unclear.rule_ids == ["ask_cw"]
    assert unclear.questions[0].nb == "Er Ola utsatt for vold?"


def test_an_established_duty_is_not_unclear(
    book: Callable[..., Rulebook], run: Callable[..., Assessment]
) -> None:
    case = family()
    case["concerns"].append(
        {
            "id": "c_vold",
            "kind": "child_witnessed_violence",
            "about": ["far"],
            "exposed": ["barn"],
            "source": "school",
            "certainty": "reported",
            "status": "current",
        }
    )
    assessment = run(book(_ASK_SETTLES, _DUTY), case)
    assert [s.measure for s in assessment.duties] == ["notify_child_welfare"]
    assert [q.settles for q in assessment.questions] == ["notify_child_welfare"]
    assert assessment.unclear_duties == []


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        ("2022-06-01", ["sotjl_45", "bvl1992_6_4"]),
        ("2022-12-31", ["sotjl_45", "bvl1992_6_4"]),
        ("2023-01-01", ["sotjl_45", "bvl_13_2_a"]),
        ("2024-06-01", ["sotjl_45", "bvl_13_2_a"]),
    ],
)
def test_legal_basis_is_filtered_by_the_evaluation_date(
    book: Callable[..., Rulebook], run: Callable[..., Assessment], as_of: str, expected: list[str]
) -> None:
    case = family()
    case["concerns"].append(
        {
            "id": "c_vold",
            "kind": "violence_against_child",
            "about": ["far"],
            "exposed": ["barn"],
            "source": "police",
            "certainty": "confirmed",
            "status": "current",
        }
    )
    assessment = run(book(_DUTY), case, as_of=as_of)
    [duty] = assessment.duties
    assert [ref.provision for ref in duty.legal_basis] == expected
    assert all(ref.citation.nb for ref in duty.legal_basis)
