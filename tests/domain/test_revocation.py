"""Art. 31, 32: the grounds of a revocation and when each may be used (reviewapp/domain/revocation.py)."""
from datetime import date

import pytest

from reviewapp.domain import revocation
from reviewapp.domain.revocation import CLAUSE_CODES, event_window, revocation_problems

AWARDED = date(2021, 6, 10)
TODAY = date(2026, 11, 26)


def fields(awarded_on=AWARDED, clause="art32_1", event_on=date(2024, 3, 1), decided_on=date(2026, 11, 20),
           today=TODAY) -> list[str]:
    return [p.field for p in revocation_problems(awarded_on, clause, event_on, decided_on, today)]


def test_art32_the_five_years_after_the_award_end_the_day_before_the_fifth_anniversary():
    assert event_window(AWARDED) == (date(2021, 6, 10), date(2026, 6, 9))
    assert event_window(date(2020, 2, 29)) == (date(2020, 2, 29), date(2025, 2, 27))


def test_art32_an_event_on_the_last_day_of_the_five_years_allows_the_revocation():
    assert fields(event_on=date(2026, 6, 9)) == []


def test_art32_an_event_the_day_after_the_five_years_is_refused():
    problems = revocation_problems(AWARDED, "art32_1", date(2026, 6, 10), date(2026, 11, 20), TODAY)
    assert [p.field for p in problems] == ["event_on"]
    assert "within %(years)s years after the award" in problems[0].message
    assert problems[0].params["last"] == "2026-06-09" and problems[0].params["first"] == "2021-06-10"


def test_art32_a_2012_award_cannot_be_revoked_in_2026_for_an_event_of_2026():
    assert fields(awarded_on=date(2012, 12, 1), event_on=date(2026, 10, 1)) == ["event_on"]


def test_art32_the_award_day_itself_is_within_and_the_day_before_is_not():
    assert fields(event_on=AWARDED) == []
    problems = revocation_problems(AWARDED, "art32_3", date(2021, 6, 9), date(2026, 11, 20), TODAY)
    assert [p.field for p in problems] == ["event_on"] and "Art. 31" in problems[0].message


def test_art32_the_decision_may_come_after_the_five_years_when_the_event_is_within_them():
    assert fields(event_on=date(2026, 5, 1), decided_on=date(2026, 11, 20)) == []


@pytest.mark.parametrize("clause", [c for c in CLAUSE_CODES if c.startswith("art32")])
def test_art32_every_clause_keeps_the_five_year_window(clause):
    assert fields(clause=clause, event_on=date(2026, 6, 10)) == ["event_on"]


@pytest.mark.parametrize("clause", ["art31_fraud", "art31_bribery", "art31_other"])
def test_art31_has_no_five_year_window(clause):
    assert fields(awarded_on=date(2012, 12, 1), clause=clause, event_on=date(2026, 10, 1)) == []


def test_art31_32_the_decision_is_neither_in_the_future_nor_before_the_award():
    assert fields(decided_on=date(2026, 11, 27)) == ["decided_on"]
    assert fields(decided_on=date(2021, 6, 9), event_on=date(2021, 6, 9)) == ["decided_on", "event_on"]


def test_art31_32_the_event_comes_before_the_decision_and_not_in_the_future():
    assert fields(clause="art31_fraud", event_on=date(2026, 11, 21)) == ["event_on"]
    assert fields(clause="art31_fraud", event_on=date(2026, 11, 27), decided_on=TODAY) == ["event_on"]
    assert fields(event_on=date(2026, 5, 20), decided_on=date(2026, 5, 20)) == []


def test_art31_32_the_clauses_are_the_texts_own():
    """Art. 32 lists (一)-(五); Art. 31 names fraud, bribery and (等) other improper means."""
    by_article = {31: [], 32: []}
    for code in CLAUSE_CODES:
        by_article[revocation.clause(code).article].append(revocation.clause(code).item)
    assert by_article == {31: ["弄虚作假", "贿赂", "其他不正当手段"],
                          32: ["（一）", "（二）", "（三）", "（四）", "（五）"]}
    assert revocation.clause("art32_3").text == "在全省征信体系建设中被列为“典型失信案件”曝光的"
    with pytest.raises(ValueError):
        revocation.clause("第三十二条（一）")
