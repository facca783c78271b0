from datetime import date, timedelta

import pytest

from reviewapp.domain import eligibility
from reviewapp.domain.eligibility import (
    RULES,
    AwardFact,
    Check,
    CreditRecordFact,
    CycleFacts,
    EligibilityReport,
    FindingFact,
    JudgementFact,
    OrganizationFacts,
    Outcome,
    check_eligibility,
)

D = date(2026, 5, 12)
PREVIOUS = date(2024, 5, 12)
CYCLE = CycleFacts("第三届", D, PREVIOUS)
LEAP_CYCLE = CycleFacts("闰年届", date(2024, 2, 29), date(2022, 2, 28))
DAY = timedelta(days=1)

AUTOMATIC_RULES = (
    "registered_in_benxi", "operating_three_years",
    "no_major_accident", "not_abnormal_operations", "not_serious_dishonesty", "no_administrative_penalty",
    "no_failed_spot_check", "no_award_fraud_record",
    "award_wait_five_years", "nomination_not_again", "false_materials_ban", "fraud_ban", "revoked_next_cycle",
)
JUDGEMENT_RULES = ("art11_1", "art11_3", "art11_4", "art11_5")
CREDIT_RULE_OF_KIND = {
    "major_accident": "no_major_accident",
    "abnormal_operations": "not_abnormal_operations",
    "serious_dishonesty": "not_serious_dishonesty",
    "administrative_penalty": "no_administrative_penalty",
    "failed_spot_check": "no_failed_spot_check",
    "award_fraud": "no_award_fraud_record",
}
POINT_KINDS = ("major_accident", "administrative_penalty", "failed_spot_check", "award_fraud")
LISTING_KINDS = ("abnormal_operations", "serious_dishonesty")


def org(**overrides) -> OrganizationFacts:
    facts = dict(division_code="210502", division_name="平山区", founded_on=date(2010, 3, 1),
                 credit_records=(), awards=(), findings=())
    facts.update(overrides)
    return OrganizationFacts(**facts)


def credit(kind, start, end=None, id=1, source="国家企业信用信息公示系统"):
    return CreditRecordFact(id=id, kind=kind, start=start, end=end, source=source)


def award(awarded_on, kind="award", id=1, revoked_on=None, article=None, cycle_name="第一届"):
    return AwardFact(id=id, kind=kind, awarded_on=awarded_on, cycle_name=cycle_name, revoked_on=revoked_on,
                     revocation_article=article)


def judged(item, passed=True, on=date(2026, 6, 1), note="材料核实", by="office1"):
    return JudgementFact(item=item, passed=passed, note=note, recorded_on=on, recorded_by=by)


ALL_PASSED = tuple(judged(item) for item in JUDGEMENT_RULES)


def run(o=None, cycle=CYCLE, applying_for="award", judgements=()) -> EligibilityReport:
    return check_eligibility(o if o is not None else org(), cycle, applying_for, judgements)


def outcome_of(rule, o=None, cycle=CYCLE, applying_for="award", judgements=()) -> Outcome:
    return run(o, cycle, applying_for, judgements).check(rule).outcome


def text(check_or_evidence) -> str:
    return check_or_evidence.message % check_or_evidence.params


# --- the report as a whole ---

def test_every_check_is_returned_in_order():
    assert RULES == AUTOMATIC_RULES + JUDGEMENT_RULES
    assert tuple(c.rule for c in run().checks) == RULES


def test_each_check_names_its_article():
    articles = {c.rule: c.article for c in run().checks}
    assert articles == {
        "registered_in_benxi": "Art. 11(2)", "operating_three_years": "Art. 11(2)",
        "no_major_accident": "Art. 11(6)", "not_abnormal_operations": "Art. 11(6)",
        "not_serious_dishonesty": "Art. 11(6)", "no_administrative_penalty": "Art. 11(6)",
        "no_failed_spot_check": "Art. 11(6)", "no_award_fraud_record": "Art. 11(6)",
        "award_wait_five_years": "Art. 12", "nomination_not_again": "Art. 12",
        "false_materials_ban": "Art. 30", "fraud_ban": "Art. 31", "revoked_next_cycle": "Art. 32",
        "art11_1": "Art. 11(1)", "art11_3": "Art. 11(3)", "art11_4": "Art. 11(4)", "art11_5": "Art. 11(5)",
    }


