# language: no
Egenskap: Arbeid og økonomi
  Unge voksne skal få ungdomsoppfølging. Når familien er i krise, kommer livsopphold og
  trygghet før arbeidsrettet oppfølging. Økonomiske problemer gir økonomisk rådgivning.

  Bakgrunn:
    Gitt vurderingsdatoen er 1. juni 2025

  @fyrer:youth_followup_young_adult
  Scenario: En 20-åring som har mistet jobben, får ungdomsoppfølging
    Gitt at "Tomas" er 20 år
    Og en bekymring for "tap av arbeid" hos "Tomas"
    Når saken vurderes
    Så foreslås ungdomsoppfølging i Nav for "Tomas"
    Og skjer ungdomsoppfølging i Nav sammen med oppfølgingstjenesten

  @fyrer_ikke:youth_followup_young_adult
  Scenario: En 26-åring er ikke ung voksen lenger
    Gitt at "Tomas" er 26 år
    Og en bekymring for "tap av arbeid" hos "Tomas"
    Når saken vurderes
    Så foreslås ikke ungdomsoppfølging i Nav

  @fyrer:young_adult_financial_help
  Scenario: En ung voksen uten arbeid trenger penger til livsopphold
    Gitt at "Tomas" er 20 år
    Og en bekymring for "tap av arbeid" hos "Tomas"
    Når saken vurderes
    Så foreslås økonomisk stønad for "Tomas"
    Og bygger økonomisk stønad på sosialtjenesteloven § 18

  @fyrer_ikke:young_adult_financial_help
  Scenario: Et jobbtap som er over
    Gitt at "Tomas" er 20 år
    Og en bekymring for "tap av arbeid" hos "Tomas" (tidligere)
    Når saken vurderes
    Så foreslås ikke økonomisk stønad

  @fyrer:work_followup_when_stable
  Scenario: Arbeidsledighet uten andre vansker gir arbeidsrettet oppfølging
    Gitt at "Ola" er 40 år
    Og en bekymring for "arbeidsledighet" hos "Ola"
    Når saken vurderes
    Så foreslås arbeidsrettet oppfølging for "Ola"

  @fyrer_ikke:work_followup_when_stable
  Scenario: Den som også er deprimert, skal ikke først ut i arbeid
    Gitt at "Ola" er 40 år
    Og en bekymring for "arbeidsledighet" hos "Ola"
    Og en bekymring for "depresjon" hos "Ola"
    Når saken vurderes
    Så foreslås ikke arbeidsrettet oppfølging

  @fyrer:uncertain_work_clarify
  Scenario: Mulig svart arbeid skal avklares i en samtale om økonomien
    Gitt at "Ola" er 40 år
    Og en bekymring for "usikker arbeidssituasjon (mulig svart arbeid)" hos "Ola" (mistanke)
    Når saken vurderes
    Så foreslås økonomisk rådgivning for "Ola"
    Og stilles et spørsmål om "arbeids- og inntektssituasjonen"

  @fyrer_ikke:uncertain_work_clarify
  Scenario: Når arbeidssituasjonen er avklart
    Gitt at "Ola" er 40 år
    Og en bekymring for "usikker arbeidssituasjon (mulig svart arbeid)" hos "Ola" (mistanke, løst)
    Når saken vurderes
    Så foreslås ingenting

  @fyrer:financial_counselling_difficulty
  Scenario: Økonomiske problemer gir økonomisk rådgivning
    Gitt at "Ola" er 40 år
    Og en bekymring for "økonomiske problemer" hos "Ola"
    Når saken vurderes
    Så foreslås økonomisk rådgivning for "Ola"
    Og krever økonomisk rådgivning ikke samtykke

  @fyrer_ikke:financial_counselling_difficulty
  Scenario: Når økonomien er i orden
    Gitt at "Ola" er 40 år
    Og en bekymring for "økonomiske problemer" hos "Ola" (løst)
    Når saken vurderes
    Så foreslås ikke økonomisk rådgivning

  Regel: Når familien er i krise, kommer livsopphold først

    Bakgrunn:
      Gitt familien:
        | person | alder | forelder til | husstand |
        | mor    | 40    | Ida          | hjemme   |
        | far    | 42    | Ida          | hjemme   |
        | Ida    | 10    |              | hjemme   |

    @fyrer:derive_care_crisis_exposed @fyrer:family_first_financial_help
    Scenario: Barnet har opplevd vold og mor er arbeidsledig: økonomisk stønad, ikke arbeid først
      Gitt en bekymring for "barn har opplevd vold i familien" hos "far", der "Ida" er utsatt
      Og en bekymring for "arbeidsledighet" hos "mor"
      Når saken vurderes
      Så foreslås økonomisk stønad for "mor"
      Og foreslås ikke arbeidsrettet oppfølging for "mor"

    @fyrer_ikke:derive_care_crisis_exposed @fyrer_ikke:family_first_financial_help
    Scenario: Når volden er over, er det ikke lenger krise i omsorgen
      Gitt en bekymring for "barn har opplevd vold i familien" hos "far", der "Ida" er utsatt (tidligere)
      Og en bekymring for "arbeidsledighet" hos "mor"
      Når saken vurderes
      Så foreslås arbeidsrettet oppfølging for "mor"

    @fyrer:carer_financial_help @fyrer:financial_help_money_trouble
    Scenario: En mor uten inntekt som bor med barnet, kan få økonomisk stønad uten at familien er i krise
      Gitt en bekymring for "økonomiske problemer" hos "mor"
      Og en bekymring for "arbeidsledighet" hos "mor"
      Når saken vurderes
      Så foreslås økonomisk stønad for "mor"
      Og bygger økonomisk stønad på sosialtjenesteloven § 18
      Og foreslås økonomisk rådgivning for "mor"
      Og foreslås ikke økonomisk stønad for "far"

    @fyrer:carer_financial_help
    Scenario: En far uten arbeid som har Ida på samværshelger, kan også få stønad
      Gitt at "far" bor alene
      Og en bekymring for "arbeidsledighet" hos "far"
      Når saken vurderes
      Så foreslås økonomisk stønad for "far"
      Og slår regelen "carer_financial_help" til

    @fyrer_ikke:carer_financial_help
    Scenario: En vag mistanke om at far står uten arbeid, gir ikke stønad etter denne regelen
      Gitt at "far" bor alene
      Og en bekymring for "arbeidsledighet" hos "far" (mistanke)
      Når saken vurderes
      Så slår regelen "carer_financial_help" ikke til
      Og foreslås ikke økonomisk stønad

    @fyrer:financial_help_money_trouble
    Scenario: En far med økonomiske problemer som har Ida på samværshelger, får stønad
      Gitt at "far" bor alene
      Og en bekymring for "økonomiske problemer" hos "far"
      Når saken vurderes
      Så foreslås økonomisk stønad for "far"
      Og bygger økonomisk stønad på sosialtjenesteloven § 18

    @fyrer:financial_help_money_trouble
    Scenario: Mor er utsatt for vold og har ingen egne penger
      Gitt en bekymring for "vold mellom voksne i nære relasjoner" fra "far", der "mor" er utsatt
      Og en bekymring for "økonomiske problemer" hos "mor"
      Når saken vurderes
      Så foreslås økonomisk stønad for "mor"
      Og slår regelen "financial_help_money_trouble" til

    @fyrer_ikke:financial_help_money_trouble
    Scenario: En vag mistanke om pengeproblemer gir ikke stønad
      Gitt en bekymring for "økonomiske problemer" hos "mor" (mistanke)
      Når saken vurderes
      Så foreslås ikke økonomisk stønad

    @fyrer_ikke:derive_care_crisis_substance
    Scenario: En anonym mistanke om at mor drikker, er ingen krise i omsorgen og stanser ikke arbeid
      Gitt en bekymring for "rusproblem" hos "mor" (mistanke)
      Og en bekymring for "arbeidsledighet" hos "mor"
      Når saken vurderes
      Så slår regelen "derive_care_crisis_substance" ikke til
      Og foreslås arbeidsrettet oppfølging for "mor"
      Og stilles et spørsmål om "mistanken om rusbruk"

    @fyrer_ikke:work_followup_when_stable
    Scenario: En far som blir kastet ut i morgen, trenger bolig før arbeid
      Gitt en bekymring for "arbeidsledighet" hos "far"
      Og en bekymring for "ustabil bosituasjon" hos "far" (alvorlig)
      Når saken vurderes
      Så foreslås hjelp til å skaffe egnet bolig for "far"
      Og foreslås ikke arbeidsrettet oppfølging
      Og foreslås ikke arbeidstrening

    @fyrer_ikke:carer_financial_help
    Scenario: Når familien er i krise, kommer stønaden fra krise-regelen og bare én gang
      Gitt en bekymring for "barn har opplevd vold i familien" hos "far", der "Ida" er utsatt
      Og en bekymring for "arbeidsledighet" hos "mor"
      Når saken vurderes
      Så slår regelen "carer_financial_help" ikke til
      Og slår regelen "family_first_financial_help" til
      Og foreslås økonomisk stønad for "mor"

    @fyrer:derive_care_crisis_carer
    Scenario: Vold mot mor er en krise for omsorgen
      Gitt en bekymring for "vold mellom voksne i nære relasjoner" fra "far", der "mor" er utsatt
      Når saken vurderes
      Så slår regelen "derive_care_crisis_carer" til

    @fyrer_ikke:derive_care_crisis_carer
    Scenario: Vold mot mor som er over
      Gitt en bekymring for "vold mellom voksne i nære relasjoner" fra "far", der "mor" er utsatt (tidligere)
      Når saken vurderes
      Så slår regelen "derive_care_crisis_carer" ikke til

    @fyrer:derive_care_crisis_substance
    Scenario: Rusproblemer hos mor er en krise for omsorgen
      Gitt en bekymring for "rusproblem" hos "mor"
      Når saken vurderes
      Så slår regelen "derive_care_crisis_substance" til

    @fyrer_ikke:derive_care_crisis_substance
    Scenario: Et rusproblem som er over
      Gitt en bekymring for "rusproblem" hos "mor" (tidligere)
      Når saken vurderes
      Så slår regelen "derive_care_crisis_substance" ikke til

  Regel: Arbeidstrening kommer når krisen er over, aldri midt i den

    @fyrer:work_training_after_crisis
    Scenario: Etter avsluttet rusbehandling og uten ny krise kan arbeidstrening være neste steg
      Gitt at "Kari" er 38 år
      Og at "Kari" bor alene
      Og en bekymring for "arbeidsledighet" hos "Kari"
      Og en bekymring for "rusproblem" hos "Kari" (tidligere)
      Når saken vurderes
      Så foreslås arbeidstrening for "Kari"
      Og foreslås arbeidsrettet oppfølging for "Kari"
      Og bygger arbeidstrening på NAV-loven § 14 a

    @fyrer_ikke:work_training_after_crisis
    Scenario: Med tegn på tilbakefall er krisen ikke over
      Gitt at "Kari" er 38 år
      Og at "Kari" bor alene
      Og en bekymring for "arbeidsledighet" hos "Kari"
      Og en bekymring for "rusproblem" hos "Kari" (tidligere)
      Og en bekymring for "tegn på tilbakefall til rus" hos "Kari"
      Når saken vurderes
      Så foreslås ikke arbeidstrening
      Og foreslås ikke arbeidsrettet oppfølging
