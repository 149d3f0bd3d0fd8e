# language: no
Egenskap: Rus og psykisk helse
  Nav skal se til at den som har rusproblemer eller psykiske plager, får helsehjelp og
  oppfølging, og snakke åpent om en mistanke før noe konkluderes.

  Bakgrunn:
    Gitt vurderingsdatoen er 1. juni 2025
    Og at "Ola" er 40 år
    Og at "Ola" bor alene

  @fyrer:substance_treatment_referral
  Scenario: Et rusproblem gir henvisning til rusbehandling
    Gitt en bekymring for "rusproblem" hos "Ola"
    Når saken vurderes
    Så foreslås henvisning til rusbehandling for "Ola"
    Og skjer henvisning til rusbehandling sammen med fastlege og TSB
    Og krever henvisning til rusbehandling samtykke

  @fyrer_ikke:substance_treatment_referral
  Scenario: Den som alt venter på TSB, trenger ingen ny henvisning
    Gitt en bekymring for "rusproblem" hos "Ola"
    Og at "Ola" venter på tverrfaglig spesialisert rusbehandling (TSB)
    Når saken vurderes
    Så foreslås ikke henvisning til rusbehandling

  @fyrer:substance_suspected_clarify
  Scenario: En mistanke om rusbruk skal snakkes om åpent
    Gitt en bekymring for "rusproblem" hos "Ola" (mistanke)
    Når saken vurderes
    Så stilles et spørsmål om "Hva bygger mistanken om rusbruk"

  @fyrer_ikke:substance_suspected_clarify
  Scenario: Et meldt rusproblem er ikke lenger en mistanke
    Gitt en bekymring for "rusproblem" hos "Ola" (meldt)
    Når saken vurderes
    Så stilles ingen spørsmål om "Hva bygger mistanken om rusbruk"

  @fyrer:substance_relapse_followup
  Scenario: Tegn på tilbakefall gir oppfølging
    Gitt en bekymring for "tegn på tilbakefall til rus" hos "Ola"
    Når saken vurderes
    Så foreslås oppfølging etter rusbehandling for "Ola"
    Og er kommunal psykisk helse- og rustjeneste ansvarlig for oppfølging etter rusbehandling
    Og skjer oppfølging etter rusbehandling sammen med Nav-kontoret og fastlege
    Og har oppfølging etter rusbehandling hastegraden snart

  @fyrer_ikke:substance_relapse_followup
  Scenario: Tegn på tilbakefall som er over
    Gitt en bekymring for "tegn på tilbakefall til rus" hos "Ola" (tidligere)
    Når saken vurderes
    Så foreslås ikke oppfølging etter rusbehandling

  @fyrer:substance_after_treatment
  Scenario: Etter avsluttet rusbehandling trengs oppfølging
    Gitt at "Ola" har avsluttet kontakten med TSB
    Når saken vurderes
    Så foreslås oppfølging etter rusbehandling for "Ola"
    Og har oppfølging etter rusbehandling hastegraden planlagt

  @fyrer_ikke:substance_after_treatment
  Scenario: Under rusbehandling er det ikke tid for ettervern ennå
    Gitt at "Ola" har kontakt med TSB
    Når saken vurderes
    Så foreslås ikke oppfølging etter rusbehandling

  @fyrer:mental_health_overdose
  Scenario: En ung voksen som er deprimert og har tatt en overdose, trenger helsehjelp straks
    Gitt at "Tomas" er 20 år
    Og bekymringene:
      | bekymring | hos     | status    |
      | overdose  | Tomas   | tidligere |
      | depresjon | Tomas   | pågående  |
    Når saken vurderes
    Så foreslås psykisk helsehjelp for "Tomas"
    Og har psykisk helsehjelp hastegraden straks
    Og er fastlege ansvarlig for psykisk helsehjelp
    Og skjer psykisk helsehjelp sammen med legevakt
    Og stilles et spørsmål om "skade seg selv"

  @fyrer_ikke:mental_health_overdose
  Scenario: Når depresjonen er over, haster det ikke
    Gitt at "Tomas" er 20 år
    Og bekymringene:
      | bekymring | hos     | status    |
      | overdose  | Tomas   | tidligere |
      | depresjon | Tomas   | tidligere |
    Når saken vurderes
    Så stilles ingen spørsmål om "skade seg selv"

  @fyrer:mental_health_followup
  Scenario: Depresjon uten behandling gir psykisk helsehjelp
    Gitt en bekymring for "depresjon" hos "Ola"
    Når saken vurderes
    Så foreslås psykisk helsehjelp:
      | for        | Ola                                     |
      | ansvarlig  | fastlege                                |
      | sammen med | kommunal psykisk helse- og rustjeneste  |
      | hastegrad  | snart                                   |

  @fyrer_ikke:mental_health_followup
  Scenario: Den som får hjelp fra DPS, trenger ikke henvises på nytt
    Gitt en bekymring for "depresjon" hos "Ola"
    Og at "Ola" har kontakt med DPS
    Når saken vurderes
    Så foreslås ikke psykisk helsehjelp

  @fyrer:gp_consultation_needed
  Scenario: Uten fastlege trengs en time hos fastlege
    Gitt en bekymring for "depresjon" hos "Ola"
    Når saken vurderes
    Så foreslås time hos fastlege for "Ola"

  @fyrer_ikke:gp_consultation_needed
  Scenario: Den som har kontakt med fastlegen, trenger ingen ny time
    Gitt en bekymring for "depresjon" hos "Ola"
    Og at "Ola" har kontakt med fastlege
    Når saken vurderes
    Så foreslås ikke time hos fastlege
