# language: no
Egenskap: Å se og sjekke resonnementet
  En jurist vil sjekke mer enn hvilke tiltak som foreslås: hvorfor (begrunnelsen), for hvem
  (plikter per person, aldersgrupper), på hvilket grunnlag (hjemmelens status), hva som må
  avklares først, og hvem som gjør hva (ansvarskartet).

  Bakgrunn:
    Gitt vurderingsdatoen er 1. juni 2025
    Og familien:
      | person | alder | forelder til | husstand |
      | mor    | 38    | Ida          | hjemme   |
      | far    | 40    | Ida          | hjemme   |
      | Ida    | 12    |              | hjemme   |

  Scenario: Meldt vold mot barn: plikten, begrunnelsen, hjemmelen og ansvaret
    Gitt en bekymring for "vold mot barn" fra "far", der "Ida" er utsatt (alvorlig)
    Når saken vurderes
    Så er melding til barnevernstjenesten en plikt for "Ida"
    Og begrunnes melding til barnevernstjenesten med "grunn til å tro at Ida blir mishandlet"
    Og har hjemmelen sosialtjenesteloven § 45 status delvis bekreftet
    Og har hjemmelen straffeloven § 196 status bekreftet
    Og slår regelen "cw_duty_violence" til for "Ida"
    Og foreslås ingen plikter for "mor"
    Og er "Ida" i aldersgruppen barn
    Og er det første spørsmålet om "trygge akkurat nå"
    Og viser ansvarskartet:
      | tjeneste                   | tiltak                           | person |
      | Nav-kontoret               | melding til barnevernstjenesten  | Ida    |
      | Alternativ til Vold (ATV)  | behandling for voldsutøvere (ATV) | far    |

  Scenario: En mistanke uten konkrete holdepunkter gir en uavklart plikt, ikke en plikt
    Gitt en bekymring for "vold mot barn" fra "far", der "Ida" er utsatt (mistanke)
    Og at "Ida" har kontakt med barnevernstjenesten: undersøkelse
    Når saken vurderes
    Så er melding til barnevernstjenesten en uavklart plikt for "Ida"
    Og stilles et spørsmål som avklarer melding til barnevernstjenesten for "Ida"
    Og foreslås ingen plikter
    Og vis vurderingen

  Scenario: Alder oppgitt som tall flytter seg med vurderingsdatoen
    Gitt en bekymring for "vold mot barn" fra "far", der "Ida" er utsatt (alvorlig)
    Når saken vurderes per 1. juni 2031
    Så er "Ida" i aldersgruppen ung voksen
    Og foreslås ikke melding til barnevernstjenesten

  Scenario: Uten bekymringer for barna stilles ingen spørsmål
    Gitt en bekymring for "økonomiske problemer" hos "mor"
    Og at "far" har kontakt med Nav-kontoret
    Når saken vurderes
    Så stilles ingen spørsmål
    Og foreslås økonomisk stønad for "mor"

  Scenario: En sak fra en saksfil
    Gitt saken i "saker/vold_mot_barn.json"
    Så er melding til barnevernstjenesten en plikt for "Ida"
    Og bygger meldeplikt på bvl. § 13-2

  Scenariomal: Juristenes ord: loven velges etter datoen
    Gitt en bekymring for "vold mot barn" fra "far", der "Ida" er utsatt (alvorlig)
    Og at "Ida" har kontakt med barnevernet
    Når saken vurderes per <dato>
    Så foreslås meldeplikt for "Ida"
    Og bygger opplysningsplikt på <hjemmel>
    Og bygger melding til barnevernstjenesten på sotjl. § 45

    Eksempler:
      | dato           | hjemmel                 |
      | 1. juni 2022   | barnevernloven § 6-4    |
      | 1. juni 2025   | barnevernloven § 13-2   |
