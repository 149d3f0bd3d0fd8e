"""The scenario player: step through a scenario phase by phase, as a trainer does.

``play(scenario, lang)`` (or ``scenario.play(lang)``) yields one ``PhaseView`` per phase, in
order: the phase's title, date, narrative and discussion questions in ``lang``, the case as
it stands, its ``Assessment``, its ecomap (SVG) and what changed since the previous phase:

- in the case: new persons, who now lives together, ties that began or ended or whose
  quality changed, new concerns and concerns whose certainty, severity, exposed persons or
  status changed, new services and services whose status or coordinator role changed,
  consents given and withdrawn. The first phase lists what it added to the base case;
- in the suggestions, matched by measure and persons: ``new``, ``withdrawn`` and
  ``changed`` (a different obligation, urgency, responsible service or legal basis).

Everything is deterministic: the same scenario gives the same views. In Jupyter a view
shows itself (``_repr_html_``); ``PhaseView.text()`` is the same for a terminal
(``familycase play``).

>>> import familycase
>>> scenario = familycase.load_scenario(familycase.scenario_path("maria_and_david"))
>>> views = list(scenario.play("en"))
>>> [view.phase.id for view in views]
['phase1', 'phase2', 'phase3']
>>> "notify_child_welfare" in [c.measure for c in views[2].changes.withdrawn]
True
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from familycase._text import Lang, Text, fill_map, join_names
from familycase.assess.assessment import Assessment, Suggestion
from familycase.assess.compare import Change
from familycase.assess.compare import compare as compare_assessments
from familycase.assess.evaluation import evaluate
from familycase.case.model import Case, Consent
from familycase.render.ecomap import ecomap_svg, scenario_frame
from familycase.render.responsibility import responsibility_table
from familycase.render.text import render_assessment
from familycase.rules.vocabulary import Vocabularies, load_vocabularies

if TYPE_CHECKING:
    from familycase.case.scenario import Phase, Scenario
    from familycase.rules.rulebook import Rulebook

ChangeKind = Literal["new", "withdrawn", "changed"]
COMPARED = ("obligation", "urgency", "responsible", "legal_basis")


@dataclass(frozen=True, repr=False)
class SuggestionChange:
    """A suggestion that appeared, disappeared or changed between two phases."""

    kind: ChangeKind
    measure: str
    persons: tuple[str, ...]
    before: Suggestion | None
    after: Suggestion | None
    fields: tuple[str, ...] = ()  # for "changed": which of COMPARED differ
    reasons: tuple[
        Text, ...
    ] = ()  # why (familycase.compare): what fires now, or what no longer holds

    @property
    def suggestion(self) -> Suggestion:
        """The suggestion as it is now (as it was, for a withdrawn one)."""
        found = self.after or self.before
        assert found is not None
        return found

    def __repr__(self) -> str:
        return f"SuggestionChange({self.kind!r}, {self.measure!r}, persons={self.persons!r})"


@dataclass(frozen=True, repr=False)
class PhaseChanges:
    """What changed since the previous phase (``first``: there was none)."""

    first: bool
    case: tuple[str, ...]  # the changes in the case, as sentences in the player's language
    new: tuple[SuggestionChange, ...]
    withdrawn: tuple[SuggestionChange, ...]
    changed: tuple[SuggestionChange, ...]
    duties: tuple[Change, ...] = ()  # duty-board entries that appeared or changed status

    def __repr__(self) -> str:
        return (
            f"PhaseChanges(first={self.first}, case={len(self.case)}, new={len(self.new)}, "
            f"withdrawn={len(self.withdrawn)}, changed={len(self.changed)}, "
            f"duties={len(self.duties)})"
        )


def _key(s: Suggestion) -> tuple[str, tuple[str, ...]]:
    return s.measure, tuple(s.persons)


def _differs(a: Suggestion, b: Suggestion) -> tuple[str, ...]:
    out = []
    for name in COMPARED:
        if name == "legal_basis":
            if {r.provision for r in a.legal_basis} != {r.provision for r in b.legal_basis}:
                out.append(name)
        elif getattr(a, name) != getattr(b, name):
            out.append(name)
    return tuple(out)


def compare(
    before: Assessment | None, after: Assessment
) -> tuple[tuple[SuggestionChange, ...], ...]:
    """``(new, withdrawn, changed)`` suggestions from ``before`` to ``after``, matched by
    their ids (measure and persons), each with its reasons from ``familycase.compare``.
    With no ``before``, every suggestion is new."""
    old = {_key(s): s for s in before.suggestions} if before is not None else {}
    now = {_key(s): s for s in after.suggestions}
    why: dict[str, tuple[Text, ...]] = {}
    if before is not None:
        for change in compare_assessments(before, after).of("suggestion"):
            why[change.id] = tuple(change.reasons)
    new = tuple(
        SuggestionChange("new", k[0], k[1], None, s, reasons=why.get(s.id, ()))
        for k, s in now.items()
        if k not in old
    )
    withdrawn = tuple(
        SuggestionChange("withdrawn", k[0], k[1], s, None, reasons=why.get(s.id, ()))
        for k, s in old.items()
        if k not in now
    )
    changed = tuple(
        SuggestionChange(
            "changed", k[0], k[1], old[k], s, _differs(old[k], s), reasons=why.get(s.id, ())
        )
        for k, s in now.items()
        if k in old and _differs(old[k], s)
    )
    return new, withdrawn, changed


def duty_changes(before: Assessment | None, after: Assessment) -> tuple[Change, ...]:
    """The duty-board entries that appeared or changed status, with why."""
    if before is None:
        return ()
    return tuple(
        c for c in compare_assessments(before, after).of("duty") if c.change != "disappeared"
    )


def case_changes(
    before: Case | None, after: Case, lang: Lang = "nb", vocabularies: Vocabularies | None = None
) -> list[str]:
    """What changed in the case from ``before`` to ``after``, as sentences in ``lang``:
    persons, who lives together, ties, concerns, services and consents, with names and
    vocabulary labels. Empty without ``before``."""
    if before is None:
        return []
    v = vocabularies or load_vocabularies()
    names = {p.id: p.name for p in after.persons}
    order = {p.id: i for i, p in enumerate(after.persons)}

    def say(key: str, **values: str) -> str:
        return fill_map(v.text(key).get(lang), values)

    def who(ids: Sequence[str]) -> str:
        return join_names([names.get(i, i) for i in sorted(ids, key=order.__getitem__)], lang)

    out: list[str] = []
    known = {p.id for p in before.persons}
    out += [say("change_person_new", person=p.name) for p in after.persons if p.id not in known]

    def together(case: Case) -> dict[str, frozenset[str]]:
        return {pid: frozenset(h.members) for h in case.households for pid in h.members}

    was, now = together(before), together(after)
    seen: set[str] = set()
    for person in after.persons:
        pid = person.id
        alone = frozenset({pid})
        if pid in seen or was.get(pid, alone) == now.get(pid, alone):
            continue
        group = now.get(pid, alone)
        seen |= group
        if len(group) > 1:
            out.append(say("change_household", members=who(list(group))))
        else:
            out.append(say("change_lives_without", person=names[pid]))

    def ties(case: Case) -> dict[object, tuple[str, str, str]]:
        return {
            (r.id or (r.kind, r.from_, r.to)): (r.kind, r.from_, r.to)
            for r in case.relations
            if r.current(case.as_of)
        }

    old_ties, new_ties = ties(before), ties(after)
    for key, template in (("change_relation_new", new_ties), ("change_relation_ended", old_ties)):
        other = old_ties if template is new_ties else new_ties
        grouped: dict[tuple[str, str], list[str]] = {}
        for ident, (kind, source, target) in template.items():
            if ident not in other:
                grouped.setdefault((kind, source), []).append(target)
        for (kind, source), targets in grouped.items():
            mutual = v.relation_kinds[kind].attr("symmetric", False)
            out.append(
                say(
                    f"{key}_mutual" if mutual and key == "change_relation_new" else key,
                    **{
                        "from": names[source],
                        "to": who(targets),
                        "kind": v.relation_kinds.label(kind, lang),
                    },
                )
            )

    was_quality = {
        (r.id or (r.kind, r.from_, r.to)): r.quality
        for r in before.relations
        if r.current(before.as_of)
    }
    for r in after.relations:
        ident = r.id or (r.kind, r.from_, r.to)
        if ident in was_quality and r.current(after.as_of) and r.quality != was_quality[ident]:
            quality = v.terms["relation_quality"].label(r.quality, lang) if r.quality else "–"
            out.append(
                say(
                    "change_relation_quality",
                    **{
                        "from": names[r.from_],
                        "to": names[r.to],
                        "kind": v.relation_kinds.label(r.kind, lang),
                        "quality": quality,
                    },
                )
            )

    previous = {c.id: c for c in before.concerns}
    for c in after.concerns:
        kind = v.concern_kinds.label(c.kind, lang)
        about = who(c.about)
        old = previous.get(c.id)
        if old is None:
            certainty = v.terms["certainty"].label(c.certainty, lang)
            out.append(say("change_concern_new", kind=kind, about=about, certainty=certainty))
            continue
        if old.certainty != c.certainty:
            certainty = v.terms["certainty"].label(c.certainty, lang)
            out.append(say("change_concern_certainty", kind=kind, about=about, certainty=certainty))
        if old.severity != c.severity:
            severity = v.terms["severity"].label(c.severity, lang)
            out.append(say("change_concern_severity", kind=kind, about=about, severity=severity))
        if set(old.exposed) != set(c.exposed):
            exposed = who(c.exposed) or v.text("none").get(lang)
            out.append(say("change_concern_exposed", kind=kind, about=about, exposed=exposed))
        if old.status != c.status:
            status = v.terms["concern_status"].label(c.status, lang)
            out.append(say("change_concern_status", kind=kind, about=about, status=status))

    def involvements(case: Case) -> dict[object, tuple[str, str, str]]:
        return {
            (s.id or (s.service, s.person)): (s.service, s.person, s.status) for s in case.services
        }

    old_services = involvements(before)
    coordinating = {s.id or (s.service, s.person) for s in before.services if s.coordinator}
    added: dict[tuple[str, str, str], list[str]] = {}
    for inv in after.services:
        ident = inv.id or (inv.service, inv.person)
        service, pid, status = inv.service, inv.person, inv.status
        if ident not in old_services:
            added.setdefault(("change_service_new", service, status), []).append(pid)
        elif old_services[ident][2] != status:
            added.setdefault(("change_service_status", service, status), []).append(pid)
        if inv.coordinator != (ident in coordinating) and (
            inv.coordinator or ident in old_services
        ):
            key = (
                "change_service_coordinator" if inv.coordinator else "change_service_no_coordinator"
            )
            added.setdefault((key, service, status), []).append(pid)
    for (key, service, status), persons in added.items():
        out.append(
            say(
                key,
                service=v.services.label(service, lang),
                person=who(persons),
                status=v.terms["involvement_status"].label(status, lang),
            )
        )

    def consents(case: Case) -> dict[object, Consent]:
        return {(k.id or (k.given_by, tuple(k.share_with))): k for k in case.consents}

    old_consents = consents(before)
    for ident, consent in consents(after).items():
        held = ident in old_consents and _holds(old_consents[ident], before.as_of)
        if _holds(consent, after.as_of) == held:
            continue
        line = say(
            "change_consent_withdrawn" if held else "change_consent_given",
            person=names[consent.given_by],
            services=join_names([v.services.label(x, lang) for x in consent.share_with], lang),
        )
        if consent.concerning:
            line += f" ({v.text('about').get(lang)} {who(consent.concerning)})"
        out.append(line)
    return out


def _holds(consent: Consent, on: dt.date) -> bool:
    """Whether ``consent`` holds on ``on``: given by then and not withdrawn."""
    given = consent.given_on is None or consent.given_on <= on
    return given and (consent.withdrawn_on is None or consent.withdrawn_on > on)


@dataclass(frozen=True, repr=False)
class PhaseView:
    """One phase as the player shows it (see the module docstring)."""

    index: int  # 1-based
    phase: Phase
    lang: Lang
    title: str
    date: dt.date
    narrative: str
    questions: tuple[str, ...]
    case: Case
    assessment: Assessment
    ecomap: str
    changes: PhaseChanges
    vocabularies: Vocabularies = field(compare=False)

    def __repr__(self) -> str:  # ids only: never names or free text
        return f"PhaseView(index={self.index}, phase={self.phase.id!r}, lang={self.lang!r})"

    def _repr_html_(self) -> str:
        from familycase.render.html import phase_html  # noqa: PLC0415

        return phase_html(self)

    def exercise_html(self) -> str:
        """The phase as an exercise for Jupyter: the assessment in a fold-out below the
        story, the ecomap and the questions (``familycase.render.html.exercise_html``)."""
        from familycase.render.html import exercise_html  # noqa: PLC0415

        return exercise_html(self)

    def text(self) -> str:
        """The phase for a terminal: title, narrative, changes, assessment, questions."""
        t = self.vocabularies.texts(self.lang)
        out = [*self._head(), *change_lines(self), "", self._assessment_text().rstrip()]
        out += flag_lines(self)
        if self.questions:
            out += ["", t("discussion_questions")]
            out += [f"  {i}. {q}" for i, q in enumerate(self.questions, 1)]
        return "\n".join(out) + "\n"

    def exercise(self) -> tuple[str, str]:
        """The phase as an exercise that asks before it tells: first the title, the story,
        what changed in the case and the discussion questions; then, under its own heading,
        what changed in the duties and suggestions and familycase's assessment."""
        t = self.vocabularies.texts(self.lang)
        ask = self._head()
        if self.changes.case:
            ask += [t("case_changes"), *[f"  · {line}" for line in self.changes.case], ""]
        ask += [t("exercise_discuss_first")]
        if self.questions:
            ask += ["", t("discussion_questions")]
            ask += [f"  {i}. {q}" for i, q in enumerate(self.questions, 1)]
        rule = "-" * 72
        tell = [rule, t("exercise_answer"), rule, ""]
        tell += change_lines(self, case=False)
        tell += ["", self._assessment_text().rstrip(), *flag_lines(self)]
        return "\n".join(ask) + "\n", "\n".join(tell) + "\n"

    def _head(self) -> list[str]:
        t = self.vocabularies.texts(self.lang)
        rule = "=" * 72
        out = [rule, f"{self.title} · {t('as_of')}: {self.date.isoformat()}", rule, ""]
        return [*out, self.narrative.strip(), ""]

    def _assessment_text(self) -> str:
        t = self.vocabularies.texts(self.lang)
        return render_assessment(
            self.assessment,
            self.lang,
            self.vocabularies,
            title=f"{t('assessment')}: {self.title}",
            case=self.case,
        )


