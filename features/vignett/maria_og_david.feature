# language: no
Egenskap: Vignetten Maria og David, fase for fase
  Referansesaken (scenarios/maria_and_david.yaml): Maria ringer Nav og forteller om vold fra
  David som barna Jon (8) og Beth (5) har sett. Tomas (20) har mistet jobben, er deprimert
  og har tatt en overdose. I fase 2 melder psykisk helse- og rustjenesten bekymring for
  omsorgen og mistanke om rus. Et år senere (fase 3) bor barna hos Marias bror, og skolen
  ser tegn til tilbakefall.

  Scenario: Fase 1 – Maria ringer Nav (2018)
    Gitt scenarioet "maria_and_david" i fase "phase1"
    Når saken vurderes
    Så foreslås melding til barnevernstjenesten bare for "Jon" og "Beth"
    Og foreslås ikke melding til barnevernstjenesten for "Tomas"
    Og er melding til barnevernstjenesten en plikt
    Og krever melding til barnevernstjenesten ikke samtykke
    Og bygger melding til barnevernstjenesten på sosialtjenesteloven § 45
    Og bygger melding til barnevernstjenesten på barnevernloven (1992) § 6-4
    Og bygger melding til barnevernstjenesten ikke på barnevernsloven § 13-2
    Og foreslås vurdere akutt sikkerhet og beskyttelse bare for "Maria"
    Og har vurdere akutt sikkerhet og beskyttelse hastegraden straks
    Og foreslås ikke varsle politiet (avvergingsplikt)
    Men er varsle politiet (avvergingsplikt) en uavklart plikt for "Maria"
    Og stilles et spørsmål som avklarer varsle politiet (avvergingsplikt) for "Maria"
    Og foreslås ungdomsoppfølging i Nav for "Tomas"
    Og foreslås psykisk helsehjelp:
      | for       | Tomas  |
      | hastegrad | straks |
    Og foreslås økonomisk stønad for "Maria"
    Og foreslås ikke arbeidsrettet oppfølging for "Maria"

  Scenario: Fase 2 – psykisk helse- og rustjenesten ringer (2018)
    Gitt scenarioet "maria_and_david" i fase "phase2"
    Når saken vurderes
    Så foreslås samarbeidsmøte mellom tjenestene for "Maria"
    Og skjer samarbeidsmøte mellom tjenestene sammen med kommunal psykisk helse- og rustjeneste
    Og krever samarbeidsmøte mellom tjenestene samtykke
    Og foreslås melding til barnevernstjenesten bare for "Jon" og "Beth"
    Og slår regelen "cw_unclear_suspicion" til
    Og slår regelen "cw_unclear_care_concern" til
    Og stilles et spørsmål som avklarer melding til barnevernstjenesten for "Jon" og "Beth"

  Scenario: Fase 3 – et år senere (2019)
    Gitt scenarioet "maria_and_david" i fase "phase3"
    Når saken vurderes
    Så foreslås ikke melding til barnevernstjenesten
    Og foreslås ikke varsle politiet (avvergingsplikt)
    Og foreslås oppfølging etter rusbehandling for "Maria"
    Og krever oppfølging etter rusbehandling samtykke
    Og foreslås samtale med barnet bare for "Jon"
    Og foreslås støtte til familiens nettverk for "Marias bror" og "Marias svigerinne"
    Og foreslås hjelp til å skaffe egnet bolig for "Maria"
    Og bygger hjelp til å skaffe egnet bolig på sosialtjenesteloven § 15
    Og bygger hjelp til å skaffe egnet bolig ikke på boligsosial lov § 6
    Og stilles et spørsmål om "er barnevernstjenesten involvert"
    # Tomas: Marias ett år gamle opplysninger om jobbtap og depresjon er historikk i fase 3
    Og foreslås ikke psykisk helsehjelp
    Og stilles ingen spørsmål om "Tomas"
