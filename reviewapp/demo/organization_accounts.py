"""Issue 18: the demo's organizations' accounts: a verified applicant (本溪华钢特种板材有限公司), a recommender
(本溪市质量协会) and a registration awaiting the office's verification (辽宁盛京药业有限公司, typed a little
differently from the registry, as people do). Each has the demo's public password."""
from sqlalchemy import select

from reviewapp import audit
from reviewapp.admin.operations import create_user
from reviewapp.demo.accounts import DEMO_PASSWORD
from reviewapp.extensions import db
from reviewapp.models import Organization, OrganizationAccount, Role, User
from reviewapp.models.base import utcnow

# username, display name, role, the organization (applicant key or recommender key), verified, e-mail
ACCOUNTS = [
    ("applicant", "李明（本溪华钢）", Role.APPLICANT, "a", True, "liming-demo@example.com"),
    ("recommender", "吴秘书长（本溪市质量协会）", Role.RECOMMENDER, "xiehui", True, "xiehui-demo@example.com"),
    ("shengjing", "高红（盛京药业）", Role.APPLICANT, "b", False, "gaohong-demo@example.com"),
    # Art. 16: its application is sent back for correction (demo/corrections.py)
    ("xueling", "孙雪（雪岭冰酒）", Role.APPLICANT, "h", True, "sunxue-demo@example.com"),
]


def load_organization_accounts(applicants: dict[str, Organization], recommenders: dict[str, Organization],
                               acting: User) -> int:
    """The accounts of ACCOUNTS that do not exist yet; returns how many were created."""
    created = 0
    for username, display_name, role, key, verified, email in ACCOUNTS:
        if db.session.scalar(select(User.id).where(User.username == username)) is not None:
            continue
        organization = (recommenders if role is Role.RECOMMENDER else applicants)[key]
        user = create_user(username, display_name, DEMO_PASSWORD, [role], "zh", acting=acting, commit=False)
        typed_name = organization.name if verified else organization.name.replace("有限公司", "公司")
        account = OrganizationAccount(
            user=user, organization=organization, credit_code=organization.credit_code, organization_name=typed_name,
            contact_name=display_name.split("（")[0], phone=organization.contact_phone, email=email,
            invited_by_id=acting.id if verified else None, verified_at=utcnow() if verified else None,
            verified_by_id=acting.id if verified else None)
        db.session.add(account)
        audit.record("organization_account_invited" if verified else "organization_account_registered", account,
                     user=acting,  # the demo is written as the office, registrations included
                     details={"username": username, "role": role.value, "organization_id": organization.id})
        created += 1
    db.session.commit()
    return created
