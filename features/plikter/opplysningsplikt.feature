# language: no
Egenskap: Opplysningsplikt til barnevernstjenesten
  Nav skal gi opplysninger til barnevernstjenesten uten hinder av taushetsplikt når det er
  grunn til å tro at et barn blir mishandlet, utsatt for alvorlig omsorgssvikt, ikke får
  nødvendig behandling, viser alvorlige atferdsvansker eller blir utnyttet til menneskehandel
  (sosialtjenesteloven § 45 og barnevernsloven § 13-2). Under terskelen trengs samtykke.
  Hver regel har et scenario der den slår til og et der den ikke skal slå til.

  Bakgrunn:
    Gitt vurderingsdatoen er 1. juni 2025
    Og familien:
      | person | alder | forelder til | husstand |
      | mor    | 40    | Ida          | hjemme   |
      | far    | 42    | Ida          | hjemme   |
      | Ida    | 10    |              | hjemme   |

  # -- plikten gjelder -----------------------------------------------------------------------
  @fyrer:cw_duty_violence
  Scenario: Et barn på 17 år som er utsatt for vold, skal meldes
    Gitt at "Ida" er 17 år
    Og en bekymring for "vold mot barn" fra "far", der "Ida" er utsatt
    Når saken vurderes
    Så foreslås melding til barnevernstjenesten:
      | bare for   | Ida                      |
      | type       | plikt                    |
      | ansvarlig  | Nav-kontoret             |
      | sammen med | barnevernstjenesten      |
      | hastegrad  | snart                    |
      | hjemmel    | sosialtjenesteloven § 45 |
      | samtykke   | nei                      |
    Og bygger melding til barnevernstjenesten på barnevernsloven § 13-2 første ledd bokstav a
    Og er melding til barnevernstjenesten ikke en uavklart plikt

  @fyrer_ikke:cw_duty_violence
  Scenario: En voksen på 18 år er ikke et barn etter barnevernsloven
    Gitt at "Ida" er 18 år
    Og en bekymring for "vold mot barn" fra "far", der "Ida" er utsatt
    Når saken vurderes
    Så foreslås ikke melding til barnevernstjenesten
    Og stilles ingen spørsmål som avklarer melding til barnevernstjenesten

  @fyrer:cw_duty_child_exposed_to_partner_violence
  Scenario: Et barn som er utsatt for vold mellom foreldrene, skal meldes
    Gitt en bekymring for "vold mellom voksne i nære relasjoner" fra "far", der "mor" og "Ida" er utsatt
    Når saken vurderes
    Så foreslås melding til barnevernstjenesten:
      | bare for   | Ida                      |
      | type       | plikt                    |
      | ansvarlig  | Nav-kontoret             |
      | sammen med | barnevernstjenesten      |
      | hastegrad  | snart                    |
      | hjemmel    | sosialtjenesteloven § 45 |
      | samtykke   | nei                      |
    Og bygger melding til barnevernstjenesten på barnevernsloven § 13-2 første ledd bokstav a
    Og er melding til barnevernstjenesten ikke en uavklart plikt

  @fyrer_ikke:cw_duty_child_exposed_to_partner_violence
  @fyrer:cw_duty_child_in_violent_household
  Scenario: Når bare mor er oppgitt som utsatt, er Ida likevel utsatt fordi hun bor i samme husstand
    Gitt en bekymring for "vold mellom voksne i nære relasjoner" fra "far", der "mor" er utsatt
    Når saken vurderes
    Så slår regelen "cw_duty_child_exposed_to_partner_violence" ikke til
    Og er melding til barnevernstjenesten en plikt
    Og foreslås melding til barnevernstjenesten for "Ida"

  @fyrer_ikke:cw_duty_child_in_violent_household
  Scenario: Når Ida bor hos mormor, utenfor husstanden der volden er, gir volden mot mor ingen plikt for Ida
    Gitt at "mormor" er 68 år
    Og at "mormor" og "Ida" bor sammen
    Og en bekymring for "vold mellom voksne i nære relasjoner" fra "far", der "mor" er utsatt
    Når saken vurderes
    Så foreslås ikke melding til barnevernstjenesten
    Og stilles ingen spørsmål som avklarer melding til barnevernstjenesten

  @fyrer:cw_duty_child_exposed_to_partner_violence
  Scenario: Et barn som er utsatt for trusler om vold i familien, skal meldes
    Gitt en bekymring for "trusler om vold" fra "far", der "mor" og "Ida" er utsatt
    Når saken vurderes
    Så foreslås melding til barnevernstjenesten for "Ida"
    Og er melding til barnevernstjenesten en plikt

  @fyrer_ikke:cw_duty_child_exposed_to_partner_violence
  Scenario: Vold mellom de voksne som er over, gir ikke plikt nå
    Gitt en bekymring for "vold mellom voksne i nære relasjoner" fra "far", der "mor" og "Ida" er utsatt (tidligere)
    Når saken vurderes
    Så foreslås ikke melding til barnevernstjenesten
    Og stilles ingen spørsmål som avklarer melding til barnevernstjenesten

  @fyrer_ikke:cw_duty_child_exposed_to_partner_violence
  Scenario: En voksen som er utsatt for vold mellom voksne, er ikke et barn
    Gitt at "Ida" er 18 år
    Og en bekymring for "vold mellom voksne i nære relasjoner" fra "far", der "mor" og "Ida" er utsatt
    Når saken vurderes
    Så foreslås ikke melding til barnevernstjenesten
    Og stilles ingen spørsmål som avklarer melding til barnevernstjenesten

  @fyrer:cw_duty_neglect
  Scenario: Meldt alvorlig omsorgssvikt gir opplysningsplikt
    Gitt en bekymring for "alvorlig omsorgssvikt" hos "mor", der "Ida" er utsatt
    Når saken vurderes
    Så foreslås melding til barnevernstjenesten for "Ida"
    Og er melding til barnevernstjenesten en plikt

  @fyrer_ikke:cw_duty_neglect
  Scenario: En mistanke om omsorgssvikt er ikke nok til å melde
    Gitt en bekymring for "alvorlig omsorgssvikt" hos "mor", der "Ida" er utsatt (mistanke)
    Når saken vurderes
    Så foreslås ikke melding til barnevernstjenesten
    Men er melding til barnevernstjenesten en uavklart plikt for "Ida"

  @fyrer:cw_duty_serious_care_concern
  Scenario: En alvorlig bekymring for omsorgen gir opplysningsplikt
    Gitt en bekymring for "bekymring for omsorgen for barna" hos "mor", der "Ida" er utsatt (alvorlig)
    Når saken vurderes
    Så er melding til barnevernstjenesten en plikt

  @fyrer_ikke:cw_duty_serious_care_concern
  Scenario: En moderat bekymring for omsorgen gir ikke opplysningsplikt
    Gitt en bekymring for "bekymring for omsorgen for barna" hos "mor", der "Ida" er utsatt (moderat)
    Når saken vurderes
    Så foreslås ikke melding til barnevernstjenesten
    Og foreslås kartlegge barnas situasjon for "Ida"

  @fyrer:cw_duty_untreated_illness
  Scenario: Et barn som ikke får nødvendig behandling, skal meldes (bokstav b)
    Gitt en bekymring for "barnet får ikke nødvendig undersøkelse eller behandling" hos "mor", der "Ida" er utsatt
    Når saken vurderes
    Så bygger melding til barnevernstjenesten på barnevernsloven § 13-2 første ledd bokstav b

  @fyrer_ikke:cw_duty_untreated_illness
  Scenario: Når behandlingen er på plass, er det ingenting å melde
    Gitt en bekymring for "barnet får ikke nødvendig undersøkelse eller behandling" hos "mor", der "Ida" er utsatt (løst)
    Når saken vurderes
    Så foreslås ikke melding til barnevernstjenesten

  @fyrer:cw_duty_behaviour
  Scenario: Gjentatte atferdsvansker gir opplysningsplikt (bokstav c)
    Gitt at "Ida" er 17 år
    Og en bekymring for "atferdsvansker" hos "Ida" (gjentatt)
    Når saken vurderes
    Så foreslås melding til barnevernstjenesten for "Ida"
    Og bygger melding til barnevernstjenesten på barnevernsloven § 13-2 første ledd bokstav c

  @fyrer_ikke:cw_duty_behaviour
  Scenario: Atferdsvansker som ikke har gjentatt seg og ikke er alvorlige, gir ikke plikt
    Gitt at "Ida" er 17 år
    Og en bekymring for "atferdsvansker" hos "Ida" (ikke gjentatt)
    Når saken vurderes
    Så foreslås ikke melding til barnevernstjenesten

  @fyrer:cw_duty_behaviour_serious
  Scenario: Alvorlig rusmisbruk hos en 17-åring gir opplysningsplikt
    Gitt at "Ida" er 17 år
    Og en bekymring for "rusmisbruk hos barnet" hos "Ida" (alvorlig)
    Når saken vurderes
    Så er melding til barnevernstjenesten en plikt

  @fyrer_ikke:cw_duty_behaviour_serious
  Scenario: Moderat rusbruk hos en 17-åring gir ikke opplysningsplikt
    Gitt at "Ida" er 17 år
    Og en bekymring for "rusmisbruk hos barnet" hos "Ida" (moderat)
    Når saken vurderes
    Så foreslås ikke melding til barnevernstjenesten

  @fyrer:cw_duty_trafficking
  Scenario: Menneskehandel skal meldes straks, også til politiet
    Gitt at "Ida" er 17 år
    Og en bekymring for "menneskehandel" hos "Ida", der "Ida" er utsatt
    Når saken vurderes
    Så har melding til barnevernstjenesten hastegraden straks
    Og skjer melding til barnevernstjenesten sammen med barnevernstjenesten og politiet
    Og bygger melding til barnevernstjenesten på barnevernsloven § 13-2 første ledd bokstav d

  @fyrer_ikke:cw_duty_trafficking
  Scenario: Menneskehandel som er over, gir ikke plikt nå
    Gitt at "Ida" er 17 år
    Og en bekymring for "menneskehandel" hos "Ida", der "Ida" er utsatt (tidligere)
    Når saken vurderes
    Så foreslås ikke melding til barnevernstjenesten

  # -- plikten er uavklart -------------------------------------------------------------------
  @fyrer:cw_unclear_suspicion
  Scenario: En mistanke om vold er et spørsmål, ikke en melding
    Gitt en bekymring for "vold mot barn" fra "far", der "Ida" er utsatt (mistanke)
    Når saken vurderes
    Så foreslås ikke melding til barnevernstjenesten
    Og er melding til barnevernstjenesten en uavklart plikt for "Ida"
    Og stilles et spørsmål om "konkrete holdepunkter"

  @fyrer_ikke:cw_unclear_suspicion
  Scenario: Meldt vold er ikke lenger bare en mistanke
    Gitt en bekymring for "vold mot barn" fra "far", der "Ida" er utsatt (meldt)
    Når saken vurderes
    Så er melding til barnevernstjenesten en plikt
    Og er melding til barnevernstjenesten ikke en uavklart plikt

  @fyrer:cw_unclear_suspicion
  Scenario: En mistanke om vold mellom foreldrene som Ida er utsatt for, er et spørsmål
    Gitt en bekymring for "vold mellom voksne i nære relasjoner" fra "far", der "mor" og "Ida" er utsatt (mistanke)
    Når saken vurderes
    Så foreslås ikke melding til barnevernstjenesten
    Og er melding til barnevernstjenesten en uavklart plikt for "Ida"
    Og stilles et spørsmål om "konkrete holdepunkter"

  @fyrer:cw_unclear_care_concern
  Scenario: En bekymring for omsorgen med ukjent alvorlighet må avklares
    Gitt en bekymring for "bekymring for omsorgen for barna" hos "mor", der "Ida" er utsatt
    Når saken vurderes
    Så stilles et spørsmål som avklarer melding til barnevernstjenesten for "Ida"
    Og stilles et spørsmål om "Hvor alvorlig er bekymringen for omsorgen"

  @fyrer_ikke:cw_unclear_care_concern
  Scenario: En alvorlig bekymring for omsorgen er avklart
    Gitt en bekymring for "bekymring for omsorgen for barna" hos "mor", der "Ida" er utsatt (alvorlig)
    Når saken vurderes
    Så stilles ingen spørsmål om "Hvor alvorlig er bekymringen for omsorgen"

  @fyrer:cw_unclear_carer_daily_care
  Scenario: Rusbruk hos en forelder som bor med barnet, reiser spørsmålet om omsorgen
    Gitt en bekymring for "rusproblem" hos "mor"
    Når saken vurderes
    Så er melding til barnevernstjenesten en uavklart plikt for "Ida"
    Og stilles et spørsmål om "den daglige omsorgen"

  @fyrer_ikke:cw_unclear_carer_daily_care
  Scenario: Rusbruk hos en forelder som bor for seg selv, gjør ikke plikten uavklart
    Gitt at "mor" bor alene
    Og en bekymring for "rusproblem" hos "mor"
    Når saken vurderes
    Så er ingen plikter uavklarte

  # -- daglig omsorg: registrert, eller å bo sammen ----------------------------------------
  @fyrer:cw_duty_carer_serious
  Scenario: En mor med daglig omsorg som bor et annet sted en tid, har fortsatt omsorgen
    Gitt at "mor" bor alene
    Og at "mor" har daglig omsorg for "Ida"
    Og en bekymring for "rusproblem" hos "mor" (alvorlig)
    Når saken vurderes
    Så foreslås melding til barnevernstjenesten for "Ida"
    Og er melding til barnevernstjenesten en plikt

  @fyrer_ikke:cw_duty_carer_serious
  @fyrer_ikke:cw_unclear_carer_daily_care
  Scenario: En far som Ida bor hos, men som ikke har den daglige omsorgen, regnes ikke som omsorgsperson
    Gitt at "far" ikke har daglig omsorg for "Ida"
    Og en bekymring for "rusproblem" hos "far" (alvorlig)
    Når saken vurderes
    Så foreslås ingen plikter

  # -- Nav har allerede meldt --------------------------------------------------------------
  @fyrer:cw_report_already_made
  Scenario: Nav har meldt for en måned siden, men plikten gjelder fortsatt for det som er nytt
    Gitt en bekymring for "vold mot barn" fra "far", der "Ida" er utsatt
    Og at Nav-kontoret meldte bekymring for "Ida" til barnevernstjenesten 1. mai 2025
    Når saken vurderes
    Så foreslås melding til barnevernstjenesten for "Ida"
    Og er melding til barnevernstjenesten en plikt
    Og stilles et spørsmål om "siden meldingen"

  @fyrer_ikke:cw_report_already_made
  Scenario: En melding fra skolen er ikke Navs egen melding
    Gitt en bekymring for "vold mot barn" fra "far", der "Ida" er utsatt
    Og at skole meldte bekymring for "Ida" til barnevernstjenesten 1. mai 2025
    Når saken vurderes
    Så foreslås melding til barnevernstjenesten for "Ida"
    Og er melding til barnevernstjenesten en plikt
    Og stilles ingen spørsmål om "siden meldingen"

  # -- under terskelen: samtykke -------------------------------------------------------------
  @fyrer:cw_contact_needs_consent
  Scenario: En moderat depresjon hos mor er ikke grunn til å melde, men kontakt kan skje med samtykke
    Gitt en bekymring for "depresjon" hos "mor" (moderat, ikke gjentatt)
    Når saken vurderes
    Så foreslås ingen plikter
    Og er ingen plikter uavklarte
    Og foreslås kontakt med barnevernstjenesten etter samtykke:
      | for       | Ida        |
      | type      | anbefaling |
      | hastegrad | planlagt   |
      | samtykke  | ja         |
      | hjemmel   | forvaltningsloven § 13 a |

  @fyrer_ikke:cw_contact_needs_consent
  Scenario: Økonomiske problemer alene er ingen grunn til å kontakte barnevernet, heller ikke med samtykke
    Gitt en bekymring for "økonomiske problemer" hos "mor"
    Når saken vurderes
    Så foreslås ingen plikter
    Og foreslås ikke kontakt med barnevernstjenesten etter samtykke

  @fyrer_ikke:cw_contact_needs_consent
  Scenario: Mens plikten er uavklart, tilbys ikke samtykkeveien
    Gitt en bekymring for "depresjon" hos "mor"
    Når saken vurderes
    Så er melding til barnevernstjenesten en uavklart plikt for "Ida"
    Og foreslås ikke kontakt med barnevernstjenesten etter samtykke

  @fyrer_ikke:cw_contact_needs_consent
  Scenario: Når mor har samtykket og far ikke har foreldreansvar, trengs ikke spørsmålet om samtykke
    Gitt en bekymring for "depresjon" hos "mor" (moderat, ikke gjentatt)
    Og at "far" ikke har foreldreansvar for "Ida"
    Og at "mor" samtykker til deling med barnevernstjenesten
    Når saken vurderes
    Så har kontakt med barnevernstjenesten etter samtykke hastegraden snart

  @fyrer_ikke:cw_contact_needs_consent
  Scenario: Når Ida er utsatt for vold mellom foreldrene, er det ikke under terskelen
    Gitt en bekymring for "økonomiske problemer" hos "mor"
    Og en bekymring for "vold mellom voksne i nære relasjoner" fra "far", der "mor" og "Ida" er utsatt
    Når saken vurderes
    Så er melding til barnevernstjenesten en plikt
    Og foreslås ikke kontakt med barnevernstjenesten etter samtykke

  @fyrer_ikke:cw_contact_needs_consent
  Scenario: Ved mistanke om vold som Ida er utsatt for, påstår familycase ikke at terskelen ikke er nådd
    Gitt en bekymring for "økonomiske problemer" hos "mor"
    Og en bekymring for "vold mellom voksne i nære relasjoner" fra "far", der "mor" og "Ida" er utsatt (mistanke)
    Når saken vurderes
    Så er melding til barnevernstjenesten en uavklart plikt for "Ida"
    Og foreslås ikke kontakt med barnevernstjenesten etter samtykke

  @fyrer:cw_contact_with_consent_given
  Scenario: Med samtykke fra begge foreldrene kan Nav kontakte barnevernstjenesten snart
    Gitt en bekymring for "depresjon" hos "mor" (moderat, ikke gjentatt)
    Og at "mor" samtykker til deling med barnevernstjenesten
    Og at "far" samtykker til deling med barnevernstjenesten
    Når saken vurderes
    Så foreslås kontakt med barnevernstjenesten etter samtykke for "Ida"
    Og krever kontakt med barnevernstjenesten etter samtykke samtykke

  @fyrer_ikke:cw_contact_with_consent_given
  Scenario: Et samtykke som er trukket tilbake, gjelder ikke
    Gitt en bekymring for "depresjon" hos "mor" (moderat, ikke gjentatt)
    Og samtykkene:
      | gitt av | deles med           | gitt       | trukket tilbake |
      | mor     | barnevernstjenesten | 01.01.2025 | 01.05.2025      |
    Når saken vurderes
    Så har kontakt med barnevernstjenesten etter samtykke hastegraden planlagt

  # -- hvem som må samtykke: foreldreansvar -------------------------------------------------
  @fyrer:cw_contact_needs_consent
  @fyrer:cw_consent_missing_from_parent
  Scenario: Er foreldreansvaret ikke registrert, trengs samtykke også fra far
    Gitt en bekymring for "depresjon" hos "mor" (moderat, ikke gjentatt)
    Og at "mor" samtykker til deling med barnevernstjenesten
    Når saken vurderes
    Så har kontakt med barnevernstjenesten etter samtykke hastegraden planlagt
    Og stilles et spørsmål om "foreldreansvar"
    Og slår regelen "cw_contact_with_consent_given" ikke til

  @fyrer_ikke:cw_consent_missing_from_parent
  @fyrer_ikke:cw_contact_needs_consent_from_responsible_parent
  Scenario: En forelder uten foreldreansvar blir ikke spurt om samtykke
    Gitt at "mor" har foreldreansvar for "Ida"
    Og at "far" ikke har foreldreansvar for "Ida"
    Og en bekymring for "depresjon" hos "mor" (moderat, ikke gjentatt)
    Og at "mor" samtykker til deling med barnevernstjenesten
    Når saken vurderes
    Så foreslås kontakt med barnevernstjenesten etter samtykke for "Ida"
    Og har kontakt med barnevernstjenesten etter samtykke hastegraden snart

  @fyrer:cw_contact_needs_consent_from_responsible_parent
  @fyrer_ikke:cw_contact_with_consent_given
  Scenario: Samtykke fra en forelder uten foreldreansvar åpner ikke for kontakt
    Gitt at "mor" har foreldreansvar for "Ida"
    Og at "far" ikke har foreldreansvar for "Ida"
    Og en bekymring for "depresjon" hos "mor" (moderat, ikke gjentatt)
    Og at "far" samtykker til deling med barnevernstjenesten
    Når saken vurderes
    Så har kontakt med barnevernstjenesten etter samtykke hastegraden planlagt
    Og krever kontakt med barnevernstjenesten etter samtykke samtykke

  @fyrer:cw_contact_needs_child_consent
  Scenario: En 16-åring skal selv samtykke
    Gitt at "Ida" er 16 år
    Og en bekymring for "økonomiske problemer" hos "mor"
    Og at "mor" samtykker til deling med barnevernstjenesten
    Når saken vurderes
    Så foreslås be om samtykke til å dele opplysninger for "Ida"

  @fyrer_ikke:cw_contact_needs_child_consent
  Scenario: For en 15-åring er foreldrenes samtykke nok
    Gitt at "Ida" er 15 år
    Og en bekymring for "økonomiske problemer" hos "mor"
    Og at "mor" samtykker til deling med barnevernstjenesten
    Når saken vurderes
    Så foreslås ikke be om samtykke til å dele opplysninger

  @fyrer:cw_contact_with_consent_given_over_15
  Scenario: Når begge foreldrene og 16-åringen har samtykket, kan Nav ta kontakt
    Gitt at "Ida" er 16 år
    Og en bekymring for "økonomiske problemer" hos "mor"
    Og at "mor" samtykker til deling med barnevernstjenesten
    Og at "far" samtykker til deling med barnevernstjenesten
    Og at "Ida" samtykker til deling med barnevernstjenesten
    Når saken vurderes
    Så foreslås kontakt med barnevernstjenesten etter samtykke for "Ida"
    Og foreslås ikke be om samtykke til å dele opplysninger

  @fyrer_ikke:cw_contact_with_consent_given_over_15
  Scenario: Uten 16-åringens eget samtykke
    Gitt at "Ida" er 16 år
    Og en bekymring for "økonomiske problemer" hos "mor"
    Og at "mor" samtykker til deling med barnevernstjenesten
    Når saken vurderes
    Så foreslås be om samtykke til å dele opplysninger for "Ida"

  @fyrer:cw_unclear_behaviour
  Scenario: Rusbruk hos en 17-åring med ukjent alvorlighet må avklares
    Gitt at "Ida" er 17 år
    Og en bekymring for "rusmisbruk hos barnet" hos "Ida"
    Når saken vurderes
    Så er melding til barnevernstjenesten en uavklart plikt for "Ida"
    Og stilles et spørsmål om "alvorlig eller gjentatt"

  @fyrer_ikke:cw_unclear_behaviour
  Scenario: Alvorlig rusbruk hos en 17-åring er avklart
    Gitt at "Ida" er 17 år
    Og en bekymring for "rusmisbruk hos barnet" hos "Ida" (alvorlig)
    Når saken vurderes
    Så er melding til barnevernstjenesten ikke en uavklart plikt

  @fyrer:cw_unclear_age_unknown
  Scenario: Når alderen er ukjent, spør familycase om den
    Gitt at alderen til "Ida" er ukjent
    Og en bekymring for "vold mot barn" fra "far", der "Ida" er utsatt
    Når saken vurderes
    Så stilles et spørsmål om "Hva er alderen til Ida"
    Og er melding til barnevernstjenesten en uavklart plikt for "Ida"

  @fyrer_ikke:cw_unclear_age_unknown
  Scenario: Når alderen er kjent, er det ikke noe å spørre om
    Gitt en bekymring for "vold mot barn" fra "far", der "Ida" er utsatt
    Når saken vurderes
    Så stilles ingen spørsmål om "Hva er alderen til"
