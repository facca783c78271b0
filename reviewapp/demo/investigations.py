"""The demo's investigation and withdrawal in the current cycle (Art. 5, 8(4), 30): a report of misconduct says an
applicant concealed its listing as seriously dishonest; the office's investigation establishes the concealment,
excludes the applicant and records the 5-year ban of Art. 30; another applicant withdraws by letter. Both are
applicants the acceptance review would not accept, so the later demo stages run as before. Through the audited
operations; idempotent: an applicant already investigated or withdrawn is left alone."""
from sqlalchemy import exists, select

from reviewapp import audit
from reviewapp.city_calendar import city_today
from reviewapp.demo.documents import minimal_pdf
from reviewapp.extensions import db
from reviewapp.investigations import operations
from reviewapp.models import (
    Application,
    Cycle,
    Investigation,
    Organization,
    PublicSubmission,
    SubmissionKind,
    SubmissionStatus,
    SubmissionSubject,
)

EXCLUDED = "本溪鑫源建材有限公司"    # listed as seriously dishonest, and said nothing of it (Art. 30)
WITHDRAWN = "本溪云启软件科技有限公司"  # withdraws: it has not operated for 3 years yet (Art. 5, 11(2))
REPORT_RECEIPT = "26-DEMXH3RPT2"


def _application(cycle: Cycle, name: str) -> Application | None:
    return db.session.scalar(select(Application).join(Organization, Application.organization_id == Organization.id)
                             .where(Application.cycle_id == cycle.id, Organization.name == name))


def _report(application: Application, acting) -> PublicSubmission:
    report = db.session.scalar(select(PublicSubmission).where(PublicSubmission.receipt == REPORT_RECEIPT))
    if report is None:
        report = PublicSubmission(
            receipt=REPORT_RECEIPT, kind=SubmissionKind.MISCONDUCT, subject=SubmissionSubject.APPLICANT,
            cycle_id=application.cycle_id, organization_id=application.organization_id,
            subject_name=application.organization.name, filer_name="赵举人（演示）", filer_contact="13800000000",
            facts="该企业已被列入严重违法失信名单，申报表“信用情况”一栏却填写“无不良记录”。",
            reasons="隐瞒有关情况进行申报，违反《办法》第三十条。", status=SubmissionStatus.INVESTIGATING)
        db.session.add(report)
        db.session.flush()
        # entered for the demo by the office account (a citizen's filing has no user)
        audit.record("submission_filed", report, user=acting, details={"kind": report.kind.value, "demo": True})
        db.session.commit()
    return report


def _exclude(application: Application, acting) -> bool:
    if db.session.scalar(select(exists().where(Investigation.application_id == application.id))):
        return False
    if city_today() <= application.cycle.reference_date:
        # The demo's cycle has its reference date D ten days back. A finding dated on or before D would also fail
        # this cycle's own eligibility check (Art. 30), which the demo shows for another applicant already.
        return False
    investigation = operations.open_investigation(
        application, "report", _report(application, acting), None,
        "核实申报表“信用情况”一栏与国家企业信用信息公示系统的记录是否一致（演示）。", acting)
    operations.add_evidence(investigation, "国家企业信用信息公示系统截图：该企业于申报前被列入严重违法失信名单。",
                            "信用信息公示截图.pdf", minimal_pdf(["Credit record extract (demo)"]), acting)
    operations.conclude(investigation, "false_information",
                        "经核查，该企业申报前已被列入严重违法失信名单，申报表中填写“无不良记录”，属于隐瞒有关情况进行申报"
                        "（第三十条），取消其申报资格，5年内不予受理其申报（演示）。", investigation.version, acting)
    return True


def _withdraw(application: Application, acting) -> bool:
    if application.withdrawal is not None or application.status.value not in ("registered", "accepted"):
        return False
    operations.record_withdrawal(application, city_today(), "企业来函，成立未满三年，主动撤回本届申报（演示）。",
                                 "撤回申报函.pdf", minimal_pdf(["Letter withdrawing the application (demo)"]),
                                 acting)
    return True


def load_investigations(cycle: Cycle, acting) -> int:
    """The investigation that excluded an applicant and the withdrawal, in `cycle`: how many were written now."""
    written = 0
    for name, act in ((EXCLUDED, _exclude), (WITHDRAWN, _withdraw)):
        application = _application(cycle, name)
        if application is not None and act(application, acting):
            written += 1
    return written
