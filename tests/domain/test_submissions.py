"""Objections (Art. 22) and reports of misconduct (Art. 34): the filing window, receipts, the office's status flow,
the rate-limit key and what the public reads of a decision."""
import random
import re
from datetime import UTC, date

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


# --- issue 13 item 1: who a limit counts as one client, and the public's daily evidence quota -------------------

@pytest.mark.parametrize("address, network", [
    ("203.0.113.7", "203.0.113.7"),
    ("2001:db8:1:2::1", "2001:db8:1:2::/64"),
    ("2001:db8:1:2:ffff:eeee:dddd:cccc", "2001:db8:1:2::/64"),
    ("2001:0DB8:0001:0002:0000:0000:0000:0001", "2001:db8:1:2::/64"),
    ("::ffff:203.0.113.7", "203.0.113.7"),
    ("", "unknown"), (None, "unknown"), ("not an address", "not an address"),
])
def test_issue13_item1_a_client_is_an_ipv4_address_or_an_ipv6_64(address, network):
    assert rules.client_network(address) == network


def test_issue13_item1_ipv6_addresses_of_one_64_share_a_key_and_the_next_64_does_not():
    key = rules.address_key("secret", "2001:db8:1:2::1")
    assert key == rules.address_key("secret", "2001:db8:1:2:aaaa::9")
    assert key != rules.address_key("secret", "2001:db8:1:3::1")
    assert rules.address_key("secret", "::ffff:203.0.113.7") == rules.address_key("secret", "203.0.113.7")


def test_issue13_item1_failed_checks_have_their_own_count():
    failed = rules.failed_check_key("secret", "203.0.113.7")
    assert failed.startswith("failed-check:") and failed != rules.address_key("secret", "203.0.113.7")
    assert failed.split(":")[1] == rules.address_key("secret", "203.0.113.7").split(":")[1]
    assert len(failed) <= 100


def test_issue13_item1_the_benxi_day_starts_at_16_utc():
    from datetime import datetime
    from zoneinfo import ZoneInfo

    benxi = ZoneInfo("Asia/Shanghai")
    start, end = rules.city_day_bounds(datetime(2026, 12, 7, 15, 59, tzinfo=UTC), benxi)
    assert (start, end) == (datetime(2026, 12, 6, 16, tzinfo=UTC), datetime(2026, 12, 7, 16, tzinfo=UTC))
    start, _ = rules.city_day_bounds(datetime(2026, 12, 7, 16, 0, tzinfo=UTC), benxi)
    assert start == datetime(2026, 12, 7, 16, tzinfo=UTC)


@pytest.mark.parametrize("used, new, ok", [
    (0, 0, True), (500 * rules.MB, 0, True),           # a filing without files is never refused
    (0, 500 * rules.MB, True),                          # exactly the quota
    (499 * rules.MB, rules.MB, True),
    (499 * rules.MB, rules.MB + 1, False),
    (600 * rules.MB, 1, False),                         # past it already (a lowered quota)
])
def test_issue13_item1_the_daily_evidence_quota(used, new, ok):
    assert rules.evidence_quota(used, new, 500 * rules.MB).ok is ok


def test_issue13_item1_the_quota_refusal_says_what_is_left():
    check = rules.evidence_quota(499 * rules.MB + rules.MB // 2, 3 * rules.MB, 500 * rules.MB)
    assert not check.ok and "%(left_mb)s MB are left today" in check.message
    assert check.params == {"quota_mb": "500", "left_mb": "0.5", "new_mb": "3.0"}
    assert rules.evidence_quota(600 * rules.MB, 1, 500 * rules.MB).params["left_mb"] == "0.0"


def test_issue13_item1_the_office_reads_usage_as_mb_and_percent():
    usage = rules.EvidenceUsage(125 * rules.MB, 500 * rules.MB)
    assert (usage.used_mb, usage.quota_mb, usage.percent) == ("125.0", "500", 25)
    assert rules.EvidenceUsage(900 * rules.MB, 500 * rules.MB).percent == 100
    assert rules.EvidenceUsage(0, 0).percent == 100
