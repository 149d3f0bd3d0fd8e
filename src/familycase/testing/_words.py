"""The words of the step library: how the values a domain expert writes become case data.

Everything here is the step library's own language (bokmål, nynorsk, English): yes/no,
month names, list separators, table headings. Vocabulary words (services, measures, concern
kinds...) are never listed here: they come from the rulebook's vocabularies, by id or by
label in any language.

Conversion is conservative: a number is a number only when it is written as one
(``17``; not ``017`` or ``17.0``), a date only when it is a real date, and a vocabulary word
only when it names exactly one entry. Anything else is refused with a message that says
what was expected, never guessed.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from familycase._text import LANGS, Lang
from familycase._yaml import load_yaml
from familycase.errors import ContentError
from familycase.rules.vocabulary import Vocabulary

_WORDS = Path(__file__).resolve().parent / "words.yaml"

# -- plain values ------------------------------------------------------------------------
_INT = re.compile(r"(0|[1-9][0-9]*)")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DOTTED = re.compile(r"(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})")
_DAY_MONTH = re.compile(r"(\d{1,2})\.?\s+([^\W\d_]+)\s+(\d{4})")
_MONTH_DAY = re.compile(r"([^\W\d_]+)\s+(\d{1,2}),?\s+(\d{4})")

_MONTH_NAMES = (
    "januar februar mars april mai juni juli august september oktober november desember",
    "january february march april may june july august september october november december",
)
MONTHS: dict[str, int] = {
    name: i for names in _MONTH_NAMES for i, name in enumerate(names.split(), start=1)
}

YES = frozenset({"ja", "yes"})
NO = frozenset({"nei", "no"})

# Words that may not appear unquoted inside a vocabulary word in a step: they turn a
# sentence into its negation ("foreslås ikke ...") and keep the two steps apart.
NEGATIONS = ("ikke", "ikkje", "not", "ingen", "ingenting", "no", "nothing")

# "Jon", "Beth" og "Tomas" / Jon, Beth and Tomas
LIST_SEPARATOR = re.compile(r"\s*(?:,|;|\s+og\s+|\s+and\s+)\s*")


def fold(text: str) -> str:
    """Text as compared: NFC, case-folded, hyphens and underscores as spaces, one space."""
    folded = unicodedata.normalize("NFC", text).casefold().replace("-", " ").replace("_", " ")
    return " ".join(folded.split())


def unquote(text: str) -> str:
    """``"rusproblem"`` -> ``rusproblem`` (also « » and curly quotes)."""
    text = text.strip()
    if len(text) >= 2 and text[0] in "\"«“”'" and text[-1] in "\"»”“'":
        return text[1:-1].strip()
    return text


def parse_int(text: str) -> int | None:
    """A whole number written as one (``17``), else ``None``."""
    text = text.strip()
    return int(text) if _INT.fullmatch(text) else None


def parse_bool(text: str) -> bool | None:
    """``ja``/``yes`` -> True, ``nei``/``no`` -> False, else ``None``."""
    word = fold(unquote(text))
    if word in YES:
        return True
    if word in NO:
        return False
    return None


def parse_date(text: str) -> date | None:
    """``2025-06-01``, ``01.06.2025``, ``1. juni 2025``, ``1 June 2025``, ``June 1, 2025``."""
    text = " ".join(unquote(text).split())
    try:
        if m := _ISO.fullmatch(text):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := _DOTTED.fullmatch(text):
            return date(int(m[3]), int(m[2]), int(m[1]))
        if (m := _DAY_MONTH.fullmatch(text)) and m[2].casefold() in MONTHS:
            return date(int(m[3]), MONTHS[m[2].casefold()], int(m[1]))
        if (m := _MONTH_DAY.fullmatch(text)) and m[1].casefold() in MONTHS:
            return date(int(m[3]), MONTHS[m[1].casefold()], int(m[2]))
    except ValueError:  # 31.02.2025
        return None
    return None


def split_list(text: str) -> list[str]:
    """``"Jon", "Beth" og "Tomas"`` or ``Jon, Beth and Tomas`` -> the items, unquoted."""
    quoted = re.findall(r'"([^"]+)"', text)
    if quoted:
        return [q.strip() for q in quoted]
    return [unquote(part) for part in LIST_SEPARATOR.split(text.strip()) if part.strip()]


# -- the words of words.yaml: synonyms, and concern kinds that name who uses violence --------
@dataclass(frozen=True)
class FeatureWords:
    """``words.yaml``: other words for vocabulary entries, and perpetrator concern kinds."""

    synonyms: Mapping[str, Mapping[str, tuple[str, ...]]]  # vocabulary -> id -> words
    perpetrator_kinds: frozenset[str]


@cache
def feature_words() -> FeatureWords:
    """The step library's extra words (``words.yaml``), checked for shape."""
    doc = load_yaml(_WORDS)
    data = doc.data if isinstance(doc.data, dict) else {}
    raw = data.get("synonyms")
    kinds = data.get("perpetrator_kinds")
    problems = []
    synonyms: dict[str, dict[str, tuple[str, ...]]] = {}
    if not isinstance(raw, dict):
        problems.append(doc.problem("FC601", "Expected a 'synonyms' mapping.", ()))
        raw = {}
    for vocab, entries in raw.items():
        if not isinstance(entries, dict):
            problems.append(doc.problem("FC602", "Expected entry ids.", ("synonyms", vocab)))
            continue
        for entry, words in entries.items():
            if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
                problems.append(
                    doc.problem("FC602", "Expected a list of words.", ("synonyms", vocab, entry))
                )
                continue
            synonyms.setdefault(str(vocab), {})[str(entry)] = tuple(words)
    if not isinstance(kinds, list) or not all(isinstance(k, str) for k in kinds):
        problems.append(doc.problem("FC601", "Expected a 'perpetrator_kinds' list.", ()))
        kinds = []
    if problems:
        raise ContentError(problems, "The step library's words are invalid")
    return FeatureWords(synonyms, frozenset(kinds))


