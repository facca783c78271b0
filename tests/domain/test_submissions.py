"""Objections (Art. 22) and reports of misconduct (Art. 34): the filing window, receipts, the office's status flow,
the rate-limit key and what the public reads of a decision."""
import random
import re
from datetime import date

import pytest

from reviewapp.domain import submissions as rules

START, END = date(2026, 11, 20), date(2026, 11, 27)


@pytest.mark.parametrize("today", [START, date(2026, 11, 24), END])
def test_art22_objections_are_open_from_the_first_to_the_last_day_of_the_notice(today):
    assert rules.objection_window(START, END, withdrawn=False, today=today).ok


@pytest.mark.parametrize("today, word", [(date(2026, 11, 19), "not started"), (date(2026, 11, 28), "over")])
def test_art22_objections_outside_the_notice_are_refused_with_its_dates(today, word):
    check = rules.objection_window(START, END, withdrawn=False, today=today)
    assert not check.ok and word in check.message
    assert check.params == {"start": "2026-11-20", "end": "2026-11-27"}


def test_art22_a_withdrawn_notice_takes_no_objection():
    check = rules.objection_window(START, END, withdrawn=True, today=date(2026, 11, 24))
    assert not check.ok and "withdrawn" in check.message


def test_art22_receipts_carry_the_year_and_ten_random_base32_characters():
    receipt = rules.new_receipt(date(2026, 11, 26), random.Random(3))
    assert re.fullmatch(r"26-[A-Z2-7]{10}", receipt)
    assert len({rules.new_receipt(date(2026, 11, 26)) for _ in range(200)}) == 200


def test_art22_a_receipt_is_found_however_it_is_typed():
    assert rules.normalize_receipt(" 26-k7q2 m4xw9a ") == "26-K7Q2M4XW9A"
    assert rules.normalize_receipt("26k7q2m4xw9a") == "26-K7Q2M4XW9A"
    assert rules.normalize_receipt("") == ""


def test_art22_the_office_works_forward_and_upholds_only_after_investigating():
    assert rules.next_statuses(rules.RECEIVED) == ["acknowledged", "investigating", "rejected"]
    assert rules.next_statuses(rules.ACKNOWLEDGED) == ["investigating", "rejected"]
    assert rules.next_statuses(rules.INVESTIGATING) == ["upheld", "rejected"]
    assert rules.next_statuses(rules.UPHELD) == rules.next_statuses(rules.REJECTED) == []


def test_art22_upholding_or_rejecting_needs_the_written_decision():
    assert rules.status_change_problems(rules.INVESTIGATING, rules.UPHELD, "  ")
    assert rules.status_change_problems(rules.RECEIVED, rules.REJECTED, None)
    assert not rules.status_change_problems(rules.INVESTIGATING, rules.UPHELD, "经调查，异议成立。")
    assert not rules.status_change_problems(rules.RECEIVED, rules.ACKNOWLEDGED, None)


def test_art22_a_decision_is_final_and_upholding_skips_no_investigation():
    assert "final" in rules.status_change_problems(rules.UPHELD, rules.REJECTED, "x")[0][0]
    assert "investigation" in rules.status_change_problems(rules.RECEIVED, rules.UPHELD, "x")[0][0]
    assert rules.status_change_problems(rules.INVESTIGATING, rules.ACKNOWLEDGED, None)


def test_art34_the_rate_limit_key_hides_the_address_and_depends_on_the_secret():
    key = rules.address_key("secret", "203.0.113.7")
    assert key.startswith("submission:") and "203.0.113.7" not in key and len(key) <= 100
    assert key == rules.address_key("secret", "203.0.113.7")
    assert key != rules.address_key("other", "203.0.113.7")
    assert key != rules.address_key("secret", "203.0.113.8")


def test_art34_the_limit_counts_submissions_within_the_window():
    assert not rules.over_rate_limit(rules.RATE_LIMIT - 1)
    assert rules.over_rate_limit(rules.RATE_LIMIT)


def test_art33_the_public_decision_never_names_the_reviewer():
    decision = "经查，王评审（王评审员）在评审中收受礼品，举报属实。"
    shown = rules.public_decision(decision, ["王评审", "王评审员", ""], "评审专家")
    assert "王评审" not in shown and shown.count("评审专家") == 2
    assert rules.public_decision(None, ["王评审"], "评审专家") is None
