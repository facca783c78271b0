"""Art. 16: sending an application back for correction (补正), accepting and rejecting while a request is open."""
from datetime import date

from reviewapp.domain.correction import (
    OpenRequest,
    accept_refusal,
    overdue,
    reject_refusal,
    resubmit_refusal,
    send_back_refusal,
)

TODAY = date(2026, 11, 26)
OPEN = OpenRequest(7, "缺少自我评价报告", date(2026, 12, 10))


def test_art16_sent_back_only_in_the_application_or_acceptance_review_stage():
    for stage in ("application", "acceptance_review"):
        assert send_back_refusal(stage, "registered", None, "缺少", TODAY, TODAY) is None
    assert send_back_refusal("document_review", "registered", None, "缺少", TODAY, TODAY) is not None


def test_art16_only_an_application_awaiting_its_decision_and_without_an_open_request():
    assert send_back_refusal("acceptance_review", "accepted", None, "缺少", TODAY, TODAY) is not None
    message, params = send_back_refusal("acceptance_review", "registered", OPEN, "缺少", TODAY, TODAY)
    assert params == {"due": "2026-12-10"}


def test_art16_what_is_missing_and_a_due_date_not_before_today():
    assert send_back_refusal("acceptance_review", "registered", None, "  ", TODAY, TODAY) is not None
    assert send_back_refusal("acceptance_review", "registered", None, "缺少", date(2026, 11, 25), TODAY) is not None
    assert send_back_refusal("acceptance_review", "registered", None, "缺少", None, TODAY) is not None


def test_art16_no_acceptance_while_a_request_is_open_and_the_refusal_names_it():
    assert accept_refusal(None) is None
    message, params = accept_refusal(OPEN)
    assert params["id"] == 7 and params["missing"] == "缺少自我评价报告" and params["due"] == "2026-12-10"


def test_art16_rejection_for_not_correcting_only_after_the_due_date():
    assert reject_refusal(None, TODAY) is None
    assert reject_refusal(OPEN, date(2026, 12, 10)) is not None  # the due date itself is still the organization's
    assert reject_refusal(OPEN, date(2026, 12, 11)) is None
    assert not overdue(OPEN, date(2026, 12, 10)) and overdue(OPEN, date(2026, 12, 11))


def test_art16_resubmission_answers_an_open_request_while_the_decision_is_pending():
    assert resubmit_refusal(None, "acceptance_review", "registered") is not None
    assert resubmit_refusal(OPEN, "acceptance_review", "registered") is None
    assert resubmit_refusal(OPEN, "document_review", "accepted") is not None