def synonyms(vocab: Vocabulary, entry_id: str) -> tuple[str, ...]:
    """The other words ``words.yaml`` gives for an entry."""
    return feature_words().synonyms.get(vocab.name, {}).get(entry_id, ())


def _key(text: str) -> str:
    """Text as a vocabulary key: folded, a full stop ending a word dropped (``bvl.``)."""
    return re.sub(r"\.(?=\s|$)", "", fold(text)).strip()


# -- vocabulary words ----------------------------------------------------------------------
@dataclass(frozen=True)
class Match:
    """The result of looking a word up in a vocabulary."""

    id: str | None
    candidates: tuple[str, ...] = ()  # several entries fit (ambiguous) or close ones (typo)
    ambiguous: bool = False


def _keys(vocab: Vocabulary, entry_id: str) -> list[str]:
    entry = vocab[entry_id]
    keys = [_key(entry_id), *(_key(entry.label.get(lang)) for lang in LANGS)]
    for lang in LANGS:  # the abbreviation in parentheses: "(DPS)", "(TSB)"
        keys.extend(_key(a) for a in re.findall(r"\(([^()]+)\)", entry.label.get(lang)))
    abbreviation = entry.attr("abbreviation")
    if isinstance(abbreviation, str):
        keys.append(_key(abbreviation))
    keys.extend(_key(word) for word in synonyms(vocab, entry_id))
    return list(dict.fromkeys(keys))


def lookup(vocab: Vocabulary, text: str) -> Match:
    """Find the entry ``text`` names: its id, a label in any language, the abbreviation in
    a label's parentheses, or the unique entry whose label starts with these whole words
    (``ukjent`` -> ``ukjent alvorlighet``). Nothing is guessed: several fits are ambiguous."""
    wanted = _key(unquote(text))
    if not wanted:
        return Match(None)
    exact = [e for e in vocab if wanted in _keys(vocab, e)]
    if not exact and wanted.startswith("the "):  # English "the police", "the duty to inform"
        return lookup(vocab, wanted.removeprefix("the "))
    if len(exact) == 1:
        return Match(exact[0])
    if len(exact) > 1:
        return Match(None, tuple(exact), ambiguous=True)
    prefix = [e for e in vocab if any(k.startswith(wanted + " ") for k in _keys(vocab, e))]
    if len(prefix) == 1:
        return Match(prefix[0])
    if len(prefix) > 1:
        return Match(None, tuple(prefix), ambiguous=True)
    return Match(None, tuple(closest(vocab, wanted)))