def describe(change: SuggestionChange, view: PhaseView) -> str:
    """One line for a suggestion change: measure, persons, obligation, urgency, who; for a
    changed suggestion, each field that changed ("urgency: soon → immediately")."""
    v, lang = view.vocabularies, view.lang
    t = v.texts(lang)
    s = change.suggestion
    names = view.assessment.names  # persons stay in a scenario: their names are here
    who = join_names([names.get(p, p) for p in s.persons], lang) or t("family_inline")
    line = (
        f"{s.label.get(lang)} – {who} ({v.terms['obligation'].label(s.obligation, lang)}, "
        f"{v.terms['urgency'].label(s.urgency, lang)}; {t('responsible')}: "
        f"{v.services.label(s.responsible, lang)})"
    )
    if change.kind != "changed" or change.before is None or change.after is None:
        return line
    parts = []
    for name in change.fields:
        before, after = _value(change.before, name, view), _value(change.after, name, view)
        label = t("legal_basis" if name == "legal_basis" else name)
        parts.append(
            fill_map(t("changed_from_to"), {"field": label, "before": before, "after": after})
        )
    return f"{s.label.get(lang)} – {who}: " + "; ".join(parts)


def _value(s: Suggestion, name: str, view: PhaseView) -> str:
    v, lang = view.vocabularies, view.lang
    if name == "obligation":
        return v.terms["obligation"].label(s.obligation, lang)
    if name == "urgency":
        return v.terms["urgency"].label(s.urgency, lang)
    if name == "responsible":
        return v.services.label(s.responsible, lang)
    return "; ".join(r.citation.get(lang) for r in s.legal_basis) or "–"


