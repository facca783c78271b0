"""keyed audit chain and encrypted backups (issue 13, items 3 and 8)

Revision ID: a13c1e55e505
Revises: a13c1e55e504
Create Date: 2026-12-07 01:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a13c1e55e505'
down_revision = 'a13c1e55e504'
branch_labels = None
depends_on = None


def upgrade():
    pass  # placeholder (issue 13, audit): filled in by the change that needs it


def downgrade():
    pass
