# language: no
Egenskap: Konflikt mellom foreldrene og foreldre som flytter fra hverandre
  Familievernkontoret gir samtaler ved konflikter og kriser i familien og mekling for foreldre
  som flytter fra hverandre. Det foreslås ikke mens det er vold i familien: først sikkerhet.

  Bakgrunn:
    Gitt vurderingsdatoen er 1. juni 2025
    Og familien:
      | person | alder | forelder til | husstand |
      | mor    | 40    | Ida          | hjemme   |
      | far    | 42    | Ida          | hjemme   |
      | Ida    | 10    |              | hjemme   |

  @fyrer:family_counselling_parental_conflict
  Scenario: Foreldre som krangler mye, kan få hjelp hos familievernkontoret
    Gitt en bekymring for "hyppige konflikter mellom de voksne" hos "mor" og "far", der "Ida" er utsatt
    Når saken vurderes
    Så foreslås familierådgivning for "mor" og "far"
    Og skjer familierådgivning sammen med familievernkontoret
    Og krever familierådgivning samtykke

  @fyrer_ikke:family_counselling_parental_conflict
  Scenario: Når det er vold i familien, foreslås ikke samtaler om konflikten
    Gitt en bekymring for "hyppige konflikter mellom de voksne" hos "mor" og "far", der "Ida" er utsatt
    Og en bekymring for "vold mellom voksne i nære relasjoner" fra "far", der "mor" er utsatt
    Når saken vurderes
    Så foreslås ikke familierådgivning
    Og foreslås vurdere akutt sikkerhet og beskyttelse for "mor"

  @fyrer_ikke:family_counselling_parental_conflict
  Scenario: Også en mistanke om vold går foran samtaler om konflikten
    Gitt en bekymring for "hyppige konflikter mellom de voksne" hos "mor" og "far", der "Ida" er utsatt
    Og en bekymring for "trusler om vold" fra "far", der "mor" er utsatt (mistanke)
    Når saken vurderes
    Så foreslås ikke familierådgivning

  @fyrer:family_counselling_after_separation
  Scenario: Foreldre som har flyttet fra hverandre, kan få hjelp med samarbeidet om Ida
    Gitt at "far" bor alene
    Og at "mor" er tidligere partner til "far"
    Når saken vurderes
    Så foreslås familierådgivning for "mor" og "far"

  @fyrer_ikke:family_counselling_after_separation
  Scenario: Foreldre som fortsatt er et par, har ikke flyttet fra hverandre
    Gitt at "mor" er partner/samboer til "far"
    Når saken vurderes
    Så foreslås ikke familierådgivning
