"""`flask demo --stage panels`: the current demo cycle carried through its acceptance review to the panels stage,
so that a newcomer can try automatic assignment at once. The acceptance notice is dated back so that its period
has ended: a demo shortcut through the model, which the office's own screens never allow (notices cannot be
back-dated)."""
from datetime import timedelta

from sqlalchemy import select

from reviewapp import audit
from reviewapp.applications import operations as application_ops
from reviewapp.city_calendar import city_today
from reviewapp.cycles import operations as cycle_ops
from reviewapp.cycles.queries import current_notice
from reviewapp.demo.call import close_applications_early
from reviewapp.demo.corrections import withdraw_open
from reviewapp.extensions import db
from reviewapp.models import Application, ApplicationStatus, Cycle, Notice, NoticeKind, Stage

ACCEPTED = {"本溪华钢特种板材有限公司", "本溪辽铸精密铸造有限公司", "本溪市太子河医院", "本溪药都制药股份有限公司",
            "本溪满乡食品有限公司"}
ACCEPT_OVERRIDE = {"本溪药都制药股份有限公司": "经核实，该企业2023年所获为省级质量奖，系录入错误，已更正（演示）。",
                   "本溪满乡食品有限公司": "经营异常名录记录系地址变更未及时公示所致，已移出（演示）。"}
JUDGEMENT_NOTE = "经审查申报材料和推荐意见，符合本项条件（演示数据）。"


def advance_to_panels(cycle: Cycle, acting) -> None:
    if cycle.stage is Stage.APPLICATION:
        close_applications_early(cycle, acting)  # Art. 15: an amended call brings the deadline to today
        cycle_ops.advance(cycle, acting)
    if cycle.stage is not Stage.ACCEPTANCE_REVIEW:
        return
    withdraw_open(cycle, acting)  # issue 18: the correction requests close before the decisions (Art. 16)
    applications = db.session.scalars(select(Application).where(Application.cycle_id == cycle.id)).all()
    for application in applications:
        if application.status is not ApplicationStatus.REGISTERED:
            continue
        name = application.organization.name
        if name in ACCEPTED:  # its materials and judgements: demo/acceptance.py (Art. 15, 16)
            application_ops.decide(application, True, None, ACCEPT_OVERRIDE.get(name), acting)
        else:
            application_ops.decide(application, False, "不符合申报条件，详见申报条件核查结果（演示）。", None, acting)
    if current_notice(cycle, NoticeKind.ACCEPTANCE) is None:
        start = city_today() - timedelta(days=21)
        notice = Notice(cycle_id=cycle.id, kind=NoticeKind.ACCEPTANCE, title=f"{cycle.name}受理名单公示",
                        body="经受理审查，下列组织予以受理（第十六条），现予公示。", start_date=start,
                        end_date=start + timedelta(days=9), working_days=7,
                        entries=cycle_ops.acceptance_entries(cycle), published_by_id=acting.id)
        db.session.add(notice)
        audit.record("notice_published", notice, user=acting, details={"demo": True, "back_dated": True})
        db.session.commit()
    cycle_ops.advance(cycle, acting)
