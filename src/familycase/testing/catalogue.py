"""The step catalogue and word lists of ``docs/writing-features.md``, generated.

The catalogue is written from ``familycase.testing.steps.STEPS`` (the same declarations the
pytest plugin registers), and the word lists from the shipped vocabularies, so the document
cannot describe a step or a word familycase does not know. A test compares the document
with this output; to bring the document up to date::

    python -m familycase.testing.catalogue docs/writing-features.md
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from familycase._text import LANGS, Lang
from familycase.rules.rulebook import Rulebook, load_rulebook
from familycase.testing import _words
from familycase.testing.steps import (
    _PLACEHOLDER_LIST,
    FIRES_TAGS,
    KEYWORDS,
    NOT_FIRES_TAGS,
    PLACEHOLDERS,
    SECTIONS,
    STEPS,
    StepDef,
    display_template,
)

BLOCKS = {
    "steps": ("<!-- steps:begin -->", "<!-- steps:end -->"),
    "words": ("<!-- words:begin -->", "<!-- words:end -->"),
}
_LANG_NAMES = {"nb": "bokmål", "nn": "nynorsk", "en": "English"}


def _wordings(definition: StepDef, lang: Lang) -> list[str]:
    keyword = KEYWORDS[definition.kind][lang]
    return [f"`{keyword} {display_template(w)}`" for w in definition.wordings[lang]]


def _columns(definition: StepDef) -> list[str]:
    if definition.table is None:
        return []
    columns = _words.TABLES[definition.table]
    what = "egenskap · property" if definition.pairs else "kolonne · column"
    out = ["", f"| {what} (nb) | nn | en | må med · required |", "|---|---|---|---|"]
    for c in columns:
        cells = [" / ".join(c.names[lang]) for lang in LANGS]
        required = "ja · yes" if c.required and not definition.pairs else ""
        out.append(f"| {' | '.join(cells)} | {required} |")
    return out


def prose(text: str) -> str:
    """Text with ``<placeholders>`` in backticks (Markdown would take them for HTML)."""
    return re.sub(r"(?<!`)(<[^<>`]+>)(?!`)", r"`\1`", text)


def _step(definition: StepDef) -> list[str]:
    first = definition.wordings["nb"][0]
    out = [f"#### `{KEYWORDS[definition.kind]['nb']} {display_template(first)}`", ""]
    for lang in LANGS:
        same = lang == "nn" and definition.wordings["nn"] == definition.wordings["nb"]
        shown = "som bokmål / as bokmål" if same else " · ".join(_wordings(definition, lang))
        out.append(f"- **{lang}:** {shown}")
    out += ["", prose(definition.doc["nb"]), "", f"*{prose(definition.doc['en'])}*"]
    out += _columns(definition)
    for lang in ("nb", "en"):
        out += ["", "```gherkin", definition.example[lang], "```"]
    out.append("")
    return out


def step_catalogue() -> str:
    """Every step, by section: its wordings in nb, nn and en, what it means, an example."""
    out = [
        "### Verdier i stegene · Values in the steps",
        "",
        "| nb | nn | en | hva du skriver | what to write |",
        "|---|---|---|---|---|",
    ]
    for ph in _PLACEHOLDER_LIST:
        names = " | ".join(f"`<{ph.names[lang]}>`" for lang in LANGS)
        out.append(f"| {names} | {prose(ph.meaning['nb'])} | {prose(ph.meaning['en'])} |")
    out += [
        "",
        "`[...]` kan utelates · may be left out. `{a|b}`: skriv én av dem · write one of them.",
        "",
    ]
    for key, title in SECTIONS.items():
        defs = [d for d in STEPS if d.section == key and d.replaced_by is None]
        if not defs:
            continue
        out += [f"### {title['nb']} · {title['en']}", ""]
        for definition in defs:
            out += _step(definition)
    old = [d for d in STEPS if d.replaced_by is not None]
    if old:
        out += [
            "### Gamle ordlyder · Old wordings",
            "",
            "Disse virker fortsatt, men gir en advarsel (i pytest og i `familycase check`) som "
            "viser den nye · These still work, with a warning (in pytest and in "
            "`familycase check`) that shows the new one.",
            "",
        ]
        for d in old:
            wordings = " · ".join(w for lang in LANGS for w in _wordings(d, lang))
            out += [f"- {wordings}: {prose(d.doc['nb'])} *{prose(d.doc['en'])}*"]
        out.append("")
    fires = ", ".join(f"`@{t}:<regel>`" for t in FIRES_TAGS)
    quiet = ", ".join(f"`@{t}:<regel>`" for t in NOT_FIRES_TAGS)
    out += [
        "### Merker · Tags",
        "",
        f"- {fires}: regelen må slå til i scenarioet · the rule must fire in the scenario.",
        f"- {quiet}: regelen må ikke slå til · the rule must not fire.",
        "",
    ]
    return "\n".join(out).rstrip() + "\n"


def _vocab_table(rulebook: Rulebook, name: str, title: str) -> list[str]:
    vocab = rulebook.vocabularies.by_name(name)
    out = [f"#### {title}", "", "| id | nb | nn | en |", "|---|---|---|---|"]
    for entry_id in vocab:
        labels = " | ".join(vocab.label(entry_id, lang) for lang in LANGS)
        out.append(f"| `{entry_id}` | {labels} |")
    out.append("")
    return out


def _synonyms(rulebook: Rulebook) -> list[str]:
    """The other words of ``testing/words.yaml``: lawyers' words and citation forms."""
    out = [
        "#### Andre ord som forstås · Other words understood",
        "",
        "Fra `src/familycase/testing/words.yaml`. Et ord flere lover deler (barnevernloven, "
        "bvl), betyr loven som gjaldt på vurderingsdatoen; et punktum etter en forkortelse "
        "(`bvl.`, `sotjl.`) spiller ingen rolle · A word several acts share means the act in "
        "force on the evaluation date; a full stop after an abbreviation does not matter.",
        "",
        "| ordliste · list | id | nb | ord · words |",
        "|---|---|---|---|",
    ]
    for name, entries in _words.feature_words().synonyms.items():
        vocab = rulebook.vocabularies.by_name(name)
        for entry_id, words in entries.items():
            shown = ", ".join(f"«{w}»" for w in words)
            out.append(f"| {name} | `{entry_id}` | {vocab.label(entry_id, 'nb')} | {shown} |")
    out.append("")
    return out


