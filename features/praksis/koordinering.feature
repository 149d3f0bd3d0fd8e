# language: no
Egenskap: Samordning av tjenestene
  Når mange tjenester er involvert og ingen koordinerer, skal noen ta ansvaret for
  samordningen. Langvarige behov gir rett til individuell plan.

  Bakgrunn:
    Gitt vurderingsdatoen er 1. juni 2025
    Og at "Ola" er 40 år
    Og at "Ola" bor alene

  @fyrer:coordination_many_services
  Scenario: Tre tjenester uten koordinator
    Gitt tjenestene:
      | tjeneste                        | person |
      | fastlege                        | Ola    |
      | DPS                             | Ola    |
      | kommunens boligkontor           | Ola    |
    Når saken vurderes
    Så foreslås avklare hvem som koordinerer
    Og er avklare hvem som koordinerer en anbefaling

  @fyrer_ikke:coordination_many_services
  Scenario: Tre tjenester der DPS koordinerer
    Gitt tjenestene:
      | tjeneste              | person | koordinerer |
      | fastlege              | Ola    | nei         |
      | DPS                   | Ola    | ja          |
      | kommunens boligkontor | Ola    |             |
    Når saken vurderes
    Så foreslås ikke avklare hvem som koordinerer

  @fyrer:coordination_responsibility_group
  Scenario: Fire tjenester trenger en ansvarsgruppe
    Gitt at "Ola" har kontakt med fastlege
    Og at "Ola" har kontakt med DPS
    Og at "Ola" har kontakt med kommunens boligkontor
    Og at "Ola" har kontakt med oppfølgingstjenesten
    Når saken vurderes
    Så foreslås ansvarsgruppe
    Og krever ansvarsgruppe samtykke

  @fyrer_ikke:coordination_responsibility_group
  Scenario: Når oppfølgingstjenesten er avsluttet, er det tre igjen
    Gitt at "Ola" har kontakt med fastlege
    Og at "Ola" har kontakt med DPS
    Og at "Ola" har kontakt med kommunens boligkontor
    Og at "Ola" har avsluttet kontakten med oppfølgingstjenesten
    Når saken vurderes
    Så foreslås ikke ansvarsgruppe

  @fyrer:individual_plan_long_term
  Scenario: Depresjon og to tjenester gir grunn til individuell plan
    Gitt at "Ola" har kontakt med fastlege
    Og at "Ola" har kontakt med kommunens boligkontor
    Og en bekymring for "depresjon" som gjelder "Ola"
    Når saken vurderes
    Så foreslås individuell plan for "Ola"
    Og bygger individuell plan på sosialtjenesteloven § 28

  @fyrer_ikke:individual_plan_long_term
  Scenario: Med bare én aktiv tjeneste trengs ikke individuell plan
    Gitt at "Ola" har kontakt med fastlege
    Og at "Ola" har avsluttet kontakten med kommunens boligkontor
    Og en bekymring for "depresjon" som gjelder "Ola"
    Når saken vurderes
    Så foreslås ikke individuell plan

  @fyrer:cooperation_with_reporting_service
  Scenario: DPS melder bekymringen og er fortsatt involvert
    Gitt at "Ola" har kontakt med DPS
    Og en bekymring for "depresjon" som gjelder "Ola" (fagperson i en annen tjeneste, meldt av DPS)
    Når saken vurderes
    Så foreslås samarbeidsmøte mellom tjenestene for "Ola"
    Og skjer samarbeidsmøte mellom tjenestene sammen med distriktspsykiatrisk senter (DPS)
    Og krever samarbeidsmøte mellom tjenestene samtykke

  @fyrer_ikke:cooperation_with_reporting_service
  Scenario: Fastlegen som meldte, er ikke lenger involvert
    Gitt at "Ola" har kontakt med DPS
    Og at "Ola" har avsluttet kontakten med fastlege
    Og en bekymring for "depresjon" som gjelder "Ola" (fagperson i en annen tjeneste, meldt av fastlege)
    Når saken vurderes
    Så foreslås ikke samarbeidsmøte mellom tjenestene
