# language: no
Egenskap: Datoer som avgjør hvor mye det haster
  Saken registrerer fakta, også datoene: når en utkastelse skal skje, når et barn skal reise til
  utlandet, og når volden sist skjedde. En utkastelse om kort tid, en reise snart for et barn
  som er utsatt for æresrelatert vold, og vold den siste uken gjør tiltakene straks.

  Bakgrunn:
    Gitt vurderingsdatoen er 1. juni 2025
    Og familien:
      | person | alder | forelder til | husstand |
      | mor    | 40    | Ida          | hjemme   |
      | far    | 42    | Ida          | hjemme   |
      | Ida    | 12    |              | hjemme   |

  @fyrer:housing_eviction_imminent
  @fyrer_ikke:housing_eviction_imminent_children
  Scenario: Utkastelse om ni dager: hjelp til bolig straks
    Gitt en hendelse "utkastelse" som gjelder "mor" den 10. juni 2025
    Når saken vurderes
    Så foreslås hjelp til å skaffe egnet bolig for "mor"
    Og har hjelp til å skaffe egnet bolig hastegraden straks
    Og bygger hjelp til å skaffe egnet bolig på boligsosial lov § 6

  @fyrer_ikke:housing_eviction_imminent
  Scenario: En utkastelse om 15 dager er ikke straks
    Gitt en hendelse "utkastelse" som gjelder "mor" den 16. juni 2025
    Når saken vurderes
    Så foreslås ikke hjelp til å skaffe egnet bolig

  @fyrer:housing_eviction_imminent_children
  Scenario: En utkastelse som rammer et barn, sier det og spør hvor barnet skal bo
    Gitt en hendelse "utkastelse" som gjelder "mor" og "Ida" den 5. juni 2025
    Når saken vurderes
    Så foreslås hjelp til å skaffe egnet bolig for "mor"
    Og foreslås hjelp til å skaffe egnet bolig for "far"
    Og har hjelp til å skaffe egnet bolig hastegraden straks
    Og stilles et spørsmål om "Hvor skal Ida bo"

  @fyrer:violence_recent_incident
  @fyrer_ikke:violence_acute_safety
  Scenario: Vold for tre dager siden er akutt, også når bekymringen er registrert som tidligere
    Gitt en bekymring for "vold mellom voksne i nære relasjoner" fra "far", der "mor" er utsatt (tidligere, sist skjedd 29. mai 2025)
    Når saken vurderes
    Så foreslås vurdere akutt sikkerhet og beskyttelse for "mor"
    Og har vurdere akutt sikkerhet og beskyttelse hastegraden straks

  @fyrer_ikke:violence_recent_incident
  Scenario: Vold for tolv dager siden, registrert som tidligere, gir ingen akutt vurdering
    Gitt en bekymring for "vold mellom voksne i nære relasjoner" fra "far", der "mor" er utsatt (tidligere, sist skjedd 20. mai 2025)
    Når saken vurderes
    Så foreslås ikke vurdere akutt sikkerhet og beskyttelse

  @fyrer:cw_immediate_travel_abroad
  @fyrer:honour_travel_abroad_soon
  Scenario: Alvorlig negativ sosial kontroll og en reise om tre uker: meldingen haster
    Gitt en bekymring for "negativ sosial kontroll" fra "far", der "Ida" er utsatt (alvorlig)
    Og en hendelse "reise til utlandet" som gjelder "Ida", "mor" og "far" den 22. juni 2025
    Når saken vurderes
    Så er melding til barnevernstjenesten en plikt
    Og har melding til barnevernstjenesten hastegraden straks
    Og har risikovurdering og beskyttelsesplan før kontakt med familien hastegraden straks
    Og stilles et spørsmål om "returbillett"

  @fyrer_ikke:cw_immediate_travel_abroad
  @fyrer_ikke:honour_travel_abroad_soon
  Scenario: En reise om en måned og mer gjør ikke meldingen straks
    Gitt en bekymring for "negativ sosial kontroll" fra "far", der "Ida" er utsatt (alvorlig)
    Og en hendelse "reise til utlandet" som gjelder "Ida" den 1. juli 2025
    Når saken vurderes
    Så har melding til barnevernstjenesten hastegraden snart

  @fyrer:honour_travel_abroad_soon
  @fyrer_ikke:cw_immediate_travel_abroad
  Scenario: Mistanke om kjønnslemlestelse og en reise i morgen: spør om reisen straks
    Gitt en bekymring for "fare for kjønnslemlestelse" fra "far", der "Ida" er utsatt (mistanke)
    Og en hendelse "reise til utlandet" som gjelder "Ida" den 2. juni 2025
    Når saken vurderes
    Så stilles et spørsmål om "returbillett"
    Og foreslås risikovurdering og beskyttelsesplan før kontakt med familien for "Ida"
