"""Art. 23 through the office's approval page: refused while an objection filed during the proposed-winner notice
awaits its decision, or on the notice's last day, and the page says why before the form."""
from datetime import timedelta

from reviewapp.awards.queries import approval_recorded
from reviewapp.models import PublicSubmission, SubmissionKind, SubmissionStatus, SubmissionSubject
from tests.awards.worlds import APPROVED_ON, NOTICE_END, approve


def objection(db, cycle) -> PublicSubmission:
    filed = PublicSubmission(receipt="YY-TEST000023", kind=SubmissionKind.OBJECTION, cycle_id=cycle.id,
                             subject=SubmissionSubject.APPLICANT, subject_name="甲钢铁有限公司", filer_name="张三",
                             filer_contact="13800000000", facts="事实", reasons="理由")
    db.session.add(filed)
    db.session.commit()
    return filed


def test_art23_an_undecided_objection_refuses_the_approval(db, office, client, approval_cycle):
    filed = objection(db, approval_cycle.cycle)
    page = approve(client, approval_cycle.cycle).get_data(as_text=True)
    assert "objection(s) still await a decision" in page
    db.session.expire_all()
    assert not approval_recorded(approval_cycle.cycle)
    filed.status, filed.decision = SubmissionStatus.REJECTED, "经核查，反映情况不属实。"
    db.session.commit()
    assert approve(client, approval_cycle.cycle).status_code == 302
    db.session.expire_all()
    assert approval_recorded(approval_cycle.cycle) and approval_cycle.cycle.approved_on == APPROVED_ON


def test_art23_the_approval_page_says_why_it_is_refused(db, office, client, approval_cycle, today):
    objection(db, approval_cycle.cycle)
    page = client.get(f"/awards/cycles/{approval_cycle.cycle.id}/approval").get_data(as_text=True)
    blockers = page.split('id="approval-blockers"')[1].split("</div>")[0]
    assert "1 objection(s) still await a decision" in blockers
    today(NOTICE_END)
    page = client.get(f"/awards/cycles/{approval_cycle.cycle.id}/approval").get_data(as_text=True)
    assert f"runs until {NOTICE_END.isoformat()}" in page.split('id="approval-blockers"')[1].split("</div>")[0]


def test_art23_no_blockers_once_the_notice_ended_and_objections_are_decided(db, office, client, approval_cycle,
                                                                             today):
    today(NOTICE_END + timedelta(days=1))
    page = client.get(f"/awards/cycles/{approval_cycle.cycle.id}/approval").get_data(as_text=True)
    assert 'id="approval-blockers"' not in page and 'id="approval-form"' in page