def test_clean_organization_passes_every_automatic_check_and_needs_only_the_four_judgements():
    report = run()
    for rule in AUTOMATIC_RULES:
        check = report.check(rule)
        assert check.automatic and check.outcome is Outcome.PASS, rule
    assert tuple(c.rule for c in report.pending_judgements) == JUDGEMENT_RULES
    assert all(not c.automatic for c in report.pending_judgements)
    assert report.failed == ()
    assert report.outcome is Outcome.JUDGEMENT


def test_clean_organization_with_all_judgements_passed_passes():
    report = run(judgements=ALL_PASSED)
    assert report.outcome is Outcome.PASS
    assert report.pending_judgements == ()


def test_one_failure_fails_the_report_even_with_judgements_pending():
    report = run(org(division_code=None, division_name=None))
    assert report.outcome is Outcome.FAIL
    assert [c.rule for c in report.failed] == ["registered_in_benxi"]
    assert [c.rule for c in report.failed_automatic] == ["registered_in_benxi"]
    assert len(report.pending_judgements) == 4


def test_failed_judgement_fails_the_report_but_is_not_automatic():
    judgements = ALL_PASSED + (judged("art11_4", passed=False, on=date(2026, 6, 2)),)
    report = run(judgements=judgements)
    assert report.outcome is Outcome.FAIL
    assert [c.rule for c in report.failed] == ["art11_4"]
    assert report.failed_automatic == ()


def test_missing_founding_date_alone_leaves_the_report_open():
    report = run(org(founded_on=None), judgements=ALL_PASSED)
    assert report.outcome is Outcome.JUDGEMENT
    assert [c.rule for c in report.pending_judgements] == ["operating_three_years"]


def test_check_by_unknown_rule_raises_key_error():
    with pytest.raises(KeyError):
        run().check("no_such_rule")


def test_outcome_values_are_stable_strings():
    assert [o.value for o in Outcome] == ["pass", "fail", "needs_judgement"]
    assert Outcome.JUDGEMENT == "needs_judgement"


def test_report_outcome_of_no_checks_is_pass():
    assert EligibilityReport(()).outcome is Outcome.PASS


def test_applying_for_an_unknown_award_is_refused():
    with pytest.raises(ValueError):
        run(applying_for="gold_medal")


# --- Art. 11(2): registered in Benxi ---

def test_art11_2_registered_in_pingshan_passes_and_says_so():
    check = run().check("registered_in_benxi")
    assert check.outcome is Outcome.PASS
    assert text(check) == "Registered in 平山区 (division 210502), within Benxi."


@pytest.mark.parametrize("code, name", [
    ("210500", "本溪市"), ("210503", "溪湖区"), ("210504", "明山区"), ("210505", "南芬区"),
    ("210521", "本溪满族自治县"), ("210522", "桓仁满族自治县"),
])
def test_art11_2_every_benxi_division_passes_and_is_named_without_help(code, name):
    check = run(org(division_code=code, division_name=None)).check("registered_in_benxi")
    assert check.outcome is Outcome.PASS
    assert name in text(check) and code in text(check)


def test_art11_2_registered_outside_benxi_fails_and_names_the_division():
    check = run(org(division_code="210102", division_name="沈阳市和平区")).check("registered_in_benxi")
    assert check.outcome is Outcome.FAIL
    assert "沈阳市和平区" in text(check) and "210102" in text(check) and "outside Benxi" in text(check)


def test_art11_2_unknown_division_outside_benxi_fails_with_the_code():
    check = run(org(division_code="110105", division_name=None)).check("registered_in_benxi")
    assert check.outcome is Outcome.FAIL
    assert "110105" in text(check)


def test_art11_2_missing_credit_code_fails():
    check = run(org(division_code=None, division_name=None)).check("registered_in_benxi")
    assert check.outcome is Outcome.FAIL and check.automatic
    assert "no valid unified social credit code" in text(check)


# --- Art. 11(2): operating for 3 years ---

def test_art11_2_founded_exactly_three_years_before_passes():
    assert outcome_of("operating_three_years", org(founded_on=date(2023, 5, 12))) is Outcome.PASS
    assert outcome_of("operating_three_years", org(founded_on=date(2023, 5, 11))) is Outcome.PASS


