"""Synthetic families: realistic, varied, reproducible cases with no real data.

``synthetic_cases(n, seed=...)`` yields ``n`` valid ``Case`` objects of many shapes (two
parents, a single parent, a blended family, parents who live apart, children living with
relatives, three generations under one roof, a young adult alone, a couple without
children), with ages, concerns, services and consents drawn from weighted, plausible
distributions, and evaluation dates from 2016 to 2026 so that the law in force varies. Some
cases carry history: a relation that has ended, concerns with dates, an involvement that
ended, a consent given or withdrawn at a date, a grandparent or a friend in the network. A
few are large (up to eight children), as the long tail of real caseloads is. The families
are possible: a parent or carer is at least 16 years older than each child, nothing is dated
before the persons it concerns were born, partners are together (or part) only since both
were 18, a concern kind is noted once per person, and names are distinct within a family.
Some carry the dates that decide urgency: when violence last happened, an eviction for a
household whose housing is unstable, a journey abroad for a child exposed to honour-related
violence.

The same seed always gives the same cases, and ``synthetic_case(i, seed=s)`` is the ``i``-th
of them on its own (each case has its own random stream, which no other seed or index
shares), so a failing case can be rebuilt
from its id ``synthetic_<seed>_<index>``. Names are invented first names; ids are ``p1``,
``c1``... Use them for tests, benchmarks and training, never as statistics about families.

>>> from familycase.case.synthetic import synthetic_cases
>>> cases = list(synthetic_cases(3, seed=7))
>>> [c.id for c in cases]
['synthetic_7_0', 'synthetic_7_1', 'synthetic_7_2']
>>> cases == list(synthetic_cases(3, seed=7))
True
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from typing import Any

from familycase.case.model import Case
from familycase.errors import UsageError

_NAMES = (
    "Ada",
    "Aksel",
    "Amir",
    "Anna",
    "Aron",
    "Astrid",
    "Elias",
    "Ella",
    "Emil",
    "Emma",
    "Filip",
    "Frida",
    "Hanna",
    "Henrik",
    "Ida",
    "Isak",
    "Jakob",
    "Julie",
    "Kari",
    "Leah",
    "Leo",
    "Lina",
    "Liv",
    "Lukas",
    "Maja",
    "Mathias",
    "Mohammed",
    "Nora",
    "Ola",
    "Oskar",
    "Sara",
    "Selma",
    "Sofie",
    "Tiril",
    "Tobias",
    "Vilde",
    "William",
    "Yusuf",
    "Zainab",
)
_SHAPES = (
    ("two_parents", 30),
    ("single_parent", 20),
    ("blended", 10),
    ("apart", 10),
    ("kinship", 8),
    ("three_generations", 4),
    ("young_adult", 12),
    ("couple", 10),
)
_FIRST = date(2016, 1, 1)
_SPAN_DAYS = (date(2026, 6, 30) - _FIRST).days


class _Builder:
    def __init__(self, rnd: random.Random, as_of: date) -> None:
        self.rnd = rnd
        self.as_of = as_of
        self.persons: list[dict[str, Any]] = []
        self.relations: list[dict[str, Any]] = []
        self.households: list[dict[str, Any]] = []
        self.concerns: list[dict[str, Any]] = []
        self.services: list[dict[str, Any]] = []
        self.consents: list[dict[str, Any]] = []
        self.events: list[dict[str, Any]] = []
        self.ages: dict[str, int] = {}
        # the latest date each person can have been born (their birth date, or for an age
        # alone the day they turned that age): nothing about them is dated before it
        self.born: dict[str, date] = {}
        self.noted: set[tuple[str, str]] = set()  # (concern kind, person) already noted

    def person(self, low: int, high: int) -> str:
        pid = f"p{len(self.persons) + 1}"
        age = self.rnd.randint(low, high)
        used = {p["name"] for p in self.persons}
        name = self.rnd.choice([n for n in _NAMES if n not in used])  # distinct in a family
        if self.rnd.random() < 0.4:
            born = _years_before(self.as_of, age) - timedelta(days=self.rnd.randint(0, 364))
            self.persons.append({"id": pid, "name": name, "birth_date": born.isoformat()})
        else:
            born = _years_before(self.as_of, age)
            self.persons.append({"id": pid, "name": name, "age": age})
        self.ages[pid] = age
        self.born[pid] = born
        return pid

    def partner_for(self, other: str, low: int, high: int) -> str:
        """A partner of ``other`` within a plausible age gap (mostly a few years)."""
        gap = self.rnd.choices([2, 5, 10, 15], [50, 30, 15, 5])[0]
        age = self.ages[other]
        return self.person(max(low, age - gap), max(low, age - gap, min(high, age + gap)))

    def since(self, persons: Sequence[str], max_days: int, adult: bool = False) -> str:
        """An ISO date up to ``max_days`` before the evaluation date, not before any of
        ``persons`` was born (or, with ``adult``, turned 18)."""
        floor = max((self.born[p] for p in persons), default=self.as_of - timedelta(max_days))
        if adult:
            floor = _years_before(floor, -18)
        return self.before(max(0, min(max_days, (self.as_of - floor).days)))

    def relation(self, kind: str, a: str, b: str, **extra: Any) -> None:
        self.relations.append(
            {"id": f"r{len(self.relations) + 1}", "kind": kind, "from": a, "to": b, **extra}
        )

    def household(self, members: list[str]) -> None:
        if members:
            self.households.append({"id": f"h{len(self.households) + 1}", "members": members})

    def concern(self, kind: str, about: list[str], exposed: Sequence[str] = ()) -> None:
        """Note a concern, unless one of this kind is already noted about one of ``about``."""
        if any((kind, p) in self.noted for p in about):
            return
        self.noted.update((kind, p) for p in about)
        rnd = self.rnd
        item: dict[str, Any] = {
            "id": f"c{len(self.concerns) + 1}",
            "kind": kind,
            "about": about,
            "exposed": list(exposed),
            "source": rnd.choice(
                [
                    "self_report",
                    "self_report",
                    "professional",
                    "family_member",
                    "school",
                    "police",
                    "nav_observation",
                    "anonymous",
                ]
            ),
            "certainty": rnd.choices(
                ["suspected", "concrete_indications", "reported", "confirmed"], [3, 2, 5, 2]
            )[0],
            "status": rnd.choices(["current", "past", "resolved"], [7, 2, 1])[0],
            "severity": rnd.choices(["unknown", "moderate", "serious"], [5, 3, 2])[0],
        }
        repeated = rnd.choice([None, None, True, False])
        if repeated is not None:
            item["repeated"] = repeated
        self.concerns.append(item)

    def service(self, service: str, person: str) -> None:
        self.services.append(
            {
                "id": f"s{len(self.services) + 1}",
                "service": service,
                "person": person,
                "status": self.rnd.choices(["active", "waiting", "ended"], [6, 2, 2])[0],
                "coordinator": self.rnd.random() < 0.05,
            }
        )

    def before(self, max_days: int) -> str:
        """An ISO date up to ``max_days`` before the evaluation date."""
        return (self.as_of - timedelta(days=self.rnd.randint(0, max_days))).isoformat()

    def case(self, cid: str) -> dict[str, Any]:
        return {
            "id": cid,
            "as_of": self.as_of.isoformat(),
            "persons": self.persons,
            "relations": self.relations,
            "households": self.households,
            "concerns": self.concerns,
            "services": self.services,
            "consents": self.consents,
            "events": self.events,
        }


def _years_before(day: date, years: int) -> date:
    """``day`` moved ``years`` back (forward if negative); 29 February becomes the 28th."""
    year = day.year - years
    return (
        day.replace(year=year, day=28)
        if (day.month, day.day) == (2, 29)
        else day.replace(year=year)
    )


def _children(b: _Builder, parents: list[str], youngest_parent_age: int) -> list[str]:
    count = b.rnd.choices([1, 2, 3, 4, 5, 6, 8], [40, 40, 20, 10, 3, 1, 0.5])[0]
    oldest = max(0, min(17, youngest_parent_age - 17))  # parents 17+ years older
    children = [b.person(0, oldest) for _ in range(count)]
    for child in children:
        for parent in parents:
            b.relation("parent", parent, child)
    for i, a in enumerate(children):
        for c in children[i + 1 :]:
            b.relation("sibling", a, c)
    return children


def _ages(b: _Builder, pids: list[str]) -> dict[str, int]:
    return {pid: b.ages[pid] for pid in pids}


def _family(b: _Builder, shape: str) -> tuple[list[str], list[str], list[str]]:
    """Build the family; return (adults, children, young adults)."""
    rnd = b.rnd
    if shape == "young_adult":
        youth = b.person(18, 25)
        b.household([youth])
        if rnd.random() < 0.5:
            parent = b.person(42, 60)
            b.relation("parent", parent, youth, quality=rnd.choice(["supportive", "no_contact"]))
            b.household([parent])
            return [parent], [], [youth]
        return [], [], [youth]
    if shape == "couple":
        a = b.person(20, 70)
        c = b.partner_for(a, 20, 75)
        b.relation("partner", a, c, quality=rnd.choice(["supportive", "conflictual", "neutral"]))
        b.household([a, c])
        return [a, c], [], []
    if shape == "single_parent":
        parent = b.person(19, 55)
        children = _children(b, [parent], _ages(b, [parent])[parent])
        b.household([parent, *children])
        return [parent], children, []
    a = b.person(20, 55)
    c = b.partner_for(a, 20, 58)
    youngest = min(_ages(b, [a, c]).values())
    if shape == "blended":
        children = _children(b, [a], youngest)
        for child in children:
            b.relation("step_parent", c, child)
        b.relation("partner", a, c)
        extra = _children(b, [a, c], youngest) if rnd.random() < 0.5 else []
        b.household([a, c, *children, *extra])
        return [a, c], children + extra, []
    children = _children(b, [a, c], youngest)
    if shape == "apart":
        b.relation("former_partner", a, c, quality=rnd.choice(["conflictual", "neutral"]))
        b.household([a, *children])
        b.household([c])
        return [a, c], children, []
    if shape == "three_generations":
        oldest = max(40, _ages(b, [a])[a] + 18)
        grandparent = b.person(oldest, max(oldest, 88))
        b.relation("partner", a, c)
        b.relation("parent", grandparent, a, quality=rnd.choice(["supportive", "stressful"]))
        for child in children:
            b.relation("grandparent", grandparent, child, quality="supportive")
        b.household([a, c, grandparent, *children])
        return [a, c, grandparent], children, []
    if shape == "kinship":
        # the aunt who cares for the children is 17+ years older than the oldest of them
        aunt = b.person(max(28, max(_ages(b, children).values()) + 17), 65)
        uncle = b.partner_for(aunt, 28, 70)
        b.relation("partner", aunt, uncle)
        b.relation("sibling", aunt, a)
        for child in children:
            b.relation("temporary_carer", aunt, child, quality="supportive")
            b.relation("aunt_uncle", uncle, child, quality="supportive")
        b.household([aunt, uncle, *children])
        b.household([a])
        b.household([c])
        return [a, c, aunt, uncle], children, []
    b.relation("partner", a, c, quality=rnd.choice(["supportive", "conflictual", "neutral"]))
    household = [a, c, *children]
    parent_age = _ages(b, [a])[a]
    if rnd.random() < 0.25 and parent_age >= 18 + 16:  # an adult child, 16+ years younger
        older = b.person(18, min(24, parent_age - 16))
        b.relation("parent", a, older)
        household.append(older)
        b.household(household)
        return [a, c], children, [older]
    b.household(household)
    return [a, c], children, []


_ADULT_CONCERNS = (
    ("substance_problem", 6),
    ("substance_history", 3),
    ("relapse_signs", 2),
    ("depression", 5),
    ("mental_illness", 3),
    ("unemployment", 6),
    ("job_loss", 3),
    ("uncertain_work", 2),
    ("financial_difficulty", 6),
    ("housing_instability", 4),
    ("homelessness", 1),
    ("social_isolation", 2),
    ("migration_without_network", 2),
)
_CHILD_CONCERNS = (
    ("child_behaviour_problems", 3),
    ("child_substance_use", 1),
    ("child_serious_illness", 2),
    ("child_distress", 3),
    ("untreated_illness", 1),
    ("human_trafficking", 1),
)
_YOUTH_CONCERNS = (
    ("job_loss", 4),
    ("unemployment", 3),
    ("depression", 4),
    ("overdose", 1),
    ("suicide_risk", 1),
    ("substance_problem", 2),
    ("financial_difficulty", 3),
    ("housing_instability", 2),
)


def _pick(rnd: random.Random, table: tuple[tuple[str, int], ...]) -> str:
    return rnd.choices([k for k, _ in table], [w for _, w in table])[0]


def _concerns(b: _Builder, adults: list[str], children: list[str], youth: list[str]) -> None:
    rnd = b.rnd
    partners = [(r["from"], r["to"]) for r in b.relations if r["kind"] == "partner"]
    if partners and rnd.random() < 0.3:
        perp, victim = rnd.choice(partners)
        if rnd.random() < 0.5:
            perp, victim = victim, perp
        kind = rnd.choice(["partner_violence", "threats_of_violence"])
        if children and rnd.random() < 0.7:
            # the children exposed: as a concern of their own, or as exposed to the adults'
            if rnd.random() < 0.6:
                b.concern(kind, [perp], [victim])
                b.concern("child_witnessed_violence", [perp], children)
            else:
                b.concern(kind, [perp], [victim, *children])
        else:
            b.concern(kind, [perp], [victim])
    # conflict between the adults who bring up the children (together or apart): a couple
    # without children has no parental conflict
    carers = {r["from"] for r in b.relations if r["to"] in children and r["kind"] in _CARERS}
    pairs = [
        (r["from"], r["to"])
        for r in b.relations
        if r["kind"] in ("partner", "former_partner") and {r["from"], r["to"]} <= carers
    ]
    if children and pairs and rnd.random() < 0.3:
        b.concern("parental_conflict", list(pairs[0]), children)
    for _ in range(rnd.choices([0, 1, 2, 3], [2, 4, 3, 1])[0]):
        if adults:
            b.concern(_pick(rnd, _ADULT_CONCERNS), [rnd.choice(adults)])
    for person in youth:
        for _ in range(rnd.choices([0, 1, 2], [2, 3, 2])[0]):
            kind = _pick(rnd, _YOUTH_CONCERNS)
            b.concern(kind, [person])
            if kind == "overdose":
                b.concern("depression", [person])
    for child in children:
        if rnd.random() < 0.2:
            b.concern(_pick(rnd, _CHILD_CONCERNS), [child], [child])
    if children and adults and rnd.random() < 0.2:
        kind = rnd.choice(["care_concern", "care_concern", "serious_neglect"])
        b.concern(kind, [rnd.choice(adults)], children)
    if children and adults and rnd.random() < 0.05:
        kind = rnd.choice(["violence_against_child", "violence_against_child", "sexual_abuse"])
        b.concern(kind, [rnd.choice(adults)], [rnd.choice(children)])
    _rarer(b, adults, children, youth)


# Rarer situations, so that generated families exercise every rule: threats to kill, honour-
# related violence against a teenager, a teenager thrown out or without a home, violence
# against an adult child, a pregnancy.
_HONOUR = ("honour_violence", "negative_social_control", "forced_marriage_risk", "fgm_risk")


def _rarer(b: _Builder, adults: list[str], children: list[str], youth: list[str]) -> None:
    rnd = b.rnd
    teens = [c for c in children if b.ages[c] >= 12]
    if adults and rnd.random() < 0.04:
        perp, *others = rnd.sample(adults, len(adults))
        b.concern("threats_to_kill", [perp], others[:1] or [rnd.choice(children or [perp])])
    if teens and adults and rnd.random() < 0.1:
        b.concern(rnd.choice(_HONOUR), [rnd.choice(adults)], [rnd.choice(teens)])
    if teens and adults and rnd.random() < 0.03:
        if rnd.random() < 0.5:
            b.concern("child_thrown_out", [rnd.choice(adults)], [rnd.choice(teens)])
        else:
            teen = rnd.choice(teens)
            b.concern("homelessness", [teen], [teen])
    if youth and adults and rnd.random() < 0.1:
        b.concern("violence_against_adult_family_member", [rnd.choice(adults)], [youth[0]])
    candidates = [a for a in (*adults, *youth) if 18 <= b.ages[a] <= 44]  # no sex is recorded
    if candidates and rnd.random() < 0.08:
        mother = rnd.choice(candidates)
        due = b.as_of + timedelta(days=rnd.randint(-30, 250))
        for person in b.persons:
            if person["id"] == mother:
                person["pregnant_due"] = due.isoformat()
        if rnd.random() < 0.6:
            b.concern(rnd.choice(["substance_problem", "relapse_signs"]), [mother])


_CARERS = ("parent", "step_parent", "foster_parent", "temporary_carer")


def _services(b: _Builder, adults: list[str], children: list[str], youth: list[str]) -> None:
    rnd = b.rnd
    ages = _ages(b, children)
    for child in children:
        if rnd.random() < 0.8:
            age = ages[child]
            b.service(
                "school"
                if age >= 6
                else "kindergarten"
                if age >= 1
                else "child_health_school_health",
                child,
            )
        if rnd.random() < 0.1:
            b.service(rnd.choice(["bup", "ppt", "child_welfare"]), child)
    for person in adults + youth:
        if rnd.random() < 0.5:
            b.service("nav_office", person)
        if rnd.random() < 0.3:
            b.service(
                rnd.choice(
                    [
                        "gp",
                        "gp",
                        "municipal_mental_health_substance",
                        "dps",
                        "specialised_substance_treatment",
                        "family_counselling",
                    ]
                ),
                person,
            )
        if rnd.random() < 0.05:  # a person followed by several specialised services
            for service in rnd.sample(["dps", "specialised_substance_treatment", "police"], 2):
                b.service(service, person)
    if adults and children and rnd.random() < 0.15:
        b.consents.append(
            {
                "id": "k1",
                "given_by": rnd.choice(adults),
                "share_with": ["child_welfare"],
                "concerning": list(children),
            }
        )
        for child, age in ages.items():
            if age > 15 and rnd.random() < 0.6:
                b.consents.append(
                    {"id": f"k_{child}", "given_by": child, "share_with": ["child_welfare"]}
                )
    active = {(sv["person"], sv["service"]) for sv in b.services if sv["status"] == "active"}
    for concern in b.concerns:
        if concern["source"] == "professional" and rnd.random() < 0.7:
            mine = sorted(svc for person, svc in active if person == concern["about"][0])
            if mine:
                concern["reported_by"] = rnd.choice(mine)
    if children and rnd.random() < 0.03:
        for item in b.persons:
            if item["id"] == children[0]:
                item.pop("age", None)
                item.pop("birth_date", None)


def _network(b: _Builder, shape: str, adults: list[str], children: list[str]) -> None:
    """People around the household: a parent who lives elsewhere, a friend."""
    rnd = b.rnd
    if shape == "single_parent" and children and rnd.random() < 0.25:
        other = b.person(max(20, max(_ages(b, children).values()) + 18), 60)
        b.relation(
            "former_partner", adults[0], other, quality=rnd.choice(["conflictual", "neutral"])
        )
        for child in children:
            b.relation("parent", other, child, quality=rnd.choice(["supportive", "no_contact"]))
        b.household([other])
    if adults and rnd.random() < 0.1:
        friend = b.person(20, 75)
        b.relation("friend", rnd.choice(adults), friend, quality="supportive")


def _history(b: _Builder) -> None:
    """Dates: when ties began or ended, when concerns were noted, consents given or withdrawn."""
    rnd = b.rnd
    for relation in b.relations:
        if relation["kind"] == "partner" and rnd.random() < 0.3:  # since both were adults
            relation["since"] = b.since([relation["from"], relation["to"]], 20 * 365, adult=True)
    if rnd.random() < 0.04:  # a tie that has ended: it no longer holds on the evaluation date
        couples = [r for r in b.relations if r["kind"] == "partner"]
        if couples:
            ended = couples[0]
            ended["until"] = b.since([ended["from"], ended["to"]], 3 * 365, adult=True)
            ended.pop("since", None)
            b.relation("former_partner", ended["from"], ended["to"], since=ended["until"])
    for concern in b.concerns:
        if rnd.random() < 0.5:
            persons = [*concern["about"], *concern["exposed"]]
            concern["noted_on"] = b.since(persons, 3 * 365)
            if rnd.random() < 0.5:  # began before it was noted, after they were all born
                noted = date.fromisoformat(concern["noted_on"])
                floor = max(b.born[p] for p in persons)
                days = max(0, min(730, (noted - floor).days))
                concern["since"] = (noted - timedelta(days=rnd.randint(0, days))).isoformat()
                if concern["status"] != "current" and rnd.random() < 0.6:
                    concern["until"] = concern["noted_on"]
    for service in b.services:
        if service["status"] == "ended" and rnd.random() < 0.5:
            service["until"] = b.since([service["person"]], 2 * 365)
    for consent in b.consents:
        if rnd.random() < 0.5:
            consent["given_on"] = b.since(
                [consent["given_by"], *consent.get("concerning", [])], 365
            )
            if rnd.random() < 0.3:
                consent["withdrawn_on"] = consent["given_on"]


# -- dated events and incidents --------------------------------------------------
# Concern kinds with incidents whose last date may be recorded (last_incident).
_INCIDENTS = frozenset(
    {
        "partner_violence",
        "threats_of_violence",
        "threats_to_kill",
        "violence_against_child",
        "violence_against_adult_family_member",
        "child_witnessed_violence",
        "sexual_abuse",
        "honour_violence",
    }
)


def _events(b: _Builder) -> None:
    """When violence last happened; an eviction for a household whose housing is unstable; a
    journey abroad for a child exposed to honour-related violence; now and then a release.
    Drawn after everything else, so the rest of a case is the same as without them."""
    rnd = b.rnd
    for concern in b.concerns:
        if concern["kind"] in _INCIDENTS and rnd.random() < 0.4:
            concern["last_incident"] = b.since([*concern["about"], *concern["exposed"]], 30)

    def event(kind: str, persons: list[str], low: int, high: int) -> None:
        on = b.as_of + timedelta(days=rnd.randint(low, high))
        b.events.append(
            {"id": f"e{len(b.events) + 1}", "kind": kind, "persons": persons, "on": on.isoformat()}
        )

    homes = {p: h["members"] for h in b.households for p in h["members"]}
    for concern in b.concerns:
        if concern["kind"] == "housing_instability" and rnd.random() < 0.5:
            tenant = concern["about"][0]
            event("eviction", list(homes.get(tenant, [tenant])), -5, 30)
        elif concern["kind"] in _HONOUR and concern["exposed"] and rnd.random() < 0.5:
            event("travel_abroad", list(dict.fromkeys(concern["exposed"])), -5, 45)
    if b.persons and rnd.random() < 0.03:
        adults = [p for p, age in b.ages.items() if age >= 18]
        if adults:
            event(rnd.choice(["release", "court_hearing"]), [rnd.choice(adults)], -10, 60)


def synthetic_case(index: int, *, seed: int = 0) -> Case:
    """The ``index``-th synthetic case of ``seed`` (independent of the others)."""
    _check_int("index", index)
    _check_int("seed", seed)
    # One stream per (seed, index): a str seed is hashed with SHA-512 by ``random``, so
    # streams never collide across seeds and do not depend on PYTHONHASHSEED.
    rnd = random.Random(f"familycase:{seed}:{index}")
    as_of = _FIRST + timedelta(days=rnd.randrange(_SPAN_DAYS))
    b = _Builder(rnd, as_of)
    shape = rnd.choices([s for s, _ in _SHAPES], [w for _, w in _SHAPES])[0]
    adults, children, youth = _family(b, shape)
    _network(b, shape, adults, children)
    _concerns(b, adults, children, youth)
    _services(b, adults, children, youth)
    _history(b)
    _events(b)
    data = b.case(f"synthetic_{seed}_{index}")
    _care(random.Random(f"familycase:{seed}:{index}:care"), b, data, children, youth)
    return Case.model_validate(data)


# -- care and child welfare -------------------------------------------------------
_LEVELS = ("report_received", "investigation", "support_measures", "placement", "care_order")


def _care(
    rnd: random.Random,
    b: _Builder,
    data: dict[str, Any],
    children: list[str],
    youth: list[str],
) -> None:
    """Parental responsibility and daily care, child welfare levels and reports made.

    A stream of its own, so the families drawn before these fields existed stay the same.
    """
    kids = set(children)
    for rel in data["relations"]:
        if rel["kind"] != "parent" or rel["to"] not in kids:
            continue
        if rnd.random() < 0.3:
            rel["parental_responsibility"] = rnd.random() < 0.8
        if rnd.random() < 0.15:
            rel["daily_care"] = rnd.random() < 0.5
    for service in data["services"]:
        if service["service"] == "child_welfare" and rnd.random() < 0.6:
            service["level"] = rnd.choice(_LEVELS)
    for person in youth:
        if rnd.random() < 0.08:
            data["services"].append(
                {
                    "id": f"s{len(data['services']) + 1}_aftercare",
                    "service": "child_welfare",
                    "person": person,
                    "level": "aftercare",
                }
            )
    reports: list[dict[str, Any]] = []
    for child in children:
        if rnd.random() < 0.1:
            earliest = max(b.born.get(child, b.as_of), b.as_of - timedelta(days=365))
            days = max((b.as_of - earliest).days, 0)
            on = b.as_of - timedelta(days=rnd.randint(0, days))
            reports.append(
                {
                    "id": f"report{len(reports) + 1}",
                    "concerning": [child],
                    "by": rnd.choice(["nav_office", "nav_office", "school"]),
                    "on": on.isoformat(),
                }
            )
    data["reports"] = reports


def synthetic_cases(n: int, *, seed: int = 0) -> Iterator[Case]:
    """Yield ``n`` reproducible synthetic families as validated ``Case`` objects.

    The same ``seed`` always gives the same cases; the ``i``-th is ``synthetic_case(i,
    seed=seed)``, with the id ``synthetic_<seed>_<i>``. ``n`` and ``seed`` are ints >= 0
    (``UsageError`` otherwise). A generator: cases are built as they are taken.
    """
    _check_int("n", n)
    _check_int("seed", seed)
    return (synthetic_case(index, seed=seed) for index in range(n))


def _check_int(name: str, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise UsageError(f"{name} must be an int >= 0.")
