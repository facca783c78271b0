"""Issue 17, Art. 6, 20, 21 in the browser: two members of the leading group give their own opinions on the
candidate list (one disagrees, with its reason), keep a draft and submit it after confirming; the office sees the
tally and records the group's decision, whose printed form cites it; a member then can no longer change anything."""
from playwright.sync_api import expect
from sqlalchemy import select

from reviewapp.models import GroupOpinion, GroupVote, Role
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD
from tests.leading.worlds import MEETING, NAMES


def log_out(page):
    page.locator("form[action='/auth/logout'] button").click()


def vote(page, application, value: str):
    page.locator(f"label[for='vote-{application.id}-{value}']").click()
    expect(page.locator(f"#vote-{application.id}-{value}")).to_be_checked()


def both_widths(page, screenshot, name: str):
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 800})
        screenshot(f"{name}-{width}")
    page.set_viewport_size({"width": 1280, "height": 800})


def test_art6_two_members_deliberate_and_the_office_records_the_decision_citing_the_tally(db, page, make_user,
                                                                                         proposed, screenshot):
    cycle, apps = proposed
    make_user("zhang", Role.LEADING_GROUP, display_name="张委员")
    make_user("li", Role.LEADING_GROUP, display_name="李委员")
    make_user("office", Role.OFFICE, display_name="刘主任")

    log_in(page, "zhang", PASSWORD)
    waiting = page.locator("#home-opinions-waiting")
    expect(waiting).to_contain_text(cycle.name)
    both_widths(page, screenshot, "member-home")
    waiting.get_by_role("link").first.click()
    page.wait_for_load_state("load")  # the page's deferred scripts have run before anything is chosen
    expect(page.locator("#my-opinions-state")).to_have_text("尚未开始")
    vote(page, apps["A"], "agree")
    page.get_by_role("button", name="保存草稿").click()
    expect(page.locator(".alert-success")).to_contain_text("草稿")
    expect(page.locator("#my-opinions-state")).to_have_text("草稿，尚未提交")
    vote(page, apps["B"], "disagree")
    page.get_by_role("button", name="提交我的审议意见").click()  # no reason: refused, what was typed stays
    expect(page.locator(".alert-danger").filter(has_text="候选B")).to_be_visible()
    page.locator(f"textarea[name='comment-{apps['B'].id}']").fill("结果类指标缺少行业对比，建议暂缓")
    both_widths(page, screenshot, "member-draft")
    dialogs = []
    page.on("dialog", lambda dialog: dialogs.append(dialog.message))
    page.get_by_role("button", name="提交我的审议意见").click()
    expect(page.locator("#my-opinions-state")).to_have_text("已提交")
    assert dialogs and "不能再修改" in dialogs[0]
    expect(page.locator("#opinions-form")).to_have_count(0)
    expect(page.locator("#my-opinions")).to_contain_text("结果类指标缺少行业对比")
    expect(page.locator("#group-tally")).to_have_count(0)  # a member sees no count before the decision
    both_widths(page, screenshot, "member-submitted")
    log_out(page)

    log_in(page, "li", PASSWORD)
    page.goto(f"/leading/cycles/{cycle.id}")
    expect(page.locator("#my-opinions")).not_to_contain_text("结果类指标缺少行业对比")  # only their own
    vote(page, apps["A"], "agree")
    vote(page, apps["B"], "abstain")
    page.get_by_role("button", name="提交我的审议意见").click()
    expect(page.locator("#my-opinions-state")).to_have_text("已提交")
    log_out(page)

    log_in(page, "office", PASSWORD)
    page.goto(f"/leading/cycles/{cycle.id}")
    tally = page.locator("#group-tally")
    expect(tally).to_contain_text("2名成员中已有2名提交审议意见")
    row_b = tally.locator(f"tr[data-candidate='{NAMES['B']}']")
    expect(row_b.locator(".disagreed")).to_have_text("1")
    expect(row_b.locator(".abstained")).to_have_text("1")
    expect(tally).to_contain_text("结果类指标缺少行业对比")
    both_widths(page, screenshot, "office-tally")
    page.locator("#record-decision").click()
    expect(page.locator("#group-tally")).to_be_visible()
    page.locator("#decided_on").fill("2026-11-25")
    page.locator("#meeting_reference").fill(MEETING)
    page.locator("#decision-form #submit").click()
    expect(page.locator(".alert-success")).to_be_visible()
    page.goto(f"/leading/cycles/{cycle.id}/decision/print")
    expect(page.locator("#print-tally")).to_contain_text("共2名成员：0人同意，1人不同意，1人弃权，0人未提交")
    expect(page.locator("#print-tally")).to_contain_text("共2名成员：2人同意")
    screenshot("decision-print")
    page.goto("/")
    log_out(page)

    log_in(page, "li", PASSWORD)
    expect(page.locator("#home-opinions-submitted")).to_contain_text(cycle.name)
    page.goto(f"/leading/cycles/{cycle.id}")
    expect(page.locator("#opinions-closed")).to_be_visible()
    expect(page.locator("#opinions-form")).to_have_count(0)
    expect(page.locator("#group-tally")).to_contain_text(NAMES["A"])  # names and the tally, after the decision
    db.session.expire_all()
    assert sorted(o.vote.value for o in db.session.scalars(select(GroupOpinion))) == sorted(
        v.value for v in (GroupVote.AGREE, GroupVote.DISAGREE, GroupVote.AGREE, GroupVote.ABSTAIN))
