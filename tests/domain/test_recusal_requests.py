"""Art. 33 (issue 18): when an applicant organization may ask for a recusal, and what the office's decision needs;
Art. 29: the years a winner may report on through its account."""
from datetime import date

import pytest

from reviewapp.domain import recusal_requests as rr
from reviewapp.domain import winner_duties


@pytest.mark.parametrize("stage", ["acceptance_review", "panels", "document_review", "onsite_review",
                                   "comprehensive_evaluation"])
def test_art33_a_request_is_taken_from_the_acceptance_review_until_the_reviews_end(stage):
    assert rr.filing_problems(stage, "accepted", "赵工", "", "竞争对手") == []


@pytest.mark.parametrize("stage", ["announcement", "application", "proposed_notice", "objections", "approval",
                                   "closed"])
def test_art33_before_acceptance_or_after_the_reviews_no_request_is_taken(stage):
    assert len(rr.filing_problems(stage, "accepted", "赵工", "", "竞争对手")) == 1


def test_art33_a_request_names_someone_gives_a_reason_and_concerns_an_application_under_review():
    problems = rr.filing_problems("document_review", "withdrawn", " ", "", "  ")
    assert len(problems) == 3
    assert rr.filing_problems("document_review", "registered", "", "鞍山竞争钢铁", "竞争对手") == []


def test_art33_the_office_handles_with_someone_to_avoid_and_a_note_or_rejects_with_a_reason():
    assert rr.decision_problems("pending", True, 1, False, "已核实") == []
    assert rr.decision_problems("pending", True, 0, True, "已核实") == []
    assert len(rr.decision_problems("pending", True, 0, False, "")) == 2
    assert rr.decision_problems("pending", False, 0, False, "无关") == []
    assert len(rr.decision_problems("pending", False, 0, False, " ")) == 1
    assert rr.decision_problems("handled", False, 0, False, "再次") == [("This request has already been decided.", {})]


def test_art33_the_organization_reads_the_outcome_in_words_only():
    assert rr.outcome_for_organization("handled") == "Handled: the persons concerned will be avoided"
    assert rr.outcome_for_organization("rejected") == "Not adopted"


def test_art29_a_winner_reports_on_a_year_once_it_is_over_and_not_yet_received():
    duties = winner_duties.funds_report_duties(date(2024, 6, 1), False, {1: date(2025, 7, 1)},
                                               winner_duties.DutyPolicy(), date(2026, 11, 26))
    assert winner_duties.reportable_years(duties) == [2]  # 1 received, 3-5 not over
    assert winner_duties.reportable_years(
        winner_duties.funds_report_duties(date(2024, 6, 1), True, {}, winner_duties.DutyPolicy(),
                                          date(2026, 11, 26))) == []  # Art. 12: a repeat winner owes none