def test_art11_2_founded_a_day_short_of_three_years_fails_and_says_when_it_qualifies():
    check = run(org(founded_on=date(2023, 5, 13))).check("operating_three_years")
    assert check.outcome is Outcome.FAIL
    assert check.params["qualifies_on"] == "2026-05-13"
    assert "2026-05-13" in text(check)
    assert check.evidence[0].record_type == "organization" and check.evidence[0].on == date(2023, 5, 13)


def test_art11_2_founded_on_a_leap_day_qualifies_on_1_march():
    founded = org(founded_on=date(2020, 2, 29))
    check = run(founded, CycleFacts("c", date(2023, 2, 28))).check("operating_three_years")
    assert check.outcome is Outcome.FAIL
    assert check.params["qualifies_on"] == "2023-03-01"
    assert outcome_of("operating_three_years", founded, CycleFacts("c", date(2023, 3, 1))) is Outcome.PASS


def test_art11_2_leap_day_reference_date_counts_back_to_28_february():
    assert outcome_of("operating_three_years", org(founded_on=date(2021, 2, 28)), LEAP_CYCLE) is Outcome.PASS
    check = run(org(founded_on=date(2021, 3, 1)), LEAP_CYCLE).check("operating_three_years")
    assert check.outcome is Outcome.FAIL
    assert check.params["qualifies_on"] == "2024-03-01"


def test_art11_2_unknown_founding_date_needs_the_office():
    check = run(org(founded_on=None)).check("operating_three_years")
    assert check.outcome is Outcome.JUDGEMENT
    assert check.automatic


# --- Art. 11(6): credit records in the last 3 years ---

def test_art11_6_penalty_exactly_three_years_ago_still_counts():
    check = run(org(credit_records=(credit("administrative_penalty", date(2023, 5, 12)),))) \
        .check("no_administrative_penalty")
    assert check.outcome is Outcome.FAIL


def test_art11_6_penalty_a_day_more_than_three_years_ago_no_longer_counts():
    check = run(org(credit_records=(credit("administrative_penalty", date(2023, 5, 11)),))) \
        .check("no_administrative_penalty")
    assert check.outcome is Outcome.PASS
    assert "2023-05-12" in text(check) and "2026-05-12" in text(check)


@pytest.mark.parametrize("kind", POINT_KINDS)
@pytest.mark.parametrize("on, expected", [
    (date(2023, 5, 11), Outcome.PASS),  # a day before the window
    (date(2023, 5, 12), Outcome.FAIL),  # first day of the window
    (date(2023, 5, 13), Outcome.FAIL),
    (date(2026, 5, 11), Outcome.FAIL),
    (date(2026, 5, 12), Outcome.FAIL),  # on the reference date
    (date(2026, 5, 13), Outcome.PASS),  # after the reference date: not judged
])
def test_art11_6_point_events_count_within_the_last_three_years(kind, on, expected):
    assert outcome_of(CREDIT_RULE_OF_KIND[kind], org(credit_records=(credit(kind, on),))) is expected


@pytest.mark.parametrize("kind", LISTING_KINDS)
@pytest.mark.parametrize("start, end, expected", [
    (date(2020, 1, 1), date(2023, 5, 11), Outcome.PASS),  # removed a day before the window
    (date(2020, 1, 1), date(2023, 5, 12), Outcome.FAIL),  # removed on the first day of the window
    (date(2020, 1, 1), None, Outcome.FAIL),  # listed long ago and never removed
    (date(2024, 1, 1), date(2024, 6, 1), Outcome.FAIL),  # listed and removed within the window
    (date(2026, 5, 12), None, Outcome.FAIL),  # listed on the reference date
    (date(2026, 5, 13), None, Outcome.PASS),  # listed after the reference date
])
def test_art11_6_listings_count_if_they_overlap_the_last_three_years(kind, start, end, expected):
    assert outcome_of(CREDIT_RULE_OF_KIND[kind], org(credit_records=(credit(kind, start, end),))) is expected


