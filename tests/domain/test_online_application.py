"""Issue 18: the rules of applying online (Art. 14, 15), without the app."""
from datetime import date

from reviewapp.domain.cycle_stages import CycleFacts, blockers_for_next
from reviewapp.domain.online_application import (
    REQUIRED_FORM_FIELDS,
    CallFacts,
    DraftFacts,
    completeness_problems,
    opening_refusal,
    signing_refusal,
    submission_problems,
)
from reviewapp.domain.standard import DEFAULT_VERSION, load_standard

DEADLINE = date(2026, 12, 10)
CODES = [item.code for item in load_standard(DEFAULT_VERSION).items]
FORM = {name: "x" for name in REQUIRED_FORM_FIELDS}
COMPLETE = DraftFacts(FORM, {code: 60 for code in CODES}, frozenset({"application_form", "self_assessment_report"}),
                      True)


def call(today=date(2026, 11, 26), stage="application", published=True, deadline=DEADLINE) -> CallFacts:
    return CallFacts(stage, published, deadline, today)


def messages(problems) -> list[str]:
    return [message % params for message, params in problems]


def test_art14_online_applications_open_only_under_a_published_call_in_the_application_stage():
    assert opening_refusal(call()) is None
    assert opening_refusal(call(published=False)) is not None
    assert opening_refusal(call(stage="announcement")) is not None
    assert opening_refusal(call(stage="acceptance_review")) is not None


def test_art15_the_deadline_day_counts_by_benxi_day_and_the_next_day_is_refused():
    assert submission_problems(call(today=DEADLINE), COMPLETE, CODES) == []
    refused = messages(submission_problems(call(today=date(2026, 12, 11)), COMPLETE, CODES))
    assert refused == ["The application deadline (2026-12-10) has passed."]


def test_art15_a_complete_draft_has_no_problem():
    assert completeness_problems(COMPLETE, CODES) == []


def test_art15_completeness_names_each_missing_thing():
    empty = DraftFacts({}, {}, frozenset(), False)
    found = messages(completeness_problems(empty, CODES, {"profile": "组织简介"}))
    assert len(found) == len(REQUIRED_FORM_FIELDS) + 1 + 2 + 1
    assert "The application form lacks: 组织简介 (Art. 15)." in found
    assert any("23 of the GB/T 19580 items" in m for m in found)
    assert "Upload the application form (signed scan) (Art. 15)." in found
    assert "Upload the self-assessment report (Art. 15)." in found
    assert "Choose the recommender who signs the opinion (Art. 10, 15)." in found


def test_art5_every_one_of_the_23_items_is_needed():
    one_short = DraftFacts(FORM, {code: 60 for code in CODES[:-1]}, COMPLETE.material_kinds, True)
    assert messages(completeness_problems(one_short, CODES)) == [
        "The self-assessment lacks 1 of the GB/T 19580 items: 4.7.7 (Art. 5, 15)."]


def test_art15_zero_is_an_answer_and_supporting_files_are_optional():
    zero = DraftFacts({**FORM, "employees": 0}, {code: 0 for code in CODES}, COMPLETE.material_kinds, True)
    assert completeness_problems(zero, CODES) == []


def test_art15_the_recommender_signs_in_the_application_stage_when_submitted_by_the_deadline():
    assert signing_refusal("application", DEADLINE, DEADLINE) is None
    assert signing_refusal("application", date(2026, 12, 11), DEADLINE) is not None
    assert signing_refusal("acceptance_review", DEADLINE, DEADLINE) is not None
    assert signing_refusal("application", None, DEADLINE) is not None


def test_art15_the_cycle_waits_for_the_drafts_awaiting_their_recommender():
    facts = CycleFacts(stage="application", today=date(2026, 12, 11), application_deadline=DEADLINE, applications=3,
                       drafts_awaiting_recommender=2)
    assert [b.params for b in blockers_for_next(facts)] == [{"n": 2}]
    assert blockers_for_next(CycleFacts(stage="application", today=date(2026, 12, 11),
                                        application_deadline=DEADLINE, applications=3)) == []


def test_the_required_fields_are_fields_of_the_application_form():
    from reviewapp.applications.forms import APPLICATION_FORM_FIELDS

    assert set(REQUIRED_FORM_FIELDS) <= set(APPLICATION_FORM_FIELDS)
