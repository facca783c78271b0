"""Art. 15-16: the acceptance checklist, and Art. 8(4), 9: the solicited opinions in it (reviewapp/domain/acceptance.py,
reviewapp/domain/opinions.py)."""
from datetime import date

from reviewapp.domain.acceptance import (
    REQUIRED_MATERIALS,
    AcceptanceFacts,
    OpinionFact,
    State,
    acceptance_checklist,
    acceptance_refusal,
)
from reviewapp.domain.eligibility import Check, EligibilityReport, Outcome
from reviewapp.domain.opinions import check_reply_dates, check_request_dates

TODAY = date(2026, 11, 26)
ALL_KINDS = frozenset(kind for kind, _ in REQUIRED_MATERIALS)


def judged(*outcomes: tuple[str, Outcome], automatic: tuple[Check, ...] = ()) -> EligibilityReport:
    found = dict(outcomes)
    checks = [Check(item, f"Art. 11({item[-1]})", item, found.get(item, Outcome.PASS), False, "m", {})
              for item in ("art11_1", "art11_3", "art11_4", "art11_5")]
    return EligibilityReport((*automatic, *checks))


def facts(**changes) -> AcceptanceFacts:
    return AcceptanceFacts(**{"material_kinds": ALL_KINDS, "recommender": "本溪市质量协会",
                              "recommendation_opinion": "同意推荐", "recommendation_signatory": "张会长",
                              "recommendation_date": date(2026, 11, 10), "eligibility": judged(), **changes})


def states(checklist) -> dict[str, State]:
    return {item.code: item.state for item in checklist.items}


def test_art15_16_a_complete_application_may_be_accepted_without_a_reason():
    checklist = acceptance_checklist(facts(), TODAY)
    assert checklist.complete and acceptance_refusal(checklist, None) is None
    assert "automatic_checks" in states(checklist)


def test_art15_16_acceptance_requires_each_kind_of_material():
    checklist = acceptance_checklist(facts(material_kinds=frozenset({"application_form"})), TODAY)
    assert checklist.open_codes == ["material:self_assessment_report", "material:supporting",
                                    "material:recommendation_letter"]
    assert acceptance_refusal(checklist, "  ") is not None


def test_art15_acceptance_requires_the_recommenders_signed_opinion():
    checklist = acceptance_checklist(facts(recommendation_signatory=" ", recommendation_date=None), TODAY)
    assert states(checklist)["recommendation"] is State.MISSING


def test_art16_acceptance_requires_every_judgement_of_art11_decided_and_met():
    checklist = acceptance_checklist(facts(eligibility=judged(("art11_3", Outcome.FAIL),
                                                              ("art11_4", Outcome.JUDGEMENT))), TODAY)
    found = states(checklist)
    assert found["art11_3"] is State.FAILED and found["art11_4"] is State.MISSING
    assert found["art11_1"] is State.OK and checklist.open_codes == ["art11_3", "art11_4"]


def test_art16_a_failed_automatic_check_is_a_failed_item():
    failed = Check("registered_in_benxi", "Art. 11(2)", "t", Outcome.FAIL, True, "m", {})
    checklist = acceptance_checklist(facts(eligibility=judged(automatic=(failed,))), TODAY)
    assert checklist.open_codes == ["registered_in_benxi"] and "automatic_checks" not in states(checklist)


def test_art16_accepting_over_missing_or_failed_items_needs_a_written_reason():
    checklist = acceptance_checklist(facts(material_kinds=frozenset()), TODAY)
    message, params = acceptance_refusal(checklist, None)
    assert "written reason" in message and params == {"count": 4}
    assert acceptance_refusal(checklist, "材料原件已现场核验，扫描件补交中") is None


def test_art9_an_unanswered_or_adverse_opinion_is_an_open_item():
    opinions = (OpinionFact(1, "本溪市市场监督管理局", date(2026, 12, 5)),
                OpinionFact(2, "本溪市应急管理局", date(2026, 11, 20)),
                OpinionFact(3, "本溪市生态环境局", date(2026, 11, 20), date(2026, 11, 18), True),
                OpinionFact(4, "国家税务总局本溪市税务局", date(2026, 11, 20), date(2026, 11, 19), False))
    checklist = acceptance_checklist(facts(opinions=opinions), TODAY)
    found = {item.code: item for item in checklist.items}
    assert found["opinion:1"].state is State.MISSING and "is due on" in found["opinion:1"].message
    assert found["opinion:2"].state is State.MISSING and "was due on" in found["opinion:2"].message
    assert found["opinion:3"].state is State.FAILED and found["opinion:4"].state is State.OK
    assert found["opinion:3"].title_params == {"department": "本溪市生态环境局"}
    assert checklist.open_codes == ["opinion:1", "opinion:2", "opinion:3"]


def test_art8_9_request_and_reply_dates():
    assert check_request_dates(TODAY, TODAY, TODAY) is None
    assert "after today" in check_request_dates(date(2026, 11, 27), date(2026, 12, 1), TODAY)[0]
    assert "before the request was sent" in check_request_dates(TODAY, date(2026, 11, 25), TODAY)[0]
    assert check_reply_dates(date(2026, 11, 20), TODAY, TODAY) is None
    assert "after today" in check_reply_dates(date(2026, 11, 20), date(2026, 11, 27), TODAY)[0]
    assert "before the request was sent" in check_reply_dates(date(2026, 11, 20), date(2026, 11, 19), TODAY)[0]
