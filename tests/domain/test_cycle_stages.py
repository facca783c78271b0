from datetime import date

from reviewapp.domain.cycle_settings import default_settings
from reviewapp.domain.cycle_stages import (
    STAGES,
    CycleFacts,
    NoticeFacts,
    blockers_for_next,
    fixed_setting_refusals,
    next_stage,
)

TODAY = date(2026, 11, 26)


def messages(facts):
    return [b.message % b.params for b in blockers_for_next(facts)]


def test_art13_has_ten_steps_then_closed():
    assert len(STAGES) == 11 and STAGES[0] == "announcement" and STAGES[-1] == "closed"
    assert next_stage("approval") == "closed" and next_stage("closed") is None


def test_only_one_cycle_open_for_applications():
    facts = CycleFacts(stage="announcement", today=TODAY, other_open_cycle="第九届")
    assert "第九届 is still open" in messages(facts)[0]
    assert messages(CycleFacts(stage="announcement", today=TODAY, call_published=True, call_media=1)) == []


def test_acceptance_review_needs_an_application():
    assert messages(CycleFacts(stage="application", today=TODAY))
    assert messages(CycleFacts(stage="application", today=TODAY, applications=1)) == []


def test_art16_panels_wait_for_decisions_and_the_full_notice_period():
    notice = NoticeFacts(date(2026, 11, 16), date(2026, 11, 26))
    facts = CycleFacts(stage="acceptance_review", today=TODAY, applications=3, undecided=1, accepted=2,
                       acceptance_notice=notice)
    found = messages(facts)
    assert any("1 application(s) still await" in m for m in found)
    assert any("runs until 2026-11-26" in m for m in found)  # the last day of the notice still counts
    done = CycleFacts(stage="acceptance_review", today=date(2026, 11, 27), applications=3, accepted=3,
                      acceptance_notice=notice)
    assert messages(done) == []


def test_art16_panels_need_a_published_notice():
    facts = CycleFacts(stage="acceptance_review", today=TODAY, applications=1, accepted=1)
    assert any("not been published" in m for m in messages(facts))


def test_a_closed_cycle_cannot_move():
    assert messages(CycleFacts(stage="closed", today=TODAY)) == ["The cycle is closed."]


def test_art17_18_document_review_needs_complete_panels_with_leaders():
    facts = CycleFacts(stage="panels", today=TODAY, without_document_panel=2, panels_without_leader=1,
                       panels_off_size=1)
    found = messages(facts)
    assert len(found) == 3 and "2 accepted application(s)" in found[0]
    assert messages(CycleFacts(stage="panels", today=TODAY)) == []


def test_art20_the_weight_is_fixed_from_the_comprehensive_evaluation_on():
    """Issue 15, Also: a setting a computed result rests on is fixed from the stage that computes it."""
    old = default_settings()
    new = {**old, "document_weight_percent": 40}
    assert fixed_setting_refusals("onsite_review", old, new) == []
    assert len(fixed_setting_refusals("comprehensive_evaluation", old, new)) == 1
    assert len(fixed_setting_refusals("closed", old, new)) == 1
    assert fixed_setting_refusals("closed", old, {**old, "spread_threshold": 25}) == []
