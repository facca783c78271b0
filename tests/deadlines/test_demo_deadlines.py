"""Issue 16: `flask demo --stage review` gives the current cycle its deadlines, the sheets' already passed, so the
overdue highlight shows and the overdue notices wait in the outbox; loading it again adds nothing."""
from datetime import timedelta

from sqlalchemy import func, select

from reviewapp.city_calendar import city_today
from reviewapp.demo.accounts import DEMO_PASSWORD
from reviewapp.demo.applications import CURRENT_CYCLE_NAME
from reviewapp.models import AuditEntry, Cycle, OutboxMessage, User
from tests.demo_data import load_demo


def demo_review(app):
    load_demo(app, "--stage", "review")


def test_the_demo_review_has_deadlines_an_overdue_sheet_and_its_notice_in_the_outbox_once(app, db):
    demo_review(app)
    cycle = db.session.scalar(select(Cycle).where(Cycle.name == CURRENT_CYCLE_NAME))
    assert cycle.sheets_due_on == city_today() - timedelta(days=2) and cycle.report_due_on > city_today()
    overdue = db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "deadline_overdue")).all()
    expert = db.session.scalar(select(User).where(User.username == "expert"))
    assert expert.id in {message.user_id for message in overdue}
    demo_review(app)
    assert db.session.scalar(select(func.count(OutboxMessage.id))
                             .where(OutboxMessage.kind == "deadline_overdue")) == len(overdue)
    assert db.session.scalar(select(func.count(AuditEntry.id))
                             .where(AuditEntry.action == "cycle_deadlines_set")) == 1
    client = app.test_client()
    client.post("/auth/login", data={"username": "expert", "password": DEMO_PASSWORD})
    assert "已逾期2天" in client.get("/").get_data(as_text=True)
