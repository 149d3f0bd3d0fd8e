"""Warnings ``familycase check`` gives about rules that load but claim too much (FC8xx).

A rulebook can be valid and still say something a lawyer would not sign:

- **FC801** a measure in ``vocabulary/measures.yaml`` that no rule suggests, so familycase
  can never propose it (reported in ``measures.yaml``, at the measure);
- **FC802** a ``derive`` rule that derives a fact from a ``concern``, ``exposure`` or
  ``inferred_exposure`` that may be a vague suspicion: the pattern does not require
  ``reason_to_believe: true`` (the evidence threshold "grunn til å tro", ``terms.yaml``
  ``certainty``). A derived fact is read by other rules as established, so a suspicion must
  never become one. A rule that asks a question settling a duty (an unclear duty) may derive
  the fact that the duty is unclear: that records the doubt, not a fact about the family,
  and a duty-board rule may derive ``duty_candidate`` (whom a duty could concern);
- **FC803** a rule whose reason or question says it applies notwithstanding confidentiality
  ("uten hinder av taushetsplikt", "utan hinder av teieplikt", "notwithstanding
  confidentiality" and close variants) while none of its ``legal_basis`` provisions has
  ``overrides_confidentiality: true``;
- **FC804** a duty rule (``obligation: duty``) with a condition that the duty board and
  ``familycase explain --why-not`` cannot word: no sentence in
  ``vocabulary/explanations.yaml`` for its field (only the fallback, which names the field
  id) and no ``explain`` of the rule's own;
- **FC805** a duty that no rule names persons for (``derive: {fact: duty_candidate}``), so
  the duty board lists only the persons for whom it is triggered or unclear, and never says
  why it is not triggered (a rules folder checked whole only).

Each is a ``Problem`` with ``severity="warning"``. The checks read the raw YAML document,
so they run even when the file has other problems; anything malformed is left to the
rule-file checks. Warnings do not fail ``familycase check`` unless ``--strict`` is given.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from familycase._yaml import Document, load_yaml
from familycase.assess.explanation import CANDIDATE_FACT
from familycase.errors import ContentError, Problem
from familycase.rules.provisions import Provisions
from familycase.rules.rulebook import Rulebook, rule_files
from familycase.rules.vocabulary import Vocabularies

__all__ = [
    "CONFIDENTIALITY_CLAIM",
    "WARNING_CODES",
    "explanation_warnings",
    "measure_warnings",
    "rule_file_warnings",
]

#: The codes of the warnings; every other code is an error.
WARNING_CODES = frozenset({"FC801", "FC802", "FC803", "FC804", "FC805", "FC806"})

_TO = r"(?:hinder|hensyn|omsyn)\s+(?:av|til)\s+(?:\w+\s+)?"
_SECRECY = r"(?:taushetsplikt|teieplikt)\w*"
_ENGLISH = r"(?:the\s+)?(?:duty\s+of\s+)?confidentiality"
#: A text that says a duty applies notwithstanding confidentiality, in nb, nn or en.
CONFIDENTIALITY_CLAIM = re.compile(
    "|".join(
        (
            rf"\but[ae]n\s+{_TO}{_SECRECY}",  # uten hinder av taushetsplikt(en)
            rf"\b{_SECRECY}\s+(?:er|blir|vert)\s+(?:ikke|ikkje)\s+(?:til\s+)?hinder",
            rf"\b{_SECRECY}\s+(?:er\s+|blir\s+|vert\s+)?(?:opphevet|oppheva|oppheve)",
            rf"\b{_SECRECY}\s+(?:gjelder\s+ikke|gjeld\s+ikkje|viker)",
            rf"\b(?:fritatt|fritak|friteken)\s+(?:fra|frå)\s+{_SECRECY}",
            rf"\b(?:notwithstanding|regardless\s+of|despite|overrid(?:es|ing|e))\s+{_ENGLISH}",
            rf"\b{_ENGLISH}\s+(?:does\s+not\s+apply|is\s+lifted|is\s+set\s+aside|is\s+no\s+bar)",
        )
    ),
    re.IGNORECASE,
)


def _warning(problem: Problem) -> Problem:
    return dataclasses.replace(problem, severity="warning")


# -- FC801: measures no rule suggests -------------------------------------------------------
def measure_warnings(rules_folder: Path, vocab: Vocabularies) -> list[Problem]:
    """FC801 for each measure of ``rules_folder/vocabulary/measures.yaml`` that no rule file
    of the folder suggests. Nothing when a rule file cannot be read (that is an error
    reported elsewhere, and the suggested measures would be unknown)."""
    measures_file = rules_folder / "vocabulary" / "measures.yaml"
    files = rule_files(rules_folder)
    if not measures_file.is_file() or not files:
        return []
    suggested: set[str] = set()
    try:
        for file in files:
            suggested |= set(_suggested_measures(load_yaml(file).data))
        doc = load_yaml(measures_file)
    except ContentError:
        return []
    out = []
    for measure in vocab.measures:
        if measure in suggested:
            continue
        label = vocab.measures.label(measure, "nb")
        out.append(
            _warning(
                doc.problem(
                    "FC801",
                    f"No rule suggests the measure '{measure}' (nb: {label}), so familycase "
                    "can never propose it.",
                    ("measures", measure),
                    "Write a rule that suggests it (then.suggest.measure), or remove the "
                    "measure if familycase should not propose it.",
                    at_key=True,
                )
            )
        )
    return out


def _suggested_measures(data: Any) -> Iterable[str]:
    for rule in _rules(data):
        then = rule.get("then")
        suggest = then.get("suggest") if isinstance(then, dict) else None
        if isinstance(suggest, dict) and isinstance(suggest.get("measure"), str):
            yield suggest["measure"]


def _rules(data: Any) -> list[Mapping[str, Any]]:
    rules = data.get("rules") if isinstance(data, dict) else None
    return [r for r in rules if isinstance(r, dict)] if isinstance(rules, list) else []


# -- FC802 and FC803: one rule file ----------------------------------------------------------
def rule_file_warnings(doc: Document, vocab: Vocabularies, provisions: Provisions) -> list[Problem]:
    """FC802 (a fact derived from what may be a suspicion) and FC803 (a claim that
    confidentiality is lifted without a provision that lifts it) in one rule file."""
    out: list[Problem] = []
    rules = doc.data.get("rules") if isinstance(doc.data, dict) else None
    if not isinstance(rules, list):
        return out
    for index, rule in enumerate(rules):
        if isinstance(rule, dict):
            out.extend(_derived_from_suspicion(doc, vocab, rule, index))
            out.extend(_confidentiality_claim(doc, provisions, rule, index))
    return out


def _derived_from_suspicion(
    doc: Document, vocab: Vocabularies, rule: Mapping[str, Any], index: int
) -> list[Problem]:
    then = rule.get("then")
    derive = then.get("derive") if isinstance(then, dict) else None
    when = rule.get("when")
    if not isinstance(derive, dict) or not isinstance(when, list):
        return []
    ask = then.get("ask") if isinstance(then, dict) else None
    if isinstance(ask, dict) and ask.get("settles"):
        # an unclear-duty rule: what it derives records that a duty is unclear until its
        # question is answered, which is what a suspicion is; nothing is read as established
        return []
    fact = derive.get("fact")
    if fact == CANDIDATE_FACT:
        # a duty-board rule: it names whom a duty could concern, to be considered (the
        # board then says why a suspicion does not trigger it); nothing is read as established
        return []
    rule_id = rule.get("id")
    certainty = vocab.terms.get("certainty")
    meets = (
        {lvl: certainty[lvl].attr("reason_to_believe") is True for lvl in certainty}
        if certainty is not None
        else {}
    )
    below = sorted(lvl for lvl, ok in meets.items() if not ok) or ["suspected"]
    out = []
    for i, item in enumerate(when):
        if not isinstance(item, dict):
            continue
        kinds = [k for k in item if k != "as"]
        if len(kinds) != 1 or kinds[0] not in ("concern", "exposure", "inferred_exposure"):
            continue
        conditions = item[kinds[0]] if isinstance(item[kinds[0]], dict) else {}
        if not _admits_suspicion(conditions, meets):
            continue
        out.append(
            _warning(
                doc.problem(
                    "FC802",
                    f"Rule '{rule_id!s:.80}' derives '{fact!s:.80}' from this {kinds[0]}, which "
                    f"may be only a vague suspicion ({', '.join(below)}): it does not require "
                    "'reason_to_believe: true'. Other rules read a derived fact as established.",
                    ("rules", index, "when", i, kinds[0]),
                    f"Add 'reason_to_believe: true' to this {kinds[0]}; for a suspicion, ask a "
                    "question (then.ask) instead of deriving a fact.",
                )
            )
        )
    return out


def _admits_suspicion(conditions: Mapping[str, Any], meets: Mapping[str, bool]) -> bool:
    """Whether a concern or exposure matching ``conditions`` may fall below 'grunn til å
    tro': ``reason_to_believe`` may be false and ``certainty`` may be such a level."""
    below = {lvl for lvl, ok in meets.items() if not ok}
    rtb = _values(conditions.get("reason_to_believe", {"not": None}), {True, False})
    levels = _values(conditions.get("certainty", {"not": None}), set(meets))
    return False in rtb and bool(levels & below or not meets)