def closest(vocab: Vocabulary, text: str, n: int = 3) -> list[str]:
    """The ids of the entries whose id or labels are closest to ``text``."""
    by_key: dict[str, str] = {}
    for entry_id in vocab:
        for key in _keys(vocab, entry_id):
            by_key.setdefault(key, entry_id)
    close = difflib.get_close_matches(_key(text), list(by_key), n=n * 3, cutoff=0.6)
    return list(dict.fromkeys(by_key[c] for c in close))[:n]


def lookup_list(vocab: Vocabulary, text: str) -> list[tuple[str, Match]]:
    """Several vocabulary words: ``"skole", "politiet"`` or ``skole og politiet``, each with
    the text it was read from.

    Labels may themselves contain "og" ("helsestasjon og skolehelsetjeneste"), so the text
    is cut at every separator and the pieces are joined back into the fewest words that
    each name an entry. When no such reading exists, each piece is looked up on its own.
    """
    if '"' in text:
        return [(item, lookup(vocab, item)) for item in split_list(text)]
    whole = lookup(vocab, text)
    if whole.id is not None:
        return [(text, whole)]
    tokens = re.split(r"(\s*(?:,|;|\s+og\s+|\s+and\s+)\s*)", text.strip())
    pieces, seps = tokens[0::2], tokens[1::2]
    n = len(pieces)
    # best[i]: the fewest words covering pieces[:i], every one of them known
    best: list[list[tuple[str, Match]] | None] = [[]] + [None] * n
    for end in range(1, n + 1):
        for start in range(end):
            prev = best[start]
            if prev is None:
                continue
            word = pieces[start] + "".join(seps[k - 1] + pieces[k] for k in range(start + 1, end))
            found = lookup(vocab, word)
            current = best[end]
            if found.id is not None and (current is None or len(prev) + 1 < len(current)):
                best[end] = [*prev, (word, found)]
    result = best[n]
    if result is not None:
        return result
    return [(piece, lookup(vocab, piece)) for piece in pieces if piece.strip()]


def label(vocab: Vocabulary, entry_id: str, lang: Lang) -> str:
    """An entry's label in ``lang`` (the id if unknown)."""
    return vocab.label(entry_id, lang)


# -- table headings ------------------------------------------------------------------------
@dataclass(frozen=True)
class Column:
    """A table column: its key and the headings that name it in nb, nn and en."""

    key: str
    names: Mapping[Lang, tuple[str, ...]]
    required: bool = False

    def heading(self, lang: Lang) -> str:
        """The first heading in ``lang``."""
        return self.names[lang][0]

    def matches(self, heading: str) -> bool:
        wanted = fold(heading)
        return any(wanted == fold(n) for names in self.names.values() for n in names)


def columns_of(header: Sequence[str], columns: Iterable[Column]) -> list[Column | None]:
    """The column for each heading (``None`` where the heading is unknown)."""
    known = list(columns)
    return [next((c for c in known if c.matches(h)), None) for h in header]


def _col(key: str, nb: str, nn: str, en: str, *, required: bool = False) -> Column:
    def names(text: str) -> tuple[str, ...]:
        return tuple(n.strip() for n in text.split("|"))

    return Column(key, {"nb": names(nb), "nn": names(nn), "en": names(en)}, required)