def test_art11_6_leap_day_reference_date_window_starts_on_28_february():
    inside = org(credit_records=(credit("failed_spot_check", date(2021, 2, 28)),))
    outside = org(credit_records=(credit("failed_spot_check", date(2021, 2, 27)),))
    assert outcome_of("no_failed_spot_check", inside, LEAP_CYCLE) is Outcome.FAIL
    assert outcome_of("no_failed_spot_check", outside, LEAP_CYCLE) is Outcome.PASS
    assert run(outside, LEAP_CYCLE).check("no_failed_spot_check").params["window_start"] == "2021-02-28"


def test_art11_6_a_point_event_counts_by_its_start_only():
    record = credit("major_accident", date(2023, 5, 11), end=date(2024, 1, 1))
    assert outcome_of("no_major_accident", org(credit_records=(record,))) is Outcome.PASS


def test_art11_6_evidence_lists_every_offending_record_with_id_date_and_source():
    records = (
        credit("administrative_penalty", date(2025, 8, 1), id=12, source="本溪市市场监督管理局"),
        credit("administrative_penalty", date(2019, 1, 1), id=11),  # too old
        credit("administrative_penalty", date(2024, 2, 3), id=13, source="本溪市生态环境局"),
        credit("failed_spot_check", date(2025, 1, 1), id=14),  # another rule
    )
    check = run(org(credit_records=records)).check("no_administrative_penalty")
    assert check.outcome is Outcome.FAIL
    assert [(e.record_type, e.record_id, e.on) for e in check.evidence] == [
        ("credit_record", 13, date(2024, 2, 3)), ("credit_record", 12, date(2025, 8, 1))]
    first = text(check.evidence[0])
    assert "13" in first and "2024-02-03" in first and "本溪市生态环境局" in first


def test_art11_6_open_listing_evidence_says_not_removed():
    check = run(org(credit_records=(credit("serious_dishonesty", date(2022, 1, 1), id=7),))) \
        .check("not_serious_dishonesty")
    assert "not removed" in text(check.evidence[0])
    assert check.evidence[0].record_id == 7 and check.evidence[0].on == date(2022, 1, 1)


def test_art11_6_each_kind_fails_only_its_own_rule():
    for kind, rule in CREDIT_RULE_OF_KIND.items():
        report = run(org(credit_records=(credit(kind, date(2025, 1, 1)),)))
        assert [c.rule for c in report.failed] == [rule]


# --- Art. 12: five years between awards ---

def test_art12_winner_cannot_reapply_within_five_years():
    check = run(org(awards=(award(date(2021, 5, 13), id=5),))).check("award_wait_five_years")
    assert check.outcome is Outcome.FAIL
    assert check.params["may_apply_from"] == "2026-05-13"
    assert "2026-05-13" in text(check)
    assert [(e.record_type, e.record_id, e.on) for e in check.evidence] == [("award", 5, date(2021, 5, 13))]


def test_art12_winner_may_reapply_exactly_five_years_after_winning():
    assert outcome_of("award_wait_five_years", org(awards=(award(date(2021, 5, 12)),))) is Outcome.PASS
    assert outcome_of("award_wait_five_years", org(awards=(award(date(2021, 5, 11)),))) is Outcome.PASS


def test_art12_never_won_passes():
    check = run().check("award_wait_five_years")
    assert check.outcome is Outcome.PASS and "never won the award" in text(check)


def test_art12_the_latest_award_decides():
    awards = (award(date(2012, 5, 1), id=1), award(date(2022, 1, 1), id=2))
    check = run(org(awards=awards)).check("award_wait_five_years")
    assert check.outcome is Outcome.FAIL
    assert [e.record_id for e in check.evidence] == [2]


def test_art12_a_revoked_award_does_not_start_the_wait():
    revoked = award(date(2023, 1, 1), revoked_on=date(2023, 6, 1), article=32)
    check = run(org(awards=(revoked,)), CycleFacts("c", D, date(2024, 5, 12))).check("award_wait_five_years")
    assert check.outcome is Outcome.PASS


def test_art12_a_nomination_does_not_start_the_wait():
    assert outcome_of("award_wait_five_years", org(awards=(award(date(2025, 1, 1), kind="nomination"),))) \
        is Outcome.PASS


def test_art12_leap_day_winner_may_reapply_on_28_february():
    winner = org(awards=(award(date(2020, 2, 29)),))
    assert outcome_of("award_wait_five_years", winner, CycleFacts("c", date(2025, 2, 27))) is Outcome.FAIL
    assert outcome_of("award_wait_five_years", winner, CycleFacts("c", date(2025, 2, 28))) is Outcome.PASS


