"""The coverage tags of a scenario (``@fyrer:<rule id>``), checked when the feature runs."""

from __future__ import annotations

from collections.abc import Sequence

from familycase._text import Lang
from familycase.rules.tags import FIRES_TAGS, NOT_FIRES_TAGS, misspelt_rule_tag, rule_tag_forms
from familycase.testing.steps.expectations import rule_id
from familycase.testing.world import World, say

# The words, and what counts as a misspelt one, are shared with ``familycase check``
# (``familycase.rules.tags``).


def misspelt_rule_tags(tags: Sequence[str] | set[str] | frozenset[str], lang: Lang) -> str | None:
    """The message for the first tag that looks like ``@fyrer:<id>`` / ``@fyrer_ikke:<id>``
    with a word familycase does not know (``@fire:x``, ``@fires_not:x``), if any."""
    for tag in sorted(tags):
        found = misspelt_rule_tag(tag)
        if found is not None:
            _, rule, fires = found
            forms = rule_tag_forms(rule, fires)
            if lang == "en":  # the English word first
                forms.sort(key=lambda form: not form.startswith(("@fires:", "@does_not")))
            return say("unknown_rule_tag", lang, tag=tag, options=" / ".join(forms))
    return None


def rule_tags(tags: Sequence[str] | set[str] | frozenset[str]) -> list[tuple[bool, str]]:
    """``(fires, rule id)`` for each ``@fyrer:<id>`` / ``@fyrer_ikke:<id>`` tag."""
    out = []
    for tag in sorted(tags):
        kind, sep, rid = tag.partition(":")
        if sep and kind in FIRES_TAGS:
            out.append((True, rid))
        elif sep and kind in NOT_FIRES_TAGS:
            out.append((False, rid))
    return out


def check_rule_tags(world: World, tags: Sequence[str] | set[str] | frozenset[str]) -> None:
    """Check the scenario's ``@fyrer:``/``@fyrer_ikke:`` tags against the rules that fired."""
    for fires, written in rule_tags(tags):
        rid = rule_id(world, written)
        fired = rid in world.assessment.fired
        if fires and not fired:
            raise world.fail(
                world.say("tag_did_not_fire", rule=rid) + "\n" + world.describe_fired()
            )
        if not fires and fired:
            raise world.fail(world.say("tag_fired", rule=rid) + "\n" + world.describe_suggestions())