def _rules(rulebook: Rulebook) -> list[str]:
    """Every rule id, for ``@fyrer:<regel>`` and «slår regelen "<regel>" til»."""
    out = [
        "#### Regler · Rules",
        "",
        "Regel-id-ene til `@fyrer:<regel>`, `@fyrer_ikke:<regel>` og "
        '`slår regelen "<regel>" til` · The rule ids for the tags and the rule steps.',
        "",
        "| id | nb | en |",
        "|---|---|---|",
    ]
    for rule in rulebook.rules:
        title = rule.spec.title
        out.append(f"| `{rule.id}` | {title.get('nb')} | {title.get('en')} |")
    out.append("")
    return out


def word_lists(rulebook: Rulebook | None = None) -> str:
    """The vocabulary words the steps accept (ids and labels in nb, nn and en)."""
    book = rulebook or load_rulebook()
    out: list[str] = []
    for name, title in (
        ("measures", "Tiltak · Measures"),
        ("services", "Tjenester · Services"),
        ("concern_kinds", "Bekymringer · Concern kinds"),
        ("relation_kinds", "Relasjoner · Relations"),
        ("relation_quality", "Kvalitet på relasjoner · Relation quality"),
        ("certainty", "Sikkerhet · Certainty"),
        ("concern_status", "Status for bekymringer · Concern status"),
        ("severity", "Alvorlighet · Severity"),
        ("source", "Kilde · Source"),
        ("involvement_status", "Status for tjenester · Service status"),
        ("child_welfare_level", "Nivå i barnevernet · Child welfare level"),
        ("age_group", "Aldersgruppe · Age group"),
        ("verification", "Status for hjemler · Verification status of legal bases"),
        ("event_kind", "Hendelser · Events"),
        ("obligation", "Plikt eller anbefaling · Duty or recommendation"),
        ("urgency", "Hastegrad · Urgency"),
        ("laws", "Lover (i hjemler) · Laws (in legal bases)"),
    ):
        out += _vocab_table(book, name, title)
    out += _synonyms(book)
    out += _rules(book)
    repeated = ", ".join(f"«{w}»" for w in _words.REPEATED)
    out += [
        "#### Gjentatt · Repeated",
        "",
        f"{repeated}; i tabeller også ja / nei / ukjent · in tables also yes / no / unknown.",
    ]
    return "\n".join(out).rstrip() + "\n"


