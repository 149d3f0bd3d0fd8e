"""Legal provisions as data, chosen by date.

``rules/law/provisions.yaml`` lists every provision rules may cite: law id, section,
paragraph and letter where known, validity dates and the verification status carried from
``shared/domain/law-and-services.md`` (``confirmed``, ``partly``, ``unconfirmed``), a title
and, optionally, a note on what is not confirmed, both in nb, nn and en. A rule cites
provision ids; an assessment cites only those in force on its evaluation date.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from familycase._resources import rules_dir
from familycase._text import LANGS, Lang, Text
from familycase._validation import Bool, Date, field_names, problems_from
from familycase._yaml import Document, load_yaml
from familycase.errors import ContentError, Problem
from familycase.rules.vocabulary import Vocabularies, load_vocabularies

Verification = Literal["confirmed", "partly", "unconfirmed"]


class Provision(BaseModel):
    """A legal provision (or a whole act, when ``section`` is ``None``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    law: str
    chapter: str | None = Field(
        default=None,
        pattern=r"^[0-9]{1,3}[a-z]?$",
        description="A whole chapter (kapittel) of the act, when no section is cited.",
    )
    section: str | None = None
    paragraph: int | None = Field(default=None, ge=1, le=5)
    letter: str | None = Field(default=None, pattern=r"^[a-z]$")
    valid_from: Date | None = None
    valid_until: Date | None = None
    status: Verification
    note: Text | None = Field(
        default=None,
        description="What is not confirmed (or how the provision is cited), in nb, nn and en.",
    )
    sources: list[str] = Field(default_factory=list)
    title: Text
    overrides_confidentiality: Bool = Field(
        default=False,
        description=(
            "The provision itself makes the duty apply notwithstanding confidentiality "
            "(sotjl § 45, bvl § 13-2, strl § 196); never implied by 'duty' alone."
        ),
    )

    @model_validator(mode="after")
    def _dates(self) -> Provision:
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValueError("valid_until is before valid_from")
        if self.chapter is not None and self.section is not None:
            raise ValueError("cite a chapter or a section, not both")
        return self

    def in_force(self, on: date) -> bool:
        """Whether the provision applies on ``on``."""
        return (self.valid_from is None or on >= self.valid_from) and (
            self.valid_until is None or on <= self.valid_until
        )


@dataclass(frozen=True)
class Provisions:
    """The provision catalogue, by id."""

    entries: Mapping[str, Provision]
    vocabularies: Vocabularies

    def __contains__(self, item: object) -> bool:
        return item in self.entries

    def __getitem__(self, item: str) -> Provision:
        return self.entries[item]

    def citation(self, pid: str, lang: Lang) -> str:
        """``barnevernsloven § 13-2 første ledd bokstav a`` in ``lang``."""
        p = self.entries[pid]
        v = self.vocabularies
        parts = [v.laws.label(p.law, lang)]
        if p.chapter is not None:
            parts.append(f"{v.text('chapter').get(lang)} {p.chapter}")
        if p.section is not None:
            parts.append(f"{v.text('section_sign').get(lang)} {p.section}")
        if p.paragraph is not None:
            parts.append(v.text(f"paragraph_{p.paragraph}").get(lang))
        if p.letter is not None:
            parts.append(f"{v.text('letter').get(lang)} {p.letter}")
        return " ".join(parts)

    def citation_text(self, pid: str) -> Text:
        """The citation in every language."""
        return Text(**{lang: self.citation(pid, lang) for lang in LANGS})


def load_provisions(
    path: str | Path | None = None, *, vocabularies: Vocabularies | None = None
) -> Provisions:
    """Load and validate the provision catalogue (default: the shipped one, cached)."""
    if path is None and vocabularies is None:
        return _default()
    return _load(Path(path or rules_dir() / "law" / "provisions.yaml"), vocabularies)


@cache
def _default() -> Provisions:
    return _load(rules_dir() / "law" / "provisions.yaml", None)


#: The fields of a provision that are texts in nb, nn and en.
_TEXT_FIELDS = ("title", "note")
_LANGUAGE_NAMES = {"nb": "bokmål", "nn": "nynorsk", "en": "English"}


def _text_problems(doc: Document, pid: str, data: object) -> list[Problem]:
    """FC213 for a title or note written as one text, or without its nb, nn or en text.

    A key that is not a language (``NN:``, ``se:``) is left to the model's checks, which
    take it for a misspelt language when it is close to one."""
    if not isinstance(data, dict):
        return []
    out: list[Problem] = []
    for name in [key for key in data if key in _TEXT_FIELDS]:  # in the order written
        value = data[name]
        path = ("provisions", pid, name)
        if isinstance(value, str):
            hint = (
                " (a note written as one text used to be English: put it after 'en:' and add "
                "the bokmål and nynorsk texts)"
                if name == "note"
                else ""
            )
            out.append(
                doc.problem(
                    "FC213",
                    f"Provision '{pid}': its {name} is one text; a {name} is written in "
                    "bokmål, nynorsk and English.",
                    path,
                    f"Write it as three lines under '{name}:', 'nb: ...', 'nn: ...' and "
                    f"'en: ...'{hint}.",
                )
            )
        elif isinstance(value, dict) and set(value) <= set(LANGS):
            missing = [lang for lang in LANGS if lang not in value]
            if not missing:
                continue
            names = [f"{_LANGUAGE_NAMES[lang]} ('{lang}')" for lang in missing]
            lines = " and ".join(f"'{lang}: ...'" for lang in missing)
            out.append(
                doc.problem(
                    "FC213",
                    f"Provision '{pid}': its {name} has no {' or '.join(names)} text.",
                    path,
                    f"Add {lines} under '{name}:' with the {name} in "
                    f"{' and '.join(_LANGUAGE_NAMES[lang] for lang in missing)}: every title "
                    "and note is written in bokmål, nynorsk and English.",
                )
            )
    return out


def _load(path: Path, vocabularies: Vocabularies | None) -> Provisions:
    vocab = vocabularies or load_vocabularies()
    doc = load_yaml(path)
    raw = doc.data.get("provisions") if isinstance(doc.data, dict) else None
    if not isinstance(raw, dict) or set(doc.data) != {"provisions"}:
        raise ContentError(
            [doc.problem("FC210", "Expected one top-level key 'provisions' (a mapping).", ())]
        )
    problems: list[Problem] = []
    entries: dict[str, Provision] = {}
    known = field_names((Provision,))
    for pid, data in raw.items():
        texts = _text_problems(doc, str(pid), data)
        problems.extend(texts)
        try:
            provision = Provision.model_validate(data)
        except ValidationError as exc:
            # a title or note already reported as not trilingual (FC213) is reported once
            reported = {p.path for p in texts}
            problems.extend(
                p
                for p in problems_from(
                    exc,
                    document=doc,
                    base=("provisions", pid),
                    known_fields=known,
                    model=Provision,
                )
                if not any(p.path == r or (p.path or "").startswith(f"{r}.") for r in reported)
            )
            continue
        if provision.law not in vocab.laws:
            problems.append(
                doc.problem(
                    "FC211",
                    f"Provision '{pid}' cites unknown law '{provision.law}'.",
                    ("provisions", pid, "law"),
                    vocab.laws.suggest(provision.law),
                )
            )
            continue
        law = vocab.laws[provision.law]
        law_from, law_until = law.attr("valid_from"), law.attr("valid_until")
        if (
            law_from
            and (
                provision.valid_from is None or provision.valid_from < date.fromisoformat(law_from)
            )
        ) or (
            law_until
            and (
                provision.valid_until is None
                or provision.valid_until > date.fromisoformat(law_until)
            )
        ):
            problems.append(
                doc.problem(
                    "FC212",
                    f"Provision '{pid}' is valid outside the dates its law is in force "
                    f"({law_from or '…'} to {law_until or '…'}).",
                    ("provisions", pid),
                    "Set valid_from/valid_until within the law's dates.",
                )
            )
            continue
        entries[pid] = provision
    if problems:
        raise ContentError(problems, "The legal provisions are invalid")
    return Provisions(entries, vocab)
