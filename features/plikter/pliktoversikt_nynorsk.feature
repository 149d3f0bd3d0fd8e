# language: no
# Denne fila er skriven på nynorsk.
Egenskap: Pliktoversikta over tid – kvifor ei plikt ikkje lenger er utløyst
  Når ein ser på den same saka på to datoar, seier familycase kva plikter som har endra seg og
  kvifor: her fyller Ida 18 år, og opplysningsplikta gjeld berre barn.

  Bakgrunn:
    Gitt vurderingsdatoen er 1. juni 2025
    Og familien:
      | person | fødd            | forelder til | husstand |
      | mor    | 10. mars 1985   | Ida          | heime    |
      | Ida    | 1. mars 2007    |              | heime    |

  Scenario: Opplysningsplikta gjekk frå utløyst til ikkje utløyst då Ida fylte 18 år
    Gitt ei uro for "vald mot barn" frå "mor", der "Ida" er utsett
    Når saka blir vurdert
    Så er plikta melding til barnevernstenesta ikkje utløyst for "Ida" fordi "berre barn (under 18)"
    Og har plikta melding til barnevernstenesta for "Ida" gått frå "utløyst" til "ikkje utløyst" sidan 1. februar 2025

  Scenario: Familycase forklarer kvifor ein vag mistanke ikkje gir melding
    Gitt at "Ida" er 12 år
    Og ei uro for "vald mot barn" frå "mor", der "Ida" er utsett (mistanke)
    Når saka blir vurdert
    Så forklarer familycase kvifor melding til barnevernstenesta ikkje blir føreslått for "Ida" med "mistanke utan konkrete haldepunkt"
