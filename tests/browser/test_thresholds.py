"""Issue 15 item 5 in the browser (Art. 20, 4): the office sets a minimum score for the cycle (the form says the text
sets none), sees the warning on the candidate list, proposes a candidate below it with its reason, and records the
leading group's decision over the warning with the group's reason; the pages say the weights of the two reviews."""
from playwright.sync_api import expect
from sqlalchemy import select

from reviewapp.city_calendar import city_date
from reviewapp.models import AwardKind, Candidate, Cycle, ListEntry, Role
from tests.browser.conftest import ARTIFACTS, log_in
from tests.conftest import PASSWORD
from tests.leading.worlds import MEETING, NAMES

OFFICE_REASON = "丙机械现场评审改进显著，建议破格推荐"
GROUP_REASON = "领导小组审议认为其行业带动作用突出"


def both_widths(page, name: str) -> None:
    """Screenshots at 1366 px and 390 px (test-artifacts/, for people to look at)."""
    ARTIFACTS.mkdir(exist_ok=True)
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(ARTIFACTS / f"thresholds-{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 800})


def test_art20_a_minimum_is_a_warning_the_office_and_the_group_override_with_their_reasons(db, page, make_user,
                                                                                         evaluated, today):
    cycle, apps = evaluated
    make_user("office", Role.OFFICE, display_name="刘主任")
    log_in(page, "office", PASSWORD)

    # the office sets a minimum; the form says the text sets none
    page.goto(f"/cycles/{cycle.id}")
    expect(page.locator("#basis-award_min_score")).to_contain_text("第二十条未规定最低分")
    page.get_by_role("link", name="编辑").first.click()
    minimum = page.get_by_label("推荐市长质量奖的最低综合得分（0为不设）")
    expect(minimum).to_have_value("0")
    expect(page.locator("main form")).to_contain_text("不作拒绝")
    minimum.fill("600")
    both_widths(page, "settings")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".alert-success")).to_be_visible()

    # the warning on the candidate list, before anything is proposed
    page.locator("#ranking-link").click()
    expect(page.locator("#weights-note")).to_contain_text("资料评审占30%，现场评审占70%（本届设置）")
    expect(page.locator("#minimum-note")).to_contain_text("奖项600分")
    row_c = page.locator(f"#ranking-onsite tr[data-application='{apps['C'].id}']")
    expect(row_c.locator(".below-minimum")).to_have_text("低于奖项最低分（600）")
    page.locator(f"select[name='level-{apps['A'].id}']").select_option("award")
    page.locator(f"select[name='level-{apps['C'].id}']").select_option("award")
    page.locator(f"input[name='reason-{apps['B'].id}']").fill("乙药业另有质量投诉待核查")
    page.get_by_role("button", name="提出候选名单").click()
    expect(page.locator(".alert-danger").filter(has_text=NAMES["C"])).to_contain_text("低于本届市长质量奖最低分600")
    both_widths(page, "ranking-warning")
    assert db.session.scalars(select(Candidate)).all() == []

    page.locator(f"input[name='reason-{apps['C'].id}']").fill(OFFICE_REASON)
    page.get_by_role("button", name="提出候选名单").click()
    expect(page.locator(".alert-success")).to_contain_text("候选名单已提交领导小组")
    page.goto(f"/reviews/cycles/{cycle.id}/ranking/report")
    expect(page.locator("body")).to_contain_text(OFFICE_REASON)
    expect(page.locator("body")).to_contain_text("资料评审占30%，现场评审占70%（本届设置）")
    both_widths(page, "report")

    # the group's decision over the warning, with the group's reason
    page.goto(f"/leading/cycles/{cycle.id}")
    expect(page.locator("#candidate-list")).to_contain_text(OFFICE_REASON)
    page.locator("#record-decision").click()
    expect(page.locator(f"#decision-levels tr[data-application='{apps['C'].id}'] .below-minimum")).to_be_visible()
    db.session.expire_all()
    proposed_on = today(city_date(db.session.get(Cycle, cycle.id).candidates_proposed_at))  # proposed "today"
    page.locator("#decided_on").fill(proposed_on.isoformat())
    page.locator("#meeting_reference").fill(MEETING)
    page.locator("#decision-form #submit").click()
    expect(page.locator(".alert-danger").filter(has_text=NAMES["C"])).to_contain_text("低于本届市长质量奖最低分600")
    both_widths(page, "decision-warning")
    page.locator(f"textarea[name='reason-{apps['C'].id}']").fill(GROUP_REASON)
    page.locator("#decision-form #submit").click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator("#candidate-list")).to_contain_text(GROUP_REASON)
    both_widths(page, "decided")
    db.session.expire_all()
    entry = db.session.scalar(select(ListEntry).where(ListEntry.application_id == apps["C"].id))
    assert (entry.level, entry.minimum_override_reason) == (AwardKind.AWARD, GROUP_REASON)
