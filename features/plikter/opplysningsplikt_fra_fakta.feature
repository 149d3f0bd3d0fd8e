# language: no
Egenskap: Opplysningsplikt ut fra det saksbehandleren registrerer, ikke ut fra konklusjoner
  Saksbehandleren skriver ned fakta: en forelders rus eller psykiske sykdom, vold mellom de
  voksne, et barn som er kastet ut. familycase leser selv hvem som er utsatt: barna i den
  daglige omsorgen til forelderen, og barna i husstanden der volden skjer, og sier det i
  begrunnelsen (sosialtjenesteloven § 45 og barnevernsloven § 13-2 bokstav a).

  Bakgrunn:
    Gitt vurderingsdatoen er 1. juni 2025
    Og familien:
      | person | alder | forelder til | husstand |
      | mor    | 30    | Ida          | hjemme   |
      | far    | 32    | Ida          | hjemme   |
      | Ida    | 1     |              | hjemme   |

  @fyrer:cw_duty_carer_serious
  Scenario: Alvorlig psykisk sykdom hos en forelder som har den daglige omsorgen, skal meldes
    Gitt en bekymring for "psykisk lidelse" hos "mor" (alvorlig)
    Når saken vurderes
    Så er melding til barnevernstjenesten en plikt
    Og foreslås melding til barnevernstjenesten for "Ida"

  @fyrer_ikke:cw_duty_carer_serious
  Scenario: En forelder som bor for seg selv, har ikke den daglige omsorgen
    Gitt at "mor" bor alene
    Og en bekymring for "psykisk lidelse" hos "mor" (alvorlig)
    Når saken vurderes
    Så foreslås ikke melding til barnevernstjenesten
    Og er ingen plikter uavklarte

  @fyrer:cw_duty_carer_repeated
  Scenario: Gjentatt ruspåvirkning hos en forelder som har omsorgen, skal meldes
    Gitt en bekymring for "rusproblem" hos "far" (gjentatt)
    Når saken vurderes
    Så er melding til barnevernstjenesten en plikt

  @fyrer_ikke:cw_duty_carer_repeated
  Scenario: En vag mistanke om gjentatt rus gir ikke plikt, men et spørsmål
    Gitt en bekymring for "rusproblem" hos "far" (gjentatt, mistanke)
    Når saken vurderes
    Så foreslås ikke melding til barnevernstjenesten

  @fyrer:cw_immediate_no_unburdened_carer
  Scenario: Når begge foreldrene har en alvorlig bekymring, haster meldingen
    Gitt en bekymring for "rusproblem" hos "mor" og "far" (alvorlig)
    Når saken vurderes
    Så har melding til barnevernstjenesten hastegraden straks
    Og stilles et spørsmål om "trygg omsorg i natt"

  @fyrer_ikke:cw_immediate_no_unburdened_carer
  Scenario: Når far ikke har noen registrert alvorlig bekymring, haster den ikke på samme måte
    Gitt en bekymring for "rusproblem" hos "mor" (alvorlig)
    Når saken vurderes
    Så har melding til barnevernstjenesten hastegraden snart
    Og stilles ingen spørsmål om "trygg omsorg i natt"

  @fyrer:cw_duty_child_without_home
  Scenario: En 16-åring uten bolig skal meldes straks, ikke få et midlertidig botilbud
    Gitt at "Ida" er 16 år
    Og en bekymring for "uten bolig" hos "Ida"
    Når saken vurderes
    Så har melding til barnevernstjenesten hastegraden straks
    Og foreslås ikke midlertidig botilbud

  @fyrer_ikke:cw_duty_child_without_home
  Scenario: En 18-åring uten bolig er voksen
    Gitt at "Ida" er 18 år
    Og en bekymring for "uten bolig" hos "Ida"
    Når saken vurderes
    Så foreslås ikke melding til barnevernstjenesten

  @fyrer:cw_duty_child_thrown_out
  Scenario: En 16-åring som far har kastet ut hjemmefra, skal meldes straks
    Gitt at "Ida" er 16 år
    Og en bekymring for "barnet er kastet ut hjemmefra" hos "far", der "Ida" er utsatt
    Når saken vurderes
    Så har melding til barnevernstjenesten hastegraden straks

  @fyrer_ikke:cw_duty_child_thrown_out
  Scenario: Når det er over, er det ikke grunnlag for melding nå
    Gitt at "Ida" er 16 år
    Og en bekymring for "barnet er kastet ut hjemmefra" hos "far", der "Ida" er utsatt (tidligere)
    Når saken vurderes
    Så foreslås ikke melding til barnevernstjenesten

  @fyrer:cw_unclear_household_suspicion
  Scenario: En vag mistanke om vold mellom foreldrene gjør plikten uavklart for barnet i husstanden
    Gitt en bekymring for "vold mellom voksne i nære relasjoner" fra "far", der "mor" er utsatt (mistanke)
    Når saken vurderes
    Så er melding til barnevernstjenesten en uavklart plikt for "Ida"
    Og stilles et spørsmål om "Hva har Ida sett eller hørt"

  @fyrer_ikke:cw_unclear_household_suspicion
  Scenario: Meldt vold mellom foreldrene er ikke bare en mistanke
    Gitt en bekymring for "vold mellom voksne i nære relasjoner" fra "far", der "mor" er utsatt
    Når saken vurderes
    Så stilles ingen spørsmål om "Hva har Ida sett eller hørt"