def test_art12_nomination_winner_cannot_receive_the_nomination_again():
    nominee = org(awards=(award(date(2018, 5, 1), kind="nomination", id=9),))
    check = run(nominee, applying_for="nomination").check("nomination_not_again")
    assert check.outcome is Outcome.FAIL
    assert check.evidence[0].record_id == 9 and check.evidence[0].on == date(2018, 5, 1)


def test_art12_nomination_winner_may_apply_for_the_award():
    nominee = org(awards=(award(date(2018, 5, 1), kind="nomination"),))
    check = run(nominee, applying_for="award").check("nomination_not_again")
    assert check.outcome is Outcome.PASS
    assert check.params["year"] == 2018
    assert "2018" in text(check) and "not the nomination award again" in text(check)


def test_art12_first_nomination_application_passes():
    assert outcome_of("nomination_not_again", applying_for="nomination") is Outcome.PASS
    assert outcome_of("nomination_not_again", applying_for="award") is Outcome.PASS


def test_art12_revoked_nomination_does_not_block_a_new_nomination():
    revoked = award(date(2015, 5, 1), kind="nomination", revoked_on=date(2016, 1, 1), article=32)
    assert outcome_of("nomination_not_again", org(awards=(revoked,)), applying_for="nomination") is Outcome.PASS


# --- Art. 30: false materials ---

def test_art30_false_materials_bar_applications_for_five_years():
    finding = FindingFact(id=3, kind="false_materials", found_on=date(2021, 5, 13))
    check = run(org(findings=(finding,))).check("false_materials_ban")
    assert check.outcome is Outcome.FAIL
    assert check.params["accepted_from"] == "2026-05-13"
    assert "2026-05-13" in text(check)
    assert [(e.record_type, e.record_id, e.on) for e in check.evidence] == [("finding", 3, date(2021, 5, 13))]


@pytest.mark.parametrize("found_on", [date(2021, 5, 12), date(2021, 5, 11)])
def test_art30_ban_ends_five_years_after_the_finding(found_on):
    finding = FindingFact(id=3, kind="false_materials", found_on=found_on)
    assert outcome_of("false_materials_ban", org(findings=(finding,))) is Outcome.PASS


def test_art30_finding_after_the_reference_date_is_not_judged():
    finding = FindingFact(id=3, kind="false_materials", found_on=D + DAY)
    assert outcome_of("false_materials_ban", org(findings=(finding,))) is Outcome.PASS


def test_art30_fraud_finding_is_not_a_false_materials_finding():
    finding = FindingFact(id=3, kind="fraud_or_bribery", found_on=date(2025, 1, 1))
    assert outcome_of("false_materials_ban", org(findings=(finding,))) is Outcome.PASS


# --- Art. 31: fraud or bribery ---

def test_art31_award_revoked_for_fraud_bars_for_ten_years():
    revoked = award(date(2014, 5, 1), id=4, revoked_on=date(2016, 5, 13), article=31)
    check = run(org(awards=(revoked,))).check("fraud_ban")
    assert check.outcome is Outcome.FAIL
    assert check.params["may_apply_from"] == "2026-05-13"
    assert [(e.record_type, e.record_id, e.on) for e in check.evidence] == [("award", 4, date(2016, 5, 13))]


@pytest.mark.parametrize("revoked_on", [date(2016, 5, 12), date(2016, 5, 11)])
def test_art31_ban_ends_ten_years_after_the_revocation(revoked_on):
    revoked = award(date(2014, 5, 1), revoked_on=revoked_on, article=31)
    assert outcome_of("fraud_ban", org(awards=(revoked,))) is Outcome.PASS


def test_art31_fraud_finding_bars_for_ten_years():
    def finding(on):
        return org(findings=(FindingFact(id=8, kind="fraud_or_bribery", found_on=on),))
    assert outcome_of("fraud_ban", finding(date(2016, 5, 13))) is Outcome.FAIL
    assert outcome_of("fraud_ban", finding(date(2016, 5, 12))) is Outcome.PASS


