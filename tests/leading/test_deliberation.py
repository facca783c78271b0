"""Issue 17, Art. 6, 20, 21: the leading group deliberates on the office's candidate list. Each member gives their
own opinion on each candidate (agree / disagree / abstain, a disagreement with its reason), as a draft until they
submit; before the decision a member sees only their own opinions, never another's nor a count; the office sees the
tally and records the decision citing it; after the decision nothing is changed."""
import html
import re

import pytest
from sqlalchemy import func, select

from reviewapp.models import AuditEntry, GroupOpinion, GroupVote, Role, User
from tests.conftest import audit_actions
from tests.leading.worlds import decide


def english(client):
    client.post("/auth/language", data={"locale": "en", "next": "/"})
    return client


def text_of(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", response.get_data(as_text=True)))


def opinions(client, cycle, votes: dict, submit=False):
    """votes: application -> vote or (vote, comment)."""
    data = {"submit": "y"} if submit else {"save": "y"}
    for application, given in votes.items():
        vote, comment = given if isinstance(given, tuple) else (given, "")
        data[f"vote-{application.id}"], data[f"comment-{application.id}"] = vote, comment
    return client.post(f"/leading/cycles/{cycle.id}/opinions", data=data, follow_redirects=True)


def rows(db) -> list[GroupOpinion]:
    db.session.expire_all()
    return list(db.session.scalars(select(GroupOpinion).order_by(GroupOpinion.id)))


@pytest.fixture
def members(login):
    return english(login("zhang", Role.LEADING_GROUP, display_name="张委员")), \
        english(login("li", Role.LEADING_GROUP, display_name="李委员"))


def test_art6_a_member_keeps_a_draft_then_submits_and_cannot_change_it(db, proposed, members):
    cycle, apps = proposed
    zhang, _li = members
    page = text_of(opinions(zhang, cycle, {apps["A"]: "agree"}))
    assert "saved as a draft" in page and "Draft, not submitted" in page
    (draft,) = rows(db)
    assert draft.vote is GroupVote.AGREE and draft.submitted_at is None and draft.level.value == "award"
    changed = text_of(opinions(zhang, cycle, {apps["A"]: "abstain", apps["B"]: ("disagree", "现场核实不充分")},
                               submit=True))
    assert "can no longer be changed" in changed and 'id="opinions-form"' not in changed
    assert [(r.vote, r.submitted_at is not None) for r in rows(db)] == [(GroupVote.ABSTAIN, True),
                                                                        (GroupVote.DISAGREE, True)]
    again = opinions(zhang, cycle, {apps["A"]: "agree", apps["B"]: "agree"}, submit=True)
    assert again.status_code == 409 and "can no longer be changed" in text_of(again)
    assert [r.vote for r in rows(db)] == [GroupVote.ABSTAIN, GroupVote.DISAGREE]
    assert audit_actions(db).count("group_opinions_saved") == 1
    assert audit_actions(db).count("group_opinions_submitted") == 1


def test_art6_a_disagreement_without_its_reason_and_an_incomplete_submission_write_nothing(db, proposed, members):
    cycle, apps = proposed
    zhang, _li = members
    refused = opinions(zhang, cycle, {apps["A"]: "disagree"})
    assert refused.status_code == 409 and 'say why you disagree' in text_of(refused)
    assert "Candidate A: say why" in text_of(refused)  # named as the blinded page names it
    incomplete = opinions(zhang, cycle, {apps["A"]: "agree"}, submit=True)
    assert incomplete.status_code == 409 and "Give your opinion on every candidate" in text_of(incomplete)
    bogus = opinions(zhang, cycle, {apps["A"]: "x" * 5000})
    assert bogus.status_code == 409
    assert rows(db) == [] and not {"group_opinions_saved", "group_opinions_submitted"} & set(audit_actions(db))


def test_art6_before_the_decision_a_member_sees_only_their_own_opinions(db, proposed, members):
    cycle, apps = proposed
    zhang, li = members
    opinions(zhang, cycle, {apps["A"]: "agree", apps["B"]: ("disagree", "张的保密意见")}, submit=True)
    opinions(li, cycle, {apps["A"]: ("abstain", "李的草稿意见")})
    seen_by_li = text_of(li.get(f"/leading/cycles/{cycle.id}"))
    assert "李的草稿意见" in seen_by_li and "张的保密意见" not in seen_by_li and "张委员" not in seen_by_li
    assert 'id="group-tally"' not in seen_by_li and "members have submitted" not in seen_by_li
    seen_by_zhang = text_of(zhang.get(f"/leading/cycles/{cycle.id}"))
    assert "张的保密意见" in seen_by_zhang and "李的草稿意见" not in seen_by_zhang
    assert "甲钢铁有限公司" not in seen_by_zhang  # still blinded (issue 7)


def test_art6_the_office_sees_the_tally_with_the_comments_and_who_is_missing(db, proposed, members, office,
                                                                              client):
    cycle, apps = proposed
    zhang, li = members
    opinions(zhang, cycle, {apps["A"]: "agree", apps["B"]: ("disagree", "现场核实不充分")}, submit=True)
    opinions(li, cycle, {apps["A"]: ("abstain", "李的草稿意见")})  # a draft: not counted, not shown
    english(client)
    page = text_of(client.get(f"/leading/cycles/{cycle.id}"))
    tally = page.split('id="group-tally"')[1].split("</section>")[0]
    assert "1 of 2 members have submitted" in tally and "Not submitted: 李委员" in tally
    assert "现场核实不充分" in tally and "张委员" in tally and "李的草稿意见" not in tally
    row_a = tally.split('data-candidate="甲钢铁有限公司"')[1].split("</tr>")[0]
    assert re.findall(r'class="(agreed|disagreed|abstained|missing)">(\d+)', row_a) == [
        ("agreed", "1"), ("disagreed", "0"), ("abstained", "0"), ("missing", "1")]
    decision_page = text_of(client.get(f"/leading/cycles/{cycle.id}/decision"))
    assert 'id="group-tally"' in decision_page and "现场核实不充分" in decision_page


def test_art21_the_decision_cites_the_tally_and_locks_the_opinions(db, proposed, members, office, client):
    cycle, apps = proposed
    zhang, li = members
    opinions(zhang, cycle, {apps["A"]: "agree", apps["B"]: "agree"}, submit=True)
    opinions(li, cycle, {apps["A"]: "agree"})
    assert decide(client, cycle, {apps["A"]: "award", apps["B"]: "nomination"}).status_code == 200
    details = db.session.scalar(select(AuditEntry.details).where(AuditEntry.action == "group_decision_recorded"))
    zhang_id = db.session.scalar(select(User.id).where(User.username == "zhang"))
    assert details["deliberation"]["candidates"][str(apps["A"].id)]["agreed"] == [zhang_id]
    english(client)
    printed = text_of(client.get(f"/leading/cycles/{cycle.id}/decision/print"))
    assert "2 members: 1 agreed, 0 disagreed, 0 abstained, 1 not submitted" in printed
    before = rows(db)
    refused = opinions(li, cycle, {apps["A"]: "disagree", apps["B"]: ("disagree", "晚了")}, submit=True)
    assert refused.status_code == 409 and "decision is recorded" in text_of(refused)
    assert [(r.vote, r.submitted_at) for r in rows(db)] == [(r.vote, r.submitted_at) for r in before]
    after = text_of(li.get(f"/leading/cycles/{cycle.id}"))  # names and the tally, no form
    assert 'id="opinions-form"' not in after and 'id="group-tally"' in after and "甲钢铁有限公司" in after


def test_art6_only_a_member_gives_opinions(db, proposed, office, client, login, app):
    cycle, apps = proposed
    data = {f"vote-{apps['A'].id}": "agree", "save": "y"}
    assert client.post(f"/leading/cycles/{cycle.id}/opinions", data=data).status_code == 403
    expert = login("expert", Role.EXPERT)
    assert expert.post(f"/leading/cycles/{cycle.id}/opinions", data=data).status_code == 403
    anonymous = app.test_client().post(f"/leading/cycles/{cycle.id}/opinions", data=data)
    assert anonymous.status_code in (302, 401, 403)
    member = login("wang", Role.LEADING_GROUP)
    assert member.post(f"/leading/cycles/{10 ** 30}/opinions", data=data).status_code == 404
    assert db.session.scalar(select(func.count()).select_from(GroupOpinion)) == 0


def test_art6_the_members_home_lists_the_lists_waiting_and_submitted(db, proposed, members):
    cycle, apps = proposed
    zhang, li = members
    opinions(zhang, cycle, {apps["A"]: "agree", apps["B"]: "abstain"}, submit=True)
    opinions(li, cycle, {apps["A"]: "agree"})
    home_li = text_of(li.get("/"))
    waiting = home_li.split('id="home-opinions-waiting"')[1].split("</ul>")[0]
    assert cycle.name in waiting and "Draft, not submitted" in waiting
    home_zhang = text_of(zhang.get("/"))
    assert cycle.name in home_zhang.split('id="home-opinions-submitted"')[1].split("</ul>")[0]
    assert "No candidate list is waiting" in home_zhang


def test_art20_a_candidate_re_proposed_at_another_level_needs_a_new_opinion(db, proposed, members, office, client):
    from reviewapp.models import AwardKind, Candidate

    cycle, apps = proposed
    zhang, _li = members
    opinions(zhang, cycle, {apps["A"]: "agree", apps["B"]: "agree"}, submit=True)
    candidate = db.session.scalar(select(Candidate).where(Candidate.application_id == apps["B"].id))
    candidate.level = AwardKind.AWARD  # the office re-proposed B for the award (Art. 20)
    db.session.commit()
    page = text_of(zhang.get(f"/leading/cycles/{cycle.id}"))
    assert 'id="opinions-form"' in page and f'name="vote-{apps["B"].id}"' in page
    assert f'name="vote-{apps["A"].id}"' not in page  # A's submitted opinion still applies and stays
    english(client)
    tally = text_of(client.get(f"/leading/cycles/{cycle.id}")).split('id="group-tally"')[1]
    assert "0 of 2 members have submitted" in tally
    opinions(zhang, cycle, {apps["B"]: ("disagree", "不应升为市长质量奖")}, submit=True)
    assert [(r.application_id, r.level, r.vote) for r in rows(db)] == [
        (apps["A"].id, AwardKind.AWARD, GroupVote.AGREE), (apps["B"].id, AwardKind.AWARD, GroupVote.DISAGREE)]
