"""The demo's login accounts for a newcomer's walk-through (README lists them). Never load these in production.

Every demo account has the one public password below; the experts among them are created with the affiliation
graph (reviewapp/demo/conflicts.py), the others by create_accounts() before anything else."""
from sqlalchemy import select

from reviewapp.admin.operations import create_user
from reviewapp.extensions import db
from reviewapp.models import Role, User

DEMO_PASSWORD = "demo-password"
OFFICE_USERNAME = "office"  # the demo data is written as this account
# username, display name, roles: a login for every role
DEMO_USERS = [
    (OFFICE_USERNAME, "王主任（办公室）", [Role.OFFICE]),
    ("expert", "李专家", [Role.EXPERT]),
    ("expert2", "张专家", [Role.EXPERT]),
    ("leader", "赵组长（专家）", [Role.EXPERT]),
    ("group", "陈委员（领导小组）", [Role.LEADING_GROUP]),
    # issue 17: the group deliberates (Art. 6); with `demo --stage deliberation` two have submitted, one not started
    ("group2", "刘委员（领导小组）", [Role.LEADING_GROUP]),
    ("group3", "孙委员（领导小组）", [Role.LEADING_GROUP]),
    ("group4", "周委员（领导小组）", [Role.LEADING_GROUP]),
]


def create_accounts() -> None:
    """The accounts of DEMO_USERS that do not exist yet."""
    for username, display_name, roles in DEMO_USERS:
        if db.session.scalar(select(User).where(User.username == username)) is None:
            create_user(username, display_name, DEMO_PASSWORD, roles, "zh")
