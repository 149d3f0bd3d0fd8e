# language: no
Egenskap: Søknader skal avgjøres med vedtak, og barnets egen mening skal frem
  En søknad om økonomisk stønad, midlertidig botilbud eller kvalifiseringsprogram skal
  avgjøres med et skriftlig og begrunnet enkeltvedtak (sosialtjenesteloven § 41,
  forvaltningsloven §§ 24 og 25). Et barn som er utsatt for noe alvorlig, skal bli spurt
  om hva det selv mener.

  Bakgrunn:
    Gitt vurderingsdatoen er 1. juni 2025
    Og familien:
      | person | alder | forelder til | husstand |
      | Geir   | 47    | Sander       | hjemme   |
      | Sander | 9     |              | hjemme   |

  @fyrer:application_needs_decision
  Scenario: En søknad om økonomisk stønad skal avgjøres med et begrunnet vedtak
    Gitt at "Geir" søker om økonomisk stønad
    Når saken vurderes
    Så foreslås skriftlig og begrunnet vedtak på søknaden:
      | for     | Geir                     |
      | type    | plikt                    |
      | hjemmel | forvaltningsloven § 24   |

  @fyrer_ikke:application_needs_decision
  Scenario: Uten søknad er det ikke noe vedtak å fatte
    Gitt en bekymring for "økonomiske problemer" hos "Geir"
    Når saken vurderes
    Så foreslås ikke skriftlig og begrunnet vedtak på søknaden

  @fyrer:child_view_not_recorded
  Scenario: Når det ikke er registrert hva Sander mener, spør familycase om det
    Gitt en bekymring for "vold mot barn" fra "Geir", der "Sander" er utsatt
    Når saken vurderes
    Så stilles et spørsmål om "Hva mener Sander selv"

  @fyrer_ikke:child_view_not_recorded
  Scenario: Når Sander har fortalt hva han mener, spør familycase ikke om det
    Gitt en bekymring for "vold mot barn" fra "Geir", der "Sander" er utsatt
    Og at "Sander" har fortalt hva hen selv mener
    Når saken vurderes
    Så stilles ingen spørsmål om "Hva mener Sander selv"
