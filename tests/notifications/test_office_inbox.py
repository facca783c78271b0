"""Issue 16: a new objection (Art. 22) or misconduct report (Art. 34) filed by the public reaches every active
member of the office as a notice with its receipt and a link to the case; who filed it and what it says stay on the
office's page."""
from sqlalchemy import select

from reviewapp.models import Notification, PublicSubmission, Role
from tests.conftest import PASSWORD
from tests.submissions.worlds import FILER, object_to, receipt_of, report


def test_art22_art34_the_office_hears_of_a_new_objection_and_a_new_report(db, client, app, make_user,
                                                                         proposed_notice):
    notice, apps = proposed_notice.notice, proposed_notice.apps
    first = make_user("office", Role.OFFICE, display_name="刘主任")
    second = make_user("office2", Role.OFFICE, display_name="王科长")
    gone = make_user("office3", Role.OFFICE, display_name="已停用")
    gone.active = False
    expert = make_user("lizj", Role.EXPERT)
    db.session.commit()
    assert object_to(client, notice, apps["A"]).status_code == 302
    receipt = receipt_of(client.get("/submissions/filed"))
    report(app.test_client())
    db.session.expire_all()
    objection = db.session.scalar(select(PublicSubmission).where(PublicSubmission.receipt == receipt))
    for user in (first, second):
        texts = {n.text: n.link for n in db.session.scalars(select(Notification)
                                                             .where(Notification.user_id == user.id))}
        assert texts[f"新的异议：回执号 {receipt}"] == f"/submissions/{objection.id}"
        assert len(texts) == 2 and any(text.startswith("新的举报") for text in texts)
        assert all(FILER["filer_name"] not in text for text in texts)
    for user in (gone, expert):
        assert db.session.scalar(select(Notification.id).where(Notification.user_id == user.id)) is None
    # the office member follows the link to the case
    office = app.test_client()
    office.post("/auth/login", data={"username": "office", "password": PASSWORD})
    assert office.get(f"/submissions/{objection.id}").status_code == 200
