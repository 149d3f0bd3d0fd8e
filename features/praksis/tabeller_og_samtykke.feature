# language: no
Egenskap: Relasjoner og husstander i tabeller, og et samtykke som trekkes tilbake
  Et barn som bor hos tante mens mor har et rusproblem. Relasjonene og husstandene står i
  tabeller; mor samtykket til at Nav kunne kontakte barnevernstjenesten, men har trukket
  samtykket tilbake, så kontakten krever samtykke igjen.

  Scenario: Et samtykke som er trukket tilbake, gjelder ikke lenger
    Gitt vurderingsdatoen er 1. juni 2025
    Og personene:
      | person | alder |
      | mor    | 38    |
      | tante  | 45    |
      | Ida    | 12    |
    Og relasjonene:
      | fra   | relasjon                  | til | kvalitet  |
      | mor   | forelder                  | Ida |           |
      | tante | midlertidig omsorgsperson | Ida | støttende |
    Og husstandene:
      | husstand  | medlemmer  |
      | hos tante | tante, Ida |
      | leilighet | mor        |
    Og en bekymring for "rusproblem" hos "mor"
    Og at "mor" samtykker til deling med barnevernstjenesten om "Ida"
    Og at "mor" har trukket tilbake samtykket til deling med barnevernstjenesten
    Når saken vurderes
    Så foreslås støtte til familiens nettverk for "tante"
    Og krever kontakt med barnevernstjenesten etter samtykke samtykke
    Og begrunnes kontakt med barnevernstjenesten etter samtykke med "mor har ikke samtykket"