GENERATORS = {"steps": step_catalogue, "words": word_lists}


def render(document: str) -> str:
    """``document`` with its generated blocks replaced by the current ones."""
    for key, (begin, end) in BLOCKS.items():
        pattern = re.compile(re.escape(begin) + r"\n.*?" + re.escape(end), re.S)
        match = pattern.search(document)
        if match is None:
            raise ValueError(f"The document has no {begin} ... {end} block.")
        replacement = f"{begin}\n{GENERATORS[key]()}{end}"
        document = document[: match.start()] + replacement + document[match.end() :]
    return document


def _tab_stops(wording: str) -> str:
    """``<tiltak>`` -> ``${1:tiltak}`` (in quotes where the value is written in quotes)."""
    counter = iter(range(1, 100))

    def tab(m: re.Match[str]) -> str:
        stop = f"${{{next(counter)}:{m.group(1)}}}"
        quoted = PLACEHOLDERS[m.group(1)].group in ("persons", "exposed")
        return f'"{stop}"' if quoted else stop

    return re.sub(r"<([^<>]+)>", tab, wording)


def snippets() -> str:
    """Every step as a VS Code snippet (JSON), for the Gherkin/Cucumber extensions: type the
    start of a step, pick it, and Tab through its values."""
    from familycase.testing._closest import expand  # noqa: PLC0415

    out: dict[str, dict[str, object]] = {}
    for definition in STEPS:
        if definition.replaced_by is not None:
            continue
        for lang in LANGS:
            if lang == "nn" and definition.wordings["nn"] == definition.wordings["nb"]:
                continue
            wording = display_template(definition.wordings[lang][0])
            plain = expand(wording)[0]
            body = _tab_stops(plain)
            keyword = KEYWORDS[definition.kind][lang]
            lines = [body]  # after the keyword (Gitt, Og, Så ...) the writer has typed
            example = definition.example["en" if lang == "en" else "nb"].splitlines()
            lines += ["  " + row.strip() for row in example[1:]]  # the table, if any
            out[f"{_LANG_NAMES[lang]}: {keyword} {wording}"] = {
                "scope": "feature,cucumber,gherkin",
                "prefix": re.sub(r"[<>]", "", plain),
                "body": lines,
                "description": definition.doc["en" if lang == "en" else "nb"],
            }
    return json.dumps(out, indent=2, ensure_ascii=False) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Update the generated blocks of a document (``--check``: only report drift);
    ``--snippets FILE`` writes the VS Code snippets instead."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["--snippets"]:
        target = Path(args[1]) if len(args) > 1 else Path("familycase.code-snippets")
        target.write_text(snippets(), encoding="utf-8")
        print(f"{target}: {len(json.loads(snippets()))} snippets")
        return 0
    check = "--check" in args
    paths = [Path(a) for a in args if a != "--check"] or [Path("docs/writing-features.md")]
    stale = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        new = render(text)
        if new != text:
            stale.append(path)
            if not check:
                path.write_text(new, encoding="utf-8")
    for path in stale:
        print(f"{path}: {'out of date' if check else 'updated'}")
    return 1 if check and stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