def change_lines(view: PhaseView, *, case: bool = True) -> list[str]:
    """The "changes since the previous phase" section as text lines (``case``: with the
    changes in the case, else only those in the duties and suggestions)."""
    t = view.vocabularies.texts(view.lang)
    c = view.changes
    out = [t("changes_since")]
    if c.case and case:
        out.append(f"  {t('case_changes')}:")
        out += [f"    · {line}" for line in c.case]
    if c.first:
        return [*out, f"  {t('first_phase')}"]
    if c.duties:
        status = view.vocabularies.terms["duty_status"]
        names = view.assessment.names
        out.append(f"  {t('changes_duties')}:")
        for duty in c.duties:
            who = join_names([names.get(p, p) for p in duty.persons], view.lang)
            before = status.label(duty.before, view.lang) if duty.before else "–"
            after = status.label(duty.after or "", view.lang)
            out.append(f"    ~ {duty.label.get(view.lang)} – {who}: {before} → {after}")
            out += [f"      {t('because')}: {r.get(view.lang)}" for r in duty.reasons[:1]]
    for key, mark, items in (
        ("suggestions_new", "+", c.new),
        ("suggestions_withdrawn", "-", c.withdrawn),
        ("suggestions_changed", "~", c.changed),
    ):
        if items:
            out.append(f"  {t(key)}:")
            for item in items:
                out.append(f"    {mark} {describe(item, view)}")
                if item.kind == "withdrawn":  # new ones carry their reasons in the assessment
                    out += [f"      {t('because')}: {r.get(view.lang)}" for r in item.reasons[:1]]
    if not ((c.case and case) or c.new or c.withdrawn or c.changed or c.duties):
        out.append(f"  {t('no_changes')}")
    return out


