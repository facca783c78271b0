"""Issue 18, Art. 16: the demo's application sent back for correction (补正): 桓仁雪岭冰酒庄园 (demo login
`xueling`) handed in its form and self-assessment report and is asked for the rectification of its failed spot check
and the missing results data, due in ten days. Through the audited
operation; idempotent: an application that has a request keeps it."""
from datetime import timedelta

from sqlalchemy import select

from reviewapp.applications import corrections
from reviewapp.applications import operations as application_ops
from reviewapp.city_calendar import city_today
from reviewapp.demo.documents import minimal_pdf
from reviewapp.extensions import db
from reviewapp.models import Application, ApplicationStatus, Cycle, Organization

SENT_BACK = "桓仁雪岭冰酒庄园有限公司"
MISSING = ("请补充：1. 近三年产品质量监督抽查不合格的整改报告及复查合格证明；2. 自我评价报告中4.7结果部分的近三年数据"
           "（演示数据）。")


def load_corrections(cycle: Cycle, acting) -> int:
    application = db.session.scalar(select(Application).join(Organization, Application.organization_id ==
                                                             Organization.id)
                                    .where(Application.cycle_id == cycle.id, Organization.name == SENT_BACK))
    if application is None or application.corrections or application.status is not ApplicationStatus.REGISTERED:
        return 0
    if cycle.stage.value not in ("application", "acceptance_review"):
        return 0
    for kind, name in (("application_form", "申报表.pdf"), ("self_assessment_report", "自我评价报告.pdf")):
        pdf = minimal_pdf([f"Benxi Mayor's Quality Award - {kind.replace('_', ' ')} (demo data)",
                           f"Application {application.number}"])
        application_ops.add_material(application, kind, name, pdf, acting)
    corrections.send_back(application, MISSING, city_today() + timedelta(days=10), acting)
    return 1


def withdraw_open(cycle: Cycle, acting) -> None:
    """Before the demo's office decides every application (demo/panels.py), it withdraws its open requests: a
    decision would otherwise wait for the organization's correction (Art. 16)."""
    for application in db.session.scalars(select(Application).where(Application.cycle_id == cycle.id)):
        if application.open_correction is not None:
            corrections.withdraw(application.open_correction, acting)
