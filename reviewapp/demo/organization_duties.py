"""Issue 18's demo of what an organization asks and owes through its account: a recusal request of the demo
`applicant` (本溪华钢) awaiting the office (Art. 33), and a login `winner` for a standing winner of the previous cycle
whose use-of-funds report is overdue (Art. 29; demo/winners.py leaves the second year's report unreceived).

The recusal request is written as the organization would have filed it once its application is with the office: the
rule of domain/recusal_requests.py takes requests from the acceptance review on, and the demo's current cycle may
still take applications, so the demo writes the row itself (audited) rather than through the filing operation.
Idempotent."""
from sqlalchemy import select

from reviewapp import audit
from reviewapp.admin.operations import create_user
from reviewapp.city_calendar import city_today
from reviewapp.demo.accounts import DEMO_PASSWORD
from reviewapp.extensions import db
from reviewapp.models import (
    Application,
    Cycle,
    OrganizationAccount,
    RecusalRequest,
    Role,
    User,
)
from reviewapp.models.base import utcnow
from reviewapp.winners import queries as winners

WINNER = ("winner", "周经理（获奖组织）", "winner-demo@example.com")
APPLICANT_USERNAME = "applicant"


def _recusal_request(acting: User) -> int:
    applicant = db.session.scalar(select(User).where(User.username == APPLICANT_USERNAME))
    account = db.session.scalar(select(OrganizationAccount).where(OrganizationAccount.user_id == applicant.id)) \
        if applicant else None
    if account is None:
        return 0
    application = db.session.scalar(
        select(Application).join(Cycle, Application.cycle_id == Cycle.id)
        .where(Application.organization_id == account.organization_id).order_by(Cycle.year.desc()).limit(1))
    if application is None or db.session.scalar(select(RecusalRequest.id).where(
            RecusalRequest.application_id == application.id)) is not None:
        return 0
    request = RecusalRequest(application_id=application.id, named_person="孙工（辽宁某特钢公司技术部）",
                             named_organization="辽宁某特钢股份有限公司",
                             reason="该公司与我公司在特种板材市场直接竞争，其技术人员如参加评审，可能接触我公司商业秘密。（演示）",
                             submitted_by_id=applicant.id, submitted_at=utcnow())
    db.session.add(request)
    db.session.flush()
    audit.record("recusal_requested", request, user=acting,  # the demo is written as the office, as its accounts are
                 details={"application_id": application.id, "named_person": request.named_person,
                          "named_organization": request.named_organization, "reason": request.reason, "demo": True})
    return 1


def _winner_account(acting: User) -> int:
    username, display_name, email = WINNER
    if db.session.scalar(select(User.id).where(User.username == username)) is not None:
        return 0
    overdue = [state for state in winners.winner_states(city_today()) if state.overdue_funds]
    if not overdue:
        return 0
    organization = overdue[0].award.organization
    user = create_user(username, display_name, DEMO_PASSWORD, [Role.APPLICANT], "zh", acting=acting, commit=False)
    account = OrganizationAccount(user=user, organization=organization, credit_code=organization.credit_code,
                                  organization_name=organization.name, contact_name=display_name.split("（")[0],
                                  email=email, invited_by_id=acting.id, verified_at=utcnow(), verified_by_id=acting.id)
    db.session.add(account)
    audit.record("organization_account_invited", account, user=acting,
                 details={"username": username, "role": Role.APPLICANT.value, "organization_id": organization.id})
    return 1


def load_organization_duties(acting: User) -> int:
    """The pending recusal request and the winner's login that do not exist yet; returns how many were created."""
    created = _recusal_request(acting) + _winner_account(acting)
    db.session.commit()
    return created
