"""Issue 17, the office's bulk actions in the browser: it accepts three applications and rejects one in two
decisions, each application with its reason, after a refused batch changed nothing (Art. 16); it creates the
accounts of three imported experts, whose invitations wait in the outbox, and one of them follows the link, sets a
password and logs in; it records availability for several experts; it publishes two acceptance notices at once."""
import re

from playwright.sync_api import expect
from sqlalchemy import select

from reviewapp.models import ApplicationStatus, Expert, Notice, OutboxMessage, Person, Role, Stage
from tests.acceptance import complete_for_acceptance
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD


def statuses(db, applications):
    db.session.expire_all()
    return [a.status for a in applications]


def look(page, screenshot, url, name):
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(url)
        screenshot(f"{name}-{width}")
    page.set_viewport_size({"width": 1280, "height": 800})


def test_office_decides_invites_and_publishes_in_bulk(page, db, make_user, make_cycle, make_org, make_application,
                                                      screenshot):
    make_user("office", Role.OFFICE, display_name="王主任")
    cycle = make_cycle(stage=Stage.ACCEPTANCE_REVIEW)
    orgs = ["本溪钢铁示范有限公司", "本溪药业示范有限公司", "本溪建材示范有限公司", "本溪旅游示范有限公司"]
    complete = [complete_for_acceptance(make_application(cycle, make_org(name))) for name in orgs[:3]]
    lacking = make_application(cycle, make_org(orgs[3]))
    other = make_cycle(name="第十一届本溪市市长质量奖", stage=Stage.ACCEPTANCE_REVIEW)
    make_application(other, make_org("本溪食品示范有限公司"), status=ApplicationStatus.ACCEPTED)
    experts = []
    for name, email in (("李明", "li.ming@example.cn"), ("王芳", "wang.fang@example.cn"), ("赵强", "zq@example.cn"),
                        ("钱多", None)):
        expert = Expert(person=Person(name=name), email=email, specialties=[], strengths=[])
        db.session.add(expert)
        experts.append(expert)
    db.session.commit()
    log_in(page, "office", PASSWORD)

    # Art. 16: accepting the one with missing materials without the written reason refuses the whole batch
    page.goto(f"/cycles/{cycle.id}")
    page.locator("#decide-many-link").click()
    for application in (complete[0], lacking):
        page.locator(f"#chosen-{application.id}").check()
    expect(page.locator(f".decide-row[data-number='{lacking.number}'] .checklist")).to_contain_text("缺少或不符合")
    page.get_by_label("予以受理").check()
    page.get_by_role("button", name="记录决定").click()
    expect(page.get_by_role("alert").first).to_contain_text("未记录任何决定")
    expect(page.locator(f".decide-row[data-number='{lacking.number}'] .row-refusal")).to_contain_text("书面理由")
    expect(page.locator(f"#chosen-{complete[0].id}")).to_be_checked()  # the choice stays
    assert statuses(db, complete + [lacking]) == [ApplicationStatus.REGISTERED] * 4
    screenshot("refused-batch")

    # three accepted at once, each with its reason; then the fourth rejected with its own
    page.locator(f"#chosen-{lacking.id}").uncheck()
    for application in complete:
        page.locator(f"#chosen-{application.id}").check()
        page.locator(f"#reason-{application.id}").fill(f"{application.number}材料齐全，符合条件")
    page.get_by_label("予以受理").check()
    page.get_by_role("button", name="记录决定").click()
    expect(page.get_by_role("alert").first).to_contain_text("已记录以下申报的决定")
    page.locator("#decide-many-link").click()
    page.locator(f"#chosen-{lacking.id}").check()
    page.locator(f"#reason-{lacking.id}").fill("未提交自我评价报告和证明材料")
    page.get_by_label("不予受理").check()
    page.get_by_role("button", name="记录决定").click()
    expect(page.locator("#applications")).to_contain_text("不予受理")
    assert statuses(db, complete + [lacking]) == [ApplicationStatus.ACCEPTED] * 3 + [ApplicationStatus.REJECTED]
    assert lacking.decision_reason == "未提交自我评价报告和证明材料"
    look(page, screenshot, f"/applications/cycle/{cycle.id}/decisions", "decisions")

    # two acceptance notices at once, from the pre-filled rows (Art. 16)
    page.goto("/cycles/")
    page.locator("#notices-many-link").click()
    look(page, screenshot, "/cycles/notices", "notices")
    page.locator(f"#publish-{cycle.id}-acceptance").check()
    page.locator(f"#publish-{other.id}-acceptance").check()
    page.get_by_role("button", name="发布所选公示").click()
    expect(page.get_by_role("alert").first).to_contain_text("已发布 2 份公示")
    db.session.expire_all()
    assert sorted(n.cycle_id for n in db.session.scalars(select(Notice))) == sorted([cycle.id, other.id])
    screenshot("notices-published")

    # accounts for the three experts with an address; the fourth is listed as not invitable
    page.goto("/experts/")
    page.locator("#invitations-link").click()
    expect(page.locator("#not-invitable")).to_contain_text("钱多")
    expect(page.locator(f"#username-{experts[0].id}")).to_have_value("li.ming")
    look(page, screenshot, "/experts/invitations", "invitations")
    page.locator("#choose-all").check()
    page.get_by_role("button", name="创建账号并发送邀请").click()
    expect(page.get_by_role("alert").first).to_contain_text("已创建 3 个账号")
    expect(page.locator("#waiting")).to_contain_text("王芳")
    mails = db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "invitation")).all()
    assert sorted(m.address for m in mails) == ["li.ming@example.cn", "wang.fang@example.cn", "zq@example.cn"]

    # availability for several experts of the cycle at once
    page.goto(f"/experts/availability/{cycle.id}")
    page.locator(f"#chosen-{experts[1].id}").check()
    page.locator(f"#chosen-{experts[2].id}").check()
    page.get_by_label("本届不参加").check()
    page.get_by_label("不参加理由").fill("出国访问")
    page.get_by_role("button", name="保存答复").click()
    expect(page.locator(f"li[data-expert='{experts[1].id}']")).to_contain_text("出国访问")
    look(page, screenshot, f"/experts/availability/{cycle.id}", "availability")

    # the invited expert follows the link, sets a password and logs in
    mail = next(m for m in mails if m.address == "li.ming@example.cn")
    link = re.search(r"(/auth/invitation/[\w.-]+)", mail.body_text).group(1)
    page.context.clear_cookies()
    page.goto(link)
    expect(page.locator("#invitation-welcome")).to_be_visible()
    screenshot("invitation")
    page.get_by_label("新密码", exact=True).fill("山川-河流-明月-清风-2026")
    page.get_by_label("再次输入新密码").fill("山川-河流-明月-清风-2026")
    page.locator("#reset-form button[type=submit], #reset-form input[type=submit]").click()
    expect(page.get_by_role("alert").first).to_contain_text("密码已设置")
    log_in(page, "li.ming", "山川-河流-明月-清风-2026")
    expect(page.locator("body")).to_contain_text("李明")
