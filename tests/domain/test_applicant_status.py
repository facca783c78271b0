"""Issue 18: what an applicant organization reads of its application, in words (Art. 16, 21, 23, 26), and never
anything confidential (Art. 33)."""
from datetime import date

import pytest

from reviewapp.domain.applicant_status import StatusFacts, applicant_status


def status(**facts):
    return applicant_status(StatusFacts(**{"status": "accepted", "stage": "document_review", **facts}))


def test_art15_a_registered_application_in_the_application_stage_is_submitted():
    assert status(status="registered", stage="application").code == "submitted"


def test_art16_a_registered_application_in_the_acceptance_review_is_under_acceptance_review():
    assert status(status="registered", stage="acceptance_review").code == "acceptance_review"


def test_art16_sent_back_for_correction_says_what_and_until_when():
    result = status(status="registered", stage="acceptance_review", correction_missing="缺少推荐意见原件",
                    correction_due=date(2026, 12, 10))
    assert result.code == "correction"
    assert result.params == {"missing": "缺少推荐意见原件", "due": "2026-12-10"}


def test_art16_not_accepted_gives_the_offices_reason():
    result = status(status="rejected", decision_reason="不符合第十一条第二项")
    assert result.code == "not_accepted" and result.params["reason"] == "不符合第十一条第二项"


@pytest.mark.parametrize("state, code", [("excluded", "excluded"), ("withdrawn", "withdrawn")])
def test_art30_art5_excluded_or_withdrawn(state, code):
    assert status(status=state).code == code


def test_art16_accepted_before_the_review_starts():
    assert status(stage="acceptance_review").code == "accepted"


@pytest.mark.parametrize("stage", ["panels", "document_review", "onsite_review", "comprehensive_evaluation",
                                   "proposed_notice", "objections", "approval"])
def test_art33_during_the_review_only_under_review_is_said(stage):
    """Art. 33: document or on-site, the organization reads "under review": never the panel, never a score."""
    result = status(stage=stage)
    assert result.code == "under_review" and result.params == {}


def test_art21_the_proposed_winner_notice_is_told_only_once_public():
    assert status(stage="proposed_notice", on_public_proposed_notice=False).code == "under_review"
    assert status(stage="proposed_notice", on_public_proposed_notice=True).code == "proposed"


def test_art23_awarded_or_not_only_once_the_results_are_public():
    assert status(stage="approval", awarded_level="award", results_public=False).code == "under_review"
    awarded = status(stage="closed", awarded_level="nomination", results_public=True)
    assert awarded.code == "awarded" and "nomination" in awarded.message
    assert status(stage="closed", results_public=True).code == "not_awarded"
    # the public results outrank the proposed-winner notice
    assert status(stage="closed", results_public=True, on_public_proposed_notice=True).code == "not_awarded"
