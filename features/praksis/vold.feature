# language: no
Egenskap: Vold i nære relasjoner
  Ved vold eller trusler skal Nav først vurdere om noen er utrygge nå, informere om
  krisesenter, tilby behandling til den som utøver vold, og se barna som har opplevd den.

  Bakgrunn:
    Gitt vurderingsdatoen er 1. juni 2025
    Og familien:
      | person | alder | forelder til | husstand |
      | mor    | 40    | Ida          | hjemme   |
      | far    | 42    | Ida          | hjemme   |
      | Ida    | 10    |              | hjemme   |

  @fyrer:violence_acute_safety
  Scenario: Trusler om vold: er mor trygg akkurat nå?
    Gitt en bekymring for "trusler om vold" fra "far", der "mor" er utsatt
    Når saken vurderes
    Så foreslås vurdere akutt sikkerhet og beskyttelse for "mor"
    Og har vurdere akutt sikkerhet og beskyttelse hastegraden straks
    Og skjer vurdere akutt sikkerhet og beskyttelse sammen med politiet og krisesenter
    Og stilles et spørsmål om "trygge akkurat nå"

  @fyrer_ikke:violence_acute_safety
  Scenario: Trusler som er over, krever ingen akutt vurdering
    Gitt en bekymring for "trusler om vold" fra "far", der "mor" er utsatt (tidligere)
    Når saken vurderes
    Så foreslås ikke vurdere akutt sikkerhet og beskyttelse

  @fyrer:violence_crisis_centre
  Scenario: Den som er utsatt for vold fra partneren, skal få vite om krisesenteret
    Gitt en bekymring for "vold mellom voksne i nære relasjoner" fra "far", der "mor" er utsatt
    Når saken vurderes
    Så foreslås informere om og formidle kontakt med krisesenter for "mor"
    Og bygger informere om og formidle kontakt med krisesenter på krisesenterloven

  @fyrer:violence_crisis_centre
  Scenario: Krisesenteret er også for barn som har opplevd vold i familien
    Gitt en bekymring for "barn har opplevd vold i familien" hos "far", der "Ida" er utsatt
    Når saken vurderes
    Så foreslås informere om og formidle kontakt med krisesenter for "Ida"

  @fyrer_ikke:violence_crisis_centre
  Scenario: En vag mistanke om vold gir ikke krisesenter som forslag
    Gitt en bekymring for "vold mellom voksne i nære relasjoner" fra "far", der "mor" er utsatt (mistanke)
    Når saken vurderes
    Så foreslås ikke informere om og formidle kontakt med krisesenter

  @fyrer_ikke:violence_crisis_centre
  Scenario: Når volden er løst, trengs ikke krisesenter
    Gitt en bekymring for "vold mellom voksne i nære relasjoner" fra "far", der "mor" er utsatt (løst)
    Når saken vurderes
    Så foreslås ikke informere om og formidle kontakt med krisesenter

  @fyrer:violence_crisis_centre_close_relation
  Scenario: Trusler fra far mot Ida er vold i en nær relasjon
    Gitt en bekymring for "trusler om vold" fra "far", der "Ida" er utsatt
    Når saken vurderes
    Så foreslås informere om og formidle kontakt med krisesenter for "Ida"

  @fyrer_ikke:violence_crisis_centre_close_relation
  Scenario: Trusler fra en nabo er ikke vold i en nær relasjon
    Gitt at "nabo" er 50 år
    Og en bekymring for "trusler om vold" fra "nabo", der "Ida" er utsatt
    Når saken vurderes
    Så foreslås ikke informere om og formidle kontakt med krisesenter

  @fyrer:violence_treatment_for_perpetrator
  Scenario: Den som utøver vold, skal få tilbud om behandling
    Gitt en bekymring for "vold mellom voksne i nære relasjoner" fra "far", der "mor" er utsatt
    Når saken vurderes
    Så foreslås behandling for voldsutøvere (ATV) bare for "far"
    Og er Alternativ til Vold (ATV) ansvarlig for behandling for voldsutøvere (ATV)
    Og krever behandling for voldsutøvere (ATV) samtykke

  @fyrer_ikke:violence_treatment_for_perpetrator
  Scenario: En mistanke om vold er ikke grunnlag for behandling
    Gitt en bekymring for "vold mellom voksne i nære relasjoner" fra "far", der "mor" er utsatt (mistanke)
    Når saken vurderes
    Så foreslås ikke behandling for voldsutøvere (ATV)

  @fyrer:violence_children_witnessed
  Scenario: Barn som har opplevd vold, skal få snakke med noen
    Gitt en bekymring for "barn har opplevd vold i familien" hos "far", der "Ida" er utsatt
    Når saken vurderes
    Så foreslås samtale med barnet for "Ida"
    Og er barnevernstjenesten ansvarlig for samtale med barnet
    Og foreslås melding til barnevernstjenesten for "Ida"

  @fyrer_ikke:violence_children_witnessed
  Scenario: Vold som barnet opplevde før, gir ikke ny samtale nå
    Gitt en bekymring for "barn har opplevd vold i familien" hos "far", der "Ida" er utsatt (tidligere)
    Når saken vurderes
    Så foreslås ikke samtale med barnet
    Og foreslås ikke melding til barnevernstjenesten

  @fyrer:parenting_support_violence
  Scenario: En far som utøver vold, får tilbud om støtte i farsrollen
    Gitt en bekymring for "vold mellom voksne i nære relasjoner" fra "far", der "mor" er utsatt
    Når saken vurderes
    Så foreslås foreldreveiledning og støtte i foreldrerollen bare for "far"
    Og skjer foreldreveiledning og støtte i foreldrerollen sammen med Alternativ til Vold (ATV) og familievernkontoret
    Og krever foreldreveiledning og støtte i foreldrerollen samtykke

  @fyrer_ikke:parenting_support_violence
  Scenario: En vag mistanke om vold er ikke grunnlag for foreldreveiledning
    Gitt en bekymring for "vold mellom voksne i nære relasjoner" fra "far", der "mor" er utsatt (mistanke)
    Når saken vurderes
    Så foreslås ikke foreldreveiledning og støtte i foreldrerollen

  @fyrer:parenting_support_care_concern
  Scenario: En mor som strever med omsorgen, får støtte i foreldrerollen
    Gitt en bekymring for "bekymring for omsorgen for barna" hos "mor", der "Ida" er utsatt
    Når saken vurderes
    Så foreslås foreldreveiledning og støtte i foreldrerollen for "mor"

  @fyrer_ikke:parenting_support_care_concern
  Scenario: En vag mistanke om omsorgen er ikke nok
    Gitt en bekymring for "bekymring for omsorgen for barna" hos "mor", der "Ida" er utsatt (mistanke)
    Når saken vurderes
    Så foreslås ikke foreldreveiledning og støtte i foreldrerollen

  @fyrer:gp_consultation_exposed_to_violence @fyrer:gp_consultation_uses_violence
  Scenario: Både den som er utsatt og den som utøver vold, uten fastlege, får time hos fastlegen
    Gitt en bekymring for "vold mellom voksne i nære relasjoner" fra "far", der "mor" er utsatt
    Når saken vurderes
    Så foreslås time hos fastlege for "mor"
    Og foreslås time hos fastlege for "far"

  @fyrer_ikke:gp_consultation_exposed_to_violence @fyrer_ikke:gp_consultation_uses_violence
  Scenario: Når begge allerede har fastlege, foreslås ikke ny time
    Gitt en bekymring for "vold mellom voksne i nære relasjoner" fra "far", der "mor" er utsatt
    Og at "mor" venter på fastlege
    Og at "far" har kontakt med fastlege
    Når saken vurderes
    Så foreslås ikke time hos fastlege