def test_art31_ten_year_ban_runs_from_the_city_governments_decision_not_from_the_award():
    """Art. 31: the award of 2010 was revoked by the decision of 2016-05-13: barred until 2026-05-13 (D is one day
    before), free on that day; the award's date plays no part."""
    revoked = org(awards=(award(date(2010, 5, 1), revoked_on=date(2016, 5, 13), article=31),))
    check = run(revoked).check("fraud_ban")
    assert check.outcome is Outcome.FAIL
    assert (check.params["since"], check.params["may_apply_from"]) == ("2016-05-13", "2026-05-13")
    assert outcome_of("fraud_ban", revoked, CycleFacts("c", date(2026, 5, 13))) is Outcome.PASS


def test_art31_11_6_the_credit_record_of_a_revocation_is_seen_within_three_years():
    """Art. 31 (纳入信用记录) and Art. 11(6): the record, dated the decision, fails the credit check for three years."""
    record = credit("award_fraud", date(2023, 5, 12), id=9, source="本溪市人民政府撤销决定（本政发〔2023〕5号）")
    check = run(org(credit_records=(record,))).check("no_award_fraud_record")
    assert check.outcome is Outcome.FAIL and check.article == "Art. 11(6)"
    assert [e.record_id for e in check.evidence] == [9] and "本政发〔2023〕5号" in text(check.evidence[0])
    assert outcome_of("no_award_fraud_record", org(credit_records=(credit("award_fraud", date(2023, 5, 11)),))) \
        is Outcome.PASS


def test_art31_revocation_under_art32_is_not_a_fraud_ban():
    revoked = award(date(2020, 5, 1), revoked_on=date(2021, 1, 1), article=32)
    assert outcome_of("fraud_ban", org(awards=(revoked,))) is Outcome.PASS


def test_art31_leap_day_revocation_ends_on_28_february():
    revoked = org(awards=(award(date(2014, 5, 1), revoked_on=date(2016, 2, 29), article=31),))
    assert outcome_of("fraud_ban", revoked, CycleFacts("c", date(2026, 2, 27))) is Outcome.FAIL
    assert outcome_of("fraud_ban", revoked, CycleFacts("c", date(2026, 2, 28))) is Outcome.PASS


# --- Art. 32: revoked awards sit out the next cycle ---

def test_art32_revocation_bars_only_the_next_cycle():
    revoked = org(awards=(award(date(2022, 5, 1), id=6, revoked_on=date(2025, 1, 1), article=32),))
    check = run(revoked, CYCLE).check("revoked_next_cycle")
    assert check.outcome is Outcome.FAIL
    assert "第三届" in text(check)
    assert [(e.record_type, e.record_id, e.on) for e in check.evidence] == [("award", 6, date(2025, 1, 1))]
    following = CycleFacts("第四届", date(2028, 5, 12), D)
    assert outcome_of("revoked_next_cycle", revoked, following) is Outcome.PASS


def test_art32_revocation_on_the_previous_reference_date_barred_the_previous_cycle():
    def revoked(on):
        return org(awards=(award(date(2022, 5, 1), revoked_on=on, article=32),))
    assert outcome_of("revoked_next_cycle", revoked(PREVIOUS - DAY)) is Outcome.PASS
    assert outcome_of("revoked_next_cycle", revoked(PREVIOUS)) is Outcome.PASS
    assert outcome_of("revoked_next_cycle", revoked(PREVIOUS + DAY)) is Outcome.FAIL


def test_art32_revocation_on_the_reference_date_bars_this_cycle():
    def revoked(on):
        return org(awards=(award(date(2022, 5, 1), revoked_on=on, article=32),))
    assert outcome_of("revoked_next_cycle", revoked(D - DAY)) is Outcome.FAIL
    assert outcome_of("revoked_next_cycle", revoked(D)) is Outcome.FAIL
    assert outcome_of("revoked_next_cycle", revoked(D + DAY)) is Outcome.PASS


def test_art32_a_revocation_after_the_reference_date_is_explained_as_barring_the_next_cycle():
    """Not "no award revoked": the revocation is on record, and the explanation says why it does not bar this one."""
    revoked = org(awards=(award(date(2022, 5, 1), id=7, revoked_on=D + DAY, article=32),))
    check = run(revoked, CYCLE).check("revoked_next_cycle")
    assert check.outcome is Outcome.PASS and (D + DAY).isoformat() in text(check)
    assert [(e.record_type, e.record_id) for e in check.evidence] == [("award", 7)]


