"""The coverage tags: how a feature names a rule it shows firing, or not firing.

A Gherkin scenario tagged ``@fyrer:<rule id>`` (``@fires:``) must make the rule fire, one
tagged ``@fyrer_ikke:<rule id>`` (``@fyrer_ikkje:``, ``@does_not_fire:``) must not. The step
library checks the tags when a feature runs, ``familycase check`` checks their spelling and
``familycase coverage`` counts them; all three read the forms here.
"""

from __future__ import annotations

import difflib
import re

__all__ = ["FIRES_TAGS", "NOT_FIRES_TAGS", "misspelt_rule_tag", "rule_tag_forms"]

#: The coverage tags, ``@<word>:<rule id>``: the rule must fire, or must not.
FIRES_TAGS = ("fyrer", "fires")
NOT_FIRES_TAGS = ("fyrer_ikke", "fyrer_ikkje", "does_not_fire")
_NEGATION = re.compile(r"ikk|not|nt_|never|aldri")


def misspelt_rule_tag(tag: str) -> tuple[str, str, bool] | None:
    """``(word, rule id, meant to fire)`` when ``tag`` (without ``@``) looks like a coverage
    tag with a word familycase does not know (``fire:x``, ``fires_not:x``, ``Fyrer:x``).

    A tag counts as a coverage tag when it has the form ``<word>:<rule id>`` and its word is
    close to one of ``FIRES_TAGS`` / ``NOT_FIRES_TAGS``; other tags (``@wip``,
    ``@jira:123``) are ordinary pytest markers and are left alone.
    """
    word, sep, rule = tag.partition(":")
    if not sep or word in FIRES_TAGS or word in NOT_FIRES_TAGS:
        return None
    folded = word.casefold().replace("-", "_").replace(" ", "_")
    known = (*FIRES_TAGS, *NOT_FIRES_TAGS)
    close = folded in known or bool(difflib.get_close_matches(folded, known, n=1, cutoff=0.7))
    if not close and not re.search(r"fyr|fire", folded):
        return None
    return word, rule, not _NEGATION.search(folded)


def rule_tag_forms(rule: str, fires: bool) -> list[str]:
    """Every correct spelling of a coverage tag for ``rule`` (``@fyrer:<rule>`` ...)."""
    return [f"@{word}:{rule}" for word in (FIRES_TAGS if fires else NOT_FIRES_TAGS)]
