"""The demo's acceptance review material (Art. 15-16) and solicited opinions (Art. 8(4), 9) in the current cycle:
the applicants the demo accepts (panels.ACCEPTED) get every required material as a small PDF and the office's four
judgements of Art. 11; the market regulation bureau's reply on one applicant is in, the ecology and environment
bureau's on another is awaited. Through the audited operations; idempotent: what exists is left alone."""
from datetime import timedelta

from sqlalchemy import select

from reviewapp.applications import operations as application_ops
from reviewapp.applications import opinions
from reviewapp.city_calendar import city_today
from reviewapp.demo.applications import MATERIAL_NAME
from reviewapp.demo.documents import minimal_pdf
from reviewapp.demo.panels import ACCEPTED, JUDGEMENT_NOTE
from reviewapp.domain.acceptance import REQUIRED_MATERIALS
from reviewapp.domain.eligibility import JUDGEMENT_ITEMS
from reviewapp.extensions import db
from reviewapp.models import Application, ApplicationStatus, Cycle, OpinionRequest, Organization

MATERIAL_NAMES = {"application_form": MATERIAL_NAME, "self_assessment_report": "自我评价报告.pdf",
                  "supporting": "证明材料.pdf", "recommendation_letter": "推荐意见.pdf"}
ANSWERED = ("本溪华钢特种板材有限公司", "本溪市市场监督管理局", "请提供该企业近三年产品质量监督抽查及行政处罚情况。",
            "经查，该企业近三年产品质量监督抽查均合格，无行政处罚记录（演示）。")
AWAITED = ("本溪辽东化工有限公司", "本溪市生态环境局", "请提供该企业近三年环境违法及处罚情况。")


def _applications(cycle: Cycle) -> dict[str, Application]:
    rows = db.session.execute(select(Organization.name, Application).join(
        Organization, Application.organization_id == Organization.id).where(Application.cycle_id == cycle.id))
    return {name: application for name, application in rows}


def _complete(application: Application, acting) -> int:
    """The required materials and the four judgements met, for an application still under the acceptance review."""
    if application.status is not ApplicationStatus.REGISTERED or \
            application.cycle.stage not in application_ops.EDITABLE_STAGES:
        return 0
    written, present = 0, {m.kind.value for m in application.materials}
    for kind, _ in REQUIRED_MATERIALS:
        if kind not in present:
            pdf = minimal_pdf([f"Benxi Mayor's Quality Award - {kind.replace('_', ' ')} (demo data)",
                               f"Application {application.number}"])
            application_ops.add_material(application, kind, MATERIAL_NAMES[kind], pdf, acting)
            written += 1
    judged = {j.item for j in application.judgements}
    for item in JUDGEMENT_ITEMS:
        if item not in judged:
            application_ops.record_judgement(application, item, True, JUDGEMENT_NOTE, acting)
            written += 1
    return written


def _opinion(application: Application, department: str, subject: str, reply: str | None, acting) -> int:
    if db.session.scalar(select(OpinionRequest.id).where(OpinionRequest.application_id == application.id,
                                                         OpinionRequest.department == department)):
        return 0
    if not opinions.can_request(application):
        return 0
    today = city_today()
    opinion = opinions.request_opinion(application, department, subject, today - timedelta(days=6),
                                       today + timedelta(days=8) if reply is None else today + timedelta(days=4),
                                       acting)
    if reply is not None:
        opinions.record_reply(opinion, today - timedelta(days=2), reply, False,
                              ("市场监管局回函.pdf", minimal_pdf(["Reply of the market regulation bureau (demo)"])),
                              acting)
    return 1


def load_acceptance(cycle: Cycle, acting) -> int:
    """What the acceptance review needs in `cycle`, and the two solicited opinions: how many records were written."""
    applications = _applications(cycle)
    written = sum(_complete(applications[name], acting) for name in sorted(ACCEPTED) if name in applications)
    for name, department, subject, *reply in (ANSWERED, AWAITED):
        if name in applications:
            written += _opinion(applications[name], department, subject, reply[0] if reply else None, acting)
    return written
