# language: no
Egenskap: Æresrelatert vold, negativ sosial kontroll, tvangsekteskap og kjønnslemlestelse
  Et barn som blir eller vil bli utsatt for æresrelatert vold, tvangsekteskap eller
  kjønnslemlestelse, skal meldes til barnevernstjenesten straks. Avvergingsplikten
  (straffeloven § 196) gjelder også tvangsekteskap (§ 253) og kjønnslemlestelse (§ 284).
  Risikoen skal vurderes før noen kontakter familien.

  Bakgrunn:
    Gitt vurderingsdatoen er 1. juni 2025
    Og familien:
      | person | alder | forelder til | husstand |
      | mor    | 40    | Sara         | hjemme   |
      | far    | 45    | Sara         | hjemme   |
      | Sara   | 16    |              | hjemme   |

  @fyrer:cw_duty_honour_related
  @fyrer:avert_forced_marriage
  @fyrer:honour_risk_assessment_first
  Scenario: Planer om tvangsekteskap for en 16-åring gir meldeplikt og avvergingsplikt
    Gitt en bekymring for "fare for tvangsekteskap" fra "far", der "Sara" er utsatt
    Når saken vurderes
    Så har melding til barnevernstjenesten hastegraden straks
    Og er varsle politiet (avvergingsplikt) en plikt
    Og bygger varsle politiet (avvergingsplikt) på straffeloven § 253
    Og bygger varsle politiet (avvergingsplikt) ikke på straffeloven § 282
    Og foreslås risikovurdering og beskyttelsesplan før kontakt med familien

  @fyrer_ikke:cw_duty_honour_related
  @fyrer_ikke:avert_forced_marriage
  @fyrer:avert_unclear_suspected_offence
  Scenario: En vag mistanke om tvangsekteskap må avklares
    Gitt en bekymring for "fare for tvangsekteskap" fra "far", der "Sara" er utsatt (mistanke)
    Når saken vurderes
    Så foreslås ikke varsle politiet (avvergingsplikt)
    Og er varsle politiet (avvergingsplikt) en uavklart plikt for "Sara"
    Og er melding til barnevernstjenesten en uavklart plikt for "Sara"

  @fyrer:avert_fgm
  Scenario: Konkrete holdepunkter for fare for kjønnslemlestelse gir avvergingsplikt
    Gitt en bekymring for "fare for kjønnslemlestelse" fra "far", der "Sara" er utsatt (konkrete holdepunkter)
    Når saken vurderes
    Så bygger varsle politiet (avvergingsplikt) på straffeloven § 284

  @fyrer_ikke:avert_fgm
  @fyrer_ikke:avert_unclear_suspected_offence
  Scenario: Når faren er over, gjelder ingen plikt nå
    Gitt en bekymring for "fare for kjønnslemlestelse" fra "far", der "Sara" er utsatt (tidligere)
    Når saken vurderes
    Så foreslås ikke varsle politiet (avvergingsplikt)
    Og er varsle politiet (avvergingsplikt) ikke en uavklart plikt

  @fyrer:cw_duty_social_control_serious
  Scenario: Alvorlig negativ sosial kontroll av en 16-åring skal meldes
    Gitt en bekymring for "negativ sosial kontroll" fra "far", der "Sara" er utsatt (alvorlig)
    Når saken vurderes
    Så er melding til barnevernstjenesten en plikt

  @fyrer_ikke:cw_duty_social_control_serious
  @fyrer_ikke:cw_duty_social_control_repeated
  @fyrer:cw_unclear_social_control
  Scenario: Negativ sosial kontroll uten kjent alvorlighet må avklares
    Gitt en bekymring for "negativ sosial kontroll" fra "far", der "Sara" er utsatt
    Når saken vurderes
    Så foreslås ikke melding til barnevernstjenesten
    Og er melding til barnevernstjenesten en uavklart plikt for "Sara"
    Og stilles et spørsmål om "bruk ikke familien som tolk"

  @fyrer:cw_duty_social_control_repeated
  @fyrer_ikke:cw_unclear_social_control
  Scenario: Gjentatt negativ sosial kontroll skal meldes
    Gitt en bekymring for "negativ sosial kontroll" fra "far", der "Sara" er utsatt (gjentatt)
    Når saken vurderes
    Så er melding til barnevernstjenesten en plikt
    Og stilles ingen spørsmål om "bruk ikke familien som tolk"

  @fyrer_ikke:honour_risk_assessment_first
  Scenario: Vold mellom foreldrene er ikke i seg selv æresrelatert
    Gitt en bekymring for "vold mellom voksne i nære relasjoner" fra "far", der "mor" er utsatt
    Når saken vurderes
    Så foreslås ikke risikovurdering og beskyttelsesplan før kontakt med familien

  @fyrer:honour_risk_assessment_first
  Scenario: Ved æresrelatert kontroll foreslås ingen tiltak som tar kontakt med foreldrene før risikoen er vurdert
    Gitt en bekymring for "negativ sosial kontroll" fra "far", der "Sara" er utsatt (alvorlig, gjentatt)
    Når saken vurderes
    Så foreslås risikovurdering og beskyttelsesplan før kontakt med familien
    Og foreslås ikke foreldreveiledning og støtte i foreldrerollen
    Og foreslås ikke kartlegge barnas situasjon
    Og foreslås ikke behandling for voldsutøvere (ATV)
