"""The demo office's inbox (issue 17): a report of misconduct (Art. 34) filed by a citizen and not yet taken up, so
the office's to-do list and notices show one. Filed as the public form files it (the receipt, the office's notice;
no user: a citizen has no account). Idempotent by its receipt."""
from sqlalchemy import select

from reviewapp import audit
from reviewapp.extensions import db
from reviewapp.models import Cycle, Organization, PublicSubmission, SubmissionKind, SubmissionSubject
from reviewapp.notifications.operations import notify_office
from reviewapp.notifications.rendering import app_path

RECEIPT = "26-DEMNEWRPT7"
SUBJECT = "本溪市太子河医院"


def load_inbox(cycle: Cycle, acting) -> int:
    """1 when the report was filed now, 0 when the demo had it already."""
    if db.session.scalar(select(PublicSubmission.id).where(PublicSubmission.receipt == RECEIPT)) is not None:
        return 0
    organization = db.session.scalar(select(Organization).where(Organization.name == SUBJECT))
    report = PublicSubmission(
        receipt=RECEIPT, kind=SubmissionKind.MISCONDUCT, subject=SubmissionSubject.APPLICANT, cycle_id=cycle.id,
        organization_id=organization.id if organization else None, subject_name=SUBJECT,
        filer_name="钱女士（演示）", filer_contact="qian@example.cn",
        facts="该单位申报材料所附的省级质量奖证书复印件，与省市场监管局公布的获奖名单不符。",
        reasons="提供虚假材料申报，应依《办法》第三十条处理。")
    db.session.add(report)
    db.session.flush()
    # entered for the demo by the office account, as the demo's other report (a citizen's filing has no user)
    audit.record("submission_filed", report, user=acting, details={"receipt": RECEIPT, "kind": report.kind.value,
                                                      "subject": report.subject.value, "demo": True})
    notify_office("submission_received", app_path("submissions.show", submission_id=report.id),
                  what=report.kind, receipt=RECEIPT)
    db.session.commit()
    return 1