def flag_lines(view: PhaseView) -> list[str]:
    """Services involved with nothing to do, and persons with no responsible service."""
    v, lang = view.vocabularies, view.lang
    t = v.texts(lang)
    table = responsibility_table(view.assessment)
    names = view.assessment.names
    out: list[str] = []
    if table.idle_services:
        idle = ", ".join(v.services.label(s, lang) for s in table.idle_services)
        out += ["", f"{t('responsibility_idle_services')}: {idle}"]
    if table.unserved:
        who = join_names([names.get(p, p) for p in table.unserved], lang)
        out += ["", f"{t('responsibility_unserved')}: {who}"]
    return out


def _without_added(case: Case, phase: Phase) -> Case:
    """``case`` without the items ``phase`` added: what the first phase starts from, so
    that it too shows what is new. (Fields it changed keep their new values.)"""
    added = {name: {item.get("id") for item in items} for name, items in phase.changes.add.items()}
    return case.model_copy(
        update={
            name: [item for item in getattr(case, name) if item.id not in ids]
            for name, ids in added.items()
        }
    )


def play(
    scenario: Scenario, lang: Lang = "nb", *, rulebook: Rulebook | None = None
) -> Iterator[PhaseView]:
    """Yield a ``PhaseView`` for each phase of ``scenario``, in order (see the module)."""
    v = rulebook.vocabularies if rulebook is not None else load_vocabularies()
    before_case: Case | None = None
    before: Assessment | None = None
    cases = [scenario.case_at(phase.id) for phase in scenario.phases]
    frame = scenario_frame(cases, lang, vocabularies=v)  # each person stays in place
    for index, (phase, case) in enumerate(zip(scenario.phases, cases, strict=True), 1):
        case_before = before_case
        if before_case is None:
            before_case = _without_added(case, phase)
        assessment = evaluate(case, rulebook=rulebook)
        new, withdrawn, changed = compare(before, assessment)
        duties = duty_changes(before, assessment)
        title = phase.title.get(lang)
        yield PhaseView(
            index=index,
            phase=phase,
            lang=lang,
            title=title,
            date=phase.date,
            narrative=phase.narrative.get(lang),
            questions=tuple(q.get(lang) for q in phase.questions),
            case=case,
            assessment=assessment,
            ecomap=ecomap_svg(
                case,
                lang,
                vocabularies=v,
                assessment=assessment,
                title=title,
                since=case_before if index > 1 else None,
                frame=frame,
            ),
            changes=PhaseChanges(
                first=before is None,
                case=tuple(case_changes(before_case, case, lang, v)),
                new=new,
                withdrawn=withdrawn,
                changed=changed,
                duties=duties,
            ),
            vocabularies=v,
        )
        before_case, before = case, assessment