def _values(cond: Any, domain: set[Any]) -> set[Any]:
    """The values of ``domain`` a field may take under ``cond`` (all, when unclear)."""
    negate = False
    if isinstance(cond, dict):
        if len(cond) != 1 or "not" not in cond:
            return set(domain)
        cond, negate = cond["not"], True
    values = cond if isinstance(cond, list) else [cond]
    if any(isinstance(v, str) and v.startswith("$") for v in values):
        return set(domain)  # compared with another fact: anything
    chosen = {v for v in values if not isinstance(v, list | dict)}
    return domain - chosen if negate else domain & chosen


def _confidentiality_claim(
    doc: Document, provisions: Provisions, rule: Mapping[str, Any], index: int
) -> list[Problem]:
    basis = rule.get("legal_basis")
    cited = [p for p in basis if isinstance(p, str)] if isinstance(basis, list) else []
    if any(p in provisions and provisions[p].overrides_confidentiality for p in cited):
        return []
    then = rule.get("then")
    ask = then.get("ask") if isinstance(then, dict) else None
    texts: list[tuple[tuple[str | int, ...], Any]] = [(("reason",), rule.get("reason"))]
    if isinstance(ask, dict):
        texts.append((("then", "ask", "question"), ask.get("question")))
    for path, text in texts:
        if not isinstance(text, dict):
            continue
        for lang, value in text.items():
            found = CONFIDENTIALITY_CLAIM.search(value) if isinstance(value, str) else None
            if found is None:
                continue
            shown = ", ".join(cited) if cited else "none"
            lifting = [p for p, v in provisions.entries.items() if v.overrides_confidentiality]
            return [
                _warning(
                    doc.problem(
                        "FC803",
                        f"Rule '{rule.get('id')!s:.80}' says '{found.group(0)[:60]}' ({lang}), but "
                        f"none of its legal basis ({shown}) lifts confidentiality "
                        "(overrides_confidentiality: true in law/provisions.yaml).",
                        ("rules", index, *path, lang),
                        "Remove the claim from the text (then the duty of confidentiality "
                        "applies, and sharing needs consent or another basis), or cite the "
                        f"provision that lifts it ({', '.join(lifting) or 'none known'}) "
                        "if it applies.",
                    )
                )
            ]
    return []


