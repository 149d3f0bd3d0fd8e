# language: no
Egenskap: Pliktoversikten – hver plikt gjort rede for, også når den ikke er utløst
  For hver plikt regelverket kjenner, viser vurderingen hver person plikten kan gjelde, og om
  den er utløst, uavklart (og hvilket spørsmål som avklarer den) eller ikke utløst (og hvilket
  vilkår som ikke er oppfylt). Reglene i rules/duties/board.yaml sier hvem hver plikt kan gjelde.

  Bakgrunn:
    Gitt vurderingsdatoen er 1. juni 2025
    Og familien:
      | person | alder | forelder til  | husstand |
      | mor    | 40    | Ida og Tomas  | hjemme   |
      | far    | 42    | Ida           | hjemme   |
      | Ida    | 10    |               | hjemme   |
      | Tomas  | 20    |               | hjemme   |

  @fyrer:board_child_welfare
  Scenario: Opplysningsplikten vurderes for barn og unge voksne, og sier hvorfor den ikke gjelder Tomas
    Gitt en bekymring for "vold mot barn" fra "far", der "Ida" er utsatt
    Når saken vurderes
    Så er plikten melding til barnevernstjenesten utløst for "Ida"
    Og er plikten melding til barnevernstjenesten ikke utløst for "Tomas" fordi "20 år"
    Og er plikten melding til barnevernstjenesten ikke utløst for "Tomas" fordi "regelen gjelder bare barn (under 18)"

  @fyrer_ikke:board_child_welfare
  Scenario: Foreldrene står ikke på oversikten over opplysningsplikten
    Gitt at "Ida" er 30 år
    Og at "Tomas" er 30 år
    Når saken vurderes
    Så slår regelen "board_child_welfare" ikke til

  @fyrer:board_avert
  Scenario: Avvergingsplikten vurderes for den som er utsatt for vold, og sier hva som mangler
    Gitt en bekymring for "vold mellom voksne i nære relasjoner" fra "far", der "mor" er utsatt (ikke gjentatt)
    Når saken vurderes
    Så forklarer familycase hvorfor varsle politiet (avvergingsplikt) ikke foreslås for "mor" med "alvorlig"

  @fyrer_ikke:board_avert
  Scenario: Uten vold i saken står ingen på oversikten over avvergingsplikten
    Gitt en bekymring for "arbeidsledighet" hos "mor"
    Når saken vurderes
    Så slår regelen "board_avert" ikke til

  @fyrer:board_application
  Scenario: Den som har søkt, står på oversikten over plikten til å fatte vedtak
    Gitt at "mor" søker om økonomisk stønad
    Når saken vurderes
    Så er plikten skriftlig og begrunnet vedtak på søknaden utløst for "mor"

  @fyrer_ikke:board_application
  Scenario: Uten søknad er det ingen vedtak å fatte
    Når saken vurderes
    Så slår regelen "board_application" ikke til

  @fyrer:board_temporary_accommodation
  Scenario: Den som er uten bolig, står på oversikten over midlertidig botilbud
    Gitt en bekymring for "uten bolig" hos "mor"
    Når saken vurderes
    Så er plikten midlertidig botilbud utløst for "mor"

  @fyrer_ikke:board_temporary_accommodation
  Scenario: Med et sted å bo er det ingen plikt til midlertidig botilbud
    Gitt en bekymring for "ustabil bosituasjon" hos "mor"
    Når saken vurderes
    Så slår regelen "board_temporary_accommodation" ikke til
