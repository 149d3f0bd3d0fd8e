Feature: The duty to inform child welfare, in English
  The same step library in English: familycase's messages follow the feature's language.

  Background:
    Given the evaluation date is 1 June 2025
    And the family:
      | person | age | parent of | household |
      | mother | 40  | Ida       | home      |
      | father | 42  | Ida       | home      |
      | Ida    | 17  |           | home      |

  Scenario: A 17-year-old exposed to violence is reported to child welfare
    Given a concern of "violence against a child" by "father", with "Ida" exposed
    When the case is evaluated
    Then familycase suggests report to the child welfare service only for "Ida"
    And report to the child welfare service is a duty
    And Nav office is responsible for report to the child welfare service
    And report to the child welfare service involves child welfare service
    And report to the child welfare service has urgency soon
    And report to the child welfare service cites Child Welfare Act (2021) section 13-2
    And report to the child welfare service does not cite bvl1992_6_4
    And report to the child welfare service does not require consent
    And familycase suggests:
      | measure                             | for | type | requires consent |
      | report to the child welfare service | Ida | duty | no               |

  Scenario: Suspected violence is a question, not a report
    Given a concern of "violence against a child" by "father", with "Ida" exposed (suspected)
    When the case is evaluated
    Then familycase does not suggest report to the child welfare service
    And report to the child welfare service is an unclear duty for "Ida"
    And a question is asked that settles report to the child welfare service for "Ida"
    And a question about "concrete indications" is asked
    And the rule "cw_unclear_suspicion" fires
    And the rule "cw_duty_violence" does not fire

  Scenario: Below the threshold, with the consent of the mother, who alone has parental responsibility
    Given "Ida" is 12 years old
    And "father" does not have parental responsibility for "Ida"
    And a concern of "financial difficulties" in "mother"
    And "mother" consents to sharing with the child welfare service about "Ida"
    And "Ida" is in contact with school
    When the case is evaluated on 2025-06-01
    Then familycase suggests no duties
    And familycase suggests contact the child welfare service with consent for "Ida"
    And contact the child welfare service with consent requires consent
    And contact the child welfare service with consent is a recommendation
    And no duty is unclear
    And no question about "interpreter" is asked
    And no question is asked that settles report to the child welfare service

  Scenario: The reasoning, in a lawyer's words
    Given a concern of "violence against a child" by "father", with "Ida" exposed (serious)
    And "Ida" is in contact with the child welfare service: investigation
    When the case is evaluated
    Then the duty to inform is a duty for "Ida"
    And report to the child welfare service is explained by "reason to believe"
    And the first question is about "safe right now"
    And "Ida" is in the age group child
    And the legal basis Social Services Act § 45 has status partly confirmed
    And the rule "cw_duty_violence" fires for "Ida"
    And familycase suggests no duties for "mother"

  Scenario: Ages move with the evaluation date: a year later Ida is 18
    Given a concern of "violence against a child" by "father", with "Ida" exposed (serious)
    When the case is evaluated on 1 June 2026
    Then "Ida" is in the age group young adult
    And familycase does not suggest report to the child welfare service

  Scenario: The duty board accounts for the duty when it is triggered
    Given a concern of "violence against a child" by "father", with "Ida" exposed
    When the case is evaluated
    Then the duty report to the child welfare service is triggered for "Ida"

  Scenario: The duty board says why the duty is not triggered for an 18-year-old
    Given "Ida" is 18 years old
    And a concern of "violence against a child" by "father", with "Ida" exposed
    When the case is evaluated
    Then the duty report to the child welfare service is not triggered for "Ida" because "the rule concerns only child (under 18)"
    And familycase explains why report to the child welfare service is not suggested for "Ida" with "Ida is 18"