def test_art32_in_the_first_cycle_any_earlier_revocation_bars():
    revoked = org(awards=(award(date(2015, 5, 1), revoked_on=date(2016, 1, 1), article=32),))
    assert outcome_of("revoked_next_cycle", revoked, CycleFacts("第一届", D)) is Outcome.FAIL


def test_art32_pass_after_an_old_revocation_explains_why():
    revoked = org(awards=(award(date(2015, 5, 1), revoked_on=date(2016, 1, 1), article=32),))
    check = run(revoked).check("revoked_next_cycle")
    assert check.outcome is Outcome.PASS
    assert "2016-01-01" in text(check) and "2024-05-12" in text(check)


# --- Art. 11(1), (3)-(5): the office's judgements ---

@pytest.mark.parametrize("item", JUDGEMENT_RULES)
def test_art11_judgement_items_wait_for_the_office(item):
    check = run().check(item)
    assert check.outcome is Outcome.JUDGEMENT
    assert not check.automatic
    assert check.evidence == ()


@pytest.mark.parametrize("item", JUDGEMENT_RULES)
def test_art11_recorded_judgement_decides_with_the_note_as_evidence(item):
    check = run(judgements=(judged(item, passed=False, note="近三年利税低于同行业均值", by="王科长"),)).check(item)
    assert check.outcome is Outcome.FAIL
    (evidence,) = check.evidence
    assert evidence.record_type == "judgement" and evidence.on == date(2026, 6, 1)
    assert "近三年利税低于同行业均值" in text(evidence) and "王科长" in text(evidence)


def test_art11_the_latest_judgement_counts():
    judgements = (judged("art11_3", passed=True, on=date(2026, 6, 3)),
                  judged("art11_3", passed=False, on=date(2026, 6, 1)))
    assert outcome_of("art11_3", judgements=judgements) is Outcome.PASS
    judgements = (judged("art11_3", passed=True, on=date(2026, 6, 1)),
                  judged("art11_3", passed=False, on=date(2026, 6, 3)))
    assert outcome_of("art11_3", judgements=judgements) is Outcome.FAIL


def test_art11_on_the_same_day_the_judgement_given_last_counts():
    judgements = (judged("art11_5", passed=False), judged("art11_5", passed=True))
    assert outcome_of("art11_5", judgements=judgements) is Outcome.PASS


def test_art11_judgements_accept_any_iterable():
    assert outcome_of("art11_1", judgements=iter([judged("art11_1")])) is Outcome.PASS


# --- messages render for every check ---

def _worst_case() -> OrganizationFacts:
    return org(
        division_code="210102", division_name=None, founded_on=date(2024, 2, 29),
        credit_records=(
            credit("major_accident", date(2025, 1, 1), id=1),
            credit("abnormal_operations", date(2024, 1, 1), id=2),
            credit("abnormal_operations", date(2022, 1, 1), date(2024, 3, 1), id=3),
            credit("serious_dishonesty", date(2025, 3, 1), id=4),
            credit("administrative_penalty", date(2024, 7, 7), id=5),
            credit("failed_spot_check", date(2023, 9, 9), id=6),
            credit("award_fraud", date(2024, 8, 8), id=7, source="本溪市人民政府撤销决定（本政发〔2024〕9号）"),
        ),
        awards=(
            award(date(2022, 5, 1), id=1),
            award(date(2020, 5, 1), kind="nomination", id=2),
            award(date(2018, 5, 1), id=3, revoked_on=date(2020, 1, 1), article=31),
            award(date(2023, 5, 1), id=4, revoked_on=date(2025, 1, 1), article=32, cycle_name=None),
        ),
        findings=(FindingFact(id=1, kind="false_materials", found_on=date(2024, 1, 1)),
                  FindingFact(id=2, kind="fraud_or_bribery", found_on=date(2019, 1, 1))),
    )


def _old_history() -> OrganizationFacts:
    return org(
        division_code="210521", division_name=None,
        credit_records=(credit("administrative_penalty", date(2015, 1, 1)),),
        awards=(award(date(2010, 5, 1), id=1),
                award(date(2008, 5, 1), kind="nomination", id=2),
                award(date(2005, 5, 1), id=3, revoked_on=date(2006, 1, 1), article=31),
                award(date(2012, 5, 1), id=4, revoked_on=date(2013, 1, 1), article=32)),
        findings=(FindingFact(id=1, kind="false_materials", found_on=date(2015, 1, 1)),
                  FindingFact(id=2, kind="fraud_or_bribery", found_on=date(2010, 1, 1))),
    )