PERSON_COLUMNS = (
    _col("person", "person|navn", "person|namn", "person|name", required=True),
    _col("age", "alder", "alder", "age"),
    _col("born", "født|fødselsdato", "fødd|fødselsdato", "born|birth date"),
    _col("parent_of", "forelder til", "forelder til", "parent of"),
    _col("household", "husstand|bor i", "hushald|bur i", "household|lives in"),
)
RELATION_COLUMNS = (
    _col("from", "fra|person", "frå|person", "from|person", required=True),
    _col("kind", "relasjon", "relasjon", "relation", required=True),
    _col("to", "til", "til", "to", required=True),
    _col("quality", "kvalitet", "kvalitet", "quality"),
    _col("parental_responsibility", "foreldreansvar", "foreldreansvar", "parental responsibility"),
    _col("daily_care", "daglig omsorg", "dagleg omsorg", "daily care"),
)
HOUSEHOLD_COLUMNS = (
    _col("household", "husstand", "hushald", "household", required=True),
    _col("members", "medlemmer|personer", "medlemer|personar", "members|persons", required=True),
)
CONCERN_COLUMNS = (
    _col("kind", "bekymring", "uro|bekymring", "concern", required=True),
    _col("about", "hos|fra|gjelder", "hos|frå|hjå|gjeld", "by|in|about", required=True),
    _col("exposed", "utsatt|utsatte", "utsett|utsette", "exposed"),
    _col("source", "kilde", "kjelde", "source"),
    _col("reported_by", "meldt av", "meldt av", "reported by"),
    _col("certainty", "sikkerhet", "sikkerheit|visse", "certainty"),
    _col("status", "status", "status", "status"),
    _col("severity", "alvorlighet", "alvorsgrad", "severity"),
    _col("repeated", "gjentatt", "gjenteke", "repeated"),
    _col("last_incident", "sist skjedd", "sist skjedd|sist hendt", "last incident"),
    _col("id", "id", "id", "id"),
)
# Old headings of the concerns table's "about" column: read, with a warning (misread).
OLD_CONCERN_HEADINGS = frozenset({"gjelder", "gjeld", "about"})
SERVICE_COLUMNS = (
    _col("service", "tjeneste", "teneste", "service", required=True),
    _col("persons", "person|personer", "person|personar", "person|persons", required=True),
    _col("status", "status", "status", "status"),
    _col("coordinator", "koordinerer", "koordinerer", "coordinates|coordinator"),
    _col("level", "nivå", "nivå", "level"),
)
CONSENT_COLUMNS = (
    _col("given_by", "gitt av", "gjeve av|gitt av", "given by", required=True),
    _col(
        "share_with", "deles med", "delast med|deles med", "shared with|share with", required=True
    ),
    _col("concerning", "gjelder", "gjeld", "concerning|about"),
    _col("given_on", "gitt", "gjeve|gitt", "given on|given"),
    _col("withdrawn_on", "trukket tilbake", "trekt tilbake", "withdrawn on|withdrawn"),
)
SUGGESTION_COLUMNS = (
    _col("measure", "tiltak", "tiltak", "measure"),
    _col("for", "for|gjelder", "for|gjeld", "for|concerns"),
    _col("only_for", "bare for", "berre for", "only for"),
    _col("responsible", "ansvarlig", "ansvarleg", "responsible"),
    _col("services", "sammen med|i samarbeid med", "saman med|i samarbeid med", "together with"),
    _col(
        "obligation",
        "type|plikt eller anbefaling",
        "type|plikt eller tilråding",
        "type|duty or recommendation",
    ),
    _col("urgency", "hastegrad|hast", "hastegrad|hast", "urgency"),
    _col("legal_basis", "hjemmel", "heimel", "legal basis"),
    _col(
        "requires_consent",
        "krever samtykke|samtykke",
        "krev samtykke|samtykke",
        "requires consent|consent",
    ),
)

RESPONSIBILITY_COLUMNS = (
    _col(
        "service", "tjeneste|ansvarlig", "teneste|ansvarleg", "service|responsible", required=True
    ),
    _col("measure", "tiltak", "tiltak", "measure", required=True),
    _col("person", "person|gjelder", "person|gjeld", "person|concerns"),
)

TABLES: dict[str, tuple[Column, ...]] = {
    "responsibility": RESPONSIBILITY_COLUMNS,
    "persons": PERSON_COLUMNS,
    "relations": RELATION_COLUMNS,
    "households": HOUSEHOLD_COLUMNS,
    "concerns": CONCERN_COLUMNS,
    "services": SERVICE_COLUMNS,
    "consents": CONSENT_COLUMNS,
    "suggestion": SUGGESTION_COLUMNS,
}

# Words inside a concern's parentheses that say whether it happened more than once.
REPEATED: dict[str, bool] = {
    "gjentatt": True,
    "gjenteke": True,
    "repeated": True,
    "ikke gjentatt": False,
    "ikkje gjenteke": False,
    "not repeated": False,
    "én gang": False,
    "ein gong": False,
    "once": False,
}
REPORTED_BY = ("meldt av ", "reported by ")
# Words inside a concern's parentheses before the date it last happened (last_incident).
LAST_INCIDENT = ("sist skjedd ", "sist hendt ", "last incident ", "last happened ")


def is_lang(value: str) -> bool:
    """Whether ``value`` is one of the languages (``nb``, ``nn``, ``en``)."""
    return value in LANGS
