# language: no
# Denne fila er skriven på nynorsk.
Egenskap: Bustad og nettverk
  Nav skal hjelpe den som manglar bustad, og sjå nettverket rundt familien: slekt som har
  omsorga for barna, og familie som kan vere ein ressurs.

  Bakgrunn:
    Gitt vurderingsdatoen er 1. juni 2025

  @fyrer:housing_assistance
  Scenario: Ustabil busituasjon gir hjelp til å skaffe bustad
    Gitt at "Ola" er 40 år
    Og ei uro for "ustabil busituasjon" hos "Ola"
    Når saka blir vurdert
    Så føreslår familycase hjelp til å skaffe eigna bustad for "Ola"
    Og skjer hjelp til å skaffe eigna bustad saman med kommunen sitt bustadkontor
    Og byggjer hjelp til å skaffe eigna bustad på sosialtenestelova § 15
    Og byggjer hjelp til å skaffe eigna bustad på bustadsosial lov § 6

  @fyrer_ikke:housing_assistance
  Scenario: Når busituasjonen er løyst, trengst inga hjelp
    Gitt at "Ola" er 40 år
    Og ei uro for "ustabil busituasjon" hos "Ola" (løyst)
    Når saka blir vurdert
    Så føreslår familycase ikkje hjelp til å skaffe eigna bustad

  @fyrer:housing_assistance
  Scenario: Før 1. juli 2023 byggjer hjelpa berre på sosialtenestelova § 15
    Gitt at "Ola" er 40 år
    Og ei uro for "utan bustad" hos "Ola"
    Når saka blir vurdert per 1. juni 2023
    Så føreslår familycase hjelp til å skaffe eigna bustad for "Ola"
    Og byggjer hjelp til å skaffe eigna bustad på sosialtenestelova § 15
    Og byggjer hjelp til å skaffe eigna bustad ikkje på bustadsosial lov § 6

  @fyrer:housing_assistance_young_adult_in_household
  Scenario: Ein son på 20 år som bur hjå mor, deler bustadproblemet hennar
    Gitt at "mor" er 45 år
    Og at "Per" er 20 år
    Og at "mor" og "Per" bur saman
    Og ei uro for "ustabil busituasjon" hos "mor"
    Når saka blir vurdert
    Så føreslår familycase hjelp til å skaffe eigna bustad for "mor"
    Og føreslår familycase hjelp til å skaffe eigna bustad for "Per"

  @fyrer_ikke:housing_assistance_young_adult_in_household
  Scenario: Ein son på 26 år er ikkje lenger ung vaksen
    Gitt at "mor" er 45 år
    Og at "Per" er 26 år
    Og at "mor" og "Per" bur saman
    Og ei uro for "ustabil busituasjon" hos "mor"
    Når saka blir vurdert
    Så føreslår familycase ikkje hjelp til å skaffe eigna bustad for "Per"

  @fyrer:homelessness_temporary_accommodation
  Scenario: Den som er utan bustad, skal ha mellombels butilbod straks
    Gitt at "Ola" er 40 år
    Og ei uro for "utan bustad" hos "Ola"
    Når saka blir vurdert
    Så er mellombels butilbod ei plikt
    Og har mellombels butilbod hastegraden straks
    Og byggjer mellombels butilbod på sosialtenestelova § 27

  @fyrer_ikke:homelessness_temporary_accommodation
  Scenario: Den som tidlegare var utan bustad, treng ikkje mellombels butilbod no
    Gitt at "Ola" er 40 år
    Og ei uro for "utan bustad" hos "Ola" (tidlegare)
    Når saka blir vurdert
    Så føreslår familycase ikkje mellombels butilbod

  @fyrer_ikke:homelessness_temporary_accommodation
  Scenario: Eit barn utan bustad er ei sak for barnevernet, ikkje for mellombels butilbod
    Gitt at "Siv" er 16 år
    Og ei uro for "utan bustad" hos "Siv"
    Når saka blir vurdert
    Så føreslår familycase ikkje mellombels butilbod

  @fyrer:migration_network
  Scenario: Innvandra utan nettverk
    Gitt at "Ola" er 40 år
    Og ei uro for "innvandra utan nettverk i Noreg" hos "Ola"
    Når saka blir vurdert
    Så føreslår familycase hjelp til å byggje sosialt nettverk for "Ola"
    Og blir det stilt eit spørsmål om "tolk"

  @fyrer_ikke:migration_network
  Scenario: Når nettverket er på plass
    Gitt at "Ola" er 40 år
    Og ei uro for "innvandra utan nettverk i Noreg" hos "Ola" (løyst)
    Når saka blir vurdert
    Så blir det ikkje stilt spørsmål om "tolk"

  @fyrer:extended_family_carers
  Scenario: Barnet bur hjå tanta, og tanta treng støtte
    Gitt familien:
      | person | alder | forelder til | husstand |
      | mor    | 35    | Ida          | leilegheit |
      | tante  | 45    |              | hjå tante  |
      | Ida    | 9     |              | hjå tante  |
    Og at "tante" er mellombels omsorgsperson til "Ida"
    Når saka blir vurdert
    Så føreslår familycase støtte til nettverket til familien for "tante"

  @fyrer_ikke:extended_family_carers
  Scenario: Når mor har flytta inn hjå tanta, er ho sjølv der
    Gitt familien:
      | person | alder | forelder til | husstand  |
      | mor    | 35    | Ida          | hjå tante |
      | tante  | 45    |              | hjå tante |
      | Ida    | 9     |              | hjå tante |
    Og at "tante" er mellombels omsorgsperson til "Ida"
    Når saka blir vurdert
    Så føreslår familycase ikkje støtte til nettverket til familien for "tante"

  @fyrer:extended_family_resource
  Scenario: Ei støttande mormor er ein ressurs når barnet har opplevd vald
    Gitt familien:
      | person | alder | forelder til | husstand |
      | mor    | 40    | Ida          | heime    |
      | far    | 42    | Ida          | heime    |
      | Ida    | 10    |              | heime    |
      | mormor | 68    |              |          |
    Og at "mormor" er besteforelder til "Ida" (støttande)
    Og ei uro for "barn har opplevd vald i familien" hos "far", der "Ida" er utsett
    Når saka blir vurdert
    Så føreslår familycase støtte til nettverket til familien for "mormor"
    Og krev støtte til nettverket til familien samtykke

  @fyrer_ikke:extended_family_resource
  Scenario: Ei mormor med konfliktfylt relasjon er ikkje ein ressurs å byggje på
    Gitt familien:
      | person | alder | forelder til | husstand |
      | mor    | 40    | Ida          | heime    |
      | far    | 42    | Ida          | heime    |
      | Ida    | 10    |              | heime    |
      | mormor | 68    |              |          |
    Og at "mormor" er besteforelder til "Ida" (konfliktfylt)
    Og ei uro for "barn har opplevd vald i familien" hos "far", der "Ida" er utsett
    Når saka blir vurdert
    Så føreslår familycase ikkje støtte til nettverket til familien

  Scenario: Utan uro for barna blir det ikkje stilt spørsmål
    Gitt at "Ola" er 40 år
    Og ei uro for "utan bustad" hos "Ola"
    Når saka blir vurdert
    Så blir det ikkje stilt spørsmål
    Og blir hjelp til å skaffe eigna bustad grunngjeve med "Ola"
