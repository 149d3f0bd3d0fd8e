# language: no
Egenskap: Terskler i loven
  Små forskjeller i en sak kan avgjøre om en plikt gjelder: alderen (barn under 18),
  hvor sikker en opplysning er, og hvilken lov som gjaldt på datoen.

  Bakgrunn:
    Gitt familien:
      | person | alder | forelder til | husstand |
      | mor    | 40    | Ida          | hjemme   |
      | far    | 42    | Ida          | hjemme   |
      | Ida    | 10    |              | hjemme   |

  Scenariomal: Opplysningsplikten gjelder barn under 18 år (Ida er <alder>)
    Gitt vurderingsdatoen er 1. juni 2025
    Og at "Ida" er <alder> år
    Og en bekymring for "vold mot barn" fra "far", der "Ida" er utsatt
    Når saken vurderes
    Så <utfall> melding til barnevernstjenesten

    Eksempler:
      | alder | utfall        |
      | 16    | foreslås      |
      | 17    | foreslås      |
      | 18    | foreslås ikke |
      | 19    | foreslås ikke |

  Scenariomal: Hvor sikker opplysningen er (<sikkerhet>)
    Gitt vurderingsdatoen er 1. juni 2025
    Og en bekymring for "alvorlig omsorgssvikt" hos "mor", der "Ida" er utsatt (<sikkerhet>)
    Når saken vurderes
    Så <forslag> melding til barnevernstjenesten
    Og er melding til barnevernstjenesten <uavklart> en uavklart plikt

    Eksempler:
      | sikkerhet | forslag       | uavklart |
      | mistanke  | foreslås ikke |          |
      | meldt     | foreslås      | ikke     |
      | bekreftet | foreslås      | ikke     |

  Scenariomal: Loven som gjaldt på vurderingsdatoen (<dato>)
    Gitt vurderingsdatoen er <dato>
    Og at "Ida" er 12 år
    Og en bekymring for "vold mot barn" fra "far", der "Ida" er utsatt
    Når saken vurderes
    Så er melding til barnevernstjenesten en plikt
    Og bygger melding til barnevernstjenesten på sosialtjenesteloven § 45
    Og bygger melding til barnevernstjenesten på <hjemmel>
    Og bygger melding til barnevernstjenesten ikke på <ikke hjemmel>

    Eksempler:
      | dato             | hjemmel                     | ikke hjemmel                |
      | 1. oktober 2018  | barnevernloven (1992) § 6-4 | barnevernsloven § 13-2      |
      | 31.12.2022       | barnevernloven (1992) § 6-4 | barnevernsloven § 13-2      |
      | 1. januar 2023   | barnevernsloven § 13-2      | barnevernloven (1992) § 6-4 |
      | 2025-06-01       | barnevernsloven § 13-2      | barnevernloven (1992) § 6-4 |
