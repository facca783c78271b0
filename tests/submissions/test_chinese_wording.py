"""The Chinese words of the outcome of an objection or a report (Art. 22, 34), which the English msgids cannot
show: a decision is the decision on the case (处理决定), not an acceptance decision (受理决定); a submission refused
before it was accepted for handling is 不予受理, one accepted and then rejected is 不予采纳; evidence is optional
(可附证据). These read the Chinese catalog (reviewapp/translations/zh)."""
import pytest
from sqlalchemy import select

from reviewapp.models import PublicSubmission
from tests.submissions.test_office import shown_status, status_options
from tests.submissions.worlds import decide, object_to, receipt_of


@pytest.fixture
def objection(db, client, proposed_notice):
    object_to(client, proposed_notice.notice, proposed_notice.apps["B"])
    return db.session.scalar(select(PublicSubmission)), receipt_of(client.get("/submissions/filed"))


def test_art22_an_upheld_decision_is_the_decision_on_the_case(db, client, office_client, objection):
    submission, receipt = objection
    decide(office_client, submission, ("investigating", ""), ("upheld", "经调查，异议成立。"))
    for page in (office_client.get(f"/submissions/{submission.id}").get_data(as_text=True),
                 client.post("/submissions/status", data={"receipt": receipt}).get_data(as_text=True)):
        assert "处理决定" in page and "受理决定" not in page


def test_art22_not_accepted_before_acceptance_not_upheld_after(db, client, office_client, objection):
    submission, receipt = objection
    page = office_client.get(f"/submissions/{submission.id}").get_data(as_text=True)
    assert status_options(page)["rejected"] == "不予受理"
    decide(office_client, submission, ("acknowledged", ""), ("investigating", ""))
    page = office_client.get(f"/submissions/{submission.id}").get_data(as_text=True)
    assert status_options(page)["rejected"] == "不予采纳"
    assert "不予受理" not in page.split('id="status-form"')[1].split("</form>")[0]
    decide(office_client, submission, ("rejected", "经调查，异议所述事实不成立。"))
    assert shown_status(office_client.get(f"/submissions/{submission.id}").get_data(as_text=True)) == "不予采纳"
    public = client.post("/submissions/status", data={"receipt": receipt}).get_data(as_text=True)
    assert "<strong>不予采纳</strong>" in public and "不予受理" not in public


def test_art22_art34_evidence_may_be_attached(client, proposed_notice):
    for url in (f"/submissions/objection/{proposed_notice.notice.id}", "/submissions/report"):
        page = client.get(url).get_data(as_text=True)
        assert "可附证据" in page and "并附证据" not in page
