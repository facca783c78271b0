"""The office's walk through Art. 13-16 in the browser: open a cycle, register an organization and its
application with materials, see the explained eligibility, accept, publish the acceptance notice that an
anonymous visitor can read. Bad input on the way gets a clear message."""
import re

from playwright.sync_api import expect

from reviewapp.city_calendar import city_today
from reviewapp.models import OrgKind, Role
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD, credit_code

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def test_office_runs_a_cycle_to_the_public_acceptance_notice(page, browser, live_server, make_user, make_org,
                                                            screenshot, tmp_path):
    make_user("office", Role.OFFICE, display_name="王主任")
    make_org("本溪市质量协会", kind=OrgKind.INDUSTRY_ASSOCIATION)
    log_in(page, "office", PASSWORD)

    # a cycle, moved to the application stage
    page.get_by_role("link", name="评选届次").first.click()
    page.get_by_role("link", name="新建评选届次").click()
    page.get_by_label("名称").fill("第十届本溪市市长质量奖")
    page.get_by_label("年度").fill("2026")
    page.get_by_label("基准日期").fill("2026-11-16")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#current-stage")).to_contain_text("发布通告")
    # Art. 14: the call, published and carried by the city's media, before applications open; its deadline is
    # today, so that the acceptance review can start today (Art. 15: not before the published deadline)
    today = city_today().isoformat()
    page.locator("#publish-call").click()
    page.locator("#deadline").fill(today)
    page.locator("#contact_person").fill("王立新")
    page.locator("#contact_phone").fill("024-42856120")
    page.locator("#contact_email").fill("zlfzk@benxi.gov.cn")
    page.get_by_role("button", name="发布申报通告").click()
    page.locator("#outlet").fill("本溪日报")
    page.locator("#published_on").fill(today)
    page.get_by_role("button", name="登记发布情况").click()
    expect(page.locator("#call-media")).to_contain_text("本溪日报")
    page.get_by_role("link", name="第十届本溪市市长质量奖").first.click()
    page.get_by_role("button", name=re.compile("组织申报")).click()
    expect(page.locator("#current-stage")).to_contain_text("组织申报")
    screenshot("cycle")

    # an organization: a mistyped credit code first
    page.get_by_role("link", name="组织管理").first.click()
    page.get_by_role("link", name="登记组织").click()
    page.get_by_label("名称").fill("本溪板材示例有限公司")
    good = credit_code("210502", 42)
    page.get_by_label("统一社会信用代码").fill(good[:-1] + ("0" if good[-1] != "0" else "1"))
    page.get_by_label("成立（注册）日期").fill("2008-06-18")
    page.get_by_label("法定代表人").fill("王建国")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".invalid-feedback")).to_contain_text("校验")
    screenshot("bad-credit-code")
    page.get_by_label("统一社会信用代码").fill(good)
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#org-facts")).to_contain_text("平山区")

    # its application
    page.get_by_role("link", name="评选届次").first.click()
    page.get_by_role("link", name="第十届本溪市市长质量奖").click()
    page.get_by_role("link", name="登记申报").click()
    page.get_by_label("申报组织").select_option(label="本溪板材示例有限公司")
    page.get_by_label("推荐单位").select_option(label="本溪市质量协会")
    page.get_by_label("推荐意见", exact=True).fill("该企业质量管理成效显著，同意推荐。")
    page.get_by_label("签署人").fill("张会长")
    page.get_by_label("签署日期").fill("2026-11-10")
    page.locator("select[name='self_assessment-4_1_2']").select_option("60")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#status")).to_contain_text("待受理审查")

    # a text file disguised as a PDF is refused; the real PDF is kept
    fake = tmp_path / "申报表.pdf"
    fake.write_bytes(b"this is not a pdf at all")
    page.get_by_label("文件").set_input_files(str(fake))
    page.get_by_role("button", name="上传").click()
    expect(page.get_by_role("alert").first).to_contain_text("申报表.pdf")
    real = tmp_path / "自我评价报告.pdf"
    real.write_bytes(PDF)
    page.get_by_label("文件").set_input_files(str(real))
    page.get_by_role("button", name="上传").click()
    expect(page.locator("#materials")).to_contain_text("自我评价报告.pdf")

    # acceptance review: explained eligibility, then the decision
    page.get_by_role("link", name="第十届本溪市市长质量奖").click()
    page.get_by_role("button", name=re.compile("受理审查")).click()
    page.locator("#applications a").first.click()
    expect(page.locator("tr[data-rule='registered_in_benxi']")).to_contain_text("平山区")
    screenshot("eligibility")
    page.locator("#decision").get_by_label("予以受理").check()
    # Art. 16: the checklist lacks materials and judgements here, so accepting needs its written reason
    page.locator("#decision").get_by_label("存在缺项或不符合项仍予受理的理由").fill("其余材料已现场核验，判断记录随后补录。")
    page.locator("#decision").get_by_role("button").click()
    expect(page.locator("#status")).to_contain_text("已受理")

    # the acceptance notice: too short first, then the earliest allowed end
    page.get_by_role("link", name="第十届本溪市市长质量奖").click()
    page.get_by_role("link", name="发布受理名单公示").click()
    page.get_by_label("公示开始日期").fill("2026-11-30")
    page.get_by_label("公示结束日期").fill("2026-12-02")
    page.get_by_role("button", name="发布").click()
    expect(page.locator(".invalid-feedback")).to_contain_text("2026-12-04")
    screenshot("notice-too-short")
    page.get_by_label("公示结束日期").fill("2026-12-04")
    page.get_by_role("button", name="发布").click()
    expect(page.locator("#notice-list")).to_contain_text("本溪板材示例有限公司")

    # anyone can read it without logging in
    visitor = browser.new_context(locale="zh-CN", base_url=live_server).new_page()
    visitor.goto("/notices/")
    visitor.get_by_role("link", name=re.compile("受理")).first.click()
    expect(visitor.locator("#notice-list")).to_contain_text("本溪板材示例有限公司")
    expect(visitor.get_by_role("button", name="退出")).to_have_count(0)
    visitor.screenshot(path=str(tmp_path / "public.png"))
    screenshot("notice")
    visitor.context.close()