# -- FC804 and FC805: what the duty board cannot explain ----------------------------------------


def explanation_warnings(book: Rulebook, *, complete: bool = True) -> list[Problem]:
    """FC804 for each condition of a duty rule that only the fallback sentence words, and
    (``complete``: the whole rules folder) FC805 for each duty no rule names persons for."""
    words = book.vocabularies.explanations
    out: list[Problem] = []
    duties: dict[str, str] = {}  # measure -> the first rule that makes it a duty
    named: set[str] = set()
    for rule in book.rules:
        then = rule.spec.then
        if then.derive is not None and then.derive.fact == CANDIDATE_FACT:
            measure = then.derive.fields.get("measure")
            if isinstance(measure, str):
                named.add(measure)
        if then.suggest is None or then.suggest.obligation != "duty":
            continue
        duties.setdefault(then.suggest.measure, rule.id)
        for index, pattern in enumerate(rule.patterns):
            for field_name, cond in pattern.conditions.items():
                if isinstance(cond, str) and cond.startswith("$"):
                    continue  # a join: structure, never explained on its own
                own = f"{pattern.alias}.{field_name}" in rule.spec.explain
                if own or words.worded(pattern.fact, field_name):
                    continue
                out.append(
                    _warning(
                        Problem(
                            "FC804",
                            f"Duty rule '{rule.id}': the condition '{field_name}' on "
                            f"'{pattern.fact}' has no sentence of its own, so the duty board "
                            "would explain it only by the field's id.",
                            file=rule.file,
                            line=rule.line,
                            path=f"when[{index}].{pattern.fact}.{field_name}",
                            suggestion=f"Add '{pattern.fact}.{field_name}' (or "
                            f"'*.{field_name}') to vocabulary/explanations.yaml, or "
                            f"'explain: {{{pattern.alias}.{field_name}: {{nb: ..., nn: ..., "
                            "en: ...}}' to the rule.",
                        )
                    )
                )
    if complete:
        for measure, rule_id in duties.items():
            if measure in named:
                continue
            rule = book.rule(rule_id)
            out.append(
                _warning(
                    Problem(
                        "FC805",
                        f"No rule names the persons the duty '{measure}' could concern, so "
                        "the duty board cannot say why it is not triggered for anyone.",
                        file=rule.file,
                        line=rule.line,
                        suggestion="Add a rule that derives 'duty_candidate' with "
                        f"'measure: {measure}' for the persons it could concern (see "
                        "rules/duties/board.yaml).",
                    )
                )
            )
    return out