SCENARIOS = {
    "clean": (org(), CYCLE, "award", ()),
    "clean_nomination_judged": (org(), CYCLE, "nomination", ALL_PASSED),
    "missing_data": (org(division_code=None, division_name=None, founded_on=None), CYCLE, "award", ()),
    "worst_case": (_worst_case(), CYCLE, "nomination",
                   (judged("art11_1", passed=False, note="100% 未核实"),)),
    "worst_case_leap_first_cycle": (_worst_case(), CycleFacts("首届", date(2028, 2, 29)), "award", ALL_PASSED),
    "old_history": (_old_history(), CYCLE, "award", ALL_PASSED),
    "only_revoked_award": (org(awards=(award(date(2019, 5, 1), revoked_on=date(2020, 1, 1), article=32),)),
                           LEAP_CYCLE, "award", ()),
}


@pytest.mark.parametrize("name", SCENARIOS)
def test_every_title_and_message_renders_with_its_params(name):
    o, cycle, applying_for, judgements = SCENARIOS[name]
    report = check_eligibility(o, cycle, applying_for, judgements)
    assert len(report.checks) == len(RULES)
    for check in report.checks:
        assert isinstance(check, Check)
        rendered = [check.title % check.params, check.message % check.params]
        rendered += [e.message % e.params for e in check.evidence]
        for line in rendered:
            assert line and "%(" not in line, (check.rule, line)
        for params in [check.params, *(e.params for e in check.evidence)]:
            # dates travel as ISO strings so the web layer can format them without knowing the domain
            assert all(v is None or isinstance(v, (str, int)) for v in params.values()), (check.rule, params)


def test_worst_case_fails_every_automatic_check():
    o, cycle, applying_for, judgements = SCENARIOS["worst_case"]
    report = check_eligibility(o, cycle, applying_for, judgements)
    assert [c.rule for c in report.failed_automatic] == list(AUTOMATIC_RULES)
    assert [c.rule for c in report.failed] == list(AUTOMATIC_RULES) + ["art11_1"]


def test_old_history_passes_every_automatic_check_with_reasons():
    o, cycle, applying_for, judgements = SCENARIOS["old_history"]
    report = check_eligibility(o, cycle, applying_for, judgements)
    assert report.outcome is Outcome.PASS
    # a pass that rests on an old record still shows the record
    for rule in ("award_wait_five_years", "nomination_not_again", "false_materials_ban", "fraud_ban",
                 "revoked_next_cycle"):
        assert report.check(rule).evidence, rule


# --- inputs are checked, and the domain stays pure ---

@pytest.mark.parametrize("make", [
    lambda: CreditRecordFact(1, "parking_ticket", date(2025, 1, 1), None, "x"),
    lambda: CreditRecordFact(1, "abnormal_operations", date(2025, 1, 1), date(2024, 1, 1), "x"),
    lambda: AwardFact(1, "gold", date(2025, 1, 1), None),
    lambda: AwardFact(1, "award", date(2020, 1, 1), None, revoked_on=date(2021, 1, 1)),
    lambda: AwardFact(1, "award", date(2020, 1, 1), None, revoked_on=date(2021, 1, 1), revocation_article=30),
    lambda: AwardFact(1, "award", date(2020, 1, 1), None, revocation_article=31),
    lambda: FindingFact(1, "rumour", date(2025, 1, 1)),
    lambda: JudgementFact("art11_2", True, "", date(2025, 1, 1), "x"),
    lambda: CycleFacts("c", date(2026, 1, 1), date(2026, 1, 1)),
])
def test_malformed_facts_are_refused(make):
    with pytest.raises(ValueError):
        make()


def test_thresholds_are_named_constants():
    assert (eligibility.OPERATING_YEARS, eligibility.CREDIT_LOOKBACK_YEARS, eligibility.REAPPLY_WAIT_YEARS,
            eligibility.FALSE_MATERIALS_BAN_YEARS, eligibility.FRAUD_BAN_YEARS) == (3, 3, 5, 5, 10)
