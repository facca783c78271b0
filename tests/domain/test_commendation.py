"""Art. 23, 24: the commendation decision follows the approval, is not in the future, names its year, and is on
record (text or scan) before the certificates it grants are printed."""
from datetime import date

from reviewapp.domain.commendation import certificate_refusal, decision_problems, number_year

APPROVED, TODAY = date(2026, 11, 25), date(2026, 11, 26)


def messages(problems) -> list[str]:
    return [p.message for p in problems]


def test_art24_a_decision_on_or_after_the_approval_with_its_text_is_fine():
    assert decision_problems(APPROVED, "本政发〔2026〕18号", APPROVED, TODAY, True, False) == []
    assert decision_problems(TODAY, "本政发〔2026〕18号", APPROVED, TODAY, False, True) == []


def test_art23_24_no_decision_before_the_approval_is_recorded():
    (problem,) = decision_problems(TODAY, "本政发〔2026〕18号", None, TODAY, True, False)
    assert "record the approval first" in problem.message


def test_art24_the_decision_is_not_dated_before_the_approval_or_in_the_future():
    (before,) = decision_problems(date(2026, 11, 24), "本政发〔2026〕18号", APPROVED, TODAY, True, False)
    assert before.field == "decided_on" and before.params == {"date": "2026-11-25"}
    (future,) = decision_problems(date(2026, 11, 27), "本政发〔2026〕18号", APPROVED, TODAY, True, False)
    assert future.field == "decided_on" and "future" in future.message


def test_art24_the_document_numbers_year_is_the_decisions():
    (problem,) = decision_problems(TODAY, "本政发〔2025〕18号", APPROVED, TODAY, True, False)
    assert problem.field == "document_number" and problem.params["year"] == 2025
    assert number_year("本政发[2026]3号") == 2026 and number_year("市政府令第5号") is None
    assert decision_problems(TODAY, "市政府令第5号", APPROVED, TODAY, True, False) == []


def test_art24_the_decision_needs_its_text_or_its_scan():
    (problem,) = decision_problems(TODAY, "本政发〔2026〕18号", APPROVED, TODAY, False, False)
    assert problem.field == "text"


def test_art24_a_certificate_waits_for_the_decision_of_its_cycle():
    assert certificate_refusal(in_system_cycle=True, decision_recorded=False) is not None
    assert certificate_refusal(in_system_cycle=True, decision_recorded=True) is None
    assert certificate_refusal(in_system_cycle=False, decision_recorded=False) is None  # recorded by hand
