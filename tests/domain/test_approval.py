"""Art. 23: the approval comes after the proposed-winner notice has ended and every objection is decided."""
from datetime import date

from reviewapp.domain.approval import ApprovalFacts, approval_blockers, approval_refusals

END = date(2026, 11, 18)


def facts(**changes) -> ApprovalFacts:
    return ApprovalFacts(**{"today": date(2026, 11, 26), "notice_end": END, "open_objections": 0,
                            "group_decided_on": date(2026, 11, 10), **changes})


def test_art23_approval_after_the_notice_with_every_objection_decided_is_allowed():
    assert approval_blockers(facts()) == []
    assert approval_refusals(facts(), date(2026, 11, 19)) == []


def test_art23_the_approval_cannot_be_dated_on_the_notices_last_day():
    [(message, params)] = approval_refusals(facts(), END)
    assert "after the last day" in message and params == {"end": "2026-11-18"}


def test_art23_no_approval_while_the_notice_runs_even_on_its_last_day():
    """Art. 22: objections may be filed on the last day, so today must be past it."""
    [(message, params)] = approval_blockers(facts(today=END))
    assert "runs until" in message and params == {"end": "2026-11-18"}
    assert approval_blockers(facts(today=date(2026, 11, 19))) == []


def test_art22_23_an_undecided_objection_blocks_the_approval():
    [(message, params)] = approval_blockers(facts(open_objections=2))
    assert "objection" in message and params == {"n": 2}
    assert len(approval_refusals(facts(open_objections=1), date(2026, 11, 20))) == 1


def test_art21_23_no_approval_without_the_notice():
    [(message, _)] = approval_refusals(facts(notice_end=None), date(2026, 11, 20))
    assert "(Art. 21)" in message


def test_art20_23_not_before_the_leading_groups_decision():
    problems = approval_refusals(facts(group_decided_on=date(2026, 11, 21)), date(2026, 11, 20))
    assert [params for _, params in problems] == [{"date": "2026-11-21"}]
