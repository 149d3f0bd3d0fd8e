"""The rules shipped in ``rules/`` load, are complete in three languages and cite the law."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import get_args

import pytest

from familycase._resources import rules_dir
from familycase._text import LANGS, placeholders
from familycase.errors import ContentError
from familycase.rules.provisions import Verification, load_provisions
from familycase.rules.rulebook import Rule, Rulebook, build_rulebook, load_rulebook, rule_files
from familycase.rules.vocabulary import load_vocabularies

# Dates around the law changes the provisions encode (bvl 2021 from 2023-01-01, the 2022
# cooperation reform from 2022-08-01, the 2023 housing act from 2023-07-01).
_DATES = [
    date(2021, 6, 1),
    date(2022, 7, 31),
    date(2022, 8, 1),
    date(2022, 12, 31),
    date(2023, 1, 1),
    date(2023, 7, 1),
    date(2025, 6, 1),
]


@pytest.fixture(scope="module")
def shipped() -> Rulebook:
    return load_rulebook()


def _rules() -> list[Rule]:
    """The shipped rules, for parametrizing (empty if they do not load: see the first test)."""
    try:
        return list(load_rulebook().rules)
    except ContentError:
        return []


def _duties() -> list[Rule]:
    return [r for r in _rules() if r.spec.then.suggest and r.spec.then.suggest.obligation == "duty"]


def test_shipped_rulebook_loads(shipped: Rulebook) -> None:
    assert len(shipped.rules) >= 20
    files = {r.file for r in shipped.rules}
    assert len(files) == len(rule_files(rules_dir()))
    assert any("/duties/" in f for f in files)
    assert any("/practice/" in f for f in files)
    assert len({r.id for r in shipped.rules}) == len(shipped.rules)
    assert _duties(), "the shipped rules encode legal duties"


@pytest.mark.parametrize("rule", _rules(), ids=lambda r: r.id)
def test_rule_has_texts_in_every_language(rule: Rule) -> None:
    texts = [rule.spec.title, rule.spec.reason]
    if rule.spec.then.ask is not None:
        texts.append(rule.spec.then.ask.question)
    for text in texts:
        for lang in LANGS:
            assert text.get(lang).strip(), f"{rule.id}: empty {lang} text"
        # nb, nn and en fill the same placeholders
        used = [set(placeholders(text.get(lang))) for lang in LANGS]
        assert used[0] == used[1] == used[2], f"{rule.id}: {used}"
    assert rule.spec.title.nb != rule.spec.title.en
    assert rule.spec.reason.nb != rule.spec.reason.en


@pytest.mark.parametrize("rule", _rules(), ids=lambda r: r.id)
def test_legal_basis_ids_exist(rule: Rule, shipped: Rulebook) -> None:
    for pid in rule.spec.legal_basis:
        assert pid in shipped.provisions, f"{rule.id}: unknown provision {pid}"
    assert len(set(rule.spec.legal_basis)) == len(rule.spec.legal_basis)


def test_every_provision_has_a_known_status(shipped: Rulebook) -> None:
    allowed = set(get_args(Verification))
    assert allowed == {"confirmed", "partly", "unconfirmed"}
    for pid, provision in shipped.provisions.entries.items():
        assert provision.status in allowed, pid
        assert provision.law in shipped.vocabularies.laws, pid


@pytest.mark.parametrize("rule", _duties(), ids=lambda r: r.id)
def test_duty_cites_confirmed_or_partly_confirmed_law(rule: Rule, shipped: Rulebook) -> None:
    assert rule.spec.legal_basis, f"{rule.id} is a duty without a legal basis"
    for pid in rule.spec.legal_basis:
        status = shipped.provisions[pid].status
        assert status in {"confirmed", "partly"}, f"{rule.id} cites {pid} ({status})"


@pytest.mark.parametrize("rule", _duties(), ids=lambda r: r.id)
def test_duty_has_a_provision_in_force_whenever_it_applies(rule: Rule, shipped: Rulebook) -> None:
    start, end = rule.spec.valid_from, rule.spec.valid_until
    for day in _DATES:
        if (start and day < start) or (end and day > end):
            continue
        in_force = [p for p in rule.spec.legal_basis if shipped.provisions[p].in_force(day)]
        assert in_force, f"{rule.id}: no cited provision in force on {day}"


def test_rulebook_hash_is_stable_across_loads(shipped: Rulebook) -> None:
    first = load_rulebook(rules_dir())
    second = load_rulebook(rules_dir())
    assert first is not second
    assert first.content_hash == second.content_hash == shipped.content_hash
    assert first.compiled.content_hash == second.compiled.content_hash
    assert len(first.content_hash) == 64
    third = build_rulebook(
        rule_files(rules_dir()),
        load_vocabularies(rules_dir() / "vocabulary"),
        load_provisions(rules_dir() / "law" / "provisions.yaml"),
    )
    assert third.content_hash == first.content_hash
    assert [r.id for r in third.rules] == [r.id for r in first.rules]


def test_rulebook_hash_changes_with_the_rules(tmp_path: Path) -> None:
    """A changed text changes the hash (it names the rules an assessment came from)."""
    files = rule_files(rules_dir())
    original = files[0].read_text(encoding="utf-8")
    copy = tmp_path / files[0].name
    copy.write_text(original.replace("nb: ", "nb: X ", 1), encoding="utf-8")
    vocab, provisions = load_vocabularies(), load_provisions()
    changed = build_rulebook([copy, *files[1:]], vocab, provisions)
    same = build_rulebook(files, vocab, provisions)
    assert changed.content_hash != same.content_hash


@pytest.mark.parametrize(
    ("relative", "old", "new"),
    [
        ("law/provisions.yaml", "status: confirmed", "status: unconfirmed"),  # what is cited
        ("vocabulary/measures.yaml", "nb: ", "nb: X "),  # a label in the suggestions
        ("vocabulary/ui.yaml", "nb: ", "nb: X "),  # a text of the renderers
    ],
)
def test_rulebook_hash_changes_with_the_provisions_and_vocabularies(
    tmp_path: Path, relative: str, old: str, new: str
) -> None:
    """The provenance names what produced an assessment: the same hash, the same output."""
    copy = tmp_path / "rules"
    shutil.copytree(rules_dir(), copy)
    target = copy / relative
    text = target.read_text(encoding="utf-8")
    assert old in text
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    assert load_rulebook(copy).content_hash != load_rulebook(rules_dir()).content_hash
