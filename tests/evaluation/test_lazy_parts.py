"""Reasons, question texts, the duty board and the assessment's summaries are built when
first read (issue 16): whatever is read first, and however the assessment is used (JSON,
equality, copies, pickling, iteration, a TypeAdapter, threads), every value is what an
assessment built at once holds."""

from __future__ import annotations

import copy
import json
import pickle
import random
import threading

import pytest
from pydantic import BaseModel, TypeAdapter

import familycase
from familycase import Assessment, Question, Suggestion
from familycase.assess._lazy import _PENDING, trusted
from familycase.assess.assessment import ConcernBasis

SCENARIO = familycase.load_scenario(familycase.scenario_path("maria_and_david"))
PHASES = [p.id for p in SCENARIO.phases]


def _fresh(phase: str) -> Assessment:
    return familycase.evaluate(SCENARIO.case_at(phase))


def _built_at_once(phase: str) -> Assessment:
    """The same assessment made by validation: complete, nothing pending."""
    return Assessment.model_validate_json(_fresh(phase).model_dump_json())


def _pending(model: object) -> bool:
    return _PENDING in vars(model)


@pytest.mark.parametrize("phase", PHASES)
def test_evaluate_leaves_the_costly_parts_pending_until_read(phase: str) -> None:
    a = _fresh(phase)
    assert _pending(a)
    assert a.suggestions
    assert all(_pending(s) for s in a.suggestions)
    assert all(_pending(q) for q in a.questions)
    assert not any("id" in vars(item) for item in [*a.suggestions, *a.questions])
    a.suggestions[0].reasons  # noqa: B018 (read: fills that suggestion only)
    assert not _pending(a.suggestions[0])
    assert all(_pending(s) for s in a.suggestions[1:])
    assert _pending(a)  # the duty board is still pending
    a.duty_board  # noqa: B018
    assert not _pending(a)


@pytest.mark.parametrize("phase", PHASES)
def test_every_order_of_reading_gives_the_same_values(phase: str) -> None:
    whole = _built_at_once(phase)
    rng = random.Random(phase)
    for _ in range(5):
        a = _fresh(phase)
        reads: list[tuple[str, int, str]] = []
        for i in range(len(a.suggestions)):
            reads += [("s", i, "reasons"), ("s", i, "id")]
        for i, _q in enumerate(a.questions):
            reads += [("q", i, "text"), ("q", i, "reasons"), ("q", i, "id")]
        for i, _u in enumerate(a.unclear_duties):
            reads.append(("u", i, "questions"))
        reads.append(("a", 0, "duty_board"))
        rng.shuffle(reads)
        for kind, i, name in reads:
            item = {
                "s": a.suggestions,
                "q": a.questions,
                "u": a.unclear_duties,
                "a": [a],
            }[kind][i]
            expected = {
                "s": whole.suggestions,
                "q": whole.questions,
                "u": whole.unclear_duties,
                "a": [whole],
            }[kind][i]
            assert getattr(item, name) == getattr(expected, name)
        assert a.model_dump_json() == whole.model_dump_json()


@pytest.mark.parametrize("phase", PHASES)
def test_a_pending_assessment_dumps_compares_copies_and_pickles_whole(phase: str) -> None:
    whole = _built_at_once(phase)
    assert _fresh(phase).model_dump(mode="json") == whole.model_dump(mode="json")
    assert _fresh(phase) == whole
    assert whole == _fresh(phase)
    assert pickle.loads(pickle.dumps(_fresh(phase))) == whole
    assert copy.deepcopy(_fresh(phase)) == whole
    assert copy.copy(_fresh(phase)).model_dump_json() == whole.model_dump_json()
    assert dict(_fresh(phase))["duty_board"] == whole.duty_board
    a = _fresh(phase)
    adapter = TypeAdapter(list[Suggestion])
    assert adapter.dump_json(a.suggestions) == adapter.dump_json(whole.suggestions)
    assert TypeAdapter(list[Question]).dump_python(_fresh(phase).questions) == [
        q.model_dump() for q in whole.questions
    ]
    # as a constructor given every field but the default schema_version
    assert set(Assessment.model_fields) - _fresh(phase).model_fields_set == {"schema_version"}


@pytest.mark.parametrize("phase", PHASES)
def test_an_id_is_built_alone_when_read_and_as_if_built_at_once(phase: str) -> None:
    """A suggestion's or question's id is built on its own (not its reasons or text), from
    what it was made of: changing a list read from it before reading the id does not change
    the id (an id built at once would not change either)."""
    whole = _built_at_once(phase)
    a = _fresh(phase)
    for item, expected in [
        *zip(a.suggestions, whole.suggestions, strict=True),
        *zip(a.questions, whole.questions, strict=True),
    ]:
        assert item.id == expected.id
        assert "id" in vars(item)
        assert "reasons" not in vars(item)
        assert _pending(item)
        assert item.model_fields_set == expected.model_fields_set
    b = _fresh(phase)
    for item in [*b.suggestions, *b.questions]:
        item.persons.append("someone else")
    assert [s.id for s in b.suggestions] == [s.id for s in whole.suggestions]
    assert [q.id for q in b.questions] == [q.id for q in whole.questions]
    assert a.model_dump_json() == whole.model_dump_json()
    for item in [*a.suggestions, *a.questions]:
        assert not _pending(item)
        assert list(vars(item)) == list(type(item).model_fields)  # as validated


