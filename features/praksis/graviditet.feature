# language: no
Egenskap: Gravid med rusproblemer
  Opplysningsplikten til barnevernet gjelder ikke for et ufødt barn (barnevernsloven § 1-2).
  En gravid kvinne med rusproblemer hører til kommunens helse- og omsorgstjeneste
  (helse- og omsorgstjenesteloven § 10-3): Nav hjelper henne dit, med hennes samtykke.

  Bakgrunn:
    Gitt vurderingsdatoen er 1. juni 2025
    Og at "Sara" er 24 år
    Og at "Sara" bor alene
    Og at "Sara" er gravid med termin 1. september 2025

  @fyrer:pregnancy_substance_health_service
  Scenario: En gravid kvinne med rusproblemer henvises til helsetjenesten, ikke til barnevernet
    Gitt en bekymring for "rusproblem" hos "Sara"
    Når saken vurderes
    Så foreslås henvise til fastlege og kommunens helse- og omsorgstjeneste (gravid med rusproblemer) for "Sara"
    Og krever henvise til fastlege og kommunens helse- og omsorgstjeneste (gravid med rusproblemer) samtykke
    Og foreslås ikke melding til barnevernstjenesten
    Og er ingen plikter uavklarte

  @fyrer_ikke:pregnancy_substance_health_service
  @fyrer:pregnancy_substance_suspected
  Scenario: En vag mistanke om rus hos en gravid må avklares
    Gitt en bekymring for "rusproblem" hos "Sara" (mistanke)
    Når saken vurderes
    Så foreslås ikke henvise til fastlege og kommunens helse- og omsorgstjeneste (gravid med rusproblemer)
    Og stilles et spørsmål om "jordmor"

  @fyrer_ikke:pregnancy_substance_suspected
  Scenario: Uten mistanke om rus spør familycase ikke om den
    Gitt en bekymring for "arbeidsledighet" hos "Sara"
    Når saken vurderes
    Så stilles ingen spørsmål om "jordmor"
