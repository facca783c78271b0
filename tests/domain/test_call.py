"""Art. 14, 15: the call for applications, its content, and the deadline it publishes."""
from dataclasses import replace
from datetime import date

from reviewapp.domain.call import CallContent, call_problems, closing_refusal, registration_refusal
from reviewapp.domain.cycle_stages import CycleFacts, blockers_for_next

TODAY = date(2026, 11, 26)
CALL = CallContent(awards="市长质量奖、提名奖", conditions="第十一条", award_quota=2, nomination_quota=5,
                   deadline=date(2027, 1, 15), where_to_apply="市市场监管局", contact_person="王科长",
                   contact_phone="024-42800000", contact_email="zlj@benxi.gov.cn")


def messages(facts):
    return [b.message % b.params for b in blockers_for_next(facts)]


def test_art14_applications_open_only_after_the_call_is_published():
    found = messages(CycleFacts(stage="announcement", today=TODAY))
    assert found == ["The call for applications has not been published as a public notice (Art. 14)."]


def test_art14_the_call_must_have_appeared_in_the_media_before_applications_open():
    found = messages(CycleFacts(stage="announcement", today=TODAY, call_published=True))
    assert len(found) == 1 and "main media" in found[0]
    assert messages(CycleFacts(stage="announcement", today=TODAY, call_published=True, call_media=2)) == []


def test_art15_applications_cannot_close_before_the_published_deadline():
    facts = CycleFacts(stage="application", today=TODAY, applications=3, application_deadline=date(2027, 1, 15))
    found = messages(facts)
    assert len(found) == 1 and "2027-01-15" in found[0] and "amended call" in found[0]


def test_art15_applications_close_on_the_deadline_day_or_later():
    for today in (date(2027, 1, 15), date(2027, 1, 16)):
        facts = CycleFacts(stage="application", today=today, applications=3, application_deadline=date(2027, 1, 15))
        assert messages(facts) == []
    assert closing_refusal(None, TODAY) is None  # a cycle without any deadline (before calls were kept)


def test_art15_registration_follows_the_same_deadline_day():
    assert registration_refusal(date(2027, 1, 15), date(2027, 1, 15)) is None
    message, params = registration_refusal(date(2027, 1, 15), date(2027, 1, 16))
    assert params == {"date": "2027-01-15"}


def test_art14_a_complete_call_has_no_problem():
    assert call_problems(CALL, TODAY) == []
    assert CallContent.from_json(CALL.as_json()) == CALL


def test_art14_the_call_states_each_matter_and_a_contact():
    empty = replace(CALL, awards=" ", conditions="", where_to_apply="", contact_person="", contact_phone="",
                    contact_email="", contact_address="")
    found = [message for message, _ in call_problems(empty, TODAY)]
    assert len(found) == 6 and all("14)" in m for m in found)


def test_art4_the_call_cannot_promise_more_than_the_quotas():
    found = call_problems(replace(CALL, award_quota=3), TODAY)
    assert len(found) == 1 and "Art. 4" in found[0][0]


def test_art15_a_call_or_an_amended_call_must_leave_time_to_apply():
    assert call_problems(replace(CALL, deadline=TODAY), TODAY) == []  # at least today
    found = call_problems(replace(CALL, deadline=date(2026, 11, 25)), TODAY)
    assert len(found) == 1 and found[0][1] == {"today": "2026-11-26"}


def test_art14_a_malformed_email_is_refused():
    found = call_problems(replace(CALL, contact_email="zlj at benxi"), TODAY)
    assert [m for m, _ in found] == ["The e-mail address is not valid."]
