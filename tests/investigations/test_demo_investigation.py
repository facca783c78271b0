"""The demo's current cycle shows an investigation that excluded an applicant with its Art. 30 ban, and a withdrawal
with its letter (Art. 5)."""
from sqlalchemy import select

from reviewapp.demo.applications import CURRENT_CYCLE_NAME
from reviewapp.demo.investigations import EXCLUDED, WITHDRAWN
from reviewapp.models import Application, ApplicationStatus, Cycle, Investigation, Organization, Withdrawal
from tests.demo_data import load_demo


def _application(db, name):
    return db.session.scalar(select(Application).join(Organization, Application.organization_id == Organization.id)
                             .join(Cycle).where(Cycle.name == CURRENT_CYCLE_NAME, Organization.name == name))


def test_art30_art5_the_demo_shows_an_exclusion_with_its_ban_and_a_withdrawal_with_its_letter(app, db):
    load_demo(app)
    excluded, withdrawn = _application(db, EXCLUDED), _application(db, WITHDRAWN)
    investigation = db.session.scalars(select(Investigation).where(Investigation.application_id == excluded.id)).one()
    assert excluded.status is ApplicationStatus.EXCLUDED and investigation.excluded
    assert investigation.finding.kind.value == "false_materials" and investigation.submission is not None
    assert investigation.evidence and investigation.evidence[0].stored_name
    letter = db.session.scalars(select(Withdrawal).where(Withdrawal.application_id == withdrawn.id)).one()
    assert withdrawn.status is ApplicationStatus.WITHDRAWN and letter.mimetype == "application/pdf"