def test_reading_from_many_threads_at_once_fills_once_with_the_same_values() -> None:
    whole = _built_at_once("phase2")
    a = _fresh("phase2")
    seen: list[str] = []
    errors: list[BaseException] = []

    def read() -> None:
        try:
            seen.append(json.dumps([s.model_dump(mode="json") for s in a.suggestions]))
            seen.append(json.dumps([d.model_dump(mode="json") for d in a.duty_board]))
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=read) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert set(seen) == {
        json.dumps([s.model_dump(mode="json") for s in whole.suggestions]),
        json.dumps([d.model_dump(mode="json") for d in whole.duty_board]),
    }


def test_an_unknown_attribute_is_still_an_attribute_error() -> None:
    a = _fresh("phase1")
    with pytest.raises(AttributeError):
        a.no_such_field  # type: ignore[attr-defined]  # noqa: B018
    with pytest.raises(AttributeError):
        a.suggestions[0].no_such_field  # type: ignore[attr-defined]  # noqa: B018
    assert _pending(a)  # an unknown name builds nothing


def test_the_published_schema_is_the_models_own() -> None:
    """A serializer with a return type would replace the model's schema by that type's."""
    schema = Assessment.model_json_schema(mode="serialization")
    assert "duty_board" in schema["properties"]
    assert "reasons" in schema["$defs"]["Suggestion"]["properties"]


_PARTS = (
    "persons",
    "responsibility",
    "unclear_duties",
    "concern_kinds",
    "suspected",
    "unconfirmed",
)


@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("name", _PARTS)
def test_a_cheap_part_is_built_alone_when_read(phase: str, name: str) -> None:
    """Reading the persons' summaries (or another cheap part) builds that part, not the
    duty board; the rest, whenever built, is what an assessment built at once holds."""
    whole = _built_at_once(phase)
    a = _fresh(phase)
    assert name not in vars(a)
    assert getattr(a, name) == getattr(whole, name)
    assert name in vars(a)
    assert "duty_board" not in vars(a)
    assert _pending(a)
    assert getattr(a, name) is getattr(a, name)  # built once
    assert a.model_dump_json() == whole.model_dump_json()
    assert not _pending(a)
    assert list(vars(a)) == list(Assessment.model_fields)  # in the fields' order, as validated


def test_the_concerns_parts_are_built_together() -> None:
    a = _fresh("phase2")
    a.suspected  # noqa: B018
    assert {"concern_kinds", "suspected", "unconfirmed"} <= set(vars(a))
    assert "persons" not in vars(a)


@pytest.mark.parametrize("phase", PHASES)
def test_every_order_of_reading_the_parts_gives_the_same_values(phase: str) -> None:
    whole = _built_at_once(phase)
    rng = random.Random(f"parts {phase}")
    for _ in range(5):
        a = _fresh(phase)
        names = [*_PARTS, "duty_board"]
        rng.shuffle(names)
        for name in names:
            assert getattr(a, name) == getattr(whole, name)
        assert not _pending(a)
        assert a == whole
        made = {"persons", "responsibility", "unconfirmed", "provenance"}  # without validation
        assert a.model_dump(include=made, exclude_unset=True) == whole.model_dump(
            include=made, exclude_unset=True
        )


def test_the_parts_made_without_validation_are_as_validated() -> None:
    """Summaries, responsibility entries, concern bases and the provenance are made of
    validated values without validating them again: the same values, fields set and
    order as the constructor's."""
    cases = [SCENARIO.case_at(phase) for phase in PHASES]
    cases += list(familycase.synthetic_cases(20, seed=1))
    models: list[BaseModel] = []
    for case in cases:
        a = familycase.evaluate(case)
        models += [
            *a.persons,
            *(link for p in a.persons for link in p.exposed_through),
            *a.responsibility,
            *a.unconfirmed.values(),
            a.provenance,
        ]
    assert {type(m).__name__ for m in models} == {
        "PersonSummary",
        "InferredLink",
        "ResponsibilityEntry",
        "ConcernBasis",
        "Provenance",
    }
    for model in models:
        again = type(model).model_validate(model.model_dump())
        assert model == again
        assert model.model_fields_set == again.model_fields_set
        assert list(vars(model)) == list(vars(again))
        assert model.model_dump_json() == again.model_dump_json()


def test_trusted_fills_defaults_and_refuses_unknown_or_missing_fields() -> None:
    made = trusted(ConcernBasis, {"source": "professional", "certainty": "reported"})
    assert made == ConcernBasis(source="professional", certainty="reported")
    assert list(vars(made)) == list(ConcernBasis.model_fields)
    assert made.model_fields_set == {"source", "certainty"}
    with pytest.raises(TypeError):
        trusted(ConcernBasis, {"certainty": "reported"})
    with pytest.raises(TypeError):
        trusted(ConcernBasis, {"certainty": "reported", "source": "professional", "x": 1})


def test_reading_parts_and_the_board_from_many_threads_at_once() -> None:
    whole = _built_at_once("phase2")
    for _ in range(3):
        a = _fresh("phase2")
        errors: list[BaseException] = []
        names = [*_PARTS, "duty_board"] * 2

        def read(name: str, a: Assessment = a, errors: list[BaseException] = errors) -> None:
            try:
                assert getattr(a, name) == getattr(whole, name)
            except BaseException as exc:  # reported below
                errors.append(exc)

        threads = [threading.Thread(target=read, args=(n,)) for n in names]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors
        assert a.model_dump_json() == whole.model_dump_json()
