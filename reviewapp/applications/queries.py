"""What the office's pages on several applications at once read (issue 17)."""
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from reviewapp.applications.acceptance import checklist_for
from reviewapp.applications.eligibility import eligibility_report
from reviewapp.domain.acceptance import Checklist
from reviewapp.domain.eligibility import EligibilityReport
from reviewapp.extensions import db
from reviewapp.models import Application, ApplicationStatus, Cycle

# Art. 16: what the acceptance review decides on; an excluded (Art. 30) or withdrawn (Art. 5) one has left
DECIDABLE = (ApplicationStatus.REGISTERED, ApplicationStatus.ACCEPTED, ApplicationStatus.REJECTED)


@dataclass
class AcceptanceRow:
    """An application with the same eligibility report and acceptance checklist its own page shows."""

    application: Application
    report: EligibilityReport
    checklist: Checklist


def acceptance_rows(cycle: Cycle) -> list[AcceptanceRow]:
    applications = db.session.scalars(
        select(Application).where(Application.cycle_id == cycle.id, Application.status.in_(DECIDABLE))
        .options(selectinload(Application.organization), selectinload(Application.materials),
                 selectinload(Application.judgements), selectinload(Application.recommender),
                 selectinload(Application.corrections))
        .order_by(Application.number))
    return [AcceptanceRow(a, eligibility_report(a), checklist_for(a)) for a in applications]
