# language: no
Egenskap: Barna i familien
  Når de voksne strever, skal Nav se barna: kartlegge situasjonen deres, snakke med dem,
  og finne ut hvem som har omsorgen når de ikke bor hjemme. Barn med alvorlig sykdom kan
  ha rett til barnekoordinator og individuell plan.

  Bakgrunn:
    Gitt vurderingsdatoen er 1. juni 2025
    Og familien:
      | person | alder | forelder til | husstand |
      | mor    | 40    | Ida          | hjemme   |
      | far    | 42    | Ida          | hjemme   |
      | Ida    | 10    |              | hjemme   |

  @fyrer:children_map_when_carer_struggles
  Scenario: Når mor har økonomiske problemer, skal barnas situasjon kartlegges
    Gitt en bekymring for "økonomiske problemer" hos "mor"
    Når saken vurderes
    Så foreslås kartlegge barnas situasjon for "Ida"
    Og er kartlegge barnas situasjon en anbefaling
    Og bygger kartlegge barnas situasjon på sosialtjenesteloven § 1

  @fyrer_ikke:children_map_when_carer_struggles
  Scenario: Når de økonomiske problemene er løst, trengs ingen kartlegging
    Gitt en bekymring for "økonomiske problemer" hos "mor" (løst)
    Når saken vurderes
    Så foreslås ikke kartlegge barnas situasjon

  @fyrer:children_situation_unknown
  Scenario: Ved konflikter mellom foreldrene og ingen tjeneste rundt barnet spør familycase hvordan barnet har det
    Gitt en bekymring for "hyppige konflikter mellom de voksne" hos "mor" og "far", der "Ida" er utsatt
    Når saken vurderes
    Så stilles et spørsmål om "Hvordan har Ida det"

  @fyrer_ikke:children_situation_unknown
  Scenario: Når skolen kjenner barnet, er situasjonen ikke ukjent
    Gitt en bekymring for "hyppige konflikter mellom de voksne" hos "mor" og "far", der "Ida" er utsatt
    Og at "Ida" har kontakt med skole
    Når saken vurderes
    Så stilles ingen spørsmål om "Hvordan har Ida det"

  @fyrer:children_distress_talk
  Scenario: Skolen melder at Ida har det vanskelig
    Gitt en bekymring for "barnet viser tegn på å ha det vanskelig" hos "Ida" (skole)
    Når saken vurderes
    Så foreslås samtale med barnet bare for "Ida"
    Og er helsestasjon og skolehelsetjeneste ansvarlig for samtale med barnet
    Og skjer samtale med barnet sammen med skole

  @fyrer_ikke:children_distress_talk
  Scenario: Når det er over, trengs ingen ny samtale
    Gitt en bekymring for "barnet viser tegn på å ha det vanskelig" hos "Ida" (skole, tidligere)
    Når saken vurderes
    Så foreslås ikke samtale med barnet

  @fyrer:children_living_apart_cw_unknown
  Scenario: Ida bor hos tanten, og det er ukjent om barnevernstjenesten er involvert
    Gitt at "tante" er 45 år
    Og at "tante" er midlertidig omsorgsperson til "Ida"
    Og at "tante" og "Ida" bor sammen
    Når saken vurderes
    Så foreslås samarbeid med barnevernstjenesten for "Ida"
    Og krever samarbeid med barnevernstjenesten samtykke
    Og stilles et spørsmål om "er barnevernstjenesten involvert"

  @fyrer_ikke:children_living_apart_cw_unknown
  Scenario: Når barnevernstjenesten allerede følger Ida, er det ikke ukjent
    Gitt at "tante" er 45 år
    Og at "tante" er midlertidig omsorgsperson til "Ida"
    Og at "tante" og "Ida" bor sammen
    Og at "Ida" har kontakt med barnevernstjenesten
    Når saken vurderes
    Så slår regelen "children_living_apart_cw_unknown" ikke til
    Og stilles ingen spørsmål om "er barnevernstjenesten involvert"

  @fyrer_ikke:children_living_apart_cw_unknown
  Scenario: Ida bor med mor og stefar, far bor for seg selv: Ida bor ikke borte fra foreldrene
    Gitt at "stefar" er 44 år
    Og at "stefar" er steforelder til "Ida"
    Og at "mor", "stefar" og "Ida" bor sammen
    Og at "far" bor alene
    Når saken vurderes
    Så slår regelen "children_living_apart_cw_unknown" ikke til
    Og stilles ingen spørsmål om "er barnevernstjenesten involvert"

  @fyrer:child_coordinator_serious_illness
  Scenario: Barnekoordinator fra 1. august 2022 når barnet er alvorlig sykt
    Gitt en bekymring for "alvorlig sykdom eller funksjonsnedsettelse hos barnet" hos "Ida"
    Når saken vurderes per 1. august 2022
    Så foreslås barnekoordinator for "Ida"
    Og er koordinerende enhet ansvarlig for barnekoordinator
    Og bygger barnekoordinator på helse- og omsorgstjenesteloven § 7-2 a

  @fyrer_ikke:child_coordinator_serious_illness
  Scenario: Før 1. august 2022 fantes ikke barnekoordinatoren
    Gitt en bekymring for "alvorlig sykdom eller funksjonsnedsettelse hos barnet" hos "Ida"
    Når saken vurderes per 31. juli 2022
    Så foreslås ikke barnekoordinator

  @fyrer:individual_plan_seriously_ill_child
  Scenario: Et alvorlig sykt barn på 17 år skal få tilbud om individuell plan
    Gitt at "Ida" er 17 år
    Og en bekymring for "alvorlig sykdom eller funksjonsnedsettelse hos barnet" hos "Ida"
    Når saken vurderes
    Så foreslås individuell plan for "Ida"
    Og er koordinerende enhet ansvarlig for individuell plan

  @fyrer_ikke:individual_plan_seriously_ill_child
  Scenario: Når Ida er 18 år, gjelder ikke regelen for barn
    Gitt at "Ida" er 18 år
    Og en bekymring for "alvorlig sykdom eller funksjonsnedsettelse hos barnet" hos "Ida"
    Når saken vurderes
    Så foreslås ikke barnekoordinator

  @fyrer:cooperate_with_active_child_welfare
  Scenario: Barnevernstjenesten følger allerede Ida: Nav samarbeider med den
    Gitt at "Ida" har kontakt med barnevernstjenesten
    Når saken vurderes
    Så foreslås samarbeid med barnevernstjenesten for "Ida"
    Og skjer samarbeid med barnevernstjenesten sammen med barnevernstjenesten
    Og krever samarbeid med barnevernstjenesten samtykke
    Og bygger samarbeid med barnevernstjenesten på barnevernsloven § 15-8

  @fyrer:cooperate_with_active_child_welfare
  Scenario: Før 2023 bygger samarbeidet på barnevernloven 1992 § 3-2
    Gitt at "Ida" har kontakt med barnevernstjenesten
    Når saken vurderes per 1. juni 2022
    Så foreslås samarbeid med barnevernstjenesten for "Ida"
    Og bygger samarbeid med barnevernstjenesten på bvl1992_3_2
    Og bygger samarbeid med barnevernstjenesten ikke på bvl_15_8

  @fyrer_ikke:cooperate_with_active_child_welfare
  Scenario: Når barnevernstjenesten har avsluttet saken, foreslås ikke samarbeid
    Gitt at "Ida" har avsluttet kontakten med barnevernstjenesten
    Når saken vurderes
    Så slår regelen "cooperate_with_active_child_welfare" ikke til

  # -- ettervern ---------------------------------------------------------------------------
  @fyrer:cooperate_with_child_welfare_aftercare
  Scenario: En ung voksen med ettervern fra barnevernstjenesten
    Gitt at "Tomas" er 20 år
    Og tjenestene:
      | tjeneste            | person | nivå      |
      | barnevernstjenesten | Tomas  | ettervern |
    Når saken vurderes
    Så foreslås samarbeid med barnevernstjenesten for "Tomas"

  @fyrer_ikke:cooperate_with_child_welfare_aftercare
  Scenario: En ung voksen med en avsluttet barnevernssak har ikke ettervern
    Gitt at "Tomas" er 20 år
    Og tjenestene:
      | tjeneste            | person | status    | nivå      |
      | barnevernstjenesten | Tomas  | avsluttet | ettervern |
    Når saken vurderes
    Så slår regelen "cooperate_with_child_welfare_aftercare" ikke til
