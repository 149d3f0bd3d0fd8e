# language: no
Egenskap: Avvergingsplikt ved vold i nære relasjoner
  Plikten til å avverge mishandling i nære relasjoner (straffeloven § 196 med § 282) gjelder
  når volden er alvorlig eller gjentatt. Når alvorlighet, gjentakelse eller sikkerhet er
  ukjent, er plikten uavklart, og familycase spør om det som avgjør den.

  Bakgrunn:
    Gitt vurderingsdatoen er 1. juni 2025
    Og familien:
      | person | alder | forelder til | husstand |
      | mor    | 40    | Ida          | hjemme   |
      | far    | 42    | Ida          | hjemme   |
      | Ida    | 10    |              | hjemme   |

  @fyrer:avert_serious_violence
  Scenario: Alvorlig vold mot mor skal varsles til politiet straks
    Gitt en bekymring for "vold mellom voksne i nære relasjoner" fra "far", der "mor" er utsatt (alvorlig)
    Når saken vurderes
    Så foreslås varsle politiet (avvergingsplikt):
      | bare for   | mor            |
      | type       | plikt          |
      | ansvarlig  | Nav-kontoret   |
      | sammen med | politiet       |
      | hastegrad  | straks         |
      | hjemmel    | straffeloven § 196 |
      | samtykke   | nei            |
    Og bygger varsle politiet (avvergingsplikt) på straffeloven § 282

  @fyrer_ikke:avert_serious_violence
  Scenario: Moderat vold som ikke har gjentatt seg, gir ikke avvergingsplikt
    Gitt en bekymring for "vold mellom voksne i nære relasjoner" fra "far", der "mor" er utsatt (moderat, ikke gjentatt)
    Når saken vurderes
    Så foreslås ikke varsle politiet (avvergingsplikt)
    Og er varsle politiet (avvergingsplikt) ikke en uavklart plikt

  @fyrer:avert_repeated_violence
  Scenario: Gjentatt vold gir avvergingsplikt
    Gitt en bekymring for "vold mellom voksne i nære relasjoner" fra "far", der "mor" er utsatt (gjentatt)
    Når saken vurderes
    Så er varsle politiet (avvergingsplikt) en plikt

  @fyrer_ikke:avert_repeated_violence
  Scenario: Vold som ikke har gjentatt seg, gir ikke plikt for gjentakelse
    Gitt en bekymring for "vold mellom voksne i nære relasjoner" fra "far", der "mor" er utsatt (ikke gjentatt)
    Når saken vurderes
    Så slår regelen "avert_serious_violence" ikke til

  @fyrer:avert_unclear_severity
  Scenario: Når verken alvorlighet eller gjentakelse er kjent, er plikten uavklart
    Gitt en bekymring for "vold mellom voksne i nære relasjoner" fra "far", der "mor" er utsatt
    Når saken vurderes
    Så foreslås ikke varsle politiet (avvergingsplikt)
    Og er varsle politiet (avvergingsplikt) en uavklart plikt for "mor"
    Og stilles et spørsmål som avklarer varsle politiet (avvergingsplikt) for "mor"
    Og stilles et spørsmål om "Hvor alvorlig og hvor hyppig er volden mot mor"

  @fyrer_ikke:avert_unclear_severity
  Scenario: Når alvorligheten er kjent, spør ikke familycase om den
    Gitt en bekymring for "vold mellom voksne i nære relasjoner" fra "far", der "mor" er utsatt (moderat)
    Når saken vurderes
    Så slår regelen "avert_unclear_repetition" til

  @fyrer:avert_unclear_repetition
  Scenario: Moderat vold der det er ukjent om den har gjentatt seg
    Gitt en bekymring for "vold mellom voksne i nære relasjoner" fra "far", der "mor" er utsatt (moderat)
    Når saken vurderes
    Så er varsle politiet (avvergingsplikt) en uavklart plikt for "mor"

  @fyrer_ikke:avert_unclear_repetition
  Scenario: Moderat vold som ikke har gjentatt seg, er avklart
    Gitt en bekymring for "vold mellom voksne i nære relasjoner" fra "far", der "mor" er utsatt (moderat, ikke gjentatt)
    Når saken vurderes
    Så stilles ingen spørsmål som avklarer varsle politiet (avvergingsplikt)

  @fyrer:avert_unclear_suspected
  Scenario: En mistanke om alvorlig vold må avklares
    Gitt en bekymring for "vold mellom voksne i nære relasjoner" fra "far", der "mor" er utsatt (alvorlig, mistanke)
    Når saken vurderes
    Så foreslås ikke varsle politiet (avvergingsplikt)
    Men er varsle politiet (avvergingsplikt) en uavklart plikt for "mor"

  @fyrer_ikke:avert_unclear_suspected
  Scenario: Meldt alvorlig vold er ikke en mistanke
    Gitt en bekymring for "vold mellom voksne i nære relasjoner" fra "far", der "mor" er utsatt (alvorlig, meldt)
    Når saken vurderes
    Så er varsle politiet (avvergingsplikt) en plikt

  @fyrer:avert_sexual_abuse
  Scenario: Seksuelle overgrep mot et barn gir avvergingsplikt etter kapittel 26, ikke § 282
    Gitt en bekymring for "seksuelle overgrep" fra "far", der "Ida" er utsatt
    Når saken vurderes
    Så er varsle politiet (avvergingsplikt) en plikt
    Og bygger varsle politiet (avvergingsplikt) ikke på straffeloven § 282

  @fyrer_ikke:avert_sexual_abuse
  Scenario: En vag mistanke om overgrep må avklares før plikten gjelder
    Gitt en bekymring for "seksuelle overgrep" fra "far", der "Ida" er utsatt (mistanke)
    Når saken vurderes
    Så foreslås ikke varsle politiet (avvergingsplikt)
    Og er varsle politiet (avvergingsplikt) en uavklart plikt for "Ida"
