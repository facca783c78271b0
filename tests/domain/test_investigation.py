"""Investigations (Art. 8(4)), exclusion and its ban (Art. 30), withdrawal (Art. 5): the rules alone."""
from datetime import date, timedelta

import pytest

from reviewapp.domain import investigation as rules
from reviewapp.domain.eligibility import CycleFacts, FindingFact, OrganizationFacts, Outcome, check_eligibility

TODAY = date(2026, 11, 26)


def test_art30_false_information_excludes_an_applicant_still_in_the_cycle_and_bans_for_five_years():
    for status in ("registered", "accepted"):
        effect = rules.conclusion_effect("false_information", status, cycle_approved=False, today=TODAY)
        assert effect.excludes and effect.bans
        assert effect.found_on == TODAY and effect.ban_until == date(2031, 11, 26)


def test_art30_a_rejected_or_withdrawn_applicant_keeps_its_status_but_the_ban_is_recorded():
    for status in ("rejected", "withdrawn", "excluded"):
        effect = rules.conclusion_effect("false_information", status, cycle_approved=False, today=TODAY)
        assert not effect.excludes and effect.bans


@pytest.mark.parametrize("conclusion", ["unfounded", "other_finding"])
def test_art30_only_false_or_concealed_information_excludes(conclusion):
    effect = rules.conclusion_effect(conclusion, "accepted", cycle_approved=False, today=TODAY)
    assert not effect.excludes and not effect.bans
    assert rules.EXCLUDING == {"false_information"}


def test_art8_unknown_conclusion_is_a_programming_error():
    with pytest.raises(ValueError):
        rules.conclusion_effect("guilty", "accepted", cycle_approved=False, today=TODAY)


def test_art23_art31_after_approval_no_investigation_of_the_application_revocation_instead():
    check = rules.may_investigate(cycle_approved=True)
    assert not check.ok and "Art. 31" in check.message
    assert rules.may_investigate(cycle_approved=False).ok
    assert not rules.may_conclude(cycle_approved=True, already_concluded=False).ok


def test_art8_a_conclusion_is_recorded_once():
    assert not rules.may_conclude(cycle_approved=False, already_concluded=True).ok
    assert rules.may_conclude(cycle_approved=False, already_concluded=False).ok


def test_art30_the_ban_written_is_the_one_eligibility_refuses_for_five_years():
    """The finding an exclusion writes is read by check_eligibility's Art. 30 ban: refused until the day before
    ban_until, accepted from it."""
    finding = FindingFact(id=1, kind="false_materials", found_on=TODAY)
    org = OrganizationFacts(division_code="210502", division_name="平山区", founded_on=date(2005, 3, 1),
                            findings=(finding,))
    until = rules.ban_until(TODAY)
    during = check_eligibility(org, CycleFacts("第十一届", until - timedelta(days=1)))
    after = check_eligibility(org, CycleFacts("第十一届", until))
    assert during.check("false_materials_ban").outcome is Outcome.FAIL
    assert after.check("false_materials_ban").outcome is not Outcome.FAIL


def test_art5_withdrawal_at_any_stage_before_approval():
    for status in ("registered", "accepted"):
        assert rules.may_withdraw(status, cycle_approved=False, received_on=TODAY, today=TODAY).ok


def test_art5_no_withdrawal_after_approval():
    check = rules.may_withdraw("accepted", cycle_approved=True, received_on=TODAY, today=TODAY)
    assert not check.ok and "Art. 23" in check.message


def test_art5_only_an_application_in_the_cycle_can_be_withdrawn():
    for status in ("rejected", "excluded", "withdrawn"):
        assert not rules.may_withdraw(status, cycle_approved=False, received_on=TODAY, today=TODAY).ok


def test_art5_the_letter_cannot_be_received_in_the_future():
    assert not rules.may_withdraw("accepted", False, received_on=date(2026, 11, 27), today=TODAY).ok


def test_art30_an_exclusion_is_reversed_only_by_the_office_with_a_reason_before_approval():
    assert rules.may_reverse(excluded=True, cycle_approved=False, reason="核查所依据的材料系误认").ok
    assert not rules.may_reverse(excluded=True, cycle_approved=False, reason="  ").ok
    assert not rules.may_reverse(excluded=True, cycle_approved=True, reason="理由").ok
    assert not rules.may_reverse(excluded=False, cycle_approved=False, reason="理由").ok
