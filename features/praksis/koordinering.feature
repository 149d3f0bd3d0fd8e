# language: no
Egenskap: Samordning av tjenestene
  Når mange tjenester er involvert og ingen koordinerer, skal noen ta ansvaret for
  samordningen. Langvarige behov gir rett til individuell plan.

  Bakgrunn:
    Gitt vurderingsdatoen er 1. juni 2025
    Og at "Ola" er 40 år
    Og at "Ola" bor alene

  @fyrer:coordination_many_services
  Scenario: To spesialiserte tjenester og fastlegen, uten koordinator
    Gitt tjenestene:
      | tjeneste                        | person |
      | fastlege                        | Ola    |
      | DPS                             | Ola    |
      | kommunens boligkontor           | Ola    |
    Når saken vurderes
    Så foreslås avklare hvem som koordinerer
    Og er avklare hvem som koordinerer en anbefaling

  @fyrer_ikke:coordination_many_services
  Scenario: De samme tjenestene der DPS koordinerer
    Gitt tjenestene:
      | tjeneste              | person | koordinerer |
      | fastlege              | Ola    | nei         |
      | DPS                   | Ola    | ja          |
      | kommunens boligkontor | Ola    |             |
    Når saken vurderes
    Så foreslås ikke avklare hvem som koordinerer

  @fyrer:coordination_responsibility_group
  Scenario: Tre spesialiserte tjenester trenger en ansvarsgruppe
    Gitt at "Ola" har kontakt med fastlege
    Og at "Ola" har kontakt med DPS
    Og at "Ola" har kontakt med kommunens boligkontor
    Og at "Ola" har kontakt med oppfølgingstjenesten
    Når saken vurderes
    Så foreslås ansvarsgruppe
    Og krever ansvarsgruppe samtykke

  @fyrer_ikke:coordination_responsibility_group
  Scenario: Når oppfølgingstjenesten er avsluttet, er det to spesialiserte igjen
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
    Og en bekymring for "depresjon" hos "Ola"
    Når saken vurderes
    Så foreslås individuell plan for "Ola"
    Og bygger individuell plan på sosialtjenesteloven § 28

  @fyrer_ikke:individual_plan_long_term
  Scenario: Med bare én aktiv tjeneste trengs ikke individuell plan
    Gitt at "Ola" har kontakt med fastlege
    Og at "Ola" har avsluttet kontakten med kommunens boligkontor
    Og en bekymring for "depresjon" hos "Ola"
    Når saken vurderes
    Så foreslås ikke individuell plan

  @fyrer:cooperation_with_reporting_service
  Scenario: DPS melder bekymringen og er fortsatt involvert
    Gitt at "Ola" har kontakt med DPS
    Og en bekymring for "depresjon" hos "Ola" (fagperson i en annen tjeneste, meldt av DPS)
    Når saken vurderes
    Så foreslås samarbeidsmøte mellom tjenestene for "Ola"
    Og skjer samarbeidsmøte mellom tjenestene sammen med distriktspsykiatrisk senter (DPS)
    Og krever samarbeidsmøte mellom tjenestene samtykke

  @fyrer_ikke:cooperation_with_reporting_service
  Scenario: Fastlegen som meldte, er ikke lenger involvert
    Gitt at "Ola" har kontakt med DPS
    Og at "Ola" har avsluttet kontakten med fastlege
    Og en bekymring for "depresjon" hos "Ola" (fagperson i en annen tjeneste, meldt av fastlege)
    Når saken vurderes
    Så foreslås ikke samarbeidsmøte mellom tjenestene

  @fyrer_ikke:coordination_many_services @fyrer_ikke:coordination_responsibility_group
  Scenario: Skole, barnehage, helsestasjon og Nav er tjenester de fleste familier har
    Gitt familien:
      | person | alder | forelder til | husstand |
      | mor    | 35    | Ida, Per     | hjemme   |
      | Ida    | 8     |              | hjemme   |
      | Per    | 4     |              | hjemme   |
    Og at "Ida" har kontakt med skole
    Og at "Per" har kontakt med barnehage
    Og at "Per" har kontakt med helsestasjon og skolehelsetjeneste
    Og at "mor" har kontakt med Nav-kontoret
    Når saken vurderes
    Så foreslås ikke avklare hvem som koordinerer
    Og foreslås ikke ansvarsgruppe

  @fyrer:responsibility_group_specialised_services @fyrer:individual_plan_specialised_services
  Scenario: Ola følges av DPS og rusbehandlingen: ansvarsgruppe og individuell plan rundt ham
    Gitt at "Ola" har kontakt med DPS
    Og at "Ola" har kontakt med tverrfaglig spesialisert rusbehandling (TSB)
    Og en bekymring for "rusproblem" hos "Ola"
    Når saken vurderes
    Så foreslås ansvarsgruppe for "Ola"
    Og skjer ansvarsgruppe sammen med DPS og tverrfaglig spesialisert rusbehandling (TSB)
    Og krever ansvarsgruppe samtykke
    Og foreslås individuell plan for "Ola"
    Og bygger individuell plan på sosialtjenesteloven § 28

  @fyrer_ikke:responsibility_group_specialised_services @fyrer_ikke:individual_plan_specialised_services
  Scenario: Med én spesialisert tjeneste og fastlegen trengs ikke ansvarsgruppe
    Gitt at "Ola" har kontakt med DPS
    Og at "Ola" har kontakt med fastlege
    Og en bekymring for "rusproblem" hos "Ola"
    Når saken vurderes
    Så foreslås ikke ansvarsgruppe
    Og slår regelen "individual_plan_specialised_services" ikke til

  @fyrer:responsibility_group_young_adult
  Scenario: En deprimert 20-åring som har mistet jobben, trenger tjenester som samarbeider
    Gitt at "Tomas" er 20 år
    Og en bekymring for "depresjon" hos "Tomas"
    Og en bekymring for "tap av arbeid" hos "Tomas"
    Når saken vurderes
    Så foreslås ansvarsgruppe for "Tomas"
    Og skjer ansvarsgruppe sammen med fastlege, kommunal psykisk helse- og rustjeneste og oppfølgingstjenesten

  @fyrer_ikke:responsibility_group_young_adult
  Scenario: En 20-åring som har mistet jobben, men ikke har andre vansker
    Gitt at "Tomas" er 20 år
    Og en bekymring for "tap av arbeid" hos "Tomas"
    Når saken vurderes
    Så foreslås ikke ansvarsgruppe
